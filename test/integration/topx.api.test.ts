import { addDays, addMonths, isoDate } from '../../domain/dates';
import { dutchCalendarDate } from '../../infra/calendar';
import type { Db } from '../../infra/db';
import { topxWorkflowId } from '../../workflows/topx';
import { createMedewerker, criteria, nieuwBsn, type Wie } from '../support/fixtures';
import { expectProblem as problem } from '../support/problem';
import { stackClients } from '../support/stack-clients';
import { apiPad, call, mailMet, ok } from '../support/http';

// TopX-lijsten (WGS 2.32; BGS 2.22; SPEC §3) over HTTP against the running API, worker, Temporal and Postgres: the
// public criteria page, the refusal of data requests to derden and incidentele deelnemers, and a toetsing, placement
// and removal through the API. The timed paths (reviews, escalation, versions) are in test/workflow/topx.workflow.test.ts.
const stack = stackClients();
let db: Db;

let overheid: Wie;
let privaat: Wie;
let leverancier: Wie;
let inactief: Wie;

const NAAM = 'Topx-Apitestnaam';
/** A fresh person per test: other tests (and test files) must not find, link or count it. */
let BSN = nieuwBsn();
beforeEach(() => {
  BSN = nieuwBsn();
});
const vandaag = () => dutchCalendarDate(new Date());

beforeAll(async () => {
  ({ db } = stack);
  overheid = await createMedewerker(db, 'OVERHEID');
  privaat = await createMedewerker(db, 'PRIVAAT');
  leverancier = await createMedewerker(db, 'PRIVAAT');
  inactief = await createMedewerker(db, 'PRIVAAT');
  await db.deelnemer.update({ where: { id: inactief.deelnemerId }, data: { actief: false } });
});

const V1 = [
  { code: 'HIC-3', omschrijving: 'Drie of meer veroordelingen voor <high impact crimes> in vijf jaar' },
  { code: 'REGIO', omschrijving: 'Actief in de regio' },
];

/** A list with version 1 published and in force today. */
async function lijstMetCriteria(): Promise<string> {
  const { id } = await ok<{ id: string }>(
    await call('POST', '/topx-lijsten', overheid, {
      naam: `Top 24 ${Date.now()}`,
      omschrijving: 'Personen die het meest bijdragen aan high impact crime.',
    }),
    201,
  );
  await ok(
    await call('POST', `/topx-lijsten/${id}/criteria`, overheid, { criteria: V1, ingangsdatum: vandaag() }),
    201,
  );
  await ok(await call('POST', `/topx-lijsten/${id}/criteria/1/publicatie`, overheid, {}));
  return id;
}

const kandidaat = (bsn = BSN) => ({
  persoon: { voornamen: 'Piet', achternaam: NAAM, geboortedatum: '1996-02-03', bsn },
  voldaneCriteria: ['HIC-3'],
  toelichting: 'Drie veroordelingen in het politiedossier.',
});

type Vermelding = {
  id: string;
  fase: string;
  casusId: string | null;
  informatieverzoeken: Array<{ id: string; status: string }>;
};

