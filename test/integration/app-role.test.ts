import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { APP_ROLE, ensureAppRole } from '../../infra/app-role';
import { requireEnv } from '../support/fixtures';
import { scratchDatabase } from '../support/scratch-database';

// The API and worker of the test stack connect as a role that owns nothing (infra/app-role.ts): it reads and writes,
// but cannot switch off the audit log's append-only trigger, truncate, or touch the migration record.
let app: Client;
let owner: Client;

beforeAll(async () => {
  app = new Client({ connectionString: requireEnv('ZVH_TEST_APP_DATABASE_URL') });
  owner = new Client({ connectionString: requireEnv('DATABASE_URL') });
  await Promise.all([app.connect(), owner.connect()]);
});

afterAll(async () => {
  await Promise.all([app?.end(), owner?.end()]);
});

// Asserted on what the stack starts them with and on what the role can do, not on pg_stat_activity: whether a pool
// holds a connection at this moment is chance.
test('the API and worker are started as the app role, which reads and writes the tables', async () => {
  expect(new URL(requireEnv('ZVH_TEST_CHILD_DATABASE_URL')).username).toBe(APP_ROLE);
  expect(requireEnv('ZVH_TEST_CHILD_DATABASE_URL')).toBe(requireEnv('ZVH_TEST_APP_DATABASE_URL'));
  const { rows: [wie] } = await app.query<{ rol: string; superuser: string }>(`SELECT current_user AS rol, current_setting('is_superuser') AS superuser`);
  expect(wie).toEqual({ rol: APP_ROLE, superuser: 'off' });
  await expect(app.query('SELECT count(*) FROM casus')).resolves.toBeDefined();
  // Privileges are checked even when no row matches: the role may change the tables' rows.
  await expect(app.query('UPDATE casus SET fase = fase WHERE false')).resolves.toBeDefined();
  await expect(app.query('DELETE FROM besluit WHERE false')).resolves.toBeDefined();
});

test.each([
  ['disable the audit trigger', 'ALTER TABLE audit_log DISABLE TRIGGER USER', /must be owner/],
  ['drop the audit log', 'DROP TABLE audit_log', /must be owner/],
  ['truncate a table', 'TRUNCATE casus CASCADE', /permission denied/],
  ['rewrite the migration record', `DELETE FROM "_prisma_migrations"`, /permission denied/],
  ['make a table', 'CREATE TABLE zvh_app_probe (id int)', /permission denied/],
])('it cannot %s', async (_wat, sql, fout) => {
  await expect(app.query(sql)).rejects.toThrow(fout);
});

describe('db:migrate grants the role with a configured password (docker-compose.yml)', () => {
  const scratch = scratchDatabase('zvh_app_role');

  // A role of its own: roles are cluster-wide, and the running API and worker log in as zvh_app.
  const rol = `zvh_app_test_${randomUUID().slice(0, 8)}`;
  afterAll(async () => {
    await owner.query(`DROP OWNED BY ${rol} CASCADE`).catch(() => undefined);
    await scratch.pg.query(`DROP OWNED BY ${rol} CASCADE`).catch(() => undefined);
    await owner.query(`DROP ROLE IF EXISTS ${rol}`).catch(() => undefined);
  });

  test('ensureAppRole with a given password lets the role in with it, and refuses a password unsafe for SQL', async () => {
    const url = await ensureAppRole(scratch.url, 'compose-test-password_123', rol);
    expect(new URL(url)).toMatchObject({ username: rol, password: 'compose-test-password_123' });
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await expect(client.query('SELECT count(*) FROM audit_log')).resolves.toBeDefined();
      await expect(client.query('ALTER TABLE audit_log DISABLE TRIGGER USER')).rejects.toThrow(/must be owner/);
    } finally {
      await client.end();
    }
    await expect(ensureAppRole(scratch.url, "x'; DROP ROLE zvh_app; --", rol)).rejects.toThrow('app role password');
  });
});
