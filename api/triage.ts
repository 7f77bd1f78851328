import { DAY_MS } from '../domain/dates';
import { Router, type Request } from 'express';
import { beleid, type Actie } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import { gegevenSchema, informatieverzoekSchema } from '../domain/casusproces';
import { logAudit } from '../infra/audit';
import { dateOfColumn } from '../infra/calendar';
import { onbekendeCasus, verborgenVoor } from './authorize';
import { casusIdParam, casusVoorActie } from './casus-view';
import { endpoint } from './endpoints';
import { parseInput, problems } from './problem';
import { registreerWorkflowStart } from '../infra/workflow-start';
import { informatieverzoekWorkflowId } from '../workflows/informatieverzoek';
import { nieuwId } from './idempotentie';
import { eisGegevenMagGedeeld, naOpslag, slaGegevenOp } from './gegeven-opslag';
import { API_BASISPAD } from '../infra/api-versie';
import type { RouteDeps } from './deps';

const VRAGEN = 'casus.informatie.vragen';
const VERSTREKKEN = 'casus.gegevens.verstrekken';

/**
 * Triage (WGS 2.31 lid 3; WGS 2.29): targeted information requests to named deelnemers, and the data items they
 * provide with their ground, category and voorwaarden. Who may see an item is decided on every read
 * (`magGegevenZien`, api/casus-view.ts).
 */
export function triageRoutes({
  db,
  authenticate,
  temporal,
  workflows,
  policy,
}: RouteDeps<'workflows' | 'policy' | 'temporal'>): Router {
  const router = Router();

  const casusVoor = (req: Request, actor: Actor, actie: Actie) =>
    casusVoorActie(db, parseInput(casusIdParam, req.params).id, actor, actie, policy);
  const log = (
    actor: Actor,
    actie: Actie,
    casusId: string,
    uitkomst: 'TOEGESTAAN' | 'GEWEIGERD',
    detail: Record<string, string>,
  ) =>
    logAudit(db, {
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
      actie,
      casusId,
      grondslag: beleid[actie].grondslag,
      uitkomst,
      detail,
    });

  router.post(
    '/casussen/:id/informatieverzoeken',
    endpoint(VRAGEN, async (req, res) => {
      const actor = await authenticate(req);
      const casus = await casusVoor(req, actor, VRAGEN);
      const verzoek = parseInput(informatieverzoekSchema, req.body);
      const bekend = await db.deelnemer.count({
        where: { id: { in: [verzoek.aanDeelnemerId, verzoek.namensDeelnemerId] }, actief: true },
      });
      if (bekend < new Set([verzoek.aanDeelnemerId, verzoek.namensDeelnemerId]).size)
        throw problems.weigering(
          'ONBEKENDE_DEELNEMER',
          'Het verzoek gaat aan of namens een deelnemer die niet (actief) in het register staat.',
        );
      const id = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its request: not asked twice.
      const eerder = await db.informatieverzoek.findUnique({ where: { id }, select: { termijnOp: true } });
      const termijnOp = eerder?.termijnOp ?? new Date(Date.now() + policy.informatieverzoekTermijnDagen * DAY_MS);
      if (!eerder) {
        await db.$transaction(async (tx) => {
          await tx.informatieverzoek.create({
            data: { id, casusId: casus.id, ...verzoek, medewerkerId: actor.medewerkerId, termijnOp },
          });
          // Delivery through the deelnemer's koppeling, the deadline and its escalation (workflows/informatieverzoek.ts).
          await registreerWorkflowStart(tx, {
            workflowId: informatieverzoekWorkflowId(id),
            workflowType: 'informatieverzoekWorkflow',
            input: { verzoekId: id },
            fase: 'INFORMATIEVERZOEK_AFLEVEREN',
            volgendeDeadline: termijnOp,
          });
          await logAudit(tx, {
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
            actie: VRAGEN,
            casusId: casus.id,
            grondslag: beleid[VRAGEN].grondslag,
            uitkomst: 'TOEGESTAAN',
            detail: { verzoekId: id, aanDeelnemerId: verzoek.aanDeelnemerId },
          });
        });
      }
      await workflows.start(informatieverzoekWorkflowId(id));
      res
        .status(201)
        .location(`${API_BASISPAD}/informatieverzoeken/${id}`)
        .json({ id, ...verzoek, termijnOp: termijnOp.toISOString() });
    }),
  );

  router.post(
    '/casussen/:id/gegevens',
    endpoint(VERSTREKKEN, async (req, res) => {
      const actor = await authenticate(req);
      const casus = await casusVoor(req, actor, VERSTREKKEN);
      // Who may not see the casus was not asked for anything in it either: to it the casus does not exist.
      if (verborgenVoor(casus.ctx)) {
        await log(actor, VERSTREKKEN, casus.id, 'GEWEIGERD', { code: 'NIET_GEVRAAGD' });
        throw onbekendeCasus(casus.id);
      }
      const g = parseInput(gegevenSchema, req.body);
      // Who was asked answers its request; who takes part in the casus may add; nobody else provides unasked.
      const verzoek = g.verzoekId
        ? await db.informatieverzoek.findFirst({ where: { id: g.verzoekId, casusId: casus.id } })
        : null;
      if (g.verzoekId && !verzoek)
        throw problems.nietGevonden(`Informatieverzoek ${g.verzoekId} hoort niet bij deze casus.`);
      const gevraagd = verzoek?.aanDeelnemerId === actor.deelnemerId;
      if (verzoek ? !gevraagd : casus.relatie === 'GEEN') {
        await log(actor, VERSTREKKEN, casus.id, 'GEWEIGERD', { code: 'NIET_GEVRAAGD' });
        throw problems.nietBevoegd(
          verzoek
            ? 'dit verzoek is aan een andere deelnemer gericht'
            : 'alleen wie om gegevens is gevraagd of aan de casus deelneemt, verstrekt gegevens',
        );
      }
      const id = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its item: stored once.
      const eerder = await db.gegeven.findUnique({ where: { id } });
      if (!eerder) await eisGegevenMagGedeeld(db, actor, casus.id, g.betrokkeneIds);
      const item =
        eerder ??
        (
          await db.$transaction((tx) =>
            slaGegevenOp(tx, id, {
              casus,
              verzoek,
              leverancierDeelnemerId: actor.deelnemerId,
              medewerkerId: actor.medewerkerId,
              koppelingId: null,
              gegeven: g,
            }),
          )
        ).gegeven;
      await naOpslag(temporal, casus.id, verzoek?.id ?? null, g.vervaltOp);
      res
        .status(201)
        .location(`${API_BASISPAD}/casussen/${casus.id}`)
        .json({
          id,
          categorie: item.categorie,
          leverancierDeelnemerId: item.leverancierDeelnemerId,
          vervaltOp: item.vervaltOp ? dateOfColumn(item.vervaltOp) : null,
        });
    }),
  );

  return router;
}