test('the public criteria page lists published versions only — in force, announced and history — without any personal data', async () => {
  const { id } = await ok<{ id: string }>(
    await call('POST', '/topx-lijsten', overheid, {
      naam: 'Top X woninginbraken',
      omschrijving: 'Veelplegers woninginbraak in de regio.',
    }),
    201,
  );
  await problem(await call('POST', '/topx-lijsten', privaat, { naam: 'x', omschrijving: 'y' }), 403, 'niet-bevoegd');
  await problem(
    await call('POST', `/topx-lijsten/${id}/criteria`, overheid, {
      criteria: [{ code: 'a b', omschrijving: 'x' }],
      ingangsdatum: vandaag(),
    }),
    400,
    'ongeldige-invoer',
  );
  await ok(
    await call('POST', `/topx-lijsten/${id}/criteria`, overheid, {
      criteria: V1,
      ingangsdatum: vandaag(),
      toelichting: 'Vastgesteld door de stuurgroep.',
    }),
    201,
  );
  const publiek = async () => {
    const res = await call('GET', '/topx-criteria.json');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      lijsten: Array<{
        id: string;
        geldend: { versie: number } | null;
        aangekondigd: Array<{ versie: number }>;
        historie: Array<{ versie: number; gepubliceerdOp: string }>;
      }>;
    };
    return body.lijsten.find((l) => l.id === id);
  };
  expect(await publiek()).toBeUndefined(); // a draft is not published, so not used and not shown

  await ok(await call('POST', `/topx-lijsten/${id}/criteria/1/publicatie`, overheid, {}));
  await problem(await call('POST', `/topx-lijsten/${id}/criteria/1/publicatie`, overheid, {}), 409, 'verkeerde-fase');
  const morgen = addDays(isoDate(vandaag()), 1);
  await ok(
    await call('POST', `/topx-lijsten/${id}/criteria`, overheid, {
      criteria: [...V1, { code: 'JONG', omschrijving: 'Jonger dan 27' }],
      ingangsdatum: addMonths(isoDate(vandaag()), 1),
    }),
    201,
  );
  await ok(await call('POST', `/topx-lijsten/${id}/criteria/2/publicatie`, overheid, {}));
  await ok(await call('POST', `/topx-lijsten/${id}/criteria`, overheid, { criteria: V1, ingangsdatum: morgen }), 201); // version 3: a draft
  await ok(
    await call('POST', `/topx-lijsten/${id}/criteria`, overheid, { criteria: V1, ingangsdatum: '2020-01-01' }),
    201,
  ); // version 4
  await problem(
    await call('POST', `/topx-lijsten/${id}/criteria/4/publicatie`, overheid, {}),
    422,
    'publicatie-geweigerd',
  );

  const lijst = await publiek();
  expect(lijst).toMatchObject({
    geldend: { versie: 1, criteria: V1, toelichting: 'Vastgesteld door de stuurgroep.' },
    aangekondigd: [{ versie: 2 }],
  });
  expect(lijst?.historie.map((v) => v.versie)).toEqual([2, 1]);
  expect(lijst?.historie.every((v) => typeof v.gepubliceerdOp === 'string')).toBe(true);

  // A published version never changes, whoever asks (a trigger, not only the API).
  await expect(
    db.$executeRaw`UPDATE topx_criteria_versie SET criteria = '[]'::jsonb WHERE lijst_id = ${id}::uuid AND versie = 1`,
  ).rejects.toThrow();

  // A candidate on it: neither the JSON nor the page says anything about entries.
  await ok(await call('POST', `/topx-lijsten/${id}/vermeldingen`, overheid, kandidaat('111222333')), 201);
  const html = await call('GET', '/topx-criteria');
  expect(html.status).toBe(200);
  expect(html.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
  const tekst = await html.text();
  expect(tekst).toContain('Top X woninginbraken');
  expect(tekst).toContain('&#60;high impact crimes&#62;'); // escaped, never markup
  expect(tekst).toContain(`Versie 2, geldt vanaf ${addMonths(isoDate(vandaag()), 1)}`);
  const json = await (await call('GET', '/topx-criteria.json')).text();
  for (const t of [tekst, json]) {
    expect(t).not.toContain(NAAM);
    expect(t).not.toContain('111222333');
    expect(t).not.toContain(overheid.medewerkerId);
    expect(t).not.toContain(overheid.deelnemerId);
  }
});

