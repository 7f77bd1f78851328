import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { loadPayloadCodecConfig } from '../../infra/codec';
import type { Db } from '../../infra/db';
import { nieuweKoppelingSleutel, versleutelKoppelingSleutel } from '../../infra/koppeling-sleutel';
import { postOndertekend } from '../../infra/koppeling-http';
import { startPartnerSimulator, type Gedrag, type PartnerSimulator } from '../../infra/simulator';
import type { DeelnemerScript } from '../../infra/simulator/deelnemer';
import { informatieverzoekWorkflowId, type InformatieverzoekStatus } from '../../workflows/informatieverzoek';
import {
  aanmelding,
  createCasus,
  createMedewerker,
  criteria,
  nieuwBsn,
  requireEnv,
  type Wie,
} from '../support/fixtures';
import { dutchCalendarDate } from '../../infra/calendar';
import { call, informeerIedereen, mailMet, ok } from '../support/http';
import { expectProblem } from '../support/problem';
import { stackClients } from '../support/stack-clients';

// Information requests to deelnemers through their koppeling (issue #7), against the running stack (API, worker,
// Temporal dev server, Postgres, the local SMTP mailbox) and the partner simulator playing the deelnemers' systems:
// signed delivery, retries after failures and a timeout, a partner's refusal escalated, answers taken once, refused
// when unasked, addressed to another, forged, or after the casus moved on. The deadline itself (days) is covered on
// the time-skipping server in test/workflow/informatieverzoek.workflow.test.ts.
jest.setTimeout(90_000);
const stack = stackClients();
let db: Db;
let temporal: Client;
let sim: PartnerSimulator;
const api = () => requireEnv('ZVH_TEST_API_URL');

beforeAll(async () => {
  ({ db, temporal } = stack);
  sim = await startPartnerSimulator({ zvh: { apiUrl: api(), afzender: 'zvh' } });
});
afterAll(() => sim.stop());

interface Deelnemer extends Wie {
  koppelingId: string;
  sleutel: Buffer;
}

/** A deelnemer whose own system (played by the simulator) is registered as its HTTPS koppeling. */
async function deelnemerMetSysteem(
  gedrag: Gedrag = {},
  script?: DeelnemerScript,
  type: 'OVERHEID' | 'PRIVAAT' = 'PRIVAAT',
): Promise<Deelnemer> {
  const m = await createMedewerker(db, type);
  const koppelingId = `sys-${m.deelnemerId}`;
  const sleutel = nieuweKoppelingSleutel();
  await db.koppeling.create({
    data: {
      id: koppelingId,
      naam: 'Registratiesysteem',
      soort: 'DEELNEMER',
      deelnemerId: m.deelnemerId,
      kanaal: 'HTTPS',
      url: sim.partnerUrl('deelnemer', koppelingId),
      ...versleutelKoppelingSleutel(loadPayloadCodecConfig(), koppelingId, sleutel),
    },
  });
  sim.voegToe({ soort: 'deelnemer', id: koppelingId, sleutel, gedrag, script });
  return { ...m, koppelingId, sleutel };
}

/** A casus in TRIAGE, registered by a fresh overheidsdeelnemer. */
async function casusInTriage(): Promise<{ casusId: string; aanmelder: Wie }> {
  const aanmelder = await createMedewerker(db, 'OVERHEID');
  const casus = await ok<{ id: string }>(call('POST', '/casussen', aanmelder, aanmelding()), 201);
  await ok(
    call('POST', `/casussen/${casus.id}/intake-besluit`, aanmelder, {
      uitkomst: 'IN_BEHANDELING',
      criteria,
      motivering: 'Criteria aannemelijk.',
    }),
  );
  await informeerIedereen(db, casus.id);
  return { casusId: casus.id, aanmelder };
}

