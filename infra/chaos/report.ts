import type { Findings } from './invariants';

/** One round of the chaos run: which component was killed, and what the invariants found afterwards. */
export interface RoundResult {
  fault: string;
  /** Milliseconds into the load at which the component was killed. */
  killedAtMs: number;
  findings: Findings;
  /** Slowest answer the clients got, in ms. */
  slowestMs: number;
  /** How often each answer came (status, problem type), for reading a failed round. */
  answers: Record<string, number>;
}

const violations: Array<keyof Findings> = [
  'lost',
  'duplicated',
  'zombie',
  'inconsistent',
  'unanswered',
  'serverErrors',
];

export const passed = (rounds: RoundResult[]): boolean =>
  rounds.every((r) => violations.every((v) => r.findings[v] === 0));

/** The table of the chaos run, one line per round and a total, as plain text for a terminal or a CI log. */
export function formatReport(rounds: RoundResult[]): string {
  const columns = ['round', 'fault', 'killed at', 'registered', 'decided', ...violations, 'refused', 'slowest'];
  const rows = rounds.map((r, i) => [
    String(i + 1),
    r.fault,
    `${(r.killedAtMs / 1000).toFixed(1)} s`,
    String(r.findings.registrations),
    String(r.findings.decisions),
    ...violations.map((v) => String(r.findings[v])),
    String(r.findings.refused),
    `${r.slowestMs} ms`,
  ]);
  const sum = (k: keyof Findings) => String(rounds.reduce((n, r) => n + r.findings[k], 0));
  rows.push(['all', '', '', sum('registrations'), sum('decisions'), ...violations.map(sum), sum('refused'), '']);
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
