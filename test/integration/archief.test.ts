// The end of a casus (SPEC §2, §5): afschermen, archive transfer and anonymisation (activities/archief.ts), against
// the real Postgres of the test stack. Other test files share that database, so every test makes its own deelnemers
// and casussen, looks for its own random names and BSNs instead of counting rows, and the global legal hold, which
// would stop every other file's anonymisations, is tested only in a scratch database of its own.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { startPartnerSimulator } from '../../infra/simulator';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createArchiefActivities, MANIFEST, type ArchiefActivities } from '../../activities/archief';
import type { CasusFase } from '../../domain/casus';
import { logAudit, verifyAuditChain } from '../../infra/audit';
import { createDb, type Db } from '../../infra/db';
import { escapeXml, MDTO_NAMESPACE } from '../../infra/mdto';
import { createCasus, createMedewerker, requireEnv } from '../support/fixtures';
import { expectMdtoGeldig, leesPakketMap } from '../support/mdto';
import { scratchDatabase } from '../support/scratch-database';
import { kind, kinderen, parseXml, waarde, type XmlNode } from '../support/xml';

jest.setTimeout(120_000);

const url = requireEnv('DATABASE_URL');
let db: Db;
let pg: Client;
let archiefMap: string;
let act: ArchiefActivities;
const mappen: string[] = [];

const nieuweMap = () => {
  const map = mkdtempSync(path.join(tmpdir(), 'zvh-archief-'));
  mappen.push(map);
  return map;
};

beforeAll(async () => {
  db = createDb(url);
  pg = new Client({ connectionString: url });
  await pg.connect();
  archiefMap = nieuweMap();
  act = createArchiefActivities(db, { archiefMap });
});

afterAll(async () => {
  await db?.$disconnect();
  await pg?.end();
  for (const map of mappen) rmSync(map, { recursive: true, force: true });
});

interface Dossier {
  casusId: string;
  casusnummer: string;
  medewerker: { medewerkerId: string; deelnemerId: string };
  /** Unique strings that are personal data of this casus' betrokkene: none may survive anonymisation. */
  voornaam: string;
  achternaam: string;
  bsn: string;
}