test('data requests go to vaste deelnemers only: derden, incidentele and inactive deelnemers are refused (422), logged, nothing stored', async () => {
  const lijstId = await lijstMetCriteria();
  const v = await ok<Vermelding>(
    await call('POST', `/topx-lijsten/${lijstId}/vermeldingen`, overheid, kandidaat()),
    201,
  );
  const pad = `/topx-lijsten/${lijstId}/vermeldingen/${v.id}/informatieverzoeken`;
  const verzoek = (aan: unknown) => ({
    aan,
    doel: 'Toetsing aan de criteria',
    reden: 'Heeft mogelijk gegevens over de veroordelingen.',
  });

  const weigeringen = [
    { soort: 'DERDE', organisatie: 'Woningcorporatie Het Dak' },
    { soort: 'INCIDENTELE_DEELNEMER', organisatie: 'Sportvereniging' },
    { soort: 'DEELNEMER', deelnemerId: 'niet-in-het-register' },
    { soort: 'DEELNEMER', deelnemerId: inactief.deelnemerId },
  ];
  for (const aan of weigeringen) {
    const p = await problem(await call('POST', pad, overheid, verzoek(aan)), 422, 'bevraging-niet-toegestaan');
    expect(p.title).toBe('Bevraging niet toegestaan');
  }
  expect(await db.topxInformatieverzoek.count({ where: { vermeldingId: v.id } })).toBe(0);
  const geweigerd = await db.auditLog.findMany({
    where: { actie: 'topx.gegevens.vragen', uitkomst: 'GEWEIGERD', detail: { path: ['vermeldingId'], equals: v.id } },
    orderBy: { id: 'asc' },
  });
  expect(geweigerd.map((l) => (l.detail as { ontvanger: string }).ontvanger)).toEqual([
    'DERDE',
    'INCIDENTELE_DEELNEMER',
    'DERDE',
    'INACTIEVE_DEELNEMER',
  ]);
  await problem(
    await call('POST', pad, privaat, verzoek({ soort: 'DEELNEMER', deelnemerId: leverancier.deelnemerId })),
    403,
    'niet-bevoegd',
  );
  await problem(
    await call('POST', pad, overheid, {
      ...verzoek({ soort: 'DEELNEMER', deelnemerId: leverancier.deelnemerId }),
      extra: 1,
    }),
    400,
    'ongeldige-invoer',
  );

  // A vaste deelnemer likely to hold the data: accepted by the workflow, notified (its mailbox here, no personal
  // data); only that deelnemer answers.
  await db.deelnemer.update({
    where: { id: leverancier.deelnemerId },
    data: { contactEmail: 'topx@leverancier.test' },
  });
  const na = await ok<Vermelding>(
    await call('POST', pad, overheid, verzoek({ soort: 'DEELNEMER', deelnemerId: leverancier.deelnemerId })),
    201,
  );
  expect(na.informatieverzoeken).toMatchObject([{ status: 'VASTGESTELD' }]);
  const antwoord = `${pad}/${na.informatieverzoeken[0]!.id}/antwoord`;
  const { nummer } = await db.topxVermelding.findUniqueOrThrow({ where: { id: v.id } });
  const [melding] = await mailMet(`Informatieverzoek TopX-vermelding ${nummer}`);
  expect(melding?.to).toMatchObject({ text: 'topx@leverancier.test' });
  expect(melding?.text).toContain(`/topx-informatieverzoeken/${na.informatieverzoeken[0]!.id}`);
  expect(melding?.text).not.toMatch(new RegExp(`${NAAM}|${BSN}`));
  // The deelnemer asked finds it in its list and reads whom it is about (logged); nobody else does.
  const open = await ok<{ items: Array<{ id: string; nummer: string; antwoord: { pad: string } }> }>(
    await call('GET', '/topx-informatieverzoeken', leverancier),
  );
  expect(open.items).toEqual([
    expect.objectContaining({
      id: na.informatieverzoeken[0]!.id,
      nummer,
      antwoord: { methode: 'POST', pad: apiPad(antwoord) },
    }),
  ]);
  expect(JSON.stringify(open)).not.toMatch(new RegExp(`${NAAM}|${BSN}`));
  const detail = await ok<{ persoon: { achternaam: string; bsn: string } }>(
    await call('GET', `/topx-informatieverzoeken/${na.informatieverzoeken[0]!.id}`, leverancier),
  );
  expect(detail.persoon).toMatchObject({ achternaam: NAAM, bsn: BSN });
  await problem(
    await call('GET', `/topx-informatieverzoeken/${na.informatieverzoeken[0]!.id}`, privaat),
    404,
    'niet-gevonden',
  );
  await problem(await call('POST', antwoord, privaat, { antwoord: 'Niet gevraagd.' }), 403, 'niet-bevoegd');
  await ok(await call('POST', antwoord, leverancier, { antwoord: 'Drie veroordelingen (2022–2025).' }));
  await problem(await call('POST', antwoord, leverancier, { antwoord: 'Nog eens.' }), 409, 'verkeerde-fase');
  expect((await ok<{ items: unknown[] }>(await call('GET', '/topx-informatieverzoeken', leverancier))).items).toEqual(
    [],
  ); // answered: no longer open
});

