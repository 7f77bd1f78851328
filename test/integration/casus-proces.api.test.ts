import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { archiveringVanaf } from '../../domain/bewaartermijn';
import { addDays, addYears, isoDate, type IsoDate } from '../../domain/dates';
import type { Rol } from '../../domain/identity';
import { dutchCalendarDate, dutchDayStart } from '../../infra/calendar';
import type { Db } from '../../infra/db';
import { until } from '../../infra/tools';
import { casusStatus, casusWorkflow, casusWorkflowId } from '../../workflows/casus';
import {
  aanmelding,
  createCasus,
  createCollega,
  createMedewerker,
  criteria,
  requireEnv,
  schermNuAf,
  tokenFor,
  type Wie,
} from '../support/fixtures';
import { stackClients } from '../support/stack-clients';
import { expectProblem as problem } from '../support/problem';
import { call, informeerIedereen, ok, wijsAan } from '../support/http';

// The casus process after intake (WGS 2.31; SPEC §2, §5) over HTTP, against the running API and worker, the Temporal
// dev server and Postgres, in real time: the calendar steps (afschermen after the nazorgfase, archiving) are covered
// by test/workflow/casus-proces.workflow.test.ts on the time-skipping server. Other test files share the database
// and Temporal, so every test makes its own deelnemers and casussen.
let api: string;
const stack = stackClients(); // Prisma and Temporal (with the stack's payload key) on the test stack
let db: Db;
let temporal: Client;

interface Besluit {
  id: string;
  soort: string;
  uitkomst: string;
  status: string;
  motivering: string | null;
  deelnemerId: string;
  vastgesteldOp: string | null;
  weigerreden: string | null;
}

interface CasusView {
  id: string;
  fase: string;
  aanmeldDatum: string;
  afsluitDatum: string | null;
  archiefDatum: string | null;
  vorigeCasusId: string | null;
  criteriumBeoordelingen: Array<{ moment: string; criterium: string; mate: string; besluitId: string | null }>;
  besluiten: Besluit[];
  geselecteerdeDeelnemers: string[];
  verlengingen: unknown[];
}

interface HoldView {
  id: string;
  casusId: string | null;
  globaal: boolean;
  reden: string;
  ingesteldDoor: string;
  ingesteldOp: string;
  opgehevenDoor: string | null;
  opgehevenOp: string | null;
}

beforeAll(async () => {
  api = requireEnv('ZVH_TEST_API_URL');
  ({ db, temporal } = stack);
});

const overheid = () => createMedewerker(db, 'OVERHEID');
const privaat = () => createMedewerker(db, 'PRIVAAT');
const met = (m: Wie, ...rollen: Rol[]): Wie => ({ ...m, rollen });

async function aanmelden(door: Wie, extra: Record<string, unknown> = {}): Promise<CasusView> {
  const res = await call('POST', '/casussen', door, { ...aanmelding(), ...extra });
  expect(res.status).toBe(201);
  return (await res.json()) as CasusView;
}

async function lees(id: string, door: Wie): Promise<CasusView> {
  const res = await call('GET', `/casussen/${id}`, door);
  expect(res.status).toBe(200);
  return (await res.json()) as CasusView;
}

