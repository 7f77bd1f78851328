// RIEC afstemming (WGS 1.7; BGS 1.10) against the jest stack and the partner simulator: the filter, signed delivery
// with retries, a RIEC's refusal escalated by real mail, and inbound replies stored once.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArchiefActivities, pakketNaam } from '../../activities/archief';
import { loadPayloadCodecConfig } from '../../infra/codec';
import type { Db } from '../../infra/db';
import { KoppelingFout, postOndertekend } from '../../infra/koppeling-http';
import { versleutelKoppelingSleutel } from '../../infra/koppeling-sleutel';
import { startPartnerSimulator, type PartnerSimulator, type SimPartner } from '../../infra/simulator';
import type { RiecScript } from '../../infra/simulator/riec';
import { aanmelding, createMedewerker, requireEnv, type Wie } from '../support/fixtures';
import { call, mailMet } from '../support/http';
import { expectMdtoGeldig, leesPakketMap } from '../support/mdto';
import { expectProblem } from '../support/problem';
import { stackClients } from '../support/stack-clients';

jest.setTimeout(120_000);

const stack = stackClients();
let db: Db;
const api = requireEnv('ZVH_TEST_API_URL');
const run = randomUUID().slice(0, 8);
let sim: PartnerSimulator;
let ggd: Wie; // the aanmelder, an overheidsdeelnemer with medical secrecy of its own (GGD)
let buitenstaander: Wie;

const riecs: Record<'ok' | 'faalt' | 'weigert', SimPartner> = {
  ok: {
    soort: 'riec',
    id: `riec-ok-${run}`,
    sleutel: randomBytes(32),
    gedrag: { dubbel: true },
    script: { antwoord: { inhoud: 'Het RIEC stemt in met de volgorde van de interventies.' } } satisfies RiecScript,
  },
  faalt: { soort: 'riec', id: `riec-faalt-${run}`, sleutel: randomBytes(32), gedrag: { faalEerst: 2 } },
  weigert: { soort: 'riec', id: `riec-weigert-${run}`, sleutel: randomBytes(32), gedrag: { weigerMet: 422 } },
};

beforeAll(async () => {
  db = stack.db;
  sim = await startPartnerSimulator({ zvh: { apiUrl: api, afzender: 'zvh' } });
  const sleutels = loadPayloadCodecConfig();
  for (const p of Object.values(riecs)) {
    sim.voegToe(p);
    await db.koppeling.create({
      data: {
        id: p.id,
        soort: 'RIEC',
        naam: `RIEC ${p.id}`,
        kanaal: 'HTTPS',
        url: sim.partnerUrl('riec', p.id),
        ...versleutelKoppelingSleutel(sleutels, p.id, p.sleutel),
      },
    });
  }
  ggd = { ...(await createMedewerker(db, 'OVERHEID')), rollen: [] };
  buitenstaander = { ...(await createMedewerker(db, 'PRIVAAT')), rollen: [] };
});
afterAll(async () => {
  await sim.stop();
});

/** A casus of the GGD in the casusoverleg (its process is not under test here), with one item per kind. */
async function casusMetGegevens() {
  const res = await call('POST', '/casussen', ggd, {
    ...aanmelding(),
    betrokkenen: [{ rol: 'BETROKKENE', voornamen: 'Riec', achternaam: `Test-${run}` }],
  });
  expect(res.status).toBe(201);
  const { id, casusnummer } = (await res.json()) as { id: string; casusnummer: string };
  await db.casus.update({ where: { id }, data: { fase: 'CASUSOVERLEG' } });
  const geef = async (naam: string, body: Record<string, unknown>) => {
    const r = await call('POST', `/casussen/${id}/gegevens`, ggd, {
      grondslag: 'WGS 2.29',
      categorie: 'GEWOON',
      inhoud: `Inhoud ${naam} ${run}`,
      ...body,
    });
    expect(r.status).toBe(201);
    return ((await r.json()) as { id: string }).id;
  };
  const items = {
    gewoon: await geef('gewoon', {}),
    politie: await geef('politie', { categorie: 'POLITIE', bronvermelding: 'BVH 2026-1' }),
    medisch: await geef('medisch', { categorie: 'BIJZONDER', beroepsgeheim: 'MEDISCH' }),
    jeugdhulp: await geef('jeugdhulp', { beroepsgeheim: 'JEUGDHULP' }),
    wvggz: await geef('wvggz', { categorie: 'WVGGZ', vervaltOp: '2030-01-01' }),
    wzd: await geef('wzd', { categorie: 'WZD', vervaltOp: '2030-01-01' }),
    nietAanDerden: await geef('niet-aan-derden', { voorwaarden: { nietAanDerden: true } }),
  };
  return { id, casusnummer, items };
}