test('toetsing, placement and removal over HTTP: 400/403/409/422 before any change; the overview shows state and review date, no names', async () => {
  const lijstId = await lijstMetCriteria();
  const v = await ok<Vermelding>(
    await call('POST', `/topx-lijsten/${lijstId}/vermeldingen`, overheid, kandidaat('123456782')),
    201,
  );
  await problem(
    await call('POST', `/topx-lijsten/${lijstId}/vermeldingen`, overheid, {
      ...kandidaat(),
      voldaneCriteria: ['ONBEKEND'],
    }),
    422,
    'kandidaat-geweigerd',
  );
  const pad = (s: string) => `/topx-lijsten/${lijstId}/vermeldingen/${v.id}/${s}`;
  const toetsing = (uitkomst: string, mate = 'VOLDAAN') => ({
    uitkomst,
    objectieveCriteria: { 'HIC-3': 'VOLDAAN', REGIO: mate },
    bgsCriteria: criteria,
    motivering: 'Getoetst aan beide sets criteria.',
  });

  await problem(
    await call('POST', pad('toetsing'), overheid, { ...toetsing('PLAATSEN'), uitkomst: 'MISSCHIEN' }),
    400,
    'ongeldige-invoer',
  );
  await problem(await call('POST', pad('toetsing'), privaat, toetsing('PLAATSEN')), 403, 'niet-bevoegd');
  await problem(
    await call('POST', pad('toetsing'), overheid, toetsing('PLAATSEN', 'NIET_VOLDAAN')),
    422,
    'beoordeling-ongeldig',
  );
  await problem(
    await call('POST', pad('toetsing'), overheid, {
      ...toetsing('PLAATSEN'),
      objectieveCriteria: { 'HIC-3': 'VOLDAAN' },
    }),
    422,
    'beoordeling-ongeldig',
  );
  await problem(await call('POST', pad('review'), overheid, toetsing('BEVESTIGD')), 409, 'verkeerde-fase');
  expect(await db.topxBesluit.count({ where: { vermeldingId: v.id } })).toBe(0);

  const geplaatst = await ok<Vermelding>(await call('POST', pad('toetsing'), overheid, toetsing('PLAATSEN')));
  expect(geplaatst).toMatchObject({ fase: 'GEPLAATST', volgendeReviewOp: addMonths(isoDate(vandaag()), 3) });
  await problem(await call('POST', pad('toetsing'), overheid, toetsing('PLAATSEN')), 409, 'verkeerde-fase');
  const casus = await ok<{ fase: string }>(await call('GET', `/casussen/${geplaatst.casusId}`, overheid));
  expect(casus.fase).toBe('SELECTIE_DEELNEMERS');

  const overzicht = await call('GET', `/topx-lijsten/${lijstId}`, { ...privaat, rollen: ['procesregisseur'] });
  const body = await ok<{ vermeldingen: Array<{ id: string; fase: string; volgendeReviewOp: string }> }>(overzicht);
  expect(body.vermeldingen).toMatchObject([
    { id: v.id, fase: 'GEPLAATST', volgendeReviewOp: addMonths(isoDate(vandaag()), 3) },
  ]);
  expect(JSON.stringify(body)).not.toContain(NAAM);
  await problem(await call('GET', `/topx-lijsten/${lijstId}`, privaat), 403, 'niet-bevoegd');

  const weg = await ok<Vermelding & { persoon: { achternaam: string | null } }>(
    await call('POST', pad('verwijdering'), overheid, { motivering: 'Plaatsing niet langer nodig.' }),
  );
  expect(weg).toMatchObject({ fase: 'VERWIJDERD', verwijderReden: 'NIET_MEER_NODIG', persoon: { achternaam: null } });
  const handle = stack.temporal.workflow.getHandle(topxWorkflowId(lijstId, v.id));
  expect(await handle.result()).toMatchObject({ fase: 'VERWIJDERD' });
  expect((await ok<{ fase: string }>(await call('GET', `/casussen/${geplaatst.casusId}`, overheid))).fase).toBe(
    'SELECTIE_DEELNEMERS',
  );
  expect(await ok(await call('GET', `/topx-lijsten/${lijstId}/cijfers`, overheid))).toMatchObject({
    kandidaten: 0,
    opDeLijst: 0,
    ooitGeplaatst: 1,
    verwijderd: 1,
    verwijderdNaarReden: { NIET_MEER_NODIG: 1 },
  });
});