/** A casus with every kind of record the ZVH holds about it, personal data in every free-text column. */
async function vulCasus(target: Db, fase: CasusFase = 'AFGESCHERMD'): Promise<Dossier> {
  const m = await createMedewerker(target, 'OVERHEID');
  const p = await createMedewerker(target, 'PRIVAAT');
  const casusId = await createCasus(target, m, new Date('2025-06-05T09:00:00Z'));
  const tag = randomUUID().replace(/-/g, '').slice(0, 10);
  const voornaam = `Voornaam${tag}`;
  const achternaam = `Achternaam${tag}`;
  const bsn = `9${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  const casus = await target.casus.update({
    where: { id: casusId },
    data: {
      fase,
      wettelijkeTaak: `Handhaving openbare orde rond ${achternaam}`,
      afsluitDatum: new Date('2025-12-23T00:00:00Z'),
      archiefDatum: new Date('2026-12-23T00:00:00Z'),
    },
  });
  await target.betrokkene.createMany({
    data: [
      {
        id: randomUUID(),
        casusId,
        rol: 'BETROKKENE',
        voornamen: voornaam,
        achternaam,
        geboortedatum: new Date('1990-04-01T00:00:00Z'),
        bsn,
      },
      { id: randomUUID(), casusId, rol: 'GEZINSLID', voornamen: `Kind${tag}`, achternaam },
    ],
  });
  const besluit = (
    soort: 'INTAKE' | 'SELECTIE' | 'UITNODIGING_INCIDENTEEL' | 'PLAN_VAN_AANPAK' | 'VERLENGING' | 'AFSLUITING',
    extra: object = {},
  ) =>
    target.besluit.create({
      data: {
        id: randomUUID(),
        casusId,
        soort,
        uitkomst: 'X',
        status: 'VASTGESTELD',
        medewerkerId: m.medewerkerId,
        deelnemerId: m.deelnemerId,
        vastgesteldOp: new Date(),
        ...extra,
      },
    });
  const intake = await besluit('INTAKE', {
    uitkomst: 'IN_BEHANDELING',
    motivering: `${voornaam} ${achternaam} voldoet aan de criteria`,
  });
  const selectie = await besluit('SELECTIE', { uitkomst: 'GESELECTEERD', gegevens: { deelnemers: [p.deelnemerId] } });
  const verlenging = await besluit('VERLENGING', {
    uitkomst: 'VERLENGD',
    motivering: `Risico op terugval bij ${achternaam}`,
  });
  await besluit('AFSLUITING', {
    status: 'GEWEIGERD',
    uitkomst: 'AFGESLOTEN',
    weigerreden: `Nog zorgen over ${achternaam} (${bsn})`,
  });
  await target.criteriumBeoordeling.createMany({
    data: (['A', 'B', 'C', 'D'] as const).map((criterium) => ({
      id: randomUUID(),
      casusId,
      besluitId: intake.id,
      moment: 'INTAKE' as const,
      criterium,
      mate: 'VOLDAAN' as const,
      toelichting: `Melding over ${voornaam} ${achternaam}, bsn ${bsn}`,
    })),
  });
  await target.casusDeelnemer.create({ data: { casusId, deelnemerId: p.deelnemerId, besluitId: selectie.id } });
  const uitnodiging = await besluit('UITNODIGING_INCIDENTEEL', { uitkomst: 'UITGENODIGD' });
  await target.incidenteleDeelnemer.create({
    data: {
      besluitId: uitnodiging.id,
      casusId,
      organisatie: 'Woningcorporatie',
      contactpersoon: 'W. Beheerder',
      reden: `Woning van ${achternaam}`,
      geheimhoudingGetekendOp: new Date('2026-01-05T00:00:00Z'),
      geheimhoudingGetekendDoor: 'W. Beheerder',
    },
  });
  await target.verstrekking.create({
    data: {
      id: randomUUID(),
      incidenteleDeelnemerId: uitnodiging.id,
      casusId,
      omschrijving: `Huurachterstand van ${voornaam} ${achternaam}`,
      kanaal: 'CASUSOVERLEG',
      medewerkerId: m.medewerkerId,
      deelnemerId: m.deelnemerId,
    },
  });
  const verzoekId = randomUUID();
  await target.informatieverzoek.create({
    data: {
      id: verzoekId,
      casusId,
      aanDeelnemerId: p.deelnemerId,
      namensDeelnemerId: m.deelnemerId,
      taak: 'Openbare orde',
      doel: `Beeld van ${achternaam}`,
      reden: `Overlast door ${voornaam}`,
      medewerkerId: m.medewerkerId,
    },
  });
  await target.gegeven.create({
    data: {
      id: randomUUID(),
      casusId,
      verzoekId,
      leverancierDeelnemerId: p.deelnemerId,
      medewerkerId: p.medewerkerId,
      grondslag: 'WGS 2.29',
      categorie: 'POLITIE',
      bronvermelding: `BVH over ${achternaam}`,
      inhoud: `${voornaam} ${achternaam} (${bsn}) is drie keer gemeld`,
      nietAanDeelnemers: [],
    },
  });
  const plan = await besluit('PLAN_VAN_AANPAK', { uitkomst: 'VASTGESTELD' });
  await target.planVanAanpak.create({
    data: {
      besluitId: plan.id,
      casusId,
      toestandsbeeld: `${voornaam} ${achternaam} veroorzaakt overlast`,
      interventies: [{ omschrijving: `Huisbezoek bij ${achternaam}`, uitvoerderDeelnemerId: p.deelnemerId }],
      informatiebehoeften: `Schuldenbeeld van ${achternaam}`,
      casusregisseurDeelnemerId: m.deelnemerId,
      afschalingscriteria: `${voornaam} heeft stabiele woonsituatie`,
      evaluatiedatum: new Date('2026-03-01T00:00:00Z'),
    },
  });
  await target.verlenging.create({
    data: {
      besluitId: verlenging.id,
      casusId,
      datum: new Date('2030-06-05T00:00:00Z'),
      situatie: 'AFGESLOTEN_RISICO_OP_TERUGVAL',
      akkoordVan: [m.deelnemerId, p.deelnemerId],
    },
  });
  // An agreement already given for a next verlenging that never came.
  await target.verlengingsakkoord.create({
    data: { casusId, deelnemerId: p.deelnemerId, medewerkerId: p.medewerkerId },
  });
  // The betrokkene informed at the start, after an uitstel on a ground (AVG 14 lid 5 b).
  const plicht = await target.informatieplicht.create({
    data: {
      id: randomUUID(),
      casusId,
      moment: 'IN_BEHANDELING',
      workflowId: `informatieplicht-${casusId}-IN_BEHANDELING`,
      status: 'VERSTREKT',
      startdatum: new Date('2025-06-05T00:00:00Z'),
      deadline: new Date('2025-07-05T00:00:00Z'),
      verstrektOp: new Date('2025-08-01T00:00:00Z'),
      kanaal: 'BRIEF',
    },
  });
  await target.informatieplichtHandeling.createMany({
    data: [
      {
        id: randomUUID(),
        informatieplichtId: plicht.id,
        soort: 'UITSTEL',
        status: 'VASTGESTELD',
        grond: 'AVG_14_5_B',
        reden: `Gevaar voor ${achternaam}`,
        medewerkerId: m.medewerkerId,
        deelnemerId: m.deelnemerId,
        createdAt: new Date('2025-06-10T10:00:00Z'),
      },
      {
        id: randomUUID(),
        informatieplichtId: plicht.id,
        soort: 'VERSTREKT',
        status: 'VASTGESTELD',
        datum: new Date('2025-08-01T00:00:00Z'),
        kanaal: 'BRIEF',
        medewerkerId: m.medewerkerId,
        deelnemerId: m.deelnemerId,
        createdAt: new Date('2025-08-01T10:00:00Z'),
      },
    ],
  });
  // An afstemming with a RIEC (WGS 1.7) and the RIEC's answer.
  const riec = await target.koppeling.create({
    data: { id: `riec-${tag}`, soort: 'RIEC', naam: 'RIEC', kanaal: 'MAIL', email: 'riec@example.nl' },
  });
  const afstemming = await target.riecAfstemming.create({
    data: {
      id: randomUUID(),
      casusId,
      koppelingId: riec.id,
      onderwerp: `Afstemming over ${achternaam}`,
      toelichting: `${voornaam} woont boven een verdacht pand`,
      medewerkerId: m.medewerkerId,
      deelnemerId: m.deelnemerId,
    },
  });
  await target.riecBericht.create({
    data: {
      id: randomUUID(),
      koppelingId: riec.id,
      casusId,
      afstemmingId: afstemming.id,
      onderwerp: `Antwoord over ${achternaam}`,
      inhoud: `${voornaam} ${achternaam} is bekend bij het RIEC`,
    },
  });
  // A klacht about the casus, handled with a deelnemer's reaction (Awb 9; Afspr. 14.9).
  const klacht = await target.klacht.create({
    data: {
      id: randomUUID(),
      nummer: `KL-${tag}`,
      ontvangenOp: new Date('2025-09-01T00:00:00Z'),
      kanaal: 'BRIEF',
      klagerNaam: `${voornaam} ${achternaam}`,
      klagerAdres: `Woonadres van ${achternaam}`,
      klagerEmail: `${achternaam.toLowerCase()}@example.nl`,
      omschrijving: `${voornaam} klaagt over de brief`,
      deelnemerIds: [p.deelnemerId],
      casusId,
      deadline: new Date('2025-10-13T00:00:00Z'),
      oordeel: 'GEGROND',
      afgehandeldOp: new Date('2025-10-01T10:00:00Z'),
      ontvangstbevestiging: `<p>${voornaam} ${achternaam}</p>`,
      medewerkerId: m.medewerkerId,
      deelnemerId: m.deelnemerId,
    },
  });
  await target.klachtHandeling.createMany({
    data: [
      {
        id: randomUUID(),
        klachtId: klacht.id,
        soort: 'REACTIE',
        status: 'VASTGESTELD',
        gegevens: { reactie: `Wij spraken ${achternaam}` },
        medewerkerId: p.medewerkerId,
        deelnemerId: p.deelnemerId,
      },
      {
        id: randomUUID(),
        klachtId: klacht.id,
        soort: 'AFHANDELING',
        status: 'VASTGESTELD',
        gegevens: { oordeel: 'GEGROND', bevindingen: `Brief aan ${achternaam} verkeerd bezorgd` },
        document: `<p>${voornaam} ${achternaam}</p>`,
        medewerkerId: m.medewerkerId,
        deelnemerId: m.deelnemerId,
      },
    ],
  });
  // A hold that was placed and lifted: part of the record, blocks nothing.
  await target.legalHold.create({
    data: {
      id: randomUUID(),
      casusId,
      reden: `Klacht van ${achternaam}`,
      ingesteldDoor: m.medewerkerId,
      opgehevenDoor: m.medewerkerId,
      opgehevenOp: new Date(),
    },
  });
  await logAudit(target, {
    medewerkerId: p.medewerkerId,
    deelnemerId: p.deelnemerId,
    actie: 'casus.raadplegen',
    casusId,
    grondslag: 'WGS 2.31; Prot. 9.6',
    uitkomst: 'TOEGESTAAN',
  });
  await logAudit(target, {
    medewerkerId: m.medewerkerId,
    deelnemerId: m.deelnemerId,
    actie: 'casus.intakebesluit',
    casusId,
    grondslag: 'WGS 2.31 lid 2',
    uitkomst: 'TOEGESTAAN',
    detail: { besluitId: intake.id },
  });
  return { casusId, casusnummer: casus.casusnummer, medewerker: m, voornaam, achternaam, bsn };
}

/** Rows, in every table of the database, whose text contains any of the dossier's personal data. */
async function sporen(client: Client, d: Dossier): Promise<Record<string, number>> {
  const { rows: tabellen } = await client.query<{ naam: string }>(
    `SELECT table_name AS naam FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const patronen = [d.voornaam, d.achternaam, d.bsn].map((s) => `%${s}%`);
  const uit: Record<string, number> = {};
  for (const { naam } of tabellen) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${naam}" t WHERE row_to_json(t)::text LIKE ANY($1)`,
      [patronen],
    );
    if (rows[0]!.n > 0) uit[naam] = rows[0]!.n;
  }
  return uit;
}

