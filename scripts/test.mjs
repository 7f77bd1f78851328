// `npm test`: bootstraps (incl. the Temporal test server), type-checks, checks format and lint, then runs
// every jest test.
// Extra arguments go to jest, e.g. `npm test -- test/unit`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNodeModules, ensurePrismaClient, ensureTemporalCli, ensureTestServer, root } from './bootstrap.mjs';

ensureNodeModules();
ensurePrismaClient();
ensureTemporalCli();
ensureTestServer();
const bin = (name) => join(root, 'node_modules', '.bin', name);
const step = (cmd, args) => {
  const { status } = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
};
step(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
step(bin('prettier'), ['--check', '--log-level', 'warn', '.']);
step(bin('eslint'), ['.']);
// Jest's JSON report gives the plain closing line 'N passed, N failed' that CI reads.
mkdirSync(join(root, '.data'), { recursive: true });
const report = join(root, '.data', 'jest-report.json');
const { status } = spawnSync(bin('jest'), ['--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  process.stdout.write(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped\n`);
} catch {
  process.stdout.write('\nno jest report was written\n');
}
process.exit(status ?? 1);
