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

export const deelnemerTypen = ['OVERHEID', 'PRIVAAT'] as const;
export type DeelnemerType = (typeof deelnemerTypen)[number];

/** Who acts: ids only, so it may travel through Temporal. */
export interface Actor {
  medewerkerId: string;
  deelnemerId: string;
  deelnemerType: DeelnemerType;
  rollen: Rol[];
}

const criteriumMate = z.enum(['NIET_VOLDAAN', 'DEELS_VOLDAAN', 'VOLDAAN']);
const tekst = (max: number) => z.string().trim().min(1).max(max);

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

const isoDatum = z.iso.date();

const betrokkeneSchema = z.strictObject({
  rol: z.enum(['BETROKKENE', 'GEZINSLID', 'SOCIALE_OMGEVING']),
  voornamen: tekst(200).optional(),
  achternaam: tekst(200),
  geboortedatum: isoDatum.optional(),
  bsn: z.string().refine(isGeldigBsn, 'geen geldig BSN (elfproef)').optional(),
});

/** POST /casussen — an aanmelding (WGS 2.31 lid 1, SPEC §2 step 1). */
export const aanmeldingSchema = z
  .strictObject({
    wettelijkeTaak: tekst(500),
    criteria: criteriaSchema,
    betrokkenen: z.array(betrokkeneSchema).min(1).max(50),
  })
  .refine((a) => a.betrokkenen.filter((b) => b.rol === 'BETROKKENE').length === 1, {
    message: 'precies één betrokkene met rol BETROKKENE is vereist',
    path: ['betrokkenen'],
  });
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

/** Why a decision is refused; each maps to one problem type in the API. */
export type Weigering = { code: 'NIET_BEVOEGD' | 'VERKEERDE_FASE'; reden: string };

/**
 * Intake is decided by overheidsdeelnemers only (WGS 2.31 lid 2; SPEC §1), and only while the casus awaits it.
 * Returns undefined when the decision may be taken.
 */
export function weigeringIntakeBesluit(actor: Actor, fase: CasusFase): Weigering | undefined {
  if (actor.deelnemerType !== 'OVERHEID') {
    return { code: 'NIET_BEVOEGD', reden: 'alleen overheidsdeelnemers besluiten over de intake' };
  }
  if (fase !== 'AANMELDING') {
    return { code: 'VERKEERDE_FASE', reden: `de casus is in fase ${fase}; een intakebesluit kan alleen in fase AANMELDING` };
  }
  return undefined;
}

export const faseNaIntake = (uitkomst: IntakeUitkomst): CasusFase =>
  uitkomst === 'IN_BEHANDELING' ? 'TRIAGE' : 'NIET_IN_BEHANDELING';
