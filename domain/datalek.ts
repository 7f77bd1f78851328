import { HOUR_MS } from './dates';
import { z } from 'zod';
import { eenRegel, tekst } from './casus';
import type { Policy } from './policy';

/**
 * Datalekken (AVG 33–34; BGS 1.4; Afspr. 14.2 c; Prot. 14): the schemas of a melding and of the Contactpunt's
 * decisions on it, and the pure rules of the process: its deadlines, what it waits for next, and which decision is
 * possible when. No I/O and no clock (the caller passes "now"), so the workflow can use them.
 */

/** AVG 33 lid 1: the AP is notified within 72 hours after discovery. Fixed by law, not a policy choice. */
export const AP_MELDTERMIJN_UREN = 72;

/** AVG 33 lid 1 and 34 lid 1: no risk (no AP notification), a risk (AP), a high risk (AP and the betrokkenen). */
export const risicoNiveaus = ['GEEN', 'RISICO', 'HOOG_RISICO'] as const;
export type Risico = (typeof risicoNiveaus)[number];

/** The kind of breach (Prot. 14.8 a): of confidentiality, integrity or availability. */
export const inbreukSoorten = ['VERTROUWELIJKHEID', 'INTEGRITEIT', 'BESCHIKBAARHEID'] as const;
/** Categories of the personal data concerned (AVG 33 lid 3 a; Prot. 14.8 c). JUSTITIEEL: from the OM (Wjsg). */
export const datalekGegevensCategorieen = [
  'IDENTIFICEREND',
  'BSN',
  'BIJZONDER',
  'STRAFRECHTELIJK',
  'POLITIE',
  'JUSTITIEEL',
  'OVERIG',
] as const;
/** Categories of the persons concerned (AVG 33 lid 3 a; Prot. 14.8 b). */
export const datalekBetrokkenenCategorieen = [
  'BETROKKENE',
  'GEZINSLID',
  'SOCIALE_OMGEVING',
  'MEDEWERKER',
  'OVERIG',
] as const;

/**
 * Why the betrokkenen are not informed of a high-risk breach: AVG 34 lid 3 a (data unintelligible, e.g. encrypted),
 * b (later measures took the high risk away), c (disproportionate effort; then a public communication) — Prot. 14.9
 * a–c — or Prot. 14.10 (Wjsg): a breach of OM data only, where informing would harm an investigation, prosecution,
 * public or national security or the rights of others.
 */
export const betrokkenenUitzonderingen = ['AVG_34_3_A', 'AVG_34_3_B', 'AVG_34_3_C', 'PROT_14_10_OM'] as const;

/** The AVG applies from 25 May 2018; an earlier "discovery" is a typo, and it keeps impossible years out. */
const AVG_VAN_TOEPASSING = Date.parse('2018-05-25T00:00:00Z');
const tijdstip = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .refine((s) => Date.parse(s) >= AVG_VAN_TOEPASSING, 'ligt vóór 25 mei 2018 (de AVG)');

const uniek = <T extends string>(waarden: readonly [T, ...T[]]) =>
  z
    .array(z.enum(waarden))
    .min(1)
    .max(waarden.length)
    .refine((a) => new Set(a).size === a.length, 'bevat een waarde dubbel');

/** POST /datalekken — the internal report (Prot. 14.3): facts only; the description stays in Postgres. */
export const datalekMeldingSchema = z.strictObject({
  ontdektOp: tijdstip,
  /** Nature, cause and course of the breach, in the melder's words; may name people, so it never leaves Postgres. */
  omschrijving: tekst(4000),
  aard: uniek(inbreukSoorten),
  categorieenGegevens: uniek(datalekGegevensCategorieen),
  categorieenBetrokkenen: uniek(datalekBetrokkenenCategorieen),
  geschatAantalBetrokkenen: z.number().int().min(0).max(100_000_000),
  /** Prot. 14.8 d: whether the data was encrypted or otherwise unintelligible. */
  versleuteld: z.boolean(),
  /** Prot. 14.3 b: who can tell more about the breach (name and telephone or mail address). */
  contactpersoon: eenRegel(300),
  /** Prot. 14.3 c: the measures that can be taken to prevent or limit its consequences. */
  mogelijkeMaatregelen: tekst(4000),
  /** Prot. 14.3 d: the possible consequences and risks for the betrokkenen. */
  mogelijkeGevolgen: tekst(4000),
  /** Prot. 14.3 e: the measures the melder's party took or will take to restore the protection. */
  genomenMaatregelen: tekst(4000),
  /** Casussen whose data is concerned, if known. */
  casusIds: z
    .array(z.uuid().toLowerCase())
    .max(100)
    .refine((a) => new Set(a).size === a.length, 'bevat een casus dubbel')
    .optional(),
});
export type DatalekMelding = z.infer<typeof datalekMeldingSchema>;

