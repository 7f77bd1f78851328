import { Router } from 'express';
import { z } from 'zod';
import { beoordeel, inzageVoor, toegestaneActies, type Actie } from '../domain/autorisatie';
import { casusFasen, type Actor } from '../domain/casus';
import { actieVoorStap, vooruitblik, type Vooruitblik } from '../domain/casusproces';
import { addDays, compareDates, DAY_MS, isoDateSchema, type IsoDate } from '../domain/dates';
import type { Policy } from '../domain/policy';
import { laadStand } from '../activities/casus';
import { dateOfColumn, dutchCalendarDate } from '../infra/calendar';
import { API_BASISPAD } from '../infra/api-versie';
import type { Db } from '../infra/db';
import type { Prisma } from '../generated/prisma/client';
import { autoriseer } from './authorize';
import { alleenAdministratief, relatieMet, relatieSelect } from './casus-view';
import { endpoint } from './endpoints';
import { parseInput } from './problem';
import type { RouteDeps } from './deps';

const lijstSelect = {
  id: true,
  casusnummer: true,
  aanmeldDatum: true,
  archiefDatum: true,
  ...relatieSelect,
} satisfies Prisma.CasusSelect;

type LijstRecord = Prisma.CasusGetPayload<{ select: typeof lijstSelect }>;

/**
 * The casussen that can concern the actor at all — those its deelnemer or itself is recorded in, and those in intake
 * and triage (assessed by every overheidsdeelnemer). A superset only: `inzageVoor` decides, per casus, as for a
 * single read, so the list never shows what `GET /casussen/:id` would refuse.
 */
const kandidatenVoor = (actor: Actor): Prisma.CasusWhereInput => ({
  OR: [
    { aanmelderDeelnemerId: actor.deelnemerId },
    { procesregisseurMedewerkerId: actor.medewerkerId },
    { deelnemers: { some: { deelnemerId: actor.deelnemerId } } },
    { plannen: { some: { casusregisseurDeelnemerId: actor.deelnemerId } } },
    { informatieverzoeken: { some: { aanDeelnemerId: actor.deelnemerId } } },
    { gegevens: { some: { leverancierDeelnemerId: actor.deelnemerId } } },
    { fase: { in: ['AANMELDING', 'TRIAGE'] } },
  ],
});

/** A casus as the list and the werkvoorraad show it: its admin set, what comes next, what the actor may do now. */
interface CasusRegel {
  record: LijstRecord;
  vooruitblik: Vooruitblik | null;
  acties: Actie[];
  /** The step that is due is one the actor may take. */
  wachtOpMij: boolean;
}

async function zichtbareCasussen(db: Db, actor: Actor, policy: Policy, where: Prisma.CasusWhereInput) {
  const records = await db.casus.findMany({
    where: { AND: [where, kandidatenVoor(actor)] },
    select: lijstSelect,
    orderBy: [{ aanmeldDatum: 'desc' }, { id: 'asc' }],
  });
  return records.flatMap((record) => {
    const ctx = relatieMet(record, actor, policy);
    return inzageVoor(ctx) === null ? [] : [{ record, ctx }];
  });
}

/** What comes next in each casus and whether it waits for the actor (the same policy the Update validators ask). */
async function metVooruitblik(
  db: Db,
  policy: Policy,
  casussen: Awaited<ReturnType<typeof zichtbareCasussen>>,
): Promise<CasusRegel[]> {
  const regels: CasusRegel[] = [];
  for (const { record, ctx } of casussen) {
    const stand = await laadStand(db, record.id);
    const blik = vooruitblik({ ...stand, heeftPlan: record.plannen.length > 0 }, policy);
    const acties = toegestaneActies(ctx);
    const actie = blik === null ? undefined : actieVoorStap[blik.stap];
    regels.push({ record, vooruitblik: blik, acties, wachtOpMij: actie !== undefined && acties.includes(actie) });
  }
  return regels;
}

const casusRegelView = (r: CasusRegel) => ({
  id: r.record.id,
  casusnummer: r.record.casusnummer,
  fase: r.record.fase,
  afgeschermd: alleenAdministratief.includes(r.record.fase),
  aanmelder: { deelnemerId: r.record.aanmelderDeelnemerId },
  aanmeldDatum: r.record.aanmeldDatum.toISOString(),
  archiefDatum: r.record.archiefDatum === null ? null : dateOfColumn(r.record.archiefDatum),
  volgendeStap: r.vooruitblik?.stap ?? null,
  volgendeDeadline: r.vooruitblik?.deadline ?? null,
  wachtOpMij: r.wachtOpMij,
});

