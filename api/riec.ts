import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { beleid } from '../domain/autorisatie';
import type { CasusFase } from '../domain/casus';
import { magGegevenZien } from '../domain/casusproces';
import { personenVan } from '../domain/informatieplicht';
import { riecAfstemmingSchema, riecBerichtSchema, weigeringenAanRiec } from '../domain/riec';
import { logAudit } from '../infra/audit';
import { registreerWorkflowStart } from '../infra/workflow-start';
import { riecAfstemmingWorkflowId } from '../workflows/riec-afstemming';
import { casusIdParam, casusVoorActie } from './casus-view';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { eisInformatieplichtNagekomen } from './informatieplicht';
import { eenmaal } from './koppeling-auth';
import { parseInput, Problem, problems } from './problem';
import { API_BASISPAD } from '../infra/api-versie';
import type { RouteDeps } from './deps';

const ACTIE = 'casus.riec.afstemmen';
const GRONDSLAG = beleid[ACTIE].grondslag;

/** A RIEC's message is kept only while the casus' content is: not once it is afgeschermd, archived or gone. */
const zonderInhoud: readonly CasusFase[] = ['AFGESCHERMD', 'NIET_IN_BEHANDELING', 'GEARCHIVEERD', 'GEANONIMISEERD'];

/**
 * Afstemming with RIECs (WGS 1.7; BGS 1.10): an afstemming offered to a registered RIEC is filtered (domain/riec.ts),
 * stored and delivered by its own workflow; what a RIEC sends back is stored for the procesregie.
 */
