import { utimes, writeFile } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { dataConverter, loadPayloadCodecConfig } from '../infra/codec';
import { loadWorkerConfig } from '../infra/config';
import { createDb, type Db } from '../infra/db';
import { createLogger, type Logger } from '../infra/logger';
import { createMailer } from '../infra/mail';
import { whenParentGone } from '../infra/processes';
import { ensureSweepSchedule } from '../infra/schedules';
import { connectClient, ensureSearchAttributes } from '../infra/temporal';
import { startOpenstaande } from '../infra/workflow-start';
import { createWorker } from './worker';

/**
 * The reconciler of workflow starts (infra/workflow-start.ts), at start and every `seconden`: it takes registrations
 * at least that old, so the API's own start goes first. Logs counts only; a failure waits for the next round.
 */
function startReconciler(db: Db, client: Client, taskQueue: string, seconden: number, log: Logger): NodeJS.Timeout {
  let bezig = false;
  const ronde = async () => {
    if (bezig) return;
    bezig = true;
    try {
      const herstel = await startOpenstaande(db, client, taskQueue, new Date(Date.now() - seconden * 1000));
      if (herstel.gevonden > 0) log.warn('registered workflows started by the reconciler', { ...herstel });
    } catch (err) {
      log.warn('reconciler round failed', { error: err instanceof Error ? err.name : typeof err });
    } finally {
      bezig = false;
    }
  };
  void ronde();
  return setInterval(() => void ronde(), seconden * 1000).unref();
}

/** Keeps a file's mtime fresh while the worker runs, for container healthchecks (the worker has no port). */
function startHeartbeat(file: string): NodeJS.Timeout {
  const touch = () => utimes(file, new Date(), new Date()).catch(() => writeFile(file, ''));
  void touch();
  return setInterval(() => void touch(), 10_000).unref();
}

async function main(): Promise<void> {
  // Under the local stack's supervisor: stop with it, however it ends (infra/supervisor.ts), as on SIGTERM (which
  // ends the process at once until its handler, or the Temporal SDK's, is installed).
  if (process.channel) whenParentGone(() => process.kill(process.pid, 'SIGTERM'));
  const config = loadWorkerConfig();
  const codecConfig = loadPayloadCodecConfig();
  const log = createLogger('worker', config.LOG_LEVEL);
  const clientConnection = await connectClient(config);
  await ensureSearchAttributes(clientConnection, config.TEMPORAL_NAMESPACE);
  const client = new Client({
    connection: clientConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverter(codecConfig),
  });
  await ensureSweepSchedule(client, config.TEMPORAL_TASK_QUEUE, config.ZVH_SWEEP_UUR);

  const db = createDb(config.DATABASE_URL, { queryTimeoutMs: config.WORKER_DB_QUERY_TIMEOUT_MS });
  const reconciler = startReconciler(
    db,
    client,
    config.TEMPORAL_TASK_QUEUE,
    config.ZVH_WORKFLOW_START_CONTROLE_SECONDEN,
    log,
  );
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    policy: config.policy,
    activityConfig: {
      archiefMap: config.ZVH_ARCHIEF_MAP,
      ZVH_ARCHIEF_URL: config.ZVH_ARCHIEF_URL,
      ZVH_ARCHIEFVORMER: config.ZVH_ARCHIEFVORMER,
      ZVH_ARCHIEFVORMER_ID: config.ZVH_ARCHIEFVORMER_ID,
      ZVH_ARCHIEF_BEWAARTERMIJN_JAREN: config.ZVH_ARCHIEF_BEWAARTERMIJN_JAREN,
      mailer: createMailer(config.mail),
      mail: config.mail,
      koppeling: {
        sleutels: codecConfig,
        afzender: config.ZVH_KOPPELING_AFZENDER,
        timeoutMs: config.ZVH_KOPPELING_TIMEOUT_MS,
        apiUrl: config.ZVH_API_URL,
        loopbackToegestaan: config.ZVH_KOPPELING_LOOPBACK_TOEGESTAAN,
      },
    },
    dataConverter: dataConverter(codecConfig),
    sizing: config,
  });
  const heartbeat = config.WORKER_HEARTBEAT_FILE ? startHeartbeat(config.WORKER_HEARTBEAT_FILE) : undefined;
  // The heap limit is the process's (WORKER_MAX_HEAP_MB only where the stack's supervisor starts it): log what holds.
  const heapMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  const { WORKER_MAX_CACHED_WORKFLOWS: cache, WORKER_WORKFLOW_THREADS: threads } = config;
  const { TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_NAMESPACE: namespace } = config;
  log.info('worker started', { taskQueue, namespace, heapMb, cache, threads });
  // The SDK's runtime shuts the worker down on SIGINT/SIGTERM; run() resolves once in-flight tasks are done.
  await worker.run();
  clearInterval(heartbeat);
  clearInterval(reconciler);
  await connection.close();
  await clientConnection.close();
  await db.$disconnect();
  log.info('worker stopped');
}

main().catch((err: unknown) => {
  createLogger('worker').error('worker failed', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
