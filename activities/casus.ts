import { beleid } from '../domain/autorisatie';
import { archiefdatum } from '../domain/bewaartermijn';
import type { CasusFase } from '../domain/casus';
import type { Policy } from '../domain/policy';
import { logAudit } from '../infra/audit';
import { dateColumn, dutchCalendarDate } from '../infra/calendar';
import type { Db } from '../infra/db';

export interface CasusContext {
  /** ISO timestamp by which the intake decision is due (policy). */
  intakeDeadline: string;
}

export interface StelIntakeBesluitVastInput {
  casusId: string;
  besluitId: string;
  fase: CasusFase;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Casus activities. Each is idempotent: Temporal may run it again after a crash or timeout. */
export function createCasusActivities(db: Db, policy: Policy) {
  return {
    async laadCasusContext(casusId: string): Promise<CasusContext> {
      const casus = await db.casus.findUniqueOrThrow({ where: { id: casusId }, select: { aanmeldDatum: true } });
      return { intakeDeadline: new Date(casus.aanmeldDatum.getTime() + policy.intakeTermijnDagen * DAY_MS).toISOString() };
    },

    /** Records the accepted intake decision and the casus' new phase; returns the archiefdatum when rejected. */
    async stelIntakeBesluitVast({ casusId, besluitId, fase }: StelIntakeBesluitVastInput): Promise<{ archiefdatum: string | null }> {
      return db.$transaction(async (tx) => {
        const besluit = await tx.besluit.findUniqueOrThrow({ where: { id: besluitId } });
        const casus = await tx.casus.findUniqueOrThrow({ where: { id: casusId } });
        if (besluit.casusId !== casusId) throw new Error(`besluit ${besluitId} does not belong to casus ${casusId}`);
        const datum =
          fase === 'NIET_IN_BEHANDELING'
            ? dateColumn(archiefdatum({ aanmelddatum: dutchCalendarDate(casus.aanmeldDatum), afgewezenOp: dutchCalendarDate(besluit.createdAt) }).archiefdatum)
            : null;
        if (besluit.status !== 'VASTGESTELD') {
          await tx.besluit.update({ where: { id: besluitId }, data: { status: 'VASTGESTELD', vastgesteldOp: new Date() } });
          await tx.casus.update({ where: { id: casusId }, data: { fase, archiefDatum: datum } });
          await logAudit(tx, {
            medewerkerId: besluit.medewerkerId,
            deelnemerId: besluit.deelnemerId,
            actie: 'casus.intakebesluit',
            casusId,
            grondslag: beleid['casus.intakebesluit'].grondslag,
            uitkomst: 'TOEGESTAAN',
            detail: { besluitId, fase },
          });
        }
        return { archiefdatum: datum?.toISOString() ?? null };
      });
    },
  };
}

export type CasusActivities = ReturnType<typeof createCasusActivities>;
