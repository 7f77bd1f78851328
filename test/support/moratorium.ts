import { Client } from 'pg';
import { MORATORIUM_HOLD_ID } from '../../infra/legal-hold';

/**
 * Lifts the national moratorium its migration records (infra/legal-hold.ts), as the archiefbeheerder would through
 * the API: tests that expect archiving and anonymisation call this on their database; the rule itself stays.
 */
export async function hefMoratoriumOp(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('UPDATE legal_hold SET opgeheven_op = now() WHERE id = $1 AND opgeheven_op IS NULL', [
      MORATORIUM_HOLD_ID,
    ]);
  } finally {
    await client.end();
  }
}
