import { createHash, randomBytes } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from './db';

/**
 * Verplichte logging (WGS 1.8; Prot. Bijv. 3), tamper-evident.
 *
 * Every entry of `audit_log` carries `hash = sha256(canonical serialisation)`, where the serialisation ends with the
 * previous entry's hash (`vorige_hash`; 64 zeros for the first). The entries thus form one chain in id order:
 * altering, removing or reordering any entry breaks it, which `verifyAuditChain` (`npx zvh audit verify`) reports.
 * A trigger makes the table append-only besides (migration 20261123120000_audit_hash_chain).
 *
 * Canonical serialisation, format `zvh-audit/1`: `JSON.stringify` of an array of strings and nulls in fixed order
 *
 *   ["zvh-audit/1", tijdstip, medewerker_id, deelnemer_id, actie, casus_ref, grondslag, uitkomst, detail_ref, vorige_hash]
 *
 * hashed as UTF-8, hex. Every value is the database's own text of the value as stored (uuid lower-case, `tijdstip`
 * as ISO-8601 UTC with milliseconds, the column's precision), so the verifier, which reads the same texts back,
 * recomputes exactly the same bytes. logAudit therefore lets Postgres normalise the values before hashing, and
 * sets `tijdstip` itself (from the database clock under the chain lock, so it also rises along the chain).
 *
 * Pseudonymisation (issue #3/#6): the hash does not cover the casus id and the detail themselves but salted
 * commitments to them, `casus_ref = sha256(["casus", zout, casus_id])` and `detail_ref = sha256(["detail", zout,
 * detail as jsonb text])`, with `zout` 32 random bytes per entry. While the entry is intact the verifier checks the
 * commitments against the values; when the casus is anonymised, pseudonymiseAudit erases `casus_id`, `detail` and
 * `zout`, and the chain still verifies because the commitments stay. Without the salt a commitment is unlinkable:
 * an unsalted sha256(casus_id) could be recomputed by anyone who knows the casus id from elsewhere (workflow id
 * `casus-<uuid>`, a deelnemer's own records), so it would be no pseudonym at all. The detail goes with the casus id
 * because it holds ids of the casus' records (besluitId). The entries of one casus get one random
 * `casus_pseudoniem`, so they still group together.
 *
 * The medewerker and deelnemer stay: who had access, when, to do what, on which ground and with which outcome are
 * the access facts the log exists for (WGS 1.8), not data about the casus' subject; their end is the log's own
 * retention (policy), not the casus' anonymisation.
 */

/** One entry of the verplichte logging (WGS 1.8; Prot. Bijv. 3): who, for which deelnemer, what, on which ground. */
export interface AuditEntry {
  medewerkerId: string | null;
  deelnemerId: string | null;
  actie: string;
  casusId: string | null;
  grondslag: string;
  uitkomst: 'TOEGESTAAN' | 'GEWEIGERD';
  detail?: Prisma.InputJsonValue;
}

/** The plain client, or the transaction client `tx` of `db.$transaction(async (tx) => …)`. */
export type AuditDb = Db | Prisma.TransactionClient;

export const AUDIT_FORMAT = 'zvh-audit/1';
export const GENESIS_HASH = '0'.repeat(64);
/** pg_advisory_xact_lock key that serialises the writers of the chain ("ZVAU"). */
export const AUDIT_CHAIN_LOCK_KEY = 0x5a564155;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const canonical = (values: Array<string | null>): string => JSON.stringify(values);

export const casusCommitment = (zout: string, casusId: string): string => sha256(canonical(['casus', zout, casusId]));
export const detailCommitment = (zout: string, detail: string): string => sha256(canonical(['detail', zout, detail]));

/** The hashed fields of an entry, each as the database's text of the stored value. */
export interface ChainFields {
  tijdstip: string;
  medewerkerId: string | null;
  deelnemerId: string | null;
  actie: string;
  casusRef: string | null;
  grondslag: string;
  uitkomst: string;
  detailRef: string | null;
  vorigeHash: string;
}

