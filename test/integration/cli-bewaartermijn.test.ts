import { spawnSync } from 'node:child_process';
import { repoRoot } from '../../infra/tools';

// `npx zvh bewaartermijn` run as a real process: argument parsing, exit codes and the JSON on stdout. The date rules
// themselves are unit-tested with domain/bewaartermijn.ts; here they only need to arrive intact.
const zvh = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'cli/zvh.ts', 'bewaartermijn', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });

function ok(...args: string[]): Record<string, unknown> {
  const out = zvh(...args);
  expect({ status: out.status, stderr: out.stderr }).toEqual({ status: 0, stderr: '' });
  // Exactly one JSON object, on one line.
  expect(out.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(out.stdout) as Record<string, unknown>;
}

// SPEC §5, worked examples 1–5 (003 Bewaartermijnen).
test.each([
  [1, ['--aanmelding', '2025-06-05', '--afsluiting', '2025-12-23'], '2026-12-23', 'AFSLUITING_PLUS_TERMIJN'],
  [2, ['--aanmelding', '2025-06-05', '--afsluiting', '2030-06-05'], '2030-06-05', 'MAXIMUM'],
  [3, ['--aanmelding', '2025-06-05', '--afsluiting', '2030-01-05'], '2030-06-05', 'MAXIMUM'],
  [4, ['--aanmelding', '2024-03-03', '--afsluiting', '2024-12-01'], '2025-12-01', 'AFSLUITING_PLUS_TERMIJN'],
  [
    5,
    ['--aanmelding', '2025-06-05', '--verlenging', '2030-06-05', '--afsluiting', '2031-02-23'],
    '2032-02-23',
    'AFSLUITING_PLUS_TERMIJN',
  ],
])('SPEC §5 example %i', (_nr, args, expected, grond) => {
  const result = ok(...args);
  expect(result).toMatchObject({ archiefdatum: expected, grond, voorlopig: false });
});

test('echoes the inputs next to the result', () => {
  expect(ok('--verlenging=2030-06-05', '--aanmelding=2025-06-05')).toEqual({
    archiefdatum: '2032-06-05',
    grond: 'MAXIMUM',
    maximum: '2032-06-05',
    voorlopig: true,
    aanmelding: '2025-06-05',
    afsluiting: null,
    verlengingen: [{ datum: '2030-06-05', heropening: null }],
    afgewezen: false,
  });
});

test('situation 2: the two years of a verlenging granted while closed run from the heropening after it (003)', () => {
  const gesloten = ['--aanmelding', '2025-06-05', '--afsluiting', '2030-01-05', '--verlenging', '2030-03-01'];
  // Not reopened: it goes at afsluiting + 1 year, which the verlenging allows beyond the 5 years.
  expect(ok(...gesloten)).toMatchObject({ archiefdatum: '2031-01-05', maximum: '2032-03-01' });
  // Reopened (so open again: no --afsluiting) on 2030-09-15: the maximum is that day + 2 years.
  const heropend = ['--aanmelding', '2025-06-05', '--verlenging', '2030-03-01', '--heropening', '2030-09-15'];
  expect(ok(...heropend)).toMatchObject({
    archiefdatum: '2032-09-15',
    maximum: '2032-09-15',
    voorlopig: true,
    verlengingen: [{ datum: '2030-03-01', heropening: '2030-09-15' }],
  });
});

test('an open casus is due at the maximum, provisionally', () => {
  expect(ok('--aanmelding', '2025-06-05')).toMatchObject({
    archiefdatum: '2030-06-05',
    grond: 'MAXIMUM',
    maximum: '2030-06-05',
    voorlopig: true,
  });
});

test('a rejected aanmelding is due one year after the aanmelding', () => {
  expect(ok('--aanmelding', '2025-06-05', '--afgewezen')).toMatchObject({
    archiefdatum: '2026-06-05',
    grond: 'AFWIJZING',
    voorlopig: false,
    afgewezen: true,
  });
});

test('--help prints the usage on stdout and exits 0', () => {
  const out = zvh('--help');
  expect(out.status).toBe(0);
  expect(out.stdout).toContain('usage: zvh bewaartermijn --aanmelding YYYY-MM-DD');
});

test.each([
  ['no --aanmelding', [], /--aanmelding is required/],
  ['an impossible date', ['--aanmelding', '2025-02-30'], /--aanmelding 2025-02-30: not an existing calendar date/],
  [
    'a date in another format',
    ['--aanmelding', '05-06-2025'],
    /--aanmelding 05-06-2025: expected a date as YYYY-MM-DD/,
  ],
  [
    'afsluiting before aanmelding',
    ['--aanmelding', '2025-06-05', '--afsluiting', '2025-01-01'],
    /--afsluiting 2025-01-01: .*AFSLUITING_BEFORE_AANMELDING/,
  ],
  [
    'a verlenging before its window',
    ['--aanmelding', '2025-06-05', '--verlenging', '2026-01-01'],
    /--verlenging 2026-01-01: .*VERLENGING_BEFORE_WINDOW/,
  ],
  [
    'afgewezen with an afsluiting',
    ['--aanmelding', '2025-06-05', '--afsluiting', '2025-07-01', '--afgewezen'],
    /AFSLUITING_AND_AFWIJZING/,
  ],
  [
    'a repeated --afsluiting',
    ['--aanmelding', '2025-06-05', '--afsluiting', '2025-07-01', '--afsluiting', '2025-08-01'],
    /--afsluiting may be given only once/,
  ],
  [
    'a --heropening without its --verlenging',
    ['--aanmelding', '2025-06-05', '--heropening', '2030-09-15'],
    /--heropening 2030-09-15 must follow the --verlenging it belongs to/,
  ],
  [
    'a heropening before its verlenging',
    ['--aanmelding', '2025-06-05', '--verlenging', '2030-03-01', '--heropening', '2030-02-01'],
    /--heropening 2030-02-01: .*HEROPENING_BEFORE_VERLENGING/,
  ],
  ['a missing value', ['--aanmelding'], /'--aanmelding <value>' argument missing/],
  ['an unknown option', ['--aanmelding', '2025-06-05', '--afsluitng', '2025-07-01'], /Unknown option '--afsluitng'/],
  ['a date past the calendar', ['--aanmelding', '9998-01-01'], /date out of range/],
])('%s exits 2 with a message naming the problem', (_name, args, message) => {
  const out = zvh(...args);
  expect(out.status).toBe(2);
  expect(out.stdout).toBe('');
  expect(out.stderr).toMatch(message);
  expect(out.stderr).toContain('usage: zvh bewaartermijn');
});
