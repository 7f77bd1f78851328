// Runs a TypeScript entry point after bootstrapping: `node scripts/run.mjs infra/migrate-cli.ts [args]`.
import { spawnSync } from 'node:child_process';
import { ensureNodeModules, ensurePrismaClient, root } from './bootstrap.mjs';

ensureNodeModules();
ensurePrismaClient();
const [file, ...args] = process.argv.slice(2);
const { status } = spawnSync(process.execPath, ['--require', 'tsx/cjs', file, ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(status ?? 1);
