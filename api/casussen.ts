import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import { aanmeldingSchema, intakeBesluitSchema, type Actor, type Criteria } from '../domain/casus';
import { logAudit } from '../infra/audit';
import { dateOfColumn } from '../infra/calendar';
import type { Db } from '../infra/db';
import type { Prisma } from '../generated/prisma/client';
import { casusWorkflow, casusWorkflowId, intakeBesluit } from '../workflows/casus';
import { zvhFase } from '../workflows/search-attributes';
import type { Authenticate } from './auth';
import { autoriseer } from './authorize';
import { endpoint } from './endpoints';
import { parseInput, Problem, problems } from './problem';

export interface CasusRouteDeps {
  db: Db;
  authenticate: Authenticate;
  temporal: Client;
  taskQueue: string;
}

const casusInclude = {
  betrokkenen: { orderBy: { rol: 'asc' } },
  criteriumBeoordelingen: { orderBy: [{ createdAt: 'asc' }, { criterium: 'asc' }] },
  besluiten: { orderBy: { createdAt: 'asc' } },
} satisfies Prisma.CasusInclude;

// Lower case: Postgres matches a UUID in any case, the workflow id `casus-<uuid>` only in the case it was made with.
const casusIdParam = z.object({ id: z.uuid().toLowerCase() });

const criteriumRows = (criteria: Criteria, moment: 'AANMELDING' | 'INTAKE', casusId: string, besluitId: string | null) =>
  (['A', 'B', 'C', 'D'] as const).map((criterium) => ({
    id: randomUUID(),
    casusId,
    besluitId,
    moment,
    criterium,
    mate: criteria[criterium].mate,
    toelichting: criteria[criterium].toelichting,
  }));

export function casusRoutes({ db, authenticate, temporal, taskQueue }: CasusRouteDeps): Router {
  const router = Router();

  /** Reads a casus for the actor: need-to-know per the policy, and every read logged (WGS 1.8). */
  const loadCasus = async (req: Request, actor: Actor) => {
    const { id } = parseInput(casusIdParam, req.params);
    const casus = await db.casus.findUnique({ where: { id }, include: casusInclude });
    if (!casus) throw problems.nietGevonden(`Casus ${id} bestaat niet.`);
    const relatie = casus.aanmelderDeelnemerId === actor.deelnemerId ? 'AANMELDER' : 'GEEN';
    await autoriseer(db, 'casus.raadplegen', { actor, fase: casus.fase, relatie }, id);
    await logAudit(db, { medewerkerId: actor.medewerkerId, deelnemerId: actor.deelnemerId, actie: 'casus.raadplegen', casusId: id, grondslag: beleid['casus.raadplegen'].grondslag, uitkomst: 'TOEGESTAAN' });
    return casusView(casus);
  };

  // Aanmelding (WGS 2.31 lid 1): by a vaste deelnemer; the bewaartermijn starts now (SPEC §5).
  router.post('/casussen', endpoint('casus.aanmelden', async (req, res) => {
    const actor = await authenticate(req);
    await autoriseer(db, 'casus.aanmelden', { actor });
    const aanmelding = parseInput(aanmeldingSchema, req.body);
    const id = randomUUID();
    const [{ nr }] = await db.$queryRaw<[{ nr: bigint }]>`SELECT nextval('casusnummer_seq') AS nr`;
    const now = new Date();
    const casusnummer = `ZVH-${now.getUTCFullYear()}-${String(nr).padStart(6, '0')}`;
    await db.$transaction(async (tx) => {
      await tx.casus.create({
        data: {
          id,
          casusnummer,
          aanmelderDeelnemerId: actor.deelnemerId,
          aanmelderMedewerkerId: actor.medewerkerId,
          wettelijkeTaak: aanmelding.wettelijkeTaak,
          aanmeldDatum: now,
          betrokkenen: { create: aanmelding.betrokkenen.map((b) => ({ id: randomUUID(), ...b, geboortedatum: b.geboortedatum ? new Date(b.geboortedatum) : null })) },
        },
      });
      await tx.criteriumBeoordeling.createMany({ data: criteriumRows(aanmelding.criteria, 'AANMELDING', id, null) });
      await logAudit(tx, { medewerkerId: actor.medewerkerId, deelnemerId: actor.deelnemerId, actie: 'casus.aanmelden', casusId: id, grondslag: beleid['casus.aanmelden'].grondslag, uitkomst: 'TOEGESTAAN' });
    });
    try {
      await temporal.workflow.start(casusWorkflow, {
        taskQueue,
        workflowId: casusWorkflowId(id),
        args: [{ casusId: id }],
        typedSearchAttributes: [{ key: zvhFase, value: 'AANMELDING' }],
      });
    } catch (err) {
      // Without its workflow the casus would be stuck: undo the registration so the aanmelder can simply retry.
      await db.casus.delete({ where: { id } });
      throw err;
    }
    const casus = await db.casus.findUniqueOrThrow({ where: { id }, include: casusInclude });
    res.status(201).location(`/casussen/${id}`).json(casusView(casus));
  }));

  router.get('/casussen/:id', endpoint('casus.raadplegen', async (req, res) => {
    res.json(await loadCasus(req, await authenticate(req)));
  }));

  // Intake (WGS 2.31 lid 2, BGS 2.20 lid 3): a workflow Update whose validator decides who may decide, and when.
  router.post('/casussen/:id/intake-besluit', endpoint('casus.intakebesluit', async (req, res) => {
    const actor = await authenticate(req);
    const { id } = parseInput(casusIdParam, req.params);
    const besluit = parseInput(intakeBesluitSchema, req.body);
    if (!(await db.casus.count({ where: { id } }))) throw problems.nietGevonden(`Casus ${id} bestaat niet.`);
    const besluitId = randomUUID();
    await db.$transaction(async (tx) => {
      await tx.besluit.create({
        data: { id: besluitId, casusId: id, soort: 'INTAKE', uitkomst: besluit.uitkomst, motivering: besluit.motivering ?? null, medewerkerId: actor.medewerkerId, deelnemerId: actor.deelnemerId },
      });
      await tx.criteriumBeoordeling.createMany({ data: criteriumRows(besluit.criteria, 'INTAKE', id, besluitId) });
    });
    try {
      await temporal.workflow.getHandle(casusWorkflowId(id)).executeUpdate(intakeBesluit, { args: [{ besluitId, actor, uitkomst: besluit.uitkomst }] });
    } catch (err) {
      const weigering = refusal(err);
      if (!weigering) throw err;
      // The refused proposal is kept (marked GEWEIGERD) as the record of the attempt; the refusal is logged.
      await db.$transaction(async (tx) => {
        await tx.besluit.update({ where: { id: besluitId }, data: { status: 'GEWEIGERD', weigerreden: weigering.code } });
        await logAudit(tx, { medewerkerId: actor.medewerkerId, deelnemerId: actor.deelnemerId, actie: 'casus.intakebesluit', casusId: id, grondslag: beleid['casus.intakebesluit'].grondslag, uitkomst: 'GEWEIGERD', detail: { besluitId, code: weigering.code } });
      });
      throw weigering.problem;
    }
    res.json(await loadCasus(req, actor));
  }));

  return router;
}

