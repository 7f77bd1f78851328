import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Client } from '@temporalio/client';
import { beleid, type Actie } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import { gegevenSchema, informatieverzoekSchema } from '../domain/casusproces';
import type { Policy } from '../domain/policy';
import { logAudit } from '../infra/audit';
import { dateOfColumn } from '../infra/calendar';
import type { Db } from '../infra/db';
import type { Authenticate } from './auth';
import { onbekendeCasus, verborgenVoor } from './authorize';
import { casusIdParam, casusVoorActie } from './casus-view';
import { endpoint } from './endpoints';
import { parseInput, problems } from './problem';
import { informatieverzoekWorkflow, informatieverzoekWorkflowId } from '../workflows/informatieverzoek';
import { zvhFase, zvhVolgendeDeadline } from '../workflows/search-attributes';
import { naOpslag, slaGegevenOp } from './gegeven-opslag';

export interface TriageRouteDeps {
  db: Db;
  authenticate: Authenticate;
  temporal: Client;
  taskQueue: string;
  policy: Policy;
}

const VRAGEN = 'casus.informatie.vragen';
const VERSTREKKEN = 'casus.gegevens.verstrekken';

/**
 * Triage (WGS 2.31 lid 3; WGS 2.29): targeted information requests to named deelnemers, and the data items they
 * provide with their ground, category and voorwaarden. Who may see an item is decided on every read
 * (`magGegevenZien`, api/casus-view.ts).
 */
export function triageRoutes({ db, authenticate, temporal, taskQueue, policy }: TriageRouteDeps): Router {
  const router = Router();

  const casusVoor = (req: Request, actor: Actor, actie: Actie) => casusVoorActie(db, parseInput(casusIdParam, req.params).id, actor, actie);
  const log = (actor: Actor, actie: Actie, casusId: string, uitkomst: 'TOEGESTAAN' | 'GEWEIGERD', detail: Record<string, string>) =>
    logAudit(db, { medewerkerId: actor.medewerkerId, deelnemerId: actor.deelnemerId, actie, casusId, grondslag: beleid[actie].grondslag, uitkomst, detail });

  router.post('/casussen/:id/informatieverzoeken', endpoint(VRAGEN, async (req, res) => {
    const actor = await authenticate(req);
    const casus = await casusVoor(req, actor, VRAGEN);
    const verzoek = parseInput(informatieverzoekSchema, req.body);
    const bekend = await db.deelnemer.count({ where: { id: { in: [verzoek.aanDeelnemerId, verzoek.namensDeelnemerId] }, actief: true } });
    if (bekend < new Set([verzoek.aanDeelnemerId, verzoek.namensDeelnemerId]).size) throw problems.nietToegestaan('onbekende-deelnemer', 'Onbekende deelnemer', 'Het verzoek gaat aan of namens een deelnemer die niet (actief) in het register staat.');
    const id = randomUUID();
    const termijnOp = new Date(Date.now() + policy.informatieverzoekTermijnDagen * 86_400_000);
    await db.informatieverzoek.create({ data: { id, casusId: casus.id, ...verzoek, medewerkerId: actor.medewerkerId, termijnOp } });
    try {
      // Delivery through the deelnemer's koppeling, the deadline and its escalation (workflows/informatieverzoek.ts).
      await temporal.workflow.start(informatieverzoekWorkflow, { taskQueue, workflowId: informatieverzoekWorkflowId(id), args: [{ verzoekId: id }], typedSearchAttributes: [{ key: zvhFase, value: 'INFORMATIEVERZOEK_AFLEVEREN' }, { key: zvhVolgendeDeadline, value: termijnOp }] });
    } catch (err) {
      // Without its workflow nobody would deliver it or watch its deadline: remove it, so the request can be retried.
      await db.informatieverzoek.delete({ where: { id } });
      throw err;
    }
    await log(actor, VRAGEN, casus.id, 'TOEGESTAAN', { verzoekId: id, aanDeelnemerId: verzoek.aanDeelnemerId });
    res.status(201).location(`/informatieverzoeken/${id}`).json({ id, ...verzoek, termijnOp: termijnOp.toISOString() });
  }));

  router.post('/casussen/:id/gegevens', endpoint(VERSTREKKEN, async (req, res) => {
    const actor = await authenticate(req);
    const casus = await casusVoor(req, actor, VERSTREKKEN);
    // Who may not see the casus was not asked for anything in it either: to it the casus does not exist.
    if (verborgenVoor({ actor, relatie: casus.relatie })) {
      await log(actor, VERSTREKKEN, casus.id, 'GEWEIGERD', { code: 'NIET_GEVRAAGD' });
      throw onbekendeCasus(casus.id);
    }
    const g = parseInput(gegevenSchema, req.body);
    // Who was asked answers its request; who takes part in the casus may add; nobody else provides unasked.
    const verzoek = g.verzoekId ? await db.informatieverzoek.findFirst({ where: { id: g.verzoekId, casusId: casus.id } }) : null;
    if (g.verzoekId && !verzoek) throw problems.nietGevonden(`Informatieverzoek ${g.verzoekId} hoort niet bij deze casus.`);
    const gevraagd = verzoek?.aanDeelnemerId === actor.deelnemerId;
    if (verzoek ? !gevraagd : casus.relatie === 'GEEN') {
      await log(actor, VERSTREKKEN, casus.id, 'GEWEIGERD', { code: 'NIET_GEVRAAGD' });
      throw problems.nietBevoegd(verzoek ? 'dit verzoek is aan een andere deelnemer gericht' : 'alleen wie om gegevens is gevraagd of aan de casus deelneemt, verstrekt gegevens');
    }
    const id = randomUUID();
    const { gegeven: item } = await db.$transaction((tx) =>
      slaGegevenOp(tx, id, { casus, verzoek, leverancierDeelnemerId: actor.deelnemerId, medewerkerId: actor.medewerkerId, koppelingId: null, gegeven: g }),
    );
    await naOpslag(temporal, casus.id, verzoek?.id ?? null, g.vervaltOp);
    res.status(201).location(`/casussen/${casus.id}`).json({ id, categorie: item.categorie, leverancierDeelnemerId: item.leverancierDeelnemerId, vervaltOp: item.vervaltOp ? dateOfColumn(item.vervaltOp) : null });
  }));

  return router;
}
