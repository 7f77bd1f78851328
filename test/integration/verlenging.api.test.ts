import { randomUUID } from 'node:crypto';
import { addDays, addYears } from '../../domain/dates';
import { dutchCalendarDate, dutchDayStart } from '../../infra/calendar';
import type { Db } from '../../infra/db';
import { until } from '../../infra/tools';
import { casusWorkflow, casusWorkflowId, casusStatus } from '../../workflows/casus';
import { createCasus, createMedewerker, requireEnv, type Wie } from '../support/fixtures';
import { call, ok } from '../support/http';
import { expectProblem as problem } from '../support/problem';
import { stackClients } from '../support/stack-clients';

// Verlenging as the seeds write it (003 "Verlenging bewaartermijn"; issue 14 item 7), over HTTP against the running
// stack: each deelnemer that provided data gives its own agreement, and the verlenging uses the ones in force.
const stack = stackClients();
let db: Db;
beforeAll(() => {
  db = stack.db;
});

interface Verlenging {
  datum: string;
  situatie: string;
  akkoordVan: string[];
  heropening: string | null;
}
interface CasusView {
  fase: string;
  archiefDatum: string | null;
  verlengingen: Verlenging[];
  verlengingsakkoorden: Array<{ deelnemerId: string; medewerkerId: string; gegevenOp: string }>;
}

const vandaag = () => dutchCalendarDate(new Date());
const verzoek = (grootRisicoOpTerugval = false) => ({
  reden: grootRisicoOpTerugval ? 'Groot risico op terugval.' : 'Criteria gelden nog: Levensloopaanpak.',
  criteriaGeldenNog: !grootRisicoOpTerugval,
  grootRisicoOpTerugval,
  opdrachtVanDeelnemers: true,
});
const lees = async (casusId: string, door: Wie) =>
  (await ok(call('GET', `/casussen/${casusId}`, door), 200)) as unknown as CasusView;
const akkoord = (casusId: string, door: Wie) => call('POST', `/casussen/${casusId}/verlengingsakkoorden`, door, {});
const intrekking = (casusId: string, door: Wie) =>
  call('POST', `/casussen/${casusId}/verlengingsakkoorden/intrekking`, door, {});
const verlengen = (casusId: string, door: Wie, grootRisico = false) =>
  call('POST', `/casussen/${casusId}/verlenging`, door, verzoek(grootRisico));

/**
 * A casus in CASUSOVERLEG registered `dagenOver` days short of five years ago (so in the last year before its
 * maximum), by an overheidsdeelnemer, with a private deelnemer selected; both designated; its workflow started.
 */
async function casusVoorVerlenging(dagenOver: number) {
  const aanmelder = await createMedewerker(db, 'OVERHEID');
  const zorg = await createMedewerker(db, 'PRIVAAT');
  const aanmeldDatum = dutchDayStart(addDays(addYears(vandaag(), -5), dagenOver));
  const casusId = await createCasus(db, aanmelder, aanmeldDatum);
  const selectie = await db.besluit.create({
    data: {
      id: randomUUID(),
      casusId,
      soort: 'SELECTIE',
      uitkomst: 'GESELECTEERD',
      status: 'VASTGESTELD',
      medewerkerId: aanmelder.medewerkerId,
      deelnemerId: aanmelder.deelnemerId,
      vastgesteldOp: new Date(),
    },
  });
  await db.casus.update({ where: { id: casusId }, data: { fase: 'CASUSOVERLEG' } });
  await db.casusDeelnemer.create({ data: { casusId, deelnemerId: zorg.deelnemerId, besluitId: selectie.id } });
  await db.casusAanwijzing.createMany({
    data: [aanmelder, zorg].map((w) => ({ casusId, medewerkerId: w.medewerkerId })),
  });
  const handle = await stack.temporal.workflow.start(casusWorkflow, {
    taskQueue: requireEnv('TEMPORAL_TASK_QUEUE'),
    workflowId: casusWorkflowId(casusId),
    args: [{ casusId }],
  });
  // Decisions are judged once the workflow has read the casus from Postgres.
  const geladen = async () => (await handle.query(casusStatus)).fase === 'CASUSOVERLEG';
  expect(await until(AbortSignal.timeout(30_000), geladen)).toBe(true);
  return { casusId, aanmelder, zorg };
}

const akkoordLog = (casusId: string) =>
  db.auditLog.findMany({ where: { casusId, actie: 'casus.verlenging.akkoord' }, orderBy: { id: 'asc' } });

