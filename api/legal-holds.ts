import { Router } from 'express';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import { tekst } from '../domain/casus';
import { logAudit, type AuditDb } from '../infra/audit';
import { plaatsLegalHold } from '../infra/legal-hold';
import { legalHoldGewijzigd } from '../workflows/casus';
import type { Authenticate } from './auth';
import { autoriseer } from './authorize';
import { wekCasus } from './casussen';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { parseInput, problems } from './problem';
import { API_BASISPAD } from '../infra/api-versie';
import type { RouteDeps } from './deps';

const ACTIE = 'legalhold.beheren';

export const legalHoldSchema = z.strictObject({
  /** Absent: a global hold over every casus (the national moratorium). */
  casusId: z.uuid().toLowerCase().optional(),
  reden: tekst(2000),
});
export const holdIdParam = z.object({ id: z.uuid().toLowerCase() });
export const lijstQuery = z.strictObject({ actief: z.enum(['true', 'false']).optional() });

type HoldRecord = {
  id: string;
  casusId: string | null;
  reden: string;
  bron: string | null;
  ingesteldDoor: string | null;
  ingesteldOp: Date;
  opgehevenDoor: string | null;
  opgehevenOp: Date | null;
};
/** A hold as the API answers it (api/openapi.ts). */
export const legalHoldAntwoord = z
  .strictObject({
    id: z.uuid(),
    casusId: z.uuid().nullable(),
    globaal: z.boolean(),
    reden: z.string(),
    bron: z.string().nullable(),
    ingesteldDoor: z.uuid().nullable(),
    ingesteldOp: z.iso.datetime(),
    opgehevenDoor: z.uuid().nullable(),
    opgehevenOp: z.iso.datetime().nullable(),
  })
  .meta({ id: 'LegalHold' });
const holdView = (h: HoldRecord): z.input<typeof legalHoldAntwoord> => ({
  id: h.id,
  casusId: h.casusId,
  globaal: h.casusId === null,
  reden: h.reden,
  /** Where a hold no medewerker placed comes from (the national moratorium); null otherwise. */
  bron: h.bron,
  ingesteldDoor: h.ingesteldDoor,
  ingesteldOp: h.ingesteldOp.toISOString(),
  opgehevenDoor: h.opgehevenDoor,
  opgehevenOp: h.opgehevenOp?.toISOString() ?? null,
});

/**
 * Legal hold / moratorium (SPEC §5): while a hold covers a casus nothing of it is archived away, destroyed or
 * anonymised; the casus waits (afgeschermd) and resumes when the hold is lifted. Holds are lifted, never deleted.
 */
export function legalHoldRoutes({ db, authenticate, temporal }: RouteDeps<'temporal'>): Router {
  const router = Router();

  const beheerder = async (req: Parameters<Authenticate>[0]) => {
    const actor = await authenticate(req);
    await autoriseer(db, ACTIE, { actor });
    return actor;
  };
  const log = (
    client: AuditDb,
    actor: { medewerkerId: string; deelnemerId: string },
    casusId: string | null,
    detail: Record<string, string>,
  ) =>
    logAudit(client, {
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
      actie: ACTIE,
      casusId,
      grondslag: beleid[ACTIE].grondslag,
      uitkomst: 'TOEGESTAAN',
      detail,
    });

  /** A casus waiting on a hold re-checks on its own interval; a lifted hold on one casus wakes it at once. */
  const wek = async (casusId: string | null) => {
    if (casusId !== null) await wekCasus(temporal, casusId, legalHoldGewijzigd);
  };

  router.get(
    '/legal-holds',
    endpoint(ACTIE, async (req, res) => {
      await beheerder(req);
      const { actief } = parseInput(lijstQuery, req.query);
      const holds = await db.legalHold.findMany({
        where: actief === undefined ? {} : { opgehevenOp: actief === 'true' ? null : { not: null } },
        orderBy: { ingesteldOp: 'asc' },
      });
      res.json({ legalHolds: holds.map(holdView) });
    }),
  );

  router.post(
    '/legal-holds',
    endpoint(ACTIE, async (req, res) => {
      const actor = await beheerder(req);
      const { casusId, reden } = parseInput(legalHoldSchema, req.body);
      if (casusId !== undefined && !(await db.casus.count({ where: { id: casusId } })))
        throw problems.nietGevonden(`Casus ${casusId} bestaat niet.`);
      const id = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its hold: not placed twice.
      let hold = await db.legalHold.findUnique({ where: { id } });
      if (!hold) {
        const data = { id, casusId: casusId ?? null, reden, ingesteldDoor: actor.medewerkerId };
        const ingesteld = (tx: AuditDb, h: { id: string; casusId: string | null }) =>
          log(tx, actor, h.casusId, { legalHoldId: h.id, handeling: 'ingesteld' });
        hold = await plaatsLegalHold(db, data, ingesteld);
      }
      res.status(201).location(`${API_BASISPAD}/legal-holds/${hold.id}`).json(holdView(hold));
    }),
  );

  router.post(
    '/legal-holds/:id/opheffing',
    endpoint(ACTIE, async (req, res) => {
      const actor = await beheerder(req);
      const { id } = parseInput(holdIdParam, req.params);
      // Lifting twice changes nothing: the first lifting is the record, also when two arrive at once.
      const { count } = await db.legalHold.updateMany({
        where: { id, opgehevenOp: null },
        data: { opgehevenOp: new Date(), opgehevenDoor: actor.medewerkerId },
      });
      const hold = await db.legalHold.findUnique({ where: { id } });
      if (!hold) throw problems.nietGevonden(`Legal hold ${id} bestaat niet.`);
      if (count === 1) await log(db, actor, hold.casusId, { legalHoldId: hold.id, handeling: 'opgeheven' });
      await wek(hold.casusId);
      res.json(holdView(hold));
    }),
  );

  return router;
}