const afstemming = (riec: SimPartner, gegevenIds: string[]) => ({
  riec: riec.id,
  onderwerp: 'Afstemming huisbezoek',
  toelichting: `Wij plannen een huisbezoek (${run}); past dat bij uw interventies?`,
  gegevenIds,
});

async function totStatus(afstemmingId: string, status: 'AFGELEVERD' | 'MISLUKT') {
  for (let i = 0; i < 150; i++) {
    const a = await db.riecAfstemming.findUniqueOrThrow({ where: { id: afstemmingId } });
    if (a.status === status) return a;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`afstemming ${afstemmingId} did not become ${status}`);
}

/** Signed by a RIEC as the real one signs (or with another key, to forge it). */
const alsRiec = (riec: SimPartner, body: unknown, key = `riec-${randomUUID()}`, sleutel = riec.sleutel) =>
  postOndertekend({
    url: api,
    pad: '/v1/koppeling/riec/berichten',
    afzender: riec.id,
    sleutel,
    body,
    idempotencyKey: key,
    timeoutMs: 10_000,
  }).catch((err: unknown) => {
    if (err instanceof KoppelingFout) return { status: err.status ?? 0, body: null };
    throw err;
  });

test('medical, jeugdhulp, Wvggz, Wzd and "not to derden" items are refused, each named; nothing stored or sent; refusal logged', async () => {
  const casus = await casusMetGegevens();
  const { items } = casus;
  const verboden = [items.medisch, items.jeugdhulp, items.wvggz, items.wzd, items.nietAanDerden];
  const res = await call(
    'POST',
    `/casussen/${casus.id}/riec-afstemmingen`,
    ggd,
    afstemming(riecs.ok, [items.gewoon, ...verboden]),
  );
  const body = await expectProblem(res, 422, 'niet-aan-riec');
  const geweigerd = body.geweigerd as Array<{ id: string; reden: string }>;
  expect(geweigerd.map((g) => g.id).sort()).toEqual([...verboden].sort());
  const reden = Object.fromEntries(geweigerd.map((g) => [g.id, g.reden]));
  expect(reden[items.medisch]).toMatch(/medisch beroepsgeheim.*BGS 1\.10/);
  expect(reden[items.jeugdhulp]).toMatch(/jeugdhulpverlener.*BGS 1\.10/);
  expect(reden[items.wvggz]).toMatch(/Wvggz.*BGS 1\.10/);
  expect(reden[items.wzd]).toMatch(/Wet zorg en dwang.*BGS 1\.10/);
  expect(reden[items.nietAanDerden]).toMatch(/niet toe/);
  expect(body.detail).toContain(items.medisch);

  expect(await db.riecAfstemming.count({ where: { casusId: casus.id } })).toBe(0);
  await new Promise((r) => setTimeout(r, 500));
  expect(
    sim
      .ontvangen(riecs.ok.id)
      .filter(
        (o) =>
          JSON.stringify(o.body).includes(run) &&
          (o.body as { casusnummer?: string }).casusnummer === casus.casusnummer,
      ),
  ).toEqual([]);
  const log = await db.auditLog.findMany({ where: { casusId: casus.id, actie: 'casus.riec.afstemmen' } });
  expect(log).toHaveLength(1);
  expect(log[0]).toMatchObject({
    uitkomst: 'GEWEIGERD',
    medewerkerId: ggd.medewerkerId,
    detail: { code: 'NIET_AAN_RIEC', riec: riecs.ok.id },
  });
  expect((log[0]?.detail as { gegevenIds: string[] }).gegevenIds.sort()).toEqual([...verboden].sort());
});

