import { actieveFasen, type Actor, type CasusFase } from './casus';
import type { Rol } from './identity';

/**
 * The one authorisation policy (need-to-know, Prot. 9.6; SPEC §1 and §6): for each action, who may do it, in which
 * casus phase and in which relation to the casus. The API and the workflows' Update validators both ask `beoordeel`,
 * and every endpoint is declared with its action (api/endpoints.ts), so an endpoint cannot exist outside this policy.
 */
export const acties = [
  'casus.aanmelden',
  'casus.raadplegen',
  'casus.overzicht',
  'werkvoorraad.raadplegen',
  'casus.importeren',
  'casus.intakebesluit',
  'casus.eindbeoordeling',
  'casus.selectie',
  'casus.informatie.vragen',
  'casus.gegevens.verstrekken',
  'informatieverzoek.inzien',
  'casus.planvanaanpak',
  'casus.incidenteel.uitnodigen',
  'casus.incidenteel.verstrekken',
  'casus.afsluiten',
  'casus.heropenen',
  'casus.afscherming.opheffen',
  'casus.verlengen',
  'casus.verlenging.akkoord',
  'casus.procesregie.nemen',
  'casus.medewerker.aanwijzen',
  'bekendheidscheck.uitvoeren',
  'legalhold.beheren',
  'auditlog.raadplegen',
  'verstrekkingsregistratie.raadplegen',
  'codec.gebruiken',
  'register.beheren',
  'koppeling.beheren',
  'datalek.melden',
  'datalek.raadplegen',
  'datalek.behandelen',
  'datalekregister.raadplegen',
  'informatieplicht.raadplegen',
  'informatieplicht.afhandelen',
  'avgverzoek.behandelen',
  'avgverzoek.consulteren',
  'avgverzoek.register',
  'topx.lijst.beheren',
  'topx.raadplegen',
  'topx.aanmelden',
  'topx.gegevens.vragen',
  'topx.gegevens.verstrekken',
  'topx.beslissen',
  'casus.riec.afstemmen',
  'casus.toezicht',
  'klacht.registreren',
  'klacht.behandelen',
  'klacht.reageren',
  'klacht.register',
  'managementinformatie.raadplegen',
  'toezicht.exporteren',
] as const;
export type Actie = (typeof acties)[number];

/**
 * How the actor relates to the casus, from its access set (domain/casusproces.ts relatieVolgensToegang): a designated
 * medewerker of its aanmelder, of a deelnemer selected for the casusoverleg or of the casusregisseur's deelnemer; the
 * procesregisseur who holds its procesregie; a medewerker of a provider of data items (asked for them, or provided
 * them) without being one of those; or none of these.
 */
export const relaties = ['AANMELDER', 'GESELECTEERD', 'CASUSREGISSEUR', 'PROCESREGIE', 'LEVERANCIER', 'GEEN'] as const;
export type Relatie = (typeof relaties)[number];

/**
 * What of a casus the actor may see while it is not afgeschermd (need-to-know, Prot. 9.6): all of it, only the
 * aanmelding and the triage (the deciders of intake and final assessment), or its own contribution (a provider).
 * TOEZICHT: the FG investigating the casus (AVG 38 lid 2) reads all of it, afgeschermd or not, read-only.
 */
export type Inzage = 'VOLLEDIG' | 'BEOORDELING' | 'EIGEN_BIJDRAGE' | 'TOEZICHT';

export interface AutorisatieContext {
  actor: Actor;
  /** The casus' phase, for actions on a casus. */
  fase?: CasusFase;
  /**
   * The ZVH's choice of Afspr. 12.2 option 1: the procesregisseur takes the intake and the final criteria assessment
   * on behalf of the overheidsdeelnemers (policy ZVH_PROCESREGISSEUR_BEOORDEELT).
   */
  procesregisseurBeoordeelt?: boolean;
  /** The actor's relation to the casus, for actions on a casus. */
  relatie?: Relatie;
  /** The actor, an FG, has an open investigation into this casus (Prot. 24.4; Postgres toezicht_onderzoek). */
  toezichtOnderzoek?: boolean;
}

export type Oordeel =
  { toegestaan: true } | { toegestaan: false; code: 'NIET_BEVOEGD' | 'VERKEERDE_FASE'; reden: string };

interface Omstandigheden {
  procesregisseurBeoordeelt: boolean;
  fase: CasusFase | undefined;
}

