import type { AuditDb } from '../infra/audit';

/** The plan van aanpak in force: the latest version the casus workflow accepted. */
export const huidigPlan = (db: AuditDb, casusId: string) =>
  db.planVanAanpak.findFirst({
    where: { casusId, besluit: { status: 'VASTGESTELD' } },
    orderBy: { besluit: { vastgesteldOp: 'desc' } },
  });
