import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { devPayloadKeys } from './codec';
import { loadWebConfig, loadWorkerSizing } from './config';
import { ensureAppRole } from './app-role';
import { embeddedPostgres } from './embedded-postgres';
import { API_SCOPE, prepareIssuerKey } from './local-issuer';
import { createLogger } from './logger';
import { startMailSink } from './mail-sink';
import { migrate } from './migrate';
import { defaultRestartPolicy, supervise, type ProcessSpec, type RestartPolicy, type Supervised } from './supervisor';
import { taskQueuePollers } from './temporal';
import { DEV_SERVER_LONG_POLL_S, temporalDevServer } from './temporal-dev-server';
import { freePort, repoRoot, until } from './tools';
import { API_BASISPAD } from './api-versie';

export interface StackOptions {
  /** Where Postgres data, the Temporal SQLite file and logs go. */
  dataDir: string;
  /** Persist Temporal state in SQLite (npm start) or keep it in memory (tests). */
  persistentTemporal: boolean;
  apiPort: number;
  /** Port of the local OpenID Provider (used unless OIDC_ISSUER is set); undefined picks a free one. */
  issuerPort?: number;
  /** Temporal frontend port of the dev server; undefined picks a free one. */
  temporalPort?: number;
  /** Temporal Web UI port; undefined runs the dev server headless. */
  uiPort?: number;
  /** Every process logs to a file per process in `<dataDir>/logs`; 'inherit' also copies the worker's and API's. */
  output: 'inherit' | 'files';
  /** The worker's task queue (default TEMPORAL_TASK_QUEUE, else zvh-casus); two stacks on one Temporal need two. */
  taskQueue?: string;
  /** How processes that exit are restarted (default: infra/supervisor.ts defaultRestartPolicy). */
  restart?: Partial<RestartPolicy>;
  /** Extra environment for the worker and API. */
  env?: NodeJS.ProcessEnv;
  /** Runs after migrations, before the worker and API start (e.g. demo seed). */
  prepare?: (databaseUrl: string) => Promise<void>;
}

export interface Stack {
  /** The owner's connection (migrations, tools, test fixtures). */
  databaseUrl: string;
  /** What the API and worker connect with: a role that owns nothing when the stack runs its own Postgres. */
  appDatabaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  apiUrl: string;
  uiUrl?: string;
  /**
   * Key directory of the local OpenID Provider, for minting tokens and its accounts (infra/local-issuer.ts); absent
   * with OIDC_ISSUER.
   */
  issuerDir?: string;
  logDir: string;
  /** Where the worker delivers archive packages (ZVH_ARCHIEF_MAP). */
  archiefMap: string;
  /** The local mailbox's folder (.eml files), when SMTP_HOST was not set. */
  mailDir?: string;
  /** The environment the worker and API run with (payload keys, addresses). */
  env: NodeJS.ProcessEnv;
  /** The supervised processes: pid, restarts, kill one and wait until it is back (chaos tests). */
  processes: StackProcesses;
  /** Stops every process, the API first and Postgres last (idempotent). */
  stop(): Promise<void>;
}

export interface StackProcesses {
  api: Supervised;
  worker: Supervised;
  /** The local OpenID Provider (infra/oidc-provider.ts); only without OIDC_ISSUER. */
  issuer?: Supervised;
  /** Only when the stack runs the dev server; it loses its state on a restart unless persistentTemporal. */
  temporal?: Supervised;
  /** Only when the stack runs its own Postgres. */
  postgres?: Supervised;
}