const auditVan = (target: Db, casusId: string, actie?: string) =>
  target.auditLog.findMany({ where: { casusId, ...(actie ? { actie } : {}) }, orderBy: { id: 'asc' } });

/**
 * Checks a package against its manifest (`sha256sum` format, every other file listed once, the right hash), the
 * receipt's sha256 against the manifest and every MDTO file against the XSD; returns the files.
 */
async function controleerPakket(bestanden: Map<string, Buffer>, receiptSha256: string): Promise<Map<string, Buffer>> {
  const manifest = bestanden.get(MANIFEST);
  expect(manifest).toBeDefined();
  expect(createHash('sha256').update(manifest!).digest('hex')).toBe(receiptSha256);
  const regels = manifest!
    .toString('utf8')
    .split('\n')
    .filter((r) => r !== '');
  const genoemd = regels.map((r) => {
    const m = /^([0-9a-f]{64}) {2}([^/\s]+)$/.exec(r);
    expect(m).not.toBeNull();
    expect(createHash('sha256').update(bestanden.get(m![2]!)!).digest('hex')).toBe(m![1]);
    return m![2]!;
  });
  expect(genoemd.sort()).toEqual([...bestanden.keys()].filter((f) => f !== MANIFEST).sort());
  await expectMdtoGeldig(bestanden);
  return bestanden;
}

const BRON = 'zvh-wgs Zorg- en Veiligheidshuis';
const begripLijst = (node: XmlNode) => waarde(node, 'begripBegrippenlijst/verwijzingNaam');

/** Every mandatory MDTO element of the dossier's informatieobject and the JSON's bestand, by name and content. */
function controleerMdto(
  bestanden: Map<string, Buffer>,
  casusnummer: string,
  datums: { aanmelding: string; archiefdatum: string },
) {
  const jsonNaam = `${casusnummer}.json`;
  const json = bestanden.get(jsonNaam)!;
  const lees = (naam: string) => {
    expect(bestanden.has(naam)).toBe(true);
    const root = parseXml(bestanden.get(naam)!.toString('utf8'));
    expect(root.naam).toBe('MDTO');
    expect(root.attributen.xmlns).toBe(MDTO_NAMESPACE);
    expect(root.kinderen).toHaveLength(1); // an MDTO document holds exactly one object
    return root.kinderen[0]!;
  };

  const io = lees(`${casusnummer}.mdto.xml`);
  expect(io.naam).toBe('informatieobject');
  expect(waarde(io, 'identificatie/identificatieKenmerk')).toBe(casusnummer);
  expect(waarde(io, 'identificatie/identificatieBron')).toBe(BRON);
  expect(waarde(io, 'naam')).toBe(`Casusdossier ${casusnummer}`);
  expect(waarde(io, 'aggregatieniveau/begripLabel')).toBe('Dossier');
  expect(begripLijst(kind(io, 'aggregatieniveau'))).toBe('Begrippenlijst Aggregatieniveaus MDTO');
  expect(waarde(io, 'waardering/begripCode')).toBe('V');
  expect(waarde(io, 'waardering/begripLabel')).toBe('Tijdelijk te bewaren');
  expect(begripLijst(kind(io, 'waardering'))).toBe('Begrippenlijst Waarderingen MDTO');
  expect(waarde(io, 'bewaartermijn/termijnStartdatumLooptijd')).toBe(datums.archiefdatum);
  expect(waarde(io, 'bewaartermijn/termijnLooptijd')).toBe('P10Y');
  expect(waarde(io, 'bewaartermijn/termijnEinddatum')).toBe(
    `${Number(datums.archiefdatum.slice(0, 4)) + 10}${datums.archiefdatum.slice(4)}`,
  );
  expect(waarde(io, 'dekkingInTijd/dekkingInTijdBegindatum')).toBe(datums.aanmelding);
  expect(waarde(io, 'dekkingInTijd/dekkingInTijdEinddatum')).toBe(datums.archiefdatum);
  expect(waarde(io, 'archiefvormer/verwijzingNaam')).toBe('Zorg- en Veiligheidshuis');
  expect(waarde(io, 'beperkingGebruik/beperkingGebruikType/begripLabel')).toBe('Openbaarheidsbeperking');
  const representaties = kinderen(io, 'heeftRepresentatie');
  expect(representaties).toHaveLength(1);
  expect(waarde(representaties[0]!, 'verwijzingNaam')).toBe(jsonNaam);
  // The schema's sequence: mandatory elements in their order.
  const volgorde = io.kinderen.map((k) => k.naam);
  const plaats = (n: string) => volgorde.indexOf(n);
  expect(plaats('identificatie')).toBe(0);
  expect(plaats('naam')).toBe(1);
  expect(plaats('waardering')).toBeLessThan(plaats('bewaartermijn'));
  expect(plaats('bewaartermijn')).toBeLessThan(plaats('heeftRepresentatie'));
  expect(plaats('heeftRepresentatie')).toBeLessThan(plaats('archiefvormer'));
  expect(plaats('archiefvormer')).toBeLessThan(plaats('beperkingGebruik'));

  const b = lees(`${jsonNaam}.bestand.mdto.xml`);
  expect(b.naam).toBe('bestand');
  expect(b.kinderen.map((k) => k.naam)).toEqual([
    'identificatie',
    'naam',
    'omvang',
    'bestandsformaat',
    'checksum',
    'isRepresentatieVan',
  ]);
  expect(waarde(b, 'identificatie/identificatieKenmerk')).toBe(
    waarde(representaties[0]!, 'verwijzingIdentificatie/identificatieKenmerk'),
  );
  expect(waarde(b, 'identificatie/identificatieBron')).toBe(BRON);
  expect(waarde(b, 'naam')).toBe(jsonNaam);
  expect(waarde(b, 'omvang')).toBe(String(json.length));
  expect(waarde(b, 'bestandsformaat/begripCode')).toBe('fmt/817');
  expect(begripLijst(kind(b, 'bestandsformaat'))).toBe('PRONOM-register');
  expect(waarde(b, 'checksum/checksumAlgoritme/begripLabel')).toBe('SHA-256');
  expect(begripLijst(kind(b, 'checksum/checksumAlgoritme'))).toBe('Begrippenlijst ChecksumAlgoritme MDTO');
  expect(waarde(b, 'checksum/checksumWaarde')).toBe(createHash('sha256').update(json).digest('hex'));
  expect(Number.isNaN(Date.parse(waarde(b, 'checksum/checksumDatum')))).toBe(false);
  expect(waarde(b, 'isRepresentatieVan/verwijzingNaam')).toBe(`Casusdossier ${casusnummer}`);
  expect(waarde(b, 'isRepresentatieVan/verwijzingIdentificatie/identificatieKenmerk')).toBe(casusnummer);
}

