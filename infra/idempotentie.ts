import type { Prisma } from '../generated/prisma/client';

/**
 * Deletes the kept answers to Idempotency-Keys (api/idempotentie.ts) that name a record whose personal data is
 * going now (an anonymised casus, a TopX-vermelding taken off its list): they may quote it. A request still running
 * keeps its reservation; its answer is written after this change and holds what is left.
 */
export const vergeetAntwoordenOver = (tx: Prisma.TransactionClient, id: string): Promise<unknown> =>
  tx.idempotentVerzoek.deleteMany({ where: { onderwerpen: { has: id }, status: { not: null } } });
