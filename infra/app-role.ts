import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The role the API and worker log in with (infra/stack.ts; docker-compose.yml via `db:migrate`). */
export const APP_ROLE = 'zvh_app';
export const APP_ROLE_PASSWORD = /^[A-Za-z0-9_-]{16,200}$/;

/**
 * Makes (or refreshes) a login role that owns nothing and returns its connection URL. It may read and write the
 * tables but not change them: only an owner can disable the audit log's append-only trigger (or drop the table), so
 * a compromised API or worker cannot rewrite the verplichte logging unseen. It cannot delete a casus nor change or
 * remove audit entries but through the log's own functions. Migrations keep running as the owner.
 * Idempotent: the given password (else a fresh one), grants on whatever tables the migrations made.
 */
export async function ensureAppRole(
  ownerUrl: string,
  password = randomBytes(18).toString('base64url'),
  role = APP_ROLE,
): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`not a plain role name: ${role}`);
  // base64url's alphabet: safe inside a SQL literal; a configured password must keep to it.
  if (!APP_ROLE_PASSWORD.test(password)) throw new Error('the app role password must be 16 or more of A-Z a-z 0-9 _ -');
  const database = new URL(ownerUrl).pathname.slice(1);
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN; END IF;
      END $$`);
    await client.query(
      `ALTER ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '${password}'`,
    );
    await client.query(`GRANT CONNECT ON DATABASE "${database.replace(/"/g, '')}" TO ${role}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    // The migration record is the migrator's alone.
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM ${role}`);
    // The audit log changes only through its SECURITY DEFINER functions (migration 20261203300000), and a casus
    // is never deleted: its audit entries are unlinked only by its anonymisation (audit_pseudonimiseer).
    await client.query(`REVOKE UPDATE, DELETE ON "audit_log" FROM ${role}`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON "audit_opschoning" FROM ${role}`);
    await client.query(`REVOKE DELETE ON "casus" FROM ${role}`);
    const functies = '"audit_pseudonimiseer"(UUID), "audit_opschonen"(TIMESTAMPTZ)';
    await client.query(`GRANT EXECUTE ON FUNCTION ${functies} TO ${role}`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}
