import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { EncryptionCodec, ENCRYPTED_ENCODING, loadPayloadCodecConfig } from '../../infra/codec';
import { createDb, type Db } from '../../infra/db';
import { casusWorkflowId } from '../../workflows/casus';
import { aanmelding, createCollega, createMedewerker, criteria, requireEnv, tokenFor } from '../support/fixtures';
import { apiPad, call as metRollen, ok, wijsAan } from '../support/http';
import { historyPayloads, historyText } from '../support/history';
import { expectProblem as problem } from '../support/problem';

// Over HTTP against the running API and worker processes, the Temporal dev server and Postgres.
let api: string;
let db: Db;
let connection: Connection;
let temporal: Client;
let overheid: { medewerkerId: string; deelnemerId: string };
let privaat: { medewerkerId: string; deelnemerId: string };

beforeAll(async () => {
  api = requireEnv('ZVH_TEST_API_URL');
  db = createDb(requireEnv('DATABASE_URL'));
  connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  temporal = new Client({ connection, namespace: requireEnv('TEMPORAL_NAMESPACE') });
  overheid = await createMedewerker(db, 'OVERHEID');
  privaat = await createMedewerker(db, 'PRIVAAT');
});

afterAll(async () => {
  await connection?.close();
  await db?.$disconnect();
});

