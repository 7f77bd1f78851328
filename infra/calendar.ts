import { HOUR_MS, isoDate, type IsoDate } from '../domain/dates';

// Legal terms count calendar days as they fall in the Netherlands (see domain/dates.ts); this is the I/O edge
// where an instant becomes such a day.
const amsterdam = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export const dutchCalendarDate = (instant: Date): IsoDate => isoDate(amsterdam.format(instant));

/** A calendar date as stored in a Postgres DATE column through Prisma (midnight UTC). */
export const dateColumn = (date: IsoDate): Date => new Date(`${date}T00:00:00.000Z`);

/** The calendar date a Postgres DATE column holds (the inverse of `dateColumn`). */
export const dateOfColumn = (column: Date): IsoDate => isoDate(column.toISOString().slice(0, 10));

/** The instant a Dutch calendar day begins (midnight in Europe/Amsterdam, CET or CEST). */
export function dutchDayStart(date: IsoDate): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00.000Z`);
  // Amsterdam is UTC+2 in summer and UTC+1 in winter: the earlier candidate that still falls on `date` is midnight.
  for (const hours of [2, 1]) {
    const candidate = new Date(utcMidnight - hours * HOUR_MS);
    if (dutchCalendarDate(candidate) === date) return candidate;
  }
  throw new Error(`no Amsterdam midnight found for ${date}`);
}