/**
 * The whole system on one machine: Postgres (embedded unless DATABASE_URL is set), Temporal (dev server unless
 * TEMPORAL_ADDRESS is set), then the worker and the API as separate processes, exactly as they run in production.
 * A supervisor restarts each of those processes when it exits (infra/supervisor.ts).
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const logDir = join(opts.dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const toFile = (line: string) => appendFileSync(join(logDir, 'stack.log'), line);
  const log = opts.output === 'inherit' ? createLogger('stack') : createLogger('stack', 'info', toFile);
  const policy = { ...defaultRestartPolicy, ...opts.restart };
  const processes: Partial<StackProcesses> = {};
  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const s of stops.reverse()) await s().catch(() => undefined);
    })());
  const run = async (name: keyof StackProcesses, spec: ProcessSpec): Promise<Supervised> => {
    const p = await supervise(spec, log, policy);
    stops.push(() => p.stop());
    processes[name] = p;
    return p;
  };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    const embedded = !databaseUrl;
    if (!databaseUrl) {
      const pg = await embeddedPostgres({
        dataDir: join(opts.dataDir, 'postgres', 'data'),
        port: await freePort(),
        database: 'zvh',
        logFile: join(logDir, 'postgres.log'),
      });
      await run('postgres', pg.spec);
      databaseUrl = pg.databaseUrl;
    }
    await migrate(databaseUrl);
    await opts.prepare?.(databaseUrl);
    // On its own Postgres the stack lets API and worker in as a role that owns nothing; an external DATABASE_URL is
    // taken as given (README: give them such a role).
    const appDatabaseUrl = embedded ? await ensureAppRole(databaseUrl) : databaseUrl;

    const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let devServerEnv = {};
    if (!temporalAddress) {
      const server = temporalDevServer({
        port: opts.temporalPort ?? (await freePort()),
        uiPort: opts.uiPort,
        dbFile: opts.persistentTemporal ? join(opts.dataDir, 'temporal.sqlite') : undefined,
        namespace,
        logFile: join(logDir, 'temporal.log'),
        codecEndpoint: `http://127.0.0.1:${opts.apiPort}${API_BASISPAD}/codec`, // the API's codec for the Web UI, as the browser reaches it
      });
      await run('temporal', server.spec);
      temporalAddress = server.address;
      // Its idle pollers are seen every few seconds, so readiness can notice a dead worker that soon.
      devServerEnv = { API_READY_POLLER_MAX_AGE_MS: String(3 * DEV_SERVER_LONG_POLL_S * 1000) };
    }

    const apiUrl = `http://127.0.0.1:${opts.apiPort}`;
    let oidcIssuer = process.env.OIDC_ISSUER;
    const issuerDir = oidcIssuer ? undefined : join(opts.dataDir, 'issuer');
    // With the local OpenID Provider the web application is its one client, with a secret made for this run.
    let webClient: NodeJS.ProcessEnv = {};
    if (issuerDir) {
      const port = opts.issuerPort ?? (await freePort());
      oidcIssuer = `http://127.0.0.1:${port}`;
      await prepareIssuerKey(issuerDir, oidcIssuer);
      webClient = {
        ZVH_WEB_URL: process.env.ZVH_WEB_URL ?? apiUrl,
        ZVH_WEB_CLIENT_ID: 'zvh-web',
        ZVH_WEB_CLIENT_SECRET: randomBytes(32).toString('base64url'),
        ZVH_WEB_SCOPE: `openid profile ${API_SCOPE}`, // the provider's scope for the API's access token
      };
      const discovery = `${oidcIssuer}/.well-known/openid-configuration`;
      await run('issuer', {
        name: 'issuer',
        command: process.execPath,
        args: ['--require', 'tsx/cjs', 'infra/oidc-provider-main.ts'],
        cwd: repoRoot,
        env: {
          ...process.env,
          ...webClient,
          ZVH_ISSUER_DIR: issuerDir,
          ZVH_ISSUER_PORT: String(port),
          ZVH_ISSUER_TOKEN_SECONDEN: String(
            loadWebConfig({ ...process.env, ...opts.env }).ZVH_WEB_SESSIE_MAX_UREN * 3600,
          ),
        },
        ipc: true,
        logFile: join(logDir, 'issuer.log'),
        ready: (_c, signal) => until(signal, () => fetch(discovery).then((r) => r.ok)),
      });
    }

    const taskQueue = opts.taskQueue ?? process.env.TEMPORAL_TASK_QUEUE ?? 'zvh-casus';
    const payloadKeys = process.env.ZVH_PAYLOAD_KEYS ? {} : devPayloadKeys(join(opts.dataDir, 'keys')); // local only (infra/codec.ts)
    const archiefMap = process.env.ZVH_ARCHIEF_MAP ?? join(opts.dataDir, 'archief');
    // Without SMTP_HOST, a local mailbox takes the worker's mail: each message lands as an .eml file in <dataDir>/mail.
    const mailDir = process.env.SMTP_HOST ? undefined : join(opts.dataDir, 'mail');
    let smtp = {};
    if (mailDir) {
      const sink = await startMailSink({ dir: mailDir });
      stops.push(sink.stop);
      smtp = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port) };
    }
    // A development stack: koppelingen may point at the simulator or another local ZVH on this machine.
    const ontwikkeling = { ZVH_KOPPELING_LOOPBACK_TOEGESTAAN: 'true' };
    const env = {
      ...ontwikkeling,
      ...devServerEnv,
      ...process.env,
      ...payloadKeys,
      ZVH_ARCHIEF_MAP: archiefMap,
      ...smtp,
      ...opts.env,
      ...webClient,
      OIDC_ISSUER: oidcIssuer,
      DATABASE_URL: appDatabaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      API_PORT: String(opts.apiPort),
      API_HOST: '127.0.0.1',
      ZVH_API_URL: process.env.ZVH_API_URL ?? apiUrl,
    };
    // The worker's heap is a flag of its process, so the supervisor sets it (invalid sizing stops the stack here).
    const heap = { api: [], worker: [`--max-old-space-size=${loadWorkerSizing(env).WORKER_MAX_HEAP_MB}`] };
    const node = (name: 'api' | 'worker', file: string, ready: ProcessSpec['ready']): ProcessSpec => ({
      name,
      command: process.execPath,
      args: [...heap[name], '--require', 'tsx/cjs', file],
      cwd: repoRoot,
      env,
      ipc: true,
      tee: opts.output === 'inherit',
      logFile: join(logDir, `${name}.log`),
      ready,
    });
    const address = temporalAddress;
    // A worker is ready once Temporal sees it (its identity is `<pid>@<host>`) poll for both kinds of task.
    const polls: ProcessSpec['ready'] = (child, signal) =>
      until(signal, async () => {
        const connection = await Connection.connect({ address, connectTimeout: 1000 });
        try {
          const pollers = await taskQueuePollers(connection, namespace, taskQueue);
          const mine = (ps: Array<{ identity: string }>) => ps.some((p) => p.identity.startsWith(`${child.pid}@`));
          return mine(pollers.workflow) && mine(pollers.activity);
        } finally {
          await connection.close();
        }
      });
    const answers = (path: string) => () => fetch(`${apiUrl}${path}`).then((r) => r.ok);
    // Started side by side; both settle before a failure stops the stack, so neither is left behind.
    const started = await Promise.allSettled([
      run('worker', node('worker', 'worker/main.ts', polls)),
      run(
        'api',
        node('api', 'api/main.ts', (_c, signal) => until(signal, answers('/health/live'))),
      ),
    ]);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    if (!(await until(AbortSignal.timeout(120_000), answers('/health/ready')))) {
      throw new Error(`API not ready at ${apiUrl}/health/ready within 120 s; see ${logDir}`);
    }
    const uiUrl = opts.uiPort === undefined ? undefined : `http://127.0.0.1:${opts.uiPort}`;
    const addresses = { databaseUrl, appDatabaseUrl, temporalAddress, namespace, taskQueue, apiUrl, uiUrl };
    const all = processes as StackProcesses; // api and worker are there: both started
    return { ...addresses, issuerDir, archiefMap, mailDir, env, logDir, processes: all, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
