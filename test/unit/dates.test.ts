import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  isoDate,
  isoDateSchema,
  isValidIsoDate,
  maxDate,
  minDate,
} from '../../domain/dates';

const d = isoDate;

describe('isoDateSchema', () => {
  test.each(['2025-06-05', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31', '2025-12-31'])(
    'accepts %s',
    (value) => {
      expect(isoDateSchema.parse(value)).toBe(value);
      expect(isValidIsoDate(value)).toBe(true);
    },
  );

  test.each([
    '2025-02-30',
    '2025-02-29', // not a leap year
    '1900-02-29', // century, not a leap year
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '0000-01-01',
    '2025-6-5',
    '25-06-05',
    '2025-06-05T00:00:00Z',
    ' 2025-06-05',
    '',
  ])('rejects %j', (value) => {
    expect(isoDateSchema.safeParse(value).success).toBe(false);
    expect(isValidIsoDate(value)).toBe(false);
    expect(() => isoDate(value)).toThrow(RangeError);
  });

  test('rejects non-strings', () => {
    expect(isoDateSchema.safeParse(20250605).success).toBe(false);
    expect(isoDateSchema.safeParse(null).success).toBe(false);
  });
});

describe('addYears', () => {
  test.each([
    ['2025-06-05', 5, '2030-06-05'],
    ['2025-12-23', 1, '2026-12-23'],
    ['2024-02-29', 1, '2025-02-28'], // end-of-month clamping
    ['2024-02-29', 4, '2028-02-29'], // leap year to leap year keeps the 29th
    ['2024-02-29', 5, '2029-02-28'],
    ['2024-02-29', -1, '2023-02-28'],
    ['2030-06-05', -1, '2029-06-05'],
    ['2099-03-01', 1, '2100-03-01'],
    ['2096-02-29', 4, '2100-02-28'], // 2100 is not a leap year
  ])('%s + %i years = %s', (from, n, expected) => {
    expect(addYears(d(from), n)).toBe(expected);
  });

  test('rejects fractional years and out-of-range results', () => {
    expect(() => addYears(d('2025-06-05'), 1.5)).toThrow(RangeError);
    expect(() => addYears(d('9999-06-05'), 1)).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  test.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-11-15', 2, '2026-01-15'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2025-01-15', -13, '2023-12-15'],
    ['2025-06-05', 0, '2025-06-05'],
    ['2025-08-31', 6, '2026-02-28'],
  ])('%s + %i months = %s', (from, n, expected) => {
    expect(addMonths(d(from), n)).toBe(expected);
  });
});

describe('addDays', () => {
  test.each([
    ['2025-06-05', 1, '2025-06-06'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2025-01-01', 365, '2026-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['1970-01-01', -1, '1969-12-31'],
    ['2000-02-28', 1, '2000-02-29'], // 2000 is a leap year
    ['1900-02-28', 1, '1900-03-01'], // 1900 is not
  ])('%s + %i days = %s', (from, n, expected) => {
    expect(addDays(d(from), n)).toBe(expected);
  });

  test('round-trips every day across four centuries', () => {
    let date = d('1999-12-31');
    const wrong: string[] = [];
    for (let i = 0; i < 146097; i += 1) {
      const next = addDays(date, 1);
      if (compareDates(date, next) !== -1 || !isValidIsoDate(next) || addDays(next, -1) !== date) wrong.push(next);
      date = next;
    }
    expect(wrong).toEqual([]);
    expect(date).toBe('2399-12-31');
    expect(daysBetween(d('1999-12-31'), date)).toBe(146097);
  });
});

describe('compare, min, max', () => {
  test('compareDates', () => {
    expect(compareDates(d('2025-06-05'), d('2025-06-06'))).toBe(-1);
    expect(compareDates(d('2025-06-05'), d('2025-06-05'))).toBe(0);
    expect(compareDates(d('2026-01-01'), d('2025-12-31'))).toBe(1);
    expect([d('2030-06-05'), d('2025-06-05'), d('2026-12-23')].sort(compareDates)).toEqual([
      '2025-06-05',
      '2026-12-23',
      '2030-06-05',
    ]);
  });

  test('minDate and maxDate', () => {
    expect(minDate(d('2026-12-23'), d('2030-06-05'), d('2025-12-23'))).toBe('2025-12-23');
    expect(maxDate(d('2026-12-23'), d('2030-06-05'), d('2025-12-23'))).toBe('2030-06-05');
    expect(minDate(d('2026-12-23'))).toBe('2026-12-23');
  });

  test('daysBetween', () => {
    expect(daysBetween(d('2025-06-05'), d('2025-06-05'))).toBe(0);
    expect(daysBetween(d('2025-06-05'), d('2030-06-05'))).toBe(1826);
    expect(daysBetween(d('2025-03-01'), d('2025-02-28'))).toBe(-1);
  });
});
