import type { Request } from 'express';
import { z } from 'zod';
import {
  beleid,
  inzageVoor,
  type Actie,
  type AutorisatieContext,
  type Inzage,
  type Relatie,
} from '../domain/autorisatie';
import type { Actor, CasusFase } from '../domain/casus';
import { magGegevenZien, relatieVolgensToegang, type CasusToegang } from '../domain/casusproces';
import type { Policy } from '../domain/policy';
import { logAudit } from '../infra/audit';
import { dateOfColumn } from '../infra/calendar';
import type { Db } from '../infra/db';
import type { Prisma } from '../generated/prisma/client';
import { autoriseer, onbekendeCasus } from './authorize';
import { parseInput } from './problem';

/** The designations in force, with the deelnemer each medewerker acts for. */
const aanwijzingenInForce = {
  where: { ingetrokkenOp: null },
  select: { medewerkerId: true, medewerker: { select: { deelnemerId: true } } },
} satisfies Prisma.Casus$aanwijzingenArgs;

const aanwijzingView = (a: { medewerkerId: string; medewerker: { deelnemerId: string } }) => ({
  medewerkerId: a.medewerkerId,
  deelnemerId: a.medewerker.deelnemerId,
});

export const casusInclude = {
  betrokkenen: { orderBy: { rol: 'asc' } },
  criteriumBeoordelingen: { orderBy: [{ createdAt: 'asc' }, { criterium: 'asc' }] },
  besluiten: { orderBy: { createdAt: 'asc' } },
  deelnemers: { orderBy: { deelnemerId: 'asc' } },
  verlengingen: { orderBy: { datum: 'asc' } },
  verlengingsakkoorden: { orderBy: { deelnemerId: 'asc' } },
  // The plan in force: the latest version the workflow accepted.
  plannen: { where: { besluit: { status: 'VASTGESTELD' } }, orderBy: { besluit: { vastgesteldOp: 'desc' } }, take: 1 },
  incidenteleDeelnemers: {
    where: { besluit: { status: 'VASTGESTELD' } },
    orderBy: { besluitId: 'asc' },
    include: { verstrekkingen: { orderBy: { verstrektOp: 'asc' } } },
  },
  informatieverzoeken: { orderBy: { createdAt: 'asc' } },
  gegevens: { orderBy: { createdAt: 'asc' } },
  procesregisseur: { select: { id: true, naam: true } },
  aanwijzingen: aanwijzingenInForce,
  // Prot. 16.2: when and how each person was informed is known to the parties in the casus (never the reasons).
  informatieplichten: {
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { betrokkeneId: true, moment: true, ronde: true, status: true, verstrektOp: true, kanaal: true },
  },
} satisfies Prisma.CasusInclude;

type CasusRecord = Prisma.CasusGetPayload<{ include: typeof casusInclude }>;

// Lower case: Postgres matches a UUID in any case, the workflow id `casus-<uuid>` only in the case it was made with.
export const casusIdParam = z.object({ id: z.uuid().toLowerCase() });

/**
 * From the afsluiting on, and from a rejection (a casus closed at once), only the admin set is visible to anyone:
 * "Casus afsluiten en gegevens afschermen" (003 Bijlage 1 stap 6); the content stays hidden (`afgeschermd: true`).
 */
export const alleenAdministratief: readonly CasusFase[] = [
  'AFGESCHAALD',
  'NIET_IN_BEHANDELING',
  'AFGESCHERMD',
  'GEARCHIVEERD',
  'GEANONIMISEERD',
];

const datum = (d: Date | null) => (d === null ? null : dateOfColumn(d));

const adminSet = (c: CasusRecord) => ({
  id: c.id,
  casusnummer: c.casusnummer,
  fase: c.fase,
  aanmelder: { deelnemerId: c.aanmelderDeelnemerId },
  casusregisseur: c.plannen[0] ? { deelnemerId: c.plannen[0].casusregisseurDeelnemerId } : null,
  procesregisseur: c.procesregisseur ? { medewerkerId: c.procesregisseur.id, naam: c.procesregisseur.naam } : null,
  aanmeldDatum: c.aanmeldDatum.toISOString(),
  afsluitDatum: datum(c.afsluitDatum),
  archiefDatum: datum(c.archiefDatum),
});

