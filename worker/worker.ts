import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Policy } from '../domain/policy';
import type { Db } from '../infra/db';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  policy: Policy;
}

export const createWorker = ({ connection, namespace, taskQueue, db, policy }: WorkerDeps): Promise<Worker> =>
  Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities(db, policy),
  });
