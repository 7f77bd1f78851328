import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import { criteriaWeigering, intakeBesluitSchema, type Actor, type Criteria } from '../domain/casus';
import {
  afsluitingSchema,
  besluitRegels,
  eindbeoordelingSchema,
  heropeningSchema,
  planVanAanpakSchema,
  selectieSchema,
  uitnodigingIncidenteelSchema,
  verlengingBesluitSchema,
  relatieTot,
  type BesluitSoort,
} from '../domain/casusproces';
import { logAudit } from '../infra/audit';
import { criteriumRows, type Moment } from '../infra/criteria';
import { compareDates } from '../domain/dates';
import { personenVan } from '../domain/informatieplicht';
import { dateColumn, dutchCalendarDate } from '../infra/calendar';
import type { Prisma } from '../generated/prisma/client';
import { besluit as besluitUpdate, casusWorkflowId, intakeBesluit } from '../workflows/casus';
import { autoriseer, onbekendeCasus, verborgenVoor } from './authorize';
import { casusIdParam, casusNaBesluit, relatieMet, relatieSelect, toegangVan } from './casus-view';
import { endpoint } from './endpoints';
import { eisInformatieplichtNagekomen } from './informatieplicht';
import { nieuwId } from './idempotentie';
import { parseInput, problems } from './problem';
import { updateWeigering, type WeigeringOpties } from './update-weigering';
import type { RouteDeps } from './deps';

interface Voorstel {
  soort: BesluitSoort;
  uitkomst: string;
  motivering?: string | undefined;
  /** Ids and choices the workflow's activity applies on acceptance (Besluit.gegevens). */
  gegevens?: Prisma.InputJsonValue;
  criteria?: { moment: Moment; criteria: Criteria };
  /** Content of the proposal in its own table, written with the besluit (e.g. a plan van aanpak). */
  bijlage?: (tx: Prisma.TransactionClient, besluitId: string, casusId: string) => Promise<unknown>;
}

const weigeringOpties: WeigeringOpties = { afgerond: 'De casus is afgerond; er kan niet meer over worden besloten.' };
const weigering = (err: unknown) => updateWeigering(err, weigeringOpties);

/**
 * Every decision of overheidsdeelnemers takes the same path: the proposal is stored (VOORGESTELD), then offered to
 * the casus workflow as an Update whose validator applies the policy for the casus' current phase (403/409); a
 * refused proposal leaves no trace in the casus: it is deleted with its criteria and content in the transaction
 * that logs the refusal (code only). The answer is the casus as it now stands.
 */
