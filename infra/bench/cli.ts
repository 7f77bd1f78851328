import { parseArgs } from 'node:util';
import { runBench, runCaseload } from './run';

/**
 * `npm run bench [-- --samples N] [--clients N] [--sweep N]`: raw Temporal and the product side by side, a Markdown
 * table on stdout. `npm run bench -- --caseload N [--probes N] [--probe-seconden S]`: the caseload run.
 * Figures go into docs/bench.md, never into tests.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      caseload: { type: 'string' },
      samples: { type: 'string' },
      clients: { type: 'string' },
      sweep: { type: 'string' },
      probes: { type: 'string' },
      'probe-seconden': { type: 'string' },
    },
  });
  const number = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number.parseInt(v, 10));
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const clients = number(values.clients, 16);
  const table = values.caseload
    ? await runCaseload({
        casussen: number(values.caseload, 2000),
        clients,
        probes: number(values.probes, 20),
        probeSeconden: number(values['probe-seconden'], 120),
        progress,
      })
    : await runBench({
        samples1: Math.ceil(number(values.samples, 400) / 4),
        samplesN: number(values.samples, 400),
        clients,
        sweepCasussen: number(values.sweep, 200),
        progress,
      });
  process.stdout.write(`${table}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
