import { addDays, addMonths } from '../../domain/dates';
import type { Rol } from '../../domain/identity';
import { dutchCalendarDate } from '../../infra/calendar';
import type { Db } from '../../infra/db';
import { informatieplichtStatus, informatieplichtWorkflowId } from '../../workflows/informatieplicht';
import { aanmelding, createMedewerker, criteria, type Wie } from '../support/fixtures';
import { expectProblem as problem } from '../support/problem';
import { stackClients } from '../support/stack-clients';
import { call, mailMet, ok, wijsAan } from '../support/http';

// The informatieplicht over HTTP (SPEC §4), against the running API and worker, the Temporal dev server, Postgres
// and the stack's local mailbox (real SMTP, .eml files): the obligation starts with the intake, the Contactpunt sees
// it in its work list, prints the letter and records what happened; data goes to others only after that. The
// calendar paths (reminder, escalation, re-test) are in test/workflow/informatieplicht.workflow.test.ts.
const stack = stackClients();
let db: Db;

interface Plicht {
  id: string;
  casusId: string;
  casusnummer: string;
  moment: string;
  status: string;
  startdatum: string;
  deadline: string;
  verlopen: boolean;
  hertoetsingOp: string | null;
  verstrektOp: string | null;
  kanaal: string | null;
  verantwoordelijke: string;
}

beforeAll(() => {
  ({ db } = stack);
});

const met = (m: Wie, ...rollen: Rol[]): Wie => ({ ...m, rollen });

const beslis = (id: string, pad: string, door: Wie, body: unknown) =>
  ok(call('POST', `/casussen/${id}/${pad}`, door, body));

