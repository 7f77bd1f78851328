import { beleid, beoordeel, type Actie, type AutorisatieContext } from '../domain/autorisatie';
import { logAudit } from '../infra/audit';
import type { Db } from '../infra/db';
import { problems } from './problem';

/** Asks the policy; a refusal is logged (verplichte logging covers refused attempts) and becomes a 403 or 409 problem. */
export async function autoriseer(db: Db, actie: Actie, ctx: AutorisatieContext, casusId: string | null = null): Promise<void> {
  const oordeel = beoordeel(actie, ctx);
  if (oordeel.toegestaan) return;
  await logAudit(db, {
    medewerkerId: ctx.actor.medewerkerId,
    deelnemerId: ctx.actor.deelnemerId,
    actie,
    casusId,
    grondslag: beleid[actie].grondslag,
    uitkomst: 'GEWEIGERD',
    detail: { code: oordeel.code },
  });
  throw oordeel.code === 'VERKEERDE_FASE' ? problems.verkeerdeFase(oordeel.reden) : problems.nietBevoegd(oordeel.reden);
}
