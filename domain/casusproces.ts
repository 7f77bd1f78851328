import { z } from 'zod';
import type { Actie, Relatie } from './autorisatie';
import { archiefdatum, archiveringVanaf, type ArchiefdatumResultaat, type Verlenging } from './bewaartermijn';
import {
  afgeslotenFasen,
  criteriaSchema,
  deelnemerIdSchema,
  eenRegel,
  tekst,
  type Actor,
  type CasusFase,
} from './casus';
import { addDays, addMonths, compareDates, isoDateSchema, type IsoDate } from './dates';
import type { Policy } from './policy';

/**
 * The casus process after aanmelding (WGS 2.31; SPEC §2 and §5) as pure rules: which decisions exist, who may take
 * them (via the policy action), the phase each leads to, and what the process waits for next. The casus workflow,
 * its activities and the API all use these, so the process has one definition.
 */

/** The decisions of overheidsdeelnemers. Mirrors the BesluitSoort enum of prisma/schema.prisma. */
export const besluitSoorten = [
  'INTAKE',
  'EINDBEOORDELING',
  'SELECTIE',
  'UITNODIGING_INCIDENTEEL',
  'PLAN_VAN_AANPAK',
  'AFSLUITING',
  'HEROPENING',
  'OPHEFFING_AFSCHERMING',
  'VERLENGING',
] as const;
export type BesluitSoort = (typeof besluitSoorten)[number];

interface BesluitRegel {
  /** The policy action that says who may take the decision and in which phases. */
  actie: Actie;
  /** The possible outcomes and the phase each leads to (undefined: the phase stays). */
  uitkomsten: Record<string, CasusFase | undefined>;
}

export const besluitRegels = {
  INTAKE: {
    actie: 'casus.intakebesluit',
    uitkomsten: { IN_BEHANDELING: 'TRIAGE', NIET_IN_BEHANDELING: 'NIET_IN_BEHANDELING' },
  },
  EINDBEOORDELING: {
    actie: 'casus.eindbeoordeling',
    uitkomsten: { VOLDAAN: 'SELECTIE_DEELNEMERS', NIET_VOLDAAN: 'NIET_IN_BEHANDELING' },
  },
  SELECTIE: { actie: 'casus.selectie', uitkomsten: { GESELECTEERD: 'CASUSOVERLEG' } },
  UITNODIGING_INCIDENTEEL: { actie: 'casus.incidenteel.uitnodigen', uitkomsten: { UITGENODIGD: undefined } },
  PLAN_VAN_AANPAK: { actie: 'casus.planvanaanpak', uitkomsten: { VASTGESTELD: undefined } },
  AFSLUITING: { actie: 'casus.afsluiten', uitkomsten: { AFGESLOTEN: 'AFGESCHAALD' } },
  HEROPENING: { actie: 'casus.heropenen', uitkomsten: { HEROPEND: 'CASUSOVERLEG' } },
  OPHEFFING_AFSCHERMING: { actie: 'casus.afscherming.opheffen', uitkomsten: { HEROPEND: 'CASUSOVERLEG' } },
  VERLENGING: { actie: 'casus.verlengen', uitkomsten: { VERLENGD: undefined } },
} as const satisfies Record<BesluitSoort, BesluitRegel>;

export type Uitkomst<S extends BesluitSoort> = keyof (typeof besluitRegels)[S]['uitkomsten'] & string;

/** The phase a casus in `fase` moves to when a besluit of `soort` with `uitkomst` is accepted. */
export function faseNaBesluit(soort: BesluitSoort, uitkomst: string, fase: CasusFase): CasusFase {
  const uitkomsten: Record<string, CasusFase | undefined> = besluitRegels[soort].uitkomsten;
  if (!(uitkomst in uitkomsten)) throw new Error(`unknown uitkomst ${uitkomst} for besluit ${soort}`);
  return uitkomsten[uitkomst] ?? fase;
}

/** Who is involved in a casus, by deelnemer id (ids only: this travels through Temporal). */
export interface Betrokkenheid {
  aanmelderDeelnemerId: string;
  geselecteerdeDeelnemers: readonly string[];
  /** Deelnemers asked for data items in the triage or that provided some (absent in contexts from before). */
  leveranciers?: readonly string[];
  /** The deelnemer of the casusregisseur in the plan van aanpak in force (absent in contexts from before). */
  casusregisseurDeelnemerId?: string | null;
}

