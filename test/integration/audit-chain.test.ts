// The verplichte logging is tamper-evident (issue #6): a hash chain over audit_log (infra/audit.ts), an append-only
// trigger, `npx zvh audit verify`, and pseudonymisation that keeps the chain valid. Other test files append to the
// same audit log at the same time, so these tests verify the whole chain instead of counting entries; tampering is
// done only in a scratch database of its own.
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { entryHash, logAudit, pseudonymiseAudit, verifyAuditChain, type AuditEntry } from '../../infra/audit';
import { createDb, type Db } from '../../infra/db';
import { migrate, MIGRATIONS_DIR } from '../../infra/migrate';
import { repoRoot } from '../../infra/tools';
import { createCasus, createMedewerker, requireEnv } from '../support/fixtures';
import { scratchDatabase } from '../support/scratch-database';

jest.setTimeout(120_000);

const url = requireEnv('DATABASE_URL');
let db: Db;
let pg: Client;

beforeAll(async () => {
  db = createDb(url);
  pg = new Client({ connectionString: url });
  await pg.connect();
});

afterAll(async () => {
  await db?.$disconnect();
  await pg?.end();
});

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  medewerkerId: null,
  deelnemerId: null,
  actie: 'TEST_AUDIT',
  casusId: null,
  grondslag: 'test',
  uitkomst: 'TOEGESTAAN',
  ...over,
});

const expectIntact = async (target: Parameters<typeof verifyAuditChain>[0]) => {
  const result = await verifyAuditChain(target);
  expect(result).toEqual({ ok: true, count: expect.any(Number), last: expect.anything(), start: null });
  return result;
};

