import type { Prisma } from '../generated/prisma/client';

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

type AuditWriter = { auditLog: { create(args: { data: Prisma.AuditLogCreateInput }): Promise<unknown> } };

/** Appends to the audit log; pass the transaction client so the entry commits (or not) with the change it logs. */
export async function logAudit(db: AuditWriter, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({ data: entry });
}