test("an allowed set is delivered signed, exactly those items; Wpg provision recorded; the RIEC's reply (sent twice) stored once", async () => {
  const casus = await casusMetGegevens();
  const { items } = casus;
  const res = await call(
    'POST',
    `/casussen/${casus.id}/riec-afstemmingen`,
    ggd,
    afstemming(riecs.ok, [items.gewoon, items.politie]),
  );
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const a = await totStatus(id, 'AFGELEVERD');
  expect(a.afgeleverdOp).not.toBeNull();

  const ontvangen = sim.ontvangen(riecs.ok.id).filter((o) => (o.body as { afstemmingId?: string }).afstemmingId === id);
  expect(ontvangen).toHaveLength(1);
  const [bericht] = ontvangen;
  expect(bericht).toMatchObject({ geldig: true, pad: '/afstemmingen', idempotencyKey: id });
  const b = bericht?.body as {
    formaat: string;
    casusnummer: string;
    gegevens: Array<{ id: string; inhoud: string; categorie: string }>;
    antwoordUrl: string;
  };
  expect(b).toMatchObject({
    formaat: 'zvh-riec-afstemming/1',
    casusnummer: casus.casusnummer,
    namens: ggd.deelnemerId,
    onderwerp: 'Afstemming huisbezoek',
  });
  expect(b.gegevens.map((g) => g.id)).toEqual([items.gewoon, items.politie]);
  expect(b.gegevens[0]?.inhoud).toBe(`Inhoud gewoon ${run}`);
  // Nothing else of the casus travelled: not the other items' content, not the betrokkene's name.
  const raw = bericht?.raw.toString('utf8') ?? '';
  for (const naam of ['medisch', 'jeugdhulp', 'wvggz', 'wzd', 'niet-aan-derden'])
    expect(raw).not.toContain(`Inhoud ${naam} ${run}`);
  expect(raw).not.toContain(`Test-${run}`);

  // Wpg 32: the police item's provision to the RIEC is documented.
  const registratie = await db.verstrekkingsregistratie.findMany({
    where: { gegevenId: items.politie, ontvangers: { has: `riec:${riecs.ok.id}` } },
  });
  expect(registratie).toHaveLength(1);
  expect(registratie[0]).toMatchObject({
    wet: 'WPG_32',
    aanvrager: ggd.deelnemerId,
    verstrekkerDeelnemerId: ggd.deelnemerId,
  });
  expect(
    await db.auditLog.count({
      where: {
        casusId: casus.id,
        actie: 'casus.riec.afstemmen',
        uitkomst: 'TOEGESTAAN',
        detail: { path: ['afgeleverd'], equals: riecs.ok.id },
      },
    }),
  ).toBe(1);

  // The simulated RIEC replies, twice under one Idempotency-Key (gedrag.dubbel): stored once, both answered 201.
  for (let i = 0; i < 100 && (await db.riecBericht.count({ where: { afstemmingId: id } })) === 0; i++)
    await new Promise((r) => setTimeout(r, 100));
  await sim.rustig();
  const antwoorden = sim
    .verstuurd(riecs.ok.id)
    .filter((v) => v.pad === '/v1/koppeling/riec/berichten' && (v.body as { id?: string } | null)?.id !== undefined);
  const berichten = await db.riecBericht.findMany({ where: { afstemmingId: id } });
  expect(berichten).toHaveLength(1);
  expect(berichten[0]).toMatchObject({
    casusId: casus.id,
    koppelingId: riecs.ok.id,
    inhoud: 'Het RIEC stemt in met de volgorde van de interventies.',
  });
  expect(antwoorden.filter((v) => (v.body as { id: string }).id === berichten[0]?.id).map((v) => v.status)).toEqual([
    201, 201,
  ]);

  const overzicht = await call('GET', `/casussen/${casus.id}/riec-afstemmingen`, ggd);
  expect(overzicht.status).toBe(200);
  const lijst = (await overzicht.json()) as {
    afstemmingen: Array<{ id: string; status: string; antwoorden: Array<{ inhoud: string }> }>;
  };
  expect(lijst.afstemmingen).toEqual([
    expect.objectContaining({
      id,
      status: 'AFGELEVERD',
      antwoorden: [expect.objectContaining({ inhoud: berichten[0]?.inhoud })],
    }),
  ]);
});

