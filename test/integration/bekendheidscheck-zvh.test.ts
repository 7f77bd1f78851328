import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BEKENDHEIDSCHECK_PAD } from '../../api/bekendheidscheck-zvh';
import { devPayloadKeys } from '../../infra/codec';
import { createDb, type Db } from '../../infra/db';
import { ondertekenHeaders } from '../../infra/ondertekening';
import { startPartnerSimulator, type PartnerSimulator } from '../../infra/simulator';
import { freePort } from '../../infra/tools';
import { startApiInstance, stackIssuer, type ApiInstance } from '../support/api-instance';
import { createMedewerker, nieuwBsn, requireEnv, tokenFor } from '../support/fixtures';
import { apiPad } from '../support/http';
import { expectProblem } from '../support/problem';
import { scratchDatabase } from '../support/scratch-database';

/*
 * The bekendheidscheck between two ZVHs (WGS 2.28), each a running instance of this system: A is the test stack's
 * API (koppeling name `zvh`, its default), B a second API process on a database of its own, with its own payload
 * keys, started here. They know each other through a koppeling on each side with one shared key. A medewerker of A
 * asks POST /bekendheidscheck/landelijk; B answers A's signed question at POST /koppeling/bekendheidscheck.
 */
const suffix = randomUUID().slice(0, 8);
/** B's name towards A: A's koppeling for B, and B's ZVH_KOPPELING_AFZENDER. A is `zvh` (the stack's default). */
const idB = `zvh-b-${suffix}`;
const naamB = `ZVH B ${suffix}`;
const contactB = 'procesregie@zvh-b.example';
const timeoutB = 1500;

type Json = Record<string, unknown>;

