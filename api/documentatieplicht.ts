import { Router } from 'express';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import { deelnemerIdSchema } from '../domain/casus';
import { logAudit } from '../infra/audit';
import { dateOfColumn } from '../infra/calendar';
import { autoriseer } from './authorize';
import { endpoint } from './endpoints';
import { parseInput } from './problem';
import type { RouteDeps } from './deps';

const ACTIE = 'verstrekkingsregistratie.raadplegen';
const MAX = 1000;

export const querySchema = z.strictObject({
  verstrekker: deelnemerIdSchema.optional(),
  wet: z.enum(['WPG_32', 'WJSG_39J']).optional(),
});

/**
 * GET /verstrekkingsregistraties: the Wpg 32 / Wjsg 39j records (infra/documentatieplicht.ts) for the FG, who hands
 * them to the privacy officer of the providing police unit or parket (Prot. art. 8). Newest first; reads are logged.
 */
export function documentatieRoutes({ db, authenticate }: RouteDeps): Router {
  const router = Router();

  router.get(
    '/verstrekkingsregistraties',
    endpoint(ACTIE, async (req, res) => {
      const actor = await authenticate(req);
      await autoriseer(db, ACTIE, { actor });
      const { verstrekker, wet } = parseInput(querySchema, req.query);
      const rijen = await db.verstrekkingsregistratie.findMany({
        where: { ...(verstrekker ? { verstrekkerDeelnemerId: verstrekker } : {}), ...(wet ? { wet } : {}) },
        orderBy: { verstrektOp: 'desc' },
        take: MAX,
      });
      await logAudit(db, {
        medewerkerId: actor.medewerkerId,
        deelnemerId: actor.deelnemerId,
        actie: ACTIE,
        casusId: null,
        grondslag: beleid[ACTIE].grondslag,
        uitkomst: 'TOEGESTAAN',
        detail: { verstrekker: verstrekker ?? null, wet: wet ?? null, aantal: rijen.length },
      });
      res.json({
        items: rijen.map((r) => ({
          id: r.id,
          wet: r.wet,
          verstrekkerDeelnemerId: r.verstrekkerDeelnemerId,
          verstrektOp: r.verstrektOp.toISOString(),
          aanvrager: r.aanvrager,
          ontvangers: r.ontvangers,
          omschrijving: r.omschrijving,
          doel: r.doel,
          casusId: r.casusId,
          bewarenTot: dateOfColumn(r.bewarenTot),
        })),
      });
    }),
  );

  return router;
}