test('not before the person it concerns is informed or has a recorded ground (Prot. 16.1): 422 naming him, nothing sent', async () => {
  const casus = await casusMetGegevens();
  const persoon = await db.betrokkene.findFirstOrThrow({ where: { casusId: casus.id } });
  const plicht = await db.informatieplicht.create({
    data: {
      id: randomUUID(),
      casusId: casus.id,
      betrokkeneId: persoon.id,
      moment: 'IN_BEHANDELING',
      workflowId: `informatieplicht-${casus.id}-IN_BEHANDELING`,
      startdatum: new Date(),
      deadline: new Date(Date.now() + 30 * 86_400_000),
    },
  });
  const stem = () =>
    call('POST', `/casussen/${casus.id}/riec-afstemmingen`, ggd, afstemming(riecs.ok, [casus.items.gewoon]));
  const body = (await expectProblem(await stem(), 422, 'informatieplicht-niet-nagekomen')) as {
    personen: Array<{ betrokkeneId: string; rol: string }>;
  };
  expect(body.personen).toEqual([{ betrokkeneId: persoon.id, rol: 'BETROKKENE', informatieplichtId: plicht.id }]);
  expect(await db.riecAfstemming.count({ where: { casusId: casus.id } })).toBe(0);
  expect(
    await db.auditLog.count({ where: { casusId: casus.id, actie: 'casus.riec.afstemmen', uitkomst: 'GEWEIGERD' } }),
  ).toBe(1);
  // A recorded ground for uitstel lets it go.
  await db.informatieplicht.update({ where: { id: plicht.id }, data: { status: 'UITGESTELD' } });
  expect((await stem()).status).toBe(202);
});

test('a RIEC that is down first is delivered to after the retries, under one Idempotency-Key', async () => {
  const casus = await casusMetGegevens();
  const res = await call(
    'POST',
    `/casussen/${casus.id}/riec-afstemmingen`,
    ggd,
    afstemming(riecs.faalt, [casus.items.gewoon]),
  );
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  await totStatus(id, 'AFGELEVERD');
  const pogingen = sim
    .ontvangen(riecs.faalt.id)
    .filter((o) => (o.body as { afstemmingId?: string }).afstemmingId === id);
  expect(pogingen.length).toBe(3); // two 503s, then taken
  expect(new Set(pogingen.map((p) => p.idempotencyKey))).toEqual(new Set([id]));
  expect(new Set(pogingen.map((p) => p.raw.toString('hex'))).size).toBe(1); // the same bytes each time
});

test('a RIEC that refuses (4xx) is not retried: MISLUKT, and the procesregie gets one mail without personal data', async () => {
  const casus = await casusMetGegevens();
  const res = await call(
    'POST',
    `/casussen/${casus.id}/riec-afstemmingen`,
    ggd,
    afstemming(riecs.weigert, [casus.items.gewoon]),
  );
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const a = await totStatus(id, 'MISLUKT');
  expect(a.fout).toMatch(/422/);
  expect(
    sim.ontvangen(riecs.weigert.id).filter((o) => (o.body as { afstemmingId?: string }).afstemmingId === id),
  ).toHaveLength(1);

  const mails = await mailMet(casus.casusnummer);
  expect(mails).toHaveLength(1);
  const [mail] = mails;
  expect(mail?.subject).toBe(`RIEC-afstemming casus ${casus.casusnummer} niet afgeleverd`);
  expect([mail?.to ?? []].flat().flatMap((t) => t.value.map((v) => v.address))).toEqual(['procesregie@localhost']);
  expect(mail?.text).toContain(id);
  for (const geheim of [`Test-${run}`, `Inhoud gewoon ${run}`, 'huisbezoek']) expect(mail?.text).not.toContain(geheim);
});

test('inbound: unsigned, forged or from an unknown sender is refused 401; an unknown afstemming or casus 404; nothing stored', async () => {
  const casus = await casusMetGegevens();
  const res = await call('POST', `/casussen/${casus.id}/riec-afstemmingen`, ggd, afstemming(riecs.faalt, []));
  const { id } = (await res.json()) as { id: string };
  const voor = await db.riecBericht.count({ where: { koppelingId: { in: Object.values(riecs).map((r) => r.id) } } });
  const bericht = { afstemmingId: id, onderwerp: 'Reactie', inhoud: 'Akkoord.' };

  const ongetekend = await fetch(`${api}/v1/koppeling/riec/berichten`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `riec-${randomUUID()}` },
    body: JSON.stringify(bericht),
  });
  await expectProblem(ongetekend, 401, 'koppeling-niet-herkend');
  expect((await alsRiec(riecs.faalt, bericht, undefined, randomBytes(32))).status).toBe(401); // forged: another key
  expect((await alsRiec({ ...riecs.faalt, id: `riec-onbekend-${run}` }, bericht)).status).toBe(401);
  // Signed correctly, but about what this RIEC was never sent: answered as unknown.
  expect((await alsRiec(riecs.ok, bericht)).status).toBe(404);
  expect((await alsRiec(riecs.faalt, { ...bericht, afstemmingId: randomUUID() })).status).toBe(404);
  expect((await alsRiec(riecs.ok, { casusnummer: casus.casusnummer, onderwerp: 'Signaal', inhoud: 'x' })).status).toBe(
    404,
  );
  expect((await alsRiec(riecs.faalt, { ...bericht, extra: true })).status).toBe(400);
  expect(await db.riecBericht.count({ where: { koppelingId: { in: Object.values(riecs).map((r) => r.id) } } })).toBe(
    voor,
  );

  // The RIEC it went to may signal about the casus by its number.
  expect(
    (await alsRiec(riecs.faalt, { casusnummer: casus.casusnummer, onderwerp: 'Signaal', inhoud: 'Nieuwe melding.' }))
      .status,
  ).toBe(201);
  expect(await db.riecBericht.count({ where: { casusId: casus.id, afstemmingId: null } })).toBe(1);
});

