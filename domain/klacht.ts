import { z } from 'zod';
import { eenRegel, tekst } from './casus';
import { addDays, compareDates, isoDateSchema, type IsoDate } from './dates';

/**
 * Klachten (Awb hoofdstuk 9; Afspr. 14.9; Prot. 16.5 f): a betrokkene's complaint about the processing, received by
 * the Contactpunt, handled with the deelnemers it concerns, within the Awb term. The schemas and the pure rules of
 * the process: its deadline, what it waits for next, and which action is possible when. No I/O and no clock.
 */

/** Awb 9:11 lid 1: a complaint is handled within six weeks of its receipt. Fixed by law, not a policy. */
export const KLACHT_TERMIJN_DAGEN = 42;
/** Awb 9:11 lid 2: the handling may be postponed once, by at most four weeks, with written notice. */
export const KLACHT_VERDAGING_DAGEN = 28;

export const klachtKanalen = ['BRIEF', 'EMAIL', 'BALIE', 'TELEFONISCH'] as const;
/** Awb 9:12: the findings, the judgement on them and any conclusions; INGETROKKEN ends it without a judgement. */
export const klachtOordelen = ['GEGROND', 'DEELS_GEGROND', 'ONGEGROND', 'INGETROKKEN'] as const;
export type KlachtOordeel = (typeof klachtOordelen)[number];

/** POST /klachten: the complaint as received. The klager's words and identity stay in Postgres. */
export const klachtSchema = (vandaag: IsoDate) =>
  z.strictObject({
    ontvangenOp: isoDateSchema.refine((d) => compareDates(d, vandaag) <= 0, 'ligt in de toekomst'),
    kanaal: z.enum(klachtKanalen),
    klager: z.strictObject({ naam: eenRegel(200), adres: tekst(500), email: z.email().max(254).optional() }),
    /** What the complaint is about, in the klager's words (Awb 9:4 lid 2 c). */
    omschrijving: tekst(8000),
    /** The deelnemers whose interests the complaint touches (Afspr. 14.9): they are involved in its handling. */
    deelnemerIds: z
      .array(z.string().min(1).max(100))
      .max(50)
      .refine((a) => new Set(a).size === a.length, 'bevat een deelnemer dubbel')
      .default([]),
    casusId: z.uuid().toLowerCase().optional(),
    /** Related requests or breaches, when the complaint is about their handling. */
    avgVerzoekId: z.uuid().toLowerCase().optional(),
    datalekId: z.uuid().toLowerCase().optional(),
  });
export type KlachtInvoer = z.infer<ReturnType<typeof klachtSchema>>;

/** POST /klachten/:id/verdaging (Awb 9:11 lid 2): the reason goes into the notice to the klager. */
export const klachtVerdagingSchema = z.strictObject({ reden: tekst(2000) });
/** POST /klachten/:id/reactie: an involved deelnemer's contribution to the handling (Afspr. 14.9). */
export const klachtReactieSchema = z.strictObject({ reactie: tekst(8000) });
/** POST /klachten/:id/afhandeling (Awb 9:12): findings, judgement and conclusions, in the outcome letter. */
export const klachtAfhandelingSchema = z.strictObject({
  oordeel: z.enum(klachtOordelen),
  bevindingen: tekst(8000),
  conclusies: tekst(4000).optional(),
});
export type KlachtAfhandeling = z.infer<typeof klachtAfhandelingSchema>;

/** The actions the workflow judges; a deelnemer's REACTIE changes no state and is recorded by the API. */
export const klachtHandelingSoorten = ['VERDAGING', 'AFHANDELING'] as const;
export type KlachtHandelingSoort = (typeof klachtHandelingSoorten)[number];

export const klachtFasen = ['IN_BEHANDELING', 'AFGEHANDELD'] as const;
export type KlachtFase = (typeof klachtFasen)[number];

/** The timers: a reminder before the deadline, then the report that it passed. */
export type KlachtStap = 'HERINNERING' | 'TERMIJN_VERSTREKEN';

/** What the process knows of one klacht: ids, dates and instants only, so it may travel through Temporal. */
export interface KlachtStand {
  klachtId: string;
  ontvangenOp: IsoDate;
  /** The last day of the term (Awb 9:11), postponed once at most. */
  deadline: IsoDate;
  verdaagd: boolean;
  afgehandeldOp: string | null;
  /** The instants the timers fire (Dutch midnight of their day), computed by the activity that loads the stand. */
  herinneringOp: string;
  verstrekenOp: string;
  /** Which timer mails for the current deadline went out (the audit log is the record). */
  verzonden: { herinnering: boolean; termijnVerstreken: boolean };
}

export const klachtDeadline = (ontvangenOp: IsoDate, verdaagd: boolean): IsoDate =>
  addDays(ontvangenOp, KLACHT_TERMIJN_DAGEN + (verdaagd ? KLACHT_VERDAGING_DAGEN : 0));

export const klachtFase = (s: Pick<KlachtStand, 'afgehandeldOp'>): KlachtFase =>
  s.afgehandeldOp === null ? 'IN_BEHANDELING' : 'AFGEHANDELD';

/** The next timer of an open klacht, or null. A reminder already overtaken by the deadline is skipped. */
export function volgendeKlachtStap(s: KlachtStand, nu: number): { stap: KlachtStap; op: string } | null {
  if (s.afgehandeldOp !== null || s.verzonden.termijnVerstreken) return null;
  if (!s.verzonden.herinnering && nu < Date.parse(s.verstrekenOp)) return { stap: 'HERINNERING', op: s.herinneringOp };
  return { stap: 'TERMIJN_VERSTREKEN', op: s.verstrekenOp };
}

/** Why an action is not possible now (a 409), or undefined when it is. `nu`: the workflow's clock. */
export function klachtHandelingWeigering(
  soort: KlachtHandelingSoort,
  s: Pick<KlachtStand, 'afgehandeldOp' | 'verdaagd' | 'verstrekenOp'>,
  nu: number,
): string | undefined {
  if (s.afgehandeldOp !== null) return 'de klacht is afgehandeld';
  if (soort === 'AFHANDELING') return undefined;
  if (s.verdaagd) return 'de afhandeling is al eens verdaagd; dat kan maar één keer (Awb 9:11 lid 2)';
  return nu >= Date.parse(s.verstrekenOp)
    ? 'verdagen kan alleen binnen de termijn van zes weken (Awb 9:11 lid 2)'
    : undefined;
}
