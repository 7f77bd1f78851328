import { z } from 'zod';
import type { BesluitSoort } from './casusproces';
import { tekst } from './casus';
import { addDays, addMonths, compareDates, isoDateSchema, maxDate, minDate, type IsoDate } from './dates';
import type { Policy } from './policy';

/**
 * The informatieplicht (AVG 13–14; BGS 1.3; Afspr. 14.2 b; Prot. 16; SPEC §4) as pure rules. When a casus is taken
 * in behandeling every natural person in it — the betrokkene, gezinsleden and people of the direct social environment
 * (WGS 2.31 lid 7), each a data subject of his own — must be told that the ZVH handles it and how his data is
 * processed; further notices follow at the triage outcome, the casusoverleg's outcome (plan van aanpak) and each
 * afschaling. The Contactpunt is accountable for each; uitstel is allowed only on a recorded ground and is re-tested
 * periodically, at the latest on the day informing is expected; omitting it for good needs a recorded motivation.
 */

/** The moments that start a notice. Mirrors the InformatieplichtMoment enum of prisma/schema.prisma. */
export const informatieplichtMomenten = [
  'IN_BEHANDELING',
  'TRIAGE_UITKOMST',
  'CASUSOVERLEG_UITKOMST',
  'AFSCHALING',
] as const;
export type InformatieplichtMoment = (typeof informatieplichtMomenten)[number];

/**
 * OPEN: still to inform; UITGESTELD: on a recorded ground; VERSTREKT: informed; VERVALLEN: the casus' data is gone;
 * AFGEZIEN: omitted for good on a recorded ground and motivation (AVG 14 lid 5 b; Prot. 16.6–16.7).
 */
export const informatieplichtStatussen = ['OPEN', 'UITGESTELD', 'VERSTREKT', 'VERVALLEN', 'AFGEZIEN'] as const;
export type InformatieplichtStatus = (typeof informatieplichtStatussen)[number];

/** The grounds for uitstel or omission: AVG 14 lid 5 b and UAVG 41 lid 1 a–e (Prot. 16.6). */
export const uitstelGronden = [
  'AVG_14_5_B',
  'UAVG_41_1_A',
  'UAVG_41_1_B',
  'UAVG_41_1_C',
  'UAVG_41_1_D',
  'UAVG_41_1_E',
] as const;
export type UitstelGrond = (typeof uitstelGronden)[number];

export const uitstelGrondTekst: Record<UitstelGrond, string> = {
  AVG_14_5_B:
    'AVG 14 lid 5 b: informeren is onmogelijk, vergt een onevenredige inspanning of maakt het doel onmogelijk',
  UAVG_41_1_A: 'UAVG 41 lid 1 a: de nationale veiligheid',
  UAVG_41_1_B: 'UAVG 41 lid 1 b: de voorkoming, opsporing en vervolging van strafbare feiten',
  UAVG_41_1_C: 'UAVG 41 lid 1 c: gewichtige economische of financiële belangen van de staat',
  UAVG_41_1_D: 'UAVG 41 lid 1 d: het toezicht op de naleving van die voorschriften',
  UAVG_41_1_E: 'UAVG 41 lid 1 e: de bescherming van de betrokkene of van de rechten en vrijheden van anderen',
};

/** How the betrokkene was informed. */
export const informeerKanalen = ['BRIEF', 'PERSOONLIJK', 'BEVEILIGDE_EMAIL', 'TELEFONISCH'] as const;

/** What the Contactpunt records. Mirrors the InformatieplichtHandelingSoort enum of prisma/schema.prisma. */
export const handelingSoorten = ['VERSTREKT', 'UITSTEL', 'GROND_GELDT_NOG', 'GROND_VERVALLEN', 'AFZIEN'] as const;
export type HandelingSoort = (typeof handelingSoorten)[number];

/** The casus decision that starts a notice (the intake's only when in behandeling); null: none. */
export function informatieplichtNa(soort: BesluitSoort, uitkomst: string): InformatieplichtMoment | null {
  if (soort === 'INTAKE') return uitkomst === 'IN_BEHANDELING' ? 'IN_BEHANDELING' : null;
  if (soort === 'EINDBEOORDELING') return 'TRIAGE_UITKOMST';
  // The first plan van aanpak is the casusoverleg's outcome; later versions find the obligation already there.
  if (soort === 'PLAN_VAN_AANPAK') return 'CASUSOVERLEG_UITKOMST';
  if (soort === 'AFSLUITING') return 'AFSCHALING';
  return null;
}

export const GEZAMENLIJK = 'GEZAMENLIJK_VERWERKINGSVERANTWOORDELIJKEN';