test('only the overheidsdeelnemers in the casus and the procesregisseur conduct it, and not before triage', async () => {
  const casus = await casusMetGegevens();
  // A private deelnemer without a part in the casus may not even see it: the 404 of an unknown id.
  await expectProblem(
    await call('POST', `/casussen/${casus.id}/riec-afstemmingen`, buitenstaander, afstemming(riecs.ok, [])),
    404,
    'niet-gevonden',
  );
  await expectProblem(
    await call('POST', `/casussen/${casus.id}/riec-afstemmingen`, ggd, {
      ...afstemming(riecs.ok, []),
      riec: `geen-riec-${run}`,
    }),
    422,
    'onbekend-riec',
  );
  await db.casus.update({ where: { id: casus.id }, data: { fase: 'AANMELDING' } });
  await expectProblem(
    await call('POST', `/casussen/${casus.id}/riec-afstemmingen`, ggd, afstemming(riecs.ok, [])),
    409,
    'verkeerde-fase',
  );
  expect(await db.riecAfstemming.count({ where: { casusId: casus.id } })).toBe(0);
});

test('afstemmingen and replies go into the archive package and are anonymised with the casus', async () => {
  const casus = await casusMetGegevens();
  const res = await call(
    'POST',
    `/casussen/${casus.id}/riec-afstemmingen`,
    ggd,
    afstemming(riecs.ok, [casus.items.gewoon]),
  );
  const { id } = (await res.json()) as { id: string };
  await totStatus(id, 'AFGELEVERD');
  for (let i = 0; i < 100 && (await db.riecBericht.count({ where: { afstemmingId: id } })) === 0; i++)
    await new Promise((r) => setTimeout(r, 100));
  await sim.rustig();
  const archiefMap = mkdtempSync(join(tmpdir(), 'zvh-riec-archief-'));
  const archief = createArchiefActivities(db, { archiefMap });
  expect(await archief.archiveer(casus.id)).toEqual({ gearchiveerd: true });
  const naam = pakketNaam(casus.casusnummer);
  await expectMdtoGeldig(leesPakketMap(join(archiefMap, naam)));
  const pakket = JSON.parse(readFileSync(join(archiefMap, naam, `${naam}.json`), 'utf8')) as {
    riecAfstemmingen: Array<{ id: string; toelichting: string }>;
    riecBerichten: Array<{ afstemmingId: string }>;
  };
  expect(pakket.riecAfstemmingen).toEqual([expect.objectContaining({ id, toelichting: expect.stringContaining(run) })]);
  expect(pakket.riecBerichten).toEqual([expect.objectContaining({ afstemmingId: id })]);

  expect(await archief.anonimiseer(casus.id)).toEqual({ geanonimiseerd: true });
  expect(await db.riecAfstemming.findUniqueOrThrow({ where: { id } })).toMatchObject({
    onderwerp: '[geanonimiseerd]',
    toelichting: '[geanonimiseerd]',
    status: 'AFGELEVERD',
    koppelingId: riecs.ok.id,
  });
  expect(
    await db.riecBericht.findMany({ where: { casusId: casus.id }, select: { onderwerp: true, inhoud: true } }),
  ).toEqual([{ onderwerp: '[geanonimiseerd]', inhoud: '[geanonimiseerd]' }]);
  // Nothing more is taken about it from the RIEC.
  expect((await alsRiec(riecs.ok, { afstemmingId: id, onderwerp: 'Nog iets', inhoud: 'x' })).status).toBe(409);
});
