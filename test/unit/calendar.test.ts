import { dateColumn, dutchCalendarDate } from '../../infra/calendar';
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