/**
 * Who informs the betrokkene: about the casusoverleg's outcomes and afterwards, the deelnemer agreed in the
 * casusoverleg (Afspr. 8.2; the plan van aanpak's informeertBetrokkeneDeelnemerId); before that, and without an
 * agreement, the gezamenlijk verwerkingsverantwoordelijken. The Contactpunt stays accountable (BGS 1.3).
 */
export function verantwoordelijkeVoor(
  moment: InformatieplichtMoment,
  informeertBetrokkeneDeelnemerId: string | null | undefined,
): string {
  const naOverleg = moment === 'CASUSOVERLEG_UITKOMST' || moment === 'AFSCHALING';
  return (naOverleg && informeertBetrokkeneDeelnemerId) || GEZAMENLIJK;
}

/** In which states each recording is possible (anything else is a 409: the obligation is elsewhere). */
const toegestaanIn: Record<HandelingSoort, readonly InformatieplichtStatus[]> = {
  VERSTREKT: ['OPEN', 'UITGESTELD'],
  UITSTEL: ['OPEN'],
  GROND_GELDT_NOG: ['UITGESTELD'],
  GROND_VERVALLEN: ['UITGESTELD'],
  AFZIEN: ['OPEN', 'UITGESTELD'],
};

/** The state a recording leads to. */
export const statusNa: Record<HandelingSoort, InformatieplichtStatus> = {
  VERSTREKT: 'VERSTREKT',
  UITSTEL: 'UITGESTELD',
  GROND_GELDT_NOG: 'UITGESTELD',
  GROND_VERVALLEN: 'OPEN',
  AFZIEN: 'AFGEZIEN',
};

/** Nothing is left to do for an obligation in these states: informed, omitted for good, or the data is gone. */
export const afgerond: readonly InformatieplichtStatus[] = ['VERSTREKT', 'AFGEZIEN', 'VERVALLEN'];

/**
 * The state of the obligations of one moment together (one workflow carries them): OPEN while anyone is still to be
 * informed, else UITGESTELD while a ground is re-tested; finished, the most telling end state.
 */
export function gezamenlijkeStatus(statussen: readonly InformatieplichtStatus[]): InformatieplichtStatus {
  for (const s of ['OPEN', 'UITGESTELD', 'VERSTREKT', 'AFGEZIEN'] as const) if (statussen.includes(s)) return s;
  return 'VERVALLEN';
}

export function magHandeling(
  soort: HandelingSoort,
  status: InformatieplichtStatus,
): { toegestaan: true } | { toegestaan: false; reden: string } {
  if (toegestaanIn[soort].includes(status)) return { toegestaan: true };
  return {
    toegestaan: false,
    reden: `de informatieplicht is ${status}; ${soort} kan alleen bij ${toegestaanIn[soort].join(' of ')}`,
  };
}

type Termijnen = Pick<
  Policy,
  'informatieplichtTermijnDagen' | 'informatieplichtVervolgDagen' | 'informatieplichtHerinneringDagen'
>;

/**
 * The last day to inform. At the start of the processing: one month at most (AVG 14 lid 3 a), sooner when the
 * policy says so; the further notices: the policy's own term.
 */
export function deadlineVan(moment: InformatieplichtMoment, start: IsoDate, policy: Termijnen): IsoDate {
  if (moment !== 'IN_BEHANDELING') return addDays(start, policy.informatieplichtVervolgDagen);
  const maand = addMonths(start, 1);
  return policy.informatieplichtTermijnDagen === undefined
    ? maand
    : minDate(maand, addDays(start, policy.informatieplichtTermijnDagen));
}

/** The obligation as recorded, with what was already sent about its current deadline. */
export interface InformatieplichtStand {
  status: InformatieplichtStatus;
  /** The day the obligation (or, after a lapsed ground, its new term) began. */
  start: IsoDate;
  deadline: IsoDate;
  /** The Contactpunt was told of the obligation and its deadline. */
  gemeld: boolean;
  herinnerd: boolean;
  geescaleerd: boolean;
  /** While UITGESTELD: when the ground is re-tested next. */
  hertoetsingOp: IsoDate | null;
}

export type InformatieplichtStap = 'MELDEN' | 'HERINNEREN' | 'ESCALEREN' | 'HERTOETSEN';

export interface VolgendeInformatieplichtStap {
  stap: InformatieplichtStap;
  /** The calendar day (Dutch) from which it is due. */
  op: IsoDate;
}

/**
 * What the obligation waits for next by the calendar: the Contactpunt hears of it at once; a reminder comes
 * `informatieplichtHerinneringDagen` before the deadline; the day after the deadline, a still open obligation is
 * escalated (missed). While UITGESTELD, the ground is re-tested on its date. null: nothing by the calendar (informed,
 * lapsed, or escalated and waiting for the Contactpunt).
 */
