import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type Db } from '../../infra/db';
import { mintToken } from '../../infra/local-issuer';
import { startStack, type Stack } from '../../infra/stack';
import { freePort, until } from '../../infra/tools';
import { startApiInstance, stackIssuer, type ApiInstance } from '../support/api-instance';
import { aanmelding, createMedewerker, criteria, requireEnv, tokenFor } from '../support/fixtures';
import { apiPad, call, ok } from '../support/http';
import { expectProblem } from '../support/problem';

// Dependencies failing under real processes: a stack of its own (worker and API under the supervisor, on the test
// stack's Postgres and Temporal but with a task queue of its own) whose worker is killed, and API instances whose
// database is gone or hangs. Every wait is a poll with a deadline; bounds on answers catch hangs, not slowness.
const TEMPORAL_TIMEOUT_MS = 10_000; // the default; a cold worker's first workflow task must fit in it
let stack: Stack;
let db: Db;
let overheid: { medewerkerId: string; deelnemerId: string };

beforeAll(async () => {
  db = createDb(requireEnv('DATABASE_URL'));
  overheid = await createMedewerker(db, 'OVERHEID');
  stack = await startStack({
    dataDir: mkdtempSync(join(tmpdir(), 'zvh-outage-')),
    persistentTemporal: false,
    apiPort: await freePort(),
    output: 'files',
    taskQueue: `zvh-outage-${randomUUID().slice(0, 8)}`,
    restart: { initialDelayMs: 200 },
    // The test stack's dev server renews idle pollers every 5 s (infra/temporal-dev-server.ts).
    env: {
      LOG_LEVEL: 'info', // 'api listening' tells the API's processes apart in api.log
      API_TEMPORAL_TIMEOUT_MS: String(TEMPORAL_TIMEOUT_MS),
      API_READY_POLLER_MAX_AGE_MS: '15000',
    },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await db?.$disconnect();
});

const token = () => mintToken(stack.issuerDir as string, { ...overheid, rollen: [] }); // its own issuer's
const post = async (path: string, body: unknown) =>
  fetch(`${stack.apiUrl}${apiPad(path)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000), // a hang fails here
  });

const aanmelden = async (): Promise<string> => {
  const res = await post('/casussen', aanmelding());
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
};

/** Polls `url` until it answers `status` (within a minute), and returns that answer. */
async function untilStatus(url: string, status: number): Promise<Response> {
  let last: Response | undefined;
  const answered = await until(AbortSignal.timeout(60_000), async () => {
    last = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return last.status === status;
  });
  if (!answered || !last) throw new Error(`${url} answered ${last?.status ?? 'nothing'}, not ${status}, for a minute`);
  return last;
}

test('the worker dies: ready 503, a decision 503 within its deadline, the supervisor brings it back', async () => {
  const casusId = await aanmelden();
  const worker = stack.processes.worker;
  const pid = worker.pid as number;
  worker.holdRestarts(); // keep the outage until it has been observed
  process.kill(pid, 'SIGKILL');

  const ready = await expectProblem(await untilStatus(`${stack.apiUrl}/health/ready`, 503), 503, 'niet-gezond');
  expect(ready.checks).toEqual({ postgres: 'ok', temporal: 'ok', worker: 'geen-worker' });
  expect((await fetch(`${stack.apiUrl}/health/live`)).status).toBe(200);
  expect((await fetch(`${stack.apiUrl}/health`)).status).toBe(200); // Postgres and Temporal only, as documented

  const res = await post(`/casussen/${casusId}/intake-besluit`, { uitkomst: 'IN_BEHANDELING', criteria });
  const body = await expectProblem(res, 503, 'uitkomst-onbekend');
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(body.detail).toContain('Idempotency-Key');

  worker.releaseRestarts();
  await worker.whenReady();
  expect(worker.restarts).toBe(1);
  expect(worker.pid).not.toBe(pid);
  await untilStatus(`${stack.apiUrl}/health/ready`, 200);
  // Decisions work again (on a fresh casus: whether the unanswered one took effect is what the 503 left open).
  const res2 = await post(`/casussen/${await aanmelden()}/intake-besluit`, { uitkomst: 'IN_BEHANDELING', criteria });
  expect(res2.status).toBe(200);
  const stackLog = readFileSync(join(stack.logDir, 'stack.log'), 'utf8');
  expect(stackLog).toMatch(/"msg":"restarting process","process":"worker"/);
});

test('the API dies: the supervisor restarts it by itself, and its log continues in api.log', async () => {
  const api = stack.processes.api;
  const pid = api.pid as number;
  const restarts = api.restarts;
  process.kill(pid, 'SIGKILL');
  await untilStatus(`${stack.apiUrl}/health/live`, 200);
  await api.whenReady();
  expect(api.pid).not.toBe(pid);
  expect(api.restarts).toBe(restarts + 1);
  // The supervisor logs the restart once the successor is ready, just after kill() resolved: wait for the line.
  const gelogd = () =>
    /"msg":"process restarted","process":"api"/.test(readFileSync(join(stack.logDir, 'stack.log'), 'utf8'));
  expect(await until(AbortSignal.timeout(10_000), gelogd)).toBe(true);
  const listening = readFileSync(join(stack.logDir, 'api.log'), 'utf8').match(/"msg":"api listening"/g) ?? [];
  expect(listening.length).toBe(restarts + 2); // the first process and each successor
});

describe('Postgres unreachable', () => {
  let hangs: Server;
  const instances: ApiInstance[] = [];
  const instance = async (databaseUrl: string): Promise<ApiInstance> => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'zvh-outage-api-'));
    const env = { ...process.env, DATABASE_URL: databaseUrl, API_PORT: String(port), OIDC_ISSUER: stackIssuer() };
    const i = await startApiInstance(env, join(dir, 'api.log'), 60_000, '/health/live');
    instances.push(i);
    return i;
  };

  beforeAll(async () => {
    hangs = createServer(() => undefined).listen(0, '127.0.0.1'); // accepts connections, never answers
    await new Promise((r) => hangs.once('listening', r));
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    hangs?.close();
  });

  const wie = () => tokenFor(overheid);
  const dependencyDown = async (url: string) => {
    const auth = { authorization: `Bearer ${await wie()}` };
    // Reads, writes and unauthenticated checks: each a 503 problem with Retry-After, none a 500.
    for (const [method, path, body] of [
      ['GET', `/casussen/${randomUUID()}`, undefined],
      ['POST', '/casussen', aanmelding()],
    ] as const) {
      const res = await fetch(`${url}${apiPad(path)}`, {
        method,
        headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const problem = await expectProblem(res, 503, 'niet-beschikbaar');
      expect(problem.detail).toMatch(/database/);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    const ready = await expectProblem(await fetch(`${url}/health/ready`), 503, 'niet-gezond');
    expect(ready.checks).toMatchObject({ postgres: 'onbereikbaar', temporal: 'ok' });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  };

  test('nothing listens on its port: 503, not 500', async () => {
    const i = await instance(`postgresql://postgres:postgres@127.0.0.1:${await freePort()}/zvh`);
    await dependencyDown(i.url);
  });

  test('it accepts connections but never answers: 503 once the pool gives up connecting, not a hang', async () => {
    const address = hangs.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const i = await instance(`postgresql://postgres:postgres@127.0.0.1:${port}/zvh`);
    await dependencyDown(i.url);
  });
});

