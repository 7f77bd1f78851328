import { Router } from 'express';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import { magGegevenZien, verstrekkingSchema, weigeringAanIncidenteel } from '../domain/casusproces';
import { personenVan } from '../domain/informatieplicht';
import { logAudit } from '../infra/audit';
import { documenteerVerstrekking } from '../infra/documentatieplicht';
import { casusIdParam, casusVoorActie } from './casus-view';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { eisInformatieplichtNagekomen } from './informatieplicht';
import { parseInput, problems } from './problem';
import type { RouteDeps } from './deps';

const ACTIE = 'casus.incidenteel.verstrekken';
export const params = casusIdParam.extend({ deelnemerId: z.uuid().toLowerCase() });

/**
 * An incidentele deelnemer never has access to the system (WGS 2.31 lid 10), so whatever it receives is handed over
 * by someone in the casusoverleg and recorded here: what, how, by whom, when — and logged.
 */
export function verstrekkingRoutes({ db, authenticate, policy }: RouteDeps<'policy'>): Router {
  const router = Router();

  router.post(
    '/casussen/:id/incidentele-deelnemers/:deelnemerId/verstrekkingen',
    endpoint(ACTIE, async (req, res) => {
      const actor = await authenticate(req);
      const { id, deelnemerId } = parseInput(params, req.params);
      await casusVoorActie(db, id, actor, ACTIE, policy);
      const { omschrijving, kanaal, gegevenIds: gevraagd } = parseInput(verstrekkingSchema, req.body);
      // Only an invitation the workflow accepted counts; a refused or pending one is no incidentele deelnemer.
      const uitgenodigd = await db.incidenteleDeelnemer.findFirst({
        where: { besluitId: deelnemerId, casusId: id, besluit: { status: 'VASTGESTELD' } },
        select: { organisatie: true },
      });
      if (!uitgenodigd) throw problems.nietGevonden(`Incidentele deelnemer ${deelnemerId} hoort niet bij casus ${id}.`);
      // WGS 2.29: the providers' voorwaarden go with their items (domain weigeringAanIncidenteel); a refusal is logged.
      const gegevenIds = [...new Set(gevraagd)];
      const items = (await db.gegeven.findMany({ where: { id: { in: gegevenIds }, casusId: id } })).filter((g) =>
        magGegevenZien(g, actor),
      );
      if (items.length < gegevenIds.length)
        throw problems.nietGevonden('Niet elk genoemd gegeven hoort bij deze casus en is voor u zichtbaar.');
      const verboden = items.flatMap((g) => {
        const reden = weigeringAanIncidenteel(g, actor);
        return reden === null ? [] : [{ id: g.id, reden }];
      });
      // Prot. 16.1: each person the items are about (everyone, for a description without items) is informed first.
      if (!(await db.verstrekking.findUnique({ where: { id: nieuwId(req) }, select: { id: true } })))
        await eisInformatieplichtNagekomen(db, actor, id, ACTIE, personenVan(items));
      if (verboden.length > 0) {
        await logAudit(db, {
          medewerkerId: actor.medewerkerId,
          deelnemerId: actor.deelnemerId,
          actie: ACTIE,
          casusId: id,
          grondslag: beleid[ACTIE].grondslag,
          uitkomst: 'GEWEIGERD',
          detail: { code: 'NIET_AAN_DERDEN', gegevenIds: verboden.map((v) => v.id) },
        });
        throw problems.nietToegestaan(
          'voorwaarde-geschonden',
          'Verstrekking in strijd met de voorwaarden',
          verboden.map((v) => `${v.id}: ${v.reden}`).join('; '),
        );
      }
      const verstrekkingId = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its verstrekking: not recorded twice.
      const verstrekking =
        (await db.verstrekking.findUnique({ where: { id: verstrekkingId } })) ??
        (await db.$transaction(async (tx) => {
          const v = await tx.verstrekking.create({
            data: {
              id: verstrekkingId,
              incidenteleDeelnemerId: deelnemerId,
              casusId: id,
              omschrijving,
              kanaal,
              gegevenIds,
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
            },
          });
          await documenteerVerstrekking(tx, items, {
            casusId: id,
            ontvangers: [`incidenteel:${uitgenodigd.organisatie}`],
            aanvrager: actor.deelnemerId,
            doel: 'incidentele deelname aan het casusoverleg (WGS 2.31 lid 10)',
            op: v.verstrektOp,
          });
          await logAudit(tx, {
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
            actie: ACTIE,
            casusId: id,
            grondslag: beleid[ACTIE].grondslag,
            uitkomst: 'TOEGESTAAN',
            detail: { verstrekkingId: v.id, incidenteleDeelnemerId: deelnemerId, kanaal },
          });
          return v;
        }));
      res.status(201).json({
        id: verstrekking.id,
        incidenteleDeelnemerId: deelnemerId,
        omschrijving,
        kanaal,
        gegevenIds,
        verstrektOp: verstrekking.verstrektOp.toISOString(),
        deelnemerId: actor.deelnemerId,
      });
    }),
  );

  return router;
}
