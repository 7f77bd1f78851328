// `npm test`: bootstraps (incl. the Temporal test server), type-checks, then runs every jest test.
// Extra arguments go to jest, e.g. `npm test -- test/unit`.
import { spawnSync } from 'node:child_process';
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
step(bin('jest'), process.argv.slice(2));