/** An accepted decision: 200 with the casus view. */
async function beslis(id: string, pad: string, door: Wie, body: unknown): Promise<CasusView> {
  const res = await call('POST', `/casussen/${id}/${pad}`, door, body);
  if (res.status !== 200) throw new Error(`POST ${pad} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CasusView;
}

const intake = (uitkomst = 'IN_BEHANDELING') => ({ uitkomst, criteria, motivering: 'Criteria aannemelijk.' });
const eindbeoordeling = (uitkomst = 'VOLDAAN') => ({ uitkomst, criteria, motivering: 'Na triage vastgesteld.' });
const verlenging = () => ({
  reden: 'Groot risico op terugval.',
  criteriaGeldenNog: true,
  grootRisicoOpTerugval: true,
  opdrachtVanDeelnemers: true,
});

/**
 * A casus registered by `aanmelder` (an overheidsdeelnemer), taken in behandeling and with `geselecteerd` selected,
 * each of whom its deelnemer's first medewerker designated for the casus.
 */
async function totCasusoverleg(aanmelder: Wie, geselecteerd: Wie[]): Promise<CasusView> {
  const casus = await aanmelden(aanmelder);
  await beslis(casus.id, 'intake-besluit', aanmelder, intake());
  await beslis(casus.id, 'eindbeoordeling', aanmelder, eindbeoordeling());
  const na = await beslis(casus.id, 'selectie', aanmelder, { deelnemers: geselecteerd.map((g) => g.deelnemerId) });
  expect(na.fase).toBe('CASUSOVERLEG');
  for (const g of geselecteerd) await wijsAan(casus.id, g);
  return na;
}

const aanmelddatum = (casus: CasusView): IsoDate => dutchCalendarDate(new Date(casus.aanmeldDatum));

/** The workflow's own view of the casus (its Update validators judge by it). */
const workflowStatus = (id: string) => temporal.workflow.getHandle(casusWorkflowId(id)).query(casusStatus);

/** Everything a decision can change: the casus row, what hangs off it, and the workflow's phase. */
async function stand(casusId: string) {
  const casus = await db.casus.findUniqueOrThrow({
    where: { id: casusId },
    include: {
      deelnemers: { orderBy: { deelnemerId: 'asc' } },
      verlengingen: true,
      legalHolds: true,
      betrokkenen: { orderBy: { id: 'asc' } },
    },
  });
  // A refused proposal leaves nothing behind (its record is the audit entry): besluiten and criteria stay as they were.
  const besluiten = await db.besluit.findMany({ where: { casusId }, orderBy: { id: 'asc' } });
  const criteria = await db.criteriumBeoordeling.findMany({ where: { casusId }, orderBy: { id: 'asc' } });
  return { casus, besluiten, criteria, workflow: (await workflowStatus(casusId)).fase };
}

/** The besluiten of a casus as Postgres records them: from the afsluiting or a rejection on, no view shows them. */
const besluitenVan = (casusId: string) => db.besluit.findMany({ where: { casusId }, orderBy: { createdAt: 'asc' } });

/** Afgeschermd: the admin set only, whoever reads (003 Bijlage 1 stap 6). */
const alleenAdminSet = (view: object) => {
  expect(view).toMatchObject({ afgeschermd: true });
  for (const inhoud of ['betrokkenen', 'besluiten', 'criteriumBeoordelingen', 'gegevens']) {
    expect(view).not.toHaveProperty(inhoud);
  }
};

const geweigerdeLogregels = (casusId: string) => db.auditLog.count({ where: { casusId, uitkomst: 'GEWEIGERD' } });

/** A refusal (403/404/409/422): a problem, one GEWEIGERD audit entry for the casus, and nothing else changed. */
async function weigering(
  casusId: string,
  verzoek: () => Promise<Response>,
  status: number,
  slug: string,
): Promise<Record<string, unknown>> {
  const voor = await stand(casusId);
  const gelogd = await geweigerdeLogregels(casusId);
  const body = await problem(await verzoek(), status, slug);
  expect(await stand(casusId)).toEqual(voor);
  expect(await geweigerdeLogregels(casusId)).toBe(gelogd + 1);
  return body;
}

/** Invalid input: a problem before anything is proposed, so not even a refused besluit is recorded. */
async function afgewezenInvoer(
  casusId: string,
  verzoek: () => Promise<Response>,
  status: number,
  slug: string,
): Promise<Record<string, unknown>> {
  const voor = await stand(casusId);
  const besluiten = await db.besluit.count({ where: { casusId } });
  const body = await problem(await verzoek(), status, slug);
  expect(await stand(casusId)).toEqual(voor);
  expect(await db.besluit.count({ where: { casusId } })).toBe(besluiten);
  return body;
}

/** A closed casus past its nazorgfase (made afgeschermd now: see schermNuAf). */
async function afgeschermdeCasus(aanmelder: Wie): Promise<CasusView> {
  const casus = await totCasusoverleg(aanmelder, [await overheid()]);
  await beslis(casus.id, 'afsluiting', aanmelder, { uitkomst: 'DOELEN_BEREIKT', motivering: 'Afgesloten.' });
  await schermNuAf(db, temporal, casus.id);
  expect(await workflowStatus(casus.id)).toMatchObject({ fase: 'AFGESCHERMD', volgendeStap: 'ARCHIVEREN' });
  return casus;
}

// ---------------------------------------------------------------------------------------------------------------

test('happy path: aanmelding → intake → eindbeoordeling → selectie → afsluiting by the selected deelnemer → heropening', async () => {
  const aanmelder = await overheid();
  const geselecteerd = await overheid();
  const casus = await aanmelden(aanmelder);
  const maximum = addYears(aanmelddatum(casus), 5);

  expect((await beslis(casus.id, 'intake-besluit', aanmelder, intake())).fase).toBe('TRIAGE');

  const beoordeeld = await beslis(casus.id, 'eindbeoordeling', aanmelder, eindbeoordeling());
  expect(beoordeeld.fase).toBe('SELECTIE_DEELNEMERS');
  const eind = beoordeeld.besluiten.find((b) => b.soort === 'EINDBEOORDELING');
  expect(eind).toMatchObject({
    uitkomst: 'VOLDAAN',
    status: 'VASTGESTELD',
    motivering: 'Na triage vastgesteld.',
    deelnemerId: aanmelder.deelnemerId,
  });
  // BGS 2.20 lid 3: the degree of each criterion is recorded with the final assessment too.
  expect(beoordeeld.criteriumBeoordelingen.filter((k) => k.moment === 'EINDBEOORDELING')).toEqual(
    ['A', 'B', 'C', 'D'].map((criterium) => expect.objectContaining({ criterium, besluitId: eind!.id })),
  );
  expect(beoordeeld.archiefDatum).toBe(maximum); // open: the maximum bewaartermijn, voorlopig

  const geselecteerdeCasus = await beslis(casus.id, 'selectie', aanmelder, {
    deelnemers: [geselecteerd.deelnemerId],
    motivering: 'Nodig voor het casusoverleg.',
  });
  expect(geselecteerdeCasus.fase).toBe('CASUSOVERLEG');
  expect(geselecteerdeCasus.geselecteerdeDeelnemers).toEqual([geselecteerd.deelnemerId]);

  // The selected deelnemer is involved now: it designates its medewerker, who may close the casus (WGS 2.31 lid 8).
  await wijsAan(casus.id, geselecteerd);
  const afgesloten = await beslis(casus.id, 'afsluiting', geselecteerd, {
    uitkomst: 'CRITERIA_VERVALLEN',
    motivering: 'De criteria gelden niet meer.',
  });
  expect(afgesloten.fase).toBe('AFGESCHAALD');
  // The structured outcome for the management information is kept with the besluit.
  const afsluitBesluit = (await besluitenVan(casus.id)).find((b) => b.soort === 'AFSLUITING');
  expect(afsluitBesluit?.gegevens).toEqual({ afsluitUitkomst: 'CRITERIA_VERVALLEN' });
  // Closed, the casus is shielded at once: the admin set only, for the deelnemers in it too.
  alleenAdminSet(afgesloten);
  alleenAdminSet(await lees(casus.id, aanmelder));
  const afsluitbesluit = (await besluitenVan(casus.id)).find((b) => b.soort === 'AFSLUITING')!;
  expect(afsluitbesluit).toMatchObject({
    uitkomst: 'AFGESLOTEN',
    status: 'VASTGESTELD',
    deelnemerId: geselecteerd.deelnemerId,
  });
  const afsluitDatum = dutchCalendarDate(afsluitbesluit.vastgesteldOp!);
  expect(afgesloten.afsluitDatum).toBe(afsluitDatum);
  expect(afgesloten.archiefDatum).toBe(addYears(afsluitDatum, 1)); // SPEC §5: afsluiting + inzagetermijn
  // The involved overheidsdeelnemers may reopen it on terugval for a year (003 Bewaartermijnen), capped by the
  // archiefdatum: by default the casus stays afgeschaald until it is archived.
  const status = await workflowStatus(casus.id);
  // The archiefdatum is the last day the data lives; archiving comes the day after.
  const archiefdag = dutchDayStart(archiveringVanaf(addYears(afsluitDatum, 1))).toISOString();
  expect(status).toMatchObject({ fase: 'AFGESCHAALD', volgendeStap: 'ARCHIVEREN', volgendeDeadline: archiefdag });

  // Terugval: the aanmelder reopens it, the reason recorded; the afsluiting no longer counts.
  const heropend = await beslis(casus.id, 'heropening', aanmelder, {
    reden: 'Terugval: nieuwe meldingen van overlast.',
  });
  expect(heropend.fase).toBe('CASUSOVERLEG');
  expect(heropend.afsluitDatum).toBeNull();
  expect(heropend.archiefDatum).toBe(maximum);
  expect(heropend.besluiten.at(-1)).toMatchObject({
    soort: 'HEROPENING',
    uitkomst: 'HEROPEND',
    status: 'VASTGESTELD',
    motivering: 'Terugval: nieuwe meldingen van overlast.',
    deelnemerId: aanmelder.deelnemerId,
  });
  expect(heropend.besluiten.map((b) => [b.soort, b.status])).toEqual([
    ['INTAKE', 'VASTGESTELD'],
    ['EINDBEOORDELING', 'VASTGESTELD'],
    ['SELECTIE', 'VASTGESTELD'],
    ['AFSLUITING', 'VASTGESTELD'],
    ['HEROPENING', 'VASTGESTELD'],
  ]);
  expect(heropend.geselecteerdeDeelnemers).toEqual([geselecteerd.deelnemerId]);
  expect(await workflowStatus(casus.id)).toMatchObject({ fase: 'CASUSOVERLEG', volgendeStap: 'AFSCHERMEN' });

  // Every decision is logged with its own action (the informatieplicht's mail to the Contactpunt, sent meanwhile, aside).
  const log = await db.auditLog.findMany({
    where: {
      casusId: casus.id,
      uitkomst: 'TOEGESTAAN',
      NOT: { actie: { in: ['casus.raadplegen', 'informatieplicht.melding'] } },
    },
    orderBy: { id: 'asc' },
  });
  expect(log.map((l) => l.actie)).toEqual([
    'casus.aanmelden',
    'casus.intakebesluit',
    'casus.eindbeoordeling',
    'casus.selectie',
    'casus.medewerker.aanwijzen',
    'casus.afsluiten',
    'casus.heropenen',
  ]);
  expect(await geweigerdeLogregels(casus.id)).toBe(0);
});

test('refusals on the way: wrong deelnemer 403 (404 if it may not see the casus), wrong phase 409; logged, no trace in the casus', async () => {
  const aanmelder = await overheid();
  const geselecteerd = await overheid();
  const buitenstaander = await overheid();
  const prive = await privaat();
  const casus = await aanmelden(aanmelder);
  const id = casus.id;
  const post = (pad: string, door: Wie, body: unknown) => () => call('POST', `/casussen/${id}/${pad}`, door, body);

  // AANMELDING: nothing after the intake can be decided yet.
  await weigering(id, post('eindbeoordeling', aanmelder, eindbeoordeling()), 409, 'verkeerde-fase');
  await weigering(id, post('verlenging', aanmelder, verlenging()), 409, 'verkeerde-fase');

  await beslis(id, 'intake-besluit', aanmelder, intake());
  // A request makes the buitenstaander a provider: it sees its own contribution, so it learns why it may not decide.
  const verzoek = {
    aanDeelnemerId: buitenstaander.deelnemerId,
    namensDeelnemerId: aanmelder.deelnemerId,
    taak: 'Openbare orde',
    doel: 'Beeld',
    reden: 'Nodig',
  };
  await ok(call('POST', `/casussen/${id}/informatieverzoeken`, aanmelder, verzoek), 201);
  // TRIAGE: only overheidsdeelnemers assess; FG and operator accounts never decide.
  // Who may not even see the casus (a private deelnemer without a part in it, the FG) gets the 404 of an unknown id.
  await weigering(id, post('eindbeoordeling', prive, eindbeoordeling()), 404, 'niet-gevonden');
  await weigering(id, post('eindbeoordeling', met(aanmelder, 'fg'), eindbeoordeling()), 404, 'niet-gevonden');
  await weigering(id, post('selectie', aanmelder, { deelnemers: [geselecteerd.deelnemerId] }), 409, 'verkeerde-fase');
  await weigering(
    id,
    post('afsluiting', aanmelder, { uitkomst: 'DOELEN_BEREIKT', motivering: 'Te vroeg.' }),
    409,
    'verkeerde-fase',
  );

  await beslis(id, 'eindbeoordeling', aanmelder, eindbeoordeling());
  // SELECTIE_DEELNEMERS: private deelnemers advise on the selection, they do not decide it (lid 9).
  await weigering(id, post('selectie', prive, { deelnemers: [prive.deelnemerId] }), 404, 'niet-gevonden');
  await beslis(id, 'selectie', aanmelder, { deelnemers: [geselecteerd.deelnemerId] });

  // CASUSOVERLEG: only the involved overheidsdeelnemers close; reopening is for an afgeschaalde casus only.
  const body = await weigering(
    id,
    post('afsluiting', buitenstaander, { uitkomst: 'DOELEN_BEREIKT', motivering: 'Niet mijn casus.' }),
    403,
    'niet-bevoegd',
  );
  expect(body.detail).toContain('betrokken');
  await weigering(id, post('eindbeoordeling', aanmelder, eindbeoordeling()), 409, 'verkeerde-fase');
  const fase = await weigering(id, post('heropening', aanmelder, { reden: 'Terugval.' }), 409, 'verkeerde-fase');
  expect(fase.detail).toContain('CASUSOVERLEG');
  // Lifting an afscherming is the systeembeheerder's alone, and only for an afgeschermde casus.
  await weigering(id, post('afscherming-opheffing', aanmelder, { reden: 'Terugval.' }), 403, 'niet-bevoegd');
  await weigering(
    id,
    post('afscherming-opheffing', met(aanmelder, 'procesregisseur'), { reden: 'Terugval.' }),
    403,
    'niet-bevoegd',
  );
  await weigering(
    id,
    post('afscherming-opheffing', met(buitenstaander, 'systeembeheerder'), { reden: 'Terugval.' }),
    409,
    'verkeerde-fase',
  );

  // The casus still works: the involved deelnemer closes it; then a buitenstaander cannot reopen it.
  expect(
    (await beslis(id, 'afsluiting', aanmelder, { uitkomst: 'DOELEN_BEREIKT', motivering: 'Doelen bereikt.' })).fase,
  ).toBe('AFGESCHAALD');
  await weigering(id, post('heropening', buitenstaander, { reden: 'Terugval.' }), 403, 'niet-bevoegd');
  await weigering(id, post('heropening', prive, { reden: 'Terugval.' }), 404, 'niet-gevonden');
  await weigering(
    id,
    post('afsluiting', aanmelder, { uitkomst: 'DOELEN_BEREIKT', motivering: 'Nogmaals.' }),
    409,
    'verkeerde-fase',
  );

  expect((await besluitenVan(id)).map((b) => [b.soort, b.status])).toEqual([
    ['INTAKE', 'VASTGESTELD'],
    ['EINDBEOORDELING', 'VASTGESTELD'],
    ['SELECTIE', 'VASTGESTELD'],
    ['AFSLUITING', 'VASTGESTELD'],
  ]);
  const geselecteerden = await db.casusDeelnemer.findMany({ where: { casusId: id } });
  expect(geselecteerden.map((d) => d.deelnemerId)).toEqual([geselecteerd.deelnemerId]);
  // Each refusal is logged with the action that was refused and the code, nothing more.
  const geweigerd = await db.auditLog.findMany({
    where: { casusId: id, uitkomst: 'GEWEIGERD' },
    orderBy: { id: 'asc' },
  });
  const verkeerd = { code: 'VERKEERDE_FASE' };
  const onbevoegd = { code: 'NIET_BEVOEGD' };
  expect(geweigerd.map((l) => [l.actie, l.detail])).toEqual([
    ['casus.eindbeoordeling', verkeerd],
    ['casus.verlengen', verkeerd],
    ['casus.eindbeoordeling', onbevoegd],
    ['casus.eindbeoordeling', onbevoegd],
    ['casus.selectie', verkeerd],
    ['casus.afsluiten', verkeerd],
    ['casus.selectie', onbevoegd],
    ['casus.afsluiten', onbevoegd],
    ['casus.eindbeoordeling', verkeerd],
    ['casus.heropenen', verkeerd],
    ['casus.afscherming.opheffen', onbevoegd],
    ['casus.afscherming.opheffen', onbevoegd],
    ['casus.afscherming.opheffen', verkeerd],
    ['casus.heropenen', onbevoegd],
    ['casus.heropenen', onbevoegd],
    ['casus.afsluiten', verkeerd],
  ]);
});

test('afscherming: an afgeschermde casus shows only its admin set; only the systeembeheerder lifts it, the reason recorded', async () => {
  const aanmelder = await overheid();
  const casus = await afgeschermdeCasus(aanmelder);

  const afgeschermd = (await (await call('GET', `/casussen/${casus.id}`, aanmelder)).json()) as Record<string, unknown>;
  expect(afgeschermd).toMatchObject({ id: casus.id, fase: 'AFGESCHERMD', afgeschermd: true });
  expect(afgeschermd).not.toHaveProperty('betrokkenen');
  expect(afgeschermd).not.toHaveProperty('besluiten');

  const post = (pad: string, door: Wie) => () =>
    call('POST', `/casussen/${casus.id}/${pad}`, door, { reden: 'Terugval na afscherming.' });
  await weigering(casus.id, post('heropening', aanmelder), 409, 'verkeerde-fase');
  await weigering(casus.id, post('afscherming-opheffing', aanmelder), 403, 'niet-bevoegd');
  await weigering(casus.id, post('afscherming-opheffing', met(aanmelder, 'archiefbeheerder')), 403, 'niet-bevoegd');

  // The systeembeheerder is no part of the casus: its answer is the admin set; the aanmelder sees the rest.
  const beheerder = met(await overheid(), 'systeembeheerder');
  const opgeheven = await beslis(casus.id, 'afscherming-opheffing', beheerder, { reden: 'Terugval na afscherming.' });
  const archiefDatum = addYears(aanmelddatum(casus), 5);
  expect(opgeheven).toMatchObject({ fase: 'CASUSOVERLEG', afsluitDatum: null, archiefDatum });
  expect(opgeheven).not.toHaveProperty('besluiten');
  const heropend = await lees(casus.id, aanmelder);
  expect(heropend).toMatchObject({ fase: 'CASUSOVERLEG', afgeschermd: false });
  expect(heropend.besluiten.at(-1)).toMatchObject({
    soort: 'OPHEFFING_AFSCHERMING',
    uitkomst: 'HEROPEND',
    status: 'VASTGESTELD',
    motivering: 'Terugval na afscherming.',
    deelnemerId: beheerder.deelnemerId,
  });
  expect((await db.casus.findUniqueOrThrow({ where: { id: casus.id } })).afgeschermdOp).toBeNull();
  // Open again: at its maximum it is shielded first, then archived.
  expect(await workflowStatus(casus.id)).toMatchObject({ fase: 'CASUSOVERLEG', volgendeStap: 'AFSCHERMEN' });
});

// BUG (reported, open): today the decision is taken (casus reopened, besluit VASTGESTELD, logged TOEGESTAAN), then
// api/besluiten.ts answers with loadCasus for the actor, whose read is refused for a private, uninvolved deelnemer:
// a 403 after a state change. Either fix (refuse up front, or answer 2xx) satisfies this test.
test('a systeembeheerder of a private deelnemer lifting an afscherming: a 2xx, or a refusal that changes nothing', async () => {
  const casus = await afgeschermdeCasus(await overheid());
  const voor = await stand(casus.id);
  const res = await call(
    'POST',
    `/casussen/${casus.id}/afscherming-opheffing`,
    met(await privaat(), 'systeembeheerder'),
    { reden: 'Terugval.' },
  );
  if (res.status >= 200 && res.status < 300) return;
  await problem(res, 403, 'niet-bevoegd');
  expect(await stand(casus.id)).toEqual(voor);
});

test('two concurrent decisions on one casus: exactly one is taken, the other refused as in the wrong phase', async () => {
  const aanmelder = await overheid();
  const geselecteerd = await overheid();
  const casus = await totCasusoverleg(aanmelder, [geselecteerd]);
  const antwoorden = await Promise.all([
    call('POST', `/casussen/${casus.id}/afsluiting`, aanmelder, { uitkomst: 'DOELEN_BEREIKT', motivering: 'Eerste.' }),
    call('POST', `/casussen/${casus.id}/afsluiting`, geselecteerd, {
      uitkomst: 'DOELEN_BEREIKT',
      motivering: 'Tweede.',
    }),
  ]);
  expect(antwoorden.map((r) => r.status).sort()).toEqual([200, 409]);
  expect((await lees(casus.id, aanmelder)).fase).toBe('AFGESCHAALD');
  const afsluitingen = (await besluitenVan(casus.id)).filter((b) => b.soort === 'AFSLUITING');
  expect(afsluitingen.map((b) => b.status)).toEqual(['VASTGESTELD']);
});

describe('bad bodies and ids are a 400 problem and change nothing', () => {
  const uuid = '8d3c56f4-1a0e-4c43-9a55-2b7e8f7c9d10';
  let casusId: string;
  let wie: Wie;
  beforeAll(async () => {
    wie = await overheid();
    casusId = (await aanmelden(wie)).id;
    await beslis(casusId, 'intake-besluit', wie, intake());
  });

  // Bodies as JSON text, so that a literal "__proto__" key can be sent too.
  const j = (v: unknown) => JSON.stringify(v);
  test.each([
    ['eindbeoordeling', j({ uitkomst: 'MISSCHIEN', criteria })],
    ['eindbeoordeling', j({ uitkomst: 'VOLDAAN' })],
    ['eindbeoordeling', j({ uitkomst: 'VOLDAAN', criteria: { ...criteria, D: { mate: 'VOLDAAN', toelichting: '' } } })],
    ['eindbeoordeling', j({ ...eindbeoordeling(), extra: 1 })],
    ['selectie', '{}'],
    ['selectie', j({ deelnemers: [] })],
    ['selectie', j({ deelnemers: 'politie' })],
    ['selectie', j({ deelnemers: ['politie', 'politie'] })],
    ['selectie', j({ deelnemers: Array.from({ length: 51 }, (_, i) => `d-${i}`) })],
    ['afsluiting', '{}'],
    ['afsluiting', j({ motivering: 'Zonder uitkomst.' })],
    ['afsluiting', j({ uitkomst: 'NIET_VASTGELEGD', motivering: 'Alleen voor oude afsluitingen.' })],
    ['afsluiting', j({ uitkomst: 'DOELEN_BEREIKT', motivering: '   ' })],
    ['afsluiting', j({ uitkomst: 'DOELEN_BEREIKT', motivering: 'a\u0000b' })],
    ['afsluiting', j({ uitkomst: 'DOELEN_BEREIKT', motivering: 'x'.repeat(4001) })],
    ['heropening', j({ reden: '' })],
    ['heropening', j({ motivering: 'Terugval.' })],
    ['afscherming-opheffing', j({ reden: 5 })],
    ['afscherming-opheffing', '{"reden":"Terugval.","__proto__":{"x":1}}'],
    ['verlenging', j({ reden: 'Terugval.' })],
    ['verlenging', j({ ...verlenging(), criteriaGeldenNog: 'ja' })],
    ['verlenging', j({ ...verlenging(), datum: '2030-01-01' })],
    // The agreements are each deelnemer's own (POST …/verlengingsakkoorden), not typed in by the decider.
    ['verlenging', j({ ...verlenging(), akkoordVan: ['x'] })],
  ] as const)('POST /casussen/:id/%s (bad body %#)', async (pad, tekst) => {
    const verzoek = async () =>
      fetch(`${api}/v1/casussen/${casusId}/${pad}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenFor(wie)}`, 'content-type': 'application/json' },
        body: tekst,
      });
    await afgewezenInvoer(casusId, verzoek, 400, 'ongeldige-invoer');
  });

  const geldig = (): Array<[string, unknown]> => [
    ['eindbeoordeling', eindbeoordeling()],
    ['selectie', { deelnemers: [wie.deelnemerId] }],
    ['afsluiting', { uitkomst: 'DOELEN_BEREIKT', motivering: 'Afgesloten.' }],
    ['heropening', { reden: 'Terugval.' }],
    ['afscherming-opheffing', { reden: 'Terugval.' }],
    ['verlenging', verlenging()],
  ];

  test('a casus id that is not a UUID is a 400, an unknown casus a 404, with valid bodies', async () => {
    for (const [pad, body] of geldig()) {
      await problem(await call('POST', `/casussen/not-a-uuid/${pad}`, wie, body), 400, 'ongeldige-invoer');
      await problem(await call('POST', `/casussen/${uuid}/${pad}`, wie, body), 404, 'niet-gevonden');
    }
    expect(await db.besluit.count({ where: { casusId: uuid } })).toBe(0);
  });

  test('a re-aanmelding whose vorigeCasusId is not a UUID', async () => {
    const before = await db.casus.count({ where: { aanmelderDeelnemerId: wie.deelnemerId } });
    await problem(
      await call('POST', '/casussen', wie, { ...aanmelding(), vorigeCasusId: 'casus-1' }),
      400,
      'ongeldige-invoer',
    );
    expect(await db.casus.count({ where: { aanmelderDeelnemerId: wie.deelnemerId } })).toBe(before);
  });
});

test('selectie of an unknown or inactive deelnemer is a 422 problem and selects no one', async () => {
  const aanmelder = await overheid();
  const inactief = await overheid();
  const bekend = await overheid();
  await db.deelnemer.update({ where: { id: inactief.deelnemerId }, data: { actief: false } });
  const casus = await aanmelden(aanmelder);
  await beslis(casus.id, 'intake-besluit', aanmelder, intake());
  await beslis(casus.id, 'eindbeoordeling', aanmelder, eindbeoordeling());
  const post = (deelnemers: string[]) => () =>
    call('POST', `/casussen/${casus.id}/selectie`, aanmelder, { deelnemers });

  // Judged after who may select and when: a refused proposal, kept and logged like every refusal.
  const onbekend = await weigering(
    casus.id,
    post([bekend.deelnemerId, 'bestaat-niet-deelnemer']),
    422,
    'onbekende-deelnemer',
  );
  expect(onbekend.detail).toContain('bestaat-niet-deelnemer');
  expect(onbekend.detail).not.toContain(bekend.deelnemerId);
  const uit = await weigering(casus.id, post([inactief.deelnemerId]), 422, 'onbekende-deelnemer');
  expect(uit.detail).toContain(inactief.deelnemerId);

  const na = await beslis(casus.id, 'selectie', aanmelder, { deelnemers: [bekend.deelnemerId] });
  expect(na.fase).toBe('CASUSOVERLEG');
  expect(na.geselecteerdeDeelnemers).toEqual([bekend.deelnemerId]);
});

test('a negative eindbeoordeling (NIET_VOLDAAN): NIET_IN_BEHANDELING, archived one year after the aanmelding', async () => {
  const aanmelder = await overheid();
  const casus = await aanmelden(aanmelder);
  await beslis(casus.id, 'intake-besluit', aanmelder, intake());
  const na = await beslis(casus.id, 'eindbeoordeling', aanmelder, eindbeoordeling('NIET_VOLDAAN'));
  expect(na.fase).toBe('NIET_IN_BEHANDELING');
  expect(na.afsluitDatum).toBeNull();
  // 003 "Bewaartermijn bij advies": one year after the first registration, not after the rejection.
  expect(na.archiefDatum).toBe(addYears(aanmelddatum(casus), 1));
  // A rejected aanmelding counts as a casus closed at once: shielded (003 Bijlage 1 stap 6).
  alleenAdminSet(na);
  const eind = { soort: 'EINDBEOORDELING', uitkomst: 'NIET_VOLDAAN', status: 'VASTGESTELD' };
  expect((await besluitenVan(casus.id)).at(-1)).toMatchObject(eind);
  expect(await workflowStatus(casus.id)).toMatchObject({
    fase: 'NIET_IN_BEHANDELING',
    volgendeStap: 'ARCHIVEREN',
    volgendeDeadline: dutchDayStart(archiveringVanaf(addYears(aanmelddatum(casus), 1))).toISOString(),
  });
  // Nothing more to decide on it.
  await weigering(
    casus.id,
    () => call('POST', `/casussen/${casus.id}/selectie`, aanmelder, { deelnemers: [aanmelder.deelnemerId] }),
    409,
    'verkeerde-fase',
  );
  await weigering(
    casus.id,
    () => call('POST', `/casussen/${casus.id}/verlenging`, aanmelder, verlenging()),
    409,
    'verkeerde-fase',
  );
});

test('intake and eindbeoordeling follow from the recorded criteria (BGS 2.20 lid 3), else 422, nothing stored', async () => {
  const aanmelder = await overheid();
  const casus = await aanmelden(aanmelder);
  const met = (mate: string) => Object.fromEntries(Object.entries(criteria).map(([k, c]) => [k, { ...c, mate }]));
  const post = (pad: string, body: unknown) => () => call('POST', `/casussen/${casus.id}/${pad}`, aanmelder, body);
  const eenNiet = { ...criteria, B: { ...criteria.B, mate: 'NIET_VOLDAAN' } };
  const intakeTegen = post('intake-besluit', { ...intake(), criteria: eenNiet });
  const body = await afgewezenInvoer(casus.id, intakeTegen, 422, 'criteria-tegenstrijdig');
  expect(body.title).toBe('Uitkomst volgt niet uit de criteria');
  await beslis(casus.id, 'intake-besluit', aanmelder, intake());

  const voldaan = { ...eindbeoordeling(), criteria: met('NIET_VOLDAAN') };
  await afgewezenInvoer(casus.id, post('eindbeoordeling', voldaan), 422, 'criteria-tegenstrijdig');
  const nietVoldaan = { ...eindbeoordeling('NIET_VOLDAAN'), criteria: met('VOLDAAN') };
  await afgewezenInvoer(casus.id, post('eindbeoordeling', nietVoldaan), 422, 'criteria-tegenstrijdig');
  const na = await beslis(casus.id, 'eindbeoordeling', aanmelder, {
    ...eindbeoordeling(),
    criteria: met('DEELS_VOLDAAN'),
  });
  expect(na.fase).toBe('SELECTIE_DEELNEMERS');
});

test('a verlenging the law does not allow (TE_VROEG for a fresh casus) is a 422 problem; the proposal is not kept', async () => {
  const aanmelder = await overheid();
  const prive = await privaat();
  const casus = await aanmelden(aanmelder);
  await beslis(casus.id, 'intake-besluit', aanmelder, intake());
  const post = (door: Wie) => () => call('POST', `/casussen/${casus.id}/verlenging`, door, verlenging());

  const body = await weigering(casus.id, post(aanmelder), 422, 'verlenging-geweigerd');
  expect(body.detail).toContain('laatste jaar');
  await weigering(casus.id, post(prive), 404, 'niet-gevonden');

  const na = await lees(casus.id, aanmelder);
  expect(na.verlengingen).toEqual([]);
  expect(na.archiefDatum).toBe(addYears(aanmelddatum(casus), 5));
  // Neither refused proposal, nor its reason, is part of the casus; the log has the refusal's code.
  expect(na.besluiten.map((b) => [b.soort, b.status])).toEqual([['INTAKE', 'VASTGESTELD']]);
  expect(JSON.stringify(na)).not.toContain('Groot risico op terugval.');
  const gelogd = await db.auditLog.findMany({
    where: { casusId: casus.id, actie: 'casus.verlengen' },
    orderBy: { id: 'asc' },
  });
  expect(gelogd.map((l) => [l.uitkomst, l.detail])).toEqual([
    ['GEWEIGERD', { code: 'VERLENGING_GEWEIGERD' }],
    ['GEWEIGERD', { code: 'NIET_BEVOEGD' }],
  ]);
  // The refused verlenging fails its Update, not the casus: the process goes on.
  expect((await beslis(casus.id, 'eindbeoordeling', aanmelder, eindbeoordeling())).fase).toBe('SELECTIE_DEELNEMERS');
});

/** A casus registered at `aanmeldDatum` (as an imported one can be), in `fase`, with its workflow started. */
async function oudeCasus(aanmelder: Wie, aanmeldDatum: Date, fase: 'AANMELDING' | 'CASUSOVERLEG', hold?: Wie) {
  const casusId = await createCasus(db, aanmelder, aanmeldDatum);
  await db.casus.update({ where: { id: casusId }, data: { fase } });
  await db.casusAanwijzing.create({ data: { casusId, medewerkerId: aanmelder.medewerkerId } });
  const holdId = randomUUID();
  if (hold) {
    await db.legalHold.create({
      data: { id: holdId, casusId, reden: 'Rechtszaak', ingesteldDoor: hold.medewerkerId },
    });
  }
  const taskQueue = requireEnv('TEMPORAL_TASK_QUEUE');
  await temporal.workflow.start(casusWorkflow, {
    taskQueue,
    workflowId: casusWorkflowId(casusId),
    args: [{ casusId }],
  });
  return { casusId, holdId };
}

const wachtOpHold = (casusId: string) =>
  until(AbortSignal.timeout(60_000), async () => {
    const status = await workflowStatus(casusId);
    return status.volgendeStap === 'LEGAL_HOLD_HERCONTROLE' && status.fase === 'AFGESCHERMD';
  });

const totGeanonimiseerd = (casusId: string) =>
  until(
    AbortSignal.timeout(60_000),
    async () => (await db.casus.findUniqueOrThrow({ where: { id: casusId } })).fase === 'GEANONIMISEERD',
  );

test('under a hold, a casus past its maximum is shielded at once: its admin set only, 409 for decisions, plans and data', async () => {
  const [aanmelder, beheerder] = [await overheid(), met(await overheid(), 'archiefbeheerder')];
  // Registered more than five years ago and still open (as an imported casus can be), under a hold from the start.
  const aanmeldDatum = dutchDayStart(addDays(addYears(dutchCalendarDate(new Date()), -5), -10));
  const { casusId, holdId } = await oudeCasus(aanmelder, aanmeldDatum, 'CASUSOVERLEG', beheerder);
  expect(await wachtOpHold(casusId)).toBe(true);

  alleenAdminSet(await lees(casusId, aanmelder));
  const afsluiting = () =>
    call('POST', `/casussen/${casusId}/afsluiting`, aanmelder, { uitkomst: 'DOELEN_BEREIKT', motivering: 'Afgerond.' });
  const body = await weigering(casusId, afsluiting, 409, 'bewaartermijn-verstreken');
  expect(body).toMatchObject({ title: 'Bewaartermijn verstreken', detail: expect.stringContaining('afgeschermd') });
  const plan = {
    toestandsbeeld: 'Gezamenlijk beeld.',
    interventies: [{ omschrijving: 'Huisbezoek', uitvoerderDeelnemerId: aanmelder.deelnemerId }],
    casusregisseurDeelnemerId: aanmelder.deelnemerId,
    afschalingscriteria: 'Stabiel.',
  };
  const planVanAanpak = () => call('POST', `/casussen/${casusId}/plan-van-aanpak`, aanmelder, plan);
  await weigering(casusId, planVanAanpak, 409, 'bewaartermijn-verstreken');
  const gegeven = { grondslag: 'WGS 2.29', categorie: 'GEWOON', inhoud: 'Nieuwe melding.' };
  const gegevens = () => call('POST', `/casussen/${casusId}/gegevens`, aanmelder, gegeven);
  await weigering(casusId, gegevens, 409, 'verkeerde-fase');
  expect(await db.gegeven.count({ where: { casusId } })).toBe(0);
  // The workflow goes on deciding: the next proposal is judged at once too.
  const verlengen = () => call('POST', `/casussen/${casusId}/verlenging`, aanmelder, verlenging());
  await weigering(casusId, verlengen, 422, 'verlenging-geweigerd');

  expect((await call('POST', `/legal-holds/${holdId}/opheffing`, beheerder, {})).status).toBe(200);
  expect(await totGeanonimiseerd(casusId)).toBe(true);
  expect(await db.archiefOverdracht.count({ where: { casusId } })).toBe(1);
});

test('on its archiefdatum a casus still takes a decision (200); archiving waits for the next day', async () => {
  const aanmelder = await overheid();
  const vandaag = dutchCalendarDate(new Date());
  // Five years ago today: today is the last day of its maximum bewaartermijn.
  const { casusId } = await oudeCasus(aanmelder, dutchDayStart(addYears(vandaag, -5)), 'CASUSOVERLEG');
  const volgendeDag = dutchDayStart(addDays(vandaag, 1)).toISOString();
  const wacht = async () => (await workflowStatus(casusId)).volgendeDeadline === volgendeDag;
  expect(await until(AbortSignal.timeout(60_000), wacht)).toBe(true);
  expect((await workflowStatus(casusId)).fase).toBe('CASUSOVERLEG');

  const na = await beslis(casusId, 'afsluiting', aanmelder, {
    uitkomst: 'DOELEN_BEREIKT',
    motivering: 'Afgerond op de laatste dag.',
  });
  expect(na).toMatchObject({ fase: 'AFGESCHAALD', archiefDatum: vandaag });
  expect(await workflowStatus(casusId)).toMatchObject({
    fase: 'AFGESCHAALD',
    volgendeStap: 'ARCHIVEREN',
    volgendeDeadline: volgendeDag,
  });
  expect(await db.archiefOverdracht.count({ where: { casusId } })).toBe(0);
});

test('an aanmelding never decided, past its archiefdatum: its own workflow shields it; a late intake is a 409', async () => {
  const [aanmelder, beheerder] = [await overheid(), met(await overheid(), 'archiefbeheerder')];
  const aanmeldDatum = dutchDayStart(addDays(addYears(dutchCalendarDate(new Date()), -5), -3));
  const { casusId, holdId } = await oudeCasus(aanmelder, aanmeldDatum, 'AANMELDING', beheerder);
  expect(await wachtOpHold(casusId)).toBe(true);

  const laat = () => call('POST', `/casussen/${casusId}/intake-besluit`, aanmelder, intake());
  const body = await weigering(casusId, laat, 409, 'bewaartermijn-verstreken');
  expect(body).toMatchObject({ title: 'Bewaartermijn verstreken' });
  expect(await db.besluit.count({ where: { casusId, soort: 'INTAKE' } })).toBe(0);

  expect((await call('POST', `/legal-holds/${holdId}/opheffing`, beheerder, {})).status).toBe(200);
  expect(await totGeanonimiseerd(casusId)).toBe(true);
});

test('need-to-know: a selected private deelnemer reads the casus, an unselected one does not', async () => {
  const aanmelder = await overheid();
  const geselecteerd = await privaat();
  const ander = await privaat();
  const casus = await aanmelden(aanmelder);
  const leesDoor = (door: Wie) => () => call('GET', `/casussen/${casus.id}`, door);

  // Before the selection it is no business of the private deelnemer's: to it, the casus does not exist.
  await weigering(casus.id, leesDoor(geselecteerd), 404, 'niet-gevonden');
  await beslis(casus.id, 'intake-besluit', aanmelder, intake());
  await beslis(casus.id, 'eindbeoordeling', aanmelder, eindbeoordeling());
  await beslis(casus.id, 'selectie', aanmelder, { deelnemers: [geselecteerd.deelnemerId] });

  // Selected, the deelnemer designates who of it sees the casus (Handvat 4.5 lid 4): the first designates itself.
  await weigering(casus.id, leesDoor(geselecteerd), 404, 'niet-gevonden');
  await wijsAan(casus.id, geselecteerd);
  const gelezen = await lees(casus.id, geselecteerd);
  expect(gelezen.geselecteerdeDeelnemers).toEqual([geselecteerd.deelnemerId]);
  const logged = await db.auditLog.findMany({
    where: { casusId: casus.id, medewerkerId: geselecteerd.medewerkerId, actie: 'casus.raadplegen' },
    orderBy: { id: 'asc' },
  });
  expect(logged.map((l) => l.uitkomst)).toEqual(['GEWEIGERD', 'GEWEIGERD', 'TOEGESTAAN']);
  await weigering(casus.id, leesDoor(ander), 404, 'niet-gevonden');

  // Selected, but private: it reads, it does not decide.
  await weigering(
    casus.id,
    () =>
      call('POST', `/casussen/${casus.id}/afsluiting`, geselecteerd, {
        uitkomst: 'DOELEN_BEREIKT',
        motivering: 'Klaar.',
      }),
    403,
    'niet-bevoegd',
  );
  // A later selection (in CASUSOVERLEG) adds the other one; the first stays.
  const na = await beslis(casus.id, 'selectie', aanmelder, { deelnemers: [ander.deelnemerId] });
  expect(na.geselecteerdeDeelnemers).toEqual([geselecteerd.deelnemerId, ander.deelnemerId].sort());
  await weigering(casus.id, leesDoor(ander), 404, 'niet-gevonden');
  await wijsAan(casus.id, ander);
  expect((await call('GET', `/casussen/${casus.id}`, ander)).status).toBe(200);
});

test('designation per medewerker: each deelnemer designates and withdraws its own, logged; nobody else', async () => {
  const aanmelder = await overheid();
  const geselecteerd = await privaat();
  const casus = await totCasusoverleg(aanmelder, [geselecteerd]);
  const collega = await createCollega(db, geselecteerd);
  const aanmelderCollega = await createCollega(db, aanmelder);
  const leesDoor = (door: Wie) => () => call('GET', `/casussen/${casus.id}`, door);
  const pad = `/casussen/${casus.id}/aanwijzingen`;
  const wijs = (door: Wie, wie: Wie) => () => call('POST', pad, door, { medewerkerId: wie.medewerkerId });
  const trekIn = (door: Wie, wie: Wie) => () => call('POST', `${pad}/${wie.medewerkerId}/intrekking`, door, {});

  // A colleague not designated does not see the casus, whatever its deelnemer's part; nor can it designate itself
  // once its deelnemer has a designated medewerker, nor designate for another deelnemer.
  await weigering(casus.id, leesDoor(collega), 404, 'niet-gevonden');
  await weigering(casus.id, leesDoor(aanmelderCollega), 404, 'niet-gevonden');
  await weigering(casus.id, wijs(collega, collega), 403, 'niet-bevoegd');
  await weigering(casus.id, wijs(aanmelder, collega), 403, 'niet-bevoegd');
  // A deelnemer without a part in the casus designates nobody; to it the casus does not exist.
  const buiten = await privaat();
  await weigering(casus.id, wijs(buiten, buiten), 404, 'niet-gevonden');
  expect((await wijs(geselecteerd, { ...geselecteerd, medewerkerId: randomUUID() })()).status).toBe(422);

  const aangewezen = await ok(wijs(geselecteerd, collega)(), 201);
  expect(aangewezen).toMatchObject({ ...collega, ingetrokkenOp: null });
  expect(await ok(wijs(geselecteerd, collega)())).toEqual(aangewezen); // designated already: unchanged
  const gezien = (await lees(casus.id, collega)) as CasusView & { aangewezenMedewerkers: unknown[] };
  expect(gezien.aangewezenMedewerkers).toEqual(expect.arrayContaining([collega]));

  // Withdrawn, the colleague sees nothing again; a designated medewerker may withdraw itself too.
  const ingetrokken = await ok(trekIn(geselecteerd, collega)());
  expect(ingetrokken).toMatchObject({ medewerkerId: collega.medewerkerId, ingetrokkenOp: expect.any(String) });
  await weigering(casus.id, leesDoor(collega), 404, 'niet-gevonden');
  await problem(await trekIn(geselecteerd, collega)(), 404, 'niet-gevonden');
  const log = await db.auditLog.findMany({
    where: { casusId: casus.id, actie: 'casus.medewerker.aanwijzen', uitkomst: 'TOEGESTAAN' },
    orderBy: { id: 'asc' },
  });
  expect(log.map((l) => [l.medewerkerId, l.detail])).toEqual([
    [geselecteerd.medewerkerId, { handeling: 'AANGEWEZEN', medewerkerId: geselecteerd.medewerkerId }],
    [geselecteerd.medewerkerId, { handeling: 'AANGEWEZEN', medewerkerId: collega.medewerkerId }],
    [geselecteerd.medewerkerId, { handeling: 'INGETROKKEN', medewerkerId: collega.medewerkerId }],
  ]);

  // A POST like any other: under an Idempotency-Key a repeat gets the first answer back, and nothing runs twice.
  const sleutel = { 'idempotency-key': `aanwijzing-${randomUUID()}` };
  const eerste = await call('POST', pad, geselecteerd, { medewerkerId: collega.medewerkerId }, sleutel);
  const herhaald = await call('POST', pad, geselecteerd, { medewerkerId: collega.medewerkerId }, sleutel);
  expect([eerste.status, herhaald.status, herhaald.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
  expect(await herhaald.json()).toEqual(await eerste.json());

  // Not designated, a colleague of the aanmelder does not decide either: refused before anything is stored.
  const sluit = () =>
    call('POST', `/casussen/${casus.id}/afsluiting`, aanmelderCollega, {
      uitkomst: 'DOELEN_BEREIKT',
      motivering: 'Klaar.',
    });
  await weigering(casus.id, sluit, 404, 'niet-gevonden');
  await wijsAan(casus.id, aanmelder, aanmelderCollega);
  expect(
    (await beslis(casus.id, 'afsluiting', aanmelderCollega, { uitkomst: 'DOELEN_BEREIKT', motivering: 'Klaar.' })).fase,
  ).toBe('AFGESCHAALD');
});

describe('legal holds (SPEC §5 moratorium): the archiefbeheerder only', () => {
  let beheerder: Wie;
  let casusId: string;
  beforeAll(async () => {
    beheerder = met(await overheid(), 'archiefbeheerder');
    casusId = (await aanmelden(await overheid())).id;
  });

  const plaats = (body: unknown, door: Wie = beheerder) => call('POST', '/legal-holds', door, body);
  const hef = (id: string, door: Wie = beheerder) => call('POST', `/legal-holds/${id}/opheffing`, door, {});
  const lijst = async (q = ''): Promise<HoldView[]> => {
    const res = await call('GET', `/legal-holds${q}`, beheerder);
    expect(res.status).toBe(200);
    return ((await res.json()) as { legalHolds: HoldView[] }).legalHolds;
  };

  test('set on a casus and globally, listed, lifted (lifting twice changes nothing)', async () => {
    const res = await plaats({ casusId: casusId.toUpperCase(), reden: 'WOB-verzoek' });
    expect(res.status).toBe(201);
    const hold = (await res.json()) as HoldView;
    expect(res.headers.get('location')).toBe(`/v1/legal-holds/${hold.id}`);
    expect(hold).toMatchObject({
      casusId,
      globaal: false,
      reden: 'WOB-verzoek',
      ingesteldDoor: beheerder.medewerkerId,
      opgehevenDoor: null,
      opgehevenOp: null,
    });

    // A global hold covers every casus in the shared database: the archiving and anonymisation activities of other
    // test files (workflow tests and archief.test.ts included: they run on this Postgres) would wait on it. So it is
    // lifted by the very next request, and in any case before this test ends.
    let globaal: HoldView | undefined;
    let opgehevenGlobaal: HoldView | undefined;
    try {
      const g = await plaats({ reden: 'Moratorium Archiefwet' });
      globaal = (await g.json()) as HoldView;
      const opgeheven = await hef(globaal.id);
      opgehevenGlobaal = (await opgeheven.json()) as HoldView;
      expect(g.status).toBe(201);
      expect(opgeheven.status).toBe(200);
    } finally {
      if (globaal?.id)
        await db.legalHold.updateMany({
          where: { id: globaal.id, opgehevenOp: null },
          data: { opgehevenOp: new Date(), opgehevenDoor: beheerder.medewerkerId },
        });
    }
    expect(globaal).toMatchObject({
      casusId: null,
      globaal: true,
      reden: 'Moratorium Archiefwet',
      ingesteldDoor: beheerder.medewerkerId,
      opgehevenOp: null,
    });
    expect(opgehevenGlobaal).toEqual({
      ...globaal,
      opgehevenDoor: beheerder.medewerkerId,
      opgehevenOp: expect.any(String),
    });

    const alle = await lijst();
    expect(alle.find((h) => h.id === hold.id)).toEqual(hold);
    expect(alle.find((h) => h.id === globaal!.id)).toEqual(opgehevenGlobaal);
    const actief = (await lijst('?actief=true')).map((h) => h.id);
    expect(actief).toContain(hold.id);
    expect(actief).not.toContain(globaal.id);
    const nietActief = (await lijst('?actief=false')).map((h) => h.id);
    expect(nietActief).toContain(globaal.id);
    expect(nietActief).not.toContain(hold.id);

    const eerst = await hef(hold.id);
    expect(eerst.status).toBe(200);
    const opgeheven = (await eerst.json()) as HoldView;
    expect(opgeheven).toMatchObject({ id: hold.id, casusId, opgehevenDoor: beheerder.medewerkerId });
    expect(Date.parse(opgeheven.opgehevenOp!)).toBeGreaterThanOrEqual(Date.parse(hold.ingesteldOp));
    // Again, by another archiefbeheerder: the first lifting is the record.
    const ander = met(await overheid(), 'archiefbeheerder');
    const tweede = await hef(hold.id, ander);
    expect(tweede.status).toBe(200);
    expect((await tweede.json()) as HoldView).toEqual(opgeheven);
    expect((await lijst('?actief=true')).map((h) => h.id)).not.toContain(hold.id);

    const log = await db.auditLog.findMany({
      where: { casusId, actie: 'legalhold.beheren', detail: { path: ['legalHoldId'], equals: hold.id } },
      orderBy: { id: 'asc' },
    });
    expect(log.map((l) => [l.uitkomst, (l.detail as { handeling?: string }).handeling])).toEqual([
      ['TOEGESTAAN', 'ingesteld'],
      ['TOEGESTAAN', 'opgeheven'],
    ]);
    // The casus itself is untouched by holds.
    expect((await db.casus.findUniqueOrThrow({ where: { id: casusId } })).fase).toBe('AANMELDING');
  });

  // BUG (reported, open): api/legal-holds.ts reads the hold, then updates it unconditionally, so concurrent liftings
  // each lift it again (and log it), the last one's time and medewerker overwriting the first's.
  test('concurrent liftings: the first is the record, logged once', async () => {
    const token = await tokenFor(beheerder, beheerder.rollen);
    // A few rounds: a race shows itself often, not always.
    for (let ronde = 0; ronde < 5; ronde++) {
      const hold = (await (await plaats({ casusId, reden: 'Gelijktijdig opheffen' })).json()) as HoldView;
      const antwoorden = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${api}/v1/legal-holds/${hold.id}/opheffing`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: '{}',
          }),
        ),
      );
      expect(antwoorden.map((r) => r.status)).toEqual(antwoorden.map(() => 200));
      const opgehevenOp = new Set(
        await Promise.all(antwoorden.map(async (r) => ((await r.json()) as HoldView).opgehevenOp)),
      );
      expect([...opgehevenOp]).toEqual([
        (await db.legalHold.findUniqueOrThrow({ where: { id: hold.id } })).opgehevenOp!.toISOString(),
      ]);
      const log = await db.auditLog.findMany({
        where: { casusId, actie: 'legalhold.beheren', detail: { path: ['legalHoldId'], equals: hold.id } },
        orderBy: { id: 'asc' },
      });
      expect(log.map((l) => (l.detail as { handeling?: string }).handeling)).toEqual(['ingesteld', 'opgeheven']);
    }
  });

  test('anyone else is refused (403, logged) and sets nothing', async () => {
    const res = await plaats({ casusId, reden: 'Klacht' });
    const hold = (await res.json()) as HoldView;
    const m = await overheid();
    const anderen: Wie[] = [m, met(m, 'systeembeheerder'), met(m, 'fg'), met(m, 'procesregisseur'), met(m, 'operator')];
    try {
      for (const door of anderen) {
        await problem(await call('GET', '/legal-holds', door), 403, 'niet-bevoegd');
        await problem(await plaats({ casusId, reden: 'Klacht' }, door), 403, 'niet-bevoegd');
        await problem(await plaats({ reden: 'Moratorium' }, door), 403, 'niet-bevoegd');
        await problem(await hef(hold.id, door), 403, 'niet-bevoegd');
        expect(await db.legalHold.count({ where: { ingesteldDoor: m.medewerkerId } })).toBe(0);
      }
      expect(await db.legalHold.findUniqueOrThrow({ where: { id: hold.id } })).toMatchObject({ opgehevenOp: null });
      const geweigerd = await db.auditLog.count({
        where: { medewerkerId: m.medewerkerId, actie: 'legalhold.beheren', uitkomst: 'GEWEIGERD' },
      });
      expect(geweigerd).toBe(anderen.length * 4);
      await problem(await call('GET', '/legal-holds', undefined), 401, 'niet-geauthenticeerd');
    } finally {
      // Should a refusal have set a hold after all (a global one would stop other files' archiving), lift it.
      await db.legalHold.updateMany({
        where: { ingesteldDoor: m.medewerkerId, opgehevenOp: null },
        data: { opgehevenOp: new Date(), opgehevenDoor: m.medewerkerId },
      });
      expect((await hef(hold.id)).status).toBe(200);
    }
  });

  test('an unknown casus or hold is a 404, bad input a 400; nothing is set', async () => {
    const voor = await db.legalHold.count({ where: { ingesteldDoor: beheerder.medewerkerId } });
    await problem(await plaats({ casusId: randomUUID(), reden: 'Klacht' }), 404, 'niet-gevonden');
    await problem(await hef(randomUUID()), 404, 'niet-gevonden');
    await problem(await hef('not-a-uuid'), 400, 'ongeldige-invoer');
    for (const body of [
      {},
      { reden: '' },
      { reden: 'x'.repeat(2001) },
      { casusId: 'casus-1', reden: 'Klacht' },
      { casusId: null, reden: 'Klacht' },
      { casusId, reden: 'Klacht', globaal: true },
    ]) {
      await problem(await plaats(body), 400, 'ongeldige-invoer');
    }
    for (const q of ['?actief=ja', '?actief=true&actief=false', '?casusId=x']) {
      await problem(await call('GET', `/legal-holds${q}`, beheerder), 400, 'ongeldige-invoer');
    }
    expect(await db.legalHold.count({ where: { ingesteldDoor: beheerder.medewerkerId } })).toBe(voor);
  });
});

