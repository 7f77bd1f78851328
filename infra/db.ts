import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export type Db = PrismaClient;

/**
 * Every write of personal data logs in the same transaction, and the audit chain serialises those transactions
 * (infra/audit.ts): under a burst they queue for a pooled connection. Waiting a few seconds for one is better than
 * failing the request (Prisma's default is 2 s).
 */
const transactionOptions = { maxWait: 15_000, timeout: 30_000 };

/**
 * node-postgres waits for a connection forever by default: a database that accepts no connections would hang every
 * request. Bounded below maxWait, so a pool that cannot connect fails with its own (recognisable) error first.
 */
const CONNECTION_TIMEOUT_MS = 10_000;

/**
 * `queryTimeoutMs` (API_DB_QUERY_TIMEOUT_MS, WORKER_DB_QUERY_TIMEOUT_MS): how long a query waits for Postgres' answer
 * on an open connection, which node-postgres would otherwise wait forever (a server that stopped, a network that drops
 * packets silently). Client side, so it holds when the server cannot act; the query fails with "Query read timeout",
 * which the API answers with a 503 (api/problem.ts) and an activity with a retryable failure.
 */
export function createDb(databaseUrl: string, { queryTimeoutMs }: { queryTimeoutMs?: number } = {}): Db {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    ...(queryTimeoutMs === undefined ? {} : { query_timeout: queryTimeoutMs }),
  });
  return new PrismaClient({ adapter, transactionOptions });
}
