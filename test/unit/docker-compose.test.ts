// Static checks of the container deployment (Dockerfile, docker-compose.yml): nothing is built or started here, the
// files are parsed and checked against each other and against the repository (sources, package.json, tsconfig).
// Each test collects every problem it finds, so a failure names all of them at once.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { APP_ROLE } from '../../infra/app-role';

const root = path.resolve(__dirname, '../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

type Dict = Record<string, unknown>;
const isDict = (x: unknown): x is Dict => typeof x === 'object' && x !== null && !Array.isArray(x);
const asDict = (x: unknown): Dict => (isDict(x) ? x : {});
const asString = (x: unknown): string | undefined =>
  typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : undefined;

// ---------------------------------------------------------------------------------------------------------------------
// docker-compose.yml
// ---------------------------------------------------------------------------------------------------------------------

const composeText = read('docker-compose.yml');
// merge: docker compose resolves YAML merge keys (`<<: *app-env`), YAML 1.2 parsers only when asked.
const compose = asDict(parse(composeText, { merge: true }));
const services = asDict(compose.services);
const serviceNames = Object.keys(services);
const service = (name: string): Dict => asDict(services[name]);

/** What compose substitutes when the variable is unset: `${X:-d}` / `${X-d}` → d, `${X}` / `$X` → '', `$$` → `$`. */
const interpolate = (s: string): string =>
  s.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, _braced, fallback) =>
    m === '$$' ? '$' : typeof fallback === 'string' ? fallback : '',
  );

/** A service's environment as a map, from either compose form (map or `KEY=value` list), interpolated. */
function envOf(name: string): Record<string, string> {
  const raw = service(name).environment;
  const env: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const s = asString(entry) ?? '';
      const eq = s.indexOf('=');
      if (eq > 0) env[s.slice(0, eq)] = interpolate(s.slice(eq + 1));
    }
  } else {
    for (const [k, v] of Object.entries(asDict(raw))) {
      const s = asString(v);
      if (s !== undefined) env[k] = interpolate(s);
    }
  }
  return env;
}

/** depends_on as { service: condition }, from either compose form (list means service_started). */
function dependsOn(name: string): Record<string, string> {
  const raw = service(name).depends_on;
  const deps: Record<string, string> = {};
  if (Array.isArray(raw)) for (const d of raw) deps[asString(d) ?? ''] = 'service_started';
  else for (const [k, v] of Object.entries(asDict(raw))) deps[k] = asString(asDict(v).condition) ?? 'service_started';
  return deps;
}

const commandOf = (name: string): string[] => {
  const c = service(name).command;
  return Array.isArray(c) ? c.map((x) => asString(x) ?? '') : typeof c === 'string' ? c.split(/\s+/) : [];
};

const healthcheckTest = (name: string): string[] => {
  const t = asDict(service(name).healthcheck).test;
  return Array.isArray(t) ? t.map((x) => asString(x) ?? '') : typeof t === 'string' ? ['CMD-SHELL', t] : [];
};

/** `name:tag` (optionally `registry/name:tag@sha256:…`): the tag, or undefined when there is none. */
function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastPart.indexOf(':');
  return colon < 0 ? undefined : lastPart.slice(colon + 1);
}

function imageProblem(image: string): string | undefined {
  const tag = imageTag(image);
  if (tag === undefined || tag === '') return `image "${image}" has no tag`;
  if (tag === 'latest') return `image "${image}" uses the moving tag "latest"`;
  return undefined;
}

/** Services that run once and exit: some other service waits for them with service_completed_successfully. */
const oneShot = new Set(
  serviceNames.flatMap((s) =>
    Object.entries(dependsOn(s))
      .filter(([, c]) => c === 'service_completed_successfully')
      .map(([d]) => d),
  ),
);

/** `host:port` → host (an IPv6 literal in brackets included). */
const hostOfAddress = (address: string): string => address.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');

const APP_SERVICES = ['api', 'worker'];
const REQUIRED_APP_ENV = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_TASK_QUEUE',
  'ZVH_PAYLOAD_KEYS',
];
/** Required by the api only (infra/config.ts). */
const REQUIRED_API_ENV = ['OIDC_ISSUER'];

