import { DAY_MS } from '../domain/dates';
import { Router } from 'express';
import { z } from 'zod';
import { laadVersies } from '../activities/topx';
import { beleid, type Actie } from '../domain/autorisatie';
import type { Actor, Criteria } from '../domain/casus';
import {
  beoordelingWeigering,
  bevragingWeigering,
  criteriaLijstSchema,
  criteriaVersieSchema,
  geldendeVersie,
  kandidaatSchema,
  kandidaatWeigering,
  ontvangerSoort,
  publicatieWeigering,
  reviewSchema,
  toetsingSchema,
  topxAntwoordSchema,
  topxInformatieverzoekSchema,
  topxLijstSchema,
  topxStapWeigering,
  verwijderingSchema,
  type ObjectieveOordelen,
  type TopxBesluitSoort,
} from '../domain/topx';
import type { Prisma } from '../generated/prisma/client';
import { logAudit } from '../infra/audit';
import { dateColumn, dateOfColumn, dutchCalendarDate } from '../infra/calendar';
import { registreerWorkflowStart } from '../infra/workflow-start';
import { criteriaGepubliceerd, topxBesluit, topxInformatieverzoek, topxWorkflowId } from '../workflows/topx';
import { herhaling, zonderCasus } from './authorize';
import { signaleer } from './casussen';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { parseInput, Problem, problems } from './problem';
import { eerdereWeigering, updateWeigering, type WeigeringOpties } from './update-weigering';
import { API_BASISPAD } from '../infra/api-versie';
import { volgnummer } from '../infra/volgnummer';
import type { RouteDeps } from './deps';

/** The casus' 409 speaks of a casus' phase; an entry on a TopX-lijst has its own state. */
const verkeerdeStand = (detail: string) =>
  new Problem(409, 'verkeerde-fase', 'Past niet bij de stand van de vermelding', detail);

/** A version of a list's criteria and the list, as the API answers them (api/openapi.ts). */
export const criteriaVersieAntwoord = z
  .strictObject({
    versie: z.int().positive(),
    ingangsdatum: z.iso.date(),
    gepubliceerdOp: z.iso.datetime().nullable(),
    criteria: criteriaLijstSchema,
    toelichting: z.string().nullable(),
  })
  .meta({ id: 'TopxCriteriaVersie' });
export const topxLijstAntwoord = z
  .strictObject({
    id: z.uuid(),
    naam: z.string(),
    omschrijving: z.string(),
    geldendeVersie: z.int().positive().nullable(),
    versies: z.array(criteriaVersieAntwoord),
  })
  .meta({ id: 'TopxLijst' });

const uuid = z.uuid().toLowerCase();
export const lijstParam = z.strictObject({ id: uuid });
export const versieParam = z.strictObject({
  id: uuid,
  versie: z
    .string()
    .regex(/^[1-9]\d{0,5}$/, 'een versienummer')
    .transform(Number),
});
export const vermeldingParam = z.strictObject({ id: uuid, vermeldingId: uuid });
export const verzoekParam = z.strictObject({ id: uuid, vermeldingId: uuid, verzoekId: uuid });

const metDetails = {
  criteriaVersie: { select: { versie: true } },
  informatieverzoeken: { orderBy: { createdAt: 'asc' } },
  besluiten: { orderBy: { createdAt: 'asc' } },
} as const satisfies Prisma.TopxVermeldingInclude;
type VermeldingRij = Prisma.TopxVermeldingGetPayload<{ include: typeof metDetails }>;

const datum = (d: Date | null) => (d === null ? null : dateOfColumn(d));
const tijd = (d: Date | null) => d?.toISOString() ?? null;

/** An entry as the list overview shows it: where it stands and when it is reviewed, never who it is. */
const overzicht = (
  v: Pick<
    VermeldingRij,
    | 'id'
    | 'nummer'
    | 'fase'
    | 'aangemeldOp'
    | 'geplaatstOp'
    | 'volgendeReviewOp'
    | 'verwijderdOp'
    | 'verwijderReden'
    | 'casusId'
  > & { criteriaVersie: { versie: number } },
) => ({
  id: v.id,
  nummer: v.nummer,
  fase: v.fase,
  criteriaVersie: v.criteriaVersie.versie,
  aangemeldOp: v.aangemeldOp.toISOString(),
  geplaatstOp: tijd(v.geplaatstOp),
  volgendeReviewOp: datum(v.volgendeReviewOp),
  verwijderdOp: tijd(v.verwijderdOp),
  verwijderReden: v.verwijderReden,
  casusId: v.casusId,
});