interface Regel {
  /** Legal basis, recorded with every logged use. */
  grondslag: string;
  /** Who may, given their deelnemer, roles and relation (and phase); returns the refusal reason otherwise. */
  wie(actor: Actor, relatie: Relatie | undefined, omstandigheden: Omstandigheden): string | undefined;
  /** Phases in which the action is possible; absent: not tied to a casus phase. */
  fasen?: readonly CasusFase[];
}

const heeft = (actor: Actor, rol: Rol) => actor.rollen.includes(rol);

/** The aanmelder and the selected deelnemers are the ones involved in the casus (need-to-know). */
const betrokken = (relatie: Relatie | undefined) => relatie === 'AANMELDER' || relatie === 'GESELECTEERD';

/** FG and operators oversee and run the system; they see no casus content (SPEC §1: FG reads logs only, operators no personal data). */
const toezichtOfBeheer = (actor: Actor) => heeft(actor, 'fg') || heeft(actor, 'operator');

/** Only overheidsdeelnemers decide (WGS 2.27 lid 1); toezicht- and beheer accounts never do. */
const overheid = (actor: Actor, wat: string) =>
  actor.deelnemerType === 'OVERHEID' && !toezichtOfBeheer(actor) ? undefined : `alleen overheidsdeelnemers ${wat}`;

/** The criteria assessments (intake, final): the overheidsdeelnemers, or the procesregisseur when the ZVH chose so. */
const beoordelaar = (actor: Actor, procesregisseurBeoordeelt: boolean, wat: string) =>
  procesregisseurBeoordeelt && heeft(actor, 'procesregisseur') && !toezichtOfBeheer(actor)
    ? undefined
    : overheid(actor, wat);

/** Decisions on a running casus: the overheidsdeelnemers involved in it. */
const betrokkenOverheid = (actor: Actor, relatie: Relatie | undefined, wat: string) =>
  overheid(actor, wat) ??
  (betrokken(relatie) ? undefined : `alleen de bij de casus betrokken overheidsdeelnemers ${wat}`);

/** Relations that see the whole casus: the designated medewerkers of those in it, the procesregisseur of the casus. */
const volledigeInzage: readonly Relatie[] = ['AANMELDER', 'GESELECTEERD', 'CASUSREGISSEUR', 'PROCESREGIE'];

/** From the intake on, until archiving, the bewaartermijn can be extended (BGS 1.16). */
const verlengingsFasen: readonly CasusFase[] = [
  'TRIAGE',
  'SELECTIE_DEELNEMERS',
  'CASUSOVERLEG',
  'AFGESCHAALD',
  'AFGESCHERMD',
];

/** The phases in which the intake and the final assessment are prepared and taken (WGS 2.31 lid 2, 3). */
const beoordelingsFasen: readonly CasusFase[] = ['AANMELDING', 'TRIAGE'];

/**
 * The one read rule (Prot. 9.6; Handvat 4.5 lid 4-5; WGS 2.31 lid 4): the designated medewerkers of the aanmelder, of
 * the selected deelnemers and of the casusregisseur's deelnemer, and the procesregisseur of the casus see it all;
 * while the intake and the final assessment are open, those who take them (every overheidsdeelnemer, 003 stap 2:
 * "kijken de overheidsdeelnemers"; the procesregisseur under Afspr. 12.2 option 1) see the aanmelding and the
 * triage; a provider of data items sees its own contribution; nobody else anything. Null: not at all.
 */
export function inzageVoor(ctx: AutorisatieContext): Inzage | null {
  const { actor, relatie, fase, procesregisseurBeoordeelt = false } = ctx;
  // The FG oversees (AVG 38 lid 2, 39) through an investigation it opened with a recorded reason, nothing else.
  if (toezichtOfBeheer(actor)) return heeft(actor, 'fg') && ctx.toezichtOnderzoek === true ? 'TOEZICHT' : null;
  if (relatie !== undefined && volledigeInzage.includes(relatie)) return 'VOLLEDIG';
  const beoordelend = fase !== undefined && beoordelingsFasen.includes(fase);
  if (beoordelend && beoordelaar(actor, procesregisseurBeoordeelt, '') === undefined) return 'BEOORDELING';
  return relatie === 'LEVERANCIER' ? 'EIGEN_BIJDRAGE' : null;
}

