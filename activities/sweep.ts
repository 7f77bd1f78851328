import { log } from '@temporalio/activity';
import { BewaartermijnInputError } from '../domain/bewaartermijn';
import { bewaartermijnVan } from '../domain/casusproces';
import { addDays, addYears, compareDates, type IsoDate } from '../domain/dates';
import type { Policy } from '../domain/policy';
import { dutchCalendarDate, dutchDayStart } from '../infra/calendar';
import type { Db } from '../infra/db';
import { laadStand } from './casus';

/** At most this many casussen per sweep run: the workflow's history stays small; the next run takes the rest. */
export const SWEEP_BATCH = 200;

/**
 * The safety net behind the casus workflows (SPEC §5): casussen past their archiefdatum (by more than the policy
 * margin) that are not anonymised — their workflow was terminated, failed, predates the process, or the casus was
 * imported. Ids only.
 */
export function createSweepActivities(db: Db, policy: Policy) {
  return {
    async vindAchterstalligeCasussen(nu: string): Promise<string[]> {
      const vandaag = dutchCalendarDate(new Date(nu));
      const grens = addDays(vandaag, -policy.sweepMargeDagen);
      // No term is shorter than one year from the aanmelding, so younger casussen cannot be due.
      const kandidaten = await db.casus.findMany({
        where: { fase: { not: 'GEANONIMISEERD' }, aanmeldDatum: { lte: dutchDayStart(addYears(grens, -1)) } },
        select: { id: true },
        orderBy: { aanmeldDatum: 'asc' },
      });
      const achterstallig: string[] = [];
      for (const { id } of kandidaten) {
        let archiefdatum: IsoDate;
        try {
          ({ archiefdatum } = bewaartermijnVan(await laadStand(db, id), policy));
        } catch (err) {
          // Inconsistent recorded dates need a person; one such casus must not stop the sweep for all others.
          if (!(err instanceof BewaartermijnInputError)) throw err;
          log.warn('casus skipped by the sweep: inconsistent bewaartermijn dates', { casusId: id });
          continue;
        }
        if (compareDates(archiefdatum, grens) <= 0) achterstallig.push(id);
        if (achterstallig.length === SWEEP_BATCH) break;
      }
      return achterstallig;
    },
  };
}

export type SweepActivities = ReturnType<typeof createSweepActivities>;