/** The whole entry, for those who decide on it (every read logged). */
const volledig = (v: VermeldingRij) => ({
  ...overzicht(v),
  lijstId: v.lijstId,
  persoon: { voornamen: v.voornamen, achternaam: v.achternaam, geboortedatum: datum(v.geboortedatum), bsn: v.bsn },
  voldaneCriteria: v.voldaneCriteria,
  toelichting: v.toelichting,
  aangemeldDoorDeelnemerId: v.aangemeldDoorDeelnemerId,
  informatieverzoeken: v.informatieverzoeken.map((r) => ({
    id: r.id,
    aanDeelnemerId: r.aanDeelnemerId,
    doel: r.doel,
    reden: r.reden,
    status: r.status,
    namensDeelnemerId: r.deelnemerId,
    gevraagdOp: r.createdAt.toISOString(),
    antwoord: r.antwoord,
    beantwoordOp: tijd(r.beantwoordOp),
  })),
  besluiten: v.besluiten.map((b) => ({
    id: b.id,
    soort: b.soort,
    uitkomst: b.uitkomst,
    status: b.status,
    objectieveCriteria: b.objectieveCriteria,
    bgsCriteria: b.bgsCriteria,
    motivering: b.motivering,
    deelnemerId: b.deelnemerId,
    vastgesteldOp: tijd(b.vastgesteldOp),
    weigerreden: b.weigerreden,
  })),
});

const weigeringOpties: WeigeringOpties = {
  afgerond: 'De vermelding is van de lijst af.',
  verkeerdeFase: verkeerdeStand,
};

/**
 * TopX-lijsten (WGS 2.32; BGS 2.22; SPEC §3). Overheidsdeelnemers keep the lists and their criteria versions,
 * enter candidates, ask vaste deelnemers for data and decide (toetsing, review, removal); the procesregie reads
 * along; a deelnemer asked answers. Each entry is a workflow (`topx-<lijstId>-<id>`) whose Update validators apply
 * the policy and the entry's state; the API checks the same first and adds the law's rules (422). Every read and
 * write of an entry is logged, every refusal too. The public criteria page is api/topx-publiek.ts.
 */