/** The work of the casusoverleg itself: those in it (any deelnemer type) and the procesregisseur who runs it. */
const inHetOverleg = (actor: Actor, relatie: Relatie | undefined, wat: string) => {
  if (toezichtOfBeheer(actor)) return 'toezicht- en beheeraccounts nemen niet deel aan het casusoverleg';
  return betrokken(relatie) || heeft(actor, 'procesregisseur')
    ? undefined
    : `alleen de deelnemers aan het casusoverleg en de procesregisseur ${wat}`;
};

/** The Contactpunt's duties (BGS 1.2–1.4): its role, or the netwerkmanager mandated with it; never a toezicht- or beheeraccount. */
const contactpunt = (actor: Actor, wat: string) =>
  heeft(actor, 'contactpunt') && !toezichtOfBeheer(actor)
    ? undefined
    : `alleen het Contactpunt (of wie het mandateerde) ${wat}`;

export const beleid: Record<Actie, Regel> = {
  'casus.aanmelden': {
    grondslag: 'WGS 2.31 lid 1',
    // Vaste deelnemers register (overheid and privaat alike); incidentele deelnemers have no system access at all.
    wie: (actor) => (toezichtOfBeheer(actor) ? 'toezicht- en beheeraccounts melden geen casussen aan' : undefined),
  },
  'casus.raadplegen': {
    grondslag: 'WGS 2.31; Prot. 9.6 (need-to-know)',
    wie: (actor, relatie, omstandigheden) => {
      if (toezichtOfBeheer(actor)) return 'toezicht- en beheeraccounts zien geen casusinhoud';
      if (inzageVoor({ actor, relatie, ...omstandigheden }) !== null) return undefined;
      return (
        'alleen wie voor deze casus is aangewezen, de procesregisseur van de casus, de leveranciers van gegevens ' +
        'en tijdens intake en triage de beoordelaars hebben deze casus nodig'
      );
    },
  },
  'casus.overzicht': {
    // The list holds only the casussen `inzageVoor` lets the caller see, and of those only the admin set.
    grondslag: 'WGS 2.31; Prot. 9.6 (need-to-know)',
    wie: (actor) => (toezichtOfBeheer(actor) ? 'toezicht- en beheeraccounts zien geen casussen' : undefined),
  },
  'werkvoorraad.raadplegen': {
    // Everyone's own open work; each item is there by the rule of its own process.
    grondslag: 'WGS 1.8; Prot. 9.6 (need-to-know)',
    wie: () => undefined,
  },
  'casus.importeren': {
    // Migration from the previous system with the historic dates, so each casus gets its lawful archiefdatum.
    grondslag: 'WGS 1.8 lid 7; BGS 1.16 (overgang uit het vorige systeem)',
    wie: (actor) =>
      heeft(actor, 'systeembeheerder')
        ? undefined
        : 'alleen de systeembeheerder neemt casussen over uit het vorige systeem',
  },
  'casus.intakebesluit': {
    grondslag: 'WGS 2.31 lid 2; BGS 2.20 lid 3',
    wie: (actor, _relatie, { procesregisseurBeoordeelt }) =>
      beoordelaar(actor, procesregisseurBeoordeelt, 'besluiten over de intake'),
    fasen: ['AANMELDING'],
  },
  'casus.eindbeoordeling': {
    grondslag: 'WGS 2.31 lid 3; BGS 2.20 lid 3',
    wie: (actor, _relatie, { procesregisseurBeoordeelt }) =>
      beoordelaar(actor, procesregisseurBeoordeelt, 'stellen de eindbeoordeling van de criteria vast'),
    fasen: ['TRIAGE'],
  },
  'casus.selectie': {
    // Private deelnemers may advise on the selection (lid 9); the decision is the overheidsdeelnemers'.
    grondslag: 'WGS 2.31 lid 4',
    wie: (actor) => overheid(actor, 'selecteren de deelnemers aan het casusoverleg'),
    fasen: ['SELECTIE_DEELNEMERS', 'CASUSOVERLEG'],
  },
  'casus.informatie.vragen': {
    // Targeted requests on behalf of a deelnemer's task (WGS 2.31 lid 3), prepared by the procesregie or an overheidsdeelnemer.
    grondslag: 'WGS 2.31 lid 3',
    wie: (actor) =>
      heeft(actor, 'procesregisseur') && !toezichtOfBeheer(actor)
        ? undefined
        : overheid(actor, 'en de procesregisseur vragen gegevens op'),
    fasen: ['TRIAGE', 'CASUSOVERLEG'],
  },
  'casus.gegevens.verstrekken': {
    // Who was asked, or who takes part, provides; the API checks the request or the involvement (api/triage.ts).
    grondslag: 'WGS 2.29; WGS 2.31 lid 3',
    wie: (actor) => (toezichtOfBeheer(actor) ? 'toezicht- en beheeraccounts verstrekken geen gegevens' : undefined),
    fasen: ['TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG'],
  },
  'informatieverzoek.inzien': {
    // The deelnemer asked reads what it is asked and about whom, to answer it (the API checks it was asked).
    grondslag: 'WGS 2.31 lid 3; WGS 2.29',
    wie: (actor) =>
      toezichtOfBeheer(actor) ? 'toezicht- en beheeraccounts beantwoorden geen informatieverzoeken' : undefined,
  },
  'casus.planvanaanpak': {
    // Agreed jointly in the casusoverleg (private deelnemers included); recorded by one involved or the procesregisseur.
    grondslag: 'WGS 2.31 lid 5, 6; Afspr. 8.2',
    wie: (actor, relatie) => inHetOverleg(actor, relatie, 'leggen het plan van aanpak vast'),
    fasen: ['CASUSOVERLEG'],
  },
  'casus.incidenteel.uitnodigen': {
    // Part of the selection; the signed geheimhoudingsverklaring comes first (BGS 2.21).
    grondslag: 'WGS 2.31 lid 9, 10; BGS 2.21',
    wie: (actor) => overheid(actor, 'nodigen incidentele deelnemers uit'),
    fasen: ['SELECTIE_DEELNEMERS', 'CASUSOVERLEG'],
  },
  'casus.incidenteel.verstrekken': {
    // An incidentele deelnemer has no access: whatever reaches it is provided by someone in the overleg, and recorded.
    grondslag: 'WGS 2.31 lid 10; WGS 1.8',
    wie: (actor, relatie) => inHetOverleg(actor, relatie, 'verstrekken aan een incidentele deelnemer'),
    fasen: ['CASUSOVERLEG'],
  },
  'casus.afsluiten': {
    grondslag: 'WGS 2.31 lid 8',
    wie: (actor, relatie) => betrokkenOverheid(actor, relatie, 'sluiten de casus af'),
    fasen: ['CASUSOVERLEG'],
  },
  'casus.heropenen': {
    // Terugval during the nazorgfase (SPEC §2 table: afgeschaald, reopened by overheidsdeelnemers, reason recorded).
    grondslag: 'WGS 2.31 lid 8; Prot. 11',
    wie: (actor, relatie) => betrokkenOverheid(actor, relatie, 'heropenen de casus bij terugval'),
    fasen: ['AFGESCHAALD'],
  },
  'casus.afscherming.opheffen': {
    // SPEC §2 table: an afgeschermde casus is reopened only by the systeembeheerder, reason recorded.
    grondslag: 'WGS 1.8; Prot. 11 (afscherming)',
    wie: (actor) =>
      heeft(actor, 'systeembeheerder') ? undefined : 'alleen de systeembeheerder heft de afscherming van een casus op',
    fasen: ['AFGESCHERMD'],
  },
  'casus.verlengen': {
    // SPEC §5; which of the two situations applies, and the agreements, are judged by domain/bewaartermijn.ts.
    grondslag: 'BGS 1.16; WGS 1.8 lid 7',
    wie: (actor, relatie) => betrokkenOverheid(actor, relatie, 'verlengen de bewaartermijn'),
    fasen: verlengingsFasen,
  },
  'casus.verlenging.akkoord': {
    // 003 "De bewaartermijn mag pas worden verlengd als de deelnemer die de gegevens heeft aangeleverd daarmee akkoord
    // is": each deelnemer that provided data (the aanmelder, the selected, the providers of items) gives its own.
    grondslag: 'BGS 1.16; 003 Verlenging bewaartermijn',
    wie: (actor, relatie) => {
      if (toezichtOfBeheer(actor)) return 'toezicht- en beheeraccounts geven geen akkoord op een verlenging';
      return betrokken(relatie) || relatie === 'LEVERANCIER'
        ? undefined
        : 'alleen de deelnemers die gegevens aanleverden geven hun akkoord op een verlenging';
    },
    fasen: verlengingsFasen,
  },
  'casus.procesregie.nemen': {
    // The ondersteunend bureau's procesregisseur coordinates the casus while it is active (Afspr. 1.24, 12).
    grondslag: 'WGS 2.31; Afspr. 12 (procesregie)',
    wie: (actor) =>
      heeft(actor, 'procesregisseur') && !toezichtOfBeheer(actor)
        ? undefined
        : 'alleen een procesregisseur neemt de procesregie van een casus',
    fasen: actieveFasen,
  },
  'casus.medewerker.aanwijzen': {
    // Handvat 4.5 lid 4-5: authorised per individual medewerker, only those involved in the casus. Each deelnemer in
    // the casus designates (and withdraws) its own medewerkers; domain/casusproces.ts aanwijzingWeigering says whom.
    grondslag: 'WGS 1.8 lid 2; Prot. 9.6; Handvat 4.5 lid 4-5',
    wie: (actor, relatie) => {
      if (toezichtOfBeheer(actor)) return 'toezicht- en beheeraccounts wijzen geen medewerkers aan';
      const inDeCasus = betrokken(relatie) || relatie === 'CASUSREGISSEUR';
      return inDeCasus
        ? undefined
        : 'alleen de aanmelder, de geselecteerde deelnemers en de casusregisseur wijzen hun medewerkers aan';
    },
    fasen: actieveFasen,
  },
  'bekendheidscheck.uitvoeren': {
    // Yes/no and whom to contact, nothing else (SPEC §2 intake); for those who register or coordinate casussen.
    grondslag: 'WGS 2.28; WGS 2.31 lid 2',
    wie: (actor) => (toezichtOfBeheer(actor) ? 'toezicht- en beheeraccounts doen geen bekendheidscheck' : undefined),
  },
  'legalhold.beheren': {
    // The moratorium is an archival matter (Archiefwet); the archiefbeheerder sets and lifts holds.
    grondslag: 'Archiefwet 1995; SPEC §5 (moratorium)',
    wie: (actor) =>
      heeft(actor, 'archiefbeheerder')
        ? undefined
        : 'alleen de archiefbeheerder stelt een legal hold in of heft die op',
  },
  'auditlog.raadplegen': {
    grondslag: 'WGS 1.8; Prot. Bijv. 3',
    wie: (actor) => (heeft(actor, 'fg') ? undefined : 'alleen de functionaris gegevensbescherming leest het auditlog'),
  },
  'verstrekkingsregistratie.raadplegen': {
    // Records kept for the police and OM; the FG hands them to the provider's privacy officer (Prot. art. 8).
    grondslag: 'Wpg 32; Wjsg 39j; Prot. art. 8',
    wie: (actor) =>
      heeft(actor, 'fg')
        ? undefined
        : 'alleen de functionaris gegevensbescherming raadpleegt de verstrekkingsregistratie',
  },
  'codec.gebruiken': {
    // Payloads carry ids only (no personal data), so operators may decode them for the Temporal UI.
    grondslag: 'WGS 1.8 (beveiliging); beheer',
    wie: (actor) => (heeft(actor, 'operator') ? undefined : 'alleen operators gebruiken de codec van de Temporal UI'),
  },
  'register.beheren': {
    // The register of deelnemers (type per WGS 2.27) and medewerkers with their screening (WGS 1.8 lid 2).
    grondslag: 'WGS 1.8 lid 2; WGS 2.27',
    wie: (actor) =>
      heeft(actor, 'systeembeheerder')
        ? undefined
        : 'alleen de systeembeheerder beheert het register van deelnemers en medewerkers',
  },
  'koppeling.beheren': {
    // Which partner systems may exchange messages and with which key: part of securing the processing (WGS 1.8).
    grondslag: 'WGS 1.8 (beveiliging); WGS 2.28; WGS 1.7',
    wie: (actor) =>
      heeft(actor, 'systeembeheerder')
        ? undefined
        : 'alleen de systeembeheerder beheert de koppelingen met partnersystemen',
  },
  'datalek.melden': {
    // Whoever discovers a breach reports it at once (Prot. 14.3), toezicht- and beheer accounts included: operators
    // are the likeliest to see a technical one, and a report gives no access to casus content.
    grondslag: 'AVG 33; BGS 1.4; Prot. 14.3',
    wie: () => undefined,
  },
  'datalek.raadplegen': {
    // The Contactpunt handles datalekken (Afspr. 14.2 c); the coördinerend FG is told of them and oversees (Afspr. 15).
    grondslag: 'AVG 33, 34, 39; BGS 1.4; Afspr. 14.2 c, 15',
    wie: (actor) =>
      heeft(actor, 'contactpunt') || heeft(actor, 'fg') ? undefined : 'alleen het Contactpunt en de FG zien datalekken',
  },
  'datalek.behandelen': {
    // The Contactpunt (or the netwerkmanager it mandated, Afspr. 14.7) decides; the FG advises and must stay
    // independent of the decisions it oversees (AVG 38 lid 6), so an account with both roles does not decide.
    grondslag: 'AVG 33, 34; BGS 1.4; Afspr. 14.2 c, 14.7',
    wie: (actor) =>
      heeft(actor, 'contactpunt') && !toezichtOfBeheer(actor)
        ? undefined
        : 'alleen het Contactpunt beoordeelt, meldt en sluit datalekken af',
  },
  'datalekregister.raadplegen': {
    grondslag: 'AVG 33 lid 5; Prot. 14.11',
    wie: (actor) =>
      heeft(actor, 'contactpunt') || heeft(actor, 'fg')
        ? undefined
        : 'alleen het Contactpunt en de FG raadplegen het datalekregister',
  },
  'informatieplicht.raadplegen': {
    // The Contactpunt (or the netwerkmanager it mandated, Afspr. 14.7) is accountable for informing betrokkenen (BGS 1.3).
    grondslag: 'AVG 13–14; BGS 1.3; Afspr. 14.2 b',
    // The FG oversees compliance with it (Prot. 24.4; AVG 39): it reads along, it does not record.
    wie: (actor) => (heeft(actor, 'fg') ? undefined : contactpunt(actor, 'ziet de informatieplicht')),
  },
  'informatieplicht.afhandelen': {
    grondslag: 'AVG 14; UAVG 41; BGS 1.3; Afspr. 14.2 b',
    wie: (actor) => contactpunt(actor, 'legt de informatieplicht vast'),
  },
  'avgverzoek.behandelen': {
    // Registers, extends and decides AVG-verzoeken, and reads what the request concerns (Afspr. 14.1–14.3, 14.7).
    grondslag: 'AVG 12, 15–21; BGS 1.2; Afspr. 14.2 a, 14.3',
    wie: (actor) => contactpunt(actor, 'behandelt AVG-verzoeken'),
  },
  'avgverzoek.consulteren': {
    // Any deelnemer may be consulted; the workflow checks that the actor's deelnemer was (domain/avg-verzoek.ts).
    grondslag: 'BGS 1.2 lid 2; Afspr. 14.3–14.4',
    wie: (actor) =>
      toezichtOfBeheer(actor)
        ? 'toezicht- en beheeraccounts beantwoorden geen raadpleging over een AVG-verzoek'
        : undefined,
  },
  'avgverzoek.register': {
    // Oversight (AVG 39; Afspr. 15) and the Contactpunt's own accountability (AVG 5 lid 2).
    grondslag: 'AVG 5 lid 2, 39; Afspr. 14.6, 15',
    wie: (actor) =>
      heeft(actor, 'contactpunt') || heeft(actor, 'fg')
        ? undefined
        : 'alleen het Contactpunt en de FG raadplegen het register van AVG-verzoeken',
  },
  'topx.lijst.beheren': {
    // The overheidsdeelnemers set the objective criteria (in consultation with the stuurgroep) and publish them.
    grondslag: 'WGS 2.32 lid 1; BGS 2.22; Afspr. 4.14 g',
    wie: (actor) => overheid(actor, 'stellen TopX-lijsten en hun criteria vast'),
  },
  'topx.raadplegen': {
    // The list, its entries and figures: those who decide on it and the procesregie that prepares the decisions.
    grondslag: 'WGS 2.32; Prot. 9.6 (need-to-know)',
    wie: (actor) =>
      heeft(actor, 'procesregisseur') && !toezichtOfBeheer(actor)
        ? undefined
        : overheid(actor, 'en de procesregisseur zien de TopX-lijsten'),
  },
  'topx.aanmelden': {
    // Lid 2: the overheidsdeelnemers process data to establish who meets the criteria, starting from a partial match.
    grondslag: 'WGS 2.32 lid 2',
    wie: (actor) => overheid(actor, 'dragen kandidaten voor een TopX-lijst voor'),
  },
  'topx.gegevens.vragen': {
    grondslag: 'WGS 2.32 lid 2',
    wie: (actor) => overheid(actor, 'vragen gegevens op voor de toetsing aan een TopX-lijst'),
  },
  'topx.gegevens.verstrekken': {
    // The vaste deelnemer asked answers (the API checks it was asked); derden and incidentele deelnemers are never asked.
    grondslag: 'WGS 2.32 lid 2; WGS 2.29',
    wie: (actor) => (toezichtOfBeheer(actor) ? 'toezicht- en beheeraccounts verstrekken geen gegevens' : undefined),
  },
  'topx.beslissen': {
    // Toetsing against both sets of criteria, the periodic review and removal (lid 2–4): the overheidsdeelnemers.
    grondslag: 'WGS 2.32 lid 2–4; BGS 2.20; BGS 2.22',
    wie: (actor) => overheid(actor, 'beslissen over plaatsing op en verwijdering van een TopX-lijst'),
  },
  'casus.riec.afstemmen': {
    // The gezamenlijk verwerkingsverantwoordelijken answer for every provision under WGS 1.7 (Afspr. 9.1): the
    // overheidsdeelnemers in the casus, or the procesregisseur who coordinates it. What may go is domain/riec.ts.
    grondslag: 'WGS 1.7; BGS 1.10; Afspr. 9.1',
    wie: (actor, relatie) =>
      heeft(actor, 'procesregisseur') && !toezichtOfBeheer(actor)
        ? undefined
        : betrokkenOverheid(actor, relatie, 'en de procesregisseur stemmen af met een RIEC'),
    fasen: ['TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG'],
  },
  'casus.toezicht': {
    // Opening, reading and closing an investigation into one casus; every read is logged with the investigation.
    grondslag: 'AVG 38 lid 2, 39; Prot. 24.4',
    wie: (actor) =>
      heeft(actor, 'fg') ? undefined : 'alleen de functionaris gegevensbescherming onderzoekt een casus',
  },
  'klacht.registreren': {
    // The Contactpunt receives complaints of betrokkenen (Afspr. 14.9); the letter promises the route (Prot. 16.5 f).
    grondslag: 'Awb 9:1, 9:6; Afspr. 14.9; Prot. 16.5 f',
    wie: (actor) => contactpunt(actor, 'registreert klachten'),
  },
  'klacht.behandelen': {
    // Handling, postponement and the outcome; the deelnemers involved contribute (klacht.reageren).
    grondslag: 'Awb 9:11, 9:12; Afspr. 14.9',
    wie: (actor) => contactpunt(actor, 'behandelt klachten'),
  },
  'klacht.reageren': {
    // A deelnemer whose interests the complaint touches is involved in the answer (the API checks it is named).
    grondslag: 'Afspr. 14.9',
    wie: (actor) => (toezichtOfBeheer(actor) ? 'toezicht- en beheeraccounts reageren niet op klachten' : undefined),
  },
  'klacht.register': {
    // Oversight (AVG 39; Afspr. 15) and the Contactpunt's own accountability (Awb 9:12a: complaints are registered).
    grondslag: 'Awb 9:12a; AVG 5 lid 2, 39; Afspr. 15',
    wie: (actor) =>
      heeft(actor, 'contactpunt') || heeft(actor, 'fg')
        ? undefined
        : 'alleen het Contactpunt en de FG raadplegen het klachtenregister',
  },
  'managementinformatie.raadplegen': {
    // Figures without personal data for the jaarverslag (Afspr. 1.15, 4.9) and the FG's oversight (AVG 39).
    grondslag: 'Afspr. 1.15, 4.9; Conv. 4.4 c, 6.4, 11.3; AVG 39',
    wie: (actor) =>
      heeft(actor, 'netwerkmanager') || heeft(actor, 'stuurgroep') || heeft(actor, 'fg')
        ? undefined
        : 'alleen de netwerkmanager, de Stuurgroep en de FG zien de managementinformatie',
  },
  'toezicht.exporteren': {
    // Audit and DPIA material (AVG 30, 35, 39): who may do what, the bewaartermijnen, the register of processing.
    grondslag: 'AVG 30, 35, 39; Prot. 24.4',
    wie: (actor) =>
      heeft(actor, 'fg') ? undefined : 'alleen de functionaris gegevensbescherming exporteert de toezichtoverzichten',
  },
};

