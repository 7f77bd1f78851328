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

export function createDb(databaseUrl: string): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS });
  return new PrismaClient({ adapter, transactionOptions });
}