/** The Contactpunt's assessment: the risk decides whether the AP (AVG 33) and the betrokkenen (AVG 34) must hear. */
export const datalekBeoordelingSchema = z.strictObject({ risico: z.enum(risicoNiveaus), motivering: tekst(4000) });

/** The notification to the AP as made (through the AP's own procedure, Prot. 14.8), recorded with its number. */
export const apMeldingSchema = z.strictObject({
  gemeldOp: tijdstip,
  meldnummer: eenRegel(100),
  /** AVG 33 lid 1: required when the notification came later than 72 hours after discovery. */
  redenVertraging: tekst(4000).optional(),
});
export type ApMelding = z.infer<typeof apMeldingSchema>;

/** Whether the betrokkenen are informed (AVG 34), with the text of the notice (Prot. 14.11), or why not. */
export const betrokkenenBesluitSchema = z.discriminatedUnion('informeren', [
  z.strictObject({ informeren: z.literal(true), kennisgeving: tekst(8000), motivering: tekst(4000).optional() }),
  z.strictObject({
    informeren: z.literal(false),
    uitzondering: z.enum(betrokkenenUitzonderingen).optional(),
    motivering: tekst(4000),
  }),
]);
export type BetrokkenenBesluit = z.infer<typeof betrokkenenBesluitSchema>;

/** How the betrokkenen were informed (AVG 34 lid 2; Prot. 14.6): in writing, in person, or publicly (lid 3 c). */
export const informeerWijzen = ['BRIEF', 'EMAIL', 'PERSOONLIJK', 'TELEFONISCH', 'OPENBARE_MEDEDELING'] as const;

/** The informing of the betrokkenen as done, after the decision to inform them (AVG 34). */
export const betrokkenenGeinformeerdSchema = z.strictObject({
  geinformeerdOp: tijdstip,
  wijze: z.enum(informeerWijzen),
  /** How many betrokkenen were reached (a public communication: 0). */
  aantal: z.number().int().min(0).max(100_000_000),
});
export type BetrokkenenGeinformeerd = z.infer<typeof betrokkenenGeinformeerdSchema>;

/** The register entry written at closing (AVG 33 lid 5; Prot. 14.11): facts, effects and measures, without names. */
export const datalekAfsluitingSchema = z.strictObject({
  feiten: tekst(4000),
  gevolgen: tekst(4000),
  maatregelen: tekst(4000),
});

export const datalekBesluitSoorten = [
  'BEOORDELING',
  'AP_MELDING',
  'BETROKKENEN',
  'BETROKKENEN_GEINFORMEERD',
  'AFSLUITING',
] as const;
export type DatalekBesluitSoort = (typeof datalekBesluitSoorten)[number];

/** What the process waits for next, in order of legal urgency; the workflow publishes it as `ZvhFase`. */
export const datalekFasen = ['GEMELD', 'AP_MELDING', 'BETROKKENEN', 'INFORMEREN', 'AFSLUITING', 'AFGESLOTEN'] as const;
export type DatalekFase = (typeof datalekFasen)[number];

/**
 * The timers of the process: before the AP deadline an escalation, at it the report that it was missed; after the
 * decision to inform the betrokkenen, halfway to its deadline a reminder, at the deadline an escalation.
 */