// The API side of a criteria change: a version published through the API reaches the placed entry, and its review
// must judge the version in force. The workflow side (the signal, the re-test flag, removal at the review) is tested
// on the time-skipping server in test/workflow/topx.workflow.test.ts.
test('a new criteria version: a placed entry is judged against it at its review, and leaves when it no longer qualifies', async () => {
  const lijstId = await lijstMetCriteria();
  const v = await ok<Vermelding>(
    await call('POST', `/topx-lijsten/${lijstId}/vermeldingen`, overheid, kandidaat()),
    201,
  );
  const pad = (s: string) => `/topx-lijsten/${lijstId}/vermeldingen/${v.id}/${s}`;
  const oordeel = (uitkomst: string, objectieveCriteria: Record<string, string>) => ({
    uitkomst,
    objectieveCriteria,
    bgsCriteria: criteria,
    motivering: 'Getoetst aan de geldende criteria.',
  });
  await ok(
    await call('POST', pad('toetsing'), overheid, oordeel('PLAATSEN', { 'HIC-3': 'VOLDAAN', REGIO: 'VOLDAAN' })),
  );

  // Version 2 adds a criterion, published and in force today (WGS 2.32: the list's criteria may change).
  await ok(
    await call('POST', `/topx-lijsten/${lijstId}/criteria`, overheid, {
      criteria: [...V1, { code: 'JONG', omschrijving: 'Jonger dan 27 jaar' }],
      ingangsdatum: vandaag(),
    }),
    201,
  );
  await ok(await call('POST', `/topx-lijsten/${lijstId}/criteria/2/publicatie`, overheid, {}));

  // The review judges the version in force: the old set of criteria alone no longer does.
  await problem(
    await call('POST', pad('review'), overheid, oordeel('BEVESTIGD', { 'HIC-3': 'VOLDAAN', REGIO: 'VOLDAAN' })),
    422,
    'beoordeling-ongeldig',
  );
  const weg = await ok<Vermelding & { verwijderReden: string }>(
    await call(
      'POST',
      pad('review'),
      overheid,
      oordeel('VOLDOET_NIET_MEER', { 'HIC-3': 'VOLDAAN', REGIO: 'VOLDAAN', JONG: 'NIET_VOLDAAN' }),
    ),
  );
  expect(weg).toMatchObject({ fase: 'VERWIJDERD', verwijderReden: 'CRITERIA_GEWIJZIGD' });
  expect(await stack.temporal.workflow.getHandle(topxWorkflowId(lijstId, v.id)).result()).toMatchObject({
    fase: 'VERWIJDERD',
  });
});