/** The actions on a casus that depend on its phase: what a caller may do with a casus now is among these. */
export const casusActies: readonly Actie[] = acties.filter((a) => beleid[a].fasen !== undefined);

/** What the policy lets the actor do with the casus now, in its phase and relation (as the Update validators judge). */
export const toegestaneActies = (ctx: AutorisatieContext): Actie[] =>
  casusActies.filter((actie) => beoordeel(actie, ctx).toegestaan);

export function beoordeel(
  actie: Actie,
  { actor, fase, relatie, procesregisseurBeoordeelt = false }: AutorisatieContext,
): Oordeel {
  const regel = beleid[actie];
  const weigering = regel.wie(actor, relatie, { procesregisseurBeoordeelt, fase });
  if (weigering !== undefined) return { toegestaan: false, code: 'NIET_BEVOEGD', reden: weigering };
  if (regel.fasen && (fase === undefined || !regel.fasen.includes(fase))) {
    return {
      toegestaan: false,
      code: 'VERKEERDE_FASE',
      reden: `de casus is in fase ${fase ?? 'onbekend'}; dit kan alleen in fase ${regel.fasen.join(' of ')}`,
    };
  }
  return { toegestaan: true };
}

/** One line of the authorisation matrix: a profile (deelnemer type, role, relation) allowed an action, and why. */
export interface MatrixRegel {
  actie: Actie;
  grondslag: string;
  /** The casus phases in which the action is possible; null: not tied to a phase. */
  fasen: readonly CasusFase[] | null;
  deelnemerType: Actor['deelnemerType'];
  /** The role the profile holds; null: a medewerker without a role. */
  rol: Rol | null;
  /** The relation to the casus it needs; null: whatever the relation (or none). */
  relatie: Relatie | null;
}

