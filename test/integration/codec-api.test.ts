// The remote codec for the Temporal Web UI (POST /codec/decode, /codec/encode) over HTTP against the running API: it
// decodes what the stack's PayloadCodec encrypted, only for operators, logs every use, and answers CORS for the Web
// UI's origin only.
import { randomUUID } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { CODEC_ACTIE, CODEC_TOKEN_COOKIE } from '../../api/codec-routes';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA, loadPayloadCodecConfig } from '../../infra/codec';
import { createDb, type Db } from '../../infra/db';
import { createMedewerker, requireEnv, tokenFor } from '../support/fixtures';
import { expectProblem as problem } from '../support/problem';

type JsonPayload = { metadata?: Record<string, string>; data?: string };

let api: string;
let db: Db;
let codec: EncryptionCodec;
let operator: { medewerkerId: string; deelnemerId: string };
let operatorToken: string;
let namespace: string;
// What the API runs with unless the environment says otherwise (infra/config.ts).
const uiOrigin = process.env.TEMPORAL_UI_ORIGIN ?? 'http://127.0.0.1:8233';

beforeAll(async () => {
  api = requireEnv('ZVH_TEST_API_URL');
  db = createDb(requireEnv('DATABASE_URL'));
  codec = new EncryptionCodec(loadPayloadCodecConfig()); // the stack's keys (test/support/global-setup.ts)
  namespace = requireEnv('TEMPORAL_NAMESPACE');
  operator = await createMedewerker(db, 'OVERHEID');
  operatorToken = await tokenFor(operator, ['operator']);
});

afterAll(async () => {
  await db?.$disconnect();
});

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');
const text = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');
/** A payload as the default JSON payload converter writes it: the casus input `{ casusId }`. */
const plaintext = (casusId: string): Payload => ({
  metadata: { encoding: new TextEncoder().encode('json/plain') },
  data: new TextEncoder().encode(JSON.stringify({ casusId })),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  data: b64(p.data ?? new Uint8Array()),
});

