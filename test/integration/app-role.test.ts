import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createArchiefActivities } from '../../activities/archief';
import { APP_ROLE, ensureAppRole } from '../../infra/app-role';
import { logAudit, verifyAuditChain } from '../../infra/audit';
import { createDb, type Db } from '../../infra/db';
import { createCasus, createMedewerker, requireEnv } from '../support/fixtures';
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
  const {
    rows: [wie],
  } = await app.query<{ rol: string; superuser: string }>(
    `SELECT current_user AS rol, current_setting('is_superuser') AS superuser`,
  );
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
  ['delete a casus', 'DELETE FROM casus WHERE false', /permission denied/],
  ['change an audit entry', 'UPDATE audit_log SET actie = actie WHERE false', /permission denied/],
  ['delete an audit entry', 'DELETE FROM audit_log WHERE false', /permission denied/],
  [
    'record a retention run',
    `INSERT INTO audit_opschoning (grens, tot_id, tot_hash, aantal) SELECT now(), 0, '', 0 WHERE false`,
    /permission denied/,
  ],
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

// Issue 13: as the app role, deleting a casus and then pseudonymising its audit entries made the casus and every
// trace of who saw it vanish while `audit verify` still said OK with the same anchor. In a database of its own, as
// the tampering below breaks its chain on purpose.
describe('the app role cannot unlink the audit trail of a casus but through its anonymisation', () => {
  const scratch = scratchDatabase('zvh_app_audit');
  const rol = `zvh_app_audit_${randomUUID().slice(0, 8)}`;
  let rolUrl: string;
  let als: Client;
  const archiefMap = mkdtempSync(path.join(tmpdir(), 'zvh-archief-'));

  beforeAll(async () => {
    rolUrl = await ensureAppRole(scratch.url, undefined, rol);
    als = new Client({ connectionString: rolUrl });
    als.on('error', () => undefined); // dropping the scratch database ends the connection
    await als.connect();
  });
  afterAll(async () => {
    await als?.end();
    rmSync(archiefMap, { recursive: true, force: true });
    await scratch.pg.query(`DROP OWNED BY ${rol} CASCADE`).catch(() => undefined);
    await owner.query(`DROP ROLE IF EXISTS ${rol}`).catch(() => undefined);
  });

  const raadpleging = (m: { medewerkerId: string; deelnemerId: string }, casusId: string) =>
    logAudit(scratch.db, {
      ...m,
      actie: 'casus.raadplegen',
      casusId,
      grondslag: 'WGS 2.31',
      uitkomst: 'TOEGESTAAN',
      detail: { x: 1 },
    });
  /** Runs `sql` in a transaction flagged as the log's own functions flag theirs, then rolls back. */
  const gevlagd = async (vlag: string, waarde: string, sql: string, params: unknown[]) => {
    await als.query('BEGIN');
    try {
      await als.query('SELECT set_config($1, $2, true)', [vlag, waarde]);
      await als.query(sql, params);
    } finally {
      await als.query('ROLLBACK');
    }
  };

  test('deleting a casus, forging its anonymisation or flagging a change of the log is refused; the anchor holds', async () => {
    const m = await createMedewerker(scratch.db, 'OVERHEID');
    const casusId = await createCasus(scratch.db, m);
    await raadpleging(m, casusId);
    const voor = await verifyAuditChain(scratch.db);
    if (!voor.ok || !voor.last) throw new Error('the scratch chain should verify');

    await expect(als.query('DELETE FROM casus WHERE id = $1', [casusId])).rejects.toThrow(/permission denied/);
    await expect(als.query('SELECT audit_pseudonimiseer($1)', [casusId])).rejects.toThrow(
      /is not anonymised after its archive transfer/,
    );
    // What the anonymisation records, forged: the function still refuses a casus younger than any bewaartermijn.
    await als.query(
      `UPDATE casus SET fase = 'GEANONIMISEERD', geanonimiseerd_op = now(), archief_datum = '2001-01-01' WHERE id = $1`,
      [casusId],
    );
    await als.query(`INSERT INTO archief_overdracht (casus_id, locatie, sha256) VALUES ($1, 'vervalst', 'x')`, [
      casusId,
    ]);
    await expect(als.query('SELECT audit_pseudonimiseer($1)', [casusId])).rejects.toThrow(
      /has not reached its archiefdatum/,
    );
    await expect(als.query(`UPDATE casus SET aanmeld_datum = '2001-01-01' WHERE id = $1`, [casusId])).rejects.toThrow(
      /never change/,
    );
    await expect(als.query(`UPDATE casus SET id = gen_random_uuid() WHERE id = $1`, [casusId])).rejects.toThrow(
      /never change/,
    );
    const wis = `UPDATE audit_log SET casus_id = NULL, detail = NULL, zout = NULL, casus_pseudoniem = gen_random_uuid() WHERE casus_id = $1`;
    await expect(gevlagd('zvh.audit_pseudonimiseren', 'on', wis, [casusId])).rejects.toThrow(/permission denied/);
    await expect(
      gevlagd('zvh.audit_opschonen_grens', 'infinity', 'DELETE FROM audit_log WHERE casus_id = $1', [casusId]),
    ).rejects.toThrow(/permission denied/);

    expect(await scratch.db.auditLog.count({ where: { casusId } })).toBe(1);
    expect(await verifyAuditChain(scratch.db, { anchor: voor.last })).toMatchObject({ ok: true, last: voor.last });
  });

  test('the anonymisation itself still works as the app role: an old casus is archived, anonymised and unlinked', async () => {
    const m = await createMedewerker(scratch.db, 'OVERHEID');
    const casusId = await createCasus(scratch.db, m, new Date(Date.now() - 3 * 366 * 86_400_000));
    await scratch.db.casus.update({
      where: { id: casusId },
      data: { fase: 'NIET_IN_BEHANDELING', wettelijkeTaak: 'Openbare orde' },
    });
    await scratch.db.betrokkene.create({
      data: { id: randomUUID(), casusId, rol: 'BETROKKENE', achternaam: 'Rolproef' },
    });
    await raadpleging(m, casusId);
    const appDb: Db = createDb(rolUrl);
    try {
      const act = createArchiefActivities(appDb, { archiefMap });
      expect(await act.archiveer(casusId)).toEqual({ gearchiveerd: true });
      expect(await act.anonimiseer(casusId)).toEqual({ geanonimiseerd: true });
    } finally {
      await appDb.$disconnect();
    }
    expect(await scratch.db.auditLog.count({ where: { casusId } })).toBe(0);
    expect(await verifyAuditChain(scratch.db)).toMatchObject({ ok: true });
  });

  test('what the role can still do to the log, writing an entry of its own making, audit verify reports', async () => {
    const voor = await verifyAuditChain(scratch.db);
    if (!voor.ok || !voor.last) throw new Error('the scratch chain should verify');
    await als.query(
      `INSERT INTO audit_log (tijdstip, actie, grondslag, uitkomst, zout, vorige_hash, hash)
       VALUES (now(), 'casus.raadplegen', 'vervalst', 'TOEGESTAAN', 'x', $1, $2)`,
      [voor.last.hash, 'f'.repeat(64)],
    );
    expect(await verifyAuditChain(scratch.db)).toMatchObject({ ok: false, kind: 'altered' });
  });
});
