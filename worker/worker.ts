import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityConfig } from '../activities';
import type { Policy } from '../domain/policy';
import type { WorkerSizing } from '../infra/config';
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
  /** Cache, threads and task slots (infra/config.ts workerSizingSchema; the heap is the process's own). */
  sizing: WorkerSizing;
}

export const createWorker = (deps: WorkerDeps): Promise<Worker> => {
  const { connection, namespace, taskQueue, db, policy, activityConfig, dataConverter, sizing } = deps;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities(db, policy, activityConfig),
    dataConverter,
    maxCachedWorkflows: sizing.WORKER_MAX_CACHED_WORKFLOWS,
    workflowThreadPoolSize: sizing.WORKER_WORKFLOW_THREADS,
    maxConcurrentActivityTaskExecutions: sizing.WORKER_MAX_ACTIVITIES,
    maxConcurrentLocalActivityExecutions: sizing.WORKER_MAX_LOCAL_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: sizing.WORKER_MAX_WORKFLOW_TASKS,
    stickyQueueScheduleToStartTimeout: sizing.WORKER_STICKY_TIMEOUT_MS,
  });
};
