import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Actor } from '../../domain/casus';
import { EncryptionCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../infra/codec';
import type { Db } from '../../infra/db';
import { besluit, casusStatus, casusWorkflow, casusWorkflowId, intakeBesluit } from '../../workflows/casus';
import { zvhFase, zvhVolgendeDeadline } from '../../workflows/search-attributes';
import { createCasus, createMedewerker, proposeBesluit } from '../support/fixtures';
import { historyPayloads, historyText, recordHistory, TEST_ONLY_PAYLOAD_KEYS } from '../support/history';
import { startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';

// The casus workflow's intake on Temporal's time-skipping test server, with its activities on the real Postgres
// (the process after intake: casus-proces.workflow.test.ts).
let wf: WorkflowTestEnv;
let env: TestWorkflowEnvironment;
let db: Db;
let taskQueue: string;
let overheid: Actor;
let privaat: Actor;

beforeAll(async () => {
  wf = await startWorkflowEnv();
  ({ env, db, taskQueue } = wf);
  overheid = { ...(await createMedewerker(db, 'OVERHEID')), deelnemerType: 'OVERHEID', rollen: [] };
  privaat = { ...(await createMedewerker(db, 'PRIVAAT')), deelnemerType: 'PRIVAAT', rollen: [] };
});

afterAll(() => wf?.stop());

async function startCasus(aanmeldDatum = new Date()) {
  const casusId = await createCasus(db, overheid, aanmeldDatum);
  const handle = await env.client.workflow.start(casusWorkflow, {
    taskQueue,
    workflowId: casusWorkflowId(casusId),
    args: [{ casusId }],
  });
  return { casusId, handle };
}

async function refusalType(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return (cause as ApplicationFailure).type ?? undefined;
}

test('a new casus awaits intake with the policy deadline, visible as search attributes', async () => {
  const aanmeldDatum = new Date('2026-03-02T10:00:00Z');
  const { casusId, handle } = await startCasus(aanmeldDatum);
  const status = await handle.query(casusStatus);
  expect(status.fase).toBe('AANMELDING');
  // The query may run before the context activity completed; wait for the deadline to be published.
  await env.sleep('1 second');
  const published = await handle.query(casusStatus);
  expect(published).toEqual({ casusId, fase: 'AANMELDING', volgendeDeadline: '2026-03-16T10:00:00.000Z' });
  const sa = (await handle.describe()).typedSearchAttributes;
  expect(sa.get(zvhFase)).toBe('AANMELDING');
  expect(sa.get(zvhVolgendeDeadline)?.toISOString()).toBe('2026-03-16T10:00:00.000Z');
});

test('only an overheidsdeelnemer may decide the intake; the refused besluit does not change the casus', async () => {
  const { casusId, handle } = await startCasus();
  const besluitId = await proposeBesluit(db, casusId, privaat, 'INTAKE', 'IN_BEHANDELING');
  await expect(
    refusalType(
      handle.executeUpdate(intakeBesluit, { args: [{ besluitId, actor: privaat, uitkomst: 'IN_BEHANDELING' }] }),
    ),
  ).resolves.toBe('NIET_BEVOEGD');
  expect((await handle.query(casusStatus)).fase).toBe('AANMELDING');
  expect((await db.besluit.findUniqueOrThrow({ where: { id: besluitId } })).status).toBe('VOORGESTELD');
});

test('intake in behandeling moves the casus to TRIAGE in workflow and database; a second decision is refused', async () => {
  const { casusId, handle } = await startCasus();
  const besluitId = await proposeBesluit(db, casusId, overheid, 'INTAKE', 'IN_BEHANDELING');
  const status = await handle.executeUpdate(intakeBesluit, {
    args: [{ besluitId, actor: overheid, uitkomst: 'IN_BEHANDELING' }],
  });
  // The update answers with the casus' voorlopige archiefdatum: the maximum bewaartermijn while it is open.
  expect(status).toMatchObject({ casusId, fase: 'TRIAGE', volgendeDeadline: expect.any(String) });
  expect((await db.casus.findUniqueOrThrow({ where: { id: casusId } })).fase).toBe('TRIAGE');
  expect((await db.besluit.findUniqueOrThrow({ where: { id: besluitId } })).status).toBe('VASTGESTELD');
  expect((await handle.describe()).typedSearchAttributes.get(zvhFase)).toBe('TRIAGE');
  const audit = await db.auditLog.findMany({ where: { casusId, actie: 'casus.intakebesluit' } });
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({
    medewerkerId: overheid.medewerkerId,
    deelnemerId: overheid.deelnemerId,
    uitkomst: 'TOEGESTAAN',
  });

  const tweede = await proposeBesluit(db, casusId, overheid, 'INTAKE', 'NIET_IN_BEHANDELING');
  await expect(
    refusalType(
      handle.executeUpdate(intakeBesluit, {
        args: [{ besluitId: tweede, actor: overheid, uitkomst: 'NIET_IN_BEHANDELING' }],
      }),
    ),
  ).resolves.toBe('VERKEERDE_FASE');
  expect((await handle.query(casusStatus)).fase).toBe('TRIAGE');
  await recordHistory('casus-intake-in-behandeling', handle);
});

test('intake niet in behandeling sets the archiefdatum one year after aanmelding (SPEC §5)', async () => {
  // 00:30 in Amsterdam on 15 January: the legal date is the Dutch one, not the UTC one (14 January).
  const { casusId, handle } = await startCasus(new Date('2026-01-14T23:30:00Z'));
  const besluitId = await proposeBesluit(db, casusId, overheid, 'INTAKE', 'NIET_IN_BEHANDELING');
  const status = await handle.executeUpdate(intakeBesluit, {
    args: [{ besluitId, actor: overheid, uitkomst: 'NIET_IN_BEHANDELING' }],
  });
  expect(status.fase).toBe('NIET_IN_BEHANDELING');
  expect(status.volgendeDeadline).toBe('2027-01-14T23:00:00.000Z'); // midnight in Amsterdam
  const casus = await db.casus.findUniqueOrThrow({ where: { id: casusId } });
  expect(casus.fase).toBe('NIET_IN_BEHANDELING');
  expect(casus.archiefDatum?.toISOString()).toBe('2027-01-15T00:00:00.000Z');
  await recordHistory('casus-intake-niet-in-behandeling', handle);
});

test('the history on the server holds only ciphertext, which the codec decodes', async () => {
  const { casusId, handle } = await startCasus();
  const besluitId = await proposeBesluit(db, casusId, overheid, 'INTAKE', 'IN_BEHANDELING');
  await handle.executeUpdate(intakeBesluit, { args: [{ besluitId, actor: overheid, uitkomst: 'IN_BEHANDELING' }] });
  const history = await handle.fetchHistory(); // raw, as the server stores it
  const payloads = historyPayloads(history);
  expect(payloads.length).toBeGreaterThan(0);
  const meta = (p: (typeof payloads)[number], key: string) =>
    Buffer.from(p.payload.metadata?.[key] ?? []).toString('utf8');
  expect(payloads.filter((p) => meta(p, 'encoding') !== ENCRYPTED_ENCODING).map((p) => p.path)).toEqual([]);
  expect(new Set(payloads.map((p) => meta(p, KEY_ID_METADATA)))).toEqual(new Set([TEST_ONLY_PAYLOAD_KEYS.activeKeyId]));
  const raw = Buffer.concat(payloads.map((p) => Buffer.from(p.payload.data ?? []))).toString('latin1');
  for (const secret of [casusId, besluitId, overheid.medewerkerId]) expect(raw).not.toContain(secret);
  // The ids appear outside payloads only in the workflow id; the decoded payloads carry them.
  expect(historyText(history)).not.toContain(besluitId);
  const decoded = await new EncryptionCodec(TEST_ONLY_PAYLOAD_KEYS).decode(payloads.map((p) => p.payload));
  const plain = decoded.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
  expect(plain).toContain(casusId);
  expect(plain).toContain(besluitId);
});

// Last in this file: it moves the shared test server's clock three weeks ahead.
test('a missing intake decision: a reminder at the deadline, an escalation a week later, both by mail without personal data', async () => {
  const aanmeldDatum = new Date(await env.currentTimeMs());
  const { casusId, handle } = await startCasus(aanmeldDatum);
  const casusnummer = (await db.casus.findUniqueOrThrow({ where: { id: casusId } })).casusnummer;
  const voor = (niveau: string) =>
    wf.mail.berichten.filter((m) => m.subject?.includes(casusnummer) && m.subject.startsWith(niveau));
  const wachtOp = async (niveau: string) => {
    for (let i = 0; i < 100 && voor(niveau).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    return voor(niveau);
  };

  await env.sleep('13 days');
  expect(voor('Herinnering')).toHaveLength(0);
  await env.sleep('2 days');
  const [herinnering] = await wachtOp('Herinnering');
  expect(herinnering?.to).toMatchObject({ text: 'procesregie@zvh.test' });
  expect(herinnering?.text).toContain(`Casus ${casusnummer}`);
  expect(voor('Escalatie')).toHaveLength(0);

  await env.sleep('7 days');
  const [escalatie] = await wachtOp('Escalatie');
  expect(escalatie?.to).toMatchObject({ text: 'netwerkmanager@zvh.test' });
  expect(
    (await db.auditLog.findMany({ where: { casusId, actie: 'casus.herinnering' } }))
      .map((a) => (a.detail as { niveau: string }).niveau)
      .sort(),
  ).toEqual(['ESCALATIE', 'HERINNERING']);

  // The decision still comes in as usual; nothing is sent again.
  const besluitId = await proposeBesluit(db, casusId, overheid, 'INTAKE', 'IN_BEHANDELING');
  expect(
    (await handle.executeUpdate(intakeBesluit, { args: [{ besluitId, actor: overheid, uitkomst: 'IN_BEHANDELING' }] }))
      .fase,
  ).toBe('TRIAGE');
  expect([...voor('Herinnering'), ...voor('Escalatie')]).toHaveLength(2);
  await recordHistory('casus-intake-herinnering', handle);
});

test('a timely intake decision sends no reminder', async () => {
  const { casusId, handle } = await startCasus(new Date(await env.currentTimeMs()));
  const casusnummer = (await db.casus.findUniqueOrThrow({ where: { id: casusId } })).casusnummer;
  await env.sleep('3 days');
  const besluitId = await proposeBesluit(db, casusId, overheid, 'INTAKE', 'NIET_IN_BEHANDELING');
  await handle.executeUpdate(intakeBesluit, {
    args: [{ besluitId, actor: overheid, uitkomst: 'NIET_IN_BEHANDELING' }],
  });
  await env.sleep('30 days');
  expect(wf.mail.berichten.filter((m) => m.subject?.includes(casusnummer))).toEqual([]);
});

test('003 Bewaartermijnen: an involved overheidsdeelnemer reopens on terugval 8 months after afsluiting', async () => {
  const { casusId, handle } = await startCasus(new Date(await env.currentTimeMs()));
  const intake = await proposeBesluit(db, casusId, overheid, 'INTAKE', 'IN_BEHANDELING');
  const intakeArgs = { besluitId: intake, actor: overheid, uitkomst: 'IN_BEHANDELING' as const };
  await handle.executeUpdate(intakeBesluit, { args: [intakeArgs] });
  const stappen = [
    ['EINDBEOORDELING', 'VOLDAAN', {}],
    ['SELECTIE', 'GESELECTEERD', { gegevens: { deelnemers: [overheid.deelnemerId] } }],
    ['AFSLUITING', 'AFGESLOTEN', { motivering: 'Stabiel.' }],
  ] as const;
  for (const [soort, uitkomst, extra] of stappen) {
    const besluitId = await proposeBesluit(db, casusId, overheid, soort, uitkomst, extra);
    await handle.executeUpdate(besluit, { args: [{ besluitId, actor: overheid, soort, uitkomst }] });
  }
  // The default reopening window is the year to the archiefdatum: afgeschaald, not afgeschermd, until archived.
  expect(await handle.query(casusStatus)).toMatchObject({ fase: 'AFGESCHAALD', volgendeStap: 'ARCHIVEREN' });
  await env.sleep('240 days');
  expect((await handle.query(casusStatus)).fase).toBe('AFGESCHAALD');
  const heropening = await proposeBesluit(db, casusId, overheid, 'HEROPENING', 'HEROPEND', { motivering: 'Terugval.' });
  const heropend = await handle.executeUpdate(besluit, {
    args: [{ besluitId: heropening, actor: overheid, soort: 'HEROPENING', uitkomst: 'HEROPEND' }],
  });
  expect(heropend).toMatchObject({ fase: 'CASUSOVERLEG' });
});