export type DatalekStap = 'ESCALEREN' | 'TERMIJN_VERSTREKEN' | 'INFORMEREN_HERINNERING' | 'INFORMEREN_ESCALATIE';

/** What the process knows of one datalek: ids, enums and ISO timestamps only, so it may travel through Temporal. */
export interface DatalekStand {
  datalekId: string;
  ontdektOp: string;
  gemeldOp: string;
  /** Absent until assessed. */
  risico: Risico | null;
  apGemeldOp: string | null;
  betrokkenenBesloten: boolean;
  /**
   * After a decision to inform the betrokkenen: when it was taken, and when the informing was recorded. Null when
   * there is none, and in executions from before it existed (workflows/datalek.ts `patched`).
   */
  informeren?: { besloten: string; geinformeerdOp: string | null } | null;
  afgeslotenOp: string | null;
  /** Which timer mails went out (the audit log is the record). */
  verzonden: {
    escalatie: boolean;
    termijnVerstreken: boolean;
    informerenHerinnering?: boolean;
    informerenEscalatie?: boolean;
  };
}

export type DatalekPolicy = Pick<
  Policy,
  'datalekInterneMeldingUren' | 'datalekEscalatieUren' | 'datalekBetrokkenenDagen'
>;

export interface DatalekTermijnen {
  /** Prot. 14.3 "onverwijld": the policy's hours after discovery; a later report is recorded as late. */
  interneMelding: string;
  /** AVG 33 lid 1: 72 hours after discovery. */
  apMelding: string;
  /** The policy's hours before the AP deadline. */
  escalatie: string;
  /** After a decision to inform the betrokkenen: the policy's days later the deadline, halfway the reminder. */
  informeren?: { herinnering: string; deadline: string } | null;
}

const plusUren = (iso: string, uren: number) => new Date(Date.parse(iso) + uren * HOUR_MS).toISOString();

export const datalekTermijnen = (
  s: Pick<DatalekStand, 'ontdektOp' | 'informeren'>,
  policy: DatalekPolicy,
): DatalekTermijnen => {
  const uren = policy.datalekBetrokkenenDagen * 24;
  return {
    interneMelding: plusUren(s.ontdektOp, policy.datalekInterneMeldingUren),
    apMelding: plusUren(s.ontdektOp, AP_MELDTERMIJN_UREN),
    escalatie: plusUren(s.ontdektOp, AP_MELDTERMIJN_UREN - policy.datalekEscalatieUren),
    informeren: s.informeren
      ? { herinnering: plusUren(s.informeren.besloten, uren / 2), deadline: plusUren(s.informeren.besloten, uren) }
      : null,
  };
};

/** Decided to inform the betrokkenen, and the informing not yet recorded, on an open datalek. */
export const informerenOpen = (s: DatalekStand): boolean =>
  s.afgeslotenOp === null && s.informeren != null && s.informeren.geinformeerdOp === null;

export const interneMeldingTeLaat = (s: Pick<DatalekStand, 'ontdektOp' | 'gemeldOp'>, policy: DatalekPolicy): boolean =>
  Date.parse(s.gemeldOp) > Date.parse(datalekTermijnen(s, policy).interneMelding);

/** AVG 33 lid 1: notify unless the breach is unlikely to result in a risk. Before the assessment: unknown. */
export const apMeldingVereist = (risico: Risico | null): boolean | null => (risico === null ? null : risico !== 'GEEN');

/** An AP notification is (or, before the assessment, may be) required and not yet made, on an open datalek. */
export const apMeldingOpen = (s: DatalekStand): boolean =>
  s.afgeslotenOp === null && s.apGemeldOp === null && apMeldingVereist(s.risico) !== false;

export function datalekFase(s: DatalekStand): DatalekFase {
  if (s.afgeslotenOp !== null) return 'AFGESLOTEN';
  if (s.risico === null) return 'GEMELD';
  if (apMeldingOpen(s)) return 'AP_MELDING';
  if (s.risico === 'HOOG_RISICO' && !s.betrokkenenBesloten) return 'BETROKKENEN';
  if (informerenOpen(s)) return 'INFORMEREN';
  return 'AFSLUITING';
}