const vraag = (casusId: string, door: Wie, aan: string) =>
  ok<{ id: string; termijnOp: string }>(
    call('POST', `/casussen/${casusId}/informatieverzoeken`, door, {
      aanDeelnemerId: aan,
      namensDeelnemerId: door.deelnemerId,
      taak: 'Zorg voor de veiligheid.',
      doel: 'Beeld van de situatie.',
      reden: 'Nodig voor de eindbeoordeling.',
    }),
    201,
  );

const uitkomst = (verzoekId: string) =>
  temporal.workflow.getHandle(informatieverzoekWorkflowId(verzoekId)).result() as Promise<InformatieverzoekStatus>;

async function totdat<T>(lees: () => Promise<T>, klaar: (t: T) => boolean, ms = 30_000): Promise<T> {
  const tot = Date.now() + ms;
  for (;;) {
    const t = await lees();
    if (klaar(t) || Date.now() > tot) return t;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const antwoord = (inhoud = 'Bekend bij de reclassering; toezicht loopt.') => ({
  grondslag: 'WGS 2.29 lid 1',
  categorie: 'GEWOON',
  inhoud,
  voorwaarden: { nietAanDerden: true },
});

/** An answer as the deelnemer's system sends it: signed with its key, with an Idempotency-Key. */
const beantwoord = (d: Deelnemer, verzoekId: string, body: unknown, key = `antwoord-${randomUUID()}`) =>
  postOndertekend({
    url: api(),
    pad: `/v1/koppeling/informatieverzoeken/${verzoekId}/antwoord`,
    afzender: d.koppelingId,
    sleutel: d.sleutel,
    body,
    idempotencyKey: key,
    timeoutMs: 10_000,
  });

test('delivered signed to the deelnemer system, answered by it — twice, stored once — and the request is done', async () => {
  const { casusId, aanmelder } = await casusInTriage();
  const systeem = await deelnemerMetSysteem({ dubbel: true }, { voorwaarden: { nietAanDerden: true } });
  const verzoek = await vraag(casusId, aanmelder, systeem.deelnemerId);

  expect(await uitkomst(verzoek.id)).toMatchObject({ fase: 'BEANTWOORD', afgeleverdVia: 'HTTPS', escalatie: null });
  const [ontvangen] = sim.ontvangen(systeem.koppelingId);
  expect(ontvangen).toMatchObject({
    pad: '/informatieverzoeken',
    geldig: true,
    idempotencyKey: `informatieverzoek-${verzoek.id}`,
  });
  expect(ontvangen?.body).toMatchObject({
    verzoekId: verzoek.id,
    namens: aanmelder.deelnemerId,
    doel: 'Beeld van de situatie.',
    antwoordUrl: `${api()}/v1/koppeling/informatieverzoeken/${verzoek.id}/antwoord`,
  });
  expect((ontvangen?.body as { betrokkenen: unknown[] }).betrokkenen).toContainEqual({
    rol: 'BETROKKENE',
    voornamen: 'Jan',
    achternaam: 'Jansen',
    geboortedatum: '1990-04-01',
    bsn: '111222333',
  });

  await sim.rustig();
  const antwoorden = sim.verstuurd(systeem.koppelingId);
  expect(antwoorden.map((a) => a.status)).toEqual([201, 201]); // the repeat gets the first answer back
  expect(antwoorden[0]?.body).toEqual(antwoorden[1]?.body);
  const gegevens = await db.gegeven.findMany({ where: { casusId, verzoekId: verzoek.id } });
  expect(gegevens).toHaveLength(1);
  expect(gegevens[0]).toMatchObject({
    leverancierDeelnemerId: systeem.deelnemerId,
    medewerkerId: null,
    koppelingId: systeem.koppelingId,
    nietAanDerden: true,
  });
  expect(await db.informatieverzoek.findUniqueOrThrow({ where: { id: verzoek.id } })).toMatchObject({
    afgeleverdVia: 'HTTPS',
    afgeleverdOp: expect.any(Date),
    beantwoordOp: expect.any(Date),
    geescaleerdOp: null,
  });
  // Logged: the hand-over of the betrokkenen's identification to the system, and the item it provided.
  const log = await db.auditLog.findMany({
    where: { casusId, deelnemerId: systeem.deelnemerId },
    select: { actie: true, detail: true },
  });
  expect(log).toEqual(
    expect.arrayContaining([
      {
        actie: 'casus.informatie.vragen',
        detail: expect.objectContaining({
          verzoekId: verzoek.id,
          afgeleverd: 'HTTPS',
          koppelingId: systeem.koppelingId,
        }),
      },
      {
        actie: 'casus.gegevens.verstrekken',
        detail: expect.objectContaining({ gegevenId: gegevens[0]?.id, koppelingId: systeem.koppelingId }),
      },
    ]),
  );
});

test('a partner that is down and then too slow is retried with the same Idempotency-Key until it takes the request', async () => {
  const { casusId, aanmelder } = await casusInTriage();
  // First call 503, second slower than the worker's timeout (ZVH_KOPPELING_TIMEOUT_MS=3000 in the test stack), third
  // fine. The system answers later (stil), so what is seen is the delivery alone.
  const systeem = await deelnemerMetSysteem({ faalEerst: 1, vertragingMs: 4_000, traagEerst: 1, stil: true });
  const verzoek = await vraag(casusId, aanmelder, systeem.deelnemerId);
  const afgeleverd = await totdat(
    () => db.informatieverzoek.findUniqueOrThrow({ where: { id: verzoek.id } }),
    (v) => v.afgeleverdOp !== null,
  );
  expect(afgeleverd).toMatchObject({ afgeleverdVia: 'HTTPS', afgeleverdOp: expect.any(Date) });
  const pogingen = sim.ontvangen(systeem.koppelingId);
  expect(pogingen.length).toBeGreaterThanOrEqual(3);
  expect(new Set(pogingen.map((p) => p.idempotencyKey))).toEqual(new Set([`informatieverzoek-${verzoek.id}`]));

  expect((await beantwoord(systeem, verzoek.id, antwoord())).status).toBe(201);
  expect(await uitkomst(verzoek.id)).toMatchObject({ fase: 'BEANTWOORD', afgeleverdVia: 'HTTPS' });
  expect(await db.gegeven.count({ where: { casusId, verzoekId: verzoek.id } })).toBe(1);
});

test('a partner that refuses the request (4xx) is not retried: the procesregie is warned at once, without personal data', async () => {
  const { casusId, aanmelder } = await casusInTriage();
  const systeem = await deelnemerMetSysteem({ weigerMet: 422 });
  const verzoek = await vraag(casusId, aanmelder, systeem.deelnemerId);
  expect(await uitkomst(verzoek.id)).toMatchObject({
    fase: 'GEESCALEERD',
    escalatie: 'GEWEIGERD_DOOR_PARTNER',
    afgeleverdVia: null,
  });
  expect(sim.ontvangen(systeem.koppelingId)).toHaveLength(1);
  expect(await db.informatieverzoek.findUniqueOrThrow({ where: { id: verzoek.id } })).toMatchObject({
    afgeleverdOp: null,
    geescaleerdOp: expect.any(Date),
  });
  const { casusnummer } = await db.casus.findUniqueOrThrow({ where: { id: casusId } });
  const [mail] = await mailMet(`Escalatie: informatieverzoek casus ${casusnummer}`);
  expect(mail?.text).toContain('geweigerd');
  expect(mail?.text).not.toMatch(/Jansen|111222333|1990/);
});

test('answers that were not asked for, are addressed to another, forged or reuse a key are refused and store nothing', async () => {
  const { casusId, aanmelder } = await casusInTriage();
  const gevraagd = await deelnemerMetSysteem({ stil: true });
  const ander = await deelnemerMetSysteem({ stil: true });
  const verzoek = await vraag(casusId, aanmelder, gevraagd.deelnemerId);
  await totdat(
    () => db.informatieverzoek.findUniqueOrThrow({ where: { id: verzoek.id } }),
    (v) => v.afgeleverdOp !== null,
  );

  await expect(beantwoord(gevraagd, randomUUID(), antwoord())).rejects.toMatchObject({ status: 404 }); // unsolicited
  await expect(beantwoord(ander, verzoek.id, antwoord())).rejects.toMatchObject({ status: 403 });
  await expect(
    beantwoord({ ...gevraagd, sleutel: nieuweKoppelingSleutel() }, verzoek.id, antwoord()),
  ).rejects.toMatchObject({ status: 401 });
  await expect(beantwoord(gevraagd, verzoek.id, { ...antwoord(), categorie: 'POLITIE' })).rejects.toMatchObject({
    status: 400,
  }); // no bronvermelding
  const res = await fetch(`${api()}/v1/koppeling/informatieverzoeken/${verzoek.id}/antwoord`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(antwoord()),
  });
  await expectProblem(res, 401, 'koppeling-niet-herkend');
  expect(await db.gegeven.count({ where: { casusId } })).toBe(0);

  const key = `antwoord-${randomUUID()}`;
  expect((await beantwoord(gevraagd, verzoek.id, antwoord(), key)).status).toBe(201);
  // The same key for another message: 422, as for a medewerker's key (draft-ietf-httpapi-idempotency-key-header).
  await expect(beantwoord(gevraagd, verzoek.id, antwoord('Iets anders.'), key)).rejects.toMatchObject({ status: 422 });
  expect(await db.gegeven.count({ where: { casusId } })).toBe(1);
  const weigeringen = await db.auditLog.findMany({
    where: {
      actie: { in: ['casus.gegevens.verstrekken', 'koppeling.ontvangen'] },
      uitkomst: 'GEWEIGERD',
      deelnemerId: { in: [gevraagd.deelnemerId, ander.deelnemerId] },
    },
    select: { detail: true },
  });
  expect(
    weigeringen
      .map((w) => (w.detail as { code?: string; reden?: string }).code ?? (w.detail as { reden?: string }).reden)
      .sort(),
  ).toEqual(['HANDTEKENING', 'NIET_GEVRAAGD', 'ONBEKEND_VERZOEK'].sort());
});

test('a late answer is taken and marked; one after the casus moved on is refused with the reason, nothing stored', async () => {
  const { casusId, aanmelder } = await casusInTriage();
  const systeem = await deelnemerMetSysteem({ stil: true });
  const laat = await vraag(casusId, aanmelder, systeem.deelnemerId);
  const teLaat = await vraag(casusId, aanmelder, systeem.deelnemerId);
  await db.informatieverzoek.update({ where: { id: laat.id }, data: { termijnOp: new Date(Date.now() - 60_000) } });
  const a = await beantwoord(systeem, laat.id, antwoord());
  expect(a).toMatchObject({ status: 201, body: { verzoekId: laat.id, naTermijn: true } });

  // The casus moves on: the final assessment finds the criteria not met, it is not taken into behandeling.
  await ok(
    call('POST', `/casussen/${casusId}/eindbeoordeling`, aanmelder, {
      uitkomst: 'NIET_VOLDAAN',
      criteria,
      motivering: 'Na triage niet voldaan.',
    }),
  );
  await expect(beantwoord(systeem, teLaat.id, antwoord())).rejects.toMatchObject({ status: 409 });
  expect(await db.gegeven.count({ where: { verzoekId: teLaat.id } })).toBe(0);
  expect(await db.informatieverzoek.findUniqueOrThrow({ where: { id: teLaat.id } })).toMatchObject({
    beantwoordOp: null,
  });
});

test('a deelnemer without a system gets a mail without personal data; its medewerker reads the request and answers through the API', async () => {
  const { casusId, aanmelder } = await casusInTriage();
  const m = await createMedewerker(db, 'PRIVAAT');
  await db.koppeling.create({
    data: {
      id: `mail-${m.deelnemerId}`,
      naam: 'Postbus',
      soort: 'DEELNEMER',
      deelnemerId: m.deelnemerId,
      kanaal: 'MAIL',
      email: 'zvh-verzoeken@deelnemer.test',
    },
  });
  const verzoek = await vraag(casusId, aanmelder, m.deelnemerId);

  const [mail] = await mailMet(`kenmerk ${verzoek.id}`);
  expect(mail?.to).toMatchObject({ text: 'zvh-verzoeken@deelnemer.test' });
  expect(mail?.text).toContain(`${api()}/v1/informatieverzoeken/${verzoek.id}`);
  expect(mail?.text).not.toMatch(/Jansen|111222333|1990/);
  await totdat(
    () => db.informatieverzoek.findUniqueOrThrow({ where: { id: verzoek.id } }),
    (v) => v.afgeleverdVia === 'MAIL',
  );

  const lijst = await ok<{ items: Array<{ id: string; beantwoordOp: string | null }> }>(
    call('GET', '/informatieverzoeken?open=true', m),
  );
  expect(lijst.items.map((i) => i.id)).toEqual([verzoek.id]);
  const detail = await ok<{ betrokkenen: unknown[]; antwoord: { pad: string } }>(
    call('GET', `/informatieverzoeken/${verzoek.id}`, m),
  );
  expect(detail.betrokkenen).toContainEqual(expect.objectContaining({ achternaam: 'Jansen', bsn: '111222333' }));
  await expectProblem(await call('GET', `/informatieverzoeken/${verzoek.id}`, aanmelder), 404, 'niet-gevonden'); // not addressed to it

  await ok(call('POST', detail.antwoord.pad, m, { ...antwoord(), verzoekId: verzoek.id }), 201);
  expect(await uitkomst(verzoek.id)).toMatchObject({ fase: 'BEANTWOORD', afgeleverdVia: 'MAIL' });
  expect((await ok<{ items: unknown[] }>(call('GET', '/informatieverzoeken?open=true', m))).items).toEqual([]);
  expect(
    await db.auditLog.count({ where: { actie: 'informatieverzoek.inzien', casusId, medewerkerId: m.medewerkerId } }),
  ).toBe(1);
});

test('an AVG consultation reaches a deelnemer system as a signed notification without personal data', async () => {
  const systeem = await deelnemerMetSysteem({}, undefined, 'OVERHEID');
  const persoon = nieuwBsn();
  const casusId = await createCasus(db, systeem);
  await db.betrokkene.create({
    data: { id: randomUUID(), casusId, rol: 'BETROKKENE', achternaam: 'Raadpleegtest', bsn: persoon },
  });
  const contactpunt: Wie = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['contactpunt'] };
  const vandaag = dutchCalendarDate(new Date());
  const verzoek = await ok<{ id: string; verzoeknummer: string; consultaties: Array<{ deelnemerId: string }> }>(
    call('POST', '/avg-verzoeken', contactpunt, {
      soort: 'INZAGE',
      ontvangenOp: vandaag,
      verzoeker: { achternaam: 'Raadpleegtest', bsn: persoon, adres: 'Kerkstraat 2, 1234 AB Teststad' },
      identiteit: { methode: 'BALIE_IDENTITEITSBEWIJS', datum: vandaag },
    }),
    201,
  );
  expect(verzoek.consultaties).toEqual([expect.objectContaining({ deelnemerId: systeem.deelnemerId })]);
  const melding = await totdat(
    async () => sim.ontvangen(systeem.koppelingId).find((o) => o.pad === '/meldingen'),
    (o) => o !== undefined,
  );
  expect(melding).toMatchObject({ geldig: true, body: { soort: 'AVG_CONSULTATIE', kenmerk: verzoek.verzoeknummer } });
  expect(JSON.stringify(melding?.body)).not.toMatch(new RegExp(`Raadpleegtest|${persoon}`));
  expect(melding?.idempotencyKey).toMatch(/^avg\.consultatie\./);
});
