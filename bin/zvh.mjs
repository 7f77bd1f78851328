#!/usr/bin/env node
// `npx zvh <command>`: the command-line tool for procesregisseur, archiefbeheerder, FG and operators (cli/zvh.ts).
import { spawnSync } from 'node:child_process';
import { ensureNodeModules, ensurePrismaClient, root } from '../scripts/bootstrap.mjs';

ensureNodeModules();
ensurePrismaClient();
const { status } = spawnSync(process.execPath, ['--import', 'tsx', `${root}/cli/zvh.ts`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(status ?? 1);
