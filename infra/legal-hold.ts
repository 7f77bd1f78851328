import type { Prisma } from '../generated/prisma/client';
import type { AuditDb } from './audit';
import type { Db } from './db';

/**
 * pg advisory lock key ("ZVLH") between legal holds and what they forbid. Archiving and anonymisation take it shared
 * before checking for a hold, so they do not block each other; placing a hold takes it exclusively in the
 * transaction that inserts the hold. A hold placed while an anonymisation is in flight then waits for it to commit
 * instead of being missed by its already-made check, which READ COMMITTED alone cannot prevent for a global hold
 * (there is no row to lock).
 */
export const LEGAL_HOLD_LOCK_KEY = 0x5a564c48;

/**
 * The national moratorium (003 "Archiveren": since 1 March 2025 nothing is deleted, destroyed or anonymised), recorded
 * as an active global hold by its migration (prisma/migrations/20261204010000_landelijk_moratorium); the
 * archiefbeheerder lifts it through POST /legal-holds/:id/opheffing when the Archiefwet question is settled.
 */
export const MORATORIUM_HOLD_ID = '4d4f5241-544f-4952-8000-000000000001';

export const neemLegalHoldLockGedeeld = (tx: Prisma.TransactionClient) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${LEGAL_HOLD_LOCK_KEY}::bigint)`;

/** Whether an active legal hold (global, or on this casus) forbids destroying or anonymising the casus (SPEC §5). */
export async function heeftLegalHold(db: AuditDb, casusId: string): Promise<boolean> {
  const actief = await db.legalHold.count({ where: { opgehevenOp: null, OR: [{ casusId: null }, { casusId }] } });
  return actief > 0;
}

/**
 * Places a hold; waits for archiving or anonymisation in flight to finish, so none of them can miss it. `vastleggen`
 * runs in the same transaction (its audit entry: a hold exists only with it).
 */
export function plaatsLegalHold(
  db: Db,
  data: Prisma.LegalHoldUncheckedCreateInput,
  vastleggen: (tx: Prisma.TransactionClient, hold: { id: string; casusId: string | null }) => Promise<unknown>,
) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LEGAL_HOLD_LOCK_KEY}::bigint)`;
    const hold = await tx.legalHold.create({ data });
    await vastleggen(tx, hold);
    return hold;
  });
}
