import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../infra/db';
import { createMedewerker, requireEnv, tokenFor } from '../support/fixtures';
import { apiPad } from '../support/http';
import { expectProblem } from '../support/problem';

// The register of deelnemers and medewerkers (WGS 2.27; WGS 1.8 lid 2), over HTTP against the running API. Ids are
// fresh per run: other test files share the database.
let api: string;
let db: Db;
let beheerder: { medewerkerId: string; deelnemerId: string };
let beheer: string;

beforeAll(async () => {
  api = requireEnv('ZVH_TEST_API_URL');
  db = createDb(requireEnv('DATABASE_URL'));
  beheerder = await createMedewerker(db, 'OVERHEID');
  beheer = await tokenFor(beheerder, ['systeembeheerder']);
});

afterAll(async () => {
  await db?.$disconnect();
});

const call = (method: string, path: string, token: string, body?: unknown) =>
  fetch(`${api}${apiPad(path)}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const uniek = () => `register-test-${randomUUID().slice(0, 8)}`;
const gelogd = (where: { medewerkerId: string; uitkomst: 'TOEGESTAAN' | 'GEWEIGERD' }) =>
  db.auditLog.findMany({
    where: { ...where, actie: 'register.beheren' },
    orderBy: { id: 'asc' },
    select: { detail: true, grondslag: true, casusId: true },
  });

test('the systeembeheerder registers, lists, updates and deactivates deelnemers and medewerkers; every change is logged', async () => {
  const id = uniek();
  let res = await call('POST', '/deelnemers', beheer, { id, naam: 'Stichting Test', type: 'PRIVAAT' });
  expect(res.status).toBe(201);
  expect(await res.json()).toEqual({ id, naam: 'Stichting Test', type: 'PRIVAAT', actief: true, contactEmail: null });

  const medewerkerId = randomUUID();
  res = await call('POST', '/medewerkers', beheer, {
    id: medewerkerId.toUpperCase(),
    naam: 'A. Medewerker',
    deelnemerId: id,
    screening: { soort: 'VOG', datum: '2026-03-01' },
  });
  expect(res.status).toBe(201);
  const medewerker = {
    id: medewerkerId,
    naam: 'A. Medewerker',
    deelnemerId: id,
    actief: true,
    screeningSoort: 'VOG',
    screeningDatum: '2026-03-01',
  };
  expect(await res.json()).toEqual(medewerker);

  // Without an id the API generates one; without a screening the medewerker is registered but has no access yet.
  res = await call('POST', '/medewerkers', beheer, { naam: 'B. Medewerker', deelnemerId: id });
  expect(res.status).toBe(201);
  const tweede = (await res.json()) as { id: string; screeningSoort: unknown; screeningDatum: unknown };
  expect(tweede).toMatchObject({ screeningSoort: null, screeningDatum: null });
  expect(tweede.id).toMatch(/^[0-9a-f-]{36}$/);

  res = await call('GET', '/deelnemers', beheer);
  expect(res.status).toBe(200);
  expect(((await res.json()) as { items: unknown[] }).items).toContainEqual({
    id,
    naam: 'Stichting Test',
    type: 'PRIVAAT',
    actief: true,
    contactEmail: null,
  });
  res = await call('GET', `/medewerkers?deelnemerId=${id}`, beheer);
  expect(res.status).toBe(200);
  expect(((await res.json()) as { items: Array<{ id: string }> }).items.map((m) => m.id).sort()).toEqual(
    [medewerkerId, tweede.id].sort(),
  );

  res = await call('PATCH', `/deelnemers/${id}`, beheer, { naam: 'Stichting Test (nieuw)' });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    id,
    naam: 'Stichting Test (nieuw)',
    type: 'PRIVAAT',
    actief: true,
    contactEmail: null,
  });
  // Where the Contactpunt's AVG consultations go (api/avg-verzoeken.ts); null clears it, an invalid address is a 400.
  res = await call('PATCH', `/deelnemers/${id}`, beheer, { contactEmail: 'privacy@stichting.test' });
  expect(await res.json()).toMatchObject({ contactEmail: 'privacy@stichting.test' });
  expect((await call('PATCH', `/deelnemers/${id}`, beheer, { contactEmail: 'geen adres' })).status).toBe(400);
  res = await call('PATCH', `/deelnemers/${id}`, beheer, { contactEmail: null });
  expect(await res.json()).toMatchObject({ contactEmail: null });
  res = await call('PATCH', `/medewerkers/${tweede.id}`, beheer, {
    screening: { soort: 'GELIJKWAARDIG', datum: '2025-12-31' },
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({
    id: tweede.id,
    screeningSoort: 'GELIJKWAARDIG',
    screeningDatum: '2025-12-31',
  });
  res = await call('PATCH', `/medewerkers/${medewerkerId}`, beheer, { actief: false });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ...medewerker, actief: false });
  res = await call('PATCH', `/deelnemers/${id}`, beheer, { actief: false });
  expect(await res.json()).toMatchObject({ actief: false });

  // Changes are logged with ids and field names, never the values (a name is personal data).
  const changes = (await gelogd({ medewerkerId: beheerder.medewerkerId, uitkomst: 'TOEGESTAAN' })).filter((e) =>
    JSON.stringify(e.detail).includes(id),
  );
  expect(changes.map((e) => e.detail)).toEqual(
    expect.arrayContaining([
      { deelnemerId: id, velden: ['id', 'naam', 'type'] },
      { medewerkerId, deelnemerId: id, velden: ['deelnemerId', 'id', 'naam', 'screening'] },
      { medewerkerId: tweede.id, deelnemerId: id, velden: ['deelnemerId', 'id', 'naam'] },
      { deelnemerId: id, velden: ['naam'] },
      { medewerkerId: tweede.id, deelnemerId: id, velden: ['screening'] },
      { medewerkerId, deelnemerId: id, velden: ['actief'] },
      { deelnemerId: id, velden: ['actief'] },
    ]),
  );
  expect(changes.every((e) => e.grondslag === 'WGS 1.8 lid 2; WGS 2.27' && e.casusId === null)).toBe(true);
  expect(JSON.stringify(changes)).not.toContain('Medewerker');
});

test('deactivating a medewerker through PATCH /medewerkers/:id revokes its still-valid token at once', async () => {
  const m = await createMedewerker(db, 'OVERHEID');
  const token = await tokenFor(m);
  expect((await call('GET', `/casussen/${randomUUID()}`, token)).status).toBe(404);
  expect((await call('PATCH', `/medewerkers/${m.medewerkerId}`, beheer, { actief: false })).status).toBe(200);
  const body = await expectProblem(await call('GET', `/casussen/${randomUUID()}`, token), 401, 'niet-geauthenticeerd');
  expect(body.detail).toContain('gedeactiveerde');
});

test('anyone but the systeembeheerder is refused with 403, and the refusal is logged', async () => {
  const ander = await createMedewerker(db, 'OVERHEID');
  for (const rollen of [[], ['procesregisseur'], ['fg'], ['operator']] as const) {
    const token = await tokenFor(ander, [...rollen]);
    await expectProblem(await call('GET', '/deelnemers', token), 403, 'niet-bevoegd');
    await expectProblem(
      await call('POST', '/deelnemers', token, { id: uniek(), naam: 'X', type: 'OVERHEID' }),
      403,
      'niet-bevoegd',
    );
    await expectProblem(
      await call('PATCH', `/medewerkers/${ander.medewerkerId}`, token, { actief: false }),
      403,
      'niet-bevoegd',
    );
  }
  expect(await gelogd({ medewerkerId: ander.medewerkerId, uitkomst: 'GEWEIGERD' })).toHaveLength(12);
  expect(await db.medewerker.findUniqueOrThrow({ where: { id: ander.medewerkerId } })).toMatchObject({ actief: true });
});

test('bad bodies and ids are 400 problems; a duplicate deelnemer 409; unknown ids 404', async () => {
  const id = uniek();
  const bad = async (method: string, path: string, body?: unknown) =>
    expectProblem(await call(method, path, beheer, body), 400, 'ongeldige-invoer');
  await bad('POST', '/deelnemers', { id, naam: 'X', type: 'OVERHEID', extra: 1 });
  await bad('POST', '/deelnemers', { id: 'Hoofdletters', naam: 'X', type: 'OVERHEID' });
  await bad('POST', '/deelnemers', { id: 'ab', naam: 'X', type: 'OVERHEID' });
  await bad('POST', '/deelnemers', { id, naam: 'X', type: 'INCIDENTEEL' });
  await bad('POST', '/deelnemers', { id, naam: 'a\u0000b', type: 'OVERHEID' });
  await bad('PATCH', `/deelnemers/${beheerder.deelnemerId}`, {});
  await bad('PATCH', `/deelnemers/${beheerder.deelnemerId}`, { type: 'PRIVAAT' });
  await bad('POST', '/medewerkers', {
    naam: 'X',
    deelnemerId: beheerder.deelnemerId,
    screening: { soort: 'VOG', datum: '2999-01-01' },
  });
  await bad('POST', '/medewerkers', {
    naam: 'X',
    deelnemerId: beheerder.deelnemerId,
    screening: { soort: 'VOG', datum: '2026-02-30' },
  });
  await bad('POST', '/medewerkers', {
    naam: 'X',
    deelnemerId: beheerder.deelnemerId,
    screening: { soort: 'DIPLOMA', datum: '2026-01-01' },
  });
  await bad('POST', '/medewerkers', { id: 'geen-uuid', naam: 'X', deelnemerId: beheerder.deelnemerId });
  const onbekend = await bad('POST', '/medewerkers', { naam: 'X', deelnemerId: 'bestaat-niet-deelnemer' });
  expect(onbekend['invalid-params']).toEqual([expect.objectContaining({ name: 'deelnemerId' })]);
  await bad('PATCH', '/medewerkers/geen-uuid', { actief: true });
  await bad('PATCH', `/medewerkers/${beheerder.medewerkerId}`, { deelnemerId: beheerder.deelnemerId });
  await bad('GET', '/medewerkers?deelnemerId=X!');
  await bad('GET', '/medewerkers?onbekend=1');
  expect(await db.deelnemer.count({ where: { id } })).toBe(0);

  expect((await call('POST', '/deelnemers', beheer, { id, naam: 'Eerste', type: 'OVERHEID' })).status).toBe(201);
  await expectProblem(
    await call('POST', '/deelnemers', beheer, { id, naam: 'Tweede', type: 'PRIVAAT' }),
    409,
    'bestaat-al',
  );
  expect(await db.deelnemer.findUniqueOrThrow({ where: { id } })).toMatchObject({ naam: 'Eerste', type: 'OVERHEID' });
  await expectProblem(
    await call('POST', '/medewerkers', beheer, { id: beheerder.medewerkerId, naam: 'X', deelnemerId: id }),
    409,
    'bestaat-al',
  );

  await expectProblem(await call('PATCH', `/deelnemers/${uniek()}`, beheer, { actief: false }), 404, 'niet-gevonden');
  await expectProblem(
    await call('PATCH', `/medewerkers/${randomUUID()}`, beheer, { actief: false }),
    404,
    'niet-gevonden',
  );
});
