import { z } from 'zod';
import { compareDates, daysBetween, isoDateSchema, isValidIsoDate, type IsoDate } from './dates';

/**
 * Management information (Afspr. 1.15, 4.9, Bijlage 4; Conv. 4.4 c, 6.4, 11.3): figures per period for the jaarverslag
 * and the oversight, never personal data. Every figure is a count or a number of days under a fixed code; a count
 * below the policy's threshold (ZVH_MI_DREMPEL) is suppressed, and so is a duration over fewer cases, so that no
 * figure singles out a person. Pure: the API gathers the facts, these rules make the figures.
 */

const beide = (q: { van: unknown; tot: unknown }) =>
  typeof q.van === 'string' && typeof q.tot === 'string' && isValidIsoDate(q.van) && isValidIsoDate(q.tot);

/** GET /managementinformatie: the period, both days included (Dutch calendar days), at most ten years. */
export const miQuerySchema = z
  .strictObject({
    van: isoDateSchema,
    tot: isoDateSchema,
    formaat: z.enum(['json', 'csv']).optional(),
  })
  // Judged only when both days are real dates (zod runs object refinements after field errors too).
  .refine((q) => !beide(q) || compareDates(q.van, q.tot) <= 0, { message: 'van ligt na tot', path: ['tot'] })
  .refine((q) => !beide(q) || daysBetween(q.van, q.tot) <= 3660, {
    message: 'de periode is langer dan tien jaar',
    path: ['tot'],
  });
export type MiQuery = z.infer<typeof miQuerySchema>;

export const miEenheden = ['AANTAL', 'DAGEN'] as const;

/** One figure: what it counts (`onderwerp`), which part (`categorie`), and its value (null: suppressed or none). */
export interface MiCijfer {
  onderwerp: string;
  categorie: string;
  eenheid: (typeof miEenheden)[number];
  waarde: number | null;
  /** True when a count (or the number of cases behind a duration) fell below the threshold. */
  onderdrukt: boolean;
}

/** A count as published: 0 is shown (it singles out nobody), 1 up to the threshold is not. */
export const aantal = (onderwerp: string, categorie: string, n: number, drempel: number): MiCijfer => {
  const onderdrukt = n > 0 && n < drempel;
  return { onderwerp, categorie, eenheid: 'AANTAL', waarde: onderdrukt ? null : n, onderdrukt };
};

/** Counts per category, every expected category present (0 when none), sorted as given. */
export function telling(
  onderwerp: string,
  categorieen: readonly string[],
  waarden: readonly string[],
  drempel: number,
): MiCijfer[] {
  const n = new Map<string, number>();
  for (const w of waarden) n.set(w, (n.get(w) ?? 0) + 1);
  const alle = [...categorieen, ...[...n.keys()].filter((k) => !categorieen.includes(k)).sort()];
  return [
    aantal(onderwerp, 'TOTAAL', waarden.length, drempel),
    ...alle.map((c) => aantal(onderwerp, c, n.get(c) ?? 0, drempel)),
  ];
}

/** The p-th percentile by nearest rank (p in (0, 100]) of a non-empty list. */
export function percentiel(waarden: readonly number[], p: number): number {
  const gesorteerd = [...waarden].sort((a, b) => a - b);
  const rang = Math.max(1, Math.ceil((p / 100) * gesorteerd.length));
  return gesorteerd[rang - 1]!;
}

/** Median and p90 of durations in days, with the number of cases; suppressed below the threshold. */
export function duur(onderwerp: string, dagen: readonly number[], drempel: number): MiCijfer[] {
  const onderdrukt = dagen.length < drempel;
  const waarde = (p: number) => (onderdrukt || dagen.length === 0 ? null : percentiel(dagen, p));
  return [
    aantal(onderwerp, 'AANTAL', dagen.length, drempel),
    {
      onderwerp,
      categorie: 'MEDIAAN',
      eenheid: 'DAGEN',
      waarde: waarde(50),
      onderdrukt: onderdrukt && dagen.length > 0,
    },
    { onderwerp, categorie: 'P90', eenheid: 'DAGEN', waarde: waarde(90), onderdrukt: onderdrukt && dagen.length > 0 },
  ];
}

/** Whole Dutch calendar days between two days (never negative). */
export const dagenTussen = (van: IsoDate, tot: IsoDate): number => Math.max(0, daysBetween(van, tot));