export function riecRoutes({
  db,
  authenticate,
  workflows,
  herkenKoppeling,
  policy,
}: RouteDeps<'workflows' | 'policy' | 'herkenKoppeling'>): Router {
  const router = Router();

  router.post(
    '/casussen/:id/riec-afstemmingen',
    endpoint(ACTIE, async (req, res) => {
      const actor = await authenticate(req);
      const { id } = parseInput(casusIdParam, req.params);
      await casusVoorActie(db, id, actor, ACTIE, policy);
      const { riec: riecId, onderwerp, toelichting, gegevenIds: genoemd } = parseInput(riecAfstemmingSchema, req.body);
      const riec = await db.koppeling.findUnique({
        where: { id: riecId },
        select: { id: true, soort: true, actief: true, kanaal: true },
      });
      if (!riec || riec.soort !== 'RIEC' || !riec.actief || riec.kanaal !== 'HTTPS')
        throw problems.nietToegestaan(
          'onbekend-riec',
          'Onbekend RIEC',
          `${riecId} is geen actieve koppeling met een RIEC.`,
        );
      const gegevenIds = [...new Set(genoemd)];
      const items = (await db.gegeven.findMany({ where: { id: { in: gegevenIds }, casusId: id } })).filter((g) =>
        magGegevenZien(g, actor),
      );
      if (items.length < gegevenIds.length)
        throw problems.nietGevonden('Niet elk genoemd gegeven hoort bij deze casus en is voor u zichtbaar.');
      // BGS 1.10 and the providers' voorwaarden: the whole afstemming is refused, naming each item and why; logged.
      const geweigerd = weigeringenAanRiec(items, actor);
      if (geweigerd.length > 0) {
        await logAudit(db, {
          medewerkerId: actor.medewerkerId,
          deelnemerId: actor.deelnemerId,
          actie: ACTIE,
          casusId: id,
          grondslag: GRONDSLAG,
          uitkomst: 'GEWEIGERD',
          detail: { code: 'NIET_AAN_RIEC', riec: riec.id, gegevenIds: geweigerd.map((g) => g.id) },
        });
        throw new Problem(
          422,
          'niet-aan-riec',
          'Gegevens mogen niet naar het RIEC',
          geweigerd.map((g) => `${g.id}: ${g.reden}`).join('; '),
          { geweigerd },
        );
      }
      const afstemmingId = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its afstemming: offered once.
      const eerder = await db.riecAfstemming.findUnique({ where: { id: afstemmingId } });
      // Prot. 16.1: the afstemming is about the items' persons, or (its words only) about the casus as a whole.
      if (!eerder) await eisInformatieplichtNagekomen(db, actor, id, ACTIE, personenVan(items));
      const afstemming =
        eerder ??
        (await db.$transaction(async (tx) => {
          const a = await tx.riecAfstemming.create({
            data: {
              id: afstemmingId,
              casusId: id,
              koppelingId: riec.id,
              onderwerp,
              toelichting,
              gegevenIds,
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
            },
          });
          await registreerWorkflowStart(tx, {
            workflowId: riecAfstemmingWorkflowId(afstemmingId),
            workflowType: 'riecAfstemmingWorkflow',
            input: { afstemmingId },
            fase: 'RIEC_AFLEVEREN',
          });
          await logAudit(tx, {
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
            actie: ACTIE,
            casusId: id,
            grondslag: GRONDSLAG,
            uitkomst: 'TOEGESTAAN',
            detail: { afstemmingId, riec: riec.id, gegevenIds },
          });
          return a;
        }));
      await workflows.start(riecAfstemmingWorkflowId(afstemmingId));
      res.status(202).location(`${API_BASISPAD}/casussen/${id}/riec-afstemmingen`).json({
        id: afstemmingId,
        casusId: id,
        riec: riec.id,
        onderwerp,
        gegevenIds,
        status: afstemming.status,
        aangebodenOp: afstemming.createdAt.toISOString(),
      });
    }),
  );

  // The exchange with RIECs about the casus, for those who may conduct it; logged as a read.
  router.get(
    '/casussen/:id/riec-afstemmingen',
    endpoint(ACTIE, async (req, res) => {
      const actor = await authenticate(req);
      const { id } = parseInput(casusIdParam, req.params);
      await casusVoorActie(db, id, actor, ACTIE, policy);
      const afstemmingen = await db.riecAfstemming.findMany({
        where: { casusId: id },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      const berichten = await db.riecBericht.findMany({
        where: { casusId: id },
        orderBy: [{ ontvangenOp: 'asc' }, { id: 'asc' }],
      });
      await logAudit(db, {
        medewerkerId: actor.medewerkerId,
        deelnemerId: actor.deelnemerId,
        actie: ACTIE,
        casusId: id,
        grondslag: GRONDSLAG,
        uitkomst: 'TOEGESTAAN',
        detail: { gelezen: 'riec-afstemmingen' },
      });
      const berichtView = (b: (typeof berichten)[number]) => ({
        id: b.id,
        riec: b.koppelingId,
        onderwerp: b.onderwerp,
        inhoud: b.inhoud,
        ontvangenOp: b.ontvangenOp.toISOString(),
      });
      res.json({
        afstemmingen: afstemmingen.map((a) => ({
          id: a.id,
          riec: a.koppelingId,
          onderwerp: a.onderwerp,
          toelichting: a.toelichting,
          gegevenIds: a.gegevenIds,
          status: a.status,
          fout: a.fout,
          deelnemerId: a.deelnemerId,
          aangebodenOp: a.createdAt.toISOString(),
          afgeleverdOp: a.afgeleverdOp?.toISOString() ?? null,
          antwoorden: berichten.filter((b) => b.afstemmingId === a.id).map(berichtView),
        })),
        signalen: berichten.filter((b) => b.afstemmingId === null).map(berichtView),
      });
    }),
  );

  // Inbound from a RIEC (signed as a koppeling of soort RIEC): a reply to an afstemming it received, or a signal
  // about a casus it was told of. Anything else is answered as unknown, so the RIEC learns nothing new about casussen.
  router.post(
    '/koppeling/riec/berichten',
    endpoint('koppeling', async (req, res) => {
      const afzender = await herkenKoppeling(req, 'RIEC');
      const bericht = parseInput(riecBerichtSchema, req.body);
      const uit = await eenmaal(db, req, afzender, async (tx) => {
        const over = bericht.afstemmingId
          ? await tx.riecAfstemming.findFirst({
              where: { id: bericht.afstemmingId, koppelingId: afzender.id },
              select: { id: true, casus: { select: { id: true, fase: true } } },
            })
          : await tx.riecAfstemming.findFirst({
              where: { koppelingId: afzender.id, casus: { casusnummer: bericht.casusnummer } },
              select: { casus: { select: { id: true, fase: true } } },
            });
        if (!over)
          throw problems.nietGevonden(
            bericht.afstemmingId
              ? `Afstemming ${bericht.afstemmingId} is niet aan u gestuurd.`
              : `Over casus ${bericht.casusnummer} is niet met u afgestemd.`,
          );
        if (zonderInhoud.includes(over.casus.fase))
          throw new Problem(
            409,
            'casus-niet-actief',
            'Casus niet meer actief',
            'De casus is afgesloten en afgeschermd; het ZVH neemt er geen berichten meer over aan.',
          );
        const berichtId = randomUUID();
        await tx.riecBericht.create({
          data: {
            id: berichtId,
            koppelingId: afzender.id,
            casusId: over.casus.id,
            afstemmingId: bericht.afstemmingId ?? null,
            onderwerp: bericht.onderwerp,
            inhoud: bericht.inhoud,
          },
        });
        await logAudit(tx, {
          medewerkerId: null,
          deelnemerId: null,
          actie: ACTIE,
          casusId: over.casus.id,
          grondslag: GRONDSLAG,
          uitkomst: 'TOEGESTAAN',
          detail: { riecBerichtId: berichtId, van: afzender.id },
        });
        return { status: 201, body: { id: berichtId, ontvangen: true } };
      });
      res.status(uit.status).set('Idempotent-Replayed', String(uit.herhaald)).json(uit.body);
    }),
  );

  return router;
}
