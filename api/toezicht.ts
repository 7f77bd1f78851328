import { Router } from 'express';
import { z } from 'zod';
import { beleid, inzageVoor } from '../domain/autorisatie';
import { tekst, type Actor } from '../domain/casus';
import { logAudit, type AuditDb } from '../infra/audit';
import { API_BASISPAD } from '../infra/api-versie';
import type { Authenticate } from './auth';
import { onbekendeCasus, zonderCasus } from './authorize';
import { casusIdParam, casusInclude, casusView, relatieMet } from './casus-view';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { parseInput, Problem, problems } from './problem';
import type { RouteDeps } from './deps';

const ACTIE = 'casus.toezicht';

export const toezichtOpeningSchema = z.strictObject({ casusId: z.uuid().toLowerCase(), reden: tekst(2000) });

type Onderzoek = { id: string; casusId: string; reden: string; geopendOp: Date; geslotenOp: Date | null };

/** What every answer about an investigation names of its casus: the casusnummer (admin set). */
const metCasusnummer = { casus: { select: { casusnummer: true } } } as const;

const onderzoekView = (o: Onderzoek & { casus: { casusnummer: string } }) => ({
  id: o.id,
  casusId: o.casusId,
  casusnummer: o.casus.casusnummer,
  reden: o.reden,
  geopendOp: o.geopendOp.toISOString(),
  geslotenOp: o.geslotenOp?.toISOString() ?? null,
});

/**
 * The FG's oversight of one casus (AVG 38 lid 2, 39; Prot. 24.4): an investigation opened with a recorded reason,
 * during which that FG reads the casus read-only — all of it, afgeschermd or not (`inzageVoor` gives TOEZICHT) —
 * each read logged with the investigation, in the audit log the FG itself reads. Lists show no casus content.
 */
export function toezichtRoutes({ db, authenticate, policy }: RouteDeps<'policy'>): Router {
  const router = Router();

  const log = (client: AuditDb, actor: Actor, casusId: string, detail: { onderzoekId: string; handeling: string }) =>
    logAudit(client, {
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
      actie: ACTIE,
      casusId,
      grondslag: beleid[ACTIE].grondslag,
      uitkomst: 'TOEGESTAAN',
      detail,
    });

  const { bevoegd } = zonderCasus(db, authenticate);

  /** The actor's own investigation `id` (another FG's is as unknown as a missing one), open unless `ookGesloten`. */
  async function eigenOnderzoek(req: Parameters<Authenticate>[0], actor: Actor, ookGesloten = false) {
    const { id } = parseInput(casusIdParam, req.params);
    const onderzoek = await db.toezichtOnderzoek.findUnique({
      where: { id },
      include: metCasusnummer,
    });
    if (!onderzoek || onderzoek.medewerkerId !== actor.medewerkerId) {
      throw problems.nietGevonden(`Onderzoek ${id} bestaat niet of is niet van u.`);
    }
    if (!ookGesloten && onderzoek.geslotenOp !== null) {
      throw new Problem(
        409,
        'onderzoek-gesloten',
        'Onderzoek gesloten',
        'Dit onderzoek is gesloten; open zo nodig een nieuw.',
      );
    }
    return onderzoek;
  }

  router.post(
    '/toezichtonderzoeken',
    endpoint(ACTIE, async (req, res) => {
      const actor = await bevoegd(req, ACTIE);
      const { casusId, reden } = parseInput(toezichtOpeningSchema, req.body);
      const casus = await db.casus.findUnique({ where: { id: casusId }, select: { id: true } });
      if (!casus) throw onbekendeCasus(casusId);
      const id = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its investigation: opened once.
      const onderzoek =
        (await db.toezichtOnderzoek.findUnique({
          where: { id },
          include: metCasusnummer,
        })) ??
        (await db.$transaction(async (tx) => {
          const nieuw = await tx.toezichtOnderzoek.create({
            data: { id, casusId, medewerkerId: actor.medewerkerId, reden },
            include: metCasusnummer,
          });
          await log(tx, actor, casusId, { onderzoekId: id, handeling: 'GEOPEND' });
          return nieuw;
        }));
      res.status(201).location(`${API_BASISPAD}/toezichtonderzoeken/${id}`).json(onderzoekView(onderzoek));
    }),
  );

  router.get(
    '/toezichtonderzoeken',
    endpoint(ACTIE, async (req, res) => {
      const actor = await bevoegd(req, ACTIE);
      parseInput(z.strictObject({}), req.query);
      const onderzoeken = await db.toezichtOnderzoek.findMany({
        where: { medewerkerId: actor.medewerkerId },
        include: metCasusnummer,
        orderBy: { geopendOp: 'desc' },
      });
      res.json({ onderzoeken: onderzoeken.map(onderzoekView) });
    }),
  );

  router.get(
    '/toezichtonderzoeken/:id/casus',
    endpoint(ACTIE, async (req, res) => {
      const actor = await bevoegd(req, ACTIE);
      const onderzoek = await eigenOnderzoek(req, actor);
      const casus = await db.casus.findUniqueOrThrow({ where: { id: onderzoek.casusId }, include: casusInclude });
      const inzage = inzageVoor({ ...relatieMet(casus, actor, policy), toezichtOnderzoek: true });
      if (inzage !== 'TOEZICHT') throw onbekendeCasus(casus.id);
      await log(db, actor, casus.id, { onderzoekId: onderzoek.id, handeling: 'GELEZEN' });
      res.json({ onderzoek: onderzoekView(onderzoek), casus: { ...casusView(casus, actor, inzage), inzage } });
    }),
  );

  router.post(
    '/toezichtonderzoeken/:id/sluiting',
    endpoint(ACTIE, async (req, res) => {
      const actor = await bevoegd(req, ACTIE);
      parseInput(z.strictObject({}), req.body ?? {});
      const onderzoek = await eigenOnderzoek(req, actor, true);
      // Closing twice is a no-op: the first close stands.
      const gesloten =
        onderzoek.geslotenOp !== null
          ? onderzoek
          : await db.$transaction(async (tx) => {
              const nu = await tx.toezichtOnderzoek.update({
                where: { id: onderzoek.id },
                data: { geslotenOp: new Date() },
                include: metCasusnummer,
              });
              await log(tx, actor, onderzoek.casusId, { onderzoekId: onderzoek.id, handeling: 'GESLOTEN' });
              return nu;
            });
      res.json(onderzoekView(gesloten));
    }),
  );

  return router;
}
