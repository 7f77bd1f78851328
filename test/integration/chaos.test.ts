import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../infra/tools';
import type { RoundResult } from '../../infra/chaos/report';

// The short variant of `npm run chaos`: its own stack (not the test stack, whose Postgres it would kill), one fault of
// each kind under a small load, every invariant of issue #13 checked afterwards.
test('one SIGKILL of each component under load loses, duplicates and strands nothing', async () => {
  const report = join(mkdtempSync(join(tmpdir(), 'zvh-chaos-test-')), 'report.json');
  // The test stack's addresses and keys must not leak into the chaos stack: it starts everything itself.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(ZVH_|TEMPORAL_|DATABASE_URL|OIDC_|SMTP_)/.test(k)),
  );
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'infra/chaos/cli.ts', '--short', '--report', report], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((ok) => child.once('exit', ok));
  if (code !== 0) throw new Error(`npm run chaos -- --short exited with ${code}:\n${output}`);
  const rounds = JSON.parse(readFileSync(report, 'utf8')) as RoundResult[];
  expect(rounds.map((r) => r.fault)).toEqual(['worker', 'api', 'temporal', 'postgres']);
  for (const { findings } of rounds) {
    expect(findings).toMatchObject({
      lost: 0,
      duplicated: 0,
      zombie: 0,
      inconsistent: 0,
      unanswered: 0,
      serverErrors: 0,
    });
    expect(findings.registrations).toBeGreaterThan(0);
  }
}, 900_000);
