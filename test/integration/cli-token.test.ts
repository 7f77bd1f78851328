import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { createDb, type Db } from '../../infra/db';
import { repoRoot } from '../../infra/tools';
import { createMedewerker, requireEnv } from '../support/fixtures';

// `npx zvh token` mints a development token the running API accepts.
let db: Db;
beforeAll(() => {
  db = createDb(requireEnv('DATABASE_URL'));
});
afterAll(() => db.$disconnect());

// Run without blocking this process: a spawnSync stalls the event loop, so a pooled keep-alive connection to the API
// that the server closed meanwhile would be reused for the next fetch ("other side closed").
const zvh = (...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((ok) => {
    const env = { ...process.env, ZVH_DATA_DIR: dirname(requireEnv('ZVH_TEST_ISSUER_DIR')) };
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/zvh.ts', ...args],
      { cwd: repoRoot, encoding: 'utf8', env },
      (err, stdout, stderr) =>
        ok({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });

test('a minted token authenticates its medewerker at the API', async () => {
  const m = await createMedewerker(db, 'OVERHEID');
  const out = await zvh(
    'token',
    '--medewerker',
    m.medewerkerId,
    '--deelnemer',
    m.deelnemerId,
    '--rol',
    'procesregisseur',
    '--ttl',
    '5m',
  );
  expect(out.status).toBe(0);
  const token = out.stdout.trim();
  const res = await fetch(`${requireEnv('ZVH_TEST_API_URL')}/v1/casussen/8d3c56f4-1a0e-4c43-9a55-2b7e8f7c9d10`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(404); // authenticated; the casus does not exist
});

test.each([
  [['token', '--medewerker', 'not-a-uuid', '--deelnemer', 'x']],
  [['token', '--medewerker', '8d3c56f4-1a0e-4c43-9a55-2b7e8f7c9d10', '--deelnemer', 'x', '--rol', 'koning']],
  [['token', '--onbekend']],
  // Longer than the API accepts (OIDC_MAX_TOKEN_LIFETIME_SECONDS, default 12 hours).
  [['token', '--medewerker', '8d3c56f4-1a0e-4c43-9a55-2b7e8f7c9d10', '--deelnemer', 'x', '--ttl', '13h']],
  [['bestaat-niet']],
])('bad usage %j exits 2 with usage text', async (args) => {
  const out = await zvh(...args);
  expect(out.status).toBe(2);
  expect(out.stderr).toContain('usage: zvh');
});
