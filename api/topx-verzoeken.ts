import { Router } from 'express';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import type { Prisma } from '../generated/prisma/client';
import { logAudit } from '../infra/audit';
import { dateOfColumn } from '../infra/calendar';
import { zonderCasus } from './authorize';
import { endpoint } from './endpoints';
import { parseInput, problems } from './problem';
import { API_BASISPAD } from '../infra/api-versie';
import type { RouteDeps } from './deps';

const ACTIE = 'topx.gegevens.verstrekken';
export const idParam = z.strictObject({ id: z.uuid().toLowerCase() });

/** Open: accepted by the entry's workflow, not answered, while the entry is still a candidate. */
const open = (deelnemerId: string): Prisma.TopxInformatieverzoekWhereInput => ({
  aanDeelnemerId: deelnemerId,
  status: 'VASTGESTELD',
  antwoord: null,
  vermelding: { fase: 'KANDIDAAT' },
});
const select = {
  id: true,
  vermeldingId: true,
  doel: true,
  reden: true,
  createdAt: true,
  vermelding: { select: { nummer: true, lijstId: true, lijst: { select: { naam: true } } } },
} satisfies Prisma.TopxInformatieverzoekSelect;
type Rij = Prisma.TopxInformatieverzoekGetPayload<{ select: typeof select }>;
const view = ({ vermelding, ...r }: Rij) => ({
  ...r,
  nummer: vermelding.nummer,
  lijst: vermelding.lijst.naam,
  antwoord: {
    methode: 'POST',
    pad: `${API_BASISPAD}/topx-lijsten/${vermelding.lijstId}/vermeldingen/${r.vermeldingId}/informatieverzoeken/${r.id}/antwoord`,
  },
});

/**
 * The asked deelnemer's side of TopX data requests (WGS 2.32 lid 2): its open requests, and one with the person it
 * is about — what it needs to look up its own data — read only by that deelnemer while the entry is a candidate,
 * and logged. The answer goes to the `antwoord` path (api/topx.ts).
 */
export function topxVerzoekRoutes({ db, authenticate }: RouteDeps): Router {
  const router = Router();
  const { bevoegd, log, weiger } = zonderCasus(db, authenticate);

  router.get(
    '/topx-informatieverzoeken',
    endpoint(ACTIE, async (req, res) => {
      const actor = await bevoegd(req, ACTIE);
      parseInput(z.strictObject({}), req.query);
      const rijen = await db.topxInformatieverzoek.findMany({
        where: open(actor.deelnemerId),
        select,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      await log(actor, ACTIE, { lijst: 'topx-informatieverzoeken', aantal: rijen.length });
      res.json({ items: rijen.map(view) });
    }),
  );

  router.get(
    '/topx-informatieverzoeken/:id',
    endpoint(ACTIE, async (req, res) => {
      const actor = await bevoegd(req, ACTIE);
      const { id } = parseInput(idParam, req.params);
      const r = await db.topxInformatieverzoek.findFirst({
        where: { id, ...open(actor.deelnemerId) },
        select: {
          ...select,
          vermelding: {
            select: { ...select.vermelding.select, voornamen: true, achternaam: true, geboortedatum: true, bsn: true },
          },
        },
      });
      if (!r)
        return weiger(
          actor,
          ACTIE,
          { verzoekId: id },
          problems.nietGevonden(`Er is geen open TopX-informatieverzoek ${id} aan uw organisatie.`),
        );
      const { voornamen, achternaam, geboortedatum, bsn } = r.vermelding;
      await logAudit(db, {
        medewerkerId: actor.medewerkerId,
        deelnemerId: actor.deelnemerId,
        actie: ACTIE,
        casusId: null,
        grondslag: beleid[ACTIE].grondslag,
        uitkomst: 'TOEGESTAAN',
        detail: { verzoekId: id, vermeldingId: r.vermeldingId, gelezen: 'persoon' },
      });
      res.json({
        ...view(r),
        persoon: { voornamen, achternaam, geboortedatum: geboortedatum ? dateOfColumn(geboortedatum) : null, bsn },
      });
    }),
  );

  return router;
}
