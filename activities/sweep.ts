import { Context, log } from '@temporalio/activity';
import { BewaartermijnInputError, bewaartermijnVerstreken } from '../domain/bewaartermijn';
import { bewaartermijnVan } from '../domain/casusproces';
import { addDays, addYears, DAY_MS, HOUR_MS, type IsoDate } from '../domain/dates';
import type { Policy } from '../domain/policy';
import { avgEindfasen } from '../domain/avg-verzoek';
import { logAudit, removeExpiredAudit } from '../infra/audit';
import { dutchCalendarDate, dutchDayStart } from '../infra/calendar';
import type { Db } from '../infra/db';
import { startOpenstaande, type StartHerstel } from '../infra/workflow-start';
import { wisVerzoekgegevens } from './avg-verzoek';
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
        // Due from the day after the archiefdatum; the sweep takes it the margin later.
        if (bewaartermijnVerstreken(grens, archiefdatum)) achterstallig.push(id);
        if (achterstallig.length === SWEEP_BATCH) break;
      }
      return achterstallig;
    },

    /** Ended AVG-verzoeken that concern no casus lose the requester's data after ZVH_AVG_VERZOEK_ZONDER_CASUS_MAANDEN. */
    async wisOudeAvgVerzoeken(nu: string): Promise<{ gewist: number }> {
      const grens = new Date(nu);
      grens.setUTCMonth(grens.getUTCMonth() - policy.avgVerzoekZonderCasusMaanden);
      return db.$transaction(async (tx) => {
        const oud = await tx.avgVerzoek.findMany({
          where: {
            geanonimiseerdOp: null,
            fase: { in: [...avgEindfasen] },
            afgerondOp: { lt: grens },
            casussen: { none: {} },
          },
          select: { id: true },
        });
        const gewist = await wisVerzoekgegevens(
          tx,
          oud.map((v) => v.id),
        );
        if (gewist > 0)
          await logAudit(tx, {
            medewerkerId: null,
            deelnemerId: null,
            actie: 'avgverzoek.bewaartermijn',
            casusId: null,
            grondslag: 'AVG 5 lid 1 e; bewaartermijn AVG-verzoeken (ZVH-beleid)',
            uitkomst: 'TOEGESTAAN',
            detail: { gewist },
          });
        return { gewist };
      });
    },

    /**
     * The logs' own terms: audit entries past ZVH_AUDITLOG_BEWAARTERMIJN_JAREN, and Wpg 32 / Wjsg 39j records past
     * their 4 years. Logs what it removed.
     */
    async ruimLogsOp(
      nu: string,
    ): Promise<{ auditlog: number; verstrekkingsregistraties: number; koppelingOntvangsten: number }> {
      const grens = new Date(nu);
      grens.setUTCFullYear(grens.getUTCFullYear() - policy.auditlogBewaartermijnJaren);
      return db.$transaction(async (tx) => {
        const auditlog = await removeExpiredAudit(tx, grens);
        const { count: verstrekkingsregistraties } = await tx.verstrekkingsregistratie.deleteMany({
          where: { bewarenTot: { lt: dutchDayStart(dutchCalendarDate(new Date(nu))) } },
        });
        // A partner repeats a message within days; the record of what it delivered (ids only) is kept for a while longer.
        const ontvangstGrens = new Date(Date.parse(nu) - KOPPELING_ONTVANGST_DAGEN * DAY_MS);
        const { count: koppelingOntvangsten } = await tx.koppelingOntvangst.deleteMany({
          where: { createdAt: { lt: ontvangstGrens } },
        });
        if (auditlog + verstrekkingsregistraties > 0) {
          await logAudit(tx, {
            medewerkerId: null,
            deelnemerId: null,
            actie: 'logging.opschonen',
            casusId: null,
            grondslag: 'WGS 1.8; Wpg 32; Wjsg 39j; bewaartermijn van de logging (ZVH-beleid)',
            uitkomst: 'TOEGESTAAN',
            detail: { auditlog, verstrekkingsregistraties, grens: grens.toISOString() },
          });
        }
        return { auditlog, verstrekkingsregistraties, koppelingOntvangsten };
      });
    },

    /** The reconciler's daily pass (infra/workflow-start.ts): every registered workflow whose start is unconfirmed. */
    async startOntbrekendeWorkflows(): Promise<StartHerstel> {
      const { client, info } = Context.current();
      const herstel = await startOpenstaande(db, client, info.taskQueue, new Date());
      if (herstel.gevonden > 0) log.warn('sweep started registered workflows', { ...herstel });
      return herstel;
    },

    /** Answers to medewerkers' Idempotency-Keys past ZVH_IDEMPOTENCY_KEY_UREN (api/idempotentie.ts). */
    async vergeetIdempotentie(nu: string): Promise<{ vergeten: number }> {
      const grens = new Date(Date.parse(nu) - policy.idempotencyKeyUren * HOUR_MS);
      const { count } = await db.idempotentVerzoek.deleteMany({ where: { createdAt: { lt: grens } } });
      return { vergeten: count };
    },
  };
}

/** How long a partner's Idempotency-Key is remembered (activities/sweep.ts; api/koppeling-auth.ts `eenmaal`). */
export const KOPPELING_ONTVANGST_DAGEN = 90;

export type SweepActivities = ReturnType<typeof createSweepActivities>;
