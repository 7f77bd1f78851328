import { randomUUID } from 'node:crypto';
import type { Db } from '../../infra/db';
import { createCasus, createMedewerker, nieuwBsn, type Wie } from '../support/fixtures';
import { expectProblem as problem } from '../support/problem';
import { stackClients } from '../support/stack-clients';
import { call, ok } from '../support/http';

// Management information (Afspr. 1.15, 4.9) over HTTP against the running API: figures of a week in July 2018 that
// this file fills directly in Postgres (the API only takes today's dates, and other files share the database), small
// counts suppressed, JSON and CSV, only for the netwerkmanager, the Stuurgroep and the FG — and no personal data or
// free text from anywhere in the database in any answer.
const stack = stackClients();
let db: Db;
let aanmelder: Wie;
let netwerkmanager: Wie;
let stuurgroep: Wie;
let fg: Wie;
let contactpunt: Wie;

const VAN = '2018-07-02';
const TOT = '2018-07-08';
const tag = randomUUID().slice(0, 8);
const op = (dag: number, uur = 10) => new Date(`2018-07-0${dag}T${String(uur).padStart(2, '0')}:00:00+02:00`);

beforeAll(async () => {
  ({ db } = stack);
  aanmelder = await createMedewerker(db, 'OVERHEID');
  netwerkmanager = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['netwerkmanager'] };
  stuurgroep = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['stuurgroep'] };
  fg = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['fg'] };
  contactpunt = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['contactpunt'] };
  // Six aanmeldingen on 2 July; five taken in behandeling on 3 July (one day), one not; the five closed on 7 July
  // (four days after the intake), four with their goals reached and one from before the outcome was asked.
  for (let i = 0; i < 6; i++) {
    const casusId = await createCasus(db, aanmelder, op(2));
    await db.betrokkene.create({
      data: {
        id: randomUUID(),
        casusId,
        rol: 'BETROKKENE',
        voornamen: `Mivoornaam${tag}${i}`,
        achternaam: `Miachternaam${tag}${i}`,
        geboortedatum: new Date(`1977-0${i + 1}-13T00:00:00Z`),
        bsn: nieuwBsn(),
      },
    });
    const besluit = (soort: 'INTAKE' | 'AFSLUITING', uitkomst: string, dag: number, gegevens?: object) =>
      db.besluit.create({
        data: {
          id: randomUUID(),
          casusId,
          soort,
          uitkomst,
          status: 'VASTGESTELD',
          motivering: `Vrije tekst ${tag} over Miachternaam${tag}${i}`,
          medewerkerId: aanmelder.medewerkerId,
          deelnemerId: aanmelder.deelnemerId,
          vastgesteldOp: op(dag),
          ...(gegevens ? { gegevens } : {}),
        },
      });
    await besluit('INTAKE', i < 5 ? 'IN_BEHANDELING' : 'NIET_IN_BEHANDELING', 3);
    if (i < 5) await besluit('AFSLUITING', 'AFGESLOTEN', 7, i < 4 ? { afsluitUitkomst: 'DOELEN_BEREIKT' } : undefined);
  }
  // Two klachten: too few to show.
  for (const oordeel of ['GEGROND', 'ONGEGROND'] as const) {
    await db.klacht.create({
      data: {
        id: randomUUID(),
        nummer: `KL-MI-${tag}-${oordeel}`,
        ontvangenOp: new Date('2018-07-04T00:00:00Z'),
        kanaal: 'BRIEF',
        klagerNaam: `Klager${tag}`,
        omschrijving: `Klachttekst ${tag}`,
        deelnemerIds: [],
        deadline: new Date('2018-08-15T00:00:00Z'),
        oordeel,
        afgehandeldOp: op(6),
        medewerkerId: contactpunt.medewerkerId,
        deelnemerId: contactpunt.deelnemerId,
      },
    });
  }
});

interface Cijfer {
  onderwerp: string;
  categorie: string;
  eenheid: string;
  waarde: number | null;
  onderdrukt: boolean;
}
const pad = `/managementinformatie?van=${VAN}&tot=${TOT}`;

