import { aantal, duur, miQuerySchema, percentiel, telling } from '../../domain/managementinformatie';

// The pure rules of the management information: suppression of small counts, percentiles by nearest rank, the period.
test('a count from 1 up to the threshold is suppressed; 0 and the threshold itself are shown', () => {
  expect(aantal('X', 'TOTAAL', 0, 5)).toEqual({
    onderwerp: 'X',
    categorie: 'TOTAAL',
    eenheid: 'AANTAL',
    waarde: 0,
    onderdrukt: false,
  });
  expect(aantal('X', 'TOTAAL', 4, 5)).toMatchObject({ waarde: null, onderdrukt: true });
  expect(aantal('X', 'TOTAAL', 5, 5)).toMatchObject({ waarde: 5, onderdrukt: false });
  expect(aantal('X', 'TOTAAL', 1, 1)).toMatchObject({ waarde: 1, onderdrukt: false });
});

test('a telling lists the total, every expected category (0 when none) and any other found', () => {
  const t = telling(
    'INTAKE',
    ['IN_BEHANDELING', 'NIET_IN_BEHANDELING'],
    [...Array(6).fill('IN_BEHANDELING'), 'ANDERS'],
    5,
  );
  expect(t.map((c) => [c.categorie, c.waarde])).toEqual([
    ['TOTAAL', 7],
    ['IN_BEHANDELING', 6],
    ['NIET_IN_BEHANDELING', 0],
    ['ANDERS', null],
  ]);
});

test('median and p90 by nearest rank, suppressed over fewer cases than the threshold', () => {
  expect(percentiel([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
  expect(percentiel([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  expect(percentiel([7], 90)).toBe(7);
  expect(duur('D', [3, 1, 2, 10, 4], 5).map((c) => [c.categorie, c.waarde])).toEqual([
    ['AANTAL', 5],
    ['MEDIAAN', 3],
    ['P90', 10],
  ]);
  expect(duur('D', [3, 1], 5).map((c) => [c.categorie, c.waarde, c.onderdrukt])).toEqual([
    ['AANTAL', null, true],
    ['MEDIAAN', null, true],
    ['P90', null, true],
  ]);
  expect(duur('D', [], 5).map((c) => [c.categorie, c.waarde, c.onderdrukt])).toEqual([
    ['AANTAL', 0, false],
    ['MEDIAAN', null, false],
    ['P90', null, false],
  ]);
});

test('the period: real days, van not after tot, at most ten years', () => {
  expect(miQuerySchema.safeParse({ van: '2026-01-01', tot: '2026-12-31' }).success).toBe(true);
  expect(miQuerySchema.safeParse({ van: '2026-01-01', tot: '2026-01-01' }).success).toBe(true);
  expect(miQuerySchema.safeParse({ van: '2026-02-01', tot: '2026-01-31' }).success).toBe(false);
  expect(miQuerySchema.safeParse({ van: '2010-01-01', tot: '2026-01-01' }).success).toBe(false);
  expect(miQuerySchema.safeParse({ van: '2026-02-30', tot: '2026-03-01' }).success).toBe(false);
  expect(miQuerySchema.safeParse({ van: '2026-01-01' }).success).toBe(false);
});
