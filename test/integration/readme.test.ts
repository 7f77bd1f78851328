// The README's "Try it" block, run as it stands (bash, curl, `npx zvh token`) against the test stack's API: a
// newcomer's first commands must copy-paste and work.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../../infra/tools';
import { createMedewerker, requireEnv } from '../support/fixtures';
import { stackClients } from '../support/stack-clients';

const stack = stackClients();

function blok(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const match = /<!-- try-it:start -->\n```sh\n([\s\S]*?)```\n<!-- try-it:end -->/.exec(readme);
  if (!match?.[1]) throw new Error('README.md has no try-it block');
  return match[1];
}

const bash = (script: string, env: NodeJS.ProcessEnv) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((klaar) => {
    execFile('bash', ['-euo', 'pipefail', '-c', script], { cwd: repoRoot, env, encoding: 'utf8' }, (err, o, e) =>
      klaar({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout: o, stderr: e }),
    );
  });

test('the README commands register a casus, show the werkvoorraad and decide the intake', async () => {
  const m = await createMedewerker(stack.db, 'OVERHEID');
  const block = blok();
  // What differs from `npm start`: the stack's API and a medewerker of this test. `npx zvh` is run without its npm
  // bootstrap (bin/zvh.mjs), which the test run has done already.
  const api = new URL(requireEnv('ZVH_TEST_API_URL')).host;
  const script = block
    .replaceAll('localhost:3000', api)
    .replace('00000000-0000-4000-8000-000000000001', m.medewerkerId)
    .replace('politie-midden-nederland', m.deelnemerId)
    .replace('npx zvh ', 'node --import tsx cli/zvh.ts ');
  expect(script).not.toBe(block);
  const env = { ...process.env, ZVH_DATA_DIR: dirname(requireEnv('ZVH_TEST_ISSUER_DIR')), NO_COLOR: '1' };
  const { status, stdout, stderr } = await bash(script, env);
  expect({ status, stderr }).toEqual({ status: 0, stderr: '' });

  // Three JSON answers: the werkvoorraad, the intake decision's casus, the casus read.
  const antwoorden = stdout
    .trim()
    .split(/\n(?=\{)|(?<=\})(?=\{)/)
    .map((regel) => JSON.parse(regel) as Record<string, unknown>);
  expect(antwoorden).toHaveLength(3);
  const [werkvoorraad, besluit, casus] = antwoorden;
  const casusId = (casus as { id: string }).id;
  expect(JSON.stringify(werkvoorraad)).toContain(casusId);
  expect(besluit).toMatchObject({ id: casusId, fase: 'TRIAGE' });
  expect(casus).toMatchObject({
    id: casusId,
    fase: 'TRIAGE',
    volgendeStap: expect.anything(),
    acties: expect.any(Array),
  });
});
