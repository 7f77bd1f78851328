import { z } from 'zod';

/**
 * Calendar dates as ISO strings `YYYY-MM-DD`.
 *
 * Legal terms (bewaartermijn, archiefdatum) are counted in whole calendar days as they fall in the Netherlands, so a
 * date here is a day on the Europe/Amsterdam calendar with no time and no zone attached: converting a timestamp to a
 * date is the caller's job (at the I/O edge). Everything below is plain integer arithmetic: no `Date`, no clock, no
 * locale, so it is deterministic and safe inside Temporal workflow code.
 */

/** An hour and 24 hours in milliseconds: for terms counted in elapsed time on timestamps, not in calendar days. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Number of days in `month` (1–12) of `year`, proleptic Gregorian. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function parseParts(value: string): Ymd | undefined {
  const m = ISO_DATE.exec(value);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True for a real calendar date in `YYYY-MM-DD` form (so 2025-02-30 and 2025-02-29 are not). */
export const isValidIsoDate = (value: string): boolean => parseParts(value) !== undefined;

/** A calendar date `YYYY-MM-DD` that has been checked to exist. */
export const isoDateSchema = z
  .string()
  .regex(ISO_DATE, 'expected a date as YYYY-MM-DD')
  .refine(isValidIsoDate, 'not an existing calendar date')
  .meta({ format: 'date' }) // for the API's OpenAPI document (api/openapi.ts)
  .brand<'IsoDate'>();
export type IsoDate = z.output<typeof isoDateSchema>;

/** Validates and brands a date string; throws a RangeError for anything that is not a real `YYYY-MM-DD` date. */
export function isoDate(value: string): IsoDate {
  if (!isValidIsoDate(value)) throw new RangeError(`invalid ISO date: ${JSON.stringify(value)}`);
  return value as IsoDate;
}

function parts(date: IsoDate): Ymd {
  const p = parseParts(date);
  // Unreachable for a branded value; guards against casts from unchecked strings.
  if (p === undefined) throw new RangeError(`invalid ISO date: ${JSON.stringify(date)}`);
  return p;
}

function format({ year, month, day }: Ymd): IsoDate {
  if (year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`date out of range: year ${year}`);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as IsoDate;
}

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

// Days since 1970-01-01 and back (H. Hinnant's civil-calendar algorithms), so addDays needs no Date object.
function toDayNumber({ year, month, day }: Ymd): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(n: number): Ymd {
  const z0 = n + 719468;
  const era = Math.floor(z0 / 146097);
  const doe = z0 - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Adds `n` calendar months (n may be negative). When the target month is shorter, the day is clamped to its last
 * day (31 March + 1 month = 30 April). Dutch law has no general rule for this (the Algemene termijnenwet only moves
 * deadlines off weekends and holidays); end-of-month clamping is the rule of Verordening (EEG, Euratom) 1182/71
 * art. 3 lid 2 sub c and the common reading in Dutch practice, and it never lets a term run past its month.
 */
export function addMonths(date: IsoDate, n: number): IsoDate {
  assertInteger(n, 'months');
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + n;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  return format({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) });
}

/** Adds `n` years; 29 February lands on 28 February in a common year (see addMonths for why). */
export const addYears = (date: IsoDate, n: number): IsoDate => {
  assertInteger(n, 'years');
  return addMonths(date, n * 12);
};

/** Adds `n` calendar days (n may be negative). */
export function addDays(date: IsoDate, n: number): IsoDate {
  assertInteger(n, 'days');
  return format(fromDayNumber(toDayNumber(parts(date)) + n));
}

/** -1, 0 or 1 as `a` is before, on or after `b`. Usable as an Array.prototype.sort comparator. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  // Fixed-width YYYY-MM-DD strings order lexicographically exactly as the dates do.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((acc, d) => (compareDates(d, acc) < 0 ? d : acc), first);
}

export function maxDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((acc, d) => (compareDates(d, acc) > 0 ? d : acc), first);
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export const daysBetween = (a: IsoDate, b: IsoDate): number => toDayNumber(parts(b)) - toDayNumber(parts(a));
