import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The role the API and worker log in with on a Postgres the stack runs itself (infra/stack.ts). */
export const APP_ROLE = 'zvh_app';

/**
 * Makes (or refreshes) a login role that owns nothing and returns its connection URL. It may read and write the
 * tables but not change them: only an owner can disable the audit log's append-only trigger (or drop the table), so
 * a compromised API or worker cannot rewrite the verplichte logging unseen. Migrations keep running as the owner.
 * Idempotent: a fresh password each time, grants on whatever tables the migrations made.
 */
export async function ensureAppRole(ownerUrl: string): Promise<string> {
  const password = randomBytes(18).toString('base64url'); // [A-Za-z0-9_-]: safe inside a SQL literal
  const database = new URL(ownerUrl).pathname.slice(1);
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} LOGIN; END IF;
      END $$`);
    await client.query(`ALTER ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '${password}'`);
    await client.query(`GRANT CONNECT ON DATABASE "${database.replace(/"/g, '')}" TO ${APP_ROLE}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    // The migration record is the migrator's alone.
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM ${APP_ROLE}`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}