type CasusRecord = Prisma.CasusGetPayload<{ include: typeof casusInclude }>;

const datum = (d: Date | null) => (d === null ? null : dateOfColumn(d));

/** The API's representation of a casus: explicit, so that new columns are never exposed by accident. */
const casusView = (c: CasusRecord) => ({
  id: c.id,
  casusnummer: c.casusnummer,
  fase: c.fase,
  aanmelder: { deelnemerId: c.aanmelderDeelnemerId },
  wettelijkeTaak: c.wettelijkeTaak,
  aanmeldDatum: c.aanmeldDatum.toISOString(),
  archiefDatum: datum(c.archiefDatum),
  betrokkenen: c.betrokkenen.map((b) => ({ id: b.id, rol: b.rol, voornamen: b.voornamen, achternaam: b.achternaam, geboortedatum: datum(b.geboortedatum), bsn: b.bsn })),
  criteriumBeoordelingen: c.criteriumBeoordelingen.map((k) => ({ moment: k.moment, criterium: k.criterium, mate: k.mate, toelichting: k.toelichting, besluitId: k.besluitId })),
  besluiten: c.besluiten.map((b) => ({ id: b.id, soort: b.soort, uitkomst: b.uitkomst, status: b.status, motivering: b.motivering, deelnemerId: b.deelnemerId, vastgesteldOp: b.vastgesteldOp?.toISOString() ?? null, weigerreden: b.weigerreden })),
});

/** Maps a refusal by the workflow's Update validator to its problem; anything else is not a refusal. */
function refusal(err: unknown): { code: string; problem: Problem } | undefined {
  if (!(err instanceof WorkflowUpdateFailedError) || !(err.cause instanceof ApplicationFailure)) return undefined;
  const { type, message } = err.cause;
  if (type === 'NIET_BEVOEGD') return { code: type, problem: problems.nietBevoegd(message) };
  if (type === 'VERKEERDE_FASE') return { code: type, problem: problems.verkeerdeFase(message) };
  return undefined;
}