describe('the chain on the shared database', () => {
  test('stays linear and verifies after many concurrent writers, with and without a transaction of their own', async () => {
    const m = await createMedewerker(db, 'OVERHEID');
    const casusId = await createCasus(db, m);
    const actie = `TEST_KETEN_${randomUUID().slice(0, 8)}`;
    const detail = {
      z: 1,
      a: [1.5, 'ë€😀 "quoted" \\ \n\t\u0001', null, true],
      ключ: { groot: 1e21, klein: 1.5e-7, neg: -0 },
    };
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const e = entry({
          medewerkerId: i % 3 === 0 ? m.medewerkerId.toUpperCase() : m.medewerkerId, // the database's text is hashed
          deelnemerId: m.deelnemerId,
          actie,
          casusId: i % 5 === 0 ? null : casusId,
          grondslag: `WGS 1.8 (${i})`,
          uitkomst: i % 2 ? 'TOEGESTAAN' : 'GEWEIGERD',
          ...(i % 4 === 0 ? {} : { detail: { ...detail, i } }),
        });
        return i % 2 ? logAudit(db, e) : db.$transaction((tx) => logAudit(tx, e));
      }),
    );

    const result = await expectIntact(db);
    expect(result.ok && result.count).toBeGreaterThanOrEqual(50);
    const mine = await db.auditLog.findMany({ where: { actie }, orderBy: { id: 'asc' } });
    expect(mine).toHaveLength(50);
    const withDetail = mine.find((r) => r.detail !== null);
    expect(withDetail?.detail).toEqual({ ...detail, i: expect.any(Number), ключ: { ...detail.ключ, neg: 0 } });
    expect(mine.every((r) => r.medewerkerId === m.medewerkerId)).toBe(true);
  });

  test('the entry commits or rolls back with the transaction it logs', async () => {
    const actie = `TEST_ROLLBACK_${randomUUID().slice(0, 8)}`;
    await expect(
      db.$transaction(async (tx) => {
        await logAudit(tx, entry({ actie }));
        throw new Error('the logged change fails');
      }),
    ).rejects.toThrow('the logged change fails');
    expect(await db.auditLog.count({ where: { actie } })).toBe(0);
    await expectIntact(db);
  });

  test('refuses to append in a transaction whose snapshot could miss the last entry', async () => {
    await expect(
      db.$transaction((tx) => logAudit(tx, entry({ actie: 'TEST_REPEATABLE_READ' })), {
        isolationLevel: 'RepeatableRead',
      }),
    ).rejects.toThrow(/READ COMMITTED/);
  });

  test('the table is append-only: UPDATE and DELETE are refused, through the client and in SQL', async () => {
    const actie = `TEST_APPEND_ONLY_${randomUUID().slice(0, 8)}`;
    await logAudit(db, entry({ actie, detail: { x: 1 } }));
    await expect(db.auditLog.updateMany({ where: { actie }, data: { grondslag: 'vervalst' } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db.auditLog.deleteMany({ where: { actie } })).rejects.toThrow(/append-only/);
    await expect(pg.query(`UPDATE audit_log SET grondslag = 'vervalst' WHERE actie = $1`, [actie])).rejects.toThrow(
      'audit_log is append-only: UPDATE refused',
    );
    await expect(pg.query(`DELETE FROM audit_log WHERE actie = $1`, [actie])).rejects.toThrow(
      'audit_log is append-only: DELETE refused',
    );
    expect(await db.auditLog.findMany({ where: { actie } })).toEqual([
      expect.objectContaining({ grondslag: 'test', detail: { x: 1 } }),
    ]);
  });

  test('the pseudonymisation exception only erases subject references of an anonymised casus', async () => {
    const m = await createMedewerker(db, 'OVERHEID');
    const casusId = await createCasus(db, m);
    const actie = `TEST_UITZONDERING_${randomUUID().slice(0, 8)}`;
    await logAudit(db, entry({ actie, casusId, detail: { y: 2 } }));
    const flagged = async (sql: string, params: unknown[]) => {
      await pg.query('BEGIN');
      try {
        await pg.query(`SELECT set_config('zvh.audit_pseudonimiseren', 'on', true)`);
        await pg.query(sql, params);
      } finally {
        await pg.query('ROLLBACK');
      }
    };
    const erase = `UPDATE audit_log SET casus_id = NULL, detail = NULL, zout = NULL, casus_pseudoniem = gen_random_uuid() WHERE actie = $1`;
    // Not without the flag, not while the casus is not anonymised, and never touching another column.
    await expect(pg.query(erase, [actie])).rejects.toThrow(/append-only/);
    await expect(flagged(erase, [actie])).rejects.toThrow(/append-only/);
    await expect(pseudonymiseAudit(db, casusId)).rejects.toThrow(/is not anonymised after its archive transfer/);
    await db.casus.update({ where: { id: casusId }, data: { geanonimiseerdOp: new Date() } });
    await expect(
      flagged(erase.replace('casus_id = NULL', "casus_id = NULL, grondslag = 'x'"), [actie]),
    ).rejects.toThrow(/append-only/);
    await expect(flagged(erase.replace('detail = NULL, ', ''), [actie])).rejects.toThrow(/append-only/);
    await expect(flagged(`DELETE FROM audit_log WHERE actie = $1`, [actie])).rejects.toThrow(/append-only/);
    expect(await db.auditLog.count({ where: { actie, casusId } })).toBe(1);
  });

  test('pseudonymisation removes the casus id and detail from its entries, keeps the access facts, and the chain verifies', async () => {
    const m = await createMedewerker(db, 'OVERHEID');
    const casusId = await createCasus(db, m);
    const other = await createCasus(db, m);
    const actie = `TEST_PSEUDONIEM_${randomUUID().slice(0, 8)}`;
    const by = { medewerkerId: m.medewerkerId, deelnemerId: m.deelnemerId, actie };
    await logAudit(db, entry({ ...by, casusId, detail: { besluitId: randomUUID(), casus: casusId } }));
    await db.$transaction((tx) => logAudit(tx, entry({ ...by, casusId, uitkomst: 'GEWEIGERD' })));
    await logAudit(db, entry({ ...by, casusId: other, detail: { besluitId: randomUUID() } }));
    await logAudit(db, entry({ ...by, casusId }));
    const before = await db.auditLog.findMany({ where: { actie }, orderBy: { id: 'asc' } });

    // Issue #3 anonymises the casus after its archive transfer and pseudonymises its log in one transaction.
    const changed = await db.$transaction(async (tx) => {
      await tx.archiefOverdracht.create({ data: { casusId, locatie: `TEST-${casusId}`, sha256: '0'.repeat(64) } });
      await tx.casus.update({ where: { id: casusId }, data: { fase: 'GEANONIMISEERD', geanonimiseerdOp: new Date() } });
      return pseudonymiseAudit(tx, casusId);
    });
    expect(changed).toBe(3);
    expect(await pseudonymiseAudit(db, casusId)).toBe(0);

    const after = await db.auditLog.findMany({ where: { actie }, orderBy: { id: 'asc' } });
    const pseudonymised = after.filter((r) => r.casusPseudoniem !== null);
    expect(pseudonymised).toHaveLength(3);
    expect(new Set(pseudonymised.map((r) => r.casusPseudoniem)).size).toBe(1);
    for (const [i, row] of after.entries()) {
      const was = before[i]!;
      if (was.casusId !== casusId) {
        expect(row).toEqual(was);
        continue;
      }
      expect(row).toEqual({
        ...was,
        casusId: null,
        detail: null,
        zout: null,
        casusPseudoniem: pseudonymised[0]!.casusPseudoniem,
      });
    }
    const { rows } = await pg.query(
      `SELECT count(*)::int AS n FROM audit_log a WHERE to_jsonb(a)::text LIKE '%' || $1 || '%'`,
      [casusId],
    );
    expect(rows).toEqual([{ n: 0 }]);

    await expectIntact(db);
  });

  test('refuses to pseudonymise the entries of a casus that does not exist: only anonymisation unlinks them', async () => {
    const casusId = randomUUID();
    await logAudit(db, entry({ casusId, actie: 'TEST_VERDWENEN_CASUS' }));
    await expect(pseudonymiseAudit(db, casusId)).rejects.toThrow(/does not exist/);
    expect(await db.auditLog.count({ where: { casusId } })).toBe(1);
    await expectIntact(db);
  });
});