/**
 * The next timer while an AP notification is open: the escalation before the deadline, then the report that the
 * deadline passed. A datalek reported after the deadline goes straight to the latter (an escalation would be moot).
 */
export function volgendeDatalekStap(
  s: DatalekStand,
  t: DatalekTermijnen,
  nu: number,
): { stap: DatalekStap; op: string } | null {
  const ap = volgendeApStap(s, t, nu);
  const informeren = volgendeInformeerStap(s, t, nu);
  if (ap === null || informeren === null) return ap ?? informeren;
  return Date.parse(informeren.op) < Date.parse(ap.op) ? informeren : ap;
}

function volgendeApStap(s: DatalekStand, t: DatalekTermijnen, nu: number): { stap: DatalekStap; op: string } | null {
  if (!apMeldingOpen(s) || s.verzonden.termijnVerstreken) return null;
  if (!s.verzonden.escalatie && nu < Date.parse(t.apMelding)) return { stap: 'ESCALEREN', op: t.escalatie };
  return { stap: 'TERMIJN_VERSTREKEN', op: t.apMelding };
}

/** The same for the informing of the betrokkenen: a reminder halfway (skipped when overtaken), then the escalation. */
function volgendeInformeerStap(
  s: DatalekStand,
  t: DatalekTermijnen,
  nu: number,
): { stap: DatalekStap; op: string } | null {
  if (!informerenOpen(s) || !t.informeren || s.verzonden.informerenEscalatie) return null;
  if (!s.verzonden.informerenHerinnering && nu < Date.parse(t.informeren.deadline))
    return { stap: 'INFORMEREN_HERINNERING', op: t.informeren.herinnering };
  return { stap: 'INFORMEREN_ESCALATIE', op: t.informeren.deadline };
}

/** Why a decision is not possible in this state of the process (a 409), or undefined when it is. */
export function datalekBesluitWeigering(soort: DatalekBesluitSoort, s: DatalekStand): string | undefined {
  if (s.afgeslotenOp !== null) return 'het datalek is afgesloten';
  if (soort === 'BEOORDELING') return s.risico === null ? undefined : 'het datalek is al beoordeeld';
  if (s.risico === null) return 'beoordeel het datalek eerst';
  if (soort === 'AP_MELDING') {
    if (s.apGemeldOp !== null) return 'de melding aan de AP is al vastgelegd';
    return s.risico === 'GEEN' ? 'volgens de beoordeling is melding aan de AP niet vereist (geen risico)' : undefined;
  }
  if (soort === 'BETROKKENEN')
    return s.betrokkenenBesloten ? 'over het informeren van de betrokkenen is al besloten' : undefined;
  if (soort === 'BETROKKENEN_GEINFORMEERD') {
    if (!s.informeren) return 'er is niet besloten de betrokkenen te informeren';
    return s.informeren.geinformeerdOp === null ? undefined : 'het informeren van de betrokkenen is al vastgelegd';
  }
  const ontbreekt = [
    ...(apMeldingOpen(s) ? ['de melding aan de AP'] : []),
    ...(s.risico === 'HOOG_RISICO' && !s.betrokkenenBesloten
      ? ['het besluit over het informeren van de betrokkenen (AVG 34)']
      : []),
    ...(informerenOpen(s) ? ['de vastlegging dat de betrokkenen zijn geïnformeerd'] : []),
  ];
  return ontbreekt.length === 0 ? undefined : `afsluiten kan nog niet: ${ontbreekt.join(' en ')} ontbreekt`;
}

/** The informing cannot lie in the future nor before the decision to inform (a 422), or undefined. */
export function geinformeerdWeigering(g: BetrokkenenGeinformeerd, s: DatalekStand, nu: number): string | undefined {
  const op = Date.parse(g.geinformeerdOp);
  if (op > nu) return 'het informeren kan niet in de toekomst gedaan zijn';
  if (s.informeren && op < Date.parse(s.informeren.besloten) - 24 * HOUR_MS)
    return 'het informeren kan niet ruim vóór het besluit daartoe gedaan zijn';
  return undefined;
}