export const entryHash = (f: ChainFields): string =>
  sha256(
    canonical([
      AUDIT_FORMAT,
      f.tijdstip,
      f.medewerkerId,
      f.deelnemerId,
      f.actie,
      f.casusRef,
      f.grondslag,
      f.uitkomst,
      f.detailRef,
      f.vorigeHash,
    ]),
  );

const isPlainClient = (db: AuditDb): db is Db => typeof (db as Partial<Db>).$transaction === 'function';

/**
 * Appends to the audit log. Pass the transaction client so the entry commits (or not) with the change it logs; with
 * the plain client the entry gets a transaction of its own. Appending takes the chain lock until the transaction
 * ends, so call it as the last statement of a transaction.
 */
export async function logAudit(db: AuditDb, entry: AuditEntry): Promise<void> {
  if (isPlainClient(db)) {
    await db.$transaction((tx) => append(tx, entry), {
      isolationLevel: 'ReadCommitted',
      maxWait: 10_000,
      timeout: 15_000,
    });
  } else {
    await append(db, entry);
  }
}

/** The logged facts as the database renders them as text (the hash input is built from exactly these). */
interface AuditColumns {
  tijdstip: string;
  medewerker_id: string | null;
  deelnemer_id: string | null;
  actie: string;
  casus_id: string | null;
  grondslag: string;
  uitkomst: string;
  detail: string | null;
}

interface Normalised extends AuditColumns {
  isolation: string;
  vorige_hash: string | null;
}

async function append(tx: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  // Writers queue here; the lock is held until the transaction ends, so the last entry cannot change under us.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY}::bigint)`;
  // A separate statement: under READ COMMITTED it sees everything committed before the lock was granted.
  const detail = entry.detail === undefined ? null : JSON.stringify(entry.detail);
  const [n] = await tx.$queryRaw<Normalised[]>`
    SELECT current_setting('transaction_isolation') AS isolation,
           to_char(date_trunc('milliseconds', clock_timestamp()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS tijdstip,
           ${entry.medewerkerId}::uuid::text AS medewerker_id,
           ${entry.deelnemerId}::text AS deelnemer_id,
           ${entry.actie}::text AS actie,
           ${entry.casusId}::uuid::text AS casus_id,
           ${entry.grondslag}::text AS grondslag,
           ${entry.uitkomst}::"AuditUitkomst"::text AS uitkomst,
           ${detail}::jsonb::text AS detail,
           (SELECT "hash" FROM "audit_log" ORDER BY "id" DESC LIMIT 1) AS vorige_hash`;
  if (!n) throw new Error('audit: the database returned no row');
  // A snapshot older than the lock (REPEATABLE READ, SERIALIZABLE) could miss the last entry and fork the chain.
  if (n.isolation !== 'read committed')
    throw new Error(`audit: logAudit needs a READ COMMITTED transaction, not ${n.isolation}`);

  const zout = randomBytes(32).toString('hex');
  const casusRef = n.casus_id === null ? null : casusCommitment(zout, n.casus_id);
  const detailRef = n.detail === null ? null : detailCommitment(zout, n.detail);
  const vorigeHash = n.vorige_hash ?? GENESIS_HASH;
  const hash = entryHash({
    tijdstip: n.tijdstip,
    medewerkerId: n.medewerker_id,
    deelnemerId: n.deelnemer_id,
    actie: n.actie,
    casusRef,
    grondslag: n.grondslag,
    uitkomst: n.uitkomst,
    detailRef,
    vorigeHash,
  });
  await tx.$executeRaw`
    INSERT INTO "audit_log" ("tijdstip", "medewerker_id", "deelnemer_id", "actie", "casus_id", "grondslag", "uitkomst",
                             "detail", "zout", "casus_ref", "detail_ref", "vorige_hash", "hash")
    VALUES (${n.tijdstip}::timestamptz, ${n.medewerker_id}::uuid, ${n.deelnemer_id}, ${n.actie}, ${n.casus_id}::uuid,
            ${n.grondslag}, ${n.uitkomst}::"AuditUitkomst", ${n.detail}::jsonb, ${zout}, ${casusRef}, ${detailRef},
            ${vorigeHash}, ${hash})`;
}

