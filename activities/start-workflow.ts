import { Context } from '@temporalio/activity';
import type { SearchAttributePair } from '@temporalio/common';
import { startEenmaal as startMet } from '../infra/workflow-start';

/**
 * Starts a workflow on this worker's task queue with the worker's own client, once: the id is the key, so a retried
 * activity or a second caller finds it started. Used instead of a child workflow where the started one must be
 * independent of the starter's history and end (and Temporal's time-skipping test server mishandles a finished parent
 * with children: sdk-java #2392).
 */
export async function startEenmaal(workflowType: string, workflowId: string, args: unknown[], typedSearchAttributes: SearchAttributePair[] = []): Promise<void> {
  const { client, info } = Context.current();
  await startMet(client, { taskQueue: info.taskQueue, workflowType, workflowId, args, typedSearchAttributes });
}
