import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { devPayloadKeys } from '../../infra/codec';
import { heeftLegalHold, MORATORIUM_HOLD_ID } from '../../infra/legal-hold';
import { freePort } from '../../infra/tools';
import { startApiInstance, stackIssuer, type ApiInstance } from '../support/api-instance';
import { createMedewerker, tokenFor } from '../support/fixtures';
import { scratchDatabase } from '../support/scratch-database';
import { apiPad } from '../support/http';

// A fresh installation: its migrations record the national moratorium (003 "Archiveren", since 1 March 2025) as an
// active global legal hold, until the archiefbeheerder lifts it through the API. On a database of its own, with an
// API process on it: the shared test database has it lifted (test/support/global-setup.ts).
describe('the national moratorium on a fresh installation', () => {
  const db = scratchDatabase('moratorium', { moratorium: true });
  let api: ApiInstance;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zvh-moratorium-'));
    const env = {
      ...process.env,
      ...devPayloadKeys(join(dir, 'keys')),
      DATABASE_URL: db.url,
      API_PORT: String(await freePort()),
      OIDC_ISSUER: stackIssuer(),
      TEMPORAL_TASK_QUEUE: `zvh-moratorium-${randomUUID().slice(0, 8)}`, // nothing here starts a workflow
      LOG_LEVEL: 'warn',
    };
    api = await startApiInstance(env, join(dir, 'api.log'));
  });
  afterAll(() => api?.stop());

  const call = async (method: string, path: string, token: string) => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    return fetch(`${api.url}${apiPad(path)}`, { method, headers, body: method === 'POST' ? '{}' : undefined });
  };
  const actief = async (token: string) => {
    const res = await call('GET', '/legal-holds?actief=true', token);
    expect(res.status).toBe(200);
    return ((await res.json()) as { legalHolds: Array<Record<string, unknown>> }).legalHolds;
  };

  test('is in force with its reason and source; only the archiefbeheerder lifts it, and then archiving may go on', async () => {
    const beheerder = await createMedewerker(db.db, 'OVERHEID');
    const token = await tokenFor(beheerder, ['archiefbeheerder']);
    expect(await actief(token)).toEqual([
      {
        id: MORATORIUM_HOLD_ID,
        casusId: null,
        globaal: true,
        reden: expect.stringContaining('Landelijk moratorium'),
        bron: expect.stringContaining('1 maart 2025'),
        ingesteldDoor: null,
        ingesteldOp: '2025-02-28T23:00:00.000Z', // 1 March 2025, Dutch midnight
        opgehevenDoor: null,
        opgehevenOp: null,
      },
    ]);
    expect(await heeftLegalHold(db.db, randomUUID())).toBe(true);

    const ander = await tokenFor(await createMedewerker(db.db, 'OVERHEID'), ['systeembeheerder']);
    expect((await call('POST', `/legal-holds/${MORATORIUM_HOLD_ID}/opheffing`, ander)).status).toBe(403);
    expect(await heeftLegalHold(db.db, randomUUID())).toBe(true);

    const res = await call('POST', `/legal-holds/${MORATORIUM_HOLD_ID}/opheffing`, token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: MORATORIUM_HOLD_ID, opgehevenDoor: beheerder.medewerkerId });
    expect(await actief(token)).toEqual([]);
    expect(await heeftLegalHold(db.db, randomUUID())).toBe(false);
    const log = { actie: 'legalhold.beheren', medewerkerId: beheerder.medewerkerId, uitkomst: 'TOEGESTAAN' } as const;
    expect(await db.db.auditLog.count({ where: log })).toBe(1);
  });
});