describe('re-aanmelding after closing (vorigeCasusId)', () => {
  let aanmelder: Wie;
  const mijnCasussen = () => db.casus.count({ where: { aanmelderDeelnemerId: aanmelder.deelnemerId } });
  beforeAll(async () => {
    aanmelder = await overheid();
  });

  test('after an intake NIET_IN_BEHANDELING: a new casus, linked, with its own workflow; the old one unchanged', async () => {
    const oud = await aanmelden(aanmelder);
    await beslis(oud.id, 'intake-besluit', aanmelder, intake('NIET_IN_BEHANDELING'));
    const oudVoor = await stand(oud.id);

    const nieuw = await aanmelden(aanmelder, { vorigeCasusId: oud.id.toUpperCase() });
    expect(nieuw.id).not.toBe(oud.id);
    expect(nieuw).toMatchObject({ fase: 'AANMELDING', vorigeCasusId: oud.id });
    expect((await lees(nieuw.id, aanmelder)).vorigeCasusId).toBe(oud.id);
    expect((await workflowStatus(nieuw.id)).fase).toBe('AANMELDING');
    expect(await stand(oud.id)).toEqual(oudVoor);
    // Its own process: the intake of the new casus is a new decision.
    expect((await beslis(nieuw.id, 'intake-besluit', aanmelder, intake())).fase).toBe('TRIAGE');
  });

  test('after afsluiting (AFGESCHAALD) too', async () => {
    const oud = await totCasusoverleg(aanmelder, [await overheid()]);
    await beslis(oud.id, 'afsluiting', aanmelder, { uitkomst: 'DOELEN_BEREIKT', motivering: 'Afgesloten.' });
    expect((await aanmelden(aanmelder, { vorigeCasusId: oud.id })).vorigeCasusId).toBe(oud.id);
  });

  test('an open casus as vorigeCasusId is a 409 (reopen it instead), an unknown one a 422; no casus is made', async () => {
    const open = await aanmelden(aanmelder);
    const inBehandeling = await aanmelden(aanmelder);
    await beslis(inBehandeling.id, 'intake-besluit', aanmelder, intake());
    const voor = await mijnCasussen();
    const body = await problem(
      await call('POST', '/casussen', aanmelder, { ...aanmelding(), vorigeCasusId: open.id }),
      409,
      'verkeerde-fase',
    );
    expect(body.detail).toContain('AANMELDING');
    await problem(
      await call('POST', '/casussen', aanmelder, { ...aanmelding(), vorigeCasusId: inBehandeling.id }),
      409,
      'verkeerde-fase',
    );
    await problem(
      await call('POST', '/casussen', aanmelder, { ...aanmelding(), vorigeCasusId: randomUUID() }),
      422,
      'onbekende-casus',
    );
    expect(await mijnCasussen()).toBe(voor);
  });
});

