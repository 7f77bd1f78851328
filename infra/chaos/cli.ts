import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatReport, passed } from './report';
import { runChaos } from './run';

/**
 * `npm run chaos [-- --short] [--rounds N] [--casussen N] [--concurrency N] [--report file.json]`: kills each
 * component of its own stack in turn under load and prints what the invariants found (exit code 1 on a violation).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      casussen: { type: 'string' },
      concurrency: { type: 'string' },
      report: { type: 'string' },
    },
  });
  const number = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number.parseInt(v, 10));
  const rounds = await runChaos({
    rounds: number(values.rounds, values.short ? 1 : 3),
    casussen: number(values.casussen, values.short ? 5 : 100),
    concurrency: number(values.concurrency, values.short ? 4 : 12),
    temporalTimeoutMs: 10_000,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${formatReport(rounds)}\n`);
  if (values.report) writeFileSync(values.report, JSON.stringify(rounds, null, 2));
  const ok = passed(rounds);
  process.stdout.write(ok ? 'chaos: every invariant held\n' : 'chaos: INVARIANTS VIOLATED\n');
  process.exit(ok ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`chaos failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