/** The acting deelnemer's relation to the casus, whichever medewerker acts (what the workflow validators judge). */
export function relatieTot(actor: Actor, betrokkenheid: Betrokkenheid): Relatie {
  const { aanmelderDeelnemerId, geselecteerdeDeelnemers, leveranciers = [], casusregisseurDeelnemerId } = betrokkenheid;
  if (actor.deelnemerId === aanmelderDeelnemerId) return 'AANMELDER';
  if (geselecteerdeDeelnemers.includes(actor.deelnemerId)) return 'GESELECTEERD';
  if (actor.deelnemerId === casusregisseurDeelnemerId) return 'CASUSREGISSEUR';
  return leveranciers.includes(actor.deelnemerId) ? 'LEVERANCIER' : 'GEEN';
}

/**
 * Need-to-know within a deelnemer (Handvat 4.5 lid 4: "tot op het individuele medewerker niveau"): only its
 * medewerkers designated for the casus (MEDEWERKER, the default), or every medewerker of a deelnemer in the casus
 * (DEELNEMER, a ZVH's choice: policy ZVH_TOEGANG_PER). Mirrors nothing in Postgres: a policy value.
 */
export const toegangsniveaus = ['MEDEWERKER', 'DEELNEMER'] as const;
export type Toegangsniveau = (typeof toegangsniveaus)[number];

/** A medewerker designated for a casus by its own deelnemer. */
export interface Aanwijzing {
  medewerkerId: string;
  deelnemerId: string;
}

/** A casus' access set as Postgres records it: who is involved, who holds the procesregie, who is designated. */
export interface CasusToegang extends Betrokkenheid {
  procesregisseurMedewerkerId: string | null;
  /** The designations in force (withdrawn ones excluded). */
  aanwijzingen: readonly Aanwijzing[];
}

/** Relations whose medewerkers see the whole casus, hence must be designated for it (per medewerker). */
const relatiesMetAanwijzing: readonly Relatie[] = ['AANMELDER', 'GESELECTEERD', 'CASUSREGISSEUR'];

/**
 * The actor's relation under the casus' access set, what `beoordeel` and `inzageVoor` (domain/autorisatie.ts) judge:
 * its deelnemer's relation if that sees the whole casus and the medewerker is designated (or the ZVH authorises per
 * deelnemer); else PROCESREGIE for the procesregisseur of the casus; else a provider's relation (LEVERANCIER: a
 * request is addressed to the deelnemer, whoever answers it), else none. The workflow validators judge the
 * deelnemer's relation (relatieTot); a medewerker not designated is refused by the API before a proposal is stored.
 */
export function relatieVolgensToegang(actor: Actor, toegang: CasusToegang, niveau: Toegangsniveau): Relatie {
  const relatie = relatieTot(actor, toegang);
  const volledig = relatiesMetAanwijzing.includes(relatie);
  if (volledig && (niveau === 'DEELNEMER' || isAangewezen(actor, toegang))) return relatie;
  if (actor.medewerkerId === toegang.procesregisseurMedewerkerId) return 'PROCESREGIE';
  if (!volledig) return relatie;
  return toegang.leveranciers?.includes(actor.deelnemerId) ? 'LEVERANCIER' : 'GEEN';
}

const isAangewezen = (actor: Actor, { aanwijzingen }: CasusToegang) =>
  aanwijzingen.some((a) => a.medewerkerId === actor.medewerkerId && a.deelnemerId === actor.deelnemerId);

/**
 * Whether the actor may designate or withdraw `doel` (policy action casus.medewerker.aanwijzen judges the deelnemer):
 * only a medewerker of its own deelnemer, and only if the actor is designated itself — or, while its deelnemer has
 * nobody designated in the casus yet (just selected, or named casusregisseur), as the first. The reason otherwise.
 */