export function volgendeInformatieplichtStap(
  stand: InformatieplichtStand,
  policy: Termijnen,
): VolgendeInformatieplichtStap | null {
  if (stand.status === 'UITGESTELD')
    return stand.hertoetsingOp === null ? null : { stap: 'HERTOETSEN', op: stand.hertoetsingOp };
  if (stand.status !== 'OPEN') return null;
  if (!stand.gemeld) return { stap: 'MELDEN', op: stand.start };
  const escalatie = addDays(stand.deadline, 1);
  if (!stand.herinnerd && !stand.geescaleerd) {
    const herinnering = maxDate(stand.start, addDays(stand.deadline, -policy.informatieplichtHerinneringDagen));
    // A term shorter than the reminder lead time gets its reminder at the start; never after the deadline.
    if (compareDates(herinnering, escalatie) < 0) return { stap: 'HERINNEREN', op: herinnering };
  }
  return stand.geescaleerd ? null : { stap: 'ESCALEREN', op: escalatie };
}

/**
 * The next re-test of a ground for uitstel, counted from the day it was (re)confirmed, and no later than the day the
 * person is expected to be informable (Prot. 16.7) while that day is still ahead.
 */
export function hertoetsingNa(dag: IsoDate, maanden: number, verwachteDatum?: IsoDate | null): IsoDate {
  const interval = addMonths(dag, maanden);
  return verwachteDatum && compareDates(verwachteDatum, dag) > 0 ? minDate(interval, verwachteDatum) : interval;
}

// ---------------------------------------------------------------------------------------------------------------
// The gate (AVG 14 lid 3 c; Prot. 16.1): before data leaves, each person it concerns is informed or has a ground.

/** A person's first notice, as the gate sees it. */
export interface PlichtVanPersoon {
  informatieplichtId: string;
  betrokkeneId: string | null;
  moment: InformatieplichtMoment;
  status: InformatieplichtStatus;
}

/**
 * The persons who hold back a provision of data about `betrokkeneIds` (empty: about the casus as a whole, i.e.
 * everyone in it) to a deelnemer, a RIEC or a derde: each whose notice of the processing (`IN_BEHANDELING`) is still
 * OPEN. Informed, postponed or omitted on a recorded ground, or lapsed: not held back; a person without the
 * obligation (a casus from before it existed, or imported) neither. The one rule every providing route asks.
 */
export function blokkerendePersonen<P extends PlichtVanPersoon>(
  plichten: readonly P[],
  betrokkeneIds: readonly string[],
): P[] {
  return plichten.filter(
    (p) =>
      p.moment === 'IN_BEHANDELING' &&
      p.status === 'OPEN' &&
      (betrokkeneIds.length === 0 || p.betrokkeneId === null || betrokkeneIds.includes(p.betrokkeneId)),
  );
}

/** The persons a set of data items is about: their own persons, or everyone when one is about the casus as a whole. */
export const personenVan = (items: ReadonlyArray<{ betrokkeneIds: readonly string[] }>): string[] =>
  items.length === 0 || items.some((g) => g.betrokkeneIds.length === 0)
    ? []
    : [...new Set(items.flatMap((g) => g.betrokkeneIds))];

// ---------------------------------------------------------------------------------------------------------------
// Request bodies (the Contactpunt's recordings)

/** POST /informatieplicht/:id/verstrekt: the betrokkene was informed, on that day, that way. */
export const verstrektSchema = z.strictObject({
  datum: isoDateSchema,
  kanaal: z.enum(informeerKanalen),
  toelichting: tekst(2000).optional(),
});

/** POST /informatieplicht/:id/uitstel (Prot. 16.7): ground, reason, when informing is expected, how often re-tested. */
export const uitstelSchema = z.strictObject({
  grond: z.enum(uitstelGronden),
  reden: tekst(4000),
  verwachteDatum: isoDateSchema,
  hertoetsingMaanden: z.number().int().min(1).max(12).optional(),
});

/**
 * POST /informatieplicht/:id/afzien (AVG 14 lid 5 b; Prot. 16.6–16.7): this person is not informed at all, on a
 * ground, with the written motivation.
 */
export const afzienSchema = z.strictObject({
  grond: z.enum(uitstelGronden),
  motivering: tekst(4000),
});

/** POST /informatieplicht/:id/hertoetsing: the ground still holds, or it lapsed (then the betrokkene is informed after all). */
export const hertoetsingSchema = z.strictObject({
  uitkomst: z.enum(['GROND_GELDT_NOG', 'GROND_VERVALLEN']),
  toelichting: tekst(2000).optional(),
});

/** GET /informatieplicht: the work list's filters. */
export const werklijstFilterSchema = z.strictObject({
  status: z.enum(informatieplichtStatussen).optional(),
  /** Only obligations still open after their deadline. */
  verlopen: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  casusId: z.uuid().toLowerCase().optional(),
});
