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
export const actieveFasen: readonly CasusFase[] = ['AANMELDING', 'TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG', 'AFGESCHAALD'];

/** Phases of a casus that is no longer open: a new aanmelding of the same person starts a new casus. */
export const afgeslotenFasen: readonly CasusFase[] = ['AFGESCHAALD', 'AFGESCHERMD', 'NIET_IN_BEHANDELING', 'GEARCHIVEERD', 'GEANONIMISEERD'];

export const deelnemerTypen = ['OVERHEID', 'PRIVAAT'] as const;
export type DeelnemerType = (typeof deelnemerTypen)[number];

/** A deelnemer's id in the register: a slug, so it is safe in paths, logs and Temporal. */
export const deelnemerIdSchema = z.string().regex(/^[a-z0-9-]{3,100}$/, 'moet 3–100 kleine letters, cijfers of koppeltekens zijn');

/** Who acts: ids only, so it may travel through Temporal. */
export interface Actor {
  medewerkerId: string;
  deelnemerId: string;
  deelnemerType: DeelnemerType;
  rollen: Rol[];
}

const criteriumMate = z.enum(['NIET_VOLDAAN', 'DEELS_VOLDAAN', 'VOLDAAN']);
/** Text for people, stored in Postgres: no control characters but tab and line breaks (Postgres refuses NUL), no lone surrogates. */
export const tekst = (max: number) =>
  z.string().trim().min(1).max(max).regex(/^[^\p{Cs}\x00-\x08\x0B\x0C\x0E-\x1F\x7F]*$/u, 'bevat ongeldige tekens (stuurtekens of losse surrogaten)');

/** BGS 2.20 lid 1 criteria a–d, each with its degree and the objective information behind it (lid 3). */
export const criteriaSchema = z.strictObject({
  A: z.strictObject({ mate: criteriumMate, toelichting: tekst(4000) }),
  B: z.strictObject({ mate: criteriumMate, toelichting: tekst(4000) }),
  C: z.strictObject({ mate: criteriumMate, toelichting: tekst(4000) }),
  D: z.strictObject({ mate: criteriumMate, toelichting: tekst(4000) }),
});
export type Criteria = z.infer<typeof criteriaSchema>;

/** Dutch BSN: nine digits passing the elfproef. */
export function isGeldigBsn(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  const digits = [...bsn].map(Number);
  const sum = digits.slice(0, 8).reduce((acc, d, i) => acc + d * (9 - i), 0) - (digits[8] ?? 0);
  return sum % 11 === 0;
}

/** A real calendar date; there is no year 0 (1 BC precedes AD 1), which Postgres refuses. */
const isoDatum = z.iso.date().refine((d) => !d.startsWith('0000-'), 'jaar 0 bestaat niet');

export const betrokkeneSchema = z.strictObject({
  rol: z.enum(['BETROKKENE', 'GEZINSLID', 'SOCIALE_OMGEVING']),
  voornamen: tekst(200).optional(),
  achternaam: tekst(200),
  geboortedatum: isoDatum.optional(),
  bsn: z.string().refine(isGeldigBsn, 'geen geldig BSN (elfproef)').optional(),
});

/** A casus is about exactly one betrokkene; the others are gezinsleden or the direct social environment. */
export const eenBetrokkene = (a: { betrokkenen: Array<{ rol: string }> }) => a.betrokkenen.filter((b) => b.rol === 'BETROKKENE').length === 1;
export const eenBetrokkeneFout = { message: 'precies één betrokkene met rol BETROKKENE is vereist', path: ['betrokkenen'] };

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
  z.strictObject({ achternaam: tekst(200), geboortedatum: isoDatum }),
]);
