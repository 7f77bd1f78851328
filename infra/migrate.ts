import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Applies prisma/migrations the way `prisma migrate deploy` does, without Prisma's schema engine (which cannot be
 * installed here). It keeps Prisma's bookkeeping table, lock and checksums, so the real `prisma migrate` can take
 * over the same database at any time.
 */

// Relative to the repo root: one level up when run from source (infra/), two from the build (dist/infra/).
const underRoot = (...up: string[]) => path.resolve(__dirname, ...up, 'prisma', 'migrations');
export const MIGRATIONS_DIR =
  [underRoot('..'), underRoot('..', '..')].find((dir) => existsSync(dir)) ?? underRoot('..');

// Prisma migrate's own advisory lock key: holding it also keeps a concurrent `prisma migrate` out.
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// Column for column the table Prisma's Postgres connector creates.
const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
  )`;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

/** Prisma's checksum (schema-engine `checksum.rs`): sha256 of the script exactly as stored, as lowercase hex. */
function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/**
 * Prisma records the checksum of the script as it was, but also accepts the script with CRLF turned into LF and LF
 * into CRLF, so a checkout with other line endings (git autocrlf) does not count as an edited migration.
 */
function checksumMatches(script: string, recorded: string): boolean {
  return [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')].some(
    (variant) => migrationChecksum(variant) === recorded,
  );
}

/** Migration folder names in apply order; Prisma sorts them by name, byte-wise. */
function listMigrations(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function readScript(dir: string, name: string): string {
  return readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
}

export async function migrate(
  databaseUrl: string,
  log: (msg: string) => void = () => {},
): Promise<{ applied: string[] }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Session-level lock, released when the connection closes, even if we crash half-way.
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    return await applyPending(client, MIGRATIONS_DIR, log);
  } finally {
    await client.end();
  }
}

async function applyPending(client: Client, dir: string, log: (msg: string) => void): Promise<{ applied: string[] }> {
  const { rows } = await client.query<MigrationRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs FROM "_prisma_migrations" ORDER BY started_at',
  );

  // Like `prisma migrate deploy`: a failed migration may have left the schema half-changed, so a human decides first.
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length > 0) {
    const details = failed
      .map((r) => `  ${r.migration_name} (started ${r.started_at.toISOString()})${r.logs ? `: ${r.logs.trim()}` : ''}`)
      .join('\n');
    throw new Error(
      `the database has failed migrations; repair the database, then set rolled_back_at (to re-run) or finished_at ` +
        `(if completed by hand) on their "_prisma_migrations" rows:\n${details}`,
    );
  }

  const applied = new Map(
    rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r]),
  );
  const local = listMigrations(dir);

  // Stricter than `migrate deploy` (only `migrate dev` checks this): an edited migration means this database and a
  // fresh one built from the same folder would differ.
  const edited = local.filter((name) => {
    const row = applied.get(name);
    return row !== undefined && !checksumMatches(readScript(dir, name), row.checksum);
  });
  if (edited.length > 0) {
    throw new Error(
      `migration(s) modified after they were applied (checksum differs from "_prisma_migrations"): ${edited.join(', ')}; ` +
        `restore the original migration.sql and put the change in a new migration`,
    );
  }

  for (const name of applied.keys()) {
    if (!local.includes(name)) log(`warning: migration ${name} is applied to the database but missing from ${dir}`);
  }

  const done: string[] = [];
  for (const name of local.filter((n) => !applied.has(n))) {
    const script = readScript(dir, name);
    // One transaction for script and record: a failure leaves neither a half-applied schema nor a failed row.
    // (A script that cannot run in a transaction, e.g. CREATE INDEX CONCURRENTLY, is therefore not supported.)
    await client.query('BEGIN');
    try {
      await client.query(script);
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
         VALUES ($1, $2, clock_timestamp(), $3, 1)`,
        [randomUUID(), migrationChecksum(script), name],
      );
      await client.query('COMMIT');
    } catch (err) {
      // If the connection itself broke, the rollback fails too; the original error is the one worth reporting.
      await client.query('ROLLBACK').catch(() => {});
      throw new Error(
        `migration ${name} failed and was rolled back: ${err instanceof Error ? err.message : String(err)}`,
        {
          cause: err,
        },
      );
    }
    log(`applied ${name}`);
    done.push(name);
  }
  return { applied: done };
}