export function topxRoutes({ db, authenticate, temporal, workflows }: RouteDeps<'workflows' | 'temporal'>): Router {
  const router = Router();

  const { log, weiger, bevoegd } = zonderCasus(db, authenticate);
  const publicatie = herhaling(db, 'topx.lijst.beheren');
  const beantwoording = herhaling(db, 'topx.gegevens.verstrekken');
  const laadLijst = async (id: string) => {
    const lijst = await db.topxLijst.findUnique({ where: { id } });
    if (!lijst) throw problems.nietGevonden(`TopX-lijst ${id} bestaat niet.`);
    return lijst;
  };
  const laadVermelding = async (lijstId: string, vermeldingId: string) => {
    const v = await db.topxVermelding.findUnique({ where: { id: vermeldingId }, include: metDetails });
    if (!v || v.lijstId !== lijstId)
      throw problems.nietGevonden(`Vermelding ${vermeldingId} staat niet (meer) op deze lijst.`);
    return v;
  };
  /** The criteria version in force today; without one nothing can be judged (BGS 2.22: published before use). */
  const geldend = async (actor: Actor, actie: Actie, lijstId: string) => {
    const versie = geldendeVersie(await laadVersies(db, lijstId), dutchCalendarDate(new Date()));
    if (!versie)
      return weiger(
        actor,
        actie,
        { lijstId },
        problems.nietToegestaan(
          'geen-geldende-criteria',
          'Geen geldende criteria',
          'Deze lijst heeft nog geen gepubliceerde criteria die al gelden.',
        ),
      );
    return versie;
  };
  const versieView = (v: Awaited<ReturnType<typeof laadVersies>>[number]): z.input<typeof criteriaVersieAntwoord> => ({
    versie: v.versie,
    ingangsdatum: v.ingangsdatum,
    gepubliceerdOp: v.gepubliceerdOp,
    criteria: v.criteria,
    toelichting: v.toelichting,
  });
  const lijstView = async (lijst: {
    id: string;
    naam: string;
    omschrijving: string;
  }): Promise<z.input<typeof topxLijstAntwoord>> => {
    const versies = await laadVersies(db, lijst.id);
    return {
      id: lijst.id,
      naam: lijst.naam,
      omschrijving: lijst.omschrijving,
      geldendeVersie: geldendeVersie(versies, dutchCalendarDate(new Date()))?.versie ?? null,
      versies: versies.map(versieView),
    };
  };

  router.post(
    '/topx-lijsten',
    endpoint('topx.lijst.beheren', async (req, res) => {
      const actor = await bevoegd(req, 'topx.lijst.beheren');
      const body = parseInput(topxLijstSchema, req.body);
      const id = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its list: not made twice.
      if (!(await db.topxLijst.count({ where: { id } })))
        await db.$transaction(async (tx) => {
          await tx.topxLijst.create({
            data: {
              id,
              ...body,
              aangemaaktDoorMedewerkerId: actor.medewerkerId,
              aangemaaktDoorDeelnemerId: actor.deelnemerId,
            },
          });
          await logAudit(tx, {
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
            actie: 'topx.lijst.beheren',
            casusId: null,
            grondslag: beleid['topx.lijst.beheren'].grondslag,
            uitkomst: 'TOEGESTAAN',
            detail: { lijstId: id },
          });
        });
      res
        .status(201)
        .location(`${API_BASISPAD}/topx-lijsten/${id}`)
        .json(await lijstView(await laadLijst(id)));
    }),
  );

  router.get(
    '/topx-lijsten',
    endpoint('topx.raadplegen', async (req, res) => {
      const actor = await bevoegd(req, 'topx.raadplegen');
      const lijsten = await db.topxLijst.findMany({ orderBy: { createdAt: 'asc' } });
      await log(actor, 'topx.raadplegen', { lijsten: lijsten.length });
      res.json({ items: await Promise.all(lijsten.map(lijstView)) });
    }),
  );

  // The list overview: each entry's state and next review date, no names (those are in the entry itself).
  router.get(
    '/topx-lijsten/:id',
    endpoint('topx.raadplegen', async (req, res) => {
      const actor = await bevoegd(req, 'topx.raadplegen');
      const { id } = parseInput(lijstParam, req.params);
      const lijst = await laadLijst(id);
      const vermeldingen = await db.topxVermelding.findMany({
        where: { lijstId: id },
        include: { criteriaVersie: { select: { versie: true } } },
        orderBy: { aangemeldOp: 'asc' },
      });
      await log(actor, 'topx.raadplegen', { lijstId: id, vermeldingen: vermeldingen.length });
      res.json({ ...(await lijstView(lijst)), vermeldingen: vermeldingen.map(overzicht) });
    }),
  );

  // Management figures (SPEC §6 jaarverslag): counts and durations, no personal data.
  router.get(
    '/topx-lijsten/:id/cijfers',
    endpoint('topx.raadplegen', async (req, res) => {
      const actor = await bevoegd(req, 'topx.raadplegen');
      const { id } = parseInput(lijstParam, req.params);
      await laadLijst(id);
      const rijen = await db.topxVermelding.findMany({
        where: { lijstId: id },
        select: { fase: true, geplaatstOp: true, verwijderdOp: true, verwijderReden: true },
      });
      const nu = Date.now();
      const dagen = rijen
        .filter((r) => r.geplaatstOp !== null)
        .map((r) => ((r.verwijderdOp?.getTime() ?? nu) - r.geplaatstOp!.getTime()) / DAY_MS);
      const aantal = (f: (r: (typeof rijen)[number]) => boolean) => rijen.filter(f).length;
      await log(actor, 'topx.raadplegen', { lijstId: id, cijfers: true });
      res.json({
        lijstId: id,
        kandidaten: aantal((r) => r.fase === 'KANDIDAAT'),
        opDeLijst: aantal((r) => r.fase === 'GEPLAATST'),
        ooitGeplaatst: dagen.length,
        verwijderd: aantal((r) => r.fase === 'VERWIJDERD'),
        verwijderdNaarReden: {
          VOLDOET_NIET_MEER: aantal((r) => r.verwijderReden === 'VOLDOET_NIET_MEER'),
          CRITERIA_GEWIJZIGD: aantal((r) => r.verwijderReden === 'CRITERIA_GEWIJZIGD'),
          NIET_MEER_NODIG: aantal((r) => r.verwijderReden === 'NIET_MEER_NODIG'),
        },
        // Placed entries up to their removal, or up to now while on the list.
        gemiddeldeDagenOpLijst:
          dagen.length === 0 ? null : Math.round((dagen.reduce((a, b) => a + b, 0) / dagen.length) * 10) / 10,
      });
    }),
  );

  // A new criteria version: a draft, of no use until published.
  router.post(
    '/topx-lijsten/:id/criteria',
    endpoint('topx.lijst.beheren', async (req, res) => {
      const actor = await bevoegd(req, 'topx.lijst.beheren');
      const { id } = parseInput(lijstParam, req.params);
      const body = parseInput(criteriaVersieSchema, req.body);
      await laadLijst(id);
      const versieId = nieuwId(req);
      const versie = await db.$transaction(async (tx) => {
        // One new version at a time per list: the lock keeps two drafts from taking the same number.
        await tx.$queryRaw`SELECT 1 FROM "topx_lijst" WHERE "id" = ${id}::uuid FOR UPDATE`;
        // A repeat under the same Idempotency-Key whose first answer was lost finds its version: not drafted twice.
        const eerder = await tx.topxCriteriaVersie.findUnique({ where: { id: versieId }, select: { versie: true } });
        if (eerder) return eerder.versie;
        const laatste = await tx.topxCriteriaVersie.aggregate({ where: { lijstId: id }, _max: { versie: true } });
        const nummer = (laatste._max.versie ?? 0) + 1;
        await tx.topxCriteriaVersie.create({
          data: {
            id: versieId,
            lijstId: id,
            versie: nummer,
            criteria: body.criteria,
            toelichting: body.toelichting ?? null,
            ingangsdatum: dateColumn(body.ingangsdatum),
            vastgesteldDoorMedewerkerId: actor.medewerkerId,
            vastgesteldDoorDeelnemerId: actor.deelnemerId,
          },
        });
        await logAudit(tx, {
          medewerkerId: actor.medewerkerId,
          deelnemerId: actor.deelnemerId,
          actie: 'topx.lijst.beheren',
          casusId: null,
          grondslag: beleid['topx.lijst.beheren'].grondslag,
          uitkomst: 'TOEGESTAAN',
          detail: { lijstId: id, versie: nummer },
        });
        return nummer;
      });
      const v = (await laadVersies(db, id)).find((x) => x.versie === versie)!;
      res.status(201).location(`${API_BASISPAD}/topx-lijsten/${id}/criteria/${versie}`).json(versieView(v));
    }),
  );

  // Publication (BGS 2.22): from now on the public page shows it; entries re-test against it at their next review.
  router.post(
    '/topx-lijsten/:id/criteria/:versie/publicatie',
    endpoint('topx.lijst.beheren', async (req, res) => {
      const actor = await bevoegd(req, 'topx.lijst.beheren');
      const { id, versie } = parseInput(versieParam, req.params);
      parseInput(z.strictObject({}), req.body); // publishing carries nothing but the decision itself
      const v = (await laadVersies(db, id)).find((x) => x.versie === versie);
      if (!v) throw problems.nietGevonden(`Versie ${versie} van TopX-lijst ${id} bestaat niet.`);
      // A repeat of this very publication whose answer was lost signals the entries again and answers it.
      if (v.gepubliceerdOp === null || !(await publicatie.eerderAangemaakt(req, actor))) {
        const nee = publicatieWeigering(v, dutchCalendarDate(new Date()));
        if (nee?.code === 'AL_GEPUBLICEERD')
          await weiger(actor, 'topx.lijst.beheren', { lijstId: id }, verkeerdeStand(nee.reden));
        if (nee)
          await weiger(
            actor,
            'topx.lijst.beheren',
            { lijstId: id },
            problems.nietToegestaan('publicatie-geweigerd', 'Publicatie niet mogelijk', nee.reden),
          );
        const gepubliceerd = await db.$transaction(async (tx) => {
          const { count } = await tx.topxCriteriaVersie.updateMany({
            where: { id: v.id, gepubliceerdOp: null },
            data: { gepubliceerdOp: new Date() },
          });
          if (count > 0)
            await logAudit(tx, {
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
              actie: 'topx.lijst.beheren',
              casusId: null,
              grondslag: beleid['topx.lijst.beheren'].grondslag,
              uitkomst: 'TOEGESTAAN',
              detail: { lijstId: id, versie, gepubliceerd: true, ...publicatie.aangemaakt(req) },
            });
          return count > 0;
        });
        if (!gepubliceerd)
          await weiger(
            actor,
            'topx.lijst.beheren',
            { lijstId: id },
            verkeerdeStand('Deze versie is zojuist al gepubliceerd.'),
          );
      }
      const lopend = await db.topxVermelding.findMany({
        where: { lijstId: id, fase: { in: ['KANDIDAAT', 'GEPLAATST'] } },
        select: { id: true },
      });
      for (const { id: vermeldingId } of lopend) {
        await signaleer(temporal, topxWorkflowId(id, vermeldingId), criteriaGepubliceerd);
      }
      res.json(versieView((await laadVersies(db, id)).find((x) => x.versie === versie)!));
    }),
  );

  // A candidate (SPEC §3 step 3): someone who already meets part of the criteria in force.
  router.post(
    '/topx-lijsten/:id/vermeldingen',
    endpoint('topx.aanmelden', async (req, res) => {
      const actor = await bevoegd(req, 'topx.aanmelden');
      const { id: lijstId } = parseInput(lijstParam, req.params);
      const kandidaat = parseInput(kandidaatSchema, req.body);
      await laadLijst(lijstId);
      const versie = await geldend(actor, 'topx.aanmelden', lijstId);
      const nee = kandidaatWeigering(kandidaat.voldaneCriteria, versie);
      if (nee)
        await weiger(
          actor,
          'topx.aanmelden',
          { lijstId },
          problems.nietToegestaan('kandidaat-geweigerd', 'Kandidaat niet toegestaan', nee),
        );
      const id = nieuwId(req);
      const nu = new Date();
      const { persoon } = kandidaat;
      // A repeat under the same Idempotency-Key whose first answer was lost finds its entry: not entered twice.
      if (!(await db.topxVermelding.count({ where: { id } })))
        await db.$transaction(async (tx) => {
          await tx.topxVermelding.create({
            data: {
              id,
              nummer: await volgnummer(tx, 'TX', nu),
              lijstId,
              criteriaVersieId: versie.id,
              voldaneCriteria: kandidaat.voldaneCriteria,
              toelichting: kandidaat.toelichting,
              voornamen: persoon.voornamen ?? null,
              achternaam: persoon.achternaam,
              geboortedatum: persoon.geboortedatum ? new Date(persoon.geboortedatum) : null,
              bsn: persoon.bsn ?? null,
              aangemeldDoorMedewerkerId: actor.medewerkerId,
              aangemeldDoorDeelnemerId: actor.deelnemerId,
              aangemeldOp: nu,
            },
          });
          await registreerWorkflowStart(tx, {
            workflowId: topxWorkflowId(lijstId, id),
            workflowType: 'topxWorkflow',
            input: { lijstId, vermeldingId: id },
            fase: 'KANDIDAAT',
          });
          await logAudit(tx, {
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
            actie: 'topx.aanmelden',
            casusId: null,
            grondslag: beleid['topx.aanmelden'].grondslag,
            uitkomst: 'TOEGESTAAN',
            detail: { lijstId, vermeldingId: id, versie: versie.versie },
          });
        });
      await workflows.start(topxWorkflowId(lijstId, id));
      res
        .status(201)
        .location(`${API_BASISPAD}/topx-lijsten/${lijstId}/vermeldingen/${id}`)
        .json(volledig(await laadVermelding(lijstId, id)));
    }),
  );

  router.get(
    '/topx-lijsten/:id/vermeldingen/:vermeldingId',
    endpoint('topx.raadplegen', async (req, res) => {
      const actor = await bevoegd(req, 'topx.raadplegen');
      const { id, vermeldingId } = parseInput(vermeldingParam, req.params);
      const v = await laadVermelding(id, vermeldingId);
      await log(actor, 'topx.raadplegen', { lijstId: id, vermeldingId });
      res.json(volledig(v));
    }),
  );

  // A targeted request to one vaste deelnemer (step 3); derden and incidentele deelnemers are refused (422).
  router.post(
    '/topx-lijsten/:id/vermeldingen/:vermeldingId/informatieverzoeken',
    endpoint('topx.gegevens.vragen', async (req, res) => {
      const actor = await bevoegd(req, 'topx.gegevens.vragen');
      const { id, vermeldingId } = parseInput(vermeldingParam, req.params);
      const verzoek = parseInput(topxInformatieverzoekSchema, req.body);
      const v = await laadVermelding(id, vermeldingId);
      const detail = { lijstId: id, vermeldingId };
      const fout = topxStapWeigering('INFORMATIEVERZOEK', v.fase);
      if (fout) await weiger(actor, 'topx.gegevens.vragen', detail, verkeerdeStand(fout));
      const inRegister =
        verzoek.aan.soort === 'DEELNEMER'
          ? await db.deelnemer.findUnique({
              where: { id: verzoek.aan.deelnemerId },
              select: { type: true, actief: true },
            })
          : null;
      const ontvanger = ontvangerSoort(verzoek.aan, inRegister);
      const nee = bevragingWeigering(ontvanger);
      const aanDeelnemerId = verzoek.aan.soort === 'DEELNEMER' ? verzoek.aan.deelnemerId : null;
      if (nee || aanDeelnemerId === null)
        return weiger(
          actor,
          'topx.gegevens.vragen',
          { ...detail, ontvanger },
          problems.weigering('BEVRAGING_GEWEIGERD', nee ?? ''),
        );
      // A repeat under the same Idempotency-Key whose first answer was lost finds its request (see api/besluiten.ts).
      const verzoekId = nieuwId(req);
      const eerder = v.informatieverzoeken.find((r) => r.id === verzoekId);
      if (eerder?.status === 'GEWEIGERD') throw eerdereWeigering('GEWEIGERD', weigeringOpties);
      if (!eerder)
        await db.topxInformatieverzoek.create({
          data: {
            id: verzoekId,
            vermeldingId,
            aanDeelnemerId,
            doel: verzoek.doel,
            reden: verzoek.reden,
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
          },
        });
      try {
        if (eerder?.status !== 'VASTGESTELD')
          await workflows.update(
            topxWorkflowId(id, vermeldingId),
            topxInformatieverzoek,
            [{ verzoekId, actor, ontvanger }],
            verzoekId,
          );
      } catch (err) {
        const w = updateWeigering(err, weigeringOpties);
        if (!w) throw err;
        await db.topxInformatieverzoek.update({ where: { id: verzoekId }, data: { status: 'GEWEIGERD' } });
        await weiger(actor, 'topx.gegevens.vragen', { ...detail, verzoekId }, w.problem);
      }
      res.status(201).json(volledig(await laadVermelding(id, vermeldingId)));
    }),
  );

  // The answer of the deelnemer asked: only that one, once, while the entry is a candidate.
  router.post(
    '/topx-lijsten/:id/vermeldingen/:vermeldingId/informatieverzoeken/:verzoekId/antwoord',
    endpoint('topx.gegevens.verstrekken', async (req, res) => {
      const actor = await bevoegd(req, 'topx.gegevens.verstrekken');
      const { id, vermeldingId, verzoekId } = parseInput(verzoekParam, req.params);
      const { antwoord } = parseInput(topxAntwoordSchema, req.body);
      const v = await laadVermelding(id, vermeldingId);
      const r = v.informatieverzoeken.find((x) => x.id === verzoekId && x.status === 'VASTGESTELD');
      if (!r) throw problems.nietGevonden(`Verzoek ${verzoekId} bestaat niet bij deze vermelding.`);
      const detail = { lijstId: id, vermeldingId, verzoekId };
      if (r.aanDeelnemerId !== actor.deelnemerId)
        await weiger(
          actor,
          'topx.gegevens.verstrekken',
          detail,
          problems.nietBevoegd('Alleen de gevraagde deelnemer beantwoordt dit verzoek.'),
        );
      // A repeat of this very answer whose answer was lost answers it again; any other second answer is refused.
      if (r.antwoord === null || !(await beantwoording.eerderAangemaakt(req, actor))) {
        const fout =
          topxStapWeigering('INFORMATIEVERZOEK', v.fase) ??
          (r.antwoord !== null ? 'dit verzoek is al beantwoord' : undefined);
        if (fout) await weiger(actor, 'topx.gegevens.verstrekken', detail, verkeerdeStand(fout));
        const beantwoord = await db.$transaction(async (tx) => {
          const { count } = await tx.topxInformatieverzoek.updateMany({
            where: { id: verzoekId, antwoord: null },
            data: { antwoord, beantwoordOp: new Date(), beantwoordDoorMedewerkerId: actor.medewerkerId },
          });
          if (count === 0) return false;
          await logAudit(tx, {
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
            actie: 'topx.gegevens.verstrekken',
            casusId: null,
            grondslag: beleid['topx.gegevens.verstrekken'].grondslag,
            uitkomst: 'TOEGESTAAN',
            detail: { ...detail, ...beantwoording.aangemaakt(req) },
          });
          return true;
        });
        if (!beantwoord)
          await weiger(
            actor,
            'topx.gegevens.verstrekken',
            detail,
            verkeerdeStand('Dit verzoek is zojuist al beantwoord.'),
          );
      }
      res.json({ id: verzoekId, beantwoord: true });
    }),
  );

  /** One route per decision: policy, body, state (409) and the law's rules (422) first, then the workflow decides. */
  const besluitRoute = <S extends z.ZodType>(
    pad: string,
    soort: TopxBesluitSoort,
    schema: S,
    voorstel: (body: z.infer<S>) => {
      uitkomst: string;
      motivering: string;
      objectieveCriteria?: ObjectieveOordelen;
      bgsCriteria?: Criteria;
    },
  ) =>
    router.post(
      `/topx-lijsten/:id/vermeldingen/:vermeldingId/${pad}`,
      endpoint('topx.beslissen', async (req, res) => {
        const actor = await bevoegd(req, 'topx.beslissen');
        const { id, vermeldingId } = parseInput(vermeldingParam, req.params);
        const b = voorstel(parseInput(schema, req.body));
        const v = await laadVermelding(id, vermeldingId);
        const detail = { lijstId: id, vermeldingId, soort };
        // A repeat under the same Idempotency-Key whose first answer was lost finds its decision (see api/besluiten.ts).
        const besluitId = nieuwId(req);
        const eerder = await db.topxBesluit.findUnique({
          where: { id: besluitId },
          select: { status: true, weigerreden: true },
        });
        if (eerder?.status === 'GEWEIGERD') throw eerdereWeigering(eerder.weigerreden ?? 'GEWEIGERD', weigeringOpties);
        if (!eerder) {
          const fout = topxStapWeigering(soort, v.fase);
          if (fout) await weiger(actor, 'topx.beslissen', detail, verkeerdeStand(fout));
          let criteriaVersieId: string | null = null;
          if (b.objectieveCriteria && b.bgsCriteria) {
            const versie = await geldend(actor, 'topx.beslissen', id);
            const nee = beoordelingWeigering(
              { uitkomst: b.uitkomst, objectieveCriteria: b.objectieveCriteria, bgsCriteria: b.bgsCriteria },
              versie,
            );
            if (nee)
              await weiger(
                actor,
                'topx.beslissen',
                detail,
                problems.nietToegestaan('beoordeling-ongeldig', 'Beoordeling klopt niet', nee),
              );
            criteriaVersieId = versie.id;
          }
          await db.topxBesluit.create({
            data: {
              id: besluitId,
              vermeldingId,
              soort,
              uitkomst: b.uitkomst,
              criteriaVersieId,
              objectieveCriteria: b.objectieveCriteria,
              bgsCriteria: b.bgsCriteria,
              motivering: b.motivering,
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
            },
          });
        }
        let fase: string = v.fase;
        try {
          if (eerder?.status !== 'VASTGESTELD')
            ({ fase } = await workflows.update(
              topxWorkflowId(id, vermeldingId),
              topxBesluit,
              [{ besluitId, actor, soort, uitkomst: b.uitkomst }],
              besluitId,
            ));
        } catch (err) {
          const w = updateWeigering(err, weigeringOpties);
          if (!w) throw err;
          await db.topxBesluit.updateMany({
            where: { id: besluitId },
            data: { status: 'GEWEIGERD', weigerreden: w.code },
          });
          return weiger(actor, 'topx.beslissen', { ...detail, besluitId }, w.problem);
        }
        // A rejected candidate is gone, with all its data: only the fact remains.
        res.json(
          fase === 'AFGEWEZEN'
            ? { id: vermeldingId, fase, verwijderd: true }
            : volledig(await laadVermelding(id, vermeldingId)),
        );
      }),
    );

  besluitRoute('toetsing', 'TOETSING', toetsingSchema, (t) => t);
  besluitRoute('review', 'REVIEW', reviewSchema, (r) => r);
  besluitRoute('verwijdering', 'VERWIJDERING', verwijderingSchema, ({ motivering }) => ({
    uitkomst: 'VERWIJDERD',
    motivering,
  }));

  return router;
}
