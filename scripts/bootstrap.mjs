// Brings a fresh clone to a runnable state using Node built-ins only: npm packages, the generated Prisma client,
// the Temporal CLI (built from its Go module) and, for tests, the Temporal time-skipping test server (Maven).
// Every step is idempotent: a stamp file records what was built from which inputs, so reruns are instant.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