/** The casus' obligation at `moment` from the Contactpunt's work list, once its workflow created it. */
async function inWerklijst(contactpunt: Wie, casusId: string, moment = 'IN_BEHANDELING'): Promise<Plicht> {
  for (let i = 0; i < 100; i++) {
    const { items } = await ok<{ items: Plicht[] }>(call('GET', `/informatieplicht?casusId=${casusId}`, contactpunt));
    const p = items.find((x) => x.moment === moment);
    if (p) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no informatieplicht ${moment} for casus ${casusId}`);
}

/** Its workflow's view: the API answers after the Update, so both agree. */
const workflowView = (p: Plicht) =>
  stack.temporal.workflow
    .getHandle(informatieplichtWorkflowId(p.casusId, p.moment as 'IN_BEHANDELING'))
    .query(informatieplichtStatus);

test('taken in behandeling: the obligation is in the work list with its deadline, announced by mail, and only the Contactpunt handles it', async () => {
  const aanmelder = await createMedewerker(db, 'OVERHEID');
  const contactpunt = met(await createMedewerker(db, 'OVERHEID'), 'contactpunt');
  const casus = await ok<{ id: string; casusnummer?: string }>(call('POST', '/casussen', aanmelder, aanmelding()), 201);
  await beslis(casus.id, 'intake-besluit', aanmelder, { uitkomst: 'IN_BEHANDELING', criteria });
  const vandaag = dutchCalendarDate(new Date());
  const p = await inWerklijst(contactpunt, casus.id);
  expect(p).toMatchObject({
    moment: 'IN_BEHANDELING',
    status: 'OPEN',
    startdatum: vandaag,
    deadline: addMonths(vandaag, 1),
    verlopen: false,
    verantwoordelijke: 'GEZAMENLIJK_VERWERKINGSVERANTWOORDELIJKEN',
    verstrektOp: null,
  });

  // Real SMTP: the Contactpunt's mailbox has the announcement, with the casusnummer and dates only.
  const [melding] = await mailMet(`Informatieplicht casus ${p.casusnummer}:`);
  expect(melding?.subject).toBe(`Informatieplicht casus ${p.casusnummer}: informeren uiterlijk ${p.deadline}`);
  expect(melding?.to).toMatchObject({ text: 'contactpunt@localhost' });
  expect(melding?.text).not.toContain('Jansen');

  // Without the Contactpunt role: 403, logged; a bad filter or body: 400; a recording in the wrong state: 409.
  await problem(await call('GET', '/informatieplicht', aanmelder), 403, 'niet-bevoegd');
  await problem(
    await call('POST', `/informatieplicht/${p.id}/verstrekt`, aanmelder, { datum: vandaag, kanaal: 'BRIEF' }),
    403,
    'niet-bevoegd',
  );
  expect(
    await db.auditLog.count({
      where: {
        medewerkerId: aanmelder.medewerkerId,
        actie: { startsWith: 'informatieplicht.' },
        uitkomst: 'GEWEIGERD',
      },
    }),
  ).toBe(2);
  await problem(await call('GET', '/informatieplicht?status=KLAAR', contactpunt), 400, 'ongeldige-invoer');
  await problem(
    await call('POST', `/informatieplicht/${p.id}/verstrekt`, contactpunt, { datum: '2026-02-30', kanaal: 'BRIEF' }),
    400,
    'ongeldige-invoer',
  );
  await problem(
    await call('POST', `/informatieplicht/${p.id}/verstrekt`, contactpunt, {
      datum: addDays(vandaag, 1),
      kanaal: 'BRIEF',
    }),
    400,
    'ongeldige-invoer',
  );
  await problem(
    await call('POST', `/informatieplicht/${p.id}/uitstel`, contactpunt, {
      grond: 'UAVG_41_1_E',
      reden: 'Bescherming.',
      verwachteDatum: vandaag,
    }),
    400,
    'ongeldige-invoer',
  );
  await problem(
    await call('POST', `/informatieplicht/${p.id}/hertoetsing`, contactpunt, { uitkomst: 'GROND_GELDT_NOG' }),
    409,
    'verkeerde-fase',
  );
  // The refused recording is kept as the record of the attempt; nothing else changed.
  expect(
    (await db.informatieplichtHandeling.findMany({ where: { informatieplichtId: p.id } })).map((h) => [
      h.soort,
      h.status,
      h.weigerreden,
    ]),
  ).toEqual([['GROND_GELDT_NOG', 'GEWEIGERD', 'VERKEERDE_FASE']]);
  expect(await workflowView(p)).toMatchObject({ status: 'OPEN' });

  // The letter: what AVG 14 asks, addressed to the betrokkene; reading it is logged.
  const brief = await call('GET', `/informatieplicht/${p.id}/brief`, contactpunt);
  expect(brief.status).toBe(200);
  expect(brief.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await brief.text();
  for (const deel of [
    'Aan: Jan Jansen',
    'Waarvoor wij uw gegevens gebruiken',
    `Testdeelnemer ${aanmelder.deelnemerId}`,
    'Waar uw gegevens vandaan komen',
    'nooit langer dan vijf jaar',
    'Autoriteit Persoonsgegevens',
    'Functionaris gegevensbescherming: Functionaris gegevensbescherming, fg@localhost',
    'Contactpunt: Contactpunt Zorg- en Veiligheidshuis, contactpunt@localhost',
  ]) {
    expect(html).toContain(deel);
  }
  expect(
    await db.auditLog.count({
      where: { casusId: casus.id, actie: 'informatieplicht.raadplegen', medewerkerId: contactpunt.medewerkerId },
    }),
  ).toBe(1);

  // Recorded as sent, with date and channel: the obligation is met and its workflow has ended.
  const verstrekt = await ok<Plicht>(
    call('POST', `/informatieplicht/${p.id}/verstrekt`, contactpunt, { datum: vandaag, kanaal: 'BRIEF' }),
  );
  expect(verstrekt).toMatchObject({ status: 'VERSTREKT', verstrektOp: vandaag, kanaal: 'BRIEF' });
  expect(await workflowView(p)).toMatchObject({ status: 'VERSTREKT' });
  await problem(
    await call('POST', `/informatieplicht/${p.id}/verstrekt`, contactpunt, { datum: vandaag, kanaal: 'BRIEF' }),
    409,
    'verkeerde-fase',
  );
  const { items } = await ok<{ items: Plicht[] }>(
    call('GET', `/informatieplicht?status=VERSTREKT&casusId=${casus.id}`, contactpunt),
  );
  expect(items.map((x) => x.id)).toEqual([p.id]);
  const dossier = await ok<Plicht & { handelingen: Array<{ soort: string; status: string }> }>(
    call('GET', `/informatieplicht/${p.id}`, contactpunt),
  );
  expect(dossier.handelingen.map((h) => [h.soort, h.status])).toEqual([
    ['GROND_GELDT_NOG', 'GEWEIGERD'],
    ['VERSTREKT', 'VASTGESTELD'],
  ]);
});

test('no data to others before the betrokkene is informed or an uitstel is recorded (AVG 14 lid 3 c); a lapsed ground holds it back again', async () => {
  const aanmelder = await createMedewerker(db, 'OVERHEID');
  const zorg = await createMedewerker(db, 'PRIVAAT');
  const contactpunt = met(await createMedewerker(db, 'OVERHEID'), 'contactpunt');
  const casus = await ok<{ id: string }>(call('POST', '/casussen', aanmelder, aanmelding()), 201);
  await beslis(casus.id, 'intake-besluit', aanmelder, { uitkomst: 'IN_BEHANDELING', criteria });
  await beslis(casus.id, 'eindbeoordeling', aanmelder, { uitkomst: 'VOLDAAN', criteria });
  await beslis(casus.id, 'selectie', aanmelder, { deelnemers: [zorg.deelnemerId] });
  await wijsAan(casus.id, zorg);
  const na = (await beslis(casus.id, 'incidentele-deelnemers', aanmelder, {
    organisatie: 'Woningcorporatie Midden',
    contactpersoon: 'W. Beheerder',
    reden: 'Huisvesting is deel van het plan van aanpak.',
    geheimhoudingsverklaring: { getekendOp: '2026-01-05', getekendDoor: 'W. Beheerder' },
  })) as { incidenteleDeelnemers: Array<{ id: string }> };
  const verstrek = () =>
    call(
      'POST',
      `/casussen/${casus.id}/incidentele-deelnemers/${na.incidenteleDeelnemers[0]!.id}/verstrekkingen`,
      zorg,
      { omschrijving: 'Afspraken over de huur.', kanaal: 'CASUSOVERLEG' },
    );
  const p = await inWerklijst(contactpunt, casus.id);
  // The triage outcome has its own obligation, with the policy's term for further notices.
  expect(await inWerklijst(contactpunt, casus.id, 'TRIAGE_UITKOMST')).toMatchObject({
    status: 'OPEN',
    deadline: addDays(dutchCalendarDate(new Date()), 14),
  });

  await problem(await verstrek(), 422, 'informatieplicht-niet-nagekomen');
  expect(
    await db.auditLog.count({
      where: { casusId: casus.id, actie: 'casus.incidenteel.verstrekken', uitkomst: 'GEWEIGERD' },
    }),
  ).toBe(1);
  expect(await db.verstrekking.count({ where: { casusId: casus.id } })).toBe(0);

  // Uitstel on a ground, with reason, expected date and re-test interval: the verstrekking may go ahead.
  const verwacht = addMonths(dutchCalendarDate(new Date()), 4);
  const uitgesteld = await ok<Plicht>(
    call('POST', `/informatieplicht/${p.id}/uitstel`, contactpunt, {
      grond: 'UAVG_41_1_B',
      reden: 'Lopend opsporingsonderzoek.',
      verwachteDatum: verwacht,
    }),
  );
  expect(uitgesteld).toMatchObject({
    status: 'UITGESTELD',
    hertoetsingOp: addMonths(dutchCalendarDate(new Date()), 3),
  });
  expect((await verstrek()).status).toBe(201);

  // The ground lapsed: OPEN again with a new term (and a new announcement), and the next verstrekking waits.
  const weerOpen = await ok<Plicht>(
    call('POST', `/informatieplicht/${p.id}/hertoetsing`, contactpunt, { uitkomst: 'GROND_VERVALLEN' }),
  );
  expect(weerOpen).toMatchObject({ status: 'OPEN', hertoetsingOp: null });
  await problem(await verstrek(), 422, 'informatieplicht-niet-nagekomen');
  await ok(
    call('POST', `/informatieplicht/${p.id}/verstrekt`, contactpunt, {
      datum: dutchCalendarDate(new Date()),
      kanaal: 'PERSOONLIJK',
    }),
  );
  expect((await verstrek()).status).toBe(201);
  expect(
    await db.informatieplichtHandeling.findMany({
      where: { informatieplichtId: p.id, status: 'VASTGESTELD' },
      orderBy: { vastgesteldOp: 'asc' },
      select: { soort: true, grond: true, reden: true },
    }),
  ).toEqual([
    { soort: 'UITSTEL', grond: 'UAVG_41_1_B', reden: 'Lopend opsporingsonderzoek.' },
    { soort: 'GROND_VERVALLEN', grond: null, reden: null },
    { soort: 'VERSTREKT', grond: null, reden: null },
  ]);
});
