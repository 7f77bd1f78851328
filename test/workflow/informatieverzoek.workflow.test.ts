import { randomUUID } from 'node:crypto';
import { EncryptionCodec, loadPayloadCodecConfig } from '../../infra/codec';
import { nieuweKoppelingSleutel, versleutelKoppelingSleutel } from '../../infra/koppeling-sleutel';
import { startPartnerSimulator, type Gedrag, type PartnerSimulator } from '../../infra/simulator';
import { beantwoord, informatieverzoekWorkflow, informatieverzoekWorkflowId } from '../../workflows/informatieverzoek';
import { createCasus, createMedewerker } from '../support/fixtures';
import { historyPayloads, historyText, recordHistory, TEST_ONLY_PAYLOAD_KEYS } from '../support/history';
import { startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';

// The deadline of an information request (issue #7) at its real length (ZVH_INFORMATIEVERZOEK_TERMIJN_DAGEN, 10 days)
// on the time-skipping test server, with the partner simulator as the deelnemer's system: never answered, never
// reachable, or answered in time. The HTTP paths (signing, answers, duplicates, refusals) are in
// test/integration/informatieverzoek.test.ts.
jest.setTimeout(180_000);
let wf: WorkflowTestEnv;
let sim: PartnerSimulator;
const TERMIJN_DAGEN = 10;

beforeAll(async () => {
  wf = await startWorkflowEnv();
  sim = await startPartnerSimulator({ zvh: { apiUrl: 'http://127.0.0.1:9', afzender: 'zvh' } }); // answers are sent by the test
});
afterAll(async () => {
  await sim?.stop();
  await wf?.stop();
});

/** A request in the database as POST …/informatieverzoeken stores it, to a deelnemer whose system behaves as told. */
async function verzoekAan(gedrag: Gedrag) {
  const aanvrager = await createMedewerker(wf.db, 'OVERHEID');
  const deelnemer = await createMedewerker(wf.db, 'PRIVAAT');
  const koppelingId = `sys-${deelnemer.deelnemerId}`;
  const sleutel = nieuweKoppelingSleutel();
  await wf.db.koppeling.create({
    data: {
      id: koppelingId,
      naam: 'Systeem',
      soort: 'DEELNEMER',
      deelnemerId: deelnemer.deelnemerId,
      kanaal: 'HTTPS',
      url: sim.partnerUrl('deelnemer', koppelingId),
      ...versleutelKoppelingSleutel(loadPayloadCodecConfig(), koppelingId, sleutel),
    },
  });
  sim.voegToe({ soort: 'deelnemer', id: koppelingId, sleutel, gedrag });
  const casusId = await createCasus(wf.db, aanvrager);
  const id = randomUUID();
  const termijnOp = new Date((await wf.env.currentTimeMs()) + TERMIJN_DAGEN * 86_400_000);
  await wf.db.informatieverzoek.create({
    data: {
      id,
      casusId,
      aanDeelnemerId: deelnemer.deelnemerId,
      namensDeelnemerId: aanvrager.deelnemerId,
      taak: 'Zorg.',
      doel: 'Beeld.',
      reden: 'Triage.',
      medewerkerId: aanvrager.medewerkerId,
      termijnOp,
    },
  });
  const handle = await wf.env.client.workflow.start(informatieverzoekWorkflow, {
    taskQueue: wf.taskQueue,
    workflowId: informatieverzoekWorkflowId(id),
    args: [{ verzoekId: id }],
  });
  const { casusnummer } = await wf.db.casus.findUniqueOrThrow({ where: { id: casusId } });
  return { id, koppelingId, termijnOp, handle, casusnummer };
}

const escalaties = (casusnummer: string) =>
  wf.mail.berichten.filter((m) => m.subject?.startsWith(`Escalatie: informatieverzoek casus ${casusnummer} `));

test('delivered but never answered: at the deadline the procesregie is warned, once', async () => {
  const v = await verzoekAan({ stil: true });
  const status = await v.handle.result();
  expect(status).toMatchObject({ fase: 'GEESCALEERD', escalatie: 'NIET_BEANTWOORD', afgeleverdVia: 'HTTPS' });
  expect(await wf.env.currentTimeMs()).toBeGreaterThanOrEqual(v.termijnOp.getTime());
  expect(await wf.db.informatieverzoek.findUniqueOrThrow({ where: { id: v.id } })).toMatchObject({
    afgeleverdVia: 'HTTPS',
    geescaleerdOp: expect.any(Date),
    beantwoordOp: null,
  });
  const mails = escalaties(v.casusnummer);
  expect(mails).toHaveLength(1);
  expect(mails[0]?.to).toMatchObject({ text: 'procesregie@zvh.test' });
  expect(mails[0]?.text).toContain('niet binnen de termijn beantwoord');
  // Ids and dates only in Temporal (decrypted here): what is asked, and of whom, lives in Postgres.
  const history = await v.handle.fetchHistory();
  const decoded = await new EncryptionCodec(TEST_ONLY_PAYLOAD_KEYS).decode(
    historyPayloads(history).map((p) => p.payload),
  );
  const text = [historyText(history), ...decoded.map((p) => Buffer.from(p.data ?? []).toString('utf8'))].join('\n');
  expect(text).toContain(v.id);
  expect(text).not.toMatch(/Beeld|Triage|Zorg\./);
  await recordHistory('informatieverzoek-geescaleerd', v.handle);
});

test('never reachable: retried with backoff until the deadline (same Idempotency-Key), then escalated as not delivered', async () => {
  const v = await verzoekAan({ faalEerst: Number.MAX_SAFE_INTEGER });
  const status = await v.handle.result();
  expect(status).toMatchObject({ fase: 'GEESCALEERD', escalatie: 'NIET_AFGELEVERD', afgeleverdVia: null });
  const pogingen = sim.ontvangen(v.koppelingId);
  expect(pogingen.length).toBeGreaterThan(10); // backoff up to an hour over ten days
  expect(new Set(pogingen.map((p) => p.idempotencyKey))).toEqual(new Set([`informatieverzoek-${v.id}`]));
  expect(await wf.db.informatieverzoek.findUniqueOrThrow({ where: { id: v.id } })).toMatchObject({
    afgeleverdOp: null,
    geescaleerdOp: expect.any(Date),
  });
  expect(escalaties(v.casusnummer)[0]?.text).toContain('kon tot de termijn niet worden afgeleverd');
});

test('answered in time: no escalation', async () => {
  const v = await verzoekAan({ stil: true });
  await wf.env.sleep('3 days');
  await wf.db.informatieverzoek.update({
    where: { id: v.id },
    data: { beantwoordOp: new Date(await wf.env.currentTimeMs()) },
  }); // as the API stores it
  await v.handle.signal(beantwoord);
  expect(await v.handle.result()).toMatchObject({ fase: 'BEANTWOORD', escalatie: null, afgeleverdVia: 'HTTPS' });
  expect(escalaties(v.casusnummer)).toHaveLength(0);
  expect(await wf.db.informatieverzoek.findUniqueOrThrow({ where: { id: v.id } })).toMatchObject({
    geescaleerdOp: null,
  });
  await recordHistory('informatieverzoek-beantwoord', v.handle);
});
