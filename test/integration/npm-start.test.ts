import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, until } from '../../infra/tools';

// `npm start` as a person runs it (node scripts/start.mjs → infra/start.ts → the supervised stack), on a data
// directory and ports of its own. However it is stopped, every process of it must end and free its ports.
const dataDir = mkdtempSync(join(tmpdir(), 'zvh-start-'));
chmodSync(dataDir, 0o755); // the postgres OS user must reach its data directory

/** A process as /proc shows it: its parent, its start time (which tells a reused pid apart) and whether it runs. */
function stat(pid: number): { ppid: number; start: string; running: boolean } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return { ppid: Number(fields[1]), start: fields[19] ?? '', running: fields[0] !== 'Z' };
  } catch {
    return undefined;
  }
}

/** Every process below `root`, with its start time and command line. */
function descendants(root: number): Array<{ pid: number; start: string; cmd: string }> {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const below: Array<{ pid: number; start: string; cmd: string }> = [];
  const walk = (parent: number) => {
    for (const pid of all) {
      const s = stat(pid);
      if (s?.ppid !== parent || !s.running) continue;
      const cmd = (() => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        } catch {
          return '';
        }
      })();
      below.push({ pid, start: s.start, cmd });
      walk(pid);
    }
  };
  walk(root);
  return below;
}

const portFree = (port: number) =>
  new Promise<boolean>((ok) => {
    const srv = createServer();
    srv.once('error', () => ok(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => ok(true)));
  });

/** Polls `probe`; fails saying `what` when it is not true within `timeoutMs`. */
async function within(what: string, timeoutMs: number, probe: () => Promise<boolean> | boolean): Promise<void> {
  if (!(await until(AbortSignal.timeout(timeoutMs), probe))) throw new Error(`${what} within ${timeoutMs} ms`);
}

interface Running {
  wrapper: ChildProcess;
  exited: Promise<number | null>;
  tree: Array<{ pid: number; start: string; cmd: string }>;
  ports: number[];
}

/** `npm start` itself (npm → sh → scripts/start.mjs → …), or `node scripts/start.mjs`. */
async function npmStart(via: 'npm' | 'node' = 'node'): Promise<Running> {
  // Embedded defaults (none of the test stack's addresses) on free ports.
  const env: NodeJS.ProcessEnv = { ...process.env, ZVH_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  for (const k of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE']) delete env[k];
  for (const k of ['OIDC_ISSUER', 'SMTP_HOST', 'ZVH_API_URL', 'ZVH_ARCHIEF_MAP']) delete env[k];
  const ports: Record<string, number> = {};
  for (const name of ['API_PORT', 'TEMPORAL_PORT', 'ZVH_ISSUER_PORT', 'TEMPORAL_UI_PORT']) {
    ports[name] = await freePort();
    env[name] = String(ports[name]);
  }
  const options = { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] as Array<'ignore' | 'pipe'> };
  const wrapper =
    via === 'npm' ? spawn('npm', ['start'], options) : spawn(process.execPath, ['scripts/start.mjs'], options);
  const out = createWriteStream(join(dataDir, 'npm-start.out'), { flags: 'a' });
  let printed = '';
  wrapper.stdout?.on('data', (chunk: Buffer) => void (printed += chunk.toString()));
  wrapper.stdout?.pipe(out);
  wrapper.stderr?.pipe(out);
  const exited = new Promise<number | null>((ok) => wrapper.once('exit', (code) => ok(code)));
  const api = `http://127.0.0.1:${ports.API_PORT}`;
  // Up once it says so (and is ready); an early exit ends the wait too, and fails below.
  const readyOrExited = async () =>
    wrapper.exitCode !== null || (printed.includes('Press Ctrl+C to stop.') && (await fetch(`${api}/health/ready`)).ok);
  await within(`npm start was not ready (see ${dataDir})`, 180_000, readyOrExited);
  expect(wrapper.exitCode).toBeNull();
  // Each process logs to <data dir>/logs; the API's and worker's lines reach the terminal too.
  const apiLog = readFileSync(join(dataDir, 'logs', 'api.log'), 'utf8');
  expect(apiLog).toMatch(/"component":"api","msg":"api listening"/);
  expect(printed).toMatch(/"component":"api","msg":"api listening"/);
  for (const name of ['worker', 'temporal', 'postgres']) {
    expect(statSync(join(dataDir, 'logs', `${name}.log`)).size).toBeGreaterThan(0);
  }
  const tree = descendants(wrapper.pid as number);
  // The web application's address and the demo accounts of the local OpenID Provider's login page.
  expect(printed).toContain(`  Web          ${api}   (log in as one of the demo accounts below)`);
  expect(printed).toMatch(/Demo Contactpunt: gemeente-utrecht \(OVERHEID\), rol contactpunt, medewerker /);
  const onderdelen = ['infra/start.ts', 'worker/main.ts', 'api/main.ts', 'infra/oidc-provider-main.ts'];
  for (const part of [...onderdelen, 'temporal server start-dev', 'bin/postgres']) {
    expect(tree.some((p) => p.cmd.includes(part))).toBe(true);
  }
  const postgresArgs = tree.find((p) => p.cmd.includes('bin/postgres'))?.cmd.split(' ') ?? [];
  const postgresPort = Number(postgresArgs[postgresArgs.indexOf('-p') + 1]);
  return { wrapper, exited, tree, ports: [...Object.values(ports), postgresPort] };
}

/** Every process of the stack ended (a pid now taken by another process counts as ended) and its ports are free. */
async function expectAllGone({ wrapper, tree, ports }: Running): Promise<void> {
  const alive = () =>
    [{ pid: wrapper.pid as number, start: undefined }, ...tree].filter((p) => {
      const s = stat(p.pid);
      return s?.running && (p.start === undefined || s.start === p.start);
    });
  await within('processes still running', 60_000, () => alive().length === 0);
  for (const port of ports) expect(await portFree(port)).toBe(true);
}

const startTs = (r: Running) => r.tree.find((p) => p.cmd.includes('infra/start.ts'))?.pid as number;

test('SIGTERM to `npm start`: every process of the stack exits and its ports are free', async () => {
  const r = await npmStart('npm');
  r.wrapper.kill('SIGTERM');
  await expectAllGone(r);
}, 300_000);

test('SIGTERM to `node scripts/start.mjs`: the same', async () => {
  const r = await npmStart();
  r.wrapper.kill('SIGTERM');
  expect(await r.exited).toBe(0);
  await expectAllGone(r);
}, 300_000);

test('SIGINT to infra/start.ts: the same', async () => {
  const r = await npmStart();
  process.kill(startTs(r), 'SIGINT');
  expect(await r.exited).toBe(0);
  await expectAllGone(r);
}, 300_000);

test('its parent dies (SIGKILL to npm, to start.mjs, then to infra/start.ts): nothing stays behind', async () => {
  const r = await npmStart('npm'); // npm's `sh -c` outlives it: scripts/start.mjs watches npm too
  r.wrapper.kill('SIGKILL');
  await expectAllGone(r);
  const r2 = await npmStart();
  r2.wrapper.kill('SIGKILL');
  await expectAllGone(r2);
  const r3 = await npmStart();
  process.kill(startTs(r3), 'SIGKILL'); // no handler runs: the children notice by themselves
  await expectAllGone(r3);
}, 500_000);