const betrokkenenView = (c: CasusRecord) =>
  c.betrokkenen.map((b) => ({
    id: b.id,
    rol: b.rol,
    voornamen: b.voornamen,
    achternaam: b.achternaam,
    geboortedatum: datum(b.geboortedatum),
    bsn: b.bsn,
    informatieplicht: c.informatieplichten
      .filter((p) => p.betrokkeneId === b.id)
      .map((p) => ({
        moment: p.moment,
        ronde: p.ronde,
        status: p.status,
        verstrektOp: datum(p.verstrektOp),
        kanaal: p.kanaal,
      })),
  }));
const verzoekView = (v: CasusRecord['informatieverzoeken'][number]) => ({
  id: v.id,
  aanDeelnemerId: v.aanDeelnemerId,
  namensDeelnemerId: v.namensDeelnemerId,
  taak: v.taak,
  doel: v.doel,
  reden: v.reden,
  gevraagdOp: v.createdAt.toISOString(),
});
const gegevenView = (g: CasusRecord['gegevens'][number]) => ({
  id: g.id,
  verzoekId: g.verzoekId,
  leverancierDeelnemerId: g.leverancierDeelnemerId,
  grondslag: g.grondslag,
  categorie: g.categorie,
  bronvermelding: g.bronvermelding,
  inhoud: g.inhoud,
  voorwaarden: {
    nietVoorCasusoverleg: g.nietVoorCasusoverleg,
    nietAanDeelnemers: g.nietAanDeelnemers,
    nietAanDerden: g.nietAanDerden,
  },
  vervaltOp: datum(g.vervaltOp),
  beroepsgeheim: g.beroepsgeheim,
  betrokkeneIds: g.betrokkeneIds,
  beperktOp: g.beperktOp?.toISOString() ?? null,
  verwijderdOp: g.verwijderdOp?.toISOString() ?? null,
});

/** A provider's view (domain/casusproces.ts inzageVoor): whom it concerns, what was asked of it, what it provided. */
const eigenBijdrageView = (c: CasusRecord, actor: Actor) => ({
  ...adminSet(c),
  afgeschermd: false,
  inzage: 'EIGEN_BIJDRAGE' as const,
  betrokkenen: betrokkenenView(c),
  informatieverzoeken: c.informatieverzoeken.filter((v) => v.aanDeelnemerId === actor.deelnemerId).map(verzoekView),
  gegevens: c.gegevens
    .filter((g) => g.leverancierDeelnemerId === actor.deelnemerId && g.beperktOp === null)
    .map(gegevenView),
});

/** What the aanmelding and the triage hold: what the deciders of intake and final assessment see (BEOORDELING). */
const beoordelingView = (c: CasusRecord, actor: Actor, inzage?: Inzage) => ({
  ...adminSet(c),
  afgeschermd: alleenAdministratief.includes(c.fase),
  wettelijkeTaak: c.wettelijkeTaak,
  vorigeCasusId: c.vorigeCasusId,
  betrokkenen: betrokkenenView(c),
  criteriumBeoordelingen: c.criteriumBeoordelingen.map((k) => ({
    moment: k.moment,
    criterium: k.criterium,
    mate: k.mate,
    toelichting: k.toelichting,
    besluitId: k.besluitId,
  })),
  besluiten: c.besluiten.map((b) => ({
    id: b.id,
    soort: b.soort,
    uitkomst: b.uitkomst,
    status: b.status,
    motivering: b.motivering,
    deelnemerId: b.deelnemerId,
    vastgesteldOp: b.vastgesteldOp?.toISOString() ?? null,
    weigerreden: b.weigerreden,
  })),
  informatieverzoeken: c.informatieverzoeken.map(verzoekView),
  // WGS 2.29: each item only to whom its provider's voorwaarden allow; the others are not even counted. The FG's
  // investigation sees every item (AVG 38 lid 2: access to all personal data and processing).
  gegevens: c.gegevens.filter((g) => inzage === 'TOEZICHT' || magGegevenZien(g, actor)).map(gegevenView),
});

