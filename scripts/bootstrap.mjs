// Brings a fresh clone to a runnable state using Node built-ins only: npm packages, the generated Prisma client,
// the Temporal CLI (built from its Go module) with its Web UI's assets and, for tests, the Temporal time-skipping test server (Maven).
// Every step is idempotent: a stamp file records what was built from which inputs, so reruns are instant.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');

const log = (msg) => process.stderr.write(`[bootstrap] ${msg}\n`);
const hashOf = (...files) => {
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(join(root, f)));
  return h.digest('hex');
};
// Tools' progress goes to stderr: stdout belongs to the command that bootstraps (e.g. `npx zvh bewaartermijn`'s JSON).
const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 2, 'inherit'], env: { ...process.env, ...env } });

/** Runs `build` unless `stampFile` already holds `key`; records `key` afterwards. */
function once(stampFile, key, what, build) {
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === key) return;
  log(what);
  build();
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, key);
}

export function ensureNodeModules() {
  // `npm install --no-save` rather than `npm ci`: the registry mirror here serves only this platform's optional
  // binaries, so the lockfile cannot list the other platforms' packages and `npm ci` refuses it as out of sync.
  // With a lockfile present `npm install` still installs exactly the locked versions.
  once(
    join(root, 'node_modules', '.zvh-installed'),
    hashOf('package.json', 'package-lock.json'),
    'installing npm packages',
    () => run('npm', ['install', '--no-save', '--no-audit', '--no-fund']),
  );
}

export function ensurePrismaClient() {
  // `prisma generate` needs no engine, but insists that PRISMA_SCHEMA_ENGINE_BINARY, when set, names a file.
  once(
    join(root, 'generated', '.zvh-generated'),
    hashOf('prisma/schema.prisma', 'package-lock.json'),
    'generating the Prisma client',
    () =>
      run(join(root, 'node_modules', '.bin', 'prisma'), ['generate'], {
        PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
      }),
  );
}

export function temporalCliPath() {
  const version = readFileSync(join(root, 'tools', 'temporal-cli.version'), 'utf8').trim();
  return { version, bin: join(tools, `temporal-cli-${version}`, 'temporal') };
}

export function ensureTemporalCli() {
  const { version, bin } = temporalCliPath();
  if (existsSync(bin)) return bin;
  log(`building the Temporal CLI ${version} from its Go module (first run only; takes a few minutes)`);
  run(
    'go',
    [
      'install',
      '-ldflags',
      `-s -w -X github.com/temporalio/cli/temporalcli.Version=${version.replace(/^v/, '')}`,
      `github.com/temporalio/cli/cmd/temporal@${version}`,
    ],
    { GOBIN: dirname(bin), CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
  );
  return bin;
}

/** Where ensureTemporalUi puts the Web UI's assets (infra/tools.ts knows the same path). */
export const temporalUiPath = () => join(tools, `temporal-ui-${temporalCliPath().version}`);

/**
 * The Web UI the CLI embeds, as files for `--ui-asset-path`, with tools/temporal-ui-columns.js inlined first (its
 * hash added to the page's Content-Security-Policy): the operators' columns without setting them up per browser.
 * The assets come from the ui-server Go module of the CLI's go.mod (the module cache, or the Go proxy).
 */
export function ensureTemporalUi() {
  const { version } = temporalCliPath();
  const script = readFileSync(join(root, 'tools', 'temporal-ui-columns.js'), 'utf8');
  const dir = temporalUiPath();
  const stamp = join(tools, `temporal-ui-${version}.zvh-built`);
  once(stamp, hashOf('tools/temporal-ui-columns.js'), `preparing the Temporal Web UI of CLI ${version}`, () => {
    const moduleDir = (module) => {
      const out = execFileSync('go', ['mod', 'download', '-json', module], { cwd: tools, encoding: 'utf8' });
      return JSON.parse(out).Dir;
    };
    mkdirSync(tools, { recursive: true });
    const cli = moduleDir(`github.com/temporalio/cli@${version}`);
    const uiVersion = /github\.com\/temporalio\/ui-server\/v2 (v\S+)/.exec(
      readFileSync(join(cli, 'go.mod'), 'utf8'),
    )?.[1];
    if (!uiVersion) throw new Error(`no ui-server module in the go.mod of the Temporal CLI ${version}`);
    const assets = join(moduleDir(`github.com/temporalio/ui-server/v2@${uiVersion}`), 'ui', 'assets', 'local');
    rmSync(dir, { recursive: true, force: true });
    cpSync(assets, dir, { recursive: true });
    chmodSync(dir, 0o755); // the module cache is read-only, and so is its copy
    const index = join(dir, 'index.html');
    const hash = createHash('sha256').update(`\n${script}`).digest('base64');
    const html = readFileSync(index, 'utf8');
    const patched = html
      .replace(/(http-equiv="content-security-policy" content="script-src [^"]*)"/, `$1 'sha256-${hash}'"`)
      .replace('</head>', `  <script>\n${script}</script>\n  </head>`);
    if (patched === html || !patched.includes(hash)) throw new Error('the Temporal Web UI page has changed its form');
    rmSync(index);
    writeFileSync(index, patched);
  });
  return dir;
}

/** Resolves the classpath of io.temporal:temporal-test-server; scripts/temporal-test-server execs java with it. */
export function ensureTestServer() {
  const pom = 'tools/temporal-test-server/pom.xml';
  const classpath = join(tools, 'temporal-test-server', 'classpath.txt');
  once(
    join(tools, 'temporal-test-server', '.zvh-resolved'),
    hashOf(pom),
    'resolving the Temporal test server with Maven',
    () => run('mvn', ['-q', '-B', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${classpath}`]),
  );
  return join(root, 'scripts', 'temporal-test-server');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureNodeModules();
  ensurePrismaClient();
  ensureTemporalCli();
  if (process.argv.includes('--test')) ensureTestServer();
}