/** Rules of the law on a melding's content (a 422), or undefined. */
export const meldingWeigering = (m: Pick<DatalekMelding, 'ontdektOp'>, nu: number): string | undefined =>
  Date.parse(m.ontdektOp) > nu ? 'het lek kan niet in de toekomst ontdekt zijn' : undefined;

export function apMeldingWeigering(m: ApMelding, ontdektOp: string, nu: number): string | undefined {
  const op = Date.parse(m.gemeldOp);
  if (op > nu) return 'de melding aan de AP kan niet in de toekomst gedaan zijn';
  if (op < Date.parse(ontdektOp)) return 'de melding aan de AP kan niet vóór de ontdekking gedaan zijn';
  if (op > Date.parse(ontdektOp) + AP_MELDTERMIJN_UREN * HOUR_MS && m.redenVertraging === undefined) {
    return 'de melding kwam later dan 72 uur na de ontdekking: de reden van de vertraging is vereist (AVG 33 lid 1)';
  }
  return undefined;
}

export function betrokkenenBesluitWeigering(
  b: BetrokkenenBesluit,
  risico: Risico,
  categorieenGegevens: readonly string[],
): string | undefined {
  if (b.informeren) return undefined;
  // Without a high risk AVG 34 imposes nothing, so no exception is needed; with one, only a named exception lifts it.
  if (risico === 'HOOG_RISICO' && b.uitzondering === undefined)
    return 'bij een hoog risico moeten de betrokkenen worden geïnformeerd, tenzij een uitzondering van AVG 34 lid 3 of Prot. 14.10 geldt';
  if (
    b.uitzondering === 'PROT_14_10_OM' &&
    !(categorieenGegevens.length === 1 && categorieenGegevens[0] === 'JUSTITIEEL')
  ) {
    return 'de uitzondering van Prot. 14.10 geldt alleen als het lek enkel gegevens van het Openbaar Ministerie betreft';
  }
  return undefined;
}

/** The accepted decisions as stored (their validated bodies), from which the state of a datalek follows. */
export interface VastgesteldBesluit {
  soort: DatalekBesluitSoort;
  gegevens: unknown;
  vastgesteldOp: Date | null;
}

/** The state of a datalek from its row and its accepted decisions. */
export function datalekStandVan(
  d: { id: string; ontdektOp: Date; gemeldOp: Date; afgeslotenOp: Date | null },
  besluiten: readonly VastgesteldBesluit[],
  verzonden: DatalekStand['verzonden'] = {
    escalatie: false,
    termijnVerstreken: false,
    informerenHerinnering: false,
    informerenEscalatie: false,
  },
): DatalekStand {
  const van = (soort: DatalekBesluitSoort) => besluiten.find((b) => b.soort === soort)?.gegevens;
  const beoordeling = van('BEOORDELING');
  const ap = van('AP_MELDING');
  const betrokkenen = besluiten.find((b) => b.soort === 'BETROKKENEN');
  const geinformeerd = van('BETROKKENEN_GEINFORMEERD');
  const informeren =
    betrokkenen?.vastgesteldOp && betrokkenenBesluitSchema.parse(betrokkenen.gegevens).informeren
      ? {
          besloten: betrokkenen.vastgesteldOp.toISOString(),
          geinformeerdOp:
            geinformeerd === undefined ? null : betrokkenenGeinformeerdSchema.parse(geinformeerd).geinformeerdOp,
        }
      : null;
  return {
    datalekId: d.id,
    ontdektOp: d.ontdektOp.toISOString(),
    gemeldOp: d.gemeldOp.toISOString(),
    risico: beoordeling === undefined ? null : datalekBeoordelingSchema.parse(beoordeling).risico,
    apGemeldOp: ap === undefined ? null : apMeldingSchema.parse(ap).gemeldOp,
    betrokkenenBesloten: betrokkenen !== undefined,
    informeren,
    afgeslotenOp: d.afgeslotenOp?.toISOString() ?? null,
    verzonden,
  };
}