const fout = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );

describe('schermAf', () => {
  test('moves only an AFGESCHAALD casus to AFGESCHERMD, once', async () => {
    const m = await createMedewerker(db, 'OVERHEID');
    const casusId = await createCasus(db, m);

    await db.casus.update({ where: { id: casusId }, data: { fase: 'CASUSOVERLEG' } });
    await act.schermAf(casusId);
    expect(await db.casus.findUniqueOrThrow({ where: { id: casusId } })).toMatchObject({
      fase: 'CASUSOVERLEG',
      afgeschermdOp: null,
    });

    await db.casus.update({ where: { id: casusId }, data: { fase: 'AFGESCHAALD' } });
    const voor = Date.now();
    await act.schermAf(casusId);
    const na = await db.casus.findUniqueOrThrow({ where: { id: casusId } });
    expect(na.fase).toBe('AFGESCHERMD');
    expect(na.afgeschermdOp!.getTime()).toBeGreaterThanOrEqual(voor - 1000);
    const entries = await auditVan(db, casusId, 'casus.afschermen');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      medewerkerId: null,
      deelnemerId: null,
      uitkomst: 'TOEGESTAAN',
      grondslag: expect.stringContaining('Prot. 11'),
    });

    // Again, and concurrently: nothing changes, no second entry.
    await Promise.all([act.schermAf(casusId), act.schermAf(casusId)]);
    expect(await db.casus.findUniqueOrThrow({ where: { id: casusId } })).toMatchObject({
      fase: 'AFGESCHERMD',
      afgeschermdOp: na.afgeschermdOp,
    });
    expect(await auditVan(db, casusId, 'casus.afschermen')).toHaveLength(1);

    // Later phases stay as they are.
    await db.casus.update({ where: { id: casusId }, data: { fase: 'GEARCHIVEERD' } });
    await act.schermAf(casusId);
    expect((await db.casus.findUniqueOrThrow({ where: { id: casusId } })).fase).toBe('GEARCHIVEERD');
    expect(await auditVan(db, casusId, 'casus.afschermen')).toHaveLength(1);
  });
});

type Pakket = Record<string, unknown[]> & {
  informatieplicht: Array<{ handelingen: unknown[] }>;
  klachten: Array<{ handelingen: unknown[] }>;
};

/**
 * Where the rows of each table that holds data of a casus end up when its bewaartermijn is over (SPEC §5): a part of
 * the archive package, or the reason they stay out of it. A new such table fails the guard test below until it is
 * listed here, seeded by vulCasus, written to the package (activities/archief.ts) and cleared by the anonymisation.
 */
const EINDE_VAN: Record<string, { pakket: (p: Pakket) => unknown[] } | { buitenPakket: string }> = {
  betrokkene: { pakket: (p) => p.betrokkenen! },
  criterium_beoordeling: { pakket: (p) => p.criteriumBeoordelingen! },
  besluit: { pakket: (p) => p.besluiten! },
  casus_deelnemer: { pakket: (p) => p.deelnemers! },
  verlenging: { pakket: (p) => p.verlengingen! },
  plan_van_aanpak: { pakket: (p) => p.plannenVanAanpak! },
  incidentele_deelnemer: { pakket: (p) => p.incidenteleDeelnemers! },
  verstrekking: { pakket: (p) => p.verstrekkingen! },
  informatieverzoek: { pakket: (p) => p.informatieverzoeken! },
  gegeven: { pakket: (p) => p.gegevens! },
  riec_afstemming: { pakket: (p) => p.riecAfstemmingen! },
  riec_bericht: { pakket: (p) => p.riecBerichten! },
  klacht: { pakket: (p) => p.klachten },
  klacht_handeling: { pakket: (p) => p.klachten.flatMap((k) => k.handelingen) },
  informatieplicht: { pakket: (p) => p.informatieplicht },
  informatieplicht_handeling: { pakket: (p) => p.informatieplicht.flatMap((i) => i.handelingen) },
  legal_hold: { pakket: (p) => p.legalHolds! },
  audit_log: { pakket: (p) => p.auditLog! },
  archief_overdracht: { buitenPakket: 'the receipt of the package itself' },
  verlengingsakkoord: {
    buitenPakket: 'ids of deelnemers only: a used agreement is in the verlenging, each giving in the audit log',
  },
  casus_aanwijzing: { buitenPakket: 'who may read the casus while it lives; the access facts are in the audit log' },
  toezicht_onderzoek: { buitenPakket: "the FG's own supervision file; its reason is anonymised with the casus" },
  avg_verzoek_casus: { buitenPakket: 'an AVG-verzoek has its own term; anonymised with its last casus' },
  datalek: { buitenPakket: 'a datalek has its own term and names casussen by id only' },
  verstrekkingsregistratie: { buitenPakket: 'Wpg 32 / Wjsg 39j records stay 4 years for police and OM, unlinked' },
  topx_vermelding: { buitenPakket: 'a TopX entry has its own term and names its casus by id only' },
};

/**
 * Every table holding data of a casus, with the SQL condition that selects the rows of casus `$1`: those with a
 * `casus_id` or `casus_ids` column, and those with a foreign key to such a table (unless that table keeps its rows
 * out of the package: what refers to it follows it).
 */
async function casusTabellen(client: Client): Promise<Map<string, string>> {
  const { rows: kolommen } = await client.query<{ tabel: string; kolom: string }>(
    `SELECT table_name AS tabel, column_name AS kolom FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_name IN ('casus_id', 'casus_ids')`,
  );
  const { rows: sleutels } = await client.query<{ tabel: string; ouder: string; kolom: string; doel: string }>(
    `SELECT c.conrelid::regclass::text AS tabel, c.confrelid::regclass::text AS ouder, k.attname AS kolom,
            d.attname AS doel
     FROM pg_constraint c
     JOIN pg_attribute k ON k.attrelid = c.conrelid AND k.attnum = c.conkey[1]
     JOIN pg_attribute d ON d.attrelid = c.confrelid AND d.attnum = c.confkey[1]
     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace AND cardinality(c.conkey) = 1`,
  );
  const uit = new Map<string, string>(
    kolommen.map(({ tabel, kolom }) => [tabel, kolom === 'casus_id' ? '"casus_id" = $1' : '$1 = ANY("casus_ids")']),
  );
  for (let gegroeid = true; gegroeid;) {
    gegroeid = false;
    for (const { tabel, ouder, kolom, doel } of sleutels) {
      const einde = EINDE_VAN[ouder];
      if (uit.has(tabel) || !uit.has(ouder) || (einde !== undefined && 'buitenPakket' in einde)) continue;
      uit.set(tabel, `"${kolom}" IN (SELECT "${doel}" FROM "${ouder}" WHERE ${uit.get(ouder)})`);
      gegroeid = true;
    }
  }
  return uit;
}