test('plan van aanpak: recorded in the casusoverleg by a deelnemer in it, shown with the casusregisseur in the admin set', async () => {
  const aanmelder = await overheid();
  const zorg = await privaat();
  const buiten = await privaat();
  const casus = await totCasusoverleg(aanmelder, [zorg]);
  const plan = {
    toestandsbeeld: 'Gezamenlijk beeld van de situatie.',
    interventies: [{ omschrijving: 'Schuldhulp', uitvoerderDeelnemerId: zorg.deelnemerId }],
    casusregisseurDeelnemerId: aanmelder.deelnemerId,
    afschalingscriteria: 'Stabiele woonsituatie en geen nieuwe incidenten.',
    evaluatiedatum: '2027-02-01',
  };
  const post =
    (door: Wie, body: unknown = plan) =>
    () =>
      call('POST', `/casussen/${casus.id}/plan-van-aanpak`, door, body);

  await weigering(casus.id, post(buiten), 404, 'niet-gevonden'); // private and not in the casusoverleg: may not see it
  await afgewezenInvoer(
    casus.id,
    post(zorg, { ...plan, casusregisseurDeelnemerId: 'bestaat-niet' }),
    422,
    'onbekende-deelnemer',
  );
  await afgewezenInvoer(casus.id, post(zorg, { ...plan, interventies: [] }), 400, 'ongeldige-invoer');

  // A private deelnemer selected for the casusoverleg may record what was agreed there.
  const na = (await beslis(casus.id, 'plan-van-aanpak', zorg, plan)) as CasusView & {
    planVanAanpak: Record<string, unknown>;
    casusregisseur: unknown;
  };
  expect(na.fase).toBe('CASUSOVERLEG');
  expect(na.casusregisseur).toEqual({ deelnemerId: aanmelder.deelnemerId });
  expect(na.planVanAanpak).toMatchObject({
    toestandsbeeld: plan.toestandsbeeld,
    evaluatiedatum: '2027-02-01',
    informeertBetrokkene: 'GEZAMENLIJK_VERWERKINGSVERANTWOORDELIJKEN',
  });
  const status = await temporal.workflow.getHandle(casusWorkflowId(casus.id)).query(casusStatus);
  expect(status).toMatchObject({
    volgendeStap: 'EVALUATIE_HERINNEREN',
    volgendeDeadline: dutchDayStart(isoDate('2027-02-01')).toISOString(),
  });

  // A new version replaces it; afgesloten, the casus no longer takes one.
  const tweede = (await beslis(casus.id, 'plan-van-aanpak', aanmelder, {
    ...plan,
    informeertBetrokkeneDeelnemerId: zorg.deelnemerId,
  })) as CasusView & { planVanAanpak: Record<string, unknown> };
  expect(tweede.planVanAanpak).toMatchObject({ informeertBetrokkene: zorg.deelnemerId });
  await beslis(casus.id, 'afsluiting', aanmelder, { uitkomst: 'DOELEN_BEREIKT', motivering: 'Doelen bereikt.' });
  await weigering(casus.id, post(aanmelder), 409, 'verkeerde-fase');
});

