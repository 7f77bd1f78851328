import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { z } from 'zod';
import { beleid, beoordeel } from '../domain/autorisatie';
import { aanmeldingSchema, afgeslotenFasen, type Aanmelding, type Actor } from '../domain/casus';
import { logAudit } from '../infra/audit';
import { registreerWorkflowStart } from '../infra/workflow-start';
import { casusWorkflowId, casusWorkflowStart } from '../workflows/casus';
import { autoriseer } from './authorize';
import { criteriumRows } from '../infra/criteria';
import {
  casusIdParam,
  casusInclude,
  casusNaBesluit,
  casusView,
  casusVoorActie,
  loadCasus,
  relatieMet,
  relatieSelect,
} from './casus-view';
import { aanwijzingRoutes } from './aanwijzingen';
import { verlengingsakkoordRoutes } from './verlengingsakkoorden';
import { vooruitblikVoor } from './werkvoorraad';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { parseInput, problems } from './problem';
import { API_BASISPAD } from '../infra/api-versie';
import { volgnummer } from '../infra/volgnummer';
import type { RouteDeps } from './deps';

const PROCESREGIE = 'casus.procesregie.nemen';
/** POST /casussen/:id/procesregie takes no body: who takes the procesregie is the caller. */
const geenBody = z.strictObject({});

/** Signals a workflow that may have finished already: a finished one has nothing left to do with it. */
export async function signaleer(temporal: Client, workflowId: string, signaal: SignalDefinition<[]>): Promise<void> {
  await temporal.workflow
    .getHandle(workflowId)
    .signal(signaal)
    .catch((err: unknown) => {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    });
}

/** Asks a casus workflow to look again (a hold lifted, an item with its own term). */
export const wekCasus = (temporal: Client, casusId: string, signaal: SignalDefinition<[]>): Promise<void> =>
  signaleer(temporal, casusWorkflowId(casusId), signaal);

export function casusRoutes({ db, authenticate, workflows, policy }: RouteDeps<'workflows' | 'policy'>): Router {
  const router = Router();

  /** Stores the casus with the start of its workflow in one transaction (the outbox: infra/workflow-start.ts). */
  async function registreer(actor: Actor, aanmelding: Aanmelding, id: string): Promise<void> {
    if (aanmelding.vorigeCasusId !== undefined) {
      // Re-aanmelding after closing: a new casus with a new bewaartermijn, linked to the old one; nothing is copied.
      const vorige = await db.casus.findUnique({
        where: { id: aanmelding.vorigeCasusId },
        select: { id: true, ...relatieSelect },
      });
      const leesbaar = vorige !== null && beoordeel('casus.raadplegen', relatieMet(vorige, actor, policy)).toegestaan;
      if (vorige && !leesbaar)
        await logAudit(db, {
          medewerkerId: actor.medewerkerId,
          deelnemerId: actor.deelnemerId,
          actie: 'casus.raadplegen',
          casusId: vorige.id,
          grondslag: beleid['casus.raadplegen'].grondslag,
          uitkomst: 'GEWEIGERD',
          detail: { code: 'NIET_BEVOEGD' },
        });
      // Need-to-know: a casus the aanmelder may not read is answered as unknown, so its existence does not leak.
      if (!vorige || !leesbaar)
        throw problems.nietToegestaan(
          'onbekende-casus',
          'Onbekende vorige casus',
          `Casus ${aanmelding.vorigeCasusId} bestaat niet of is niet voor u.`,
        );
      if (!afgeslotenFasen.includes(vorige.fase))
        throw problems.verkeerdeFase(
          `De vorige casus is nog open (fase ${vorige.fase}); heropen die in plaats van opnieuw aan te melden.`,
        );
    }
    const now = new Date();
    const casusnummer = await volgnummer(db, 'ZVH', now);
    await db.$transaction(async (tx) => {
      await tx.casus.create({
        data: {
          id,
          casusnummer,
          aanmelderDeelnemerId: actor.deelnemerId,
          aanmelderMedewerkerId: actor.medewerkerId,
          wettelijkeTaak: aanmelding.wettelijkeTaak,
          vorigeCasusId: aanmelding.vorigeCasusId ?? null,
          aanmeldDatum: now,
          betrokkenen: {
            create: aanmelding.betrokkenen.map((b) => ({
              id: randomUUID(),
              ...b,
              geboortedatum: b.geboortedatum ? new Date(b.geboortedatum) : null,
            })),
          },
        },
      });
      await tx.criteriumBeoordeling.createMany({ data: criteriumRows(aanmelding.criteria, 'AANMELDING', id, null) });
      // The aanmelder's medewerker is designated for the casus at once (need-to-know per medewerker).
      await tx.casusAanwijzing.create({ data: { casusId: id, medewerkerId: actor.medewerkerId } });
      await registreerWorkflowStart(tx, casusWorkflowStart(id, 'AANMELDING'));
      await logAudit(tx, {
        medewerkerId: actor.medewerkerId,
        deelnemerId: actor.deelnemerId,
        actie: 'casus.aanmelden',
        casusId: id,
        grondslag: beleid['casus.aanmelden'].grondslag,
        uitkomst: 'TOEGESTAAN',
      });
    });
  }

  // Aanmelding (WGS 2.31 lid 1): by a vaste deelnemer; the bewaartermijn starts now (SPEC §5).
  router.post(
    '/casussen',
    endpoint('casus.aanmelden', async (req, res) => {
      const actor = await authenticate(req);
      await autoriseer(db, 'casus.aanmelden', { actor });
      const aanmelding = parseInput(aanmeldingSchema, req.body);
      const id = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its casus: not registered twice.
      if (!(await db.casus.count({ where: { id } }))) await registreer(actor, aanmelding, id);
      await workflows.start(casusWorkflowId(id));
      const casus = await db.casus.findUniqueOrThrow({ where: { id }, include: casusInclude });
      // The aanmelder's medewerker, designated with the casus, sees all of it.
      res
        .status(201)
        .location(`${API_BASISPAD}/casussen/${id}`)
        .json(casusView(casus, actor, 'VOLLEDIG'));
    }),
  );

  router.get(
    '/casussen/:id',
    endpoint('casus.raadplegen', async (req, res) => {
      const actor = await authenticate(req);
      const casus = await loadCasus(db, req, actor, policy);
      res.json({ ...casus, ...(await vooruitblikVoor(db, casus.id, actor, policy)) });
    }),
  );

  // The calling procesregisseur takes the procesregie of the casus (Afspr. 12); a colleague hands over by taking it.
  router.post(
    '/casussen/:id/procesregie',
    endpoint(PROCESREGIE, async (req, res) => {
      const actor = await authenticate(req);
      const { id } = parseInput(casusIdParam, req.params);
      parseInput(geenBody, req.body ?? {});
      await casusVoorActie(db, id, actor, PROCESREGIE, policy);
      await db.$transaction(async (tx) => {
        await tx.casus.update({ where: { id }, data: { procesregisseurMedewerkerId: actor.medewerkerId } });
        await logAudit(tx, {
          medewerkerId: actor.medewerkerId,
          deelnemerId: actor.deelnemerId,
          actie: PROCESREGIE,
          casusId: id,
          grondslag: beleid[PROCESREGIE].grondslag,
          uitkomst: 'TOEGESTAAN',
        });
      });
      res.json(await casusNaBesluit(db, req, actor, policy));
    }),
  );

  router.use(aanwijzingRoutes({ db, authenticate, policy }));
  router.use(verlengingsakkoordRoutes({ db, authenticate, policy }));
  return router;
}