/**
 * A TCP proxy to the test stack's Postgres that can stop passing bytes either way, on open connections and new ones
 * alike: a Postgres that stops answering (as one SIGSTOPped, or a network dropping packets), for this API instance
 * only — the shared Postgres serves the other test files on.
 */
async function bevriezendeProxy(doel: URL): Promise<{ url: string; bevries(): void; ontdooi(): void; close(): void }> {
  let bevroren = false;
  const paren = new Set<[Socket, Socket]>();
  const verbind = ([a, b]: [Socket, Socket]) => {
    a.pipe(b);
    b.pipe(a);
  };
  const server = createServer((klant) => {
    const postgres = connect(Number(doel.port), doel.hostname);
    const paar: [Socket, Socket] = [klant, postgres];
    paren.add(paar);
    const weg = () => {
      paren.delete(paar);
      klant.destroy();
      postgres.destroy();
    };
    klant.on('error', weg).on('close', weg);
    postgres.on('error', weg).on('close', weg);
    if (!bevroren) verbind(paar);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = new URL(doel);
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    bevries: () => {
      bevroren = true;
      for (const [a, b] of paren) {
        a.unpipe(b);
        b.unpipe(a);
        a.pause();
        b.pause();
      }
    },
    ontdooi: () => {
      bevroren = false;
      for (const paar of paren) verbind(paar);
    },
    close: () => {
      for (const [a, b] of paren) {
        a.destroy();
        b.destroy();
      }
      server.close();
    },
  };
}

describe('Postgres stops answering on open connections', () => {
  let proxy: Awaited<ReturnType<typeof bevriezendeProxy>>;
  let instance: ApiInstance | undefined;
  let casusId: string;
  beforeAll(async () => {
    proxy = await bevriezendeProxy(new URL(requireEnv('DATABASE_URL')));
    casusId = (await ok<{ id: string }>(call('POST', '/casussen', overheid, aanmelding()), 201)).id;
  });
  afterEach(async () => {
    proxy.ontdooi();
    await instance?.stop();
    instance = undefined;
  });
  afterAll(() => proxy?.close());

  const start = async (env: Record<string, string>): Promise<ApiInstance> => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'zvh-outage-api-'));
    const all = { ...process.env, DATABASE_URL: proxy.url, API_PORT: String(port), OIDC_ISSUER: stackIssuer(), ...env };
    instance = await startApiInstance(all, join(dir, 'api.log'));
    return instance;
  };
  const vraag = async (
    url: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${url}${apiPad(path)}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokenFor(overheid)}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(20_000), // a hang fails here
    });
  const lees = (url: string) => vraag(url, 'GET', `/casussen/${casusId}`);
  // A first read can outlast a short deadline on a loaded machine (token keys, pool connections): retried until warm.
  const warm = (url: string) => until(AbortSignal.timeout(30_000), async () => (await lees(url)).status === 200, 200);

  test('each query waits at most API_DB_QUERY_TIMEOUT_MS: 503 niet-beschikbaar, and the API recovers after', async () => {
    // The request deadline far off: only the query timeout can answer within the client's bound.
    const i = await start({ API_DB_QUERY_TIMEOUT_MS: '2000', API_REQUEST_TIMEOUT_MS: '60000' });
    expect(await warm(i.url)).toBe(true); // the pool holds open connections now
    proxy.bevries();
    for (const res of [
      await lees(i.url),
      await vraag(i.url, 'POST', '/casussen', aanmelding(), { 'idempotency-key': randomUUID() }),
    ]) {
      const problem = await expectProblem(res, 503, 'niet-beschikbaar');
      expect(problem.detail).toMatch(/database/);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    proxy.ontdooi();
    expect(await until(AbortSignal.timeout(30_000), async () => (await lees(i.url)).status === 200)).toBe(true);
  });

  test('no request outlasts API_REQUEST_TIMEOUT_MS: a write answers 503 uitkomst-onbekend, its key stays retryable', async () => {
    const i = await start({
      API_TEMPORAL_TIMEOUT_MS: '2000',
      API_REQUEST_TIMEOUT_MS: '3000',
      API_DB_QUERY_TIMEOUT_MS: '60000',
    });
    const m = await createMedewerker(db, 'OVERHEID');
    const k = { 'idempotency-key': randomUUID() };
    const aanmelden = async () =>
      fetch(`${i.url}${apiPad('/casussen')}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenFor(m)}`, 'content-type': 'application/json', ...k },
        body: JSON.stringify(aanmelding()),
        signal: AbortSignal.timeout(20_000),
      });
    expect(await warm(i.url)).toBe(true);
    proxy.bevries();
    const res = await aanmelden();
    const problem = await expectProblem(res, 503, 'uitkomst-onbekend');
    expect(problem.detail).toMatch(/Idempotency-Key/);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await lees(i.url)).status).toBe(503); // a read: niet-beschikbaar, also within the deadline
    proxy.ontdooi();
    // Retried as the API asks, the key gives one casus: the first run's (found by its key-derived id), never a
    // kept 503 nor a second registration.
    expect(await until(AbortSignal.timeout(60_000), async () => (await aanmelden()).status === 201, 500)).toBe(true);
    expect(await db.casus.count({ where: { aanmelderMedewerkerId: m.medewerkerId } })).toBe(1);
  });
});
