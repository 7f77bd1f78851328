// `npm start`: bootstraps a fresh clone (Node built-ins only), then runs the whole stack (infra/start.ts).
import { spawn } from 'node:child_process';
import { ensureNodeModules, ensurePrismaClient, ensureTemporalCli, root } from './bootstrap.mjs';

ensureNodeModules();
ensurePrismaClient();
if (!process.env.TEMPORAL_ADDRESS) ensureTemporalCli();
const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'infra/start.ts'], { cwd: root, stdio: 'inherit' });
// Ctrl+C reaches the child through the terminal's process group; forward SIGTERM explicitly.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 1));