/**
 * Pseudonymises the audit entries of an anonymised casus (issue #3): erases their casus id, detail and salt, and
 * gives them one fresh random `casusPseudoniem`; the access facts and the chain stay intact. Call it in the
 * transaction that anonymises the casus, after setting `geanonimiseerdOp`: the append-only trigger refuses it for a
 * casus that still exists and is not anonymised. Idempotent; returns the number of entries changed. Entries written
 * about the casus afterwards carry its id again and need another call.
 */
export async function pseudonymiseAudit(db: AuditDb, casusId: string): Promise<number> {
  const [row] = await db.$queryRaw<
    Array<{ aantal: number }>
  >`SELECT "audit_pseudonimiseer"(${casusId}::uuid) AS aantal`;
  return Number(row?.aantal ?? 0);
}

/**
 * Log retention (issue #6): removes the entries written before `grens` from the start of the chain and records the
 * removal (audit_opschoning), inside the database function audit_opschonen (migration
 * 20261123230000_auditlog_bewaartermijn), which alone may delete from the log and refuses a cut-off less than a year
 * ago. Idempotent; returns the number removed.
 */
export async function removeExpiredAudit(db: AuditDb, grens: Date): Promise<number> {
  const [row] = await db.$queryRaw<
    Array<{ aantal: number }>
  >`SELECT "audit_opschonen"(${grens}::timestamptz) AS aantal`;
  return Number(row?.aantal ?? 0);
}

export type AuditBreuk = 'altered' | 'removed' | 'reordered';

/** Where the chain starts after retention removed its oldest entries: the last removed entry. */
export interface AuditStart {
  totId: string;
  totHash: string;
  /** Entries written before this moment (ISO) were removed. */
  grens: string;
}

export type AuditVerification =
  | { ok: true; count: number; last: { id: string; hash: string } | null; start: AuditStart | null }
  | { ok: false; count: number; kind: AuditBreuk; id: string; message: string };

export interface VerifyOptions {
  /** Rows per query; the chain is walked in id order, batch by batch. */
  batchSize?: number;
  /**
   * A head reported by an earlier verification (kept outside the database). A chain alone cannot show that its
   * newest entries were cut off, or that all of it was rewritten and re-hashed by someone who can bypass the
   * trigger; an anchor can: the entry must still be there with the same hash.
   */
  anchor?: { id: string; hash: string };
}

interface StoredEntry extends AuditColumns {
  id: string;
  zout: string | null;
  casus_ref: string | null;
  detail_ref: string | null;
  casus_pseudoniem: string | null;
  vorige_hash: string;
  hash: string;
}

/** What is wrong with an entry on its own (its commitments and its hash), or null. */
function contentFault(e: StoredEntry): string | null {
  if (e.zout !== null) {
    if (e.casus_ref !== (e.casus_id === null ? null : casusCommitment(e.zout, e.casus_id)))
      return 'its casus id does not match its commitment (casus_ref)';
    if (e.detail_ref !== (e.detail === null ? null : detailCommitment(e.zout, e.detail)))
      return 'its detail does not match its commitment (detail_ref)';
    if (e.casus_pseudoniem !== null) return 'it has a pseudonym but was not pseudonymised';
  } else if (e.casus_id !== null || e.detail !== null || e.casus_ref === null || e.casus_pseudoniem === null) {
    return 'it lacks its salt (zout) but is not a pseudonymised entry';
  }
  const hash = entryHash({
    tijdstip: e.tijdstip,
    medewerkerId: e.medewerker_id,
    deelnemerId: e.deelnemer_id,
    actie: e.actie,
    casusRef: e.casus_ref,
    grondslag: e.grondslag,
    uitkomst: e.uitkomst,
    detailRef: e.detail_ref,
    vorigeHash: e.vorige_hash,
  });
  return hash === e.hash ? null : 'its content does not match its hash';
}

/**
 * Walks the whole chain in id order and reports the first broken entry: `altered` (its content does not match its
 * hash or commitments), `removed` (the entry it links to is nowhere, so one or more entries before it are gone) or
 * `reordered` (it links to an entry that exists elsewhere in the table, or another entry links to its rightful
 * predecessor). Gaps in the ids alone are no fault: a rolled-back transaction uses up an id. After the log's
 * retention removed its oldest entries, the chain starts at the hash of the last removed one (audit_opschoning).
 * Safe to run while entries are being appended; they are included as far as the walk reaches them.
 */