export function aanwijzingWeigering(actor: Actor, doel: Aanwijzing, toegang: CasusToegang): string | null {
  if (doel.deelnemerId !== actor.deelnemerId) return 'een deelnemer wijst alleen zijn eigen medewerkers aan';
  const eigen = toegang.aanwijzingen.some((a) => a.deelnemerId === actor.deelnemerId);
  if (eigen && !isAangewezen(actor, toegang)) {
    return "alleen een voor deze casus aangewezen medewerker wijst collega's aan of trekt hen in";
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Request bodies of the decisions (the intake's is intakeBesluitSchema in ./casus)

const motivering = tekst(4000);
const deelnemerIds = z
  .array(deelnemerIdSchema)
  .min(1)
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, 'elke deelnemer mag maar één keer voorkomen');

/** POST /casussen/:id/eindbeoordeling: the final criteria assessment after triage (WGS 2.31 lid 3; BGS 2.20 lid 3). */
export const eindbeoordelingSchema = z.strictObject({
  uitkomst: z.enum(['VOLDAAN', 'NIET_VOLDAAN']),
  criteria: criteriaSchema,
  motivering: motivering.optional(),
});

/** POST /casussen/:id/selectie: the vaste deelnemers needed for the casusoverleg (WGS 2.31 lid 4). */
export const selectieSchema = z.strictObject({ deelnemers: deelnemerIds, motivering: motivering.optional() });

/** POST /casussen/:id/informatieverzoeken: to one named deelnemer, on whose behalf, for which task, purpose and why. */
export const informatieverzoekSchema = z.strictObject({
  aanDeelnemerId: deelnemerIdSchema,
  namensDeelnemerId: deelnemerIdSchema,
  taak: tekst(500),
  doel: tekst(1000),
  reden: tekst(2000),
});

export const gegevensCategorieen = [
  'GEWOON',
  'BIJZONDER',
  'STRAFRECHTELIJK',
  'WVGGZ',
  'WZD',
  'POLITIE',
  'JUSTITIEEL',
] as const;
export type GegevensCategorie = (typeof gegevensCategorieen)[number];

/**
 * The professional secrecy an item falls under (BGS 1.10; WGS 2.29 lid 2), recorded by its provider: the medical
 * secrecy of the Wgbo / Wet BIG (also the gezondheidswerker's), or the jeugdhulpverlener's under the Jeugdwet. Not
 * the same as the category: health data from the police is BIJZONDER without being under medical secrecy, and
 * jeugdhulp data need not be health data at all. Mirrors the Beroepsgeheim enum of prisma/schema.prisma.
 */
export const beroepsgeheimen = ['GEEN', 'MEDISCH', 'JEUGDHULP'] as const;
export type Beroepsgeheim = (typeof beroepsgeheimen)[number];

/**
 * Police and OM document every provision of their data (Wpg 32, Wjsg 39j; Prot. art. 8) and keep that record for
 * at least 4 years; the system keeps it for them (infra/documentatieplicht.ts).
 */
export const documentatieWetVan = (categorie: GegevensCategorie): 'WPG_32' | 'WJSG_39J' | null =>
  categorie === 'POLITIE' ? 'WPG_32' : categorie === 'JUSTITIEEL' ? 'WJSG_39J' : null;
export const DOCUMENTATIE_BEWAARJAREN = 4;

/** POST /casussen/:id/gegevens: a data item with its ground, category and the provider's voorwaarden (WGS 2.29). */
export const gegevenSchema = z
  .strictObject({
    verzoekId: z.uuid().toLowerCase().optional(),
    grondslag: tekst(500),
    categorie: z.enum(gegevensCategorieen),
    bronvermelding: tekst(500).optional(),
    inhoud: tekst(20_000),
    voorwaarden: z
      .strictObject({
        nietVoorCasusoverleg: z.boolean().default(false),
        nietAanDeelnemers: z.array(deelnemerIdSchema).max(50).default([]),
        nietAanDerden: z.boolean().default(false),
      })
      .default({ nietVoorCasusoverleg: false, nietAanDeelnemers: [], nietAanDerden: false }),
    /** Wvggz/Wzd data: the day its own law's term ends. */
    vervaltOp: isoDateSchema.optional(),
    beroepsgeheim: z.enum(beroepsgeheimen).default('GEEN'),
    /** The persons of the casus it is about (their ids in the casus); none named: the casus as a whole. */
    betrokkeneIds: z.array(z.uuid().toLowerCase()).max(50).default([]),
  })
  .refine((g) => g.categorie !== 'POLITIE' || g.bronvermelding !== undefined, {
    message: 'politiegegevens hebben een bronvermelding (Wpg)',
    path: ['bronvermelding'],
  })
  .refine((g) => g.categorie !== 'JUSTITIEEL' || g.bronvermelding !== undefined, {
    message: 'justitiële gegevens hebben een bronvermelding (Wjsg): het verstrekkende parket',
    path: ['bronvermelding'],
  })
  .refine((g) => !['WVGGZ', 'WZD'].includes(g.categorie) || g.vervaltOp !== undefined, {
    message: 'Wvggz- en Wzd-gegevens hebben hun eigen termijn (vervaltOp)',
    path: ['vervaltOp'],
  });

/** The provider's voorwaarden of an item, as they decide who may see it. */
export interface Voorwaarden {
  leverancierDeelnemerId: string;
  nietVoorCasusoverleg: boolean;
  nietAanDeelnemers: readonly string[];
  /** Restricted by a granted AVG-verzoek (AVG 18): shown to nobody, provided to nobody, until lifted. */
  beperktOp: Date | null;
}

/**
 * WGS 2.29: whether the actor may see a provided item. The provider always; "not to deelnemer X" excludes X;
 * "not for the casusoverleg" leaves it to the provider and the procesregisseur (who prepares the overleg). An item
 * whose processing a granted AVG-verzoek restricted (AVG 18) nobody: what is not shown cannot be provided either.
 */
export function magGegevenZien(g: Voorwaarden, actor: Actor): boolean {
  if (g.beperktOp !== null) return false;
  if (actor.deelnemerId === g.leverancierDeelnemerId) return true;
  if (g.nietAanDeelnemers.includes(actor.deelnemerId)) return false;
  if (g.nietVoorCasusoverleg) return actor.rollen.includes('procesregisseur');
  return true;
}

type VerstrekbaarGegeven = Voorwaarden & {
  categorie: GegevensCategorie;
  nietAanDerden: boolean;
  verwijderdOp: Date | null;
};

/**
 * Whether the actor may hand an item on to a derde (a RIEC): never an item whose provider said "not to derden", and
 * not what {@link weigeringAanIncidenteel} refuses. The reason otherwise.
 */
export function weigeringAanDerden(g: VerstrekbaarGegeven, actor: Actor): string | null {
  if (g.verwijderdOp === null && g.nietAanDerden) return 'de leverancier staat verstrekking aan derden niet toe';
  return weigeringAanIncidenteel(g, actor);
}

/**
 * Whether the actor may hand an item to an incidentele deelnemer. That is no derde: for the duration of the casus it
 * counts as a deelnemer (WGS 2.31 lid 10; 003 stap 5 "Let op"), so "not to derden" does not stop it. Never an item
 * whose content is gone; police and OM data only by their provider, since their secrecy follows the data (Wpg;
 * Wjsg) and a further provision is the provider's own decision. The reason otherwise.
 */
export function weigeringAanIncidenteel(g: VerstrekbaarGegeven, actor: Actor): string | null {
  if (g.verwijderdOp !== null) return 'het gegeven is verwijderd';
  if (documentatieWetVan(g.categorie) !== null && g.leverancierDeelnemerId !== actor.deelnemerId) {
    return 'politie- en justitiële gegevens geeft alleen de leverancier zelf verder';
  }
  return null;
}

/** POST /casussen/:id/incidentele-deelnemers (WGS 2.31 lid 9, 10): only with a signed geheimhoudingsverklaring (BGS 2.21). */
export const uitnodigingIncidenteelSchema = z.strictObject({
  organisatie: eenRegel(200),
  contactpersoon: eenRegel(200),
  reden: tekst(2000),
  geheimhoudingsverklaring: z.strictObject({ getekendOp: isoDateSchema, getekendDoor: eenRegel(200) }),
});

export const verstrekkingKanalen = ['CASUSOVERLEG', 'BEVEILIGDE_EMAIL', 'PAPIER', 'TELEFONISCH'] as const;

/** POST /casussen/:id/incidentele-deelnemers/:deelnemerId/verstrekkingen: what it received, and how. */
export const verstrekkingSchema = z.strictObject({
  omschrijving: tekst(4000),
  kanaal: z.enum(verstrekkingKanalen),
  /** The data items handed over: each must allow it (not "not to derden"). */
  gegevenIds: z.array(z.uuid().toLowerCase()).max(100).default([]),
});

/** POST /casussen/:id/plan-van-aanpak (WGS 2.31 lid 5, 6): a new version of the plan of the casusoverleg. */
export const planVanAanpakSchema = z.strictObject({
  toestandsbeeld: tekst(8000),
  interventies: z
    .array(z.strictObject({ omschrijving: tekst(2000), uitvoerderDeelnemerId: deelnemerIdSchema }))
    .min(1)
    .max(50),
  informatiebehoeften: tekst(4000).optional(),
  casusregisseurDeelnemerId: deelnemerIdSchema,
  afschalingscriteria: tekst(4000),
  /** Who informs the betrokkene (Afspr. 8.2); absent: the gezamenlijk verwerkingsverantwoordelijken. */
  informeertBetrokkeneDeelnemerId: deelnemerIdSchema.optional(),
  evaluatiedatum: isoDateSchema.optional(),
});
export type PlanVanAanpakInvoer = z.infer<typeof planVanAanpakSchema>;

/**
 * How a casus ended, as a structured outcome for the management information (Afspr. 1.15, 4.9: the effectiveness of
 * the processing). NIET_VASTGELEGD: an afsluiting from before the outcome was asked (the migration's default); it is
 * not accepted as input.
 */
export const afsluitUitkomsten = [
  'DOELEN_BEREIKT',
  'OVERGEDRAGEN',
  'GEEN_MEDEWERKING',
  'CRITERIA_VERVALLEN',
  'VERHUISD',
  'OVERLEDEN',
  'OVERIG',
] as const;
export const afsluitUitkomstenMetOud = [...afsluitUitkomsten, 'NIET_VASTGELEGD'] as const;
export type AfsluitUitkomst = (typeof afsluitUitkomstenMetOud)[number];

/** POST /casussen/:id/afsluiting (WGS 2.31 lid 8): normally when criteria a–d no longer hold. */
export const afsluitingSchema = z.strictObject({ uitkomst: z.enum(afsluitUitkomsten), motivering });

/** The structured outcome an accepted afsluiting carries in Besluit.gegevens. */
export const afsluitGegevensSchema = z.object({ afsluitUitkomst: z.enum(afsluitUitkomstenMetOud) });

/** POST /casussen/:id/heropening and /afscherming-opheffing: the reason is recorded (SPEC §2 table). */
export const heropeningSchema = z.strictObject({ reden: motivering });

/**
 * POST /casussen/:id/verlenging (BGS 1.16; SPEC §5): judged by magVerlengen in ./bewaartermijn. The agreement of each
 * deelnemer that provided data is not part of it: each gives its own (POST …/verlengingsakkoorden, 003 "pas worden
 * verlengd als de deelnemer die de gegevens heeft aangeleverd daarmee akkoord is").
 */
export const verlengingBesluitSchema = z.strictObject({
  reden: motivering,
  criteriaGeldenNog: z.boolean(),
  grootRisicoOpTerugval: z.boolean(),
  opdrachtVanDeelnemers: z.boolean(),
});
export type VerlengingBesluit = z.infer<typeof verlengingBesluitSchema>;

// ---------------------------------------------------------------------------------------------------------------
// What the process waits for

/** The dates that drive the process after intake, as recorded in Postgres. */
export interface CasusStand {
  fase: CasusFase;
  aanmelddatum: IsoDate;
  /** Set when the aanmelding was not taken in behandeling (intake or final assessment). */
  afgewezenOp: IsoDate | null;
  afsluitdatum: IsoDate | null;
  verlengingen: readonly Verlenging[];
  /** The plan van aanpak's evaluation date, while its reminder has not gone out. */
  evaluatiedatum?: IsoDate | null;
  /** In TRIAGE and SELECTIE_DEELNEMERS: since when the phase's decision is awaited, and what was sent about it. */
  wachtendBesluit?: WachtendBesluit | null;
  /** The earliest own term (Wvggz/Wzd) of a provided item whose content is still there. */
  gegevensVervallenOp?: IsoDate | null;
}

export interface WachtendBesluit {
  soort: 'EINDBEOORDELING' | 'SELECTIE';
  /** The day the casus entered the phase. */
  sinds: IsoDate;
  herinnerd: boolean;
  geescaleerd: boolean;
}

/** Which decision a phase awaits, with its lead time (policy; SPEC §7). */
export const wachtendBesluitIn = (fase: CasusFase): WachtendBesluit['soort'] | null =>
  fase === 'TRIAGE' ? 'EINDBEOORDELING' : fase === 'SELECTIE_DEELNEMERS' ? 'SELECTIE' : null;

type Termijnen = Pick<Policy, 'triageTermijnDagen' | 'selectieTermijnDagen' | 'escalatieDagen'>;

/** The deadline of an awaited decision and the day it is escalated. */
export function besluitTermijnen(
  { soort, sinds }: Pick<WachtendBesluit, 'soort' | 'sinds'>,
  policy: Termijnen,
): { deadline: IsoDate; escalatie: IsoDate } {
  const deadline = addDays(
    sinds,
    soort === 'EINDBEOORDELING' ? policy.triageTermijnDagen : policy.selectieTermijnDagen,
  );
  return { deadline, escalatie: addDays(deadline, policy.escalatieDagen) };
}

/** What the workflow does when its next date arrives. */
export type ProcesActie =
  | 'BESLUIT_HERINNEREN'
  | 'BESLUIT_ESCALEREN'
  | 'EVALUATIE_HERINNEREN'
  | 'GEGEVENS_VERWIJDEREN'
  | 'AFSCHERMEN'
  | 'ARCHIVEREN'
  | 'ANONIMISEREN';

/** Steps that destroy or anonymise: a legal hold postpones them (SPEC §5 moratorium). */
export const vernietigendeStappen: readonly ProcesActie[] = ['GEGEVENS_VERWIJDEREN', 'ARCHIVEREN', 'ANONIMISEREN'];

export interface VolgendeStap {
  actie: ProcesActie;
  /** The calendar day (Dutch) from which it is due. */
  op: IsoDate;
}

export function bewaartermijnVan(stand: CasusStand, policy: Pick<Policy, 'inzageTermijnJaren'>): ArchiefdatumResultaat {
  return archiefdatum({
    aanmelddatum: stand.aanmelddatum,
    afsluitdatum: stand.afsluitdatum,
    afgewezenOp: stand.afgewezenOp,
    verlengingen: [...stand.verlengingen],
    inzageTermijnJaren: policy.inzageTermijnJaren,
  });
}

/**
 * The next step of the process by the calendar: a reminder, then an escalation, when triage or selection take longer
 * than the policy's lead time; the plan van aanpak's evaluation reminder; removing Wvggz/Wzd items at their own term;
 * afgeschaald → afgeschermd after the nazorgfase, if that ends before the archiefdatum; and from the day after the
 * archiefdatum (archiveringVanaf) archiving, then anonymisation. A casus still open then (never decided at the
 * intake, or past its maximum without verlenging) is first afgeschermd, so that only the admin set stays visible
 * while a legal hold keeps it. Legal holds are applied where they are known (activities/casus.ts).
 */
export function volgendeStap(
  stand: CasusStand,
  policy: Pick<Policy, 'inzageTermijnJaren' | 'afgeschaaldMaanden'> & Termijnen,
): VolgendeStap | null {
  if (stand.fase === 'GEANONIMISEERD') return null;
  const { archiefdatum } = bewaartermijnVan(stand, policy);
  const vanaf = archiveringVanaf(archiefdatum);
  if (stand.fase === 'GEARCHIVEERD') return { actie: 'ANONIMISEREN', op: vanaf };
  const kandidaten: VolgendeStap[] = [];
  const wachtend = stand.wachtendBesluit;
  if (wachtend && !wachtend.geescaleerd) {
    const { deadline, escalatie } = besluitTermijnen(wachtend, policy);
    kandidaten.push(
      wachtend.herinnerd
        ? { actie: 'BESLUIT_ESCALEREN', op: escalatie }
        : { actie: 'BESLUIT_HERINNEREN', op: deadline },
    );
  }
  if (stand.fase === 'CASUSOVERLEG' && stand.evaluatiedatum)
    kandidaten.push({ actie: 'EVALUATIE_HERINNEREN', op: stand.evaluatiedatum });
  if (stand.gegevensVervallenOp) kandidaten.push({ actie: 'GEGEVENS_VERWIJDEREN', op: stand.gegevensVervallenOp });
  if (stand.fase === 'AFGESCHAALD' && stand.afsluitdatum !== null) {
    // Reopening on terugval stays possible through the archiefdatum itself (003: "minimaal een jaar toegankelijk").
    const afschermen = addMonths(stand.afsluitdatum, policy.afgeschaaldMaanden);
    if (compareDates(afschermen, archiefdatum) < 0) kandidaten.push({ actie: 'AFSCHERMEN', op: afschermen });
  }
  // The earliest step while the data lives; archiving itself (then anonymisation) comes last.
  const eerste = kandidaten.filter((k) => compareDates(k.op, vanaf) < 0).sort((a, b) => compareDates(a.op, b.op))[0];
  if (eerste) return eerste;
  return { actie: afgeslotenFasen.includes(stand.fase) ? 'ARCHIVEREN' : 'AFSCHERMEN', op: vanaf };
}

/**
 * What a casus waits for next, as people see it (the werkvoorraad, GET /casussen): the step of the process that is
 * due and the day by which it is due — a decision (intake, final assessment, selection), the plan van aanpak's
 * evaluation, or the process's own next step by the calendar (afscherming, archiving, anonymisation).
 */
export type ProcesStap =
  | 'INTAKEBESLUIT'
  | 'EINDBEOORDELING'
  | 'SELECTIE'
  | 'PLAN_VAN_AANPAK'
  | 'EVALUATIE'
  | 'AFSLUITING'
  | Exclude<ProcesActie, 'BESLUIT_HERINNEREN' | 'BESLUIT_ESCALEREN' | 'EVALUATIE_HERINNEREN'>;

export interface Vooruitblik {
  stap: ProcesStap;
  /** The day it is due, or null when no term applies (a plan van aanpak, the afsluiting). */
  deadline: IsoDate | null;
}

type VooruitblikPolicy = Pick<Policy, 'inzageTermijnJaren' | 'afgeschaaldMaanden' | 'intakeTermijnDagen'> & Termijnen;

export function vooruitblik(stand: CasusStand & { heeftPlan: boolean }, policy: VooruitblikPolicy): Vooruitblik | null {
  const wachtend = stand.wachtendBesluit;
  switch (stand.fase) {
    case 'AANMELDING':
      return { stap: 'INTAKEBESLUIT', deadline: addDays(stand.aanmelddatum, policy.intakeTermijnDagen) };
    case 'TRIAGE':
    case 'SELECTIE_DEELNEMERS':
      return {
        stap: stand.fase === 'TRIAGE' ? 'EINDBEOORDELING' : 'SELECTIE',
        deadline: wachtend ? besluitTermijnen(wachtend, policy).deadline : null,
      };
    case 'CASUSOVERLEG':
      if (!stand.heeftPlan) return { stap: 'PLAN_VAN_AANPAK', deadline: null };
      return stand.evaluatiedatum
        ? { stap: 'EVALUATIE', deadline: stand.evaluatiedatum }
        : { stap: 'AFSLUITING', deadline: null };
    case 'GEANONIMISEERD':
      return null;
    default: {
      // Afgeschaald and later: the process's own steps; reminders do not occur in these phases.
      const stap = volgendeStap(stand, policy);
      if (stap === null || !isProcesStap(stap.actie)) return null;
      return { stap: stap.actie, deadline: stap.op };
    }
  }
}

const isProcesStap = (actie: ProcesActie): actie is ProcesStap & ProcesActie =>
  actie !== 'BESLUIT_HERINNEREN' && actie !== 'BESLUIT_ESCALEREN' && actie !== 'EVALUATIE_HERINNEREN';

/** The policy action by which people take a step; the process's own steps (archiving and the like) have none. */
export const actieVoorStap: Partial<Record<ProcesStap, Actie>> = {
  INTAKEBESLUIT: 'casus.intakebesluit',
  EINDBEOORDELING: 'casus.eindbeoordeling',
  SELECTIE: 'casus.selectie',
  PLAN_VAN_AANPAK: 'casus.planvanaanpak',
  // After the evaluation the casusoverleg records a new version of the plan, or closes the casus.
  EVALUATIE: 'casus.planvanaanpak',
  AFSLUITING: 'casus.afsluiten',
};
