import { z } from 'zod';
import type { Rol } from './identity';

/** The phases of a casus (WGS 2.31; SPEC §2). Mirrors the CasusFase enum of prisma/schema.prisma. */
export const casusFasen = [
  'AANMELDING',
  'TRIAGE',
  'SELECTIE_DEELNEMERS',
  'CASUSOVERLEG',
  'AFGESCHAALD',
  'AFGESCHERMD',
  'NIET_IN_BEHANDELING',
  'GEARCHIVEERD',
  'GEANONIMISEERD',
] as const;
export type CasusFase = (typeof casusFasen)[number];

/** The ZVH's active casussen for the bekendheidscheck: registered and not yet afgeschermd. */
export const actieveFasen: readonly CasusFase[] = [
  'AANMELDING',
  'TRIAGE',
  'SELECTIE_DEELNEMERS',
  'CASUSOVERLEG',
  'AFGESCHAALD',
];

/** Phases of a casus that is no longer open: a new aanmelding of the same person starts a new casus. */
export const afgeslotenFasen: readonly CasusFase[] = [
  'AFGESCHAALD',
  'AFGESCHERMD',
  'NIET_IN_BEHANDELING',
  'GEARCHIVEERD',
  'GEANONIMISEERD',
];

export const deelnemerTypen = ['OVERHEID', 'PRIVAAT'] as const;
export type DeelnemerType = (typeof deelnemerTypen)[number];

/** A deelnemer's id in the register: a slug, so it is safe in paths, logs and Temporal. */
export const deelnemerIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{3,100}$/, 'moet 3–100 kleine letters, cijfers of koppeltekens zijn');

/** Who acts: ids only, so it may travel through Temporal. */
export interface Actor {
  medewerkerId: string;
  deelnemerId: string;
  deelnemerType: DeelnemerType;
  rollen: Rol[];
}

const criteriumMate = z.enum(['NIET_VOLDAAN', 'DEELS_VOLDAAN', 'VOLDAAN']);
/**
 * Characters no text for people may hold: C0 and C1 control characters (Postgres refuses NUL; the others hide or
 * garble text), bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069: text that displays otherwise
 * than it reads), zero-width characters and the BOM (U+200B–200F, U+2060, U+FEFF: two names that look the same but are
 * not), and lone surrogates. Free text of more than one line may hold tabs and line feeds (VRIJE_TEKST).
 */
const VRIJE_TEKST = /^[^\p{Cs}\x00-\x08\x0B-\x1F\x7F-\x9F\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]*$/u;
const EEN_REGEL = /^[^\p{Cs}\x00-\x1F\x7F-\x9F\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]*$/u;
const tekstVan = (max: number, toegestaan: RegExp, melding: string) =>
  z.string().trim().min(1).max(max).regex(toegestaan, melding);

/** Free text for people (toelichtingen, motiveringen), stored in Postgres: tabs and line feeds allowed. */
export const tekst = (max: number) =>
  tekstVan(max, VRIJE_TEKST, 'bevat ongeldige tekens (stuurtekens, tekenrichting- of onzichtbare tekens)');

/** One line of text: names, subjects, numbers; no tab or line break either. */
export const eenRegel = (max: number) =>
  tekstVan(max, EEN_REGEL, 'bevat ongeldige tekens (stuurtekens, regeleinden, tekenrichting- of onzichtbare tekens)');

/** BGS 2.20 lid 1 criteria a–d, each with its degree and the objective information behind it (lid 3). */
export const criteriaSchema = z.strictObject({
  A: z.strictObject({ mate: criteriumMate, toelichting: tekst(4000) }),
  B: z.strictObject({ mate: criteriumMate, toelichting: tekst(4000) }),
  C: z.strictObject({ mate: criteriumMate, toelichting: tekst(4000) }),
  D: z.strictObject({ mate: criteriumMate, toelichting: tekst(4000) }),
});
export type Criteria = z.infer<typeof criteriaSchema>;

/**
 * Whether an outcome follows from the recorded assessment (BGS 2.20 lid 3): taken in behandeling (or VOLDAAN) only
 * if no criterion is NIET_VOLDAAN; refused only if not every criterion is VOLDAAN. The reason otherwise.
 */