describe('archiveer and anonimiseer', () => {
  test('anonymisation before the archive transfer fails for good and changes nothing', async () => {
    const d = await vulCasus(db);
    const err = await fout(act.anonimiseer(d.casusId));
    expect(err).toMatchObject({ name: 'ApplicationFailure', type: 'ARCHIEF_ONTBREEKT', nonRetryable: true });
    expect(await db.betrokkene.count({ where: { casusId: d.casusId, bsn: d.bsn } })).toBe(1);
    expect((await db.casus.findUniqueOrThrow({ where: { id: d.casusId } })).fase).toBe('AFGESCHERMD');
    expect(await auditVan(db, d.casusId, 'casus.anonimiseren')).toHaveLength(0);
  });

  test('every table that holds casus data is in the archive package and cleared by the anonymisation', async () => {
    const tabellen = await casusTabellen(pg);
    expect([...tabellen.keys()].sort()).toEqual(Object.keys(EINDE_VAN).sort());
    const d = await vulCasus(db);
    const aantallen = new Map<string, number>();
    for (const [tabel, waar] of tabellen) {
      const { rows } = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${tabel}" WHERE ${waar}`, [
        d.casusId,
      ]);
      aantallen.set(tabel, rows[0]!.n);
    }
    const inPakket = Object.entries(EINDE_VAN).flatMap(([tabel, e]) => ('pakket' in e ? [{ tabel, ...e }] : []));
    // vulCasus must hold rows in each of them, or the checks below prove nothing for that table.
    expect(inPakket.filter(({ tabel }) => !aantallen.get(tabel))).toEqual([]);

    expect(await act.archiveer(d.casusId)).toEqual({ gearchiveerd: true });
    const bon = await db.archiefOverdracht.findUniqueOrThrow({ where: { casusId: d.casusId } });
    const pakket = JSON.parse(
      readFileSync(path.join(archiefMap, bon.locatie, `${d.casusnummer}.json`), 'utf8'),
    ) as Pakket;
    expect(Object.fromEntries(inPakket.map(({ tabel, pakket: deel }) => [tabel, deel(pakket).length]))).toEqual(
      Object.fromEntries(inPakket.map(({ tabel }) => [tabel, aantallen.get(tabel)])),
    );

    expect(await act.anonimiseer(d.casusId)).toEqual({ geanonimiseerd: true });
    expect(await sporen(pg, d)).toEqual({});
  });

  test('the archive gets the complete record, once; then nothing personal is left in the ZVH system', async () => {
    const d = await vulCasus(db);
    const voorAudit = await auditVan(db, d.casusId);

    // --- archiveren
    expect(await act.archiveer(d.casusId)).toEqual({ gearchiveerd: true });
    const bon = await db.archiefOverdracht.findUniqueOrThrow({ where: { casusId: d.casusId } });
    expect(bon.locatie).toBe(d.casusnummer);
    expect(readdirSync(archiefMap).filter((f) => f.includes(d.casusnummer))).toEqual([bon.locatie]); // no temp folder left behind
    const pakketMap = path.join(archiefMap, bon.locatie);
    const bestanden = await controleerPakket(leesPakketMap(pakketMap), bon.sha256);
    expect([...bestanden.keys()].sort()).toEqual(
      [`${d.casusnummer}.json`, `${d.casusnummer}.json.bestand.mdto.xml`, `${d.casusnummer}.mdto.xml`, MANIFEST].sort(),
    );
    controleerMdto(bestanden, d.casusnummer, { aanmelding: '2025-06-05', archiefdatum: '2026-12-23' });
    // No personal data in the MDTO metadata: that is all in the JSON document.
    for (const naam of [`${d.casusnummer}.mdto.xml`, `${d.casusnummer}.json.bestand.mdto.xml`]) {
      for (const persoonlijk of [d.voornaam, d.achternaam, d.bsn])
        expect(bestanden.get(naam)!.toString('utf8')).not.toContain(persoonlijk);
    }

    const bestand = path.join(pakketMap, `${d.casusnummer}.json`);
    const tekst = readFileSync(bestand, 'utf8');
    const pakket = JSON.parse(tekst);
    expect(pakket.formaat).toBe('zvh-archiefpakket/1');
    expect(pakket.casus).toMatchObject({
      id: d.casusId,
      casusnummer: d.casusnummer,
      fase: 'AFGESCHERMD',
      aanmeldDatum: '2025-06-05T09:00:00.000Z',
      afsluitDatum: '2025-12-23',
      archiefDatum: '2026-12-23',
    });
    expect(pakket.casus.wettelijkeTaak).toContain(d.achternaam);
    expect(pakket.betrokkenen).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rol: 'BETROKKENE',
          voornamen: d.voornaam,
          achternaam: d.achternaam,
          bsn: d.bsn,
          geboortedatum: '1990-04-01',
        }),
      ]),
    );
    expect(pakket.criteriumBeoordelingen).toHaveLength(4);
    expect(pakket.besluiten).toHaveLength(6);
    expect(pakket.gegevens).toEqual([
      expect.objectContaining({ categorie: 'POLITIE', inhoud: expect.stringContaining(d.achternaam) }),
    ]);
    expect(pakket.verstrekkingen).toEqual([
      expect.objectContaining({ omschrijving: expect.stringContaining(d.achternaam), kanaal: 'CASUSOVERLEG' }),
    ]);
    expect(pakket.plannenVanAanpak).toEqual([
      expect.objectContaining({ toestandsbeeld: expect.stringContaining(d.achternaam), evaluatiedatum: '2026-03-01' }),
    ]);
    expect(pakket.besluiten).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ soort: 'SELECTIE', gegevens: { deelnemers: [expect.any(String)] } }),
      ]),
    );
    expect(pakket.deelnemers).toHaveLength(1);
    expect(pakket.verlengingen).toEqual([
      expect.objectContaining({ datum: '2030-06-05', situatie: 'AFGESLOTEN_RISICO_OP_TERUGVAL' }),
    ]);
    expect(pakket.legalHolds).toEqual([expect.objectContaining({ reden: `Klacht van ${d.achternaam}` })]);
    expect(pakket.informatieplicht).toEqual([
      expect.objectContaining({
        moment: 'IN_BEHANDELING',
        status: 'VERSTREKT',
        deadline: '2025-07-05',
        verstrektOp: '2025-08-01',
        kanaal: 'BRIEF',
        handelingen: [
          expect.objectContaining({ soort: 'UITSTEL', grond: 'AVG_14_5_B', reden: `Gevaar voor ${d.achternaam}` }),
          expect.objectContaining({ soort: 'VERSTREKT', datum: '2025-08-01' }),
        ],
      }),
    ]);
    // The access facts of every audit entry about the casus up to the transfer.
    expect(pakket.auditLog).toEqual(
      voorAudit.map((a) => ({
        id: a.id.toString(),
        tijdstip: a.tijdstip.toISOString(),
        medewerkerId: a.medewerkerId,
        deelnemerId: a.deelnemerId,
        actie: a.actie,
        grondslag: a.grondslag,
        uitkomst: a.uitkomst,
      })),
    );
    expect(pakket.register.deelnemers.map((x: { id: string }) => x.id)).toContain(d.medewerker.deelnemerId);
    // Deterministic key order: keys sorted at every level.
    expect(Object.keys(pakket)).toEqual([...Object.keys(pakket)].sort());
    expect(Object.keys(pakket.casus)).toEqual([...Object.keys(pakket.casus)].sort());

    const casus = await db.casus.findUniqueOrThrow({ where: { id: d.casusId } });
    expect(casus.fase).toBe('GEARCHIVEERD');
    expect(casus.gearchiveerdOp).toEqual(bon.overgedragenOp);
    const archiveren = await auditVan(db, d.casusId, 'casus.archiveren');
    expect(archiveren).toHaveLength(1);
    expect(archiveren[0]).toMatchObject({
      uitkomst: 'TOEGESTAAN',
      detail: { sha256: bon.sha256, locatie: bon.locatie },
      grondslag: expect.stringContaining('Archiefwet'),
    });

    // Again: the package is not rewritten, the receipt and the log stay as they are.
    const mtime = statSync(bestand).mtimeMs;
    expect(await act.archiveer(d.casusId)).toEqual({ gearchiveerd: true });
    expect(statSync(bestand).mtimeMs).toBe(mtime);
    expect(leesPakketMap(pakketMap)).toEqual(bestanden);
    expect(await db.archiefOverdracht.findUniqueOrThrow({ where: { casusId: d.casusId } })).toEqual(bon);
    expect(await auditVan(db, d.casusId, 'casus.archiveren')).toHaveLength(1);

    // --- anonimiseren
    // Positive control: the search below finds the personal data where it was put.
    expect(Object.keys(await sporen(pg, d))).toEqual(
      expect.arrayContaining(['betrokkene', 'besluit', 'casus', 'criterium_beoordeling', 'legal_hold']),
    );
    const teVerbergen = (await auditVan(db, d.casusId)).map((a) => a.id);

    expect(await act.anonimiseer(d.casusId)).toEqual({ geanonimiseerd: true });

    expect(await sporen(pg, d)).toEqual({});
    const { rows } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE casus_id = $1', [
      d.casusId,
    ]);
    expect(rows[0]!.n).toBe(0);
    const verborgen = await db.auditLog.findMany({ where: { id: { in: teVerbergen } } });
    expect(verborgen).toHaveLength(teVerbergen.length);
    const pseudoniem = verborgen[0]!.casusPseudoniem;
    expect(pseudoniem).toEqual(expect.any(String));
    expect(verborgen.every((a) => a.casusPseudoniem === pseudoniem && a.detail === null && a.zout === null)).toBe(true);
    // The anonymisation's own entry was pseudonymised too, under the same pseudonym.
    const metPseudoniem = await db.auditLog.findMany({ where: { casusPseudoniem: pseudoniem } });
    expect(metPseudoniem.map((a) => a.actie)).toEqual(
      expect.arrayContaining(['casus.archiveren', 'casus.anonimiseren']),
    );
    expect(metPseudoniem).toHaveLength(teVerbergen.length + 1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    const na = await db.casus.findUniqueOrThrow({ where: { id: d.casusId } });
    expect(na).toMatchObject({
      fase: 'GEANONIMISEERD',
      casusnummer: d.casusnummer,
      wettelijkeTaak: null,
      gearchiveerdOp: casus.gearchiveerdOp,
    });
    expect(na.geanonimiseerdOp).toBeInstanceOf(Date);
    expect(await db.betrokkene.findMany({ where: { casusId: d.casusId } })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rol: 'BETROKKENE',
          voornamen: null,
          achternaam: null,
          geboortedatum: null,
          bsn: null,
        }),
      ]),
    );
    expect(await db.legalHold.findMany({ where: { casusId: d.casusId } })).toEqual([
      expect.objectContaining({ reden: '[geanonimiseerd]' }),
    ]);
    // Not personal data, kept: the structure, the selection and the verlenging, the receipt.
    expect(await db.criteriumBeoordeling.count({ where: { casusId: d.casusId } })).toBe(4);
    expect(await db.casusDeelnemer.count({ where: { casusId: d.casusId } })).toBe(1);
    expect(await db.verlenging.count({ where: { casusId: d.casusId } })).toBe(1);
    expect(await db.archiefOverdracht.findUniqueOrThrow({ where: { casusId: d.casusId } })).toEqual(bon);

    // Idempotent: again changes nothing, logs nothing; archiveer stays done.
    expect(await act.anonimiseer(d.casusId)).toEqual({ geanonimiseerd: true });
    expect(await act.archiveer(d.casusId)).toEqual({ gearchiveerd: true });
    expect(await db.auditLog.count({ where: { casusPseudoniem: pseudoniem } })).toBe(teVerbergen.length + 1);
    expect(await db.auditLog.count({ where: { casusId: d.casusId } })).toBe(0);
    expect(await db.casus.findUniqueOrThrow({ where: { id: d.casusId } })).toEqual(na);
    expect(statSync(bestand).mtimeMs).toBe(mtime);

    // An entry about the casus written after its anonymisation is caught up by another call.
    await logAudit(db, {
      medewerkerId: null,
      deelnemerId: null,
      actie: 'casus.raadplegen',
      casusId: d.casusId,
      grondslag: 'test',
      uitkomst: 'GEWEIGERD',
    });
    expect(await act.anonimiseer(d.casusId)).toEqual({ geanonimiseerd: true });
    expect(await db.auditLog.count({ where: { casusId: d.casusId } })).toBe(0);
  });

  test('concurrent attempts archive and anonymise once', async () => {
    const d = await vulCasus(db);
    const map = nieuweMap();
    const eigen = createArchiefActivities(db, { archiefMap: map });
    expect(
      await Promise.all([eigen.archiveer(d.casusId), eigen.archiveer(d.casusId), eigen.archiveer(d.casusId)]),
    ).toEqual(Array(3).fill({ gearchiveerd: true }));
    const bon = await db.archiefOverdracht.findUniqueOrThrow({ where: { casusId: d.casusId } });
    expect(readdirSync(map)).toEqual([bon.locatie]);
    await controleerPakket(leesPakketMap(path.join(map, bon.locatie)), bon.sha256);
    expect(await auditVan(db, d.casusId, 'casus.archiveren')).toHaveLength(1);

    const [archiveren] = await auditVan(db, d.casusId, 'casus.archiveren');
    expect(await Promise.all([eigen.anonimiseer(d.casusId), eigen.anonimiseer(d.casusId)])).toEqual(
      Array(2).fill({ geanonimiseerd: true }),
    );
    expect(await sporen(pg, d)).toEqual({});
    const { casusPseudoniem } = await db.auditLog.findUniqueOrThrow({ where: { id: archiveren!.id } });
    expect(casusPseudoniem).not.toBeNull();
    expect(await db.auditLog.count({ where: { casusPseudoniem, actie: 'casus.anonimiseren' } })).toBe(1);
  });

  test('a legal hold on the casus stops both steps until it is lifted', async () => {
    const d = await vulCasus(db);
    const hold = await db.legalHold.create({
      data: { id: randomUUID(), casusId: d.casusId, reden: 'WOB-verzoek', ingesteldDoor: d.medewerker.medewerkerId },
    });

    expect(await act.archiveer(d.casusId)).toEqual({ gearchiveerd: false });
    expect(await db.archiefOverdracht.findUnique({ where: { casusId: d.casusId } })).toBeNull();
    expect(readdirSync(archiefMap).filter((f) => f.includes(d.casusId))).toEqual([]);
    expect((await db.casus.findUniqueOrThrow({ where: { id: d.casusId } })).fase).toBe('AFGESCHERMD');

    const lift = (id: string) =>
      db.legalHold.update({
        where: { id },
        data: { opgehevenOp: new Date(), opgehevenDoor: d.medewerker.medewerkerId },
      });
    await lift(hold.id);
    expect(await act.archiveer(d.casusId)).toEqual({ gearchiveerd: true });
    const bon = await db.archiefOverdracht.findUniqueOrThrow({ where: { casusId: d.casusId } });
    await controleerPakket(leesPakketMap(path.join(archiefMap, bon.locatie)), bon.sha256);

    const tweede = await db.legalHold.create({
      data: { id: randomUUID(), casusId: d.casusId, reden: 'Rechtszaak', ingesteldDoor: d.medewerker.medewerkerId },
    });
    expect(await act.anonimiseer(d.casusId)).toEqual({ geanonimiseerd: false });
    expect(await db.betrokkene.count({ where: { casusId: d.casusId, bsn: d.bsn } })).toBe(1);
    expect((await db.casus.findUniqueOrThrow({ where: { id: d.casusId } })).fase).toBe('GEARCHIVEERD');
    expect(await auditVan(db, d.casusId, 'casus.anonimiseren')).toHaveLength(0);

    await lift(tweede.id);
    expect(await act.anonimiseer(d.casusId)).toEqual({ geanonimiseerd: true });
    expect(await sporen(pg, d)).toEqual({});
  });
});

