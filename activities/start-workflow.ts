import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type SearchAttributePair } from '@temporalio/common';

/**
 * Starts a workflow on this worker's task queue with the worker's own client, once: the id is the key, so a retried
 * activity or a second caller finds it started. Used instead of a child workflow where the started one must be
 * independent of the starter's history and end (and Temporal's time-skipping test server mishandles a finished parent
 * with children: sdk-java #2392).
 */
export async function startEenmaal(workflowType: string, workflowId: string, args: unknown[], typedSearchAttributes: SearchAttributePair[] = []): Promise<void> {
  const { client, info } = Context.current();
  await client.workflow
    .start(workflowType, { taskQueue: info.taskQueue, workflowId, args, typedSearchAttributes, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE })
    .catch((err: unknown) => {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    });
}
