import { Client, Connection } from '@temporalio/client';
import { dataConverter, loadPayloadCodecConfig } from '../../infra/codec';
import { createDb, type Db } from '../../infra/db';
import { requireEnv } from './fixtures';

export interface StackClients {
  readonly db: Db;
  /** A Temporal client with the stack's payload key, so workflow results and queries can be read. */
  readonly temporal: Client;
}

/**
 * Prisma and Temporal clients on the test stack of jest's global setup, opened before the file's tests and closed
 * after them. Call at the top level of a test file.
 */
export function stackClients(): StackClients {
  let db: Db | undefined;
  let connection: Connection | undefined;
  let temporal: Client | undefined;
  beforeAll(async () => {
    db = createDb(requireEnv('DATABASE_URL'));
    connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
    temporal = new Client({
      connection,
      namespace: requireEnv('TEMPORAL_NAMESPACE'),
      dataConverter: dataConverter(loadPayloadCodecConfig()),
    });
  });
  afterAll(async () => {
    await connection?.close();
    await db?.$disconnect();
  });
  const klaar = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('stack clients used before beforeAll');
    return value;
  };
  return {
    get db() {
      return klaar(db);
    },
    get temporal() {
      return klaar(temporal);
    },
  };
}