/** The API's representation of a casus: explicit, so that new columns are never exposed by accident. */
export const casusView = (c: CasusRecord, actor: Actor, inzage: Inzage) =>
  alleenAdministratief.includes(c.fase) && inzage !== 'TOEZICHT'
    ? { ...adminSet(c), afgeschermd: true }
    : inzage === 'EIGEN_BIJDRAGE'
      ? eigenBijdrageView(c, actor)
      : inzage === 'BEOORDELING'
        ? { ...beoordelingView(c, actor), inzage }
        : {
            ...beoordelingView(c, actor, inzage),
            inzage,
            geselecteerdeDeelnemers: c.deelnemers.map((d) => d.deelnemerId),
            aangewezenMedewerkers: c.aanwijzingen.map(aanwijzingView),
            verlengingen: c.verlengingen.map((v) => ({
              datum: datum(v.datum),
              situatie: v.situatie,
              akkoordVan: v.akkoordVan,
              heropening: datum(v.heropening),
            })),
            // Agreements given for the next verlenging (POST …/verlengingsakkoorden), not yet used.
            verlengingsakkoorden: c.verlengingsakkoorden.map((a) => ({
              deelnemerId: a.deelnemerId,
              medewerkerId: a.medewerkerId,
              gegevenOp: a.gegevenOp.toISOString(),
            })),
            planVanAanpak: planView(c.plannen[0]),
            incidenteleDeelnemers: c.incidenteleDeelnemers.map((i) => ({
              id: i.besluitId,
              organisatie: i.organisatie,
              contactpersoon: i.contactpersoon,
              reden: i.reden,
              geheimhoudingsverklaring: {
                getekendOp: datum(i.geheimhoudingGetekendOp),
                getekendDoor: i.geheimhoudingGetekendDoor,
              },
              verstrekkingen: i.verstrekkingen.map((v) => ({
                id: v.id,
                omschrijving: v.omschrijving,
                kanaal: v.kanaal,
                gegevenIds: v.gegevenIds,
                deelnemerId: v.deelnemerId,
                verstrektOp: v.verstrektOp.toISOString(),
              })),
            })),
          };

const planView = (p: CasusRecord['plannen'][number] | undefined) =>
  p === undefined
    ? null
    : {
        besluitId: p.besluitId,
        toestandsbeeld: p.toestandsbeeld,
        interventies: p.interventies,
        informatiebehoeften: p.informatiebehoeften,
        casusregisseurDeelnemerId: p.casusregisseurDeelnemerId,
        afschalingscriteria: p.afschalingscriteria,
        // Afspr. 8.2: without an agreement the gezamenlijk verwerkingsverantwoordelijken inform the betrokkene.
        informeertBetrokkene: p.informeertBetrokkeneDeelnemerId ?? 'GEZAMENLIJK_VERWERKINGSVERANTWOORDELIJKEN',
        evaluatiedatum: datum(p.evaluatiedatum),
      };

/** What a query must select of a casus to know its access set (relatieMet). */
export const relatieSelect = {
  fase: true,
  aanmelderDeelnemerId: true,
  procesregisseurMedewerkerId: true,
  deelnemers: { select: { deelnemerId: true } },
  informatieverzoeken: { select: { aanDeelnemerId: true } },
  gegevens: { select: { leverancierDeelnemerId: true } },
  // The casusregisseur of the plan in force (casusInclude's plannen).
  plannen: {
    where: { besluit: { status: 'VASTGESTELD' } },
    orderBy: { besluit: { vastgesteldOp: 'desc' } },
    take: 1,
    select: { casusregisseurDeelnemerId: true },
  },
  aanwijzingen: aanwijzingenInForce,
} satisfies Prisma.CasusSelect;

type ToegangRecord = Prisma.CasusGetPayload<{ select: typeof relatieSelect }>;

/** The ZVH's choices the read rule depends on (domain/policy.ts). */
export type Toegangsbeleid = Pick<Policy, 'toegangPer' | 'procesregisseurBeoordeelt'>;

