import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../infra/db';
import { aanmelding, createMedewerker, criteria, nieuwBsn, requireEnv, tokenFor } from '../support/fixtures';
import { apiPad } from '../support/http';
import { expectProblem } from '../support/problem';

// The bekendheidscheck against the ZVH's own active casussen (SPEC §2; WGS 2.28) over HTTP: yes or no and whom to
// contact, nothing more; every check logged without what was asked.
let api: string;
let db: Db;
let overheid: { medewerkerId: string; deelnemerId: string };

beforeAll(async () => {
  api = requireEnv('ZVH_TEST_API_URL');
  db = createDb(requireEnv('DATABASE_URL'));
  overheid = await createMedewerker(db, 'OVERHEID');
});

afterAll(() => db?.$disconnect());

const post = async (path: string, body: unknown, token: string) =>
  fetch(`${api}${apiPad(path)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('known in an active casus: yes and whom to contact; not known or no longer active: no', async () => {
  const token = await tokenFor(overheid);
  const bsn = nieuwBsn();
  const achternaam = `Bekendtest-${randomUUID().slice(0, 8)}`;
  const body = aanmelding();
  body.betrokkenen = [{ rol: 'BETROKKENE', voornamen: 'Kees', achternaam, geboortedatum: '1985-02-03', bsn }];
  const aangemeld = await post('/casussen', body, token);
  expect(aangemeld.status).toBe(201);
  const casus = (await aangemeld.json()) as { id: string };

  const vraag = async (q: unknown) => {
    const res = await post('/bekendheidscheck', q, token);
    expect(res.status).toBe(200);
    return res.json();
  };
  expect(await vraag({ bsn })).toEqual({ bekend: true, contact: 'procesregie@localhost', procesregisseurs: [] });
  // Once a procesregisseur took the procesregie, the answer names him or her.
  const regie = await createMedewerker(db, 'PRIVAAT');
  await db.medewerker.update({ where: { id: regie.medewerkerId }, data: { naam: 'P. Regisseur' } });
  const genomen = await post(`/casussen/${casus.id}/procesregie`, {}, await tokenFor(regie, ['procesregisseur']));
  expect(genomen.status).toBe(200);
  expect(await genomen.json()).toMatchObject({
    procesregisseur: { medewerkerId: regie.medewerkerId, naam: 'P. Regisseur' },
  });
  expect(await vraag({ achternaam: achternaam.toUpperCase(), geboortedatum: '1985-02-03' })).toEqual({
    bekend: true,
    contact: 'procesregie@localhost',
    procesregisseurs: ['P. Regisseur'],
  });
  expect(
    await db.auditLog.count({
      where: { casusId: casus.id, actie: 'casus.procesregie.nemen', medewerkerId: regie.medewerkerId },
    }),
  ).toBe(1);
  // Only a procesregisseur takes it (403, logged), and nothing changes.
  await expectProblem(await post(`/casussen/${casus.id}/procesregie`, {}, token), 403, 'niet-bevoegd');
  await expectProblem(
    await post(
      `/casussen/${casus.id}/procesregie`,
      { medewerkerId: overheid.medewerkerId },
      await tokenFor(overheid, ['procesregisseur']),
    ),
    400,
    'ongeldige-invoer',
  );
  expect((await db.casus.findUniqueOrThrow({ where: { id: casus.id } })).procesregisseurMedewerkerId).toBe(
    regie.medewerkerId,
  );
  expect(await vraag({ bsn: nieuwBsn() })).toEqual({ bekend: false });
  expect(await vraag({ achternaam, geboortedatum: '1985-02-04' })).toEqual({ bekend: false });

  // The hit is in the casus' own log, without the BSN that was asked about.
  const log = await db.auditLog.findMany({ where: { casusId: casus.id, actie: 'bekendheidscheck.uitvoeren' } });
  expect(log).toHaveLength(2);
  expect(JSON.stringify(log.map((l) => l.detail))).not.toContain(bsn);

  // Not taken in behandeling: no longer an active casus.
  const intake = await post(
    `/casussen/${casus.id}/intake-besluit`,
    { uitkomst: 'NIET_IN_BEHANDELING', criteria },
    token,
  );
  expect(intake.status).toBe(200);
  expect(await vraag({ bsn })).toEqual({ bekend: false });
  await expectProblem(
    await post(`/casussen/${casus.id}/procesregie`, {}, await tokenFor(regie, ['procesregisseur'])),
    409,
    'verkeerde-fase',
  );
});

test('FG and operators do not check; a question must be a valid BSN or a surname with date of birth', async () => {
  await expectProblem(
    await post('/bekendheidscheck', { bsn: '111222333' }, await tokenFor(overheid, ['fg'])),
    403,
    'niet-bevoegd',
  );
  const token = await tokenFor(overheid);
  await expectProblem(await post('/bekendheidscheck', { bsn: '123456789' }, token), 400, 'ongeldige-invoer');
  await expectProblem(await post('/bekendheidscheck', { achternaam: 'Jansen' }, token), 400, 'ongeldige-invoer');
  await expectProblem(
    await post('/bekendheidscheck', { bsn: '111222333', achternaam: 'Jansen', geboortedatum: '1990-01-01' }, token),
    400,
    'ongeldige-invoer',
  );
});
