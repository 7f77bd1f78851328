import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import { gegevenSchema } from '../domain/casusproces';
import type { Prisma } from '../generated/prisma/client';
import { logAudit } from '../infra/audit';
import { dateOfColumn } from '../infra/calendar';
import { zonderCasus } from './authorize';
import { endpoint } from './endpoints';
import { eisGegevenMagGedeeld, naOpslag, slaGegevenOp } from './gegeven-opslag';
import { eenmaal } from './koppeling-auth';
import { parseInput, Problem, problems } from './problem';
import { API_BASISPAD } from '../infra/api-versie';
import type { RouteDeps } from './deps';

const INZIEN = 'informatieverzoek.inzien';
const VERSTREKKEN = 'casus.gegevens.verstrekken';
/** The phases in which a casus still takes data items (the policy's own list). */
const ontvangendeFasen = beleid[VERSTREKKEN].fasen ?? [];

export const idParam = z.strictObject({ id: z.uuid().toLowerCase() });
export const lijstQuery = z.strictObject({ open: z.enum(['true', 'false']).optional() });

const verzoekSelect = {
  id: true,
  casusId: true,
  aanDeelnemerId: true,
  namensDeelnemerId: true,
  taak: true,
  doel: true,
  reden: true,
  createdAt: true,
  termijnOp: true,
  afgeleverdOp: true,
  afgeleverdVia: true,
  geescaleerdOp: true,
  beantwoordOp: true,
  casus: { select: { casusnummer: true, fase: true } },
} satisfies Prisma.InformatieverzoekSelect;
type VerzoekRij = Prisma.InformatieverzoekGetPayload<{ select: typeof verzoekSelect }>;
const view = ({ casus, ...v }: VerzoekRij) => ({ ...v, casusnummer: casus.casusnummer, casusFase: casus.fase });

/**
 * The deelnemer's side of information requests (WGS 2.31 lid 3; issue #7): its medewerkers list and read what they
 * are asked (the "secure answer form" a notification mail points to; the answer goes to POST
 * /casussen/:id/gegevens with the verzoekId), and its own system answers through its koppeling, signed and once per
 * Idempotency-Key. An answer after the deadline is taken (and marked); one to a casus that no longer takes data, to
 * a request that does not exist or is addressed to someone else, is refused with a problem, nothing stored: the
 * sender keeps its data and knows why.
 */