const post = async (richting: string, body: unknown, headers: Record<string, string | undefined> = {}) => {
  const all: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${operatorToken}`,
    'x-namespace': namespace,
  };
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) delete all[k];
    else all[k] = v;
  }
  return fetch(`${api}/v1/codec/${richting}`, {
    method: 'POST',
    headers: all,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
};

test('an operator decodes what the stack encrypted back to the plaintext payload', async () => {
  const casusId = randomUUID();
  const [encrypted] = await codec.encode([plaintext(casusId)]);
  expect(text(toJson(encrypted as Payload).metadata?.encoding)).toBe(ENCRYPTED_ENCODING);

  const res = await post('decode', { payloads: [toJson(encrypted as Payload)] });
  expect(res.status).toBe(200);
  const { payloads } = (await res.json()) as { payloads: JsonPayload[] };
  expect(payloads).toHaveLength(1);
  expect(text(payloads[0]?.metadata?.encoding)).toBe('json/plain');
  expect(JSON.parse(text(payloads[0]?.data))).toEqual({ casusId });
});

test('encode then decode round-trips, and what the API encodes the stack decodes', async () => {
  const casusIds = [randomUUID(), randomUUID()];
  const encodeRes = await post('encode', { payloads: casusIds.map((id) => toJson(plaintext(id))) });
  expect(encodeRes.status).toBe(200);
  const encoded = ((await encodeRes.json()) as { payloads: JsonPayload[] }).payloads;
  expect(encoded.map((p) => text(p.metadata?.encoding))).toEqual([ENCRYPTED_ENCODING, ENCRYPTED_ENCODING]);
  expect(encoded.every((p) => text(p.metadata?.[KEY_ID_METADATA]) !== '')).toBe(true);
  for (const [i, p] of encoded.entries()) expect(text(p.data)).not.toContain(casusIds[i]); // ciphertext only

  const decodeRes = await post('decode', { payloads: encoded });
  expect(decodeRes.status).toBe(200);
  const decoded = ((await decodeRes.json()) as { payloads: JsonPayload[] }).payloads;
  expect(decoded.map((p) => JSON.parse(text(p.data)))).toEqual(casusIds.map((casusId) => ({ casusId })));

  const local = await codec.decode(
    encoded.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      data: Buffer.from(p.data ?? '', 'base64'),
    })),
  );
  expect(local.map((p) => JSON.parse(Buffer.from(p.data ?? new Uint8Array()).toString('utf8')))).toEqual(
    casusIds.map((casusId) => ({ casusId })),
  );

  // Unencrypted payloads (histories from before encryption) pass through decode unchanged; an empty list is fine.
  const plain = toJson(plaintext(casusIds[0] as string));
  expect(
    ((await (await post('decode', { payloads: [plain] })).json()) as { payloads: JsonPayload[] }).payloads,
  ).toEqual([plain]);
  expect(await (await post('decode', { payloads: [] })).json()).toEqual({ payloads: [] });
});

test('each use is logged with counts and no payload content', async () => {
  const m = await createMedewerker(db, 'OVERHEID');
  const casusId = randomUUID();
  const encrypted = await codec.encode([plaintext(casusId), plaintext(casusId)]);
  const res = await post(
    'decode',
    { payloads: encrypted.map(toJson) },
    { authorization: `Bearer ${await tokenFor(m, ['operator'])}` },
  );
  expect(res.status).toBe(200);
  const gelogd = await db.auditLog.findMany({ where: { medewerkerId: m.medewerkerId } });
  expect(gelogd).toHaveLength(1);
  expect(gelogd[0]).toMatchObject({
    deelnemerId: m.deelnemerId,
    actie: CODEC_ACTIE,
    casusId: null,
    uitkomst: 'TOEGESTAAN',
    detail: { richting: 'decode', aantal: 2, namespace },
  });
  expect(JSON.stringify(gelogd[0]?.detail)).not.toContain(casusId);
});

test('anyone but an operator is refused with 403, and the refusal is logged', async () => {
  const [encrypted] = await codec.encode([plaintext(randomUUID())]);
  for (const rollen of [[], ['fg'], ['systeembeheerder', 'procesregisseur']] as const) {
    const m = await createMedewerker(db, 'OVERHEID');
    await problem(
      await post(
        'decode',
        { payloads: [toJson(encrypted as Payload)] },
        { authorization: `Bearer ${await tokenFor(m, [...rollen])}` },
      ),
      403,
      'niet-bevoegd',
    );
    const gelogd = await db.auditLog.findMany({ where: { medewerkerId: m.medewerkerId } });
    expect(gelogd.map((e) => [e.actie, e.uitkomst])).toEqual([[CODEC_ACTIE, 'GEWEIGERD']]);
  }
});

test('without a valid token: 401', async () => {
  await problem(await post('decode', { payloads: [] }, { authorization: undefined }), 401, 'niet-geauthenticeerd');
  await problem(
    await post('encode', { payloads: [] }, { authorization: 'Bearer not.a.jwt' }),
    401,
    'niet-geauthenticeerd',
  );
});

test('malformed bodies, a foreign namespace and undecodable payloads are problems, not 500s', async () => {
  for (const body of [
    { payloads: 'x' },
    { payloads: [{ data: '!!!' }] },
    { payloads: [{ metadata: { encoding: 5 } }] },
    { payloads: [], extra: 1 },
    { payloads: [{ data: '', iets: 1 }] },
    [1, 2],
  ]) {
    await problem(await post('decode', body), 400, 'ongeldige-invoer');
  }
  await problem(await post('decode', '{"payloads": ['), 400, 'ongeldige-json');
  await problem(
    await post('decode', { payloads: [] }, { 'x-namespace': `niet-${namespace}` }),
    400,
    'onbekende-namespace',
  );

  const [encrypted] = (await codec.encode([plaintext(randomUUID())])).map(toJson);
  const tampered = {
    ...encrypted,
    data: b64(Buffer.from(encrypted?.data ?? '', 'base64').map((byte, i) => (i === 20 ? byte ^ 1 : byte))),
  };
  await problem(await post('decode', { payloads: [tampered] }), 422, 'payload-niet-te-verwerken');
  const unknownKey = {
    ...encrypted,
    metadata: { ...encrypted?.metadata, [KEY_ID_METADATA]: b64('verdwenen-sleutel') },
  };
  const body = await problem(await post('decode', { payloads: [unknownKey] }), 422, 'payload-niet-te-verwerken');
  expect(body.detail).toContain('verdwenen-sleutel');
});

test('what the temporal CLI sends is taken: an empty X-Namespace, and `{}` for no payloads (proto3 JSON)', async () => {
  for (const richting of ['encode', 'decode']) {
    const res = await post(richting, {}, { 'x-namespace': '' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ payloads: [] });
  }
});

describe('CORS for the Temporal Web UI', () => {
  const preflight = (origin: string) =>
    fetch(`${api}/v1/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });

  test('the preflight from the UI origin is answered, with credentials allowed', async () => {
    const res = await preflight(uiOrigin);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')?.split(/,\s*/).sort()).toEqual([
      'authorization',
      'content-type',
      'x-namespace',
    ]);
    expect(res.headers.get('vary')).toMatch(/Origin/i);
  });

  test('another origin gets no CORS headers, for the preflight and for the request itself', async () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:8234', uiOrigin.replace('http://', 'https://')]) {
      const res = await preflight(origin);
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const post_ = await post('decode', { payloads: [] }, { origin });
      await problem(post_, 403, 'herkomst-niet-toegestaan');
      expect(post_.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  test('the UI origin reads answers, problems included', async () => {
    const ok = await post('decode', { payloads: [] }, { origin: uiOrigin });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    const denied = await post('decode', { payloads: [] }, { origin: uiOrigin, authorization: undefined });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(uiOrigin);
  });

  test(`with "include cross-origin credentials" the operator's token comes from cookie ${CODEC_TOKEN_COOKIE}, from the UI origin only`, async () => {
    const casusId = randomUUID();
    const [encrypted] = await codec.encode([plaintext(casusId)]);
    const cookie = `andere=1; ${CODEC_TOKEN_COOKIE}=${operatorToken}`;
    const res = await post(
      'decode',
      { payloads: [toJson(encrypted as Payload)] },
      { origin: uiOrigin, authorization: undefined, cookie },
    );
    expect(res.status).toBe(200);
    const { payloads } = (await res.json()) as { payloads: JsonPayload[] };
    expect(JSON.parse(text(payloads[0]?.data))).toEqual({ casusId });
    // Not without the UI's Origin (no browser page of the UI sent it), and an operator cookie does not lift a refusal.
    await problem(
      await post('decode', { payloads: [] }, { authorization: undefined, cookie }),
      401,
      'niet-geauthenticeerd',
    );
    const fg = await createMedewerker(db, 'OVERHEID');
    await problem(
      await post(
        'decode',
        { payloads: [] },
        { origin: uiOrigin, authorization: `Bearer ${await tokenFor(fg, ['fg'])}`, cookie },
      ),
      403,
      'niet-bevoegd',
    );
  });
});
