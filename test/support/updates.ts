import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type QueryDefinition } from '@temporalio/common';

/** The failure type of an Update its validator or handler refused (e.g. NIET_BEVOEGD, VERKEERDE_FASE). */
export async function weigering(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return (cause as ApplicationFailure).type ?? undefined;
}

/**
 * Polls a workflow's query until its answer matches: activities run in real time while the test server's clock
 * jumps, and a workflow that has not started yet answers nothing.
 */
export async function totdatQuery<S>(
  handle: WorkflowHandle,
  query: QueryDefinition<S>,
  klaar: (s: S) => boolean,
  pogingen = 100,
): Promise<S> {
  let laatst: S | undefined;
  for (let i = 0; i < pogingen; i++) {
    // Each query gets 3 s: the test server can leave one unanswered for good (a query that reaches a workflow task
    // that continues as new; see test/workflow/topx.workflow.test.ts), and the poll must then fail, not hang.
    laatst = await handle.client.connection
      .withDeadline(Date.now() + 3000, () => handle.query(query))
      .catch(() => undefined);
    if (laatst !== undefined && klaar(laatst)) return laatst;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`status never matched: ${JSON.stringify(laatst)}`);
}
