// The operators' CLI commands of docs/operations.md, run as they stand (bash, the temporal CLI of infra/tools.ts)
// against the test stack's dev server and the API's codec: they must copy-paste and work.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { casusWorkflowId } from '../../workflows/casus';
import { repoRoot } from '../../infra/tools';
import { aanmelding, createMedewerker, requireEnv } from '../support/fixtures';
import { call, ok } from '../support/http';
import { stackClients } from '../support/stack-clients';

const stack = stackClients();

/** The shell block between the operator-cli markers of docs/operations.md. */
function blok(): string {
  const doc = readFileSync(join(repoRoot, 'docs', 'operations.md'), 'utf8');
  const match = /<!-- operator-cli:start -->\n```sh\n([\s\S]*?)```\n<!-- operator-cli:end -->/.exec(doc);
  if (!match?.[1]) throw new Error('docs/operations.md has no operator-cli block');
  return match[1];
}

type Uitkomst = { status: number | null; stdout: string; stderr: string };

// Not blocking this process (as spawnSync would): jest's pooled connections to the API stay usable.
const bash = (script: string, env: NodeJS.ProcessEnv): Promise<Uitkomst> =>
  new Promise((klaar) => {
    const opties = { cwd: repoRoot, env, encoding: 'utf8' } as const;
    execFile('bash', ['-euo', 'pipefail', '-c', script], opties, (err, stdout, stderr) =>
      klaar({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });

test('the documented CLI commands find a casus by its casusnummer and decode its history and query', async () => {
  const { db, temporal } = stack;
  const operator = await createMedewerker(db, 'OVERHEID');
  const aanmelder = await createMedewerker(db, 'PRIVAAT');
  const casus = await ok<{ id: string; casusnummer: string }>(call('POST', '/casussen', aanmelder, aanmelding()), 201);
  const workflowId = casusWorkflowId(casus.id);
  // Visibility is eventually consistent: the list the block starts with must see the casus first.
  const query = `ZvhProces = 'casus' AND ZvhCasusnummer = '${casus.casusnummer}'`;
  for (let i = 0; i < 100 && (await temporal.workflow.count(query)).count === 0; i++) {
    await new Promise((r) => setTimeout(r, 200));
  }

  const block = blok();
  // What differs from `npm start`: the stack's API, the operator and the casus of this test. `npx zvh` is run
  // without its npm bootstrap (bin/zvh.mjs), which the test run has done already.
  const script = block
    .replaceAll('http://127.0.0.1:3000', requireEnv('ZVH_TEST_API_URL'))
    .replace('00000000-0000-4000-8000-000000000001', operator.medewerkerId)
    .replace('politie-midden-nederland', operator.deelnemerId)
    .replace('NUMMER=ZVH-2026-000123', `NUMMER=${casus.casusnummer}`)
    .replace('npx zvh ', 'node --import tsx cli/zvh.ts ');
  expect(script).not.toBe(block);
  const issuer = dirname(requireEnv('ZVH_TEST_ISSUER_DIR'));
  const env: NodeJS.ProcessEnv = { ...process.env, ZVH_DATA_DIR: issuer, NO_COLOR: '1' };
  // As in a shell beside `npm start`: no namespace given (the CLI then sends the codec an empty X-Namespace).
  if (env.TEMPORAL_NAMESPACE === 'default') delete env.TEMPORAL_NAMESPACE;
  const { status, stdout, stderr } = await bash(script, env);
  expect({ status, stderr }).toEqual({ status: 0, stderr: '' });

  expect(stdout).toContain(workflowId); // the list
  expect(stdout).toContain(`Casus ${casus.casusnummer}`); // the decoded static summary (describe)
  expect(stdout).toContain('**Fase:** AANMELDING'); // the current details (metadata)
  expect(stdout).toContain('WorkflowExecutionStarted'); // the history (show)
  // Decoded: as a JSON field the casus id is only in the encrypted input and the query result.
  expect(stdout).toMatch(new RegExp(`"casusId":\\s*"${casus.id}"`));
  expect(stdout).toMatch(/"fase":\s*"AANMELDING"/); // the casusStatus query, decoded
  expect(stdout).not.toContain('binary/encrypted');
  for (const tekst of ['Jansen', '111222333']) expect(stdout).not.toContain(tekst);
});