const call = async (
  method: string,
  path: string,
  as: { medewerkerId: string; deelnemerId: string } | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  fetch(`${api}${apiPad(path)}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(as ? { authorization: `Bearer ${await tokenFor(as)}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

async function aanmelden(): Promise<{ id: string; casusnummer: string; fase: string }> {
  const res = await call('POST', '/casussen', privaat, aanmelding());
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; casusnummer: string; fase: string };
}

test('GET /health reports Postgres and Temporal', async () => {
  const res = await fetch(`${api}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', temporal: 'ok' } });
});

test('aanmelding stores the casus and starts its workflow; intake moves it to triage', async () => {
  const casus = await aanmelden();
  expect(casus.fase).toBe('AANMELDING');
  expect(casus.casusnummer).toMatch(/^ZVH-\d{4}-\d{6}$/);
  const handle = temporal.workflow.getHandle(casusWorkflowId(casus.id));
  expect((await handle.describe()).status.name).toBe('RUNNING');

  const read = await call('GET', `/casussen/${casus.id}`, overheid);
  expect(read.status).toBe(200);
  const gelezen = (await read.json()) as {
    betrokkenen: Array<{ achternaam: string }>;
    criteriumBeoordelingen: unknown[];
  };
  expect(gelezen.betrokkenen.map((b) => b.achternaam)).toEqual(['Jansen', 'Jansen']);
  expect(gelezen.criteriumBeoordelingen).toHaveLength(4);

  const res = await call('POST', `/casussen/${casus.id}/intake-besluit`, overheid, {
    uitkomst: 'IN_BEHANDELING',
    criteria,
    motivering: 'Criteria aannemelijk.',
  });
  expect(res.status).toBe(200);
  const na = (await res.json()) as {
    fase: string;
    besluiten: Array<{ status: string }>;
    criteriumBeoordelingen: Array<{ moment: string }>;
  };
  expect(na.fase).toBe('TRIAGE');
  expect(na.besluiten.map((b) => b.status)).toEqual(['VASTGESTELD']);
  expect(na.criteriumBeoordelingen.filter((c) => c.moment === 'INTAKE')).toHaveLength(4);

  // Operators can filter on the phase in the Temporal UI (visibility is eventually consistent: poll briefly).
  const query = `WorkflowId = '${casusWorkflowId(casus.id)}' AND ZvhFase = 'TRIAGE'`;
  let found = 0;
  for (let i = 0; i < 50 && found === 0; i++) {
    found = (await temporal.workflow.count(query)).count;
    if (found === 0) await new Promise((r) => setTimeout(r, 200));
  }
  expect(found).toBe(1);

  // No personal data in Temporal, and even the ids only as ciphertext: the raw history (as the server stores it)
  // has every payload encrypted, so neither the casus id nor any personal data is readable in it; decoding its
  // payloads with the stack's key yields the casus id, proving encryption rather than absence.
  const history = await handle.fetchHistory();
  const text = historyText(history);
  for (const personal of ['Jansen', '111222333', 'Criteria aannemelijk', 'Objectieve informatie', 'Politiewet'])
    expect(text).not.toContain(personal);
  const payloads = historyPayloads(history).map((p) => p.payload);
  expect(payloads.length).toBeGreaterThan(0);
  expect(
    payloads.filter((p) => Buffer.from(p.metadata?.encoding ?? []).toString('utf8') !== ENCRYPTED_ENCODING),
  ).toEqual([]);
  const bytes = (ps: typeof payloads) => ps.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
  expect(bytes(payloads)).not.toContain(casus.id);
  const decoded = bytes(await new EncryptionCodec(loadPayloadCodecConfig()).decode(payloads));
  expect(decoded).toContain(casus.id);
  for (const personal of ['Jansen', '111222333', 'Criteria aannemelijk', 'Objectieve informatie', 'Politiewet'])
    expect(decoded).not.toContain(personal);
});

test('an intake decision in the wrong phase is a 409 problem, by the private aanmelder a 403; neither leaves a trace', async () => {
  const casus = await aanmelden();
  await problem(
    await call('POST', `/casussen/${casus.id}/intake-besluit`, privaat, { uitkomst: 'IN_BEHANDELING', criteria }),
    403,
    'niet-bevoegd',
  );
  const intake = (uitkomst: string) =>
    call('POST', `/casussen/${casus.id}/intake-besluit`, overheid, { uitkomst, criteria });
  expect((await intake('IN_BEHANDELING')).status).toBe(200);
  const body = await problem(await intake('NIET_IN_BEHANDELING'), 409, 'verkeerde-fase');
  expect(body.detail).toContain('TRIAGE');
  // The overheidsdeelnemers see the aanmelding and the triage while they decide on it.
  type Gelezen = { fase: string; inzage: string; besluiten: Array<{ status: string; weigerreden: string | null }> };
  const after = (await (await call('GET', `/casussen/${casus.id}`, overheid)).json()) as Gelezen;
  expect(after).toMatchObject({ fase: 'TRIAGE', inzage: 'BEOORDELING' });
  expect(after.besluiten.map((b) => [b.status, b.weigerreden])).toEqual([['VASTGESTELD', null]]);
  const refused = await db.auditLog.count({ where: { casusId: casus.id, uitkomst: 'GEWEIGERD' } });
  expect(refused).toBe(2);
});

describe('bad input is a 4xx problem, never a 500, and changes nothing', () => {
  test.each([
    ['no token', () => call('POST', '/casussen', undefined, aanmelding()), 401, 'niet-geauthenticeerd'],
    [
      'not a bearer token',
      () => call('POST', '/casussen', undefined, aanmelding(), { authorization: 'Basic YWRtaW46YWRtaW4=' }),
      401,
      'niet-geauthenticeerd',
    ],
    [
      'garbage token',
      () => call('POST', '/casussen', undefined, aanmelding(), { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' }),
      401,
      'niet-geauthenticeerd',
    ],
    [
      'unknown medewerker',
      () =>
        call(
          'POST',
          '/casussen',
          { medewerkerId: '8d3c56f4-1a0e-4c43-9a55-2b7e8f7c9d10', deelnemerId: 'nergens' },
          aanmelding(),
        ),
      401,
      'niet-geauthenticeerd',
    ],
    ['malformed JSON', () => call('POST', '/casussen', privaat, '{"wettelijkeTaak": '), 400, 'ongeldige-json'],
    [
      'not JSON',
      () => call('POST', '/casussen', privaat, 'x=1', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'mediatype-niet-ondersteund',
    ],
    ['unknown field', () => call('POST', '/casussen', privaat, { ...aanmelding(), extra: 1 }), 400, 'ongeldige-invoer'],
    [
      'invalid BSN',
      () =>
        call('POST', '/casussen', privaat, {
          ...aanmelding(),
          betrokkenen: [{ rol: 'BETROKKENE', achternaam: 'X', bsn: '123456789' }],
        }),
      400,
      'ongeldige-invoer',
    ],
    [
      'impossible date',
      () =>
        call('POST', '/casussen', privaat, {
          ...aanmelding(),
          betrokkenen: [{ rol: 'BETROKKENE', achternaam: 'X', geboortedatum: '2001-02-30' }],
        }),
      400,
      'ongeldige-invoer',
    ],
    [
      'body too large',
      () => call('POST', '/casussen', privaat, { ...aanmelding(), wettelijkeTaak: 'x'.repeat(200_000) }),
      413,
      'body-te-groot',
    ],
    ['casus id not a UUID', () => call('GET', '/casussen/not-a-uuid', privaat), 400, 'ongeldige-invoer'],
    [
      'unknown casus',
      () => call('GET', '/casussen/8d3c56f4-1a0e-4c43-9a55-2b7e8f7c9d10', privaat),
      404,
      'niet-gevonden',
    ],
    ['unknown route', () => call('GET', '/nergens', privaat), 404, 'niet-gevonden'],
    [
      'intake for unknown casus',
      () =>
        call('POST', '/casussen/8d3c56f4-1a0e-4c43-9a55-2b7e8f7c9d10/intake-besluit', overheid, {
          uitkomst: 'IN_BEHANDELING',
          criteria,
        }),
      404,
      'niet-gevonden',
    ],
    [
      'intake with bad outcome',
      () =>
        call('POST', '/casussen/8d3c56f4-1a0e-4c43-9a55-2b7e8f7c9d10/intake-besluit', overheid, {
          uitkomst: 'MISSCHIEN',
          criteria,
        }),
      400,
      'ongeldige-invoer',
    ],
  ] as const)('%s', async (_name, send, status, slug) => {
    const mine = { where: { aanmelderDeelnemerId: privaat.deelnemerId } };
    const before = await db.casus.count(mine);
    await problem(await send(), status, slug);
    expect(await db.casus.count(mine)).toBe(before);
  });

  test('a validation problem names every offending field in Dutch (invalid-params, RFC 9457)', async () => {
    const body = await problem(
      await call('POST', '/casussen', privaat, { ...aanmelding(), criteria: { ...criteria, A: { mate: 'HEEL_ERG' } } }),
      400,
      'ongeldige-invoer',
    );
    expect(body['invalid-params']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'criteria.A.mate' }),
        expect.objectContaining({ name: 'criteria.A.toelichting' }),
      ]),
    );
  });
});

describe('identity: only valid tokens of registered, active medewerkers get in', () => {
  const withToken = (token: string) =>
    fetch(`${api}/v1/casussen/8d3c56f4-1a0e-4c43-9a55-2b7e8f7c9d10`, { headers: { authorization: `Bearer ${token}` } });

  test('a valid token of an active medewerker is accepted (404 for an unknown casus, not 401)', async () => {
    expect((await withToken(await tokenFor(overheid))).status).toBe(404);
  });

  test('an expired token is refused', async () => {
    const res = await withToken(await tokenFor(overheid, [], '-1m'));
    const body = await problem(res, 401, 'niet-geauthenticeerd');
    expect(body.detail).toContain('verlopen');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  test('a token signed by another key is refused', async () => {
    const [header, payload] = (await tokenFor(overheid)).split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    await problem(await withToken(forged), 401, 'niet-geauthenticeerd');
  });

  test('a token whose deelnemer claim differs from the register is refused', async () => {
    await problem(
      await withToken(await tokenFor({ ...overheid, deelnemerId: privaat.deelnemerId })),
      401,
      'niet-geauthenticeerd',
    );
  });

  test('deactivating a medewerker or its deelnemer revokes access at once, even for an unexpired token', async () => {
    const m = await createMedewerker(db, 'OVERHEID');
    const token = await tokenFor(m);
    expect((await withToken(token)).status).toBe(404);
    await db.medewerker.update({ where: { id: m.medewerkerId }, data: { actief: false } });
    await problem(await withToken(token), 401, 'niet-geauthenticeerd');
    await db.medewerker.update({ where: { id: m.medewerkerId }, data: { actief: true } });
    await db.deelnemer.update({ where: { id: m.deelnemerId }, data: { actief: false } });
    await problem(await withToken(token), 401, 'niet-geauthenticeerd');
    const refused = await db.auditLog.count({
      where: { medewerkerId: m.medewerkerId, actie: 'AUTHENTICEREN', uitkomst: 'GEWEIGERD' },
    });
    expect(refused).toBe(2);
  });

  test("an incidentele deelnemer's medewerker, a deactivated medewerker, a forged and an expired token: each refused and logged", async () => {
    // Each attempt goes to a path of its own, so its refusal is found in the log by that path.
    const poging = async (token: string) => {
      const pad = `/casussen/${randomUUID()}`;
      await problem(
        await fetch(`${api}${apiPad(pad)}`, { headers: { authorization: `Bearer ${token}` } }),
        401,
        'niet-geauthenticeerd',
      );
      return db.auditLog.findMany({
        where: { actie: 'AUTHENTICEREN', uitkomst: 'GEWEIGERD', detail: { path: ['pad'], equals: pad } },
        select: { medewerkerId: true, detail: true },
      });
    };
    // An incidentele deelnemer has no system access (WGS 2.31 lid 10): it is not in the register, whatever it signs.
    const incidenteel = { medewerkerId: randomUUID(), deelnemerId: 'woningcorporatie-midden' };
    expect(await poging(await tokenFor(incidenteel))).toEqual([
      {
        medewerkerId: null,
        detail: expect.objectContaining({ reden: 'Onbekende of gedeactiveerde medewerker of deelnemer.' }),
      },
    ]);
    const gedeactiveerd = await createMedewerker(db, 'OVERHEID');
    await db.medewerker.update({ where: { id: gedeactiveerd.medewerkerId }, data: { actief: false } });
    expect(await poging(await tokenFor(gedeactiveerd))).toEqual([
      {
        medewerkerId: gedeactiveerd.medewerkerId,
        detail: expect.objectContaining({ reden: 'Onbekende of gedeactiveerde medewerker of deelnemer.' }),
      },
    ]);
    const [header, payload] = (await tokenFor(overheid)).split('.');
    expect(await poging(`${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`)).toEqual([
      { medewerkerId: null, detail: expect.objectContaining({ reden: 'Het token is ongeldig.' }) },
    ]);
    expect(await poging(await tokenFor(overheid, [], '-1m'))).toEqual([
      { medewerkerId: null, detail: expect.objectContaining({ reden: 'Het token is verlopen.' }) },
    ]);
  });

  test('a medewerker without a recorded screening (WGS 1.8 lid 2) is refused, and that is logged', async () => {
    const m = await createMedewerker(db, 'OVERHEID', { screened: false });
    const body = await problem(await withToken(await tokenFor(m)), 401, 'niet-geauthenticeerd');
    expect(body.detail).toBe('Voor deze medewerker is geen screening (VOG) vastgelegd.');
    const refused = await db.auditLog.count({
      where: { medewerkerId: m.medewerkerId, actie: 'AUTHENTICEREN', uitkomst: 'GEWEIGERD' },
    });
    expect(refused).toBe(1);
  });
});

describe('need-to-know: who may read a casus (domain/autorisatie.ts, the access set)', () => {
  test.each([
    ['the aanmelder (private deelnemer), designated with the casus', 200, 'aanmelder', []],
    ['a colleague of the aanmelder, not designated', 404, 'collega', []],
    ['a colleague of the aanmelder, designated by the aanmelder', 200, 'aangewezenCollega', []],
    ['an overheidsdeelnemer, while the intake is open', 200, 'overheid', []],
    ['another private deelnemer', 404, 'anderePrivate', []],
    ['a procesregisseur who does not hold its procesregie', 404, 'anderePrivate', ['procesregisseur']],
    ['the procesregisseur of the casus', 200, 'procesregisseur', ['procesregisseur']],
    ['an FG (reads logs, not casussen)', 404, 'overheid', ['fg']],
    ['an operator (sees no personal data)', 404, 'overheid', ['operator']],
  ] as const)('%s → %i', async (_name, status, who, rollen) => {
    const casus = await aanmelden();
    const anderePrivate = await createMedewerker(db, 'PRIVAAT');
    const collega = await createCollega(db, privaat);
    const aangewezenCollega = await createCollega(db, privaat);
    await wijsAan(casus.id, privaat, aangewezenCollega);
    const procesregisseur = await createMedewerker(db, 'PRIVAAT');
    const regie = { ...procesregisseur, rollen: ['procesregisseur' as const] };
    await ok(metRollen('POST', `/casussen/${casus.id}/procesregie`, regie, {}));
    const actors = { aanmelder: privaat, collega, aangewezenCollega, overheid, anderePrivate, procesregisseur };
    const m = actors[who];
    const gelezen = { casusId: casus.id, medewerkerId: m.medewerkerId, actie: 'casus.raadplegen' };
    // Taking the procesregie answers with the casus: a read of its own.
    const eerder = await db.auditLog.count({ where: gelezen });
    const res = await fetch(`${api}/v1/casussen/${casus.id}`, {
      headers: { authorization: `Bearer ${await tokenFor(m, [...rollen])}` },
    });
    expect(res.status).toBe(status);
    const logged = (await db.auditLog.findMany({ where: gelezen, orderBy: { id: 'asc' } })).slice(eerder);
    expect(logged.map((l) => l.uitkomst)).toEqual([status === 200 ? 'TOEGESTAAN' : 'GEWEIGERD']);
    // Who may not read it gets exactly the answer for an id that does not exist (need-to-know of its existence).
    if (status === 404) {
      const onbekend = randomUUID();
      const anders = await fetch(`${api}/v1/casussen/${onbekend}`, {
        headers: { authorization: `Bearer ${await tokenFor(m, [...rollen])}` },
      });
      const zonderId = (body: Record<string, unknown>, id: string) => JSON.stringify(body).replaceAll(id, '<id>');
      expect(anders.status).toBe(404);
      expect(zonderId((await res.json()) as Record<string, unknown>, casus.id)).toBe(
        zonderId((await anders.json()) as Record<string, unknown>, onbekend),
      );
    }
  });
});