test('incidentele deelnemers: invited only with a signed geheimhoudingsverklaring; what they receive is recorded and logged', async () => {
  const aanmelder = await overheid();
  const zorg = await privaat();
  const buiten = await overheid();
  const casus = await totCasusoverleg(aanmelder, [zorg]);
  const uitnodiging = {
    organisatie: 'Woningcorporatie Midden',
    contactpersoon: 'W. Beheerder',
    reden: 'Huisvesting is deel van het plan van aanpak.',
    geheimhoudingsverklaring: { getekendOp: '2026-01-05', getekendDoor: 'W. Beheerder' },
  };
  const nodig =
    (door: Wie, body: unknown = uitnodiging) =>
    () =>
      call('POST', `/casussen/${casus.id}/incidentele-deelnemers`, door, body);

  const { geheimhoudingsverklaring: _zonder, ...zonderVerklaring } = uitnodiging;
  await afgewezenInvoer(casus.id, nodig(aanmelder, zonderVerklaring), 400, 'ongeldige-invoer');
  await afgewezenInvoer(
    casus.id,
    nodig(aanmelder, {
      ...uitnodiging,
      geheimhoudingsverklaring: { getekendOp: '2999-01-01', getekendDoor: 'W. Beheerder' },
    }),
    400,
    'ongeldige-invoer',
  );
  await weigering(casus.id, nodig(zorg), 403, 'niet-bevoegd'); // a private deelnemer advises, it does not invite
  const na = (await beslis(casus.id, 'incidentele-deelnemers', aanmelder, uitnodiging)) as CasusView & {
    incidenteleDeelnemers: Array<{ id: string; verstrekkingen: unknown[] }>;
  };
  expect(na.incidenteleDeelnemers).toEqual([
    expect.objectContaining({
      organisatie: 'Woningcorporatie Midden',
      geheimhoudingsverklaring: { getekendOp: '2026-01-05', getekendDoor: 'W. Beheerder' },
      verstrekkingen: [],
    }),
  ]);
  const iid = na.incidenteleDeelnemers[0]!.id;

  const verstrek = (door: Wie, deelnemerId = iid) =>
    call('POST', `/casussen/${casus.id}/incidentele-deelnemers/${deelnemerId}/verstrekkingen`, door, {
      omschrijving: 'Afspraken over de huurachterstand.',
      kanaal: 'CASUSOVERLEG',
    });
  await weigering(casus.id, () => verstrek(buiten), 404, 'niet-gevonden'); // not in the casusoverleg: may not see it
  await problem(await verstrek(zorg, randomUUID()), 404, 'niet-gevonden');
  // AVG 14 lid 3 c: nothing goes to a derde before the betrokkene was informed, as the Contactpunt records.
  await weigering(casus.id, () => verstrek(zorg), 422, 'informatieplicht-niet-nagekomen');
  await informeerIedereen(db, casus.id);
  const res = await verstrek(zorg);
  expect(res.status).toBe(201);
  const verstrekking = (await res.json()) as { id: string };
  expect(
    await db.auditLog.count({
      where: { casusId: casus.id, actie: 'casus.incidenteel.verstrekken', uitkomst: 'TOEGESTAAN' },
    }),
  ).toBe(1);
  const gelezen = (await lees(casus.id, aanmelder)) as CasusView & {
    incidenteleDeelnemers: Array<{ verstrekkingen: Array<{ id: string; kanaal: string; deelnemerId: string }> }>;
  };
  expect(gelezen.incidenteleDeelnemers[0]?.verstrekkingen).toEqual([
    expect.objectContaining({ id: verstrekking.id, kanaal: 'CASUSOVERLEG', deelnemerId: zorg.deelnemerId }),
  ]);
  // Under an Idempotency-Key, a repeat whose first answer was lost finds its verstrekking: recorded once.
  const k = { 'idempotency-key': `verstrekking-${randomUUID()}` };
  const pad = `/casussen/${casus.id}/incidentele-deelnemers/${iid}/verstrekkingen`;
  const tweede = { omschrijving: 'Tweede overleg.', kanaal: 'CASUSOVERLEG' };
  const eerste = await ok(call('POST', pad, zorg, tweede, k), 201);
  await db.idempotentVerzoek.delete({
    where: { medewerkerId_sleutel: { medewerkerId: zorg.medewerkerId, sleutel: k['idempotency-key'] } },
  });
  expect(await ok(call('POST', pad, zorg, tweede, k), 201)).toEqual(eerste);
  expect(await db.verstrekking.count({ where: { casusId: casus.id, omschrijving: tweede.omschrijving } })).toBe(1);

  // Data items go along as their providers allow; an incidentele deelnemer is no derde (003 stap 5), so an item
  // "not to derden" goes along too.
  const item = async (nietAanDerden: boolean) => {
    const r = await call('POST', `/casussen/${casus.id}/gegevens`, aanmelder, {
      grondslag: 'WGS 2.29',
      categorie: 'GEWOON',
      inhoud: 'Huurachterstand.',
      voorwaarden: { nietAanDerden },
    });
    expect(r.status).toBe(201);
    return ((await r.json()) as { id: string }).id;
  };
  const [vrij, beschermd] = [await item(false), await item(true)];
  const metGegevens = (gegevenIds: string[]) => () =>
    call('POST', `/casussen/${casus.id}/incidentele-deelnemers/${iid}/verstrekkingen`, zorg, {
      omschrijving: 'Stand van de huur.',
      kanaal: 'BEVEILIGDE_EMAIL',
      gegevenIds,
    });
  await problem(await metGegevens([randomUUID()])(), 404, 'niet-gevonden');
  const mee = await metGegevens([vrij, beschermd])();
  expect(mee.status).toBe(201);
  expect(await mee.json()).toMatchObject({ gegevenIds: [vrij, beschermd], kanaal: 'BEVEILIGDE_EMAIL' });

  // Police data: its secrecy follows it, so only the police itself hands it on to a derde (and that is documented).
  const politieRes = await call('POST', `/casussen/${casus.id}/gegevens`, aanmelder, {
    grondslag: 'Wpg 16',
    categorie: 'POLITIE',
    bronvermelding: 'BVH 2026-0077',
    inhoud: 'Melding overlast.',
  });
  const { id: politieItem } = (await politieRes.json()) as { id: string };
  const body = await weigering(casus.id, metGegevens([politieItem]), 422, 'voorwaarde-geschonden');
  expect(body.detail).toContain('alleen de leverancier zelf');
  const doorPolitie = await call(
    'POST',
    `/casussen/${casus.id}/incidentele-deelnemers/${iid}/verstrekkingen`,
    aanmelder,
    { omschrijving: 'Overlastbeeld.', kanaal: 'CASUSOVERLEG', gegevenIds: [politieItem] },
  );
  expect(doorPolitie.status).toBe(201);
  expect(
    await db.verstrekkingsregistratie.findMany({
      where: { gegevenId: politieItem },
      select: { ontvangers: true, aanvrager: true },
      orderBy: { verstrektOp: 'asc' },
    }),
  ).toEqual([
    { ontvangers: ['PROCESREGIE', zorg.deelnemerId], aanvrager: aanmelder.deelnemerId }, // at the triage: those in the casus
    { ontvangers: ['incidenteel:Woningcorporatie Midden'], aanvrager: aanmelder.deelnemerId },
  ]);
});

