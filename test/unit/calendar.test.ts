import { dateColumn, dutchCalendarDate, dutchDayStart } from '../../infra/calendar';
import { isoDate } from '../../domain/dates';

test.each([
  ['2026-01-14T22:59:59.999Z', '2026-01-14'], // 23:59:59 CET
  ['2026-01-14T23:00:00.000Z', '2026-01-15'], // midnight CET
  ['2026-07-14T21:59:59.999Z', '2026-07-14'], // 23:59:59 CEST
  ['2026-07-14T22:00:00.000Z', '2026-07-15'], // midnight CEST
])('instant %s falls on %s in the Netherlands', (instant, date) => {
  expect(dutchCalendarDate(new Date(instant))).toBe(date);
});

test('a calendar date is stored as midnight UTC in a DATE column', () => {
  expect(dateColumn(isoDate('2027-01-15')).toISOString()).toBe('2027-01-15T00:00:00.000Z');
});

test.each([
  ['2026-01-15', '2026-01-14T23:00:00.000Z'], // CET
  ['2026-07-15', '2026-07-14T22:00:00.000Z'], // CEST
  ['2026-03-29', '2026-03-28T23:00:00.000Z'], // the day summer time starts (at 02:00)
  ['2026-10-25', '2026-10-24T22:00:00.000Z'], // the day it ends (at 03:00)
])('the Dutch day %s begins at %s', (date, instant) => {
  expect(dutchDayStart(isoDate(date)).toISOString()).toBe(instant);
  expect(dutchCalendarDate(new Date(instant))).toBe(date);
  expect(dutchCalendarDate(new Date(Date.parse(instant) - 1))).not.toBe(date);
});