describe('the MDTO package', () => {
  test('the test parser rejects malformed XML, and the writer escapes what would break it', () => {
    for (const kapot of [
      '<a><b></a></b>',
      '<a>x &nbsp; y</a>',
      '<a>1 < 2</a>',
      '<a x="1" x="2"/>',
      '<a/><b/>',
      'tekst<a/>',
      '<a>',
    ]) {
      expect(() => parseXml(kapot)).toThrow();
    }
    const lastig = `Tom & Jerry <b>"'\r`;
    expect(parseXml(`<a k="${escapeXml(lastig)}">${escapeXml(lastig)}</a>`)).toMatchObject({
      attributen: { k: lastig },
      tekst: lastig,
    });
    expect(() => escapeXml('bel\u0007')).toThrow();
  });

  test('a folder left by an attempt whose receipt never committed is replaced as a whole', async () => {
    const d = await vulCasus(db);
    const map = nieuweMap();
    const eigen = createArchiefActivities(db, {
      archiefMap: map,
      ZVH_ARCHIEFVORMER: 'ZVH Testregio',
      ZVH_ARCHIEFVORMER_ID: '00000001234567890000',
      ZVH_ARCHIEF_BEWAARTERMIJN_JAREN: 7,
    });
    expect(await eigen.archiveer(d.casusId)).toEqual({ gearchiveerd: true });
    const bon = await db.archiefOverdracht.findUniqueOrThrow({ where: { casusId: d.casusId } });
    const eerste = await controleerPakket(leesPakketMap(path.join(map, bon.locatie)), bon.sha256);

    // Simulate the crash between delivery and commit: the receipt is gone, a stray file sits in the folder.
    await db.archiefOverdracht.delete({ where: { casusId: d.casusId } });
    await db.casus.update({ where: { id: d.casusId }, data: { fase: 'AFGESCHERMD', gearchiveerdOp: null } });
    writeFileSync(path.join(map, bon.locatie, 'oud.txt'), 'half');
    expect(await eigen.archiveer(d.casusId)).toEqual({ gearchiveerd: true });
    const tweede = await db.archiefOverdracht.findUniqueOrThrow({ where: { casusId: d.casusId } });
    const bestanden = await controleerPakket(leesPakketMap(path.join(map, tweede.locatie)), tweede.sha256);
    expect(bestanden.has('oud.txt')).toBe(false);
    expect([...bestanden.keys()].sort()).toEqual([...eerste.keys()].sort());
    expect(readdirSync(map)).toEqual([bon.locatie]);

    const io = parseXml(bestanden.get(`${d.casusnummer}.mdto.xml`)!.toString('utf8')).kinderen[0]!;
    expect(waarde(io, 'identificatie/identificatieBron')).toBe('zvh-wgs ZVH Testregio');
    expect(waarde(io, 'archiefvormer/verwijzingNaam')).toBe('ZVH Testregio');
    expect(waarde(io, 'archiefvormer/verwijzingIdentificatie/identificatieKenmerk')).toBe('00000001234567890000');
    expect(waarde(io, 'bewaartermijn/termijnLooptijd')).toBe('P7Y');
    expect(waarde(io, 'bewaartermijn/termijnEinddatum')).toBe('2033-12-23');
  });

  test('a package failing the MDTO XSD is not delivered: the attempt fails, retryably, naming no value', async () => {
    const d = await vulCasus(db);
    const map = nieuweMap();
    // A term the config would refuse (min 1) makes termijnLooptijd `P-1Y`, which is no xsd:duration.
    const kapot = createArchiefActivities(db, { archiefMap: map, ZVH_ARCHIEF_BEWAARTERMIJN_JAREN: -1 });
    const err = await fout(kapot.archiveer(d.casusId));
    expect(err).toMatchObject({ name: 'ApplicationFailure', type: 'MDTO_ONGELDIG', nonRetryable: false });
    const melding = (err as Error).message;
    expect(melding.startsWith(`archive package of casus ${d.casusId} fails MDTO-XML 1.0.1: `)).toBe(true);
    expect(melding).toContain(`${d.casusnummer}.mdto.xml:`);
    expect(melding).toContain('element termijnLooptijd');
    expect(melding).not.toContain('P-1Y');
    expect(readdirSync(map)).toEqual([]);
    expect(await db.archiefOverdracht.findUnique({ where: { casusId: d.casusId } })).toBeNull();
    expect((await db.casus.findUniqueOrThrow({ where: { id: d.casusId } })).fase).toBe('AFGESCHERMD');
    expect(await auditVan(db, d.casusId, 'casus.archiveren')).toHaveLength(0);

    // The attempt after a fixed configuration delivers.
    expect(await createArchiefActivities(db, { archiefMap: map }).archiveer(d.casusId)).toEqual({ gearchiveerd: true });
    const bon = await db.archiefOverdracht.findUniqueOrThrow({ where: { casusId: d.casusId } });
    await controleerPakket(leesPakketMap(path.join(map, bon.locatie)), bon.sha256);
  });

  test('delivery to an HTTP endpoint: multipart, retried until the archive answers, its receipt recorded', async () => {
    const d = await vulCasus(db);
    // The partner simulator plays the archiefbeheerder's intake (e-Depot), down at the first attempt.
    const sim = await startPartnerSimulator({ zvh: { apiUrl: 'http://127.0.0.1:9', afzender: 'zvh' } });
    try {
      const edepot = `edepot-${randomUUID()}`;
      sim.voegToe({ soort: 'archief', id: edepot, sleutel: Buffer.alloc(32), gedrag: { faalEerst: 1 } });
      const map = nieuweMap();
      const eigen = createArchiefActivities(db, {
        archiefMap: map,
        ZVH_ARCHIEF_URL: `${sim.partnerUrl('archief', edepot)}/intake`,
      });

      // The archive is down: the attempt fails (Temporal retries it) and nothing is recorded.
      await expect(eigen.archiveer(d.casusId)).rejects.toThrow('HTTP 503');
      expect(await db.archiefOverdracht.findUnique({ where: { casusId: d.casusId } })).toBeNull();
      expect((await db.casus.findUniqueOrThrow({ where: { id: d.casusId } })).fase).toBe('AFGESCHERMD');

      expect(await eigen.archiveer(d.casusId)).toEqual({ gearchiveerd: true });
      const ontvangen = sim.ontvangen(edepot);
      expect(ontvangen).toHaveLength(2);
      expect(ontvangen.map((o) => [o.pad, o.idempotencyKey])).toEqual([
        ['/intake', d.casusId],
        ['/intake', d.casusId],
      ]);
      const laatste = ontvangen[1]!;
      expect(laatste.contentType).toMatch(/^multipart\/form-data; boundary=/);
      const form = await new Response(new Uint8Array(laatste.raw), {
        headers: { 'content-type': laatste.contentType! },
      }).formData();
      expect(form.get('pakket')).toBe(d.casusnummer);
      const bestanden = new Map<string, Buffer>();
      for (const [naam, deel] of form.entries())
        if (typeof deel !== 'string') bestanden.set(naam, Buffer.from(await deel.arrayBuffer()));

      const bon = await db.archiefOverdracht.findUniqueOrThrow({ where: { casusId: d.casusId } });
      expect(bon.locatie).toMatch(/^SIM-ARCH-\d+$/);
      await controleerPakket(bestanden, bon.sha256);
      controleerMdto(bestanden, d.casusnummer, { aanmelding: '2025-06-05', archiefdatum: '2026-12-23' });
      expect(JSON.parse(bestanden.get(`${d.casusnummer}.json`)!.toString('utf8')).betrokkenen).toEqual(
        expect.arrayContaining([expect.objectContaining({ bsn: d.bsn })]),
      );
      expect(readdirSync(map)).toEqual([]); // not also in the folder
      expect((await auditVan(db, d.casusId, 'casus.archiveren'))[0]).toMatchObject({
        detail: { sha256: bon.sha256, locatie: bon.locatie },
      });

      // Done: no second delivery; anonymisation may follow.
      expect(await eigen.archiveer(d.casusId)).toEqual({ gearchiveerd: true });
      expect(sim.ontvangen(edepot)).toHaveLength(2);
      expect(await eigen.anonimiseer(d.casusId)).toEqual({ geanonimiseerd: true });
      expect(await sporen(pg, d)).toEqual({});
    } finally {
      await sim.stop();
    }
  });
});

