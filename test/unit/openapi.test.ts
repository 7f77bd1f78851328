import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { antwoordVoor, openApiDocument } from '../../api/openapi';
import { appRoutes } from '../support/routes';

const doc = openApiDocument();
const METHODEN = ['get', 'put', 'post', 'delete', 'patch'];

/** "METHOD /full/path{param}" → the operation, with the server each path item is under (path-level or the API's). */
function gedocumenteerd(): Map<string, { security?: Array<Record<string, unknown>> }> {
  const uit = new Map<string, { security?: Array<Record<string, unknown>> }>();
  for (const [pad, item] of Object.entries(doc.paths ?? {})) {
    const server = (item as { servers?: Array<{ url: string }> }).servers?.[0]?.url ?? doc.servers?.[0]?.url ?? '';
    for (const [methode, op] of Object.entries(item as Record<string, object>)) {
      if (METHODEN.includes(methode)) uit.set(`${methode.toUpperCase()} ${server.replace(/\/$/, '')}${pad}`, op);
    }
  }
  return uit;
}

const routes = Object.entries(appRoutes()).map(([r, toegang]) => ({ route: r.replace(/:(\w+)/g, '{$1}'), toegang }));

test('every route of the app has its OpenAPI entry, and the document names no route the app lacks', () => {
  expect([...gedocumenteerd().keys()].sort()).toEqual(routes.map((r) => r.route).sort());
});

test("each operation's security is the access its handler declares", () => {
  const ops = gedocumenteerd();
  for (const { route, toegang } of routes) {
    const verwacht = toegang === 'publiek' ? [] : toegang === 'koppeling' ? [{ koppeling: [] }] : [{ bearer: [] }];
    expect({ route, security: ops.get(route)?.security }).toEqual({ route, security: verwacht });
  }
});

test('the Logius Spectral ruleset (NL API Design Rules) reports no errors on the document', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  const bestand = join(dir, 'openapi.json');
  writeFileSync(bestand, JSON.stringify(doc));
  const ruleset = join(__dirname, '../../standards/nl-api-design-rules/linter.yaml');
  const spectral = join(__dirname, '../../node_modules/.bin/spectral');
  const run = spawnSync(spectral, ['lint', '-r', ruleset, '-f', 'json', '--quiet', bestand], { encoding: 'utf8' });
  expect(run.error).toBeUndefined();
  const resultaten = JSON.parse(run.stdout) as Array<{
    code: string;
    severity: number;
    message: string;
    path: string[];
  }>;
  // Only the warning that a relative server URL is no https:// URL remains: the deployment decides the host.
  const fouten = resultaten.filter((r) => r.severity === 0).map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`);
  expect(fouten).toEqual([]);
  // The ruleset ran: a document that breaks a rule fails.
  writeFileSync(bestand, JSON.stringify({ ...doc, info: { ...doc.info, version: 'een' } }));
  const kapot = spawnSync(spectral, ['lint', '-r', ruleset, '-f', 'json', '--quiet', bestand], { encoding: 'utf8' });
  expect((JSON.parse(kapot.stdout) as Array<{ code: string }>).map((r) => r.code)).toContain('nlgov:semver');
});

test('antwoordVoor finds the documented answer of a concrete path, and none for a route that documents none', () => {
  expect(antwoordVoor('GET', '/legal-holds?actief=true')).toBeDefined();
  expect(antwoordVoor('POST', `/topx-lijsten/${randomUUID()}/criteria/2/publicatie`)).toBeDefined();
  expect(antwoordVoor('GET', `/topx-lijsten/${randomUUID()}/criteria/2/publicatie`)).toBeUndefined();
  expect(antwoordVoor('POST', '/topx-lijsten/x/y/z')).toBeUndefined();
  // A documented answer is strict: a field the route does not document fails the tests' check of every answer.
  const hold = antwoordVoor('POST', '/legal-holds')!;
  const goed = {
    id: randomUUID(),
    casusId: null,
    globaal: true,
    reden: 'Moratorium',
    bron: null,
    ingesteldDoor: null,
    ingesteldOp: new Date().toISOString(),
    opgehevenDoor: null,
    opgehevenOp: null,
  };
  expect(hold.safeParse(goed).success).toBe(true);
  expect(hold.safeParse({ ...goed, bsn: '111222333' }).success).toBe(false);
});