/** Compiled entry point → its TypeScript source: dist/api/main.js → api/main.ts. */
const sourceOf = (compiled: string): string => compiled.replace(/^(\.\/)?dist\//, '').replace(/\.js$/, '.ts');

/** Problems with a `node dist/….js` command: it must name a file the build emits from an existing source. */
function commandProblems(where: string, command: string[]): string[] {
  const [bin, script] = command;
  if (bin !== 'node' || script === undefined || !/^(\.\/)?dist\/.+\.js$/.test(script)) {
    return [`${where}: command ${JSON.stringify(command)} is not \`node dist/<file>.js\``];
  }
  const problems: string[] = [];
  const source = sourceOf(script);
  if (!existsSync(path.join(root, source)))
    problems.push(`${where}: runs ${script}, but its source ${source} does not exist`);
  const buildConfig = asDict(JSON.parse(read('tsconfig.build.json')) as unknown);
  const include = Array.isArray(buildConfig.include) ? buildConfig.include.map((x) => asString(x) ?? '') : [];
  const topDir = source.split('/')[0] ?? '';
  if (!include.includes(topDir))
    problems.push(`${where}: runs ${script}, but tsconfig.build.json does not include ${topDir}/`);
  return problems;
}

describe('docker-compose.yml', () => {
  test('declares the expected services', () => {
    const expected = ['postgres', 'temporal', 'temporal-ui', 'migrate', 'worker', 'api'];
    expect(expected.filter((s) => !serviceNames.includes(s)).map((s) => `service "${s}" is missing`)).toEqual([]);
  });

  test.each(serviceNames)('%s: image pinned to a tag (not latest), or built here', (name) => {
    const s = service(name);
    const image = asString(s.image);
    const problems: string[] = [];
    if (image === undefined && s.build === undefined) problems.push(`${name}: neither image nor build`);
    if (image !== undefined) {
      const problem = imageProblem(interpolate(image));
      if (problem) problems.push(`${name}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  test.each(serviceNames)('%s: long-running services have a healthcheck, one-shot services restart never', (name) => {
    const problems: string[] = [];
    const hc = asDict(service(name).healthcheck);
    const t = healthcheckTest(name);
    if (oneShot.has(name)) {
      const restart = asString(service(name).restart) ?? 'no';
      if (restart !== 'no' && restart !== 'on-failure')
        problems.push(`${name}: one-shot service with restart "${restart}"`);
    } else if (hc.disable === true || t.length === 0 || t[0] === 'NONE') {
      problems.push(`${name}: long-running service without a healthcheck`);
    } else if (t[0] !== 'CMD' && t[0] !== 'CMD-SHELL') {
      problems.push(`${name}: healthcheck test must start with CMD or CMD-SHELL, got ${JSON.stringify(t[0])}`);
    }
    expect(problems).toEqual([]);
  });

  test('migrate is the one-shot service', () => {
    expect([...oneShot]).toEqual(['migrate']);
  });

  test('every depends_on names a service, and service_healthy only ones with a healthcheck', () => {
    const problems: string[] = [];
    for (const name of serviceNames) {
      for (const [dep, condition] of Object.entries(dependsOn(name))) {
        if (!serviceNames.includes(dep)) problems.push(`${name} depends on "${dep}", which is not a service`);
        else if (condition === 'service_healthy' && healthcheckTest(dep).length === 0) {
          problems.push(`${name} waits for "${dep}" to be healthy, but ${dep} has no healthcheck`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('start order: postgres → temporal, migrate → worker and api', () => {
    const expected: Array<[string, string, string]> = [
      ['temporal', 'postgres', 'service_healthy'],
      ['temporal-ui', 'temporal', 'service_healthy'],
      ['migrate', 'postgres', 'service_healthy'],
      ['worker', 'temporal', 'service_healthy'],
      ['worker', 'migrate', 'service_completed_successfully'],
      ['api', 'temporal', 'service_healthy'],
      ['api', 'migrate', 'service_completed_successfully'],
    ];
    const problems = expected.flatMap(([name, dep, condition]) => {
      const actual = dependsOn(name)[dep];
      if (actual === undefined) return [`${name} does not depend on ${dep} (expected condition ${condition})`];
      return actual === condition ? [] : [`${name} depends on ${dep} with condition ${actual}, expected ${condition}`];
    });
    expect(problems).toEqual([]);
  });

  test.each(APP_SERVICES)('%s: gets every required app variable, pointing at services of this file', (name) => {
    const env = envOf(name);
    const required = name === 'api' ? [...REQUIRED_APP_ENV, ...REQUIRED_API_ENV] : REQUIRED_APP_ENV;
    const problems: string[] = required.filter((k) => !env[k]).map((k) => `${name}: ${k} is not set`);

    const dbUrl = env.DATABASE_URL;
    if (dbUrl) {
      let url: URL | undefined;
      try {
        url = new URL(dbUrl);
      } catch {
        problems.push(`${name}: DATABASE_URL "${dbUrl}" is not a URL`);
      }
      if (url) {
        if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:')
          problems.push(`${name}: DATABASE_URL is not postgresql://`);
        if (!serviceNames.includes(url.hostname))
          problems.push(`${name}: DATABASE_URL host "${url.hostname}" is not a service`);
        // The credentials and database must be the ones the postgres service is initialised with.
        const pg = envOf(url.hostname);
        if (serviceNames.includes(url.hostname)) {
          const user = decodeURIComponent(url.username);
          const password = decodeURIComponent(url.password);
          const database = url.pathname.replace(/^\//, '');
          const pgUser = pg.POSTGRES_USER ?? 'postgres';
          // The migrator is the owner; api and worker log in as the role it grants, with the password it sets.
          const [expectedUser, expectedPassword, whose] =
            name === 'migrate'
              ? [pgUser, pg.POSTGRES_PASSWORD, `POSTGRES_PASSWORD of ${url.hostname}`]
              : [APP_ROLE, envOf('migrate').ZVH_APP_DB_PASSWORD, "migrate's ZVH_APP_DB_PASSWORD"];
          if (user !== expectedUser) problems.push(`${name}: DATABASE_URL user "${user}" is not "${expectedUser}"`);
          if (password !== expectedPassword) problems.push(`${name}: DATABASE_URL password differs from ${whose}`);
          const pgDb = pg.POSTGRES_DB ?? pgUser;
          if (database !== pgDb)
            problems.push(
              `${name}: DATABASE_URL database "${database}" is not POSTGRES_DB "${pgDb}" of ${url.hostname}`,
            );
          if (url.port !== '' && url.port !== '5432')
            problems.push(`${name}: DATABASE_URL port ${url.port} is not Postgres' 5432`);
        }
      }
    }

    const temporalAddress = env.TEMPORAL_ADDRESS;
    if (temporalAddress) {
      const host = hostOfAddress(temporalAddress);
      if (!serviceNames.includes(host)) problems.push(`${name}: TEMPORAL_ADDRESS host "${host}" is not a service`);
      if (!/:7233$/.test(temporalAddress))
        problems.push(`${name}: TEMPORAL_ADDRESS "${temporalAddress}" is not the frontend port 7233`);
    }
    expect(problems).toEqual([]);
  });

  test('api and worker agree on namespace and task queue', () => {
    const [api, worker] = [envOf('api'), envOf('worker')];
    const problems = ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE', 'DATABASE_URL']
      .filter((k) => api[k] !== worker[k])
      .map((k) => `${k} differs: api "${api[k]}", worker "${worker[k]}"`);
    expect(problems).toEqual([]);
  });

  test("migrate gets the same database as the api, as its owner, and grants the api's role", () => {
    const url = envOf('migrate').DATABASE_URL;
    const problems: string[] = [];
    const zonderGebruiker = (u: string) => {
      const x = new URL(u);
      return `${x.hostname}:${x.port}${x.pathname}`;
    };
    if (!url) problems.push('migrate: DATABASE_URL is not set');
    else if (zonderGebruiker(url) !== zonderGebruiker(envOf('api').DATABASE_URL ?? 'postgresql://none'))
      problems.push("migrate: DATABASE_URL is another database than the api's");
    if (!envOf('migrate').ZVH_APP_DB_PASSWORD)
      problems.push('migrate: ZVH_APP_DB_PASSWORD is not set, so it grants no role');
    expect(problems).toEqual([]);
  });

  test('temporal is configured for the postgres service with its credentials', () => {
    const env = envOf('temporal');
    const pg = envOf('postgres');
    const problems: string[] = [];
    const plugin = env.DB ?? env.SQL_PLUGIN;
    if (plugin !== 'postgres12' && plugin !== 'postgres12_pgx')
      problems.push(`temporal: DB is "${plugin}", expected postgres12`);
    const seeds = (env.POSTGRES_SEEDS ?? '').split(',').filter(Boolean);
    if (seeds.length === 0) problems.push('temporal: POSTGRES_SEEDS is not set');
    for (const seed of seeds)
      if (!serviceNames.includes(seed)) problems.push(`temporal: POSTGRES_SEEDS "${seed}" is not a service`);
    if (env.DB_PORT !== '5432') problems.push(`temporal: DB_PORT is "${env.DB_PORT}", expected 5432`);
    if (env.POSTGRES_USER !== (pg.POSTGRES_USER ?? 'postgres'))
      problems.push(`temporal: POSTGRES_USER "${env.POSTGRES_USER}" is not the postgres service's user`);
    if (env.POSTGRES_PWD !== pg.POSTGRES_PASSWORD)
      problems.push('temporal: POSTGRES_PWD differs from POSTGRES_PASSWORD of postgres');
    // auto-setup creates its databases only when their names differ from the user (else it expects the image to).
    for (const [k, dflt] of [
      ['DBNAME', 'temporal'],
      ['VISIBILITY_DBNAME', 'temporal_visibility'],
    ] as const) {
      const db = env[k] ?? dflt;
      if (db === pg.POSTGRES_DB) problems.push(`temporal: ${k} "${db}" is the application database`);
    }
    const namespace = envOf('api').TEMPORAL_NAMESPACE;
    if ((env.DEFAULT_NAMESPACE ?? 'default') !== namespace) {
      problems.push(
        `temporal: auto-setup registers namespace "${env.DEFAULT_NAMESPACE ?? 'default'}", the app uses "${namespace}"`,
      );
    }
    expect(problems).toEqual([]);
  });

  test('temporal-ui points at the temporal service', () => {
    const address = envOf('temporal-ui').TEMPORAL_ADDRESS;
    const problems: string[] = [];
    if (!address) problems.push('temporal-ui: TEMPORAL_ADDRESS is not set');
    else {
      const host = hostOfAddress(address);
      if (host !== 'temporal')
        problems.push(`temporal-ui: TEMPORAL_ADDRESS host "${host}" is not the temporal service`);
      if (!address.endsWith(':7233')) problems.push(`temporal-ui: TEMPORAL_ADDRESS "${address}" is not port 7233`);
    }
    expect(problems).toEqual([]);
  });

  test('api, worker and migrate run files the build emits', () => {
    const problems = ['api', 'worker', 'migrate'].flatMap((name) =>
      commandProblems(`${name} command`, commandOf(name)),
    );
    const expected: Record<string, string> = {
      api: 'dist/api/main.js',
      worker: 'dist/worker/main.js',
      migrate: 'dist/infra/migrate-cli.js',
    };
    for (const [name, file] of Object.entries(expected)) {
      if (commandOf(name)[1] !== file)
        problems.push(`${name}: command runs ${JSON.stringify(commandOf(name)[1])}, expected ${file}`);
    }
    expect(problems).toEqual([]);
  });

  test('api listens where its port mapping and healthcheck look', () => {
    const env = envOf('api');
    const port = env.API_PORT ?? '3000';
    const problems: string[] = [];
    if (env.API_HOST !== '0.0.0.0')
      problems.push(`api: API_HOST is "${env.API_HOST}", unreachable from outside the container unless 0.0.0.0`);
    const ports = Array.isArray(service('api').ports) ? (service('api').ports as unknown[]) : [];
    const targets = ports.map((p) => (isDict(p) ? asString(p.target) : (asString(p) ?? '').split(':').pop()));
    if (!targets.includes(port)) problems.push(`api: no port mapping to container port ${port}`);
    const hc = healthcheckTest('api').join(' ');
    if (!hc.includes(`:${port}/health`)) problems.push(`api: healthcheck does not probe :${port}/health`);
    expect(problems).toEqual([]);
  });

  test('worker heartbeat file is the one its healthcheck inspects', () => {
    const file = envOf('worker').WORKER_HEARTBEAT_FILE;
    const problems: string[] = [];
    if (!file) problems.push('worker: WORKER_HEARTBEAT_FILE is not set, so nothing refreshes the healthcheck file');
    else if (!healthcheckTest('worker').join(' ').includes(file))
      problems.push(`worker: healthcheck does not inspect ${file}`);
    expect(problems).toEqual([]);
  });

  test('every ${VAR} has a default, or is a secret that must be given (`${VAR:?message}`)', () => {
    const refs = composeText.replace(/\$\$/g, '').match(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
    const secrets = new Set(['ZVH_PAYLOAD_KEYS']);
    const ok = (r: string) =>
      /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-[^}]*\}$/.test(r) ||
      (/^\$\{([A-Za-z_][A-Za-z0-9_]*):\?[^}]+\}$/.test(r) && secrets.has(r.slice(2).split(':')[0] ?? ''));
    expect(refs.filter((r) => !ok(r)).map((r) => `${r} has no default and is not a required secret`)).toEqual([]);
  });

  test('postgres keeps its data in a named volume', () => {
    const volumes = Array.isArray(service('postgres').volumes) ? (service('postgres').volumes as unknown[]) : [];
    const named = Object.keys(asDict(compose.volumes));
    const problems: string[] = [];
    const dataVolume = volumes
      .map((v) =>
        isDict(v)
          ? { source: asString(v.source), target: asString(v.target) }
          : { source: asString(v)?.split(':')[0], target: asString(v)?.split(':')[1] },
      )
      .find((v) => v.target === '/var/lib/postgresql/data');
    if (!dataVolume) problems.push('postgres: /var/lib/postgresql/data is not a volume');
    else if (!dataVolume.source || !named.includes(dataVolume.source))
      problems.push(`postgres: data volume "${dataVolume.source}" is not a named volume`);
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Dockerfile
// ---------------------------------------------------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Instructions with continuation lines joined and comments dropped; FROM starts a stage, ARGs before it are global. */
function parseDockerfile(text: string): { globalArgs: Record<string, string>; stages: Stage[] } {
  const lines = text.split('\n').filter((l) => !/^\s*#/.test(l));
  const joined = lines.join('\n').replace(/\\\n/g, ' ');
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of joined.split('\n')) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const op = (m[1] ?? '').toUpperCase();
    const args = (m[2] ?? '').trim();
    if (op === 'FROM') {
      const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const asAt = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ image: words[0] ?? '', name: asAt >= 0 ? words[asAt + 1] : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (op === 'ARG') {
        const [k, v] = args.split('=');
        if (k) globalArgs[k.trim()] = (v ?? '').trim();
      }
    } else {
      stages[stages.length - 1]?.instructions.push({ op, args });
    }
  }
  return { globalArgs, stages };
}

const dockerfile = parseDockerfile(read('Dockerfile'));
const expandArgs = (s: string): string =>
  s.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_m, a?: string, b?: string) => dockerfile.globalArgs[a ?? b ?? ''] ?? '',
  );

/** JSON-form CMD/ENTRYPOINT → its words; shell form split on blanks. */
function execForm(args: string): string[] {
  try {
    const parsed = JSON.parse(args) as unknown;
    if (Array.isArray(parsed)) return parsed.map((x) => asString(x) ?? '');
  } catch {
    // shell form
  }
  return args.split(/\s+/);
}

describe('Dockerfile', () => {
  const { stages } = dockerfile;
  const final = stages[stages.length - 1];
  const stageNames = stages.map((s) => s.name).filter((n): n is string => n !== undefined);

  test('is multi-stage', () => {
    expect(stages.length >= 2 ? [] : [`${stages.length} stage(s); expected a build and a runtime stage`]).toEqual([]);
  });

  test('every FROM is pinned to a tag (not latest), or a previous stage', () => {
    const problems = stages.flatMap((s, i) => {
      const image = expandArgs(s.image);
      if (stageNames.slice(0, i).includes(image)) return [];
      if (image === '') return [`stage ${i + 1}: FROM ${s.image} resolves to nothing (ARG without default?)`];
      const problem = imageProblem(image);
      return problem ? [`stage ${i + 1} (${s.name ?? 'unnamed'}): ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  test('the runtime stage runs as a non-root user', () => {
    const users = (final?.instructions ?? []).filter((i) => i.op === 'USER').map((i) => i.args.split(':')[0] ?? '');
    const last = users[users.length - 1];
    const problems: string[] = [];
    if (last === undefined) problems.push('final stage has no USER instruction (runs as root)');
    else if (last === 'root' || last === '0') problems.push(`final stage runs as USER ${last}`);
    expect(problems).toEqual([]);
  });

  test('a build stage runs the build script of package.json, and the runtime stage takes its output', () => {
    const pkg = asDict(JSON.parse(read('package.json')) as unknown);
    const buildScript = asString(asDict(pkg.scripts).build);
    const problems: string[] = [];
    if (!buildScript) problems.push('package.json has no "build" script');
    const builder = stages.find((s) => s.instructions.some((i) => i.op === 'RUN' && /\bnpm run build\b/.test(i.args)));
    if (!builder) problems.push('no stage runs `npm run build`');
    else {
      if (builder === final) problems.push('`npm run build` runs in the final stage (dev dependencies would ship)');
      const generates = builder.instructions.some((i) => i.op === 'RUN' && /\bprisma generate\b/.test(i.args));
      if (!generates)
        problems.push('the build stage does not run `prisma generate` (dist/generated/prisma would be missing)');
      const copiesDist = (final?.instructions ?? []).some(
        (i) =>
          i.op === 'COPY' && new RegExp(`--from=${builder.name ?? '\\d+'}\\b`).test(i.args) && /\bdist\b/.test(i.args),
      );
      if (!copiesDist)
        problems.push(`the final stage does not COPY dist from the build stage "${builder.name ?? '?'}"`);
    }
    if (buildScript && !/\btsc\b/.test(buildScript))
      problems.push(`package.json build script "${buildScript}" does not run tsc`);
    expect(problems).toEqual([]);
  });

  test('the runtime stage has production settings, its migrations and a CMD the build emits', () => {
    const ins = final?.instructions ?? [];
    const problems: string[] = [];
    if (!ins.some((i) => i.op === 'ENV' && /\bNODE_ENV\s*=\s*"?production"?/.test(i.args)))
      problems.push('final stage does not set NODE_ENV=production');
    // infra/migrate.ts reads ../prisma/migrations relative to dist/infra/ (or the repo root): dist/prisma here.
    const copiesPrisma = ins.some(
      (i) => i.op === 'COPY' && /(^|\s)(\.\/)?prisma\/?\s+(\.\/|\/app\/)?dist\/prisma\/?$/.test(i.args),
    );
    if (!copiesPrisma) problems.push('final stage does not COPY prisma/ (with the migrations) to dist/prisma');
    // infra/mdto-validate.ts reads the MDTO XSD at ../standards/mdto/ relative to dist/infra/: dist/standards here.
    const standards = /(^|\s)(\.\/)?standards\/?\s+(\.\/|\/app\/)?dist\/standards\/?$/;
    const copiesStandards = ins.some((i) => i.op === 'COPY' && standards.test(i.args));
    if (!copiesStandards) problems.push('final stage does not COPY standards/ (the MDTO XSD) to dist/standards');
    if (
      ins.some((i) => i.op === 'RUN' && /\bnpm (ci|install)\b/.test(i.args) && !/--omit=dev|--production/.test(i.args))
    ) {
      problems.push('final stage installs dev dependencies');
    }
    const cmd = ins.filter((i) => i.op === 'CMD').pop();
    if (!cmd) problems.push('final stage has no CMD');
    else problems.push(...commandProblems('Dockerfile CMD', execForm(cmd.args)));
    expect(problems).toEqual([]);
  });

  test('.dockerignore keeps local state and build output out of the context', () => {
    const ignored = existsSync(path.join(root, '.dockerignore'))
      ? read('.dockerignore')
          .split('\n')
          .map((l) => l.trim().replace(/^\/|\/$/g, ''))
      : [];
    const required = ['node_modules', '.tools', '.data', 'dist', 'generated', '.git', 'coverage', '.env'];
    expect(required.filter((r) => !ignored.includes(r)).map((r) => `.dockerignore does not exclude ${r}`)).toEqual([]);
  });
});
