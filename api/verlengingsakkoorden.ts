import { Router, type Request } from 'express';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import { logAudit, type AuditDb } from '../infra/audit';
import { casusIdParam, casusVoorActie } from './casus-view';
import type { RouteDeps } from './deps';
import { endpoint } from './endpoints';
import { parseInput, problems } from './problem';

const ACTIE = 'casus.verlenging.akkoord';
/** Giving and withdrawing take no body: the deelnemer is the caller's own. */
const geenBody = z.strictObject({});
export const verlengingsakkoordAntwoord = z
  .strictObject({
    casusId: z.uuid(),
    deelnemerId: z.string(),
    medewerkerId: z.uuid(),
    gegevenOp: z.iso.datetime(),
    /** Only in the answer to a withdrawal. */
    ingetrokkenOp: z.iso.datetime().optional(),
  })
  .meta({ id: 'Verlengingsakkoord' });

/**
 * 003 "Verlenging bewaartermijn": "De bewaartermijn mag pas worden verlengd als de deelnemer die de gegevens heeft
 * aangeleverd daarmee akkoord is." Each such deelnemer gives (and may withdraw) its own agreement through one of its
 * medewerkers, logged; the verlenging (POST …/verlenging) takes the agreements in force and uses them up.
 */
export function verlengingsakkoordRoutes({ db, authenticate, policy }: RouteDeps<'policy'>): Router {
  const router = Router();

  const log = (actor: Actor, casusId: string, handeling: 'GEGEVEN' | 'INGETROKKEN', client: AuditDb) =>
    logAudit(client, {
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
      actie: ACTIE,
      casusId,
      grondslag: beleid[ACTIE].grondslag,
      uitkomst: 'TOEGESTAAN',
      detail: { handeling },
    });

  type AkkoordRij = { casusId: string; deelnemerId: string; medewerkerId: string; gegevenOp: Date };
  const view = (a: AkkoordRij): z.input<typeof verlengingsakkoordAntwoord> => ({
    casusId: a.casusId,
    deelnemerId: a.deelnemerId,
    medewerkerId: a.medewerkerId,
    gegevenOp: a.gegevenOp.toISOString(),
  });

  /** The caller, the casus it may act on, and the key of its own deelnemer's agreement there. */
  async function eigenAkkoord(req: Request) {
    const actor = await authenticate(req);
    const { id } = parseInput(casusIdParam, req.params);
    parseInput(geenBody, req.body ?? {});
    await casusVoorActie(db, id, actor, ACTIE, policy);
    return { actor, id, sleutel: { casusId_deelnemerId: { casusId: id, deelnemerId: actor.deelnemerId } } };
  }

  router.post(
    '/casussen/:id/verlengingsakkoorden',
    endpoint(ACTIE, async (req, res) => {
      const { actor, id, sleutel } = await eigenAkkoord(req);
      const bestaand = await db.verlengingsakkoord.findUnique({ where: sleutel });
      // Given already: nothing changes, and the answer is the agreement in force.
      if (bestaand) {
        res.json(view(bestaand));
        return;
      }
      const akkoord = await db.$transaction(async (tx) => {
        const a = await tx.verlengingsakkoord.create({
          data: { casusId: id, deelnemerId: actor.deelnemerId, medewerkerId: actor.medewerkerId },
        });
        await log(actor, id, 'GEGEVEN', tx);
        return a;
      });
      res.status(201).json(view(akkoord));
    }),
  );

  router.post(
    '/casussen/:id/verlengingsakkoorden/intrekking',
    endpoint(ACTIE, async (req, res) => {
      const { actor, id, sleutel } = await eigenAkkoord(req);
      const akkoord = await db.$transaction(async (tx) => {
        const a = await tx.verlengingsakkoord.findUnique({ where: sleutel });
        if (!a) throw problems.nietGevonden(`Deelnemer ${actor.deelnemerId} heeft geen akkoord gegeven voor ${id}.`);
        await tx.verlengingsakkoord.delete({ where: sleutel });
        await log(actor, id, 'INGETROKKEN', tx);
        return a;
      });
      res.json({ ...view(akkoord), ingetrokkenOp: new Date().toISOString() });
    }),
  );

  return router;
}