/**
 * For GET /casussen/:id, besides what the actor may read: what comes next and what the actor may do now. Asked after
 * the read rule let the actor in, so it reveals nothing more.
 */
export async function vooruitblikVoor(db: Db, id: string, actor: Actor, policy: Policy) {
  const record = await db.casus.findUniqueOrThrow({ where: { id }, select: lijstSelect });
  const [regel] = await metVooruitblik(db, policy, [{ record, ctx: relatieMet(record, actor, policy) }]);
  return {
    volgendeStap: regel?.vooruitblik?.stap ?? null,
    volgendeDeadline: regel?.vooruitblik?.deadline ?? null,
    acties: regel?.acties ?? [],
  };
}

/** Query parameters of GET /casussen: filters on the admin set only (no free text, no personal data in URLs). */
export const casusLijstQuery = z.strictObject({
  fase: z.enum(casusFasen).optional(),
  casusnummer: z.string().trim().min(1).max(40).optional(),
  aanmelder: z.string().trim().min(1).max(100).optional(),
  deadlineVoor: isoDateSchema.optional(),
  deadlineNa: isoDateSchema.optional(),
  wachtOpMij: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  pagina: z.coerce.number().int().min(1).max(100_000).default(1),
  paginaGrootte: z.coerce.number().int().min(1).max(100).default(25),
});

/** GET /werkvoorraad takes no parameters: it is the caller's own work, all of it. */
export const werkvoorraadQuery = z.strictObject({});

/** The werkvoorraad's kinds of work besides the casus steps. */
type Werksoort =
  | Vooruitblik['stap']
  | 'INFORMATIEVERZOEK'
  | 'TOPX_INFORMATIEVERZOEK'
  | 'AVG_CONSULTATIE'
  | 'INFORMATIEPLICHT'
  | 'AVG_VERZOEK'
  | 'DATALEK'
  | 'KLACHT'
  | 'KLACHT_REACTIE'
  | 'ARCHIVERING'
  | 'LEGAL_HOLD';

interface Werk {
  soort: Werksoort;
  deadline: IsoDate | null;
  /** Where the work is done (the API resource), if the caller has one; ids and numbers only. */
  verwijzing?: string;
  casusId?: string;
  casusnummer?: string;
  nummer?: string;
}

const ARCHIVERING_VOORUIT_DAGEN = 90;
const DATALEK_MELDTERMIJN_MS = 72 * 60 * 60 * 1000;

/** Earliest deadline first; work without a deadline last, in a stable order. */
const eerstVolgend = (a: Werk, b: Werk) =>
  a.deadline === null ? (b.deadline === null ? 0 : 1) : b.deadline === null ? -1 : compareDates(a.deadline, b.deadline);

