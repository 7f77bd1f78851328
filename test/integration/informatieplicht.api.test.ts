import { randomUUID } from 'node:crypto';
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
  betrokkeneId: string | null;
  rol: string | null;
  moment: string;
  ronde: number;
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

/** A person's obligation at `moment` from the Contactpunt's work list (the betrokkene's unless `rol` says otherwise). */
async function inWerklijst(
  contactpunt: Wie,
  casusId: string,
  moment = 'IN_BEHANDELING',
  rol = 'BETROKKENE',
): Promise<Plicht> {
  for (let i = 0; i < 100; i++) {
    const { items } = await ok<{ items: Plicht[] }>(call('GET', `/informatieplicht?casusId=${casusId}`, contactpunt));
    const p = items.find((x) => x.moment === moment && x.rol === rol);
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

  // Recorded as sent, with date and channel: the betrokkene's obligation is met; the workflow of the moment runs on
  // for the gezinslid, who is still to be informed.
  const verstrekt = await ok<Plicht>(
    call('POST', `/informatieplicht/${p.id}/verstrekt`, contactpunt, { datum: vandaag, kanaal: 'BRIEF' }),
  );
  expect(verstrekt).toMatchObject({ status: 'VERSTREKT', verstrektOp: vandaag, kanaal: 'BRIEF' });
  expect(await workflowView(p)).toMatchObject({
    status: 'OPEN',
    plichten: expect.arrayContaining([{ informatieplichtId: p.id, status: 'VERSTREKT' }]),
  });
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

test('per person: no data to others before each person it concerns is informed or has a recorded ground (Prot. 16.1, 16.6–16.7)', async () => {
  const aanmelder = await createMedewerker(db, 'OVERHEID');
  const zorg = await createMedewerker(db, 'PRIVAAT');
  const contactpunt = met(await createMedewerker(db, 'OVERHEID'), 'contactpunt');
  const fg = met(await createMedewerker(db, 'OVERHEID'), 'fg');
  const casus = await ok<{ id: string }>(call('POST', '/casussen', aanmelder, aanmelding()), 201);
  await beslis(casus.id, 'intake-besluit', aanmelder, { uitkomst: 'IN_BEHANDELING', criteria });
  const vandaag = dutchCalendarDate(new Date());
  const p = await inWerklijst(contactpunt, casus.id);
  const kind = await inWerklijst(contactpunt, casus.id, 'IN_BEHANDELING', 'GEZINSLID');
  // Each natural person has an obligation of his own, with its own term and announcement (real SMTP).
  expect(kind).toMatchObject({ status: 'OPEN', deadline: addMonths(vandaag, 1), ronde: 1 });
  expect(kind.betrokkeneId).not.toBe(p.betrokkeneId);
  const wie = `gezinslid ${kind.betrokkeneId!.slice(0, 8)}`;
  const [melding] = await mailMet(`Informatieplicht casus ${p.casusnummer} (${wie}): informeren uiterlijk`);
  expect(melding?.text).not.toContain('Jansen');
  // The FG oversees (Prot. 24.4): reads the work list, records nothing.
  const gezien = await ok<{ items: Plicht[] }>(call('GET', `/informatieplicht?casusId=${casus.id}`, fg));
  expect(gezien.items.map((x) => x.rol).sort()).toEqual(['BETROKKENE', 'GEZINSLID']);
  await problem(
    await call('POST', `/informatieplicht/${p.id}/verstrekt`, fg, { datum: vandaag, kanaal: 'BRIEF' }),
    403,
    'niet-bevoegd',
  );

  // Triage: an item about the casus as a whole concerns both; one about the gezinslid only, him alone.
  const item = (betrokkeneIds?: string[]) =>
    call('POST', `/casussen/${casus.id}/gegevens`, aanmelder, {
      grondslag: 'WGS 2.29',
      categorie: 'BIJZONDER',
      inhoud: 'Zorgen over de gezondheid.',
      betrokkeneIds,
    });
  const geweigerd = (await problem(await item(), 422, 'informatieplicht-niet-nagekomen')) as {
    personen: Array<{ rol: string; informatieplichtId: string }>;
  };
  expect(geweigerd.personen.map((x) => [x.rol, x.informatieplichtId])).toEqual([
    ['BETROKKENE', p.id],
    ['GEZINSLID', kind.id],
  ]);
  await problem(await item([randomUUID()]), 422, 'onbekende-persoon');
  const alleenKind = (await problem(await item([kind.betrokkeneId!]), 422, 'informatieplicht-niet-nagekomen')) as {
    personen: Array<{ rol: string }>;
  };
  expect(alleenKind.personen.map((x) => x.rol)).toEqual(['GEZINSLID']);
  expect(await db.gegeven.count({ where: { casusId: casus.id } })).toBe(0);
  expect(
    await db.auditLog.count({
      where: { casusId: casus.id, actie: 'casus.gegevens.verstrekken', uitkomst: 'GEWEIGERD' },
    }),
  ).toBe(2);

  // The gezinslid omitted for good (AVG 14 lid 5 b) with the written motivation: items about him may be shared.
  await problem(
    await call('POST', `/informatieplicht/${kind.id}/afzien`, contactpunt, { grond: 'AVG_14_5_B' }),
    400,
    'ongeldige-invoer',
  );
  const afgezien = await ok<Plicht>(
    call('POST', `/informatieplicht/${kind.id}/afzien`, contactpunt, {
      grond: 'AVG_14_5_B',
      motivering: 'Verblijft in het buitenland; informeren vergt een onevenredige inspanning.',
    }),
  );
  expect(afgezien).toMatchObject({ status: 'AFGEZIEN', hertoetsingOp: null });
  expect((await item([kind.betrokkeneId!])).status).toBe(201);
  await problem(await item(), 422, 'informatieplicht-niet-nagekomen');

  // The betrokkene: uitstel expected to end in two weeks — re-tested on that date, not three months on.
  const verwacht = addDays(vandaag, 14);
  const uitgesteld = await ok<Plicht>(
    call('POST', `/informatieplicht/${p.id}/uitstel`, contactpunt, {
      grond: 'UAVG_41_1_B',
      reden: 'Lopend opsporingsonderzoek.',
      verwachteDatum: verwacht,
    }),
  );
  expect(uitgesteld).toMatchObject({ status: 'UITGESTELD', hertoetsingOp: verwacht });
  expect((await item()).status).toBe(201);
  const politie = await call('POST', `/casussen/${casus.id}/gegevens`, aanmelder, {
    grondslag: 'Wpg 4:3',
    categorie: 'POLITIE',
    bronvermelding: 'BVH (test)',
    inhoud: 'Twee meldingen.',
  });
  expect(politie.status).toBe(201);

  // The ground lapses before the selection, which provides the police item to the selected (Wpg 32): held back.
  const hertoets = (uitkomst: string) =>
    ok<Plicht>(call('POST', `/informatieplicht/${p.id}/hertoetsing`, contactpunt, { uitkomst }));
  const uitstel = () =>
    ok<Plicht>(
      call('POST', `/informatieplicht/${p.id}/uitstel`, contactpunt, {
        grond: 'UAVG_41_1_B',
        reden: 'Lopend opsporingsonderzoek.',
        verwachteDatum: verwacht,
      }),
    );
  await beslis(casus.id, 'eindbeoordeling', aanmelder, { uitkomst: 'VOLDAAN', criteria });
  expect(await hertoets('GROND_VERVALLEN')).toMatchObject({ status: 'OPEN' });
  const selectie = () => call('POST', `/casussen/${casus.id}/selectie`, aanmelder, { deelnemers: [zorg.deelnemerId] });
  await problem(await selectie(), 422, 'informatieplicht-niet-nagekomen');
  expect(await db.besluit.count({ where: { casusId: casus.id, soort: 'SELECTIE' } })).toBe(0);
  await uitstel();
  expect((await selectie()).status).toBe(200);

  // Later in the casus: a verstrekking to an incidentele deelnemer, held back again once the ground lapsed.
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
  expect((await verstrek()).status).toBe(201);
  expect(await hertoets('GROND_VERVALLEN')).toMatchObject({ status: 'OPEN', hertoetsingOp: null });
  const nogNiet = (await problem(await verstrek(), 422, 'informatieplicht-niet-nagekomen')) as {
    personen: Array<{ rol: string }>;
  };
  expect(nogNiet.personen.map((x) => x.rol)).toEqual(['BETROKKENE']);
  expect(await db.verstrekking.count({ where: { casusId: casus.id } })).toBe(1);
  await ok(call('POST', `/informatieplicht/${p.id}/verstrekt`, contactpunt, { datum: vandaag, kanaal: 'PERSOONLIJK' }));
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
    { soort: 'UITSTEL', grond: 'UAVG_41_1_B', reden: 'Lopend opsporingsonderzoek.' },
    { soort: 'GROND_VERVALLEN', grond: null, reden: null },
    { soort: 'VERSTREKT', grond: null, reden: null },
  ]);

  // Prot. 16.2: when and how each person was informed is visible to the deelnemers in the casus — never the reasons.
  const view = await ok<{ betrokkenen: Array<{ rol: string; informatieplicht: Array<Record<string, unknown>> }> }>(
    call('GET', `/casussen/${casus.id}`, zorg),
  );
  const vanRol = (rol: string) => view.betrokkenen.find((b) => b.rol === rol)?.informatieplicht;
  expect(vanRol('BETROKKENE')).toEqual(
    expect.arrayContaining([
      { moment: 'IN_BEHANDELING', ronde: 1, status: 'VERSTREKT', verstrektOp: vandaag, kanaal: 'PERSOONLIJK' },
    ]),
  );
  expect(vanRol('GEZINSLID')).toEqual(
    expect.arrayContaining([
      { moment: 'IN_BEHANDELING', ronde: 1, status: 'AFGEZIEN', verstrektOp: null, kanaal: null },
    ]),
  );
  expect(JSON.stringify(view)).not.toContain('onevenredige inspanning');

  // The gezinslid's own letter: addressed to him, naming the data categories about him, the recipients and the archive.
  const brief = await (await call('GET', `/informatieplicht/${kind.id}/brief`, contactpunt)).text();
  for (const deel of [
    'Aan: Jansen',
    'Welke gegevens over u worden gebruikt',
    'bijzondere persoonsgegevens',
    'Wie uw gegevens ontvangen',
    'Woningcorporatie Midden (incidentele deelnemer aan het casusoverleg)',
    'Na die overdracht kunt u voor uw gegevens en uw rechten terecht bij: Archiefbeheerder',
  ])
    expect(brief).toContain(deel);
  expect(brief).not.toContain('Aan: Jan Jansen');
});
