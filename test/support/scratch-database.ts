import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createDb, type Db } from '../../infra/db';
import { migrate } from '../../infra/migrate';
import { requireEnv } from './fixtures';
import { hefMoratoriumOp } from './moratorium';

export interface ScratchDatabase {
  readonly url: string;
  /** Prisma on the scratch database (after beforeAll). */
  readonly db: Db;
  /** A plain pg client on it, for SQL the client cannot express. */
  readonly pg: Client;
}

/**
 * A database of its own on the test stack's Postgres, for tests whose state must not meet the shared database's
 * (a global legal hold, tampering with the audit chain). Call inside a `describe`: it is created (and migrated,
 * unless `migrated` is false) before the block's tests and dropped after them. The national moratorium the
 * migration records is lifted, as on the shared database, unless `moratorium` is true.
 */
export function scratchDatabase(prefix: string, { migrated = true, moratorium = false } = {}): ScratchDatabase {
  const name = `${prefix}_${randomUUID().replace(/-/g, '')}`;
  const sharedUrl = requireEnv('DATABASE_URL');
  const url = new URL(sharedUrl);
  url.pathname = `/${name}`;
  let db: Db | undefined;
  let pg: Client | undefined;
  const admin = () => new Client({ connectionString: sharedUrl });

  beforeAll(async () => {
    const a = admin();
    await a.connect();
    await a.query(`CREATE DATABASE "${name}"`).finally(() => a.end());
    if (migrated) await migrate(url.toString());
    if (migrated && !moratorium) await hefMoratoriumOp(url.toString());
    db = createDb(url.toString());
    pg = new Client({ connectionString: url.toString() });
    await pg.connect();
  });

  afterAll(async () => {
    await db?.$disconnect();
    await pg?.end();
    const a = admin();
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => a.end());
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('scratch database used outside its describe block');
    return value;
  };
  return {
    url: url.toString(),
    get db() {
      return ready(db);
    },
    get pg() {
      return ready(pg);
    },
  };
}