test('a verlenging needs the own agreement of each deelnemer that provided data; it uses them up', async () => {
  const { casusId, aanmelder, zorg } = await casusVoorVerlenging(60);
  const [ander, anderePrivaat] = [await createMedewerker(db, 'OVERHEID'), await createMedewerker(db, 'PRIVAAT')];

  // Nobody agreed yet: refused, naming whose agreement is missing.
  let body = await problem(await verlengen(casusId, aanmelder), 422, 'verlenging-geweigerd');
  expect(body.detail).toContain(aanmelder.deelnemerId);
  expect(body.detail).toContain(zorg.deelnemerId);

  const gegeven = await ok(akkoord(casusId, aanmelder), 201);
  expect(gegeven).toMatchObject({ casusId, deelnemerId: aanmelder.deelnemerId, medewerkerId: aanmelder.medewerkerId });
  // Given already: the same agreement, nothing new.
  expect(await ok(akkoord(casusId, aanmelder), 200)).toEqual(gegeven);
  // Who has no part in the casus cannot agree, nor learn that it exists.
  for (const buiten of [ander, anderePrivaat]) await problem(await akkoord(casusId, buiten), 404, 'niet-gevonden');
  expect(await db.verlengingsakkoord.count({ where: { casusId } })).toBe(1);

  body = await problem(await verlengen(casusId, aanmelder), 422, 'verlenging-geweigerd');
  expect(body.detail).toContain(zorg.deelnemerId);
  expect(body.detail).not.toContain(aanmelder.deelnemerId);

  // The private deelnemer agrees, withdraws, and agrees again; every step logged with who did it.
  await ok(akkoord(casusId, zorg), 201);
  expect(await ok(intrekking(casusId, zorg), 200)).toMatchObject({ deelnemerId: zorg.deelnemerId });
  await problem(await intrekking(casusId, zorg), 404, 'niet-gevonden');
  await problem(await verlengen(casusId, aanmelder), 422, 'verlenging-geweigerd');
  await ok(akkoord(casusId, zorg), 201);
  const voor = await lees(casusId, zorg);
  expect(voor.verlengingsakkoorden.map((a) => a.deelnemerId).sort()).toEqual(
    [aanmelder.deelnemerId, zorg.deelnemerId].sort(),
  );

  // A private deelnemer agrees but does not decide (WGS 2.27: overheidsdeelnemers decide).
  await problem(await verlengen(casusId, zorg), 403, 'niet-bevoegd');
  const na = (await ok(verlengen(casusId, aanmelder), 200)) as unknown as CasusView;
  expect(na.verlengingen).toEqual([
    {
      datum: vandaag(),
      situatie: 'OPEN_CRITERIA_GELDEN_NOG',
      akkoordVan: [aanmelder.deelnemerId, zorg.deelnemerId].sort(),
      heropening: null,
    },
  ]);
  expect(na.archiefDatum).toBe(addYears(vandaag(), 2));
  // Used up: the next verlenging needs agreements of its own.
  expect(na.verlengingsakkoorden).toEqual([]);
  expect(await db.verlengingsakkoord.count({ where: { casusId } })).toBe(0);

  const log = await akkoordLog(casusId);
  expect(log.map((l) => [l.deelnemerId, l.medewerkerId, l.uitkomst, l.detail])).toEqual([
    [aanmelder.deelnemerId, aanmelder.medewerkerId, 'TOEGESTAAN', { handeling: 'GEGEVEN' }],
    [ander.deelnemerId, ander.medewerkerId, 'GEWEIGERD', expect.anything()],
    [anderePrivaat.deelnemerId, anderePrivaat.medewerkerId, 'GEWEIGERD', expect.anything()],
    [zorg.deelnemerId, zorg.medewerkerId, 'TOEGESTAAN', { handeling: 'GEGEVEN' }],
    [zorg.deelnemerId, zorg.medewerkerId, 'TOEGESTAAN', { handeling: 'INGETROKKEN' }],
    [zorg.deelnemerId, zorg.medewerkerId, 'TOEGESTAAN', { handeling: 'GEGEVEN' }],
  ]);
  expect(log.every((l) => l.grondslag.includes('BGS 1.16'))).toBe(true);
});

test('the decider can no longer type the agreements in: akkoordVan in the body is a 400', async () => {
  const { casusId, aanmelder } = await casusVoorVerlenging(60);
  const res = await call('POST', `/casussen/${casusId}/verlenging`, aanmelder, {
    ...verzoek(),
    akkoordVan: [aanmelder.deelnemerId],
  });
  await problem(res, 400, 'ongeldige-invoer');
  const metBody = await call('POST', `/casussen/${casusId}/verlengingsakkoorden`, aanmelder, { akkoord: true });
  await problem(metBody, 400, 'ongeldige-invoer');
  expect(await db.verlengingsakkoord.count({ where: { casusId } })).toBe(0);
});

test('situation 2: a casus closed in its last year and extended records the heropening that starts its two years', async () => {
  const { casusId, aanmelder, zorg } = await casusVoorVerlenging(30);
  const afgesloten = (await ok(
    call('POST', `/casussen/${casusId}/afsluiting`, aanmelder, {
      uitkomst: 'DOELEN_BEREIKT',
      motivering: 'Doelen bereikt.',
    }),
    200,
  )) as unknown as CasusView;
  // Closed less than a year before the maximum: it would go at the maximum.
  expect(afgesloten).toMatchObject({ fase: 'AFGESCHAALD', archiefDatum: addDays(vandaag(), 30) });
  await ok(akkoord(casusId, aanmelder), 201);
  await ok(akkoord(casusId, zorg), 201);
  // Afgeschaald, the casus shows its admin set only; the verlenging is in Postgres.
  const verlengd = (await ok(verlengen(casusId, aanmelder, true), 200)) as unknown as CasusView;
  expect(await db.verlenging.findMany({ where: { casusId } })).toEqual([
    expect.objectContaining({ situatie: 'AFGESLOTEN_RISICO_OP_TERUGVAL', heropening: null }),
  ]);
  // Now it stays the full year after the afsluiting, open to a heropening on terugval.
  expect(verlengd.archiefDatum).toBe(addYears(vandaag(), 1));

  const heropend = (await ok(
    call('POST', `/casussen/${casusId}/heropening`, aanmelder, { reden: 'Terugval.' }),
    200,
  )) as unknown as CasusView;
  expect(heropend.fase).toBe('CASUSOVERLEG');
  expect(heropend.verlengingen).toEqual([expect.objectContaining({ heropening: vandaag() })]);
  expect(heropend.archiefDatum).toBe(addYears(vandaag(), 2));
});