test("triage: targeted requests to named deelnemers; data items seen only as their provider's voorwaarden allow", async () => {
  const aanmelder = await overheid();
  const ggz = await privaat();
  const politie = await overheid();
  const buiten = await privaat();
  const casus = await aanmelden(aanmelder);
  await beslis(casus.id, 'intake-besluit', aanmelder, intake());
  await informeerIedereen(db, casus.id);

  const verzoek = {
    aanDeelnemerId: ggz.deelnemerId,
    namensDeelnemerId: aanmelder.deelnemerId,
    taak: 'Openbare orde',
    doel: 'Beeld van de zorg',
    reden: 'Nodig voor de eindbeoordeling',
  };
  await weigering(
    casus.id,
    () => call('POST', `/casussen/${casus.id}/informatieverzoeken`, ggz, verzoek),
    404,
    'niet-gevonden',
  ); // private, no part in it yet
  await problem(
    await call('POST', `/casussen/${casus.id}/informatieverzoeken`, aanmelder, {
      ...verzoek,
      aanDeelnemerId: undefined,
    }),
    400,
    'ongeldige-invoer',
  );
  const gevraagd = await call('POST', `/casussen/${casus.id}/informatieverzoeken`, aanmelder, verzoek);
  expect(gevraagd.status).toBe(201);
  const { id: verzoekId } = (await gevraagd.json()) as { id: string };

  const item = (over: Record<string, unknown> = {}) => ({
    verzoekId,
    grondslag: 'WGS 2.29; toestemming',
    categorie: 'BIJZONDER',
    inhoud: 'Bekend bij de GGZ sinds 2024.',
    ...over,
  });
  // Only the deelnemer asked answers the request; unasked and uninvolved, nobody provides.
  await weigering(casus.id, () => call('POST', `/casussen/${casus.id}/gegevens`, buiten, item()), 404, 'niet-gevonden');
  await weigering(
    casus.id,
    () => call('POST', `/casussen/${casus.id}/gegevens`, buiten, item({ verzoekId: undefined })),
    404,
    'niet-gevonden',
  );
  await problem(
    await call('POST', `/casussen/${casus.id}/gegevens`, ggz, item({ categorie: 'POLITIE' })),
    400,
    'ongeldige-invoer',
  ); // no bronvermelding
  await problem(
    await call('POST', `/casussen/${casus.id}/gegevens`, ggz, item({ categorie: 'WVGGZ' })),
    400,
    'ongeldige-invoer',
  ); // no own term
  const geleverd = await call(
    'POST',
    `/casussen/${casus.id}/gegevens`,
    ggz,
    item({ voorwaarden: { nietAanDeelnemers: [politie.deelnemerId] } }),
  );
  expect(geleverd.status).toBe(201);
  const apart = await call(
    'POST',
    `/casussen/${casus.id}/gegevens`,
    ggz,
    item({ inhoud: 'Alleen voor de procesregie.', voorwaarden: { nietVoorCasusoverleg: true } }),
  );
  expect(apart.status).toBe(201);

  type MetGegevens = CasusView & { gegevens: Array<{ inhoud: string; leverancierDeelnemerId: string }> };
  const inhoud = async (door: Wie) =>
    ((await lees(casus.id, door)) as MetGegevens).gegevens.map((g) => g.inhoud).sort();
  expect(await inhoud(aanmelder)).toEqual(['Bekend bij de GGZ sinds 2024.']);
  expect(await inhoud(politie)).toEqual([]); // "not to deelnemer politie"; and not for the casusoverleg
  expect(await inhoud(met(politie, 'procesregisseur'))).toEqual(['Alleen voor de procesregie.']); // "not to X" holds for X's procesregisseur too
  expect(await inhoud(met(aanmelder, 'procesregisseur'))).toEqual([
    'Alleen voor de procesregie.',
    'Bekend bij de GGZ sinds 2024.',
  ]);
  // A private deelnemer that is only a provider (need-to-know) sees its own contribution: whom the casus concerns,
  // what was asked of it and what it provided; not the assessments, decisions, plan or anyone else's items.
  const bijdrage = (await lees(casus.id, ggz)) as unknown as Record<string, unknown>;
  expect(Object.keys(bijdrage).sort()).toEqual([
    'aanmeldDatum',
    'aanmelder',
    'acties',
    'afgeschermd',
    'afsluitDatum',
    'archiefDatum',
    'betrokkenen',
    'casusnummer',
    'casusregisseur',
    'fase',
    'gegevens',
    'id',
    'informatieverzoeken',
    'inzage',
    'procesregisseur',
    'volgendeDeadline',
    'volgendeStap',
  ]);
  expect(bijdrage).toMatchObject({
    inzage: 'EIGEN_BIJDRAGE',
    informatieverzoeken: [{ id: verzoekId, aanDeelnemerId: ggz.deelnemerId }],
    betrokkenen: expect.arrayContaining([expect.objectContaining({ achternaam: 'Jansen' })]),
  });
  expect((bijdrage as unknown as MetGegevens).gegevens.map((g) => g.inhoud).sort()).toEqual([
    'Alleen voor de procesregie.',
    'Bekend bij de GGZ sinds 2024.',
  ]);
  expect(
    await db.auditLog.count({
      where: {
        casusId: casus.id,
        actie: 'casus.raadplegen',
        deelnemerId: ggz.deelnemerId,
        detail: { equals: { inzage: 'EIGEN_BIJDRAGE' } },
      },
    }),
  ).toBe(1);
  // Another deelnemer's items stay out of that view, and who neither was asked nor provided sees nothing.
  const ander = await privaat();
  await call('POST', `/casussen/${casus.id}/informatieverzoeken`, aanmelder, {
    ...verzoek,
    aanDeelnemerId: ander.deelnemerId,
  });
  expect(((await lees(casus.id, ander)) as MetGegevens).gegevens).toEqual([]);
  expect((await call('GET', `/casussen/${casus.id}`, buiten)).status).toBe(404);
  expect(
    await db.auditLog.count({
      where: { casusId: casus.id, actie: 'casus.gegevens.verstrekken', uitkomst: 'TOEGESTAAN' },
    }),
  ).toBe(2);

  // Wpg 32: police data provided in the triage is documented for the police; the selection documents its
  // provision to the selected deelnemers; only the FG reads the records. Other items need no record.
  const aanPolitie = await call('POST', `/casussen/${casus.id}/informatieverzoeken`, aanmelder, {
    ...verzoek,
    aanDeelnemerId: politie.deelnemerId,
  });
  const { id: politieVerzoek } = (await aanPolitie.json()) as { id: string };
  const politieItem = item({
    verzoekId: politieVerzoek,
    categorie: 'POLITIE',
    bronvermelding: 'BVH 2026-0042',
    inhoud: 'Twee meldingen van overlast.',
    voorwaarden: { nietAanDeelnemers: [ggz.deelnemerId] },
  });
  expect((await call('POST', `/casussen/${casus.id}/gegevens`, politie, politieItem)).status).toBe(201);
  await beslis(casus.id, 'eindbeoordeling', aanmelder, { uitkomst: 'VOLDAAN', criteria });
  await beslis(casus.id, 'selectie', aanmelder, {
    deelnemers: [aanmelder.deelnemerId, politie.deelnemerId, ggz.deelnemerId],
  });
  const fg = met(await overheid(), 'fg');
  const registraties = await call('GET', `/verstrekkingsregistraties?verstrekker=${politie.deelnemerId}`, fg);
  expect(registraties.status).toBe(200);
  const { items: records } = (await registraties.json()) as { items: Array<Record<string, unknown>> };
  const gemeen = {
    wet: 'WPG_32',
    verstrekkerDeelnemerId: politie.deelnemerId,
    omschrijving: 'POLITIE: BVH 2026-0042',
    casusId: casus.id,
  };
  expect(records).toEqual([
    // Newest first: the selection (the provider itself and "not to ggz" left out), then the triage.
    expect.objectContaining({
      ...gemeen,
      aanvrager: aanmelder.deelnemerId,
      ontvangers: [aanmelder.deelnemerId],
      doel: 'casusoverleg (WGS 2.31 lid 4-6)',
    }),
    expect.objectContaining({
      ...gemeen,
      aanvrager: aanmelder.deelnemerId,
      ontvangers: ['PROCESREGIE', aanmelder.deelnemerId],
      doel: verzoek.doel,
    }),
  ]);
  for (const r of records) expect(r.bewarenTot).toBe(addYears(dutchCalendarDate(new Date(String(r.verstrektOp))), 4)); // kept 4 years
  await problem(await call('GET', '/verstrekkingsregistraties', aanmelder), 403, 'niet-bevoegd');
});
