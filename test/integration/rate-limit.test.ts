import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopChild, stopWithParent } from '../../infra/processes';
import { freePort, repoRoot } from '../../infra/tools';
import { requireEnv } from '../support/fixtures';

// The stack's API runs with a limit high enough for the whole suite; this file starts a second API process on the
// same Postgres, Temporal and issuer with a limit of 5 requests a minute, and shows what a client over it gets.
const LIMIT = 5;
let api: string;
let child: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  const port = await freePort();
  const { issuer } = JSON.parse(readFileSync(join(requireEnv('ZVH_TEST_ISSUER_DIR'), 'key.json'), 'utf8')) as {
    issuer: string;
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: requireEnv('DATABASE_URL'),
    TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'),
    TEMPORAL_NAMESPACE: requireEnv('TEMPORAL_NAMESPACE'),
    TEMPORAL_TASK_QUEUE: requireEnv('TEMPORAL_TASK_QUEUE'),
    ZVH_PAYLOAD_KEYS: requireEnv('ZVH_PAYLOAD_KEYS'),
    OIDC_ISSUER: issuer,
    API_HOST: '127.0.0.1',
    API_PORT: String(port),
    API_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    LOG_LEVEL: 'warn',
  };
  child = stopWithParent(
    spawn(process.execPath, ['--require', 'tsx/cjs', 'api/main.ts'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  api = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`second API exited early (code ${child.exitCode}):\n${output}`);
    if (
      await fetch(`${api}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`second API not healthy within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  if (child) await stopChild(child);
});

test(`over ${LIMIT} requests a minute: 429 problems with Retry-After; /health stays exempt`, async () => {
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT + 4; i++) {
    const res = await fetch(`${api}/v1/casussen/00000000-0000-4000-8000-000000000000`);
    statuses.push(res.status);
    if (i < LIMIT) {
      expect(res.headers.get('ratelimit-limit')).toBe(String(LIMIT));
      expect(res.headers.get('ratelimit-remaining')).toBe(String(LIMIT - i - 1));
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      continue;
    }
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.headers.get('ratelimit-remaining')).toBe('0');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.json()).toMatchObject({
      type: 'urn:zvh-wgs:probleem:te-veel-verzoeken',
      title: 'Te veel verzoeken',
      status: 429,
    });
  }
  // Refused authentication counts too: the limit holds before a token is looked at.
  expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429, 429, 429, 429]);

  // Other endpoints and methods share the client's budget...
  const post = await fetch(`${api}/v1/casussen`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(post.status).toBe(429);
  // ...but the health check does not count and is never limited.
  for (let i = 0; i < LIMIT + 2; i++) {
    const health = await fetch(`${api}/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('ratelimit-limit')).toBeNull();
  }
});
