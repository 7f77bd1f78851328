import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Actor } from '../../domain/casus';
import type { BesluitSoort } from '../../domain/casusproces';
import { addDays, addMonths, type IsoDate } from '../../domain/dates';
import type { HandelingSoort, InformatieplichtMoment } from '../../domain/informatieplicht';
import { dateColumn, dateOfColumn, dutchCalendarDate, dutchDayStart } from '../../infra/calendar';
import type { Db } from '../../infra/db';
import { besluit, casusWorkflow, casusWorkflowId, intakeBesluit } from '../../workflows/casus';
import {
  informatieplichtHandeling,
  informatieplichtStatus,
  informatieplichtWorkflowId,
  type InformatieplichtStatusView,
} from '../../workflows/informatieplicht';
import { zvhFase, zvhVolgendeDeadline } from '../../workflows/search-attributes';
import { createCasus, createMedewerker, proposeBesluit } from '../support/fixtures';
import { historyText, recordHistory } from '../support/history';
import { startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';
import { weigering } from '../support/updates';

// The informatieplicht (AVG 14; BGS 1.3; SPEC §4) on the time-skipping test server at the real terms: one month
// after the intake, a reminder a week before, escalation the day after; uitstel re-tested every three months. Each
// obligation is started by the casus workflow, as in production, and runs as its own workflow.
let wf: WorkflowTestEnv;
let env: TestWorkflowEnvironment;
let db: Db;
jest.setTimeout(180_000);

const NAAM = 'Informatieplicht-Achternaam';
let overheid: Actor;
let contactpunt: Actor;

beforeAll(async () => {
  wf = await startWorkflowEnv();
  ({ env, db } = wf);
  overheid = { ...(await createMedewerker(db, 'OVERHEID')), deelnemerType: 'OVERHEID', rollen: [] };
  contactpunt = { ...(await createMedewerker(db, 'OVERHEID')), deelnemerType: 'OVERHEID', rollen: ['contactpunt'] };
});

afterAll(() => wf?.stop());

const nu = async () => new Date(await env.currentTimeMs());
const vandaag = async (): Promise<IsoDate> => dutchCalendarDate(await nu());

/** A casus taken in behandeling by its workflow: the IN_BEHANDELING obligation starts. */
async function inBehandeling() {
  const casusId = await createCasus(db, overheid, await nu());
  await db.betrokkene.create({ data: { id: randomUUID(), casusId, rol: 'BETROKKENE', achternaam: NAAM } });
  const casus = await env.client.workflow.start(casusWorkflow, {
    taskQueue: wf.taskQueue,
    workflowId: casusWorkflowId(casusId),
    args: [{ casusId }],
  });
  await beslis(casusId, 'INTAKE', 'IN_BEHANDELING');
  const start = await vandaag();
  const casusnummer = (await db.casus.findUniqueOrThrow({ where: { id: casusId } })).casusnummer;
  return { casusId, casus, start, casusnummer, plicht: plicht(casusId, 'IN_BEHANDELING') };
}

async function beslis(casusId: string, soort: BesluitSoort, uitkomst: string) {
  const besluitId = await proposeBesluit(db, casusId, overheid, soort, uitkomst);
  const handle = env.client.workflow.getHandle(casusWorkflowId(casusId));
  return soort === 'INTAKE'
    ? handle.executeUpdate(intakeBesluit, { args: [{ besluitId, actor: overheid, uitkomst: 'IN_BEHANDELING' }] })
    : handle.executeUpdate(besluit, { args: [{ besluitId, actor: overheid, soort, uitkomst }] });
}

const plicht = (casusId: string, moment: InformatieplichtMoment) =>
  env.client.workflow.getHandle(informatieplichtWorkflowId(casusId, moment));

/** Polls the obligation until it matches: activities run in real time while the clock jumps. */
async function totdat(
  casusId: string,
  moment: InformatieplichtMoment,
  klaar: (s: InformatieplichtStatusView) => boolean,
): Promise<InformatieplichtStatusView> {
  let laatst: InformatieplichtStatusView | undefined;
  for (let i = 0; i < 150; i++) {
    laatst = await plicht(casusId, moment)
      .query(informatieplichtStatus)
      .catch(() => undefined);
    if (laatst && klaar(laatst)) return laatst;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`status never matched: ${JSON.stringify(laatst)}`);
}

/** The Contactpunt's recording, as the API stores it before offering it to the workflow. */
async function leg(
  casusId: string,
  moment: InformatieplichtMoment,
  soort: HandelingSoort,
  door: Actor = contactpunt,
  velden: Record<string, unknown> = {},
  /** The person's obligation; by default the betrokkene's. */
  betrokkeneId?: string,
) {
  const p = await db.informatieplicht.findFirstOrThrow({
    where: { casusId, moment, ...(betrokkeneId ? { betrokkeneId } : { betrokkene: { rol: 'BETROKKENE' } }) },
  });
  const handelingId = randomUUID();
  await db.informatieplichtHandeling.create({
    data: {
      id: handelingId,
      informatieplichtId: p.id,
      soort,
      medewerkerId: door.medewerkerId,
      deelnemerId: door.deelnemerId,
      ...velden,
    },
  });
  return plicht(casusId, moment).executeUpdate(informatieplichtHandeling, {
    args: [{ handelingId, informatieplichtId: p.id, soort, actor: door }],
  });
}

/** The mail about this casus' informatieplicht, by what its subject says. */
const mails = (casusnummer: string, woord: string) =>
  wf.mail.berichten.filter(
    (m) => m.subject?.startsWith(`Informatieplicht casus ${casusnummer}:`) && m.subject.includes(woord),
  );
async function wachtOpMail(casusnummer: string, woord: string, aantal = 1) {
  for (let i = 0; i < 150 && mails(casusnummer, woord).length < aantal; i++)
    await new Promise((r) => setTimeout(r, 100));
  return mails(casusnummer, woord);
}

test('met in time: the Contactpunt hears of it at once, records the letter, and nothing more is sent', async () => {
  const { casusId, casus, start, casusnummer, plicht: handle } = await inBehandeling();
  const deadline = addMonths(start, 1);
  const open = await totdat(casusId, 'IN_BEHANDELING', (s) => s.volgendeStap === 'HERINNEREN');
  expect(open).toMatchObject({
    status: 'OPEN',
    deadline: dutchDayStart(addDays(deadline, 1)).toISOString(),
    volgendeDeadline: dutchDayStart(addDays(deadline, -7)).toISOString(),
  });
  const [melding] = await wachtOpMail(casusnummer, `informeren uiterlijk ${deadline}`);
  expect(melding?.to).toMatchObject({ text: 'contactpunt@zvh.test' });
  expect(melding?.text).toContain('BGS 1.3');
  expect(melding?.text).not.toContain(NAAM);
  expect((await handle.describe()).typedSearchAttributes.get(zvhFase)).toBe('OPEN');
  expect((await handle.describe()).typedSearchAttributes.get(zvhVolgendeDeadline)?.toISOString()).toBe(
    open.volgendeDeadline,
  );

  await env.sleep('10 days');
  // Only the Contactpunt records; an overheidsdeelnemer without the role is refused by the validator.
  expect(await weigering(leg(casusId, 'IN_BEHANDELING', 'VERSTREKT', overheid))).toBe('NIET_BEVOEGD');
  expect(await weigering(leg(casusId, 'IN_BEHANDELING', 'GROND_GELDT_NOG'))).toBe('VERKEERDE_FASE');
  const dag = await vandaag();
  const verstrekt = await leg(casusId, 'IN_BEHANDELING', 'VERSTREKT', contactpunt, {
    datum: dateColumn(dag),
    kanaal: 'BRIEF',
  });
  expect(verstrekt).toMatchObject({ status: 'VERSTREKT', volgendeStap: null });
  expect(await handle.result()).toMatchObject({ status: 'VERSTREKT' });
  const rij = await db.informatieplicht.findFirstOrThrow({
    where: { casusId, moment: 'IN_BEHANDELING' },
    include: { handelingen: true },
  });
  expect({
    status: rij.status,
    kanaal: rij.kanaal,
    verstrektOp: rij.verstrektOp && dateOfColumn(rij.verstrektOp),
  }).toEqual({ status: 'VERSTREKT', kanaal: 'BRIEF', verstrektOp: dag });
  expect(rij.handelingen.map((h) => [h.soort, h.status]).sort()).toEqual([
    ['GROND_GELDT_NOG', 'VOORGESTELD'],
    ['VERSTREKT', 'VASTGESTELD'],
    ['VERSTREKT', 'VOORGESTELD'],
  ]);
  expect(
    await db.auditLog.count({ where: { casusId, actie: 'informatieplicht.afhandelen', uitkomst: 'TOEGESTAAN' } }),
  ).toBe(1);

  await env.sleep('40 days');
  expect(mails(casusnummer, '').map((m) => m.subject)).toEqual([
    `Informatieplicht casus ${casusnummer}: informeren uiterlijk ${deadline}`,
  ]);
  // The casus workflow started it through its activity, behind the patch marker; its history holds no personal data.
  const historie = historyText(await casus.fetchHistory());
  expect(historie).toContain('startInformatieplicht');
  expect(historie).toContain('informatieplicht');
  expect(historie).not.toContain(NAAM);
  await recordHistory('casus-informatieplicht-gestart', casus);
});

test('missed: a reminder a week before the deadline, the day after it an escalation to Contactpunt and netwerkmanager', async () => {
  const { casusId, start, casusnummer, plicht: handle } = await inBehandeling();
  const deadline = addMonths(start, 1);
  await wachtOpMail(casusnummer, 'informeren uiterlijk');
  await env.sleep(dutchDayStart(addDays(deadline, -8)).getTime() - (await nu()).getTime());
  expect(mails(casusnummer, 'herinnering')).toHaveLength(0);
  await env.sleep('2 days');
  const [herinnering] = await wachtOpMail(casusnummer, 'herinnering');
  expect(herinnering?.subject).toBe(
    `Informatieplicht casus ${casusnummer}: herinnering, termijn tot en met ${deadline}`,
  );
  expect(herinnering?.to).toMatchObject({ text: 'contactpunt@zvh.test' });
  expect(mails(casusnummer, 'verstreken')).toHaveLength(0);

  await totdat(casusId, 'IN_BEHANDELING', (s) => s.volgendeStap === 'ESCALEREN');
  await env.sleep('8 days');
  const [escalatie] = await wachtOpMail(casusnummer, 'verstreken');
  expect(escalatie?.to).toMatchObject({ text: 'contactpunt@zvh.test, netwerkmanager@zvh.test' });
  expect(escalatie?.text).not.toContain(NAAM);
  const gemist = await totdat(casusId, 'IN_BEHANDELING', (s) => s.volgendeStap === 'CONTROLEREN');
  expect(gemist.status).toBe('OPEN');
  const sleutels = await db.auditLog.findMany({ where: { casusId, actie: 'informatieplicht.melding' } });
  expect(sleutels.map((a) => (a.detail as { stap: string }).stap).sort()).toEqual([
    'ESCALEREN',
    'HERINNEREN',
    'MELDEN',
  ]);

  // Informed late: recorded all the same, and the obligation ends; nothing is sent twice.
  await leg(casusId, 'IN_BEHANDELING', 'VERSTREKT', contactpunt, {
    datum: dateColumn(await vandaag()),
    kanaal: 'PERSOONLIJK',
  });
  expect(await handle.result()).toMatchObject({ status: 'VERSTREKT' });
  expect(mails(casusnummer, '')).toHaveLength(3);
});

test('uitstel on a UAVG 41 ground: re-tested every interval until it lapses, then informed after all within a new term', async () => {
  const { casusId, casusnummer, plicht: handle } = await inBehandeling();
  await wachtOpMail(casusnummer, 'informeren uiterlijk');
  await env.sleep('5 days');
  const uitsteldag = await vandaag();
  const uitgesteld = await leg(casusId, 'IN_BEHANDELING', 'UITSTEL', contactpunt, {
    grond: 'UAVG_41_1_B',
    reden: 'Lopend opsporingsonderzoek.',
    verwachteDatum: dateColumn(addMonths(uitsteldag, 6)),
    hertoetsingMaanden: 3,
  });
  const hertoetsing = addMonths(uitsteldag, 3);
  expect(uitgesteld).toMatchObject({
    status: 'UITGESTELD',
    volgendeStap: 'HERTOETSEN',
    volgendeDeadline: dutchDayStart(hertoetsing).toISOString(),
  });
  expect(await weigering(leg(casusId, 'IN_BEHANDELING', 'UITSTEL'))).toBe('VERKEERDE_FASE');

  // No reminder or escalation while uitgesteld: the original deadline passes silently.
  await env.sleep('40 days');
  expect(mails(casusnummer, 'herinnering')).toHaveLength(0);
  expect(mails(casusnummer, 'verstreken')).toHaveLength(0);

  // At the re-test date the Contactpunt is asked; without an answer, asked again an interval later.
  await env.sleep('60 days');
  const [vraag] = await wachtOpMail(casusnummer, 'hertoetsing');
  expect(vraag?.text).toContain(`Vandaag (${hertoetsing})`);
  expect(vraag?.text).toContain('UAVG 41 lid 1 b');
  expect(vraag?.text).not.toContain('opsporingsonderzoek');
  await totdat(
    casusId,
    'IN_BEHANDELING',
    (s) => s.volgendeDeadline === dutchDayStart(addMonths(hertoetsing, 3)).toISOString(),
  );
  await env.sleep('95 days');
  expect(await wachtOpMail(casusnummer, 'hertoetsing', 2)).toHaveLength(2);

  // The ground still holds: the next re-test is an interval from today.
  const bevestigd = await leg(casusId, 'IN_BEHANDELING', 'GROND_GELDT_NOG');
  expect(bevestigd).toMatchObject({
    status: 'UITGESTELD',
    volgendeDeadline: dutchDayStart(addMonths(await vandaag(), 3)).toISOString(),
  });

  // The ground lapses: OPEN again with a new term of a month, announced to the Contactpunt.
  await env.sleep('20 days');
  const vervallen = await vandaag();
  const nieuweDeadline = addMonths(vervallen, 1);
  const weerOpen = await leg(casusId, 'IN_BEHANDELING', 'GROND_VERVALLEN');
  expect(weerOpen).toMatchObject({ status: 'OPEN', deadline: dutchDayStart(addDays(nieuweDeadline, 1)).toISOString() });
  expect(await wachtOpMail(casusnummer, `informeren uiterlijk ${nieuweDeadline}`)).toHaveLength(1);
  await leg(casusId, 'IN_BEHANDELING', 'VERSTREKT', contactpunt, {
    datum: dateColumn(await vandaag()),
    kanaal: 'BRIEF',
  });
  expect(await handle.result()).toMatchObject({ status: 'VERSTREKT' });
  const soorten = await db.auditLog.findMany({
    where: { casusId, actie: 'informatieplicht.afhandelen', uitkomst: 'TOEGESTAAN' },
    orderBy: { id: 'asc' },
  });
  expect(soorten.map((a) => (a.detail as { soort: string }).soort)).toEqual([
    'UITSTEL',
    'GROND_GELDT_NOG',
    'GROND_VERVALLEN',
    'VERSTREKT',
  ]);
  expect(soorten[0]?.grondslag).toBe('UAVG_41_1_B');
});

test('further notices: the triage outcome starts its own obligation with the policy term (14 days); both lapse with the casus', async () => {
  const { casusId, casusnummer } = await inBehandeling();
  await beslis(casusId, 'EINDBEOORDELING', 'NIET_VOLDAAN');
  const dag = await vandaag();
  const triage = await totdat(casusId, 'TRIAGE_UITKOMST', (s) => s.volgendeStap === 'HERINNEREN');
  expect(triage).toMatchObject({
    status: 'OPEN',
    deadline: dutchDayStart(addDays(dag, 15)).toISOString(),
    volgendeDeadline: dutchDayStart(addDays(dag, 7)).toISOString(),
  });
  expect(await wachtOpMail(casusnummer, `informeren uiterlijk ${addDays(dag, 14)}`)).toHaveLength(1);
  // Both obligations stay open on their own; the casus runs on (rejected: archived a year after the aanmelding).
  expect(
    (await db.informatieplicht.findMany({ where: { casusId }, orderBy: { moment: 'asc' } })).map((p) => [
      p.moment,
      p.status,
    ]),
  ).toEqual([
    ['IN_BEHANDELING', 'OPEN'],
    ['TRIAGE_UITKOMST', 'OPEN'],
  ]);
  // Once the casus is archived and anonymised there is nothing left to inform about: both obligations lapse.
  expect(await env.client.workflow.getHandle<typeof casusWorkflow>(casusWorkflowId(casusId)).result()).toMatchObject({
    fase: 'GEANONIMISEERD',
  });
  expect(await plicht(casusId, 'TRIAGE_UITKOMST').result()).toMatchObject({ status: 'VERVALLEN' });
  expect(await plicht(casusId, 'IN_BEHANDELING').result()).toMatchObject({ status: 'VERVALLEN' });
});

test('per person: a gezinslid has an obligation of its own — own mail and reminder, uitstel re-tested on the expected date, afzien for good', async () => {
  const casusId = await createCasus(db, overheid, await nu());
  const [betrokkene, kind] = [randomUUID(), randomUUID()];
  await db.betrokkene.createMany({
    data: [
      { id: betrokkene, casusId, rol: 'BETROKKENE', achternaam: NAAM },
      { id: kind, casusId, rol: 'GEZINSLID', voornamen: 'Kind', achternaam: NAAM },
    ],
  });
  await env.client.workflow.start(casusWorkflow, {
    taskQueue: wf.taskQueue,
    workflowId: casusWorkflowId(casusId),
    args: [{ casusId }],
  });
  await beslis(casusId, 'INTAKE', 'IN_BEHANDELING');
  const start = await vandaag();
  const deadline = addMonths(start, 1);
  const { casusnummer } = await db.casus.findUniqueOrThrow({ where: { id: casusId } });
  // One workflow carries both obligations, each with its own term.
  const rijen = await db.informatieplicht.findMany({ where: { casusId } });
  expect(rijen.map((p) => [p.betrokkeneId, p.moment, p.ronde, p.status, dateOfColumn(p.deadline)]).sort()).toEqual(
    [
      [betrokkene, 'IN_BEHANDELING', 1, 'OPEN', deadline],
      [kind, 'IN_BEHANDELING', 1, 'OPEN', deadline],
    ].sort(),
  );
  expect(new Set(rijen.map((p) => p.workflowId))).toEqual(
    new Set([informatieplichtWorkflowId(casusId, 'IN_BEHANDELING')]),
  );

  // Each person is announced by a mail of its own, the gezinslid by role and id — never by name.
  const wie = `gezinslid ${kind.slice(0, 8)}`;
  const overKind = (woord: string) =>
    wf.mail.berichten.filter(
      (m) => m.subject?.startsWith(`Informatieplicht casus ${casusnummer} (${wie}):`) && m.subject.includes(woord),
    );
  const wachtOpKind = async (woord: string) => {
    for (let i = 0; i < 150 && overKind(woord).length < 1; i++) await new Promise((r) => setTimeout(r, 100));
    return overKind(woord);
  };
  expect(await wachtOpMail(casusnummer, `informeren uiterlijk ${deadline}`)).toHaveLength(1);
  const [melding] = await wachtOpKind(`informeren uiterlijk ${deadline}`);
  expect(melding?.text).toContain(`Voor casus ${casusnummer} moet ${wie} worden geïnformeerd`);
  expect(melding?.text).not.toContain(NAAM);
  expect(melding?.text).not.toContain('Kind');

  // The betrokkene informed: the workflow goes on for the gezinslid, whose reminder comes alone.
  const na = await leg(casusId, 'IN_BEHANDELING', 'VERSTREKT', contactpunt, {
    datum: dateColumn(start),
    kanaal: 'BRIEF',
  });
  expect(na.status).toBe('OPEN');
  expect(na.plichten.map((p) => p.status).sort()).toEqual(['OPEN', 'VERSTREKT']);
  await env.sleep(dutchDayStart(addDays(deadline, -6)).getTime() - (await nu()).getTime());
  expect(await wachtOpKind('herinnering')).toHaveLength(1);
  expect(mails(casusnummer, 'herinnering')).toHaveLength(0);

  // Uitstel expected to end in two weeks: the re-test comes on that day, not an interval (three months) later.
  const verwacht = addDays(await vandaag(), 14);
  const uitgesteld = await leg(
    casusId,
    'IN_BEHANDELING',
    'UITSTEL',
    contactpunt,
    { grond: 'UAVG_41_1_E', reden: 'Bescherming.', verwachteDatum: dateColumn(verwacht), hertoetsingMaanden: 3 },
    kind,
  );
  expect(uitgesteld).toMatchObject({
    status: 'UITGESTELD',
    volgendeStap: 'HERTOETSEN',
    volgendeDeadline: dutchDayStart(verwacht).toISOString(),
  });
  await env.sleep('15 days');
  const [vraag] = await wachtOpKind('hertoetsing');
  expect(vraag?.text).toContain(`Vandaag (${verwacht})`);
  expect(overKind('verstreken')).toHaveLength(0);

  // Omitted for good (AVG 14 lid 5 b), with the motivation: nobody is left to inform, the workflow ends.
  const afgezien = await leg(
    casusId,
    'IN_BEHANDELING',
    'AFZIEN',
    contactpunt,
    { grond: 'AVG_14_5_B', reden: 'Verblijfplaats onbekend; informeren is onmogelijk.' },
    kind,
  );
  expect(afgezien).toMatchObject({ status: 'VERSTREKT', volgendeStap: null });
  expect(await plicht(casusId, 'IN_BEHANDELING').result()).toMatchObject({ status: 'VERSTREKT' });
  const kindPlicht = await db.informatieplicht.findFirstOrThrow({ where: { casusId, betrokkeneId: kind } });
  expect([kindPlicht.status, kindPlicht.hertoetsingOp]).toEqual(['AFGEZIEN', null]);
});
