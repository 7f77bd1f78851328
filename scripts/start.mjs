// `npm start`: bootstraps a fresh clone (Node built-ins only), then runs the whole stack (infra/start.ts).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ensureNodeModules, ensurePrismaClient, ensureTemporalCli, ensureTemporalUi, root } from './bootstrap.mjs';

ensureNodeModules();
ensurePrismaClient();
if (!process.env.TEMPORAL_ADDRESS) {
  ensureTemporalCli();
  ensureTemporalUi();
}
// The IPC channel closes however this process ends, SIGKILL included: infra/start.ts then stops the stack.
const stdio = ['inherit', 'inherit', 'inherit', 'ipc'];
const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'infra/start.ts'], { cwd: root, stdio });
// Ctrl+C reaches the child through the terminal's process group too; a second SIGINT does no harm.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// npm died (its signal not passed on): the stack must not stay behind as an orphan holding its ports. npm runs
// the script through `sh -c`, which outlives a killed npm, so under npm its grandparent is watched too (Linux).
const ppidOf = (pid) => {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  } catch {
    return undefined;
  }
};
const parent = process.ppid;
const grandparent = process.env.npm_lifecycle_event ? ppidOf(parent) : undefined;
const watch = setInterval(() => {
  if (process.ppid === parent && (grandparent === undefined || ppidOf(parent) === grandparent)) return;
  clearInterval(watch);
  child.kill('SIGTERM');
}, 500).unref();
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