export async function verifyAuditChain(db: AuditDb, options: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 1000;
  const start = await chainStart(db);
  let expected = start?.totHash ?? GENESIS_HASH;
  let previousId: string | null = null;
  let count = 0;
  let after = '0';
  for (;;) {
    const batch = await db.$queryRaw<StoredEntry[]>`
      SELECT "id"::text AS id,
             to_char("tijdstip" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS tijdstip,
             "medewerker_id"::text AS medewerker_id, "deelnemer_id", "actie", "casus_id"::text AS casus_id, "grondslag",
             "uitkomst"::text AS uitkomst, "detail"::text AS detail, "zout", "casus_ref", "detail_ref",
             "casus_pseudoniem"::text AS casus_pseudoniem, "vorige_hash", "hash"
      FROM "audit_log" WHERE "id" > ${after}::bigint ORDER BY "audit_log"."id" LIMIT ${batchSize}::int`;
    for (const e of batch) {
      const fault = contentFault(e);
      if (fault)
        return { ok: false, count, kind: 'altered', id: e.id, message: `entry #${e.id} was altered: ${fault}` };
      if (e.vorige_hash !== expected) {
        const place =
          previousId !== null
            ? `entry #${previousId}`
            : start
              ? `the last entry removed by retention (#${start.totId})`
              : 'the start of the log';
        const kind = await classifyBreak(db, e, expected);
        const message =
          kind === 'reordered'
            ? `entry #${e.id} is out of order: it does not follow ${place}, which links elsewhere in the log`
            : `entry #${e.id} does not follow ${place}: the entry it follows is gone (removed, or ${place} altered and re-hashed)`;
        return { ok: false, count, kind, id: e.id, message };
      }
      expected = e.hash;
      previousId = e.id;
      count += 1;
    }
    const last = batch.at(-1);
    if (!last || batch.length < batchSize) break;
    after = last.id;
  }

  if (options.anchor) {
    const { id, hash } = options.anchor;
    if (start && BigInt(id) <= BigInt(start.totId)) {
      return {
        ok: false,
        count,
        kind: 'removed',
        id,
        message: `anchor entry #${id} was removed by the log's retention (entries before ${start.grens}); keep the anchor of a newer verification`,
      };
    }
    const [row] = await db.$queryRaw<
      Array<{ hash: string }>
    >`SELECT "hash" FROM "audit_log" WHERE "id" = ${id}::bigint`;
    if (!row)
      return {
        ok: false,
        count,
        kind: 'removed',
        id,
        message: `anchor entry #${id} is gone: the log was cut off or rewritten`,
      };
    if (row.hash !== hash)
      return {
        ok: false,
        count,
        kind: 'altered',
        id,
        message: `anchor entry #${id} has another hash: the log was rewritten`,
      };
  }
  return { ok: true, count, last: previousId === null ? null : { id: previousId, hash: expected }, start };
}

async function chainStart(db: AuditDb): Promise<AuditStart | null> {
  const [row] = await db.$queryRaw<Array<{ tot_id: string; tot_hash: string; grens: Date }>>`
    SELECT "tot_id"::text AS tot_id, "tot_hash", "grens" FROM "audit_opschoning" ORDER BY "id" DESC LIMIT 1`;
  return row ? { totId: row.tot_id, totHash: row.tot_hash, grens: row.grens.toISOString() } : null;
}

async function classifyBreak(db: AuditDb, e: StoredEntry, expected: string): Promise<AuditBreuk> {
  const [elsewhere] = await db.$queryRaw<Array<{ n: number }>>`
    SELECT ((SELECT count(*) FROM "audit_log" WHERE "hash" = ${e.vorige_hash})
          + (SELECT count(*) FROM "audit_log" WHERE "vorige_hash" = ${expected}))::int AS n`;
  return (elsewhere?.n ?? 0) > 0 ? 'reordered' : 'removed';
}
