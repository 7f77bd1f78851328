// `npm start`: bootstraps a fresh clone (Node built-ins only), then runs the whole stack (infra/start.ts).
import { spawn } from 'node:child_process';
import { ensureNodeModules, ensurePrismaClient, ensureTemporalCli, root } from './bootstrap.mjs';

ensureNodeModules();
ensurePrismaClient();
if (!process.env.TEMPORAL_ADDRESS) ensureTemporalCli();
// The IPC channel closes however this process ends, SIGKILL included: infra/start.ts then stops the stack.
const stdio = ['inherit', 'inherit', 'inherit', 'ipc'];
const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'infra/start.ts'], { cwd: root, stdio });
// Ctrl+C reaches the child through the terminal's process group too; a second SIGINT does no harm.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// npm died (its signal not passed on): the stack must not stay behind as an orphan holding its ports.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) child.kill('SIGTERM');
}, 500).unref();
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
