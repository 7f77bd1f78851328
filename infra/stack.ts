import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { devPayloadKeys } from './codec';
import { ensureAppRole } from './app-role';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startLocalIssuer } from './local-issuer';
import { startMailSink } from './mail-sink';
import { migrate } from './migrate';
import { stopChild, stopWithParent } from './processes';
import { startTemporalDevServer } from './temporal-dev-server';
import { freePort, repoRoot } from './tools';

export interface StackOptions {
  /** Where Postgres data, the Temporal SQLite file and logs go. */
  dataDir: string;
  /** Persist Temporal state in SQLite (npm start) or keep it in memory (tests). */
  persistentTemporal: boolean;
  apiPort: number;
  /** Port of the local OIDC issuer (used unless OIDC_ISSUER is set); undefined picks a free one. */
  issuerPort?: number;
  /** Temporal frontend port of the dev server; undefined picks a free one. */
  temporalPort?: number;
  /** Temporal Web UI port; undefined runs the dev server headless. */
  uiPort?: number;
  /** Where the worker's and API's output goes: this process's stdout, or a log file per process. */
  output: 'inherit' | 'files';
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
  /** Key directory of the local OIDC issuer, for minting tokens (see infra/local-issuer.ts); absent with OIDC_ISSUER. */
  issuerDir?: string;
  logDir: string;
  /** Where the worker delivers archive packages (ZVH_ARCHIEF_MAP). */
  archiefMap: string;
  /** The local mailbox's folder (.eml files), when SMTP_HOST was not set. */
  mailDir?: string;
  /** The environment the worker and API run with (payload keys, addresses). */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * The whole system on one machine: Postgres (embedded unless DATABASE_URL is set), Temporal (dev server unless
 * TEMPORAL_ADDRESS is set), then the worker and the API as separate processes, exactly as they run in production.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const logDir = join(opts.dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    const embedded = !databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: join(opts.dataDir, 'postgres', 'data'), port: await freePort(), database: 'zvh' });
      stops.push(pg.stop);
      databaseUrl = pg.databaseUrl;
    }
    await migrate(databaseUrl);
    await opts.prepare?.(databaseUrl);
    // On its own Postgres the stack lets API and worker in as a role that owns nothing; an external DATABASE_URL is
    // taken as given (README: give them such a role).
    const appDatabaseUrl = embedded ? await ensureAppRole(databaseUrl) : databaseUrl;

    const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    if (!temporalAddress) {
      const server = await startTemporalDevServer({
        port: opts.temporalPort ?? (await freePort()),
        uiPort: opts.uiPort,
        dbFile: opts.persistentTemporal ? join(opts.dataDir, 'temporal.sqlite') : undefined,
        namespace,
        logFile: join(logDir, 'temporal.log'),
        codecEndpoint: `http://127.0.0.1:${opts.apiPort}/codec`, // the API's codec for the Web UI, as the browser reaches it
      });
      stops.push(server.stop);
      temporalAddress = server.address;
    }

    let oidcIssuer = process.env.OIDC_ISSUER;
    const issuerDir = oidcIssuer ? undefined : join(opts.dataDir, 'issuer');
    if (issuerDir) {
      const issuer = await startLocalIssuer(issuerDir, opts.issuerPort ?? (await freePort()));
      stops.push(issuer.close);
      oidcIssuer = issuer.issuer;
    }

    const taskQueue = process.env.TEMPORAL_TASK_QUEUE ?? 'zvh-casus';
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
    const env = { ...ontwikkeling, ...process.env, ...payloadKeys, ZVH_ARCHIEF_MAP: archiefMap, ...smtp, ...opts.env, OIDC_ISSUER: oidcIssuer, DATABASE_URL: appDatabaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_NAMESPACE: namespace, TEMPORAL_TASK_QUEUE: taskQueue, API_PORT: String(opts.apiPort), API_HOST: '127.0.0.1', ZVH_API_URL: process.env.ZVH_API_URL ?? `http://127.0.0.1:${opts.apiPort}` };
    const worker = runTs('worker/main.ts', env, opts.output, join(logDir, 'worker.log'));
    stops.push(() => stopChild(worker));
    const api = runTs('api/main.ts', env, opts.output, join(logDir, 'api.log'));
    stops.push(() => stopChild(api));
    const apiUrl = `http://127.0.0.1:${opts.apiPort}`;
    await waitForHealth(apiUrl, [worker, api]);
    return { databaseUrl, appDatabaseUrl, temporalAddress, namespace, taskQueue, apiUrl, issuerDir, archiefMap, mailDir, env, uiUrl: opts.uiPort === undefined ? undefined : `http://127.0.0.1:${opts.uiPort}`, logDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function runTs(file: string, env: NodeJS.ProcessEnv, output: StackOptions['output'], logFile: string): ChildProcess {
  const stdio = output === 'inherit' ? 'inherit' : 'pipe';
  const child = stopWithParent(spawn(process.execPath, ['--require', 'tsx/cjs', file], { cwd: repoRoot, env, stdio: ['ignore', stdio, stdio] }));
  if (output === 'files') {
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  return child;
}

async function waitForHealth(apiUrl: string, children: ChildProcess[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`a stack process exited early (code ${dead.exitCode})`);
    const ok = await fetch(`${apiUrl}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`API not healthy at ${apiUrl} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
