import type { DataConverter } from '@temporalio/common';
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
  /** Must match the clients' (payload encryption, infra/codec.ts). */
  dataConverter: DataConverter;
}

export const createWorker = ({ connection, namespace, taskQueue, db, policy, dataConverter }: WorkerDeps): Promise<Worker> =>
  Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities(db, policy),
    dataConverter,
  });
