import { randomUUID } from 'node:crypto';
import { loadPayloadCodecConfig } from '../../infra/codec';
import { nieuweKoppelingSleutel, versleutelKoppelingSleutel } from '../../infra/koppeling-sleutel';
import { startPartnerSimulator, type Gedrag, type PartnerSimulator } from '../../infra/simulator';
import {
  RIEC_AFLEVERTERMIJN_MS,
  riecAfstemmingWorkflow,
  riecAfstemmingWorkflowId,
} from '../../workflows/riec-afstemming';
import { createCasus, createMedewerker } from '../support/fixtures';
import { recordHistory } from '../support/history';
import { startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';

// The delivery term of a RIEC-afstemming (24 hours of retries) on the time-skipping test server, with the partner
// simulator as the RIEC: delivered after failures, or never reachable and then reported. The filter, signing and
// replies are tested over HTTP in test/integration/riec.test.ts.
jest.setTimeout(180_000);
let wf: WorkflowTestEnv;
let sim: PartnerSimulator;

beforeAll(async () => {
  wf = await startWorkflowEnv();
  sim = await startPartnerSimulator({ zvh: { apiUrl: 'http://127.0.0.1:9', afzender: 'zvh' } });
});
afterAll(async () => {
  await sim?.stop();
  await wf?.stop();
});

async function afstemmingMet(gedrag: Gedrag) {
  const m = await createMedewerker(wf.db, 'OVERHEID');
  const riecId = `riec-${randomUUID().slice(0, 8)}`;
  const sleutel = nieuweKoppelingSleutel();
  await wf.db.koppeling.create({
    data: {
      id: riecId,
      naam: 'RIEC',
      soort: 'RIEC',
      kanaal: 'HTTPS',
      url: sim.partnerUrl('riec', riecId),
      ...versleutelKoppelingSleutel(loadPayloadCodecConfig(), riecId, sleutel),
    },
  });
  sim.voegToe({ soort: 'riec', id: riecId, sleutel, gedrag });
  const casusId = await createCasus(wf.db, m);
  const id = randomUUID();
  await wf.db.riecAfstemming.create({
    data: {
      id,
      casusId,
      koppelingId: riecId,
      onderwerp: 'Afstemming',
      toelichting: 'Past dit bij uw interventies?',
      medewerkerId: m.medewerkerId,
      deelnemerId: m.deelnemerId,
    },
  });
  const start = await wf.env.currentTimeMs();
  const handle = await wf.env.client.workflow.start(riecAfstemmingWorkflow, {
    taskQueue: wf.taskQueue,
    workflowId: riecAfstemmingWorkflowId(id),
    args: [{ afstemmingId: id }],
  });
  const { casusnummer } = await wf.db.casus.findUniqueOrThrow({ where: { id: casusId } });
  return { id, riecId, handle, start, casusnummer };
}

test('a RIEC down for a while gets the afstemming on a later attempt, with the same Idempotency-Key', async () => {
  const a = await afstemmingMet({ faalEerst: 3 });
  expect(await a.handle.result()).toEqual({ afstemmingId: a.id, fase: 'AFGELEVERD' });
  const pogingen = sim.ontvangen(a.riecId);
  expect(pogingen).toHaveLength(4);
  expect(new Set(pogingen.map((p) => p.idempotencyKey))).toEqual(new Set([a.id]));
  expect(await wf.db.riecAfstemming.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
    status: 'AFGELEVERD',
    afgeleverdOp: expect.any(Date),
  });
  await recordHistory('riec-afstemming-afgeleverd', a.handle);
});

test('a RIEC never reachable: retried for the delivery term, then MISLUKT and the procesregie told once', async () => {
  const a = await afstemmingMet({ faalEerst: Number.MAX_SAFE_INTEGER });
  expect(await a.handle.result()).toEqual({ afstemmingId: a.id, fase: 'MISLUKT' });
  // Temporal starts no retry that would begin past the schedule-to-close term, so the last backoff (at most 10 min)
  // may be cut short: how many attempts fit depends on how long each real HTTP attempt took.
  expect((await wf.env.currentTimeMs()) - a.start).toBeGreaterThanOrEqual(RIEC_AFLEVERTERMIJN_MS - 10 * 60 * 1000);
  expect(sim.ontvangen(a.riecId).length).toBeGreaterThan(10);
  expect(await wf.db.riecAfstemming.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
    status: 'MISLUKT',
    afgeleverdOp: null,
  });
  expect(
    wf.mail.berichten.filter((m) => m.subject === `RIEC-afstemming casus ${a.casusnummer} niet afgeleverd`),
  ).toHaveLength(1);
  await recordHistory('riec-afstemming-mislukt', a.handle);
});