export function informatieverzoekRoutes({
  db,
  authenticate,
  temporal,
  herkenKoppeling,
}: RouteDeps<'temporal' | 'herkenKoppeling'>): Router {
  const router = Router();
  const { bevoegd, log, weiger } = zonderCasus(db, authenticate);

  router.get(
    '/informatieverzoeken',
    endpoint(INZIEN, async (req, res) => {
      const actor = await bevoegd(req, INZIEN);
      const { open } = parseInput(lijstQuery, req.query);
      const rijen = await db.informatieverzoek.findMany({
        where: {
          aanDeelnemerId: actor.deelnemerId,
          casus: { fase: { in: [...ontvangendeFasen] } },
          ...(open === undefined ? {} : { beantwoordOp: open === 'true' ? null : { not: null } }),
        },
        select: verzoekSelect,
        orderBy: [{ termijnOp: 'asc' }, { id: 'asc' }],
      });
      await log(actor, INZIEN, { lijst: 'informatieverzoeken', aantal: rijen.length });
      res.json({ items: rijen.map(view) });
    }),
  );

  router.get(
    '/informatieverzoeken/:id',
    endpoint(INZIEN, async (req, res) => {
      const actor = await bevoegd(req, INZIEN);
      const { id } = parseInput(idParam, req.params);
      const v = await db.informatieverzoek.findUnique({
        where: { id },
        select: { ...verzoekSelect, casus: { select: { casusnummer: true, fase: true, betrokkenen: true } } },
      });
      if (!v || v.aanDeelnemerId !== actor.deelnemerId)
        await weiger(
          actor,
          INZIEN,
          { verzoekId: id },
          problems.nietGevonden(`Er is geen informatieverzoek ${id} aan uw organisatie.`),
        );
      const verzoek = v as NonNullable<typeof v>;
      if (!ontvangendeFasen.includes(verzoek.casus.fase))
        await weiger(
          actor,
          INZIEN,
          { verzoekId: id },
          problems.verkeerdeFase('De casus neemt geen gegevens meer aan; het verzoek is vervallen.'),
        );
      await logAudit(db, {
        medewerkerId: actor.medewerkerId,
        deelnemerId: actor.deelnemerId,
        actie: INZIEN,
        casusId: verzoek.casusId,
        grondslag: beleid[INZIEN].grondslag,
        uitkomst: 'TOEGESTAAN',
        detail: { verzoekId: id },
      });
      const betrokkenen = verzoek.casus.betrokkenen.map((b) => ({
        rol: b.rol,
        voornamen: b.voornamen,
        achternaam: b.achternaam,
        geboortedatum: b.geboortedatum ? dateOfColumn(b.geboortedatum) : null,
        bsn: b.bsn,
      }));
      res.json({
        ...view(verzoek),
        betrokkenen,
        antwoord: { methode: 'POST', pad: `${API_BASISPAD}/casussen/${verzoek.casusId}/gegevens`, verzoekId: id },
      });
    }),
  );

  router.post(
    '/koppeling/informatieverzoeken/:id/antwoord',
    endpoint('koppeling', async (req, res) => {
      const afzender = await herkenKoppeling(req, 'DEELNEMER');
      const { id } = parseInput(idParam, req.params);
      const g = parseInput(gegevenSchema, req.body);
      if (g.verzoekId !== undefined && g.verzoekId !== id) {
        const detail = 'verzoekId in de body hoort bij een ander verzoek dan het pad.';
        throw problems.ongeldigeInvoer([{ name: 'verzoekId', reason: 'verschilt van het pad' }], detail);
      }
      const weigerAntwoord = async (code: string, p: Problem): Promise<never> => {
        await logAudit(db, {
          medewerkerId: null,
          deelnemerId: afzender.deelnemerId,
          actie: VERSTREKKEN,
          casusId: null,
          grondslag: beleid[VERSTREKKEN].grondslag,
          uitkomst: 'GEWEIGERD',
          detail: { verzoekId: id, koppelingId: afzender.id, code },
        });
        throw p;
      };
      const uitkomst = await eenmaal(db, req, afzender, async (tx) => {
        const verzoek = await tx.informatieverzoek.findUnique({
          where: { id },
          select: {
            id: true,
            aanDeelnemerId: true,
            namensDeelnemerId: true,
            doel: true,
            termijnOp: true,
            casus: {
              select: {
                id: true,
                fase: true,
                aanmelderDeelnemerId: true,
                deelnemers: { select: { deelnemerId: true } },
              },
            },
          },
        });
        if (!verzoek)
          return weigerAntwoord(
            'ONBEKEND_VERZOEK',
            problems.nietGevonden(`Er is geen informatieverzoek ${id}; ongevraagde gegevens neemt het ZVH niet aan.`),
          );
        if (verzoek.aanDeelnemerId !== afzender.deelnemerId)
          return weigerAntwoord(
            'NIET_GEVRAAGD',
            problems.nietBevoegd('Dit verzoek is aan een andere deelnemer gericht.'),
          );
        if (!ontvangendeFasen.includes(verzoek.casus.fase)) {
          return weigerAntwoord(
            'CASUS_VERDER',
            new Problem(
              409,
              'casus-neemt-geen-gegevens-meer-aan',
              'Casus neemt geen gegevens meer aan',
              'De casus is verder dan de fasen waarin gegevens worden verstrekt; het antwoord is niet opgeslagen. Neem zo nodig contact op met de procesregie.',
            ),
          );
        }
        // Refused (and logged) like a medewerker's item while a person it is about is not yet informed.
        await eisGegevenMagGedeeld(
          db,
          { medewerkerId: null, deelnemerId: afzender.deelnemerId },
          verzoek.casus.id,
          g.betrokkeneIds,
        );
        const gegevenId = randomUUID();
        const { naTermijn } = await slaGegevenOp(tx, gegevenId, {
          casus: verzoek.casus,
          verzoek,
          leverancierDeelnemerId: verzoek.aanDeelnemerId,
          medewerkerId: null,
          koppelingId: afzender.id,
          gegeven: g,
        });
        return { status: 201, body: { gegevenId, verzoekId: id, casusId: verzoek.casus.id, naTermijn } };
      });
      const body = uitkomst.body as { casusId: string };
      if (!uitkomst.herhaald) await naOpslag(temporal, body.casusId, id, g.vervaltOp);
      const { casusId: _casus, ...antwoord } = uitkomst.body as Record<string, unknown>;
      res.status(uitkomst.status).set('Idempotent-Replayed', String(uitkomst.herhaald)).json(antwoord);
    }),
  );

  return router;
}