export function werkvoorraadRoutes({ db, authenticate, policy }: RouteDeps<'policy'>): Router {
  const router = Router();
  const mag = (actie: Actie, actor: Actor) => beoordeel(actie, { actor }).toegestaan;

  router.get(
    '/casussen',
    endpoint('casus.overzicht', async (req, res) => {
      const actor = await authenticate(req);
      await autoriseer(db, 'casus.overzicht', { actor });
      const q = parseInput(casusLijstQuery, req.query);
      const where: Prisma.CasusWhereInput = {
        ...(q.fase ? { fase: q.fase } : {}),
        ...(q.casusnummer ? { casusnummer: q.casusnummer } : {}),
        ...(q.aanmelder ? { aanmelderDeelnemerId: q.aanmelder } : {}),
      };
      let zichtbaar = await zichtbareCasussen(db, actor, policy, where);
      const opVooruitblik = q.deadlineVoor !== undefined || q.deadlineNa !== undefined || q.wachtOpMij !== undefined;
      const start = (q.pagina - 1) * q.paginaGrootte;
      let regels: CasusRegel[];
      let totaal: number;
      if (opVooruitblik) {
        // Filters on what comes next need it for every visible casus; otherwise only the page's are computed.
        regels = (await metVooruitblik(db, policy, zichtbaar)).filter((r) => {
          const d = r.vooruitblik?.deadline ?? null;
          if (q.wachtOpMij !== undefined && r.wachtOpMij !== q.wachtOpMij) return false;
          if (q.deadlineVoor !== undefined && (d === null || compareDates(d, q.deadlineVoor) >= 0)) return false;
          return !(q.deadlineNa !== undefined && (d === null || compareDates(d, q.deadlineNa) <= 0));
        });
        totaal = regels.length;
        regels = regels.slice(start, start + q.paginaGrootte);
      } else {
        totaal = zichtbaar.length;
        zichtbaar = zichtbaar.slice(start, start + q.paginaGrootte);
        regels = await metVooruitblik(db, policy, zichtbaar);
      }
      res.json({ casussen: regels.map(casusRegelView), pagina: q.pagina, paginaGrootte: q.paginaGrootte, totaal });
    }),
  );

  router.get(
    '/werkvoorraad',
    endpoint('werkvoorraad.raadplegen', async (req, res) => {
      const actor = await authenticate(req);
      await autoriseer(db, 'werkvoorraad.raadplegen', { actor });
      parseInput(werkvoorraadQuery, req.query);
      const vandaag = dutchCalendarDate(new Date());
      const werk: Werk[] = [];

      if (mag('casus.overzicht', actor)) {
        const open = await zichtbareCasussen(db, actor, policy, { fase: { notIn: alleenAdministratief.slice() } });
        for (const r of await metVooruitblik(db, policy, open)) {
          if (!r.wachtOpMij || r.vooruitblik === null) continue;
          const { id, casusnummer } = r.record;
          werk.push({
            soort: r.vooruitblik.stap,
            deadline: r.vooruitblik.deadline,
            verwijzing: `${API_BASISPAD}/casussen/${id}`,
            casusId: id,
            casusnummer,
          });
        }
      }
      if (mag('informatieverzoek.inzien', actor)) {
        const verzoeken = await db.informatieverzoek.findMany({
          where: {
            aanDeelnemerId: actor.deelnemerId,
            beantwoordOp: null,
            casus: { fase: { in: ['TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG'] } },
          },
          select: { id: true, termijnOp: true, casus: { select: { id: true, casusnummer: true } } },
        });
        for (const v of verzoeken) {
          werk.push({
            soort: 'INFORMATIEVERZOEK',
            deadline: v.termijnOp === null ? null : dutchCalendarDate(v.termijnOp),
            verwijzing: `${API_BASISPAD}/informatieverzoeken/${v.id}`,
            casusId: v.casus.id,
            casusnummer: v.casus.casusnummer,
          });
        }
      }
      if (mag('topx.gegevens.verstrekken', actor)) {
        const verzoeken = await db.topxInformatieverzoek.findMany({
          where: { aanDeelnemerId: actor.deelnemerId, status: 'VASTGESTELD', beantwoordOp: null },
          select: { id: true },
        });
        for (const v of verzoeken) {
          werk.push({
            soort: 'TOPX_INFORMATIEVERZOEK',
            deadline: null,
            verwijzing: `${API_BASISPAD}/topx-informatieverzoeken/${v.id}`,
          });
        }
      }
      if (mag('avgverzoek.consulteren', actor)) {
        const consultaties = await db.avgConsultatie.findMany({
          where: {
            deelnemerId: actor.deelnemerId,
            beantwoordOp: null,
            vervallenOp: null,
            verzoek: { afgerondOp: null },
          },
          select: { verzoekId: true, termijn: true, verzoek: { select: { verzoeknummer: true } } },
        });
        for (const c of consultaties) {
          werk.push({
            soort: 'AVG_CONSULTATIE',
            deadline: dateOfColumn(c.termijn),
            verwijzing: `${API_BASISPAD}/avg-verzoeken/${c.verzoekId}/consultatie-antwoord`,
            nummer: c.verzoek.verzoeknummer,
          });
        }
      }
      if (mag('informatieplicht.afhandelen', actor)) {
        const plichten = await db.informatieplicht.findMany({
          where: { status: { in: ['OPEN', 'UITGESTELD'] } },
          select: {
            id: true,
            status: true,
            deadline: true,
            hertoetsingOp: true,
            casus: { select: { id: true, casusnummer: true } },
          },
        });
        for (const p of plichten) {
          const op = p.status === 'UITGESTELD' && p.hertoetsingOp !== null ? p.hertoetsingOp : p.deadline;
          werk.push({
            soort: 'INFORMATIEPLICHT',
            deadline: dateOfColumn(op),
            verwijzing: `${API_BASISPAD}/informatieplicht/${p.id}`,
            casusId: p.casus.id,
            casusnummer: p.casus.casusnummer,
          });
        }
      }
      if (mag('avgverzoek.behandelen', actor)) {
        const verzoeken = await db.avgVerzoek.findMany({
          where: { fase: { in: ['IN_BEHANDELING', 'UAVG41_HERBEOORDELING'] } },
          select: { id: true, verzoeknummer: true, deadline: true },
        });
        for (const v of verzoeken) {
          werk.push({
            soort: 'AVG_VERZOEK',
            deadline: dateOfColumn(v.deadline),
            verwijzing: `${API_BASISPAD}/avg-verzoeken/${v.id}`,
            nummer: v.verzoeknummer,
          });
        }
      }
      if (mag('datalek.behandelen', actor)) {
        const lekken = await db.datalek.findMany({
          where: { afgeslotenOp: null },
          select: {
            id: true,
            nummer: true,
            ontdektOp: true,
            besluiten: {
              where: { status: 'VASTGESTELD', soort: { in: ['BEOORDELING', 'AP_MELDING'] } },
              select: { id: true },
            },
          },
        });
        for (const l of lekken) {
          // AVG 33: within 72 hours of its discovery the breach is assessed (and reported to the AP where it must be).
          const beoordeeld = l.besluiten.length > 0;
          const deadline = beoordeeld
            ? null
            : dutchCalendarDate(new Date(l.ontdektOp.getTime() + DATALEK_MELDTERMIJN_MS));
          werk.push({ soort: 'DATALEK', deadline, verwijzing: `${API_BASISPAD}/datalekken/${l.id}`, nummer: l.nummer });
        }
      }
      if (mag('klacht.behandelen', actor)) {
        const klachten = await db.klacht.findMany({
          where: { afgehandeldOp: null },
          select: { id: true, nummer: true, deadline: true },
        });
        for (const k of klachten)
          werk.push({
            soort: 'KLACHT',
            deadline: dateOfColumn(k.deadline),
            verwijzing: `${API_BASISPAD}/klachten/${k.id}`,
            nummer: k.nummer,
          });
      }
      if (mag('klacht.reageren', actor)) {
        // Afspr. 14.9: a deelnemer the klacht names, until it reacted; by the date its notice named.
        const klachten = await db.klacht.findMany({
          where: {
            afgehandeldOp: null,
            deelnemerIds: { has: actor.deelnemerId },
            handelingen: { none: { soort: 'REACTIE', deelnemerId: actor.deelnemerId } },
          },
          select: { id: true, nummer: true, deadline: true },
        });
        for (const k of klachten)
          werk.push({
            soort: 'KLACHT_REACTIE',
            deadline: addDays(dateOfColumn(k.deadline), -policy.klachtHerinneringDagen),
            verwijzing: `${API_BASISPAD}/klachten/${k.id}/reactie`,
            nummer: k.nummer,
          });
      }
      if (mag('legalhold.beheren', actor)) {
        const tot = new Date(Date.now() + ARCHIVERING_VOORUIT_DAGEN * DAY_MS);
        const archief = await db.casus.findMany({
          where: { gearchiveerdOp: null, archiefDatum: { not: null, lte: tot } },
          select: { id: true, casusnummer: true, archiefDatum: true },
        });
        for (const c of archief) {
          const deadline = c.archiefDatum === null ? null : dateOfColumn(c.archiefDatum);
          // The archiefbeheerder sees no casus content: the admin set only, to plan the transfer and holds.
          werk.push({ soort: 'ARCHIVERING', deadline, casusId: c.id, casusnummer: c.casusnummer });
        }
        const holds = await db.legalHold.findMany({
          where: { opgehevenOp: null },
          select: { id: true, casusId: true },
        });
        for (const h of holds) {
          werk.push({
            soort: 'LEGAL_HOLD',
            deadline: null,
            verwijzing: `${API_BASISPAD}/legal-holds/${h.id}/opheffing`,
            ...(h.casusId ? { casusId: h.casusId } : {}),
          });
        }
      }

      werk.sort(eerstVolgend);
      const aantallen: Partial<Record<Werksoort, number>> = {};
      for (const w of werk) aantallen[w.soort] = (aantallen[w.soort] ?? 0) + 1;
      const teLaat = (w: Werk) => w.deadline !== null && compareDates(w.deadline, vandaag) < 0;
      res.json({
        vandaag,
        aantallen,
        teLaat: werk.filter(teLaat).length,
        werk: werk.map((w) => ({ ...w, teLaat: teLaat(w) })),
      });
    }),
  );

  return router;
}
