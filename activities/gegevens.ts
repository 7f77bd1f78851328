import { logAudit, type AuditDb } from '../infra/audit';
import { dateColumn, dateOfColumn, dutchCalendarDate } from '../infra/calendar';
import type { Db } from '../infra/db';
import type { IsoDate } from '../domain/dates';
import { heeftLegalHold, neemLegalHoldLockGedeeld } from '../infra/legal-hold';

const VERWIJDERD = '[verwijderd: termijn Wvggz/Wzd verstreken]';

/** The earliest own term of an item whose content is still there (Wvggz/Wzd; SPEC §5). */
export async function eersteVervaldatum(db: AuditDb, casusId: string): Promise<IsoDate | null> {
  const eerste = await db.gegeven.findFirst({
    where: { casusId, vervaltOp: { not: null }, verwijderdOp: null },
    orderBy: { vervaltOp: 'asc' },
    select: { vervaltOp: true },
  });
  return eerste?.vervaltOp ? dateOfColumn(eerste.vervaltOp) : null;
}

/** Wvggz/Wzd data may never outlive those laws' own terms (SPEC §5): its content goes on the day, the record stays. */
export function createGegevensActivities(db: Db) {
  return {
    /** `nu`: the workflow's clock. Idempotent; a legal hold postpones it like any destruction. */
    async verwijderVervallenGegevens({
      casusId,
      nu,
    }: {
      casusId: string;
      nu: string;
    }): Promise<{ verwijderd: number }> {
      return db.$transaction(async (tx) => {
        await neemLegalHoldLockGedeeld(tx);
        if (await heeftLegalHold(tx, casusId)) return { verwijderd: 0 };
        const vandaag = dateColumn(dutchCalendarDate(new Date(nu)));
        const { count } = await tx.gegeven.updateMany({
          where: { casusId, verwijderdOp: null, vervaltOp: { lte: vandaag } },
          data: { inhoud: VERWIJDERD, bronvermelding: null, verwijderdOp: new Date(nu) },
        });
        if (count > 0) {
          await logAudit(tx, {
            medewerkerId: null,
            deelnemerId: null,
            actie: 'casus.gegevens.verwijderen',
            casusId,
            grondslag: 'Wvggz; Wzd (eigen bewaartermijn); WGS 1.8 lid 7',
            uitkomst: 'TOEGESTAAN',
            detail: { aantal: String(count) },
          });
        }
        return { verwijderd: count };
      });
    },
  };
}

export type GegevensActivities = ReturnType<typeof createGegevensActivities>;