/** A casus' access set as Postgres records it (domain/casusproces.ts CasusToegang), from one query. */
export const toegangVan = (casus: ToegangRecord): CasusToegang => ({
  aanmelderDeelnemerId: casus.aanmelderDeelnemerId,
  geselecteerdeDeelnemers: casus.deelnemers.map((d) => d.deelnemerId),
  leveranciers: [
    ...casus.informatieverzoeken.map((v) => v.aanDeelnemerId),
    ...casus.gegevens.map((g) => g.leverancierDeelnemerId),
  ],
  casusregisseurDeelnemerId: casus.plannen[0]?.casusregisseurDeelnemerId ?? null,
  procesregisseurMedewerkerId: casus.procesregisseurMedewerkerId,
  aanwijzingen: casus.aanwijzingen.map(aanwijzingView),
});

type CasusContext = AutorisatieContext & { relatie: Relatie };

/** The policy's context for the actor in a casus: its phase, its relation under the access set, the ZVH's choices. */
export const relatieMet = (casus: ToegangRecord, actor: Actor, zvh: Toegangsbeleid): CasusContext => ({
  actor,
  fase: casus.fase,
  relatie: relatieVolgensToegang(actor, toegangVan(casus), zvh.toegangPer),
  procesregisseurBeoordeelt: zvh.procesregisseurBeoordeelt,
});

/**
 * Casus `id` for `actie`: the policy asked in its phase and for the actor's relation (a refusal logged); 404 if none,
 * and for a casus the actor may not see (api/authorize.ts), so that 403 and 404 do not tell the two apart.
 */
export async function casusVoorActie(db: Db, id: string, actor: Actor, actie: Actie, toegang: Toegangsbeleid) {
  const casus = await db.casus.findUnique({ where: { id }, select: { id: true, ...relatieSelect } });
  if (!casus) throw onbekendeCasus(id);
  const ctx = relatieMet(casus, actor, toegang);
  await autoriseer(db, actie, ctx, id);
  return { ...casus, relatie: ctx.relatie, ctx };
}

/** Reads a casus for the actor: need-to-know per the policy, and every read logged (WGS 1.8). */
export async function loadCasus(db: Db, req: Request, actor: Actor, toegang: Toegangsbeleid) {
  const casus = await vindCasus(db, req);
  const ctx = relatieMet(casus, actor, toegang);
  const inzage = inzageVoor(ctx);
  if (inzage === null) {
    // `casus.raadplegen` refuses exactly when there is nothing to see: logged, and the 404 of an unknown id.
    await autoriseer(db, 'casus.raadplegen', ctx, casus.id);
    throw onbekendeCasus(casus.id);
  }
  return leesVoor(db, casus, actor, inzage);
}

/**
 * The answer to a decision: the casus as the decider may read it, else only its admin set (no personal data, so no
 * read to log) — a systeembeheerder lifting an afscherming, for one, need not read the content.
 */
export async function casusNaBesluit(db: Db, req: Request, actor: Actor, toegang: Toegangsbeleid) {
  const casus = await vindCasus(db, req);
  const inzage = inzageVoor(relatieMet(casus, actor, toegang));
  return inzage === null ? { ...adminSet(casus), afgeschermd: true } : leesVoor(db, casus, actor, inzage);
}

async function vindCasus(db: Db, req: Request): Promise<CasusRecord> {
  const { id } = parseInput(casusIdParam, req.params);
  const casus = await db.casus.findUnique({ where: { id }, include: casusInclude });
  if (!casus) throw onbekendeCasus(id);
  return casus;
}

/** The casus as the policy lets the actor see it, the read logged (with the inzage unless VOLLEDIG). */
export async function leesVoor(db: Db, casus: CasusRecord, actor: Actor, inzage: Inzage) {
  await logAudit(db, {
    medewerkerId: actor.medewerkerId,
    deelnemerId: actor.deelnemerId,
    actie: 'casus.raadplegen',
    casusId: casus.id,
    grondslag: beleid['casus.raadplegen'].grondslag,
    uitkomst: 'TOEGESTAAN',
    ...(inzage === 'VOLLEDIG' ? {} : { detail: { inzage } }),
  });
  return casusView(casus, actor, inzage);
}
