import { Context } from '@temporalio/activity';
import type { SearchAttributePair } from '@temporalio/common';
import type { Db } from '../infra/db';
import { operatorView } from '../infra/operator-view';
import { startEenmaal as startMet } from '../infra/workflow-start';

/**
 * Starts a workflow on this worker's task queue with the worker's own client, once: the id is the key, so a retried
 * activity or a second caller finds it started. Used instead of a child workflow where the started one must be
 * independent of the starter's history and end (and Temporal's time-skipping test server mishandles a finished parent
 * with children: sdk-java #2392). It starts with the operator view (infra/operator-view.ts) like every other start.
 */
export async function startEenmaal(
  db: Db,
  workflowType: string,
  workflowId: string,
  args: [unknown],
  typedSearchAttributes: SearchAttributePair[] = [],
): Promise<void> {
  const { client, info } = Context.current();
  const view = await operatorView(db, workflowType, args[0]);
  const attributen = [...typedSearchAttributes, ...view.typedSearchAttributes];
  const taskQueue = info.taskQueue;
  await startMet(client, { ...view, taskQueue, workflowType, workflowId, args, typedSearchAttributes: attributen });
}