describe('tampering, in a scratch database', () => {
  const scratchDb = scratchDatabase('zvh_audit_test', { migrated: false });
  const scratchUrl = scratchDb.url;
  let ids: string[] = [];

  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  const init = '20261123000000_init';

  test('entries written before the hash chain existed are chained by its migration exactly as logAudit would', async () => {
    // The database as it was before the chain: only the init migration, recorded as infra/migrate.ts does.
    const script = readFileSync(path.join(MIGRATIONS_DIR, init, 'migration.sql'), 'utf8');
    await scratchDb.pg.query(script);
    await scratchDb.pg.query(`CREATE TABLE "_prisma_migrations" (
      id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
      migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ,
      started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`);
    await scratchDb.pg.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
      [randomUUID(), sha256(script), init],
    );
    await scratchDb.pg.query(
      `INSERT INTO audit_log (medewerker_id, deelnemer_id, actie, casus_id, grondslag, uitkomst, detail) VALUES
       (NULL, NULL, 'OUD', NULL, 'WGS 1.8', 'GEWEIGERD', NULL),
       ($1, 'politie', 'OUD "met" \\ tekens ' || chr(1) || chr(10), $2, 'ë€😀', 'TOEGESTAAN', $3),
       ($1, NULL, 'OUD', $2, 'x', 'TOEGESTAAN', '{"b": 1.50, "aa": [1e21, "\\u00e9\\n", null, {"z": true, "a": -0}], "": 1}')`,
      [randomUUID().toUpperCase(), randomUUID(), JSON.stringify({ zz: 'ключ', a: [1, 2.5e-7] })],
    );

    const { applied } = await migrate(scratchUrl);
    expect(applied).toContain('20261123120000_audit_hash_chain');
    expect(await verifyAuditChain(scratchDb.db)).toMatchObject({ ok: true, count: 3 });

    // New entries chain on, and the tampering tests below have a chain of some length to work on.
    for (let i = 0; i < 7; i++) {
      await logAudit(
        scratchDb.db,
        entry({ actie: `NIEUW_${i}`, casusId: i % 2 ? randomUUID() : null, ...(i % 3 ? { detail: { i } } : {}) }),
      );
    }
    const result = await verifyAuditChain(scratchDb.db, { batchSize: 3 });
    expect(result).toEqual({ ok: true, count: 10, last: expect.anything(), start: null });
    ids = (await scratchDb.pg.query<{ id: string }>('SELECT a.id::text AS id FROM audit_log a ORDER BY a.id')).rows.map(
      (r) => r.id,
    );
    expect(result.ok && result.last?.id).toBe(ids.at(-1));
  });

  test('TRUNCATE is refused too', async () => {
    await expect(scratchDb.pg.query('TRUNCATE audit_log')).rejects.toThrow(
      'audit_log is append-only: TRUNCATE refused',
    );
  });

  /** Tampers with the triggers disabled, as a table owner or superuser could, and verifies; all rolled back. */
  class RollBack extends Error {
    constructor(readonly result: unknown) {
      super('roll back');
    }
  }
  const afterTampering = (sql: string[], options: Parameters<typeof verifyAuditChain>[1] = {}) =>
    scratchDb.db
      .$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe('ALTER TABLE audit_log DISABLE TRIGGER USER');
          for (const statement of sql) await tx.$executeRawUnsafe(statement);
          throw new RollBack(await verifyAuditChain(tx, { ...options, batchSize: 4 }));
        },
        { timeout: 30_000 },
      )
      .catch((err: unknown) => {
        if (err instanceof RollBack) return err.result;
        throw err;
      });

  test('an altered entry is reported as altered, at that entry', async () => {
    const [, , third, fourth, fifth] = ids;
    expect(await afterTampering([`UPDATE audit_log SET grondslag = 'vervalst' WHERE id = ${fifth}`])).toMatchObject({
      ok: false,
      kind: 'altered',
      id: fifth,
      count: 4,
    });
    // Also a changed casus reference (the hash covers its commitment) and a changed detail.
    expect(
      await afterTampering([`UPDATE audit_log SET casus_id = gen_random_uuid() WHERE id = ${third}`]),
    ).toMatchObject({ kind: 'altered', id: third });
    expect(await afterTampering([`UPDATE audit_log SET detail = '{"b": 2}' WHERE id = ${third}`])).toMatchObject({
      kind: 'altered',
      id: third,
    });
    expect(
      await afterTampering([`UPDATE audit_log SET tijdstip = tijdstip + interval '1 ms' WHERE id = ${fourth}`]),
    ).toMatchObject({ kind: 'altered', id: fourth });
  });

  test('an altered and re-hashed entry breaks the link of the next one', async () => {
    const [, second, third] = ids;
    const { rows } = await scratchDb.pg.query(
      `SELECT to_char(tijdstip AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS tijdstip, medewerker_id::text, deelnemer_id,
              casus_ref, uitkomst::text, detail_ref, vorige_hash FROM audit_log WHERE id = $1`,
      [second],
    );
    const r = rows[0];
    const forged = entryHash({
      tijdstip: r.tijdstip,
      medewerkerId: r.medewerker_id,
      deelnemerId: r.deelnemer_id,
      actie: 'VERVALST',
      casusRef: r.casus_ref,
      grondslag: 'vervalst',
      uitkomst: r.uitkomst,
      detailRef: r.detail_ref,
      vorigeHash: r.vorige_hash,
    });
    expect(
      await afterTampering([
        `UPDATE audit_log SET actie = 'VERVALST', grondslag = 'vervalst', hash = '${forged}' WHERE id = ${second}`,
      ]),
    ).toMatchObject({ ok: false, kind: 'removed', id: third, message: expect.stringContaining('re-hashed') });
  });

  test('a removed entry is reported as removed, at the entry after the gap', async () => {
    const [first, second, , , fifth, sixth] = ids;
    expect(await afterTampering([`DELETE FROM audit_log WHERE id = ${fifth}`])).toMatchObject({
      ok: false,
      kind: 'removed',
      id: sixth,
      count: 4,
    });
    expect(await afterTampering([`DELETE FROM audit_log WHERE id = ${first}`])).toMatchObject({
      ok: false,
      kind: 'removed',
      id: second,
      count: 0,
    });
  });

  test('swapped entries are reported as reordered, at the first of them', async () => {
    const [, second, third, , , sixth] = ids;
    const swap = (a?: string, b?: string) => [
      `UPDATE audit_log SET id = -1 WHERE id = ${a}`,
      `UPDATE audit_log SET id = ${a} WHERE id = ${b}`,
      `UPDATE audit_log SET id = ${b} WHERE id = -1`,
    ];
    expect(await afterTampering(swap(third, sixth))).toMatchObject({
      ok: false,
      kind: 'reordered',
      id: third,
      count: 2,
    });
    expect(await afterTampering(swap(second, third))).toMatchObject({
      ok: false,
      kind: 'reordered',
      id: second,
      count: 1,
    });
  });

  test('cutting off the newest entries is only visible with an anchor', async () => {
    const head = ids.at(-1)!;
    const { rows } = await scratchDb.pg.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = $1', [head]);
    const anchor = { id: head, hash: rows[0]!.hash };
    expect(await verifyAuditChain(scratchDb.db, { anchor })).toMatchObject({ ok: true, count: ids.length });
    expect(await afterTampering([`DELETE FROM audit_log WHERE id = ${head}`])).toMatchObject({
      ok: true,
      count: ids.length - 1,
    });
    expect(await afterTampering([`DELETE FROM audit_log WHERE id = ${head}`], { anchor })).toMatchObject({
      ok: false,
      kind: 'removed',
      id: head,
    });
  });

  test('npx zvh audit verify: exit 0 when intact, 1 when broken, 2 on bad usage, 3 without a database', async () => {
    const zvh = (args: string[], env: Record<string, string | undefined> = { DATABASE_URL: scratchUrl }) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          ['--import', 'tsx', 'cli/zvh.ts', 'audit', ...args],
          { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 60_000 },
          (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
        );
      });

    const intact = await zvh(['verify']);
    expect(intact).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`audit log OK: ${ids.length} entries verified`),
    });
    const anchor = /--anchor (\d+:[0-9a-f]{64})/.exec(intact.stdout)?.[1];
    expect(anchor).toBeDefined();
    expect((await zvh(['verify', '--anchor', anchor!])).code).toBe(0);

    for (const bad of [[], ['verify', '--bogus'], ['verify', '--anchor', 'x'], ['prove']]) {
      const out = await zvh(bad);
      expect({ bad, code: out.code }).toEqual({ bad, code: 2 });
      expect(out.stderr).toContain('usage: zvh audit verify');
    }
    expect((await zvh(['verify'], { DATABASE_URL: undefined })).code).toBe(2);
    expect((await zvh(['verify'], { DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:1/none' })).code).toBe(3);

    // Now for real, outside a transaction: an entry in the middle disappears.
    const removed = ids[6]!;
    await scratchDb.pg.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await scratchDb.pg.query('DELETE FROM audit_log WHERE id = $1', [removed]);
    await scratchDb.pg.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    const broken = await zvh(['verify']);
    expect(broken).toMatchObject({
      code: 1,
      stdout: expect.stringContaining(`audit log BROKEN at entry #${ids[7]} (removed)`),
    });
  });
});