describe('two ZVHs', () => {
  const b = scratchDatabase('zvh_b');
  let apiA: string;
  let dbA: Db;
  let apiB: ApiInstance;
  let sim: PartnerSimulator | undefined;
  /** A medewerker of A who asks, and one of B. */
  let vragerA: { medewerkerId: string; deelnemerId: string };
  let vragerB: { medewerkerId: string; deelnemerId: string };
  let gedeeldeSleutel: Buffer;
  const persoon = { bsn: nieuwBsn(), achternaam: `Zvhtest-${suffix}`, geboortedatum: '1979-06-15' };
  const alleenAfgeschermd = nieuwBsn();
  let casusB: string;

  const post = (base: string, path: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${base}${apiPad(path)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const landelijk = async (
    base: string,
    wie: { medewerkerId: string; deelnemerId: string },
    vraag: unknown,
  ): Promise<Json & { andereZvhs: Json[] }> => {
    const res = await post(base, '/bekendheidscheck/landelijk', vraag, {
      authorization: `Bearer ${await tokenFor(wie)}`,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Json & { andereZvhs: Json[] };
  };
  /** What A's medewerker hears about B (A's database is shared with other test files, which register ZVHs too). */
  const overB = async (vraag: unknown) =>
    (await landelijk(apiA, vragerA, vraag)).andereZvhs.filter((z) => z.zvh === naamB);

  beforeAll(async () => {
    apiA = requireEnv('ZVH_TEST_API_URL');
    dbA = createDb(requireEnv('DATABASE_URL'));
    const dir = mkdtempSync(join(tmpdir(), 'zvh-b-'));
    apiB = await startApiInstance(
      {
        ...process.env,
        ...devPayloadKeys(join(dir, 'keys')),
        DATABASE_URL: b.url,
        API_PORT: String(await freePort()),
        OIDC_ISSUER: stackIssuer(),
        TEMPORAL_TASK_QUEUE: `zvh-b-${suffix}`, // unused by this path; no worker of A's picks up what B would start
        ZVH_KOPPELING_AFZENDER: idB,
        ZVH_KOPPELING_TIMEOUT_MS: String(timeoutB),
        ZVH_PROCESREGIE_CONTACT: contactB,
        LOG_LEVEL: 'warn',
        API_RATE_LIMIT_PER_MINUTE: '1000000',
      },
      join(dir, 'api-b.log'),
    );
    vragerA = await createMedewerker(dbA, 'OVERHEID');
    vragerB = await createMedewerker(b.db, 'PRIVAAT');

    // The systeembeheerders connect the two: A's generates the key, B's registers it as given.
    const beheerA = await tokenFor(await createMedewerker(dbA, 'OVERHEID'), ['systeembeheerder']);
    const beheerB = await tokenFor(await createMedewerker(b.db, 'OVERHEID'), ['systeembeheerder']);
    const bijA = await post(
      apiA,
      '/koppelingen',
      { id: idB, naam: naamB, soort: 'ZVH', kanaal: 'HTTPS', url: apiB.url },
      { authorization: `Bearer ${beheerA}` },
    );
    expect(bijA.status).toBe(201);
    const { sleutel } = (await bijA.json()) as { sleutel: string };
    gedeeldeSleutel = Buffer.from(sleutel, 'base64');
    const bijB = await post(
      apiB.url,
      '/koppelingen',
      { id: 'zvh', naam: 'ZVH A', soort: 'ZVH', kanaal: 'HTTPS', url: apiA, sleutel },
      { authorization: `Bearer ${beheerB}` },
    );
    expect(bijB.status).toBe(201);

    // B's casussen: the person in an active one (with a procesregisseur), another person only in an afgeschermde one.
    const aanmelder = await createMedewerker(b.db, 'OVERHEID');
    const regie = await createMedewerker(b.db, 'OVERHEID');
    await b.db.medewerker.update({ where: { id: regie.medewerkerId }, data: { naam: 'P. Regisseur B' } });
    const casus = async (
      fase: 'CASUSOVERLEG' | 'AFGESCHERMD',
      betrokkene: { bsn: string; achternaam?: string; geboortedatum?: string },
    ) => {
      const id = randomUUID();
      await b.db.casus.create({
        data: {
          id,
          casusnummer: `B-${id}`,
          fase,
          aanmelderDeelnemerId: aanmelder.deelnemerId,
          aanmelderMedewerkerId: aanmelder.medewerkerId,
          procesregisseurMedewerkerId: regie.medewerkerId,
          aanmeldDatum: new Date(),
          betrokkenen: {
            create: {
              id: randomUUID(),
              rol: 'BETROKKENE',
              achternaam: betrokkene.achternaam ?? 'Anders',
              bsn: betrokkene.bsn,
              geboortedatum: betrokkene.geboortedatum ? new Date(betrokkene.geboortedatum) : null,
            },
          },
        },
      });
      return id;
    };
    casusB = await casus('CASUSOVERLEG', persoon);
    await casus('AFGESCHERMD', { bsn: alleenAfgeschermd });
  });

  afterAll(async () => {
    // Other test files share A's database: B must not stay a ZVH that A asks.
    await dbA?.koppeling.updateMany({ where: { id: idB }, data: { actief: false } });
    await sim?.stop();
    await apiB?.stop();
    await dbA?.$disconnect();
  });

  test("A's medewerker hears that B knows the person, with B's contact only; unknown and afgeschermd-only persons are not known", async () => {
    const antwoord = await landelijk(apiA, vragerA, { bsn: persoon.bsn });
    expect(antwoord.bekend).toBe(false); // not at A itself
    expect(antwoord.andereZvhs.filter((z) => z.zvh === naamB)).toEqual([
      { zvh: naamB, bekend: true, contact: contactB },
    ]);
    expect(JSON.stringify(antwoord)).not.toContain('Regisseur'); // B's procesregisseurs stay within B
    expect(await overB({ achternaam: persoon.achternaam.toUpperCase(), geboortedatum: persoon.geboortedatum })).toEqual(
      [{ zvh: naamB, bekend: true, contact: contactB }],
    );
    expect(await overB({ achternaam: persoon.achternaam, geboortedatum: '1979-06-16' })).toEqual([
      { zvh: naamB, bekend: false },
    ]);
    expect(await overB({ bsn: nieuwBsn() })).toEqual([{ zvh: naamB, bekend: false }]);
    expect(await overB({ bsn: alleenAfgeschermd })).toEqual([{ zvh: naamB, bekend: false }]);

    // B logged each answer: the two hits on its casus, the misses without one; A's koppeling, no medewerker. (Other
    // test files may make A ask B meanwhile, about other persons: those are misses too.)
    const beantwoord = await b.db.auditLog.findMany({
      where: { actie: 'bekendheidscheck.beantwoorden' },
      orderBy: { id: 'asc' },
    });
    const rij = (r: (typeof beantwoord)[number]) => [r.casusId, r.medewerkerId, r.deelnemerId, r.uitkomst, r.detail];
    expect(beantwoord.filter((r) => r.casusId !== null).map(rij)).toEqual([
      [casusB, null, null, 'TOEGESTAAN', { koppelingId: 'zvh', bekend: true }],
      [casusB, null, null, 'TOEGESTAAN', { koppelingId: 'zvh', bekend: true }],
    ]);
    const missers = beantwoord.filter((r) => r.casusId === null);
    expect(missers.length).toBeGreaterThanOrEqual(3);
    for (const r of missers)
      expect(rij(r)).toEqual([null, null, null, 'TOEGESTAAN', { koppelingId: 'zvh', bekend: false }]);
    expect(beantwoord.every((r) => r.grondslag.startsWith('WGS 2.28'))).toBe(true);
    // A logged who asked which ZVHs and what B said: five questions, five local misses.
    const gevraagd = await dbA.auditLog.findMany({
      where: { medewerkerId: vragerA.medewerkerId, actie: 'bekendheidscheck.uitvoeren' },
      orderBy: { id: 'asc' },
    });
    const perZvh = gevraagd.flatMap((r) =>
      ((r.detail as { andereZvhs?: Json[] }).andereZvhs ?? []).filter((z) => z.koppelingId === idB),
    );
    expect(perZvh).toEqual([
      { koppelingId: idB, bekend: true },
      { koppelingId: idB, bekend: true },
      { koppelingId: idB, bekend: false },
      { koppelingId: idB, bekend: false },
      { koppelingId: idB, bekend: false },
    ]);
    expect(gevraagd.filter((r) => (r.detail as Json).bekend === false)).toHaveLength(5);
    // Neither log holds whom it was about.
    const tekst = JSON.stringify([...(await b.db.auditLog.findMany()), ...gevraagd], (_k, v: unknown) =>
      typeof v === 'bigint' ? String(v) : v,
    );
    for (const gegeven of [persoon.bsn, persoon.achternaam, alleenAfgeschermd, persoon.geboortedatum])
      expect(tekst).not.toContain(gegeven);
  });

  test('B refuses an unsigned, forged, unknown or stale question (401, logged) and a signed one that is not a question (400)', async () => {
    const body = JSON.stringify({ bsn: persoon.bsn });
    const nu = Math.floor(Date.now() / 1000);
    const getekend = (sleutel: Buffer, afzender: string, tijd = nu, b = body) =>
      ondertekenHeaders(sleutel, { afzender, methode: 'POST', pad: apiPad(BEKENDHEIDSCHECK_PAD), body: b, tijd });
    const hits = () => b.db.auditLog.count({ where: { actie: 'bekendheidscheck.beantwoorden', casusId: casusB } });
    const voor = await hits();
    const pogingen: Array<[Record<string, string>, string, string]> = [
      [{}, 'HEADERS', 'onbekend'],
      [getekend(randomBytes(32), 'zvh'), 'HANDTEKENING', 'zvh'],
      [getekend(gedeeldeSleutel, 'zvh-onbekend'), 'ONBEKEND', 'onbekend'],
      [getekend(gedeeldeSleutel, 'zvh', nu - 600), 'TIJD', 'zvh'],
      [getekend(gedeeldeSleutel, 'zvh', nu, JSON.stringify({ bsn: nieuwBsn() })), 'HANDTEKENING', 'zvh'], // another body under a captured signature
    ];
    for (const [headers, reden, koppelingId] of pogingen) {
      await expectProblem(
        await post(apiB.url, '/koppeling/bekendheidscheck', body, headers),
        401,
        'koppeling-niet-herkend',
      );
      const [laatste] = await b.db.auditLog.findMany({
        where: { actie: 'koppeling.ontvangen' },
        orderBy: { id: 'desc' },
        take: 1,
      });
      expect([laatste?.uitkomst, laatste?.detail]).toEqual(['GEWEIGERD', { koppelingId, reden }]);
    }
    // A medewerker's token is no way in either.
    await expectProblem(
      await post(apiB.url, '/koppeling/bekendheidscheck', body, { authorization: `Bearer ${await tokenFor(vragerB)}` }),
      401,
      'koppeling-niet-herkend',
    );
    const ongeldig = JSON.stringify({ bsn: persoon.bsn, achternaam: persoon.achternaam });
    await expectProblem(
      await post(apiB.url, '/koppeling/bekendheidscheck', ongeldig, getekend(gedeeldeSleutel, 'zvh', nu, ongeldig)),
      400,
      'ongeldige-invoer',
    );
    expect(await hits()).toBe(voor);
    // The same question, rightly signed, is answered.
    const goed = await post(apiB.url, '/koppeling/bekendheidscheck', body, getekend(gedeeldeSleutel, 'zvh'));
    expect(goed.status).toBe(200);
    expect(await goed.json()).toEqual({ bekend: true, contact: contactB });
    expect(await hits()).toBe(voor + 1);
  });

  test('a slow ZVH (simulator) costs at most the timeout and is reported unreachable; a hiccup is retried once; the rest still answer', async () => {
    sim = await startPartnerSimulator({ zvh: { apiUrl: apiB.url, afzender: idB } });
    const beheerB = await tokenFor(await createMedewerker(b.db, 'OVERHEID'), ['systeembeheerder']);
    const zvhs = [
      { id: 'sim-snel', gedrag: {}, script: { bekend: [{ bsn: persoon.bsn }], contact: 'regie@sim-snel.example' } },
      { id: 'sim-hapert', gedrag: { faalEerst: 1 }, script: {} },
      { id: 'sim-traag', gedrag: { vertragingMs: timeoutB * 3 }, script: { bekend: [{ bsn: persoon.bsn }] } },
    ];
    for (const z of zvhs) {
      const sleutel = randomBytes(32);
      sim.voegToe({ soort: 'zvh', id: z.id, sleutel, gedrag: z.gedrag, script: z.script });
      const res = await post(
        apiB.url,
        '/koppelingen',
        {
          id: z.id,
          naam: `Sim ${z.id}`,
          soort: 'ZVH',
          kanaal: 'HTTPS',
          url: sim.partnerUrl('zvh', z.id),
          sleutel: sleutel.toString('base64'),
        },
        { authorization: `Bearer ${beheerB}` },
      );
      expect(res.status).toBe(201);
    }

    const start = Date.now();
    const antwoord = await landelijk(apiB.url, vragerB, { bsn: persoon.bsn });
    const duur = Date.now() - start;
    // B's own casus (its procesregisseur named: B's own medewerker asks), then each other ZVH by koppeling id.
    expect(antwoord).toEqual({
      bekend: true,
      contact: contactB,
      procesregisseurs: ['P. Regisseur B'],
      andereZvhs: [
        { zvh: 'Sim sim-hapert', bekend: false },
        { zvh: 'Sim sim-snel', bekend: true, contact: 'regie@sim-snel.example' },
        { zvh: 'Sim sim-traag', fout: 'niet-bereikbaar' },
        { zvh: 'ZVH A', bekend: false },
      ],
    });
    expect(duur).toBeLessThan(timeoutB + 1000);
    expect(sim.ontvangen('sim-hapert').map((o) => o.geldig)).toEqual([true, true]); // 503, then the retry
    expect(sim.ontvangen('sim-traag')).toHaveLength(1); // no time left for a retry
    expect(sim.ontvangen('sim-snel').map((o) => [o.pad, o.body, o.geldig])).toEqual([
      [apiPad(BEKENDHEIDSCHECK_PAD), { bsn: persoon.bsn }, true],
    ]);
    const [log] = await b.db.auditLog.findMany({
      where: { medewerkerId: vragerB.medewerkerId, actie: 'bekendheidscheck.uitvoeren', casusId: null },
      orderBy: { id: 'desc' },
      take: 1,
    });
    expect(log?.detail).toEqual({
      andereZvhs: [
        { koppelingId: 'sim-hapert', bekend: false },
        { koppelingId: 'sim-snel', bekend: true },
        { koppelingId: 'sim-traag', fout: 'niet-bereikbaar' },
        { koppelingId: 'zvh', bekend: false },
      ],
    });
  });

  test('B down: A still answers, with B unreachable', async () => {
    await apiB.stop();
    const antwoord = await landelijk(apiA, vragerA, { bsn: persoon.bsn });
    expect(antwoord.bekend).toBe(false);
    expect(antwoord.andereZvhs.filter((z) => z.zvh === naamB)).toEqual([{ zvh: naamB, fout: 'niet-bereikbaar' }]);
    const [log] = await dbA.auditLog.findMany({
      where: { medewerkerId: vragerA.medewerkerId, actie: 'bekendheidscheck.uitvoeren' },
      orderBy: { id: 'desc' },
      take: 1,
    });
    expect((log?.detail as { andereZvhs: Json[] }).andereZvhs.filter((z) => z.koppelingId === idB)).toEqual([
      { koppelingId: idB, fout: 'niet-bereikbaar' },
    ]);
  });
});
