import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Db } from '../../infra/db';
import { casusWorkflowId, casusWorkflowStart } from '../../workflows/casus';
import { SWEEP_SCHEDULE_ID, type SweepResultaat } from '../../workflows/sweep';
import { createCasus, createMedewerker, proposeBesluit, requireEnv } from '../support/fixtures';
import { expectMdtoGeldig, leesPakketMap } from '../support/mdto';
import { stackClients } from '../support/stack-clients';

// The scheduled anonimisering sweep (SPEC §5) on the real stack: the worker created its Schedule at start; here it
// is triggered by hand and must archive and anonymise a casus past its archiefdatum that has no workflow left.
jest.setTimeout(60_000);
const stack = stackClients(); // Prisma and Temporal (with the stack's payload key) on the test stack
let db: Db;
let temporal: Client;

beforeAll(async () => {
  ({ db, temporal } = stack);
});

const jarenGeleden = (n: number) => new Date(Date.now() - n * 366 * 24 * 3600 * 1000);

/** A casus rejected at intake long ago whose workflow is gone (terminated, or from before this system). */
async function afgewezenCasus(aanmelder: { medewerkerId: string; deelnemerId: string }, achternaam: string) {
  const casusId = await createCasus(db, aanmelder, jarenGeleden(3));
  await db.casus.update({ where: { id: casusId }, data: { fase: 'NIET_IN_BEHANDELING' } });
  await db.betrokkene.create({ data: { id: randomUUID(), casusId, rol: 'BETROKKENE', achternaam, bsn: '111222333' } });
  const besluitId = await proposeBesluit(db, casusId, aanmelder, 'INTAKE', 'NIET_IN_BEHANDELING');
  await db.besluit.update({
    where: { id: besluitId },
    data: { status: 'VASTGESTELD', vastgesteldOp: jarenGeleden(3) },
  });
  return casusId;
}

/**
 * Triggers the sweep and returns the result of the run this trigger started: a run not among the schedule's actions
 * before it (runs other test files trigger may overlap; ALLOW_ALL so a running one does not swallow this trigger).
 * Runs are told apart by run id: a schedule names its workflows by the second, so a trigger in the same second as
 * the previous run gets the same workflow id.
 */