// A global hold (casus_id NULL) covers every casus, so on the shared database it would also stop the anonymisations
// of test files running in parallel, however short the window. Hence a scratch database with all migrations.
describe('a global legal hold, in a scratch database', () => {
  const scratchDb = scratchDatabase('zvh_archief_test');

  test('stops archiving and anonymising every casus until it is lifted', async () => {
    const map = nieuweMap();
    const eigen = createArchiefActivities(scratchDb.db, { archiefMap: map });
    const gearchiveerd = await vulCasus(scratchDb.db);
    const nieuw = await vulCasus(scratchDb.db);
    expect(await eigen.archiveer(gearchiveerd.casusId)).toEqual({ gearchiveerd: true });

    const hold = await scratchDb.db.legalHold.create({
      data: {
        id: randomUUID(),
        casusId: null,
        reden: 'Moratorium Archiefwet',
        ingesteldDoor: nieuw.medewerker.medewerkerId,
      },
    });
    expect(await eigen.archiveer(nieuw.casusId)).toEqual({ gearchiveerd: false });
    expect(await eigen.anonimiseer(gearchiveerd.casusId)).toEqual({ geanonimiseerd: false });
    expect(await scratchDb.db.archiefOverdracht.findUnique({ where: { casusId: nieuw.casusId } })).toBeNull();
    expect(
      await scratchDb.db.betrokkene.count({ where: { casusId: gearchiveerd.casusId, bsn: gearchiveerd.bsn } }),
    ).toBe(1);

    await scratchDb.db.legalHold.update({ where: { id: hold.id }, data: { opgehevenOp: new Date() } });
    expect(await eigen.archiveer(nieuw.casusId)).toEqual({ gearchiveerd: true });
    for (const casusId of [gearchiveerd.casusId, nieuw.casusId]) {
      const bon = await scratchDb.db.archiefOverdracht.findUniqueOrThrow({ where: { casusId } });
      await controleerPakket(leesPakketMap(path.join(map, bon.locatie)), bon.sha256);
    }
    expect(await eigen.anonimiseer(gearchiveerd.casusId)).toEqual({ geanonimiseerd: true });
    expect(await sporen(scratchDb.pg, gearchiveerd)).toEqual({});
    // The global hold's own reden is not about this casus and stays.
    expect((await scratchDb.db.legalHold.findUniqueOrThrow({ where: { id: hold.id } })).reden).toBe(
      'Moratorium Archiefwet',
    );
    expect(await verifyAuditChain(scratchDb.db)).toMatchObject({ ok: true });
  });
});
