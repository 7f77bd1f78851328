import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Actor } from '../../domain/casus';
import type { BesluitSoort } from '../../domain/casusproces';
import { archiveringVanaf } from '../../domain/bewaartermijn';
import { addMonths, addYears, type IsoDate } from '../../domain/dates';
import { dateOfColumn, dutchCalendarDate, dutchDayStart } from '../../infra/calendar';
import { EncryptionCodec, ENCRYPTED_ENCODING } from '../../infra/codec';
import type { Db } from '../../infra/db';
import type { Prisma } from '../../generated/prisma/client';
import {
  besluit,
  casusStatus,
  casusWorkflow,
  casusWorkflowId,
  intakeBesluit,
  legalHoldGewijzigd,
  standGewijzigd,
  type CasusStatus,
} from '../../workflows/casus';
import { informatieplichtStatus, informatieplichtWorkflowId } from '../../workflows/informatieplicht';
import { createCasus, createMedewerker, proposeBesluit } from '../support/fixtures';
import { expectMdtoGeldig, leesPakketMap } from '../support/mdto';
import { historyPayloads, historyText, recordHistory, TEST_ONLY_PAYLOAD_KEYS } from '../support/history';
import { startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';
import { weigering, totdatQuery } from '../support/updates';

// The casus process after intake (WGS 2.31; SPEC §2, §5) on the time-skipping test server at real legal durations:
// months and years pass in seconds. A low history limit makes every longer path continue as new on the way.
// Every test lets its casus run to the end (handle.result()) rather than terminating it: the test server's clock is
// shared, and a workflow terminated while its activity runs can keep the clock from skipping for the next test.
let wf: WorkflowTestEnv;
let env: TestWorkflowEnvironment;
let db: Db;
jest.setTimeout(120_000);

const HISTORIE_LIMIET = 60;
const NAAM = 'Procestest-Achternaam';
const BSN = '123456782';

let aanmelder: Actor; // overheidsdeelnemer that registers every casus here
let geselecteerd: Actor; // overheidsdeelnemer selected for the casusoverleg
let buitenstaander: Actor; // overheidsdeelnemer not involved in the casus
let systeembeheerder: Actor;

const overheid = async (rollen: Actor['rollen'] = []): Promise<Actor> => ({
  ...(await createMedewerker(db, 'OVERHEID')),
  deelnemerType: 'OVERHEID',
  rollen,
});

beforeAll(async () => {
  // A ZVH whose reopening window (policy) ends six months after the afsluiting, before the archiefdatum, so that the
  // afscherming is on the calendar; by default the window lasts the year to the archiefdatum (test/unit/casusproces).
  wf = await startWorkflowEnv({ workflowHistorieLimiet: HISTORIE_LIMIET, afgeschaaldMaanden: 6 });
  ({ env, db } = wf);
  [aanmelder, geselecteerd, buitenstaander, systeembeheerder] = [
    await overheid(),
    await overheid(),
    await overheid(),
    await overheid(['systeembeheerder']),
  ];
});

afterAll(() => wf?.stop());

/** The workflow clock: the test server's, which jumps ahead as timers are skipped. */
const nu = async () => new Date(await env.currentTimeMs());
const vandaag = async (): Promise<IsoDate> => dutchCalendarDate(await nu());

async function startCasus() {
  const casusId = await createCasus(db, aanmelder, await nu());
  await db.betrokkene.create({
    data: { id: randomUUID(), casusId, rol: 'BETROKKENE', voornamen: 'Piet', achternaam: NAAM, bsn: BSN },
  });
  const handle = await env.client.workflow.start(casusWorkflow, {
    taskQueue: wf.taskQueue,
    workflowId: casusWorkflowId(casusId),
    args: [{ casusId }],
  });
  return { casusId, handle };
}

type Handle = WorkflowHandleWithFirstExecutionRunId<typeof casusWorkflow>;
type Extra = { motivering?: string; gegevens?: Prisma.InputJsonValue };

async function beslis(
  handle: Handle,
  casusId: string,
  actor: Actor,
  soort: BesluitSoort,
  uitkomst: string,
  extra: Extra = {},
): Promise<CasusStatus> {
  const besluitId = await proposeBesluit(db, casusId, actor, soort, uitkomst, extra);
  return soort === 'INTAKE'
    ? handle.executeUpdate(intakeBesluit, {
        args: [{ besluitId, actor, uitkomst: uitkomst as 'IN_BEHANDELING' | 'NIET_IN_BEHANDELING' }],
      })
    : handle.executeUpdate(besluit, { args: [{ besluitId, actor, soort, uitkomst }] });
}

const totdat = (handle: Handle, klaar: (s: CasusStatus) => boolean) => totdatQuery(handle, casusStatus, klaar);

/** Each deelnemer's own agreement to the next verlenging, as POST …/verlengingsakkoorden records it. */
const akkoordVan = (casusId: string, ...wie: Actor[]) =>
  db.verlengingsakkoord.createMany({
    data: wie.map((w) => ({ casusId, deelnemerId: w.deelnemerId, medewerkerId: w.medewerkerId })),
    skipDuplicates: true,
  });

/** Intake and final assessment positive, the geselecteerde deelnemer selected: the casus is in CASUSOVERLEG. */
async function totCasusoverleg() {
  const { casusId, handle } = await startCasus();
  await beslis(handle, casusId, aanmelder, 'INTAKE', 'IN_BEHANDELING');
  await beslis(handle, casusId, aanmelder, 'EINDBEOORDELING', 'VOLDAAN');
  const status = await beslis(handle, casusId, aanmelder, 'SELECTIE', 'GESELECTEERD', {
    gegevens: { deelnemers: [geselecteerd.deelnemerId] },
  });
  expect(status.fase).toBe('CASUSOVERLEG');
  return { casusId, handle };
}

/** The histories of the workflow's chain of runs (continue-as-new), first run first, as the server stores them. */
async function alleHistories(handle: Handle) {
  const histories = [];
  let runId: string | null | undefined = handle.firstExecutionRunId;
  while (runId) {
    const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    histories.push(history);
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return histories;
}

/** Every history of the chain with all payloads decoded, as text. */
async function alleHistorieTekst(handle: Handle): Promise<string> {
  const codec = new EncryptionCodec(TEST_ONLY_PAYLOAD_KEYS);
  const teksten: string[] = [];
  for (const history of await alleHistories(handle)) {
    const decoded = await codec.decode(historyPayloads(history).map((p) => p.payload));
    teksten.push(historyText(history), ...decoded.map((p) => Buffer.from(p.data ?? []).toString('utf8')));
  }
  return teksten.join('\n');
}

async function expectGeanonimiseerd(casusId: string, handle: Handle) {
  const casus = await db.casus.findUniqueOrThrow({
    where: { id: casusId },
    include: { betrokkenen: true, archiefOverdracht: true },
  });
  expect(casus.fase).toBe('GEANONIMISEERD');
  expect(casus.betrokkenen.map((b) => [b.achternaam, b.bsn])).toEqual([[null, null]]);
  // Archive first: the package in the archiefbeheerder's folder is the complete record, with the receipt recorded.
  expect(casus.archiefOverdracht).not.toBeNull();
  expect(casus.gearchiveerdOp!.getTime()).toBeLessThanOrEqual(casus.geanonimiseerdOp!.getTime());
  const { locatie } = casus.archiefOverdracht!; // the package folder; its JSON document holds the record
  const pakket = readFileSync(join(wf.archiefMap, locatie, `${locatie}.json`), 'utf8');
  expect(pakket).toContain(NAAM);
  await expectMdtoGeldig(leesPakketMap(join(wf.archiefMap, locatie)));
  expect(await db.auditLog.count({ where: { casusId } })).toBe(0); // pseudonymised
  const historie = await alleHistorieTekst(handle);
  expect(historie).toContain(casusId);
  expect(historie).not.toContain(NAAM);
  expect(historie).not.toContain(BSN);
}

test('rejected at intake: archived and then anonymised the day after one year from the aanmelding', async () => {
  const { casusId, handle } = await startCasus();
  const aanmelddatum = await vandaag();
  await beslis(handle, casusId, aanmelder, 'INTAKE', 'NIET_IN_BEHANDELING');
  const wachtend = await totdat(handle, (s) => s.volgendeStap === 'ARCHIVEREN');
  expect(wachtend).toMatchObject({
    fase: 'NIET_IN_BEHANDELING',
    volgendeDeadline: dutchDayStart(archiveringVanaf(addYears(aanmelddatum, 1))).toISOString(),
  });

  const eind = await handle.result();
  expect(eind).toMatchObject({ fase: 'GEANONIMISEERD', volgendeDeadline: null });
  expect((await nu()).getTime()).toBeGreaterThanOrEqual(Date.parse(wachtend.volgendeDeadline!));
  await expectGeanonimiseerd(casusId, handle);
  await recordHistory('casus-afgewezen-geanonimiseerd', handle);
});

test('rejected at the final assessment after triage: the same term from the aanmelding', async () => {
  const { casusId, handle } = await startCasus();
  const aanmelddatum = await vandaag();
  await beslis(handle, casusId, aanmelder, 'INTAKE', 'IN_BEHANDELING');
  expect(await weigering(beslis(handle, casusId, aanmelder, 'AFSLUITING', 'AFGESLOTEN'))).toBe('VERKEERDE_FASE');
  const status = await beslis(handle, casusId, aanmelder, 'EINDBEOORDELING', 'NIET_VOLDAAN');
  expect(status).toMatchObject({
    fase: 'NIET_IN_BEHANDELING',
    volgendeStap: 'ARCHIVEREN',
    volgendeDeadline: dutchDayStart(archiveringVanaf(addYears(aanmelddatum, 1))).toISOString(),
  });
  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
  await expectGeanonimiseerd(casusId, handle);
});

test('full process: afsluiting, afgeschaald for six months, afgeschermd, archived one year after afsluiting', async () => {
  const { casusId, handle } = await totCasusoverleg();
  const eersteRun = handle.firstExecutionRunId;
  // Only the overheidsdeelnemers involved close the casus (WGS 2.31 lid 8).
  expect(await weigering(beslis(handle, casusId, buitenstaander, 'AFSLUITING', 'AFGESLOTEN'))).toBe('NIET_BEVOEGD');
  const afsluitdatum = await vandaag();
  const afgeschaald = await beslis(handle, casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', {
    motivering: 'Criteria a–d gelden niet meer.',
  });
  expect(afgeschaald).toMatchObject({
    fase: 'AFGESCHAALD',
    volgendeStap: 'AFSCHERMEN',
    volgendeDeadline: dutchDayStart(addMonths(afsluitdatum, 6)).toISOString(),
  });

  await env.sleep('200 days');
  const afgeschermd = await totdat(handle, (s) => s.fase === 'AFGESCHERMD');
  expect(afgeschermd).toMatchObject({
    volgendeStap: 'ARCHIVEREN',
    volgendeDeadline: dutchDayStart(archiveringVanaf(addYears(afsluitdatum, 1))).toISOString(),
  });
  // Afgeschermd: reopening on terugval is over; only the systeembeheerder lifts the afscherming.
  expect(
    await weigering(beslis(handle, casusId, geselecteerd, 'HEROPENING', 'HEROPEND', { motivering: 'Terugval.' })),
  ).toBe('VERKEERDE_FASE');

  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
  await expectGeanonimiseerd(casusId, handle);
  // The long path went through continue-as-new; the first run handed over.
  expect((await env.client.workflow.getHandle(handle.workflowId, eersteRun).describe()).status.name).toBe(
    'CONTINUED_AS_NEW',
  );
  await recordHistory('casus-volledig-geanonimiseerd', handle);
});

test('reopening on terugval during the nazorgfase, by an involved overheidsdeelnemer, with the reason recorded', async () => {
  const { casusId, handle } = await totCasusoverleg();
  await beslis(handle, casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', { motivering: 'Stabiel.' });
  await env.sleep('60 days');
  expect(
    await weigering(beslis(handle, casusId, buitenstaander, 'HEROPENING', 'HEROPEND', { motivering: 'Terugval.' })),
  ).toBe('NIET_BEVOEGD');
  const heropend = await beslis(handle, casusId, aanmelder, 'HEROPENING', 'HEROPEND', {
    motivering: 'Terugval: nieuwe incidenten.',
  });
  expect(heropend).toMatchObject({ fase: 'CASUSOVERLEG', volgendeStap: 'AFSCHERMEN' });
  const casus = await db.casus.findUniqueOrThrow({
    where: { id: casusId },
    include: { besluiten: { where: { soort: 'HEROPENING', status: 'VASTGESTELD' } } },
  });
  expect(casus).toMatchObject({ fase: 'CASUSOVERLEG', afsluitDatum: null });
  expect(casus.besluiten.map((b) => b.motivering)).toEqual(['Terugval: nieuwe incidenten.']);
  // Reopened, the casus runs to its maximum bewaartermijn (no new afsluiting), then is archived and anonymised.
  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
});

test('a moment that comes again: after a heropening the new afsluiting brings a new afschaling notice, round 2', async () => {
  const { casusId, handle } = await totCasusoverleg();
  await beslis(handle, casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', { motivering: 'Stabiel.' });
  await env.sleep('30 days');
  await beslis(handle, casusId, aanmelder, 'HEROPENING', 'HEROPEND', { motivering: 'Terugval.' });
  await beslis(handle, casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', { motivering: 'Weer stabiel.' });
  const afschaling = await db.informatieplicht.findMany({
    where: { casusId, moment: 'AFSCHALING' },
    orderBy: { ronde: 'asc' },
  });
  expect(afschaling.map((p) => [p.ronde, p.status, p.workflowId])).toEqual([
    [1, 'OPEN', informatieplichtWorkflowId(casusId, 'AFSCHALING')],
    [2, 'OPEN', `informatieplicht-${casusId}-AFSCHALING-2`],
  ]);
  // Each round has its own workflow, term and announcement; the first one's is not reused.
  const tweede = env.client.workflow.getHandle(informatieplichtWorkflowId(casusId, 'AFSCHALING', 2));
  expect((await tweede.describe()).status.name).toBe('RUNNING');
  expect(await tweede.query(informatieplichtStatus)).toMatchObject({
    moment: 'AFSCHALING',
    informatieplichtId: afschaling[1]!.id,
    status: 'OPEN',
  });
  expect(dateOfColumn(afschaling[1]!.startdatum)).toBe(await vandaag());
  // Its own announcement reaches the Contactpunt through SMTP, with the new term.
  const { casusnummer } = await db.casus.findUniqueOrThrow({ where: { id: casusId } });
  const onderwerp = `Informatieplicht casus ${casusnummer}: informeren uiterlijk ${dateOfColumn(afschaling[1]!.deadline)}`;
  for (let i = 0; i < 150 && !wf.mail.berichten.some((m) => m.subject === onderwerp); i++)
    await new Promise((r) => setTimeout(r, 100));
  expect(wf.mail.berichten.filter((m) => m.subject === onderwerp)).toHaveLength(1);
});

test('an afgeschermde casus is reopened only by the systeembeheerder', async () => {
  const { casusId, handle } = await totCasusoverleg();
  await beslis(handle, casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', { motivering: 'Stabiel.' });
  await env.sleep('190 days');
  await totdat(handle, (s) => s.fase === 'AFGESCHERMD');
  expect(
    await weigering(
      beslis(handle, casusId, aanmelder, 'OPHEFFING_AFSCHERMING', 'HEROPEND', { motivering: 'Terugval.' }),
    ),
  ).toBe('NIET_BEVOEGD');
  const heropend = await beslis(handle, casusId, systeembeheerder, 'OPHEFFING_AFSCHERMING', 'HEROPEND', {
    motivering: 'Verzoek van de politie na terugval.',
  });
  expect(heropend.fase).toBe('CASUSOVERLEG');
  expect(await db.casus.findUniqueOrThrow({ where: { id: casusId } })).toMatchObject({
    fase: 'CASUSOVERLEG',
    afsluitDatum: null,
    afgeschermdOp: null,
  });
  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
});

test('verlenging in the last year before the maximum, only with the agreement of every deelnemer that provided data', async () => {
  const { casusId, handle } = await totCasusoverleg();
  const aanmelddatum = await vandaag();
  const verzoek: Extra = {
    motivering: 'Criteria gelden nog: het plan van aanpak loopt.',
    gegevens: { criteriaGeldenNog: true, grootRisicoOpTerugval: false, opdrachtVanDeelnemers: true },
  };
  await akkoordVan(casusId, aanmelder, geselecteerd);
  expect(await weigering(beslis(handle, casusId, aanmelder, 'VERLENGING', 'VERLENGD', verzoek))).toBe(
    'VERLENGING_GEWEIGERD',
  ); // too early

  await env.sleep(`${365 * 4 + 200} days`);
  expect((await handle.query(casusStatus)).fase).toBe('CASUSOVERLEG');
  await db.verlengingsakkoord.delete({
    where: { casusId_deelnemerId: { casusId, deelnemerId: geselecteerd.deelnemerId } },
  });
  expect(await weigering(beslis(handle, casusId, aanmelder, 'VERLENGING', 'VERLENGD', verzoek))).toBe(
    'VERLENGING_GEWEIGERD',
  );
  await akkoordVan(casusId, geselecteerd);
  expect(await db.verlenging.count({ where: { casusId } })).toBe(0);
  // The refusals' texts are in the history encrypted only (infra/failure-converter.ts); in the open just a placeholder.
  const fouten = (await alleHistories(handle))
    .flatMap((h) => h.events ?? [])
    .flatMap((e) => e.activityTaskFailedEventAttributes?.failure ?? []);
  expect(fouten.length).toBeGreaterThanOrEqual(2);
  for (const f of fouten)
    expect([
      f.message,
      f.stackTrace,
      f.encodedAttributes?.metadata?.encoding && Buffer.from(f.encodedAttributes.metadata.encoding).toString(),
    ]).toEqual(['Encoded failure', '', ENCRYPTED_ENCODING]);
  expect(await alleHistorieTekst(handle)).toContain('niet elke deelnemer die gegevens aanleverde is akkoord');

  // A deelnemer outside the casusoverleg provided a data item: its agreement is needed too.
  const leverancier = await overheid();
  await db.gegeven.create({
    data: {
      id: randomUUID(),
      casusId,
      leverancierDeelnemerId: leverancier.deelnemerId,
      medewerkerId: leverancier.medewerkerId,
      grondslag: 'WGS 2.29',
      categorie: 'GEWOON',
      inhoud: 'Melding',
      nietAanDeelnemers: [],
    },
  });
  expect(await weigering(beslis(handle, casusId, aanmelder, 'VERLENGING', 'VERLENGD', verzoek))).toBe(
    'VERLENGING_GEWEIGERD',
  );
  await akkoordVan(casusId, leverancier);
  const verlengdOp = await vandaag();
  const verlengd = await beslis(handle, casusId, geselecteerd, 'VERLENGING', 'VERLENGD', verzoek);
  expect(verlengd).toMatchObject({
    fase: 'CASUSOVERLEG',
    volgendeStap: 'AFSCHERMEN',
    volgendeDeadline: dutchDayStart(archiveringVanaf(addYears(verlengdOp, 2))).toISOString(),
  });
  expect(await db.verlenging.findMany({ where: { casusId } })).toEqual([
    expect.objectContaining({
      situatie: 'OPEN_CRITERIA_GELDEN_NOG',
      akkoordVan: [aanmelder, geselecteerd, leverancier].map((w) => w.deelnemerId).sort(),
    }),
  ]);
  expect(await db.verlengingsakkoord.count({ where: { casusId } })).toBe(0); // used up

  // Past the original maximum the casus is still open; afsluiting then archives one year later (within the new maximum).
  await env.sleep('250 days');
  expect((await handle.query(casusStatus)).fase).toBe('CASUSOVERLEG');
  expect(Date.parse((await nu()).toISOString())).toBeGreaterThan(dutchDayStart(addYears(aanmelddatum, 5)).getTime());
  const afsluitdatum = await vandaag();
  const afgesloten = await beslis(handle, casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', {
    motivering: 'Afgerond.',
  });
  expect((await db.casus.findUniqueOrThrow({ where: { id: casusId } })).archiefDatum?.toISOString().slice(0, 10)).toBe(
    addYears(afsluitdatum, 1),
  );
  expect(afgesloten.fase).toBe('AFGESCHAALD');
  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
  expect((await nu()).getTime()).toBeGreaterThanOrEqual(
    dutchDayStart(archiveringVanaf(addYears(afsluitdatum, 1))).getTime(),
  );
});

test('a legal hold stops archiving and anonymisation until it is lifted', async () => {
  const { casusId, handle } = await startCasus();
  await beslis(handle, casusId, aanmelder, 'INTAKE', 'NIET_IN_BEHANDELING');
  const hold = await db.legalHold.create({
    data: { id: randomUUID(), casusId, reden: 'Moratorium Archiefwet', ingesteldDoor: aanmelder.medewerkerId },
  });

  await env.sleep('400 days');
  const wachtend = await totdat(handle, (s) => s.volgendeStap === 'LEGAL_HOLD_HERCONTROLE');
  expect(wachtend.fase).toBe('NIET_IN_BEHANDELING');
  const casus = await db.casus.findUniqueOrThrow({
    where: { id: casusId },
    include: { betrokkenen: true, archiefOverdracht: true },
  });
  expect(casus.archiefOverdracht).toBeNull();
  expect(casus.betrokkenen[0]?.achternaam).toBe(NAAM);
  expect(readdirSync(wf.archiefMap).some((f) => f.includes(casusId))).toBe(false);

  await db.legalHold.update({
    where: { id: hold.id },
    data: { opgehevenOp: new Date(), opgehevenDoor: aanmelder.medewerkerId },
  });
  await handle.signal(legalHoldGewijzigd);
  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
  await expectGeanonimiseerd(casusId, handle);
});

test('under a hold a casus past its maximum is afgeschermd, refuses decisions at once, and is archived when the hold lifts', async () => {
  const { casusId, handle } = await totCasusoverleg();
  const aanmelddatum = await vandaag();
  // A hold on the casus is judged as a global one (infra/legal-hold.ts); a global one would reach other test files.
  const ingesteldDoor = aanmelder.medewerkerId;
  const hold = await db.legalHold.create({ data: { id: randomUUID(), casusId, reden: 'Rechtszaak', ingesteldDoor } });
  await env.sleep(`${365 * 5 + 30} days`);
  const wachtend = await totdat(handle, (s) => s.volgendeStap === 'LEGAL_HOLD_HERCONTROLE');
  // Shielded at once: only the admin set stays visible (api/casus-view.ts), and it takes no plan or data item.
  expect(wachtend.fase).toBe('AFGESCHERMD');
  expect((await vandaag()) > addYears(aanmelddatum, 5)).toBe(true);
  expect(await db.auditLog.count({ where: { casusId, actie: 'casus.afschermen' } })).toBe(1);

  // Each refusal answers the Update (no activity retried for ever), and the next decision is judged again.
  const afsluiting = beslis(handle, casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', { motivering: 'Afgerond.' });
  expect(await weigering(afsluiting)).toBe('BEWAARTERMIJN_VERSTREKEN');
  const plan = beslis(handle, casusId, geselecteerd, 'PLAN_VAN_AANPAK', 'VASTGESTELD');
  expect(await weigering(plan)).toBe('BEWAARTERMIJN_VERSTREKEN');
  await akkoordVan(casusId, aanmelder, geselecteerd);
  const verlenging = beslis(handle, casusId, aanmelder, 'VERLENGING', 'VERLENGD', {
    motivering: 'Criteria gelden nog.',
    gegevens: { criteriaGeldenNog: true, grootRisicoOpTerugval: false, opdrachtVanDeelnemers: true },
  });
  expect(await weigering(verlenging)).toBe('VERLENGING_GEWEIGERD');
  const casus = await db.casus.findUniqueOrThrow({ where: { id: casusId } });
  expect(casus).toMatchObject({ fase: 'AFGESCHERMD', afsluitDatum: null });
  const soort: { in: BesluitSoort[] } = { in: ['AFSLUITING', 'PLAN_VAN_AANPAK', 'VERLENGING'] };
  const vastgesteld = { casusId, soort, status: 'VASTGESTELD' } as const;
  expect(await db.besluit.count({ where: vastgesteld })).toBe(0);

  await db.legalHold.update({
    where: { id: hold.id },
    data: { opgehevenOp: new Date(), opgehevenDoor: ingesteldDoor },
  });
  await handle.signal(legalHoldGewijzigd);
  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
  await expectGeanonimiseerd(casusId, handle);
});

test('situation 2: closed in the last year, extended for the risk of terugval; its two years start at the heropening', async () => {
  const { casusId, handle } = await totCasusoverleg();
  const aanmelddatum = await vandaag();
  await env.sleep(`${365 * 4 + 250} days`);
  const afsluitdatum = await vandaag();
  await beslis(handle, casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', { motivering: 'Afgerond.' });
  await akkoordVan(casusId, aanmelder, geselecteerd);
  const verlengdOp = await vandaag();
  const verlengd = await beslis(handle, casusId, aanmelder, 'VERLENGING', 'VERLENGD', {
    motivering: 'Groot risico op terugval.',
    gegevens: { criteriaGeldenNog: false, grootRisicoOpTerugval: true, opdrachtVanDeelnemers: true },
  });
  // Closed and extended: it stays the year after the afsluiting, past the five years, open to a heropening.
  expect(verlengd.fase).toBe('AFGESCHAALD');
  const archiefdatum = async () =>
    (await db.casus.findUniqueOrThrow({ where: { id: casusId } })).archiefDatum?.toISOString().slice(0, 10);
  expect(await archiefdatum()).toBe(addYears(afsluitdatum, 1));
  expect(addYears(afsluitdatum, 1) > addYears(aanmelddatum, 5)).toBe(true);

  // Terugval two months later: the extra two years begin now, not at the verlenging (003).
  await env.sleep('60 days');
  const heropendOp = await vandaag();
  const heropend = await beslis(handle, casusId, aanmelder, 'HEROPENING', 'HEROPEND', { motivering: 'Terugval.' });
  expect(heropend).toMatchObject({
    fase: 'CASUSOVERLEG',
    volgendeStap: 'AFSCHERMEN',
    volgendeDeadline: dutchDayStart(archiveringVanaf(addYears(heropendOp, 2))).toISOString(),
  });
  expect(await archiefdatum()).toBe(addYears(heropendOp, 2));
  expect(addYears(heropendOp, 2) > addYears(verlengdOp, 2)).toBe(true);
  expect(await db.verlenging.findMany({ where: { casusId } })).toEqual([
    expect.objectContaining({
      situatie: 'AFGESLOTEN_RISICO_OP_TERUGVAL',
      heropening: new Date(`${heropendOp}T00:00:00Z`),
    }),
  ]);
});

/** When the chain of runs scheduled an activity of this type, by the server's (skipped) clock. */
async function geplandOp(handle: Handle, activiteit: string): Promise<number[]> {
  return (await alleHistories(handle))
    .flatMap((h) => h.events ?? [])
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activiteit)
    .map((e) => Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6));
}

const DAG_MS = 86_400_000;

test('on the archiefdatum itself a decision still works; archiving follows from the next day (003 example 5)', async () => {
  const verlengd = await totCasusoverleg();
  const afgesloten = await totCasusoverleg();
  const maximum = addYears(await vandaag(), 5);
  // Noon on the last day the data lives (the maximum bewaartermijn, the provisional archiefdatum).
  await env.sleep(dutchDayStart(maximum).getTime() + 12 * 3_600_000 - (await nu()).getTime());
  expect(await vandaag()).toBe(maximum);

  await akkoordVan(verlengd.casusId, aanmelder, geselecteerd);
  const verlenging = await beslis(verlengd.handle, verlengd.casusId, aanmelder, 'VERLENGING', 'VERLENGD', {
    motivering: 'Criteria gelden nog: Levensloopaanpak.',
    gegevens: { criteriaGeldenNog: true, grootRisicoOpTerugval: false, opdrachtVanDeelnemers: true },
  });
  expect(verlenging).toMatchObject({
    fase: 'CASUSOVERLEG',
    volgendeStap: 'AFSCHERMEN',
    volgendeDeadline: dutchDayStart(archiveringVanaf(addYears(maximum, 2))).toISOString(),
  });
  const afsluiting = await beslis(afgesloten.handle, afgesloten.casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', {
    motivering: 'Afgerond op de laatste dag.',
  });
  expect(afsluiting).toMatchObject({
    fase: 'AFGESCHAALD',
    volgendeStap: 'ARCHIVEREN',
    volgendeDeadline: dutchDayStart(archiveringVanaf(maximum)).toISOString(),
  });
  expect((await db.casus.findUniqueOrThrow({ where: { id: afgesloten.casusId } })).archiefDatum).toEqual(
    new Date(`${maximum}T00:00:00Z`),
  );

  // One hour before the day ends nothing has gone to the archive yet.
  await env.sleep('11 hours');
  expect(await vandaag()).toBe(maximum);
  expect((await afgesloten.handle.query(casusStatus)).fase).toBe('AFGESCHAALD');
  expect(await db.archiefOverdracht.count({ where: { casusId: afgesloten.casusId } })).toBe(0);

  expect(await afgesloten.handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
  const [gearchiveerd] = await geplandOp(afgesloten.handle, 'archiveer');
  expect(gearchiveerd).toBeGreaterThanOrEqual(dutchDayStart(archiveringVanaf(maximum)).getTime());
  await expectGeanonimiseerd(afgesloten.casusId, afgesloten.handle);
  expect(await verlengd.handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
});

test('an aanmelding never decided is archived by its own workflow the day after its archiefdatum', async () => {
  const { casusId, handle } = await startCasus();
  const archiefdatum = addYears(await vandaag(), 5);
  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
  // Its own workflow, at once: not the sweep, which only takes over ZVH_SWEEP_MARGE_DAGEN later.
  const vanaf = dutchDayStart(archiveringVanaf(archiefdatum)).getTime();
  const [afgeschermd] = await geplandOp(handle, 'schermAf');
  const [gearchiveerd] = await geplandOp(handle, 'archiveer');
  expect(afgeschermd).toBeGreaterThanOrEqual(vanaf);
  expect(gearchiveerd).toBeGreaterThanOrEqual(afgeschermd!);
  expect(gearchiveerd).toBeLessThan(vanaf + DAG_MS);
  await expectGeanonimiseerd(casusId, handle);
  // The first run holds the intake wait that ends at the archiefdatum; later ones continued as new.
  await recordHistory(
    'casus-aanmelding-verlopen',
    env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId),
  );
});

test('an aanmelding never decided, kept by a hold past its archiefdatum, refuses a late intake decision', async () => {
  const { casusId, handle } = await startCasus();
  const ingesteldDoor = aanmelder.medewerkerId;
  const hold = await db.legalHold.create({ data: { id: randomUUID(), casusId, reden: 'Rechtszaak', ingesteldDoor } });
  await env.sleep(`${365 * 5 + 10} days`);
  const wachtend = await totdat(handle, (s) => s.volgendeStap === 'LEGAL_HOLD_HERCONTROLE');
  expect(wachtend.fase).toBe('AFGESCHERMD');

  expect(await weigering(beslis(handle, casusId, aanmelder, 'INTAKE', 'IN_BEHANDELING'))).toBe(
    'BEWAARTERMIJN_VERSTREKEN',
  );
  // The refusal moved nothing: the casus still waits, shielded, for the hold to lift.
  expect((await handle.query(casusStatus)).fase).toBe('AFGESCHERMD');
  expect(await db.casus.findUniqueOrThrow({ where: { id: casusId } })).toMatchObject({ fase: 'AFGESCHERMD' });
  expect(await db.besluit.count({ where: { casusId, soort: 'INTAKE', status: 'VASTGESTELD' } })).toBe(0);

  await db.legalHold.update({
    where: { id: hold.id },
    data: { opgehevenOp: new Date(), opgehevenDoor: ingesteldDoor },
  });
  await handle.signal(legalHoldGewijzigd);
  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
  await expectGeanonimiseerd(casusId, handle);
});

test('plan van aanpak: the casusoverleg is reminded by mail on its evaluation date; each version has its own date', async () => {
  const { casusId, handle } = await totCasusoverleg();
  const { casusnummer } = await db.casus.findUniqueOrThrow({ where: { id: casusId } });
  const evaluatieMails = () =>
    wf.mail.berichten.filter((m) => m.subject === `Evaluatie plan van aanpak casus ${casusnummer}`);
  const plan = async (evaluatiedatum: IsoDate) => {
    const besluitId = await proposeBesluit(db, casusId, geselecteerd, 'PLAN_VAN_AANPAK', 'VASTGESTELD');
    await db.planVanAanpak.create({
      data: {
        besluitId,
        casusId,
        toestandsbeeld: `Gezamenlijk beeld van ${NAAM}`,
        interventies: [{ omschrijving: 'Huisbezoek', uitvoerderDeelnemerId: aanmelder.deelnemerId }],
        casusregisseurDeelnemerId: geselecteerd.deelnemerId,
        afschalingscriteria: 'Stabiel wonen',
        evaluatiedatum: new Date(`${evaluatiedatum}T00:00:00Z`),
      },
    });
    return handle.executeUpdate(besluit, {
      args: [{ besluitId, actor: geselecteerd, soort: 'PLAN_VAN_AANPAK', uitkomst: 'VASTGESTELD' }],
    });
  };

  const eerste = addMonths(await vandaag(), 3);
  expect(await plan(eerste)).toMatchObject({
    fase: 'CASUSOVERLEG',
    volgendeStap: 'EVALUATIE_HERINNEREN',
    volgendeDeadline: dutchDayStart(eerste).toISOString(),
  });
  await env.sleep('60 days');
  expect(evaluatieMails()).toHaveLength(0);
  await env.sleep('40 days');
  await totdat(handle, (s) => s.volgendeStap === 'AFSCHERMEN'); // reminded; next is the maximum bewaartermijn
  expect(evaluatieMails().map((m) => [m.to && 'text' in m.to ? m.to.text : m.to, m.text?.includes(eerste)])).toEqual([
    ['procesregie@zvh.test', true],
  ]);
  expect(evaluatieMails()[0]?.text).not.toContain(NAAM);

  const tweede = addMonths(eerste, 3);
  expect(await plan(tweede)).toMatchObject({
    volgendeStap: 'EVALUATIE_HERINNEREN',
    volgendeDeadline: dutchDayStart(tweede).toISOString(),
  });
  // Closed before that date: no evaluation any more, the afschaling runs its course.
  await beslis(handle, casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', { motivering: 'Doelen bereikt.' });
  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
  expect(evaluatieMails()).toHaveLength(1);
  await expectGeanonimiseerd(casusId, handle);
});

test('triage and selection that take too long: a reminder at the lead time, an escalation a week later, by mail', async () => {
  const { casusId, handle } = await startCasus();
  const { casusnummer } = await db.casus.findUniqueOrThrow({ where: { id: casusId } });
  const mails = (woord: string) =>
    wf.mail.berichten.filter((m) => m.subject?.endsWith(`casus ${casusnummer}`) && m.subject.includes(woord));
  await beslis(handle, casusId, aanmelder, 'INTAKE', 'IN_BEHANDELING');

  await env.sleep('27 days');
  expect(mails('eindbeoordeling')).toHaveLength(0);
  await env.sleep('2 days');
  await totdat(handle, (s) => s.volgendeStap === 'BESLUIT_ESCALEREN');
  expect(mails('eindbeoordeling').map((m) => m.subject)).toEqual([
    `Herinnering: de eindbeoordeling van de criteria voor casus ${casusnummer}`,
  ]);
  await env.sleep('8 days');
  await totdat(handle, (s) => s.volgendeStap === 'AFSCHERMEN');
  expect(mails('eindbeoordeling').map((m) => m.subject?.split(':')[0])).toEqual(['Herinnering', 'Escalatie']);
  expect(mails('Escalatie')[0]?.to).toMatchObject({ text: 'netwerkmanager@zvh.test' });

  // The final assessment ends it; the selection has its own lead time.
  await beslis(handle, casusId, aanmelder, 'EINDBEOORDELING', 'VOLDAAN');
  await env.sleep('15 days');
  await totdat(handle, (s) => s.volgendeStap === 'BESLUIT_ESCALEREN');
  expect(mails('selectie').map((m) => m.subject)).toEqual([
    `Herinnering: de selectie van de deelnemers voor casus ${casusnummer}`,
  ]);
  await beslis(handle, casusId, aanmelder, 'SELECTIE', 'GESELECTEERD', {
    gegevens: { deelnemers: [geselecteerd.deelnemerId] },
  });
  await beslis(handle, casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', { motivering: 'Afgerond.' });
  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
  expect(mails('selectie')).toHaveLength(1);
});

test('a Wvggz item is removed at its own term while the casus goes on; the removal is logged', async () => {
  const { casusId, handle } = await startCasus();
  await beslis(handle, casusId, aanmelder, 'INTAKE', 'IN_BEHANDELING');
  const vervaltOp = addMonths(await vandaag(), 2);
  const item = await db.gegeven.create({
    data: {
      id: randomUUID(),
      casusId,
      leverancierDeelnemerId: geselecteerd.deelnemerId,
      medewerkerId: geselecteerd.medewerkerId,
      grondslag: 'Wvggz',
      categorie: 'WVGGZ',
      inhoud: `Zorgmachtiging ${NAAM}`,
      nietAanDeelnemers: [],
      vervaltOp: new Date(`${vervaltOp}T00:00:00Z`),
    },
  });
  // The API signals the workflow when it records an item with its own term (api/triage.ts); so does this test.
  await handle.signal(standGewijzigd);
  await totdat(handle, (s) => s.volgendeStap === 'BESLUIT_HERINNEREN'); // the triage reminder comes first
  await beslis(handle, casusId, aanmelder, 'EINDBEOORDELING', 'VOLDAAN');
  await env.sleep('70 days');
  await totdat(handle, (s) => s.volgendeStap === 'AFSCHERMEN');
  const na = await db.gegeven.findUniqueOrThrow({ where: { id: item.id } });
  expect(na.inhoud).not.toContain(NAAM);
  expect(na.verwijderdOp).not.toBeNull();
  expect(await db.auditLog.count({ where: { casusId, actie: 'casus.gegevens.verwijderen' } })).toBe(1);
  expect((await handle.query(casusStatus)).fase).toBe('SELECTIE_DEELNEMERS');
  await beslis(handle, casusId, aanmelder, 'SELECTIE', 'GESELECTEERD', {
    gegevens: { deelnemers: [geselecteerd.deelnemerId] },
  });
  await beslis(handle, casusId, geselecteerd, 'AFSLUITING', 'AFGESLOTEN', { motivering: 'Afgerond.' });
  expect(await handle.result()).toMatchObject({ fase: 'GEANONIMISEERD' });
});
