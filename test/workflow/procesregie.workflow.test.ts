import type { Actor } from '../../domain/casus';
import { besluit, casusStatus, casusWorkflow, casusWorkflowId, intakeBesluit } from '../../workflows/casus';
import { createCasus, createMedewerker, proposeBesluit } from '../support/fixtures';
import { startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';

// A ZVH that chose Afspr. 12.2 option 1 (ZVH_PROCESREGISSEUR_BEOORDEELT=true): the Update validators let the
// procesregisseur take the intake and the final criteria assessment on behalf of the overheidsdeelnemers.
let wf: WorkflowTestEnv;
jest.setTimeout(60_000);

beforeAll(async () => {
  wf = await startWorkflowEnv({ procesregisseurBeoordeelt: true });
});

afterAll(() => wf?.stop());

test('the procesregisseur takes intake and final assessment; the selection stays with the overheidsdeelnemers', async () => {
  const { db, env } = wf;
  const aanmelder: Actor = { ...(await createMedewerker(db, 'OVERHEID')), deelnemerType: 'OVERHEID', rollen: [] };
  const regie: Actor = {
    ...(await createMedewerker(db, 'PRIVAAT')),
    deelnemerType: 'PRIVAAT',
    rollen: ['procesregisseur'],
  };
  const casusId = await createCasus(db, aanmelder, new Date(await env.currentTimeMs()));
  const handle = await env.client.workflow.start(casusWorkflow, {
    taskQueue: wf.taskQueue,
    workflowId: casusWorkflowId(casusId),
    args: [{ casusId }],
  });
  // Until the context (with the ZVH's choice) is loaded, the validators know nothing of it; its intake deadline shows it.
  for (let i = 0; i < 100 && (await handle.query(casusStatus)).volgendeDeadline === null; i++)
    await new Promise((r) => setTimeout(r, 100));
  expect((await handle.query(casusStatus)).volgendeDeadline).not.toBeNull();

  const intake = await proposeBesluit(db, casusId, regie, 'INTAKE', 'IN_BEHANDELING');
  expect(
    (
      await handle.executeUpdate(intakeBesluit, {
        args: [{ besluitId: intake, actor: regie, uitkomst: 'IN_BEHANDELING' }],
      })
    ).fase,
  ).toBe('TRIAGE');
  const eind = await proposeBesluit(db, casusId, regie, 'EINDBEOORDELING', 'VOLDAAN');
  expect(
    (
      await handle.executeUpdate(besluit, {
        args: [{ besluitId: eind, actor: regie, soort: 'EINDBEOORDELING', uitkomst: 'VOLDAAN' }],
      })
    ).fase,
  ).toBe('SELECTIE_DEELNEMERS');
  const selectie = await proposeBesluit(db, casusId, regie, 'SELECTIE', 'GESELECTEERD', {
    gegevens: { deelnemers: [aanmelder.deelnemerId] },
  });
  await expect(
    handle.executeUpdate(besluit, {
      args: [{ besluitId: selectie, actor: regie, soort: 'SELECTIE', uitkomst: 'GESELECTEERD' }],
    }),
  ).rejects.toMatchObject({ cause: { type: 'NIET_BEVOEGD' } });
  await handle.terminate('test done');
});