export function besluitRoutes({ db, authenticate, workflows, policy }: RouteDeps<'workflows' | 'policy'>): Router {
  const router = Router();

  /** Offers the stored proposal to the casus workflow; a refusal deletes it, is logged (code only) and answered. */
  async function biedAan(id: string, besluitId: string, actor: Actor, voorstel: Voorstel): Promise<void> {
    const actie = besluitRegels[voorstel.soort].actie;
    try {
      if (voorstel.soort === 'INTAKE') {
        await workflows.update(
          casusWorkflowId(id),
          intakeBesluit,
          [{ besluitId, actor, uitkomst: intakeBesluitSchema.shape.uitkomst.parse(voorstel.uitkomst) }],
          besluitId,
        );
      } else {
        await workflows.update(
          casusWorkflowId(id),
          besluitUpdate,
          [{ besluitId, actor, soort: voorstel.soort, uitkomst: voorstel.uitkomst }],
          besluitId,
        );
      }
    } catch (err) {
      const w = weigering(err);
      if (!w) throw err;
      await db.$transaction(async (tx) => {
        // Its criteria, plan van aanpak or invitation go with it (ON DELETE CASCADE).
        await tx.besluit.delete({ where: { id: besluitId } });
        const { medewerkerId, deelnemerId } = actor;
        const grondslag = beleid[actie].grondslag;
        await logAudit(tx, {
          medewerkerId,
          deelnemerId,
          actie,
          casusId: id,
          grondslag,
          uitkomst: 'GEWEIGERD',
          detail: { code: w.code },
        });
      });
      throw w.problem;
    }
  }

  async function beslis(req: Request, res: Response, actor: Actor, voorstel: Voorstel): Promise<void> {
    const { id } = parseInput(casusIdParam, req.params);
    const casus = await db.casus.findUnique({ where: { id }, select: relatieSelect });
    if (!casus) throw onbekendeCasus(id);
    // The workflow decides, but a refusal from it would tell a caller who may not see the casus that it exists; the
    // API refuses that caller first, as an unknown id. The workflow judges the deelnemer's relation: a medewerker
    // whose own is less (not designated for the casus) is judged here, before anything is stored.
    const ctx = relatieMet(casus, actor, policy);
    const minderDanDeelnemer = ctx.relatie !== relatieTot(actor, toegangVan(casus));
    if (verborgenVoor(ctx) || minderDanDeelnemer) await autoriseer(db, besluitRegels[voorstel.soort].actie, ctx, id);
    // With an Idempotency-Key a repeat whose first answer was lost finds its besluit: recorded once, and offered
    // under the same Update id, so Temporal answers an Update it already ran with its first outcome. A refused one
    // left no row: it is offered again and refused again.
    const besluitId = nieuwId(req);
    const eerder = await db.besluit.findUnique({ where: { id: besluitId }, select: { status: true } });
    if (!eerder && voorstel.soort === 'SELECTIE') {
      // Wpg 32 / Wjsg 39j: the selection provides the police and OM items to the selected deelnemers (Prot. 16.1).
      const items = await db.gegeven.findMany({
        where: {
          casusId: id,
          categorie: { in: ['POLITIE', 'JUSTITIEEL'] },
          nietVoorCasusoverleg: false,
          verwijderdOp: null,
        },
        select: { betrokkeneIds: true },
      });
      if (items.length > 0)
        await eisInformatieplichtNagekomen(db, actor, id, besluitRegels.SELECTIE.actie, personenVan(items));
    }
    if (!eerder) {
      await db.$transaction(async (tx) => {
        await tx.besluit.create({
          data: {
            id: besluitId,
            casusId: id,
            soort: voorstel.soort,
            uitkomst: voorstel.uitkomst,
            motivering: voorstel.motivering ?? null,
            gegevens: voorstel.gegevens,
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
          },
        });
        if (voorstel.criteria)
          await tx.criteriumBeoordeling.createMany({
            data: criteriumRows(voorstel.criteria.criteria, voorstel.criteria.moment, id, besluitId),
          });
        await voorstel.bijlage?.(tx, besluitId, id);
      });
    }
    // Applied already (a repeat): the answer is the casus as it stands.
    if (eerder?.status !== 'VASTGESTELD') await biedAan(id, besluitId, actor, voorstel);
    res.json(await casusNaBesluit(db, req, actor, policy));
  }

  /** One route per decision: authenticate, validate the body, then the common path above. */
  const route = <S extends z.ZodType>(
    pad: string,
    soort: BesluitSoort,
    schema: S,
    voorstel: (body: z.infer<S>) => Omit<Voorstel, 'soort'>,
  ) =>
    router.post(
      `/casussen/:id/${pad}`,
      endpoint(besluitRegels[soort].actie, async (req, res) => {
        const actor = await authenticate(req);
        const body = parseInput(schema, req.body);
        await beslis(req, res, actor, { soort, ...voorstel(body) });
      }),
    );

  // Intake (WGS 2.31 lid 2, BGS 2.20 lid 3) and final assessment after triage (lid 3): criteria recorded both times,
  // and the outcome must follow from them (422 before anything is stored).
  const naCriteria = (positief: boolean, criteria: Criteria) => {
    const reden = criteriaWeigering(positief, criteria);
    if (reden !== null) throw problems.weigering('CRITERIA_TEGENSTRIJDIG', reden);
  };
  route('intake-besluit', 'INTAKE', intakeBesluitSchema, (b) => {
    if (b.uitkomst === 'IN_BEHANDELING') naCriteria(true, b.criteria);
    return { uitkomst: b.uitkomst, motivering: b.motivering, criteria: { moment: 'INTAKE', criteria: b.criteria } };
  });
  route('eindbeoordeling', 'EINDBEOORDELING', eindbeoordelingSchema, (b) => {
    naCriteria(b.uitkomst === 'VOLDAAN', b.criteria);
    return {
      uitkomst: b.uitkomst,
      motivering: b.motivering,
      criteria: { moment: 'EINDBEOORDELING', criteria: b.criteria },
    };
  });
  // Selectie deelnemers (lid 4): registered, active vaste deelnemers only (checked when the workflow accepts it).
  route('selectie', 'SELECTIE', selectieSchema, (b) => ({
    uitkomst: 'GESELECTEERD',
    motivering: b.motivering,
    gegevens: { deelnemers: b.deelnemers },
  }));
  // Incidentele deelnemers (lid 9, 10): recorded with the signed geheimhoudingsverklaring, which cannot be in the future.
  route('incidentele-deelnemers', 'UITNODIGING_INCIDENTEEL', uitnodigingIncidenteelSchema, (u) => ({
    uitkomst: 'UITGENODIGD',
    bijlage: async (tx, besluitId, casusId) => {
      const getekendOp = u.geheimhoudingsverklaring.getekendOp;
      if (compareDates(getekendOp, dutchCalendarDate(new Date())) > 0) {
        const fout = { name: 'geheimhoudingsverklaring.getekendOp', reason: 'ligt in de toekomst' };
        throw problems.ongeldigeInvoer([fout], `Een verklaring getekend op ${getekendOp} is nog niet getekend.`);
      }
      await tx.incidenteleDeelnemer.create({
        data: {
          besluitId,
          casusId,
          organisatie: u.organisatie,
          contactpersoon: u.contactpersoon,
          reden: u.reden,
          geheimhoudingGetekendOp: dateColumn(getekendOp),
          geheimhoudingGetekendDoor: u.geheimhoudingsverklaring.getekendDoor,
        },
      });
    },
  }));
  // Plan van aanpak (lid 5, 6): a new version; its deelnemers must be in the register (else 422).
  route('plan-van-aanpak', 'PLAN_VAN_AANPAK', planVanAanpakSchema, (plan) => ({
    uitkomst: 'VASTGESTELD',
    bijlage: async (tx, besluitId, casusId) => {
      const genoemd = [
        plan.casusregisseurDeelnemerId,
        plan.informeertBetrokkeneDeelnemerId,
        ...plan.interventies.map((i) => i.uitvoerderDeelnemerId),
      ].filter((d) => d !== undefined);
      const bekend = new Set(
        (await tx.deelnemer.findMany({ where: { id: { in: genoemd } }, select: { id: true } })).map((d) => d.id),
      );
      const onbekend = [...new Set(genoemd.filter((d) => !bekend.has(d)))];
      if (onbekend.length > 0)
        throw problems.weigering('ONBEKENDE_DEELNEMER', `Niet in het register: ${onbekend.join(', ')}.`);
      await tx.planVanAanpak.create({
        data: {
          besluitId,
          casusId,
          ...plan,
          informatiebehoeften: plan.informatiebehoeften ?? null,
          informeertBetrokkeneDeelnemerId: plan.informeertBetrokkeneDeelnemerId ?? null,
          evaluatiedatum: plan.evaluatiedatum ? dateColumn(plan.evaluatiedatum) : null,
        },
      });
    },
  }));
  route('afsluiting', 'AFSLUITING', afsluitingSchema, (b) => ({
    uitkomst: 'AFGESLOTEN',
    motivering: b.motivering,
    gegevens: { afsluitUitkomst: b.uitkomst },
  }));
  route('heropening', 'HEROPENING', heropeningSchema, (b) => ({ uitkomst: 'HEROPEND', motivering: b.reden }));
  route('afscherming-opheffing', 'OPHEFFING_AFSCHERMING', heropeningSchema, (b) => ({
    uitkomst: 'HEROPEND',
    motivering: b.reden,
  }));
  route('verlenging', 'VERLENGING', verlengingBesluitSchema, ({ reden, ...gegevens }) => ({
    uitkomst: 'VERLENGD',
    motivering: reden,
    gegevens,
  }));

  return router;
}