/** The profiles the matrix judges: a medewerker without a role, and one per role, of either deelnemer type. */
const profielen = (rollen: readonly Rol[]) =>
  (['OVERHEID', 'PRIVAAT'] as const).flatMap((deelnemerType) =>
    [null, ...rollen].map((rol) => ({ deelnemerType, rol })),
  );
const profielActor = (p: { deelnemerType: Actor['deelnemerType']; rol: Rol | null }): Actor => ({
  medewerkerId: '00000000-0000-4000-8000-000000000000',
  deelnemerId: 'profiel',
  deelnemerType: p.deelnemerType,
  rollen: p.rol === null ? [] : [p.rol],
});

/**
 * The authorisation matrix as the policy stands (for the FG's audit and DPIA, AVG 35, 39): for every action and
 * profile, judged by `beoordeel` itself, so it can never differ from what the API and the workflows enforce. An
 * action allowed without a relation to the casus is one line (relatie null); otherwise one line per relation.
 */
export function autorisatiematrix(
  rollen: readonly Rol[],
  { procesregisseurBeoordeelt = false }: { procesregisseurBeoordeelt?: boolean } = {},
): MatrixRegel[] {
  return acties.flatMap((actie) => {
    const { grondslag, fasen } = beleid[actie];
    const fase = fasen?.[0];
    return profielen(rollen).flatMap((p): MatrixRegel[] => {
      const actor = profielActor(p);
      const mag = (relatie?: Relatie) =>
        beoordeel(actie, { actor, fase, relatie, procesregisseurBeoordeelt }).toegestaan;
      const regel = { actie, grondslag, fasen: fasen ?? null, ...p };
      if (mag()) return [{ ...regel, relatie: null }];
      return relaties.filter((r) => mag(r)).map((relatie) => ({ ...regel, relatie }));
    });
  });
}

/** What each profile sees of a casus per phase and relation (the one read rule, `inzageVoor`), where it sees any. */
export function inzageMatrix(
  rollen: readonly Rol[],
  fasen: readonly CasusFase[],
  { procesregisseurBeoordeelt = false }: { procesregisseurBeoordeelt?: boolean } = {},
) {
  return fasen.flatMap((fase) =>
    profielen(rollen).flatMap((p) =>
      relaties.flatMap((relatie) => {
        // The FG reads only within an investigation it opened (Prot. 24.4): judged with one.
        const toezichtOnderzoek = p.rol === 'fg';
        const inzage = inzageVoor({
          actor: profielActor(p),
          fase,
          relatie,
          procesregisseurBeoordeelt,
          toezichtOnderzoek,
        });
        return inzage === null
          ? []
          : [{ fase, ...p, relatie, inzage, voorwaarde: toezichtOnderzoek ? 'TOEZICHTONDERZOEK' : null }];
      }),
    ),
  );
}
