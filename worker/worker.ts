import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityConfig } from '../activities';
import type { Policy } from '../domain/policy';
import type { Db } from '../infra/db';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  policy: Policy;
  activityConfig: ActivityConfig;
  /** Must match the clients' (payload encryption, infra/codec.ts). */
  dataConverter: DataConverter;
}

export const createWorker = ({ connection, namespace, taskQueue, db, policy, activityConfig, dataConverter }: WorkerDeps): Promise<Worker> =>
  Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities(db, policy, activityConfig),
    dataConverter,
  });