test('the linked casus: placement waits for its intake and triage (409), and its afsluiting takes the entry off at once', async () => {
  const lijstId = await lijstMetCriteria();
  // The person already has a casus, taken in behandeling at the intake: now in TRIAGE.
  const casus = await ok<{ id: string }>(
    await call('POST', '/casussen', overheid, {
      wettelijkeTaak: 'Handhaving van de openbare orde (Politiewet 2012, art. 3)',
      criteria,
      betrokkenen: [{ rol: 'BETROKKENE', voornamen: 'Piet', achternaam: NAAM, geboortedatum: '1996-02-03', bsn: BSN }],
    }),
    201,
  );
  const besluit = (pad: string, body: unknown) => call('POST', `/casussen/${casus.id}/${pad}`, overheid, body);
  await ok(await besluit('intake-besluit', { uitkomst: 'IN_BEHANDELING', criteria, motivering: 'Aannemelijk.' }));

  const v = await ok<Vermelding>(
    await call('POST', `/topx-lijsten/${lijstId}/vermeldingen`, overheid, kandidaat()),
    201,
  );
  const pad = (s: string) => `/topx-lijsten/${lijstId}/vermeldingen/${v.id}/${s}`;
  const toetsing = {
    uitkomst: 'PLAATSEN',
    objectieveCriteria: { 'HIC-3': 'VOLDAAN', REGIO: 'VOLDAAN' },
    bgsCriteria: criteria,
    motivering: 'Getoetst aan beide sets criteria.',
  };
  const body = await problem(await call('POST', pad('toetsing'), overheid, toetsing), 409, 'casus-in-beoordeling');
  expect(body).toMatchObject({ title: 'Casus nog in intake of triage' });
  expect(await db.topxVermelding.findUniqueOrThrow({ where: { id: v.id } })).toMatchObject({
    fase: 'KANDIDAAT',
    casusId: null,
  });
  expect(await db.casus.count({ where: { betrokkenen: { some: { bsn: BSN } } } })).toBe(1);

  // Its own process takes it in behandeling; the placement then links it.
  await ok(await besluit('eindbeoordeling', { uitkomst: 'VOLDAAN', criteria, motivering: 'Na triage.' }));
  const geplaatst = await ok<Vermelding>(await call('POST', pad('toetsing'), overheid, toetsing));
  expect(geplaatst).toMatchObject({ fase: 'GEPLAATST', casusId: casus.id });

  const geselecteerd = await createMedewerker(db, 'OVERHEID');
  await ok(await besluit('selectie', { deelnemers: [geselecteerd.deelnemerId] }));
  await ok(await besluit('afsluiting', { uitkomst: 'DOELEN_BEREIKT', motivering: 'Doelen bereikt.' }));
  // In the afsluiting's own transaction, logged as the decider's; the entry's workflow ends.
  expect(await db.topxVermelding.findUniqueOrThrow({ where: { id: v.id } })).toMatchObject({
    fase: 'VERWIJDERD',
    verwijderReden: 'CASUS_AFGESLOTEN',
    achternaam: null,
    bsn: null,
  });
  const handle = stack.temporal.workflow.getHandle(topxWorkflowId(lijstId, v.id));
  expect(await handle.result()).toMatchObject({ fase: 'VERWIJDERD' });
  expect(
    await db.auditLog.count({
      where: {
        casusId: casus.id,
        medewerkerId: overheid.medewerkerId,
        detail: { path: ['reden'], equals: 'CASUS_AFGESLOTEN' },
      },
    }),
  ).toBe(1);
});
