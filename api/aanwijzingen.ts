import { Router } from 'express';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import { aanwijzingWeigering, relatieTot } from '../domain/casusproces';
import { logAudit, type AuditDb } from '../infra/audit';
import { autoriseer, onbekendeCasus } from './authorize';
import { casusIdParam, relatieMet, relatieSelect, toegangVan } from './casus-view';
import { endpoint } from './endpoints';
import { parseInput, problems } from './problem';
import type { RouteDeps } from './deps';

const ACTIE = 'casus.medewerker.aanwijzen';
export const aanwijzingSchema = z.strictObject({ medewerkerId: z.uuid().toLowerCase() });
export const intrekkingParams = casusIdParam.extend({ medewerkerId: z.uuid().toLowerCase() });
/** POST …/intrekking takes no body: what is withdrawn is in the path. */
const geenBody = z.strictObject({});

/**
 * Need-to-know per medewerker (Handvat 4.5 lid 4-5): each deelnemer in a casus designates the medewerkers of its own
 * who see it, and withdraws them; every change logged. Judged on the deelnemer's relation (policy action
 * casus.medewerker.aanwijzen) and on who of it designates (domain/casusproces.ts aanwijzingWeigering).
 */
export function aanwijzingRoutes({ db, authenticate, policy }: RouteDeps<'policy'>): Router {
  const router = Router();

  /** The casus, the actor authorised for it as a medewerker of its deelnemer, and the medewerker concerned. */
  async function beoordeelAanwijzing(actor: Actor, id: string, medewerkerId: string) {
    const casus = await db.casus.findUnique({ where: { id }, select: relatieSelect });
    if (!casus) throw onbekendeCasus(id);
    const toegang = toegangVan(casus);
    // The deelnemer designates, so its relation counts, not the acting medewerker's own (it may be the first).
    await autoriseer(db, ACTIE, { ...relatieMet(casus, actor, policy), relatie: relatieTot(actor, toegang) }, id);
    const doel = await db.medewerker.findUnique({
      where: { id: medewerkerId },
      select: { deelnemerId: true, actief: true },
    });
    if (!doel?.actief) {
      const detail = `Medewerker ${medewerkerId} staat niet (actief) in het register.`;
      throw problems.nietToegestaan('onbekende-medewerker', 'Onbekende medewerker', detail);
    }
    const weigering = aanwijzingWeigering(actor, { medewerkerId, deelnemerId: doel.deelnemerId }, toegang);
    if (weigering !== null) {
      await log(actor, id, 'GEWEIGERD', { code: 'NIET_BEVOEGD', medewerkerId });
      throw problems.nietBevoegd(weigering);
    }
    return { deelnemerId: doel.deelnemerId };
  }

  type Uitkomst = 'TOEGESTAAN' | 'GEWEIGERD';
  type Detail = Record<string, string>;
  const log = (actor: Actor, casusId: string, uitkomst: Uitkomst, detail: Detail, client: AuditDb = db) =>
    logAudit(client, {
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
      actie: ACTIE,
      casusId,
      grondslag: beleid[ACTIE].grondslag,
      uitkomst,
      detail,
    });

  type AanwijzingRij = { medewerkerId: string; aangewezenOp: Date; ingetrokkenOp: Date | null };
  const view = (casusId: string, deelnemerId: string, a: AanwijzingRij) => ({
    casusId,
    medewerkerId: a.medewerkerId,
    deelnemerId,
    aangewezenOp: a.aangewezenOp.toISOString(),
    ingetrokkenOp: a.ingetrokkenOp?.toISOString() ?? null,
  });

  router.post(
    '/casussen/:id/aanwijzingen',
    endpoint(ACTIE, async (req, res) => {
      const actor = await authenticate(req);
      const { id } = parseInput(casusIdParam, req.params);
      const { medewerkerId } = parseInput(aanwijzingSchema, req.body);
      const { deelnemerId } = await beoordeelAanwijzing(actor, id, medewerkerId);
      const sleutel = { casusId_medewerkerId: { casusId: id, medewerkerId } };
      const bestaand = await db.casusAanwijzing.findUnique({ where: sleutel });
      // Designated already: nothing changes, and the answer is the designation in force.
      if (bestaand && bestaand.ingetrokkenOp === null) {
        res.json(view(id, deelnemerId, bestaand));
        return;
      }
      const aanwijzing = await db.$transaction(async (tx) => {
        const nu = new Date();
        const a = await tx.casusAanwijzing.upsert({
          where: sleutel,
          create: { casusId: id, medewerkerId, aangewezenOp: nu },
          update: { aangewezenOp: nu, ingetrokkenOp: null },
        });
        await log(actor, id, 'TOEGESTAAN', { handeling: 'AANGEWEZEN', medewerkerId }, tx);
        return a;
      });
      res.status(201).json(view(id, deelnemerId, aanwijzing));
    }),
  );

  router.post(
    '/casussen/:id/aanwijzingen/:medewerkerId/intrekking',
    endpoint(ACTIE, async (req, res) => {
      const actor = await authenticate(req);
      const { id, medewerkerId } = parseInput(intrekkingParams, req.params);
      parseInput(geenBody, req.body ?? {});
      const { deelnemerId } = await beoordeelAanwijzing(actor, id, medewerkerId);
      const sleutel = { casusId_medewerkerId: { casusId: id, medewerkerId } };
      const bestaand = await db.casusAanwijzing.findUnique({ where: sleutel });
      if (!bestaand || bestaand.ingetrokkenOp !== null) {
        throw problems.nietGevonden(`Medewerker ${medewerkerId} is niet aangewezen voor casus ${id}.`);
      }
      const aanwijzing = await db.$transaction(async (tx) => {
        const a = await tx.casusAanwijzing.update({ where: sleutel, data: { ingetrokkenOp: new Date() } });
        await log(actor, id, 'TOEGESTAAN', { handeling: 'INGETROKKEN', medewerkerId }, tx);
        return a;
      });
      res.json(view(id, deelnemerId, aanwijzing));
    }),
  );

  return router;
}