export function criteriaWeigering(positief: boolean, criteria: Criteria): string | null {
  const mates = Object.values(criteria).map((c) => c.mate);
  if (positief && mates.includes('NIET_VOLDAAN')) {
    return 'een criterium is niet voldaan volgens de vastgelegde beoordeling; de uitkomst moet daaruit volgen';
  }
  if (!positief && mates.every((m) => m === 'VOLDAAN')) {
    return 'alle criteria zijn voldaan volgens de vastgelegde beoordeling; de uitkomst moet daaruit volgen';
  }
  return null;
}

/** Dutch BSN: nine digits passing the elfproef; all zeros passes it but is no BSN. */
export function isGeldigBsn(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn) || bsn === '000000000') return false;
  const digits = [...bsn].map(Number);
  const sum = digits.slice(0, 8).reduce((acc, d, i) => acc + d * (9 - i), 0) - (digits[8] ?? 0);
  return sum % 11 === 0;
}

export const EERSTE_GEBOORTEDATUM = '1900-01-01';
const dag = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
const nederlandseDatum = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', ...dag });
/**
 * A date of birth: a real calendar date, from 1900 on, and not after today. The one schema here that reads the clock,
 * when a body is checked (in a workflow, Date is Temporal's deterministic one).
 */
export const geboortedatumSchema = z.iso
  .date()
  .refine((d) => d >= EERSTE_GEBOORTEDATUM, 'ligt vóór 1900')
  .refine((d) => d <= nederlandseDatum.format(new Date()), 'ligt in de toekomst');

export const betrokkeneSchema = z.strictObject({
  rol: z.enum(['BETROKKENE', 'GEZINSLID', 'SOCIALE_OMGEVING']),
  voornamen: eenRegel(200).optional(),
  achternaam: eenRegel(200),
  geboortedatum: geboortedatumSchema.optional(),
  bsn: z.string().refine(isGeldigBsn, 'geen geldig BSN (elfproef)').optional(),
});

/** A casus is about exactly one betrokkene; the others are gezinsleden or the direct social environment. */
export const eenBetrokkene = (a: { betrokkenen: Array<{ rol: string }> }) =>
  a.betrokkenen.filter((b) => b.rol === 'BETROKKENE').length === 1;
export const eenBetrokkeneFout = {
  message: 'precies één betrokkene met rol BETROKKENE is vereist',
  path: ['betrokkenen'],
};

/** POST /casussen — an aanmelding (WGS 2.31 lid 1, SPEC §2 step 1). */
export const aanmeldingSchema = z
  .strictObject({
    wettelijkeTaak: tekst(500),
    criteria: criteriaSchema,
    betrokkenen: z.array(betrokkeneSchema).min(1).max(50),
    /** A re-aanmelding of a person whose earlier casus is closed: the link, not a copy (SPEC §5). */
    vorigeCasusId: z.uuid().toLowerCase().optional(),
  })
  .refine(eenBetrokkene, eenBetrokkeneFout);
export type Aanmelding = z.infer<typeof aanmeldingSchema>;

export const intakeUitkomsten = ['IN_BEHANDELING', 'NIET_IN_BEHANDELING'] as const;
export type IntakeUitkomst = (typeof intakeUitkomsten)[number];

/** POST /casussen/:id/intake-besluit (SPEC §2 step 2). */
export const intakeBesluitSchema = z.strictObject({
  uitkomst: z.enum(intakeUitkomsten),
  criteria: criteriaSchema,
  motivering: tekst(4000).optional(),
});
export type IntakeBesluit = z.infer<typeof intakeBesluitSchema>;

/** POST /bekendheidscheck: by BSN, or by surname and date of birth. */
export const bekendheidscheckSchema = z.union([
  z.strictObject({ bsn: z.string().refine(isGeldigBsn, 'geen geldig BSN (elfproef)') }),
  z.strictObject({ achternaam: eenRegel(200), geboortedatum: geboortedatumSchema }),
]);