async function triggeredSweep(): Promise<SweepResultaat> {
  const schedule = temporal.schedule.getHandle(SWEEP_SCHEDULE_ID);
  const eerder = new Set(
    (await schedule.describe()).info.recentActions.map((a) => a.action.workflow.firstExecutionRunId),
  );
  await schedule.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  const tot = Date.now() + 30_000;
  while (Date.now() < tot) {
    const { recentActions } = (await schedule.describe()).info;
    const actie = recentActions.find((a) => !eerder.has(a.action.workflow.firstExecutionRunId));
    if (actie) {
      const { workflowId, firstExecutionRunId } = actie.action.workflow;
      return temporal.workflow.getHandle(workflowId, firstExecutionRunId).result();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the triggered sweep never started');
}

test('the worker keeps a daily Schedule for the sweep, at night, Dutch time', async () => {
  const { spec, action } = await temporal.schedule.getHandle(SWEEP_SCHEDULE_ID).describe();
  expect(spec.timezone).toBe('Europe/Amsterdam');
  expect(spec.calendars).toEqual([expect.objectContaining({ hour: [{ start: 2, end: 2, step: 1 }] })]);
  expect(action).toMatchObject({ type: 'startWorkflow', workflowType: 'anonimiseringsSweep' });
});

test('a triggered sweep archives and anonymises what is overdue, respects legal holds, and reports counts only', async () => {
  const m = await createMedewerker(db, 'OVERHEID');
  const achterstallig = await afgewezenCasus(m, 'Sweeptest-Eén');
  const vastgehouden = await afgewezenCasus(m, 'Sweeptest-Twee');
  await db.legalHold.create({
    data: { id: randomUUID(), casusId: vastgehouden, reden: 'Onderzoek', ingesteldDoor: m.medewerkerId },
  });
  const lopend = await createCasus(db, m, jarenGeleden(1)); // open, its maximum is years away

  const resultaat = await triggeredSweep();
  // Other test files' casussen may be overdue too; these two are certainly among the ones found.
  expect(resultaat.gevonden).toBeGreaterThanOrEqual(2);
  expect(resultaat.legalHold).toBeGreaterThanOrEqual(1);
  expect(Object.keys(resultaat).sort()).toEqual([
    'avgVerzoekenGewist',
    'geanonimiseerd',
    'gevonden',
    'idempotentieVergeten',
    'legalHold',
    'logsVerwijderd',
    'workflowStarts',
  ]);
  expect(resultaat.logsVerwijderd).toEqual({ auditlog: 0, verstrekkingsregistraties: 0, koppelingOntvangsten: 0 }); // the test data is minutes old

  const casus = (id: string) =>
    db.casus.findUniqueOrThrow({ where: { id }, include: { betrokkenen: true, archiefOverdracht: true } });
  expect(await casus(achterstallig)).toMatchObject({
    fase: 'GEANONIMISEERD',
    betrokkenen: [expect.objectContaining({ achternaam: null, bsn: null })],
  });
  const pakket = (await casus(achterstallig)).archiefOverdracht?.locatie;
  expect(readdirSync(requireEnv('ZVH_TEST_ARCHIEF_DIR'))).toContain(pakket);
  await expectMdtoGeldig(leesPakketMap(join(requireEnv('ZVH_TEST_ARCHIEF_DIR'), pakket!)));
  expect(await casus(vastgehouden)).toMatchObject({
    fase: 'NIET_IN_BEHANDELING',
    archiefOverdracht: null,
    betrokkenen: [expect.objectContaining({ achternaam: 'Sweeptest-Twee' })],
  });
  expect((await casus(lopend)).fase).toBe('AANMELDING');
});

test('a triggered sweep starts a registered casus workflow that never started, and forgets expired Idempotency-Keys', async () => {
  const m = await createMedewerker(db, 'OVERHEID');
  // A casus stored with its outbox entry, as POST /casussen does in one transaction, whose start never happened
  // (Temporal away, then the API gone). Fresh: the worker's own reconciler leaves it to the API for a minute.
  const casusId = await createCasus(db, m);
  await db.workflowStart.create({ data: casusWorkflowStart(casusId, 'AANMELDING') });
  const verlopen = {
    medewerkerId: m.medewerkerId,
    sleutel: `verlopen-${randomUUID()}`,
    verzoekHash: 'c'.repeat(64),
    status: 201,
    antwoord: {},
    bezigTot: new Date(),
    createdAt: new Date(Date.now() - 25 * 3600 * 1000),
  };
  const geldig = { ...verlopen, sleutel: `geldig-${randomUUID()}`, createdAt: new Date() };
  await db.idempotentVerzoek.createMany({ data: [verlopen, geldig] });

  const resultaat = await triggeredSweep();
  expect(resultaat.workflowStarts?.gevonden).toBeGreaterThanOrEqual(1);
  expect(resultaat.workflowStarts?.gestart).toBeGreaterThanOrEqual(1);
  expect((await temporal.workflow.getHandle(casusWorkflowId(casusId)).describe()).status.name).toBe('RUNNING');
  expect(
    (await db.workflowStart.findUniqueOrThrow({ where: { workflowId: casusWorkflowId(casusId) } })).gestartOp,
  ).not.toBeNull();
  expect(resultaat.idempotentieVergeten).toBeGreaterThanOrEqual(1);
  expect(
    (await db.idempotentVerzoek.findMany({ where: { medewerkerId: m.medewerkerId } })).map((v) => v.sleutel),
  ).toEqual([geldig.sleutel]);
});