test('the week in figures: counts, outcomes, time per phase; below the threshold suppressed', async () => {
  const mi = await ok<{ van: string; tot: string; drempel: number; cijfers: Cijfer[] }>(
    await call('GET', pad, netwerkmanager),
  );
  expect(mi).toMatchObject({ van: VAN, tot: TOT, drempel: 5 });
  const cijfer = (onderwerp: string, categorie: string) =>
    mi.cijfers.find((c) => c.onderwerp === onderwerp && c.categorie === categorie);
  expect(cijfer('AANMELDINGEN', 'TOTAAL')).toMatchObject({ waarde: 6, onderdrukt: false });
  expect(cijfer('INTAKE', 'IN_BEHANDELING')).toMatchObject({ waarde: 5, onderdrukt: false });
  expect(cijfer('INTAKE', 'NIET_IN_BEHANDELING')).toMatchObject({ waarde: null, onderdrukt: true });
  expect(cijfer('AFSLUITINGEN', 'TOTAAL')).toMatchObject({ waarde: 5 });
  expect(cijfer('AFSLUITINGEN', 'DOELEN_BEREIKT')).toMatchObject({ waarde: null, onderdrukt: true }); // 4
  expect(cijfer('AFSLUITINGEN', 'NIET_VASTGELEGD')).toMatchObject({ waarde: null, onderdrukt: true }); // 1
  expect(cijfer('AFSLUITINGEN', 'GEEN_MEDEWERKING')).toMatchObject({ waarde: 0, onderdrukt: false });
  expect(cijfer('DOORLOOPTIJD_INTAKE', 'AANTAL')).toMatchObject({ waarde: 6 });
  expect(cijfer('DOORLOOPTIJD_INTAKE', 'MEDIAAN')).toMatchObject({ eenheid: 'DAGEN', waarde: 1 });
  expect(cijfer('DOORLOOPTIJD_CASUSOVERLEG', 'AANTAL')).toMatchObject({ waarde: 0 }); // no selectie: no such phase
  expect(cijfer('DOORLOOPTIJD_TOTAAL', 'P90')).toMatchObject({ waarde: 5 });
  expect(cijfer('KLACHTEN', 'TOTAAL')).toMatchObject({ waarde: null, onderdrukt: true });
  expect(cijfer('KLACHTEN_TERMIJN', 'BINNEN_TERMIJN')).toMatchObject({ waarde: null, onderdrukt: true });
  expect(cijfer('DATALEKKEN', 'TOTAAL')).toMatchObject({ waarde: 0 });
  // No figure between 1 and the threshold is ever shown.
  for (const c of mi.cijfers.filter((x) => x.eenheid === 'AANTAL'))
    expect([c.onderwerp, c.categorie, c.waarde !== null && c.waarde > 0 && c.waarde < 5]).toEqual([
      c.onderwerp,
      c.categorie,
      false,
    ]);

  // CSV by content negotiation or formaat=csv, the same figures.
  for (const [p, headers] of [
    [pad, { accept: 'text/csv' }],
    [`${pad}&formaat=csv`, {}],
  ] as const) {
    const res = await call('GET', p, stuurgroep, undefined, headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const regels = (await res.text()).trimEnd().split('\r\n');
    expect(regels[0]).toBe('onderwerp,categorie,eenheid,waarde,onderdrukt');
    expect(regels).toContain('AANMELDINGEN,TOTAAL,AANTAL,6,false');
    expect(regels).toContain('INTAKE,NIET_IN_BEHANDELING,AANTAL,,true');
    expect(regels).toHaveLength(mi.cijfers.length + 1);
  }
  await ok(await call('GET', pad, fg));
  // Every read in the verplichte logging, with the period.
  expect(
    await db.auditLog.count({
      where: { actie: 'managementinformatie.raadplegen', medewerkerId: stuurgroep.medewerkerId },
    }),
  ).toBe(2);
});

test('only the netwerkmanager, the Stuurgroep and the FG; a period backwards or too long is a 400', async () => {
  await problem(await call('GET', pad, contactpunt), 403, 'niet-bevoegd');
  await problem(await call('GET', pad, aanmelder), 403, 'niet-bevoegd');
  await problem(await call('GET', `/managementinformatie?van=${TOT}&tot=${VAN}`, fg), 400, 'ongeldige-invoer');
  await problem(await call('GET', '/managementinformatie?van=2000-01-01&tot=2020-01-01', fg), 400, 'ongeldige-invoer');
  await problem(await call('GET', '/managementinformatie?van=2018-02-30&tot=2018-03-01', fg), 400, 'ongeldige-invoer');
  await problem(await call('GET', `${pad}&naam=x`, fg), 400, 'ongeldige-invoer');
});

test('no answer contains any name, BSN, birth date or free text from the database', async () => {
  const antwoorden = [
    await (await call('GET', pad, netwerkmanager)).text(),
    await (await call('GET', `${pad}&formaat=csv`, netwerkmanager)).text(),
    // A period over everything the test database holds, today included.
    await (await call('GET', `/managementinformatie?van=2018-05-25&tot=2027-12-31`, netwerkmanager)).text(),
    await (await call('GET', `/managementinformatie?van=2018-05-25&tot=2027-12-31&formaat=csv`, fg)).text(),
  ];
  const rijen = async (sql: string) =>
    (await db.$queryRawUnsafe<Array<{ v: string }>>(sql)).map((r) => r.v).filter((v) => v !== null);
  const persoonlijk = [
    ...(await rijen(`SELECT DISTINCT achternaam AS v FROM betrokkene`)),
    ...(await rijen(`SELECT DISTINCT voornamen AS v FROM betrokkene`)),
    ...(await rijen(`SELECT DISTINCT bsn AS v FROM betrokkene`)),
    ...(await rijen(`SELECT DISTINCT to_char(geboortedatum, 'YYYY-MM-DD') AS v FROM betrokkene`)),
    ...(await rijen(`SELECT DISTINCT motivering AS v FROM besluit`)),
    ...(await rijen(`SELECT DISTINCT toelichting AS v FROM criterium_beoordeling`)),
    ...(await rijen(`SELECT DISTINCT wettelijke_taak AS v FROM casus`)),
    ...(await rijen(`SELECT DISTINCT omschrijving AS v FROM datalek`)),
    ...(await rijen(`SELECT DISTINCT klager_naam AS v FROM klacht`)),
    ...(await rijen(`SELECT DISTINCT omschrijving AS v FROM klacht`)),
    ...(await rijen(`SELECT DISTINCT achternaam AS v FROM avg_verzoek`)),
    ...(await rijen(`SELECT DISTINCT inhoud AS v FROM gegeven`)),
  ];
  // This file's own data is certainly among them.
  expect(persoonlijk).toEqual(expect.arrayContaining([`Miachternaam${tag}0`, `Klachttekst ${tag}`]));
  // Short values ("x", "Klaar.") could match a code or a key by chance; what could identify someone is longer.
  const sleutels = new Set(['onderwerp', 'categorie', 'eenheid', 'waarde', 'onderdrukt', 'drempel', 'cijfers']);
  // Free text may by chance equal a code the answers name (another test file can record a motivering "VOLDAAN").
  const codes = new Set(
    (JSON.parse(antwoorden[2]!) as { cijfers: Array<{ onderwerp: string; categorie: string }> }).cijfers.flatMap(
      (c) => [c.onderwerp, c.categorie],
    ),
  );
  const teZoeken = [...new Set(persoonlijk)].filter((v) => v.trim().length >= 6 && !sleutels.has(v) && !codes.has(v));
  expect(teZoeken.length).toBeGreaterThan(20);
  const gevonden = teZoeken.filter((v) => antwoorden.some((a) => a.includes(v)));
  expect(gevonden).toEqual([]);
});
