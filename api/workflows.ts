import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import { startGeregistreerd } from '../infra/workflow-start';

/** How long a request waits for Temporal to take a start; the reconciler does it later otherwise. */
const START_WACHT_MS = 5_000;

/** The API's side of the workflows it registers (infra/workflow-start.ts) and the Updates it offers them. */
export interface Workflows {
  /**
   * Starts a workflow registered with its row; when Temporal does not answer, the row stays and the reconciler
   * starts it, so the request still succeeds (the row is there and its workflow is certain to follow).
   */
  start(workflowId: string): Promise<void>;
  /**
   * Offers an Update under `updateId` (Temporal answers a repeat of the same id with the first outcome). A workflow
   * registered but not started yet (Temporal was away) is started first.
   */
  update<R, A>(workflowId: string, update: UpdateDefinition<R, [A]>, args: [A], updateId: string): Promise<R>;
}

export function createWorkflows(db: Db, temporal: Client, taskQueue: string, log: Logger): Workflows {
  return {
    async start(workflowId) {
      try {
        const start = () => startGeregistreerd(db, temporal, taskQueue, workflowId);
        await temporal.withDeadline(Date.now() + START_WACHT_MS, start);
      } catch (err) {
        const error = err instanceof Error ? err.name : typeof err;
        log.warn('workflow start left to the reconciler', { workflowId, error });
      }
    },
    async update(workflowId, update, args, updateId) {
      const handle = temporal.workflow.getHandle(workflowId);
      try {
        return await handle.executeUpdate(update, { args, updateId });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        if (!(await startGeregistreerd(db, temporal, taskQueue, workflowId))) throw err;
        return handle.executeUpdate(update, { args, updateId });
      }
    },
  };
}
