// Proves that prisma/schema.prisma, the hand-written SQL in prisma/migrations and the generated client agree, and
// that infra/migrate.ts keeps Prisma's migration bookkeeping. Runs against DATABASE_URL (migrated by the global
// setup); every row it creates has a fresh random id, so it can share the database with other tests.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import ts from 'typescript';
import { $Enums, Prisma, PrismaClient } from '../../generated/prisma/client';
import { migrate } from '../../infra/migrate';

jest.setTimeout(60_000);

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is not set; the jest global setup normally provides it');
const url: string = databaseUrl;

const repoRoot = path.resolve(__dirname, '..', '..');
const migrationsDir = path.join(repoRoot, 'prisma', 'migrations');
const migrationFolders = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const scriptOf = (folder: string) => readFileSync(path.join(migrationsDir, folder, 'migration.sql'), 'utf8');

// The `prisma-client` generator no longer emits `Prisma.dmmf` (prisma/orm#28166). What the client does carry at
// runtime is a pruned data model: per model its table name and per field its kind, Prisma type and column name.
interface RuntimeField {
  name: string;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  dbName?: string | null;
}
interface RuntimeModel {
  dbName: string | null;
  fields: RuntimeField[];
}
const modelNames = Object.values(Prisma.ModelName);

function runtimeModels(prisma: PrismaClient): Record<string, RuntimeModel> {
  const dataModel = (prisma as unknown as { _runtimeDataModel?: { models?: Record<string, RuntimeModel> } })
    ._runtimeDataModel;
  if (!dataModel?.models) throw new Error('the generated client no longer exposes _runtimeDataModel; update this test');
  return dataModel.models;
}

/**
 * Nullability and list-ness are not in that runtime data model (a `String[]` field is just `type: 'String'`), so
 * they are read from the generated model types instead: the `scalars` of `$<Model>Payload` in
 * generated/prisma/models/<Model>.ts, where an optional field is `T | null` and a scalar list is `T[]` (never null:
 * Prisma has no optional lists).
 */
function scalarShapes(model: string): Map<string, { nullable: boolean; list: boolean }> {
  const file = path.join(repoRoot, 'generated', 'prisma', 'models', `${model}.ts`);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const payload = source.statements.find(
    (s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === `$${model}Payload`,
  );
  const scalars =
    payload && ts.isTypeLiteralNode(payload.type)
      ? payload.type.members.find((m) => m.name !== undefined && ts.isIdentifier(m.name) && m.name.text === 'scalars')
      : undefined;
  const literal =
    scalars && ts.isPropertySignature(scalars) && scalars.type && ts.isTypeReferenceNode(scalars.type)
      ? scalars.type.typeArguments?.[0]
      : undefined;
  if (!literal || !ts.isTypeLiteralNode(literal))
    throw new Error(`cannot find the scalars of $${model}Payload in ${file}`);
  const result = new Map<string, { nullable: boolean; list: boolean }>();
  for (const member of literal.members) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isIdentifier(member.name)) continue;
    const type = member.type;
    const isNull = (t: ts.TypeNode) => ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword;
    const members = ts.isUnionTypeNode(type) ? type.types : [type];
    result.set(member.name.text, { nullable: members.some(isNull), list: members.some(ts.isArrayTypeNode) });
  }
  return result;
}

/**
 * Column types (pg udt_name) that Prisma maps each scalar type to, natively or through a @db attribute we use. A
 * scalar list is a Postgres array, whose udt_name is the element's with a leading underscore (`TEXT[]` is `_text`).
 */
const udtNamesFor: Record<string, string[]> = {
  String: ['text', 'uuid', 'varchar'],
  Boolean: ['bool'],
  Int: ['int4'],
  BigInt: ['int8'],
  Float: ['float8'],
  Decimal: ['numeric'],
  DateTime: ['timestamp', 'timestamptz', 'date'],
  Json: ['jsonb', 'json'],
  Bytes: ['bytea'],
};

let prisma: PrismaClient;
let pg: Client;

beforeAll(async () => {
  // A no-op after the global setup; makes the file self-sufficient when run on its own against an empty database.
  await migrate(url);
  prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  pg = new Client({ connectionString: url });
  await pg.connect();
});

afterAll(async () => {
  await prisma?.$disconnect();
  await pg?.end();
});

describe('migration history', () => {
  test('migrate is idempotent and _prisma_migrations holds one finished row per migration folder', async () => {
    expect(migrationFolders.length).toBeGreaterThan(0);
    expect(await migrate(url)).toEqual({ applied: [] });

    const { rows } = await pg.query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
      `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    expect(rows).toEqual(
      migrationFolders.map((name) => ({
        migration_name: name,
        checksum: sha256(scriptOf(name)),
        applied_steps_count: 1,
      })),
    );
    const unfinished = await pg.query(
      `SELECT 1 FROM "_prisma_migrations" WHERE finished_at IS NULL AND rolled_back_at IS NULL`,
    );
    expect(unfinished.rowCount).toBe(0);
  });
});

describe('database matches the generated client', () => {
  test('the client knows every model and its data model is complete', () => {
    const models = runtimeModels(prisma);
    expect(Object.keys(models).sort()).toEqual([...modelNames].sort());
  });

  test('every model has its table, with exactly its scalar columns, types and nullability', async () => {
    const models = runtimeModels(prisma);
    const { rows: columns } = await pg.query<{
      table_name: string;
      column_name: string;
      is_nullable: 'YES' | 'NO';
      udt_name: string;
    }>(
      `SELECT table_name, column_name, is_nullable, udt_name FROM information_schema.columns
       WHERE table_schema = current_schema()`,
    );
    const { rows: tables } = await pg.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    const tableOf = (model: string) => models[model]?.dbName ?? model;
    expect(tables.map((t) => t.table_name).sort()).toEqual(['_prisma_migrations', ...modelNames.map(tableOf)].sort());

    // Collected over all models and compared once, so a failure lists every model and column at fault.
    const expected: Array<{ model: string; column: string; nullable: boolean; type: string[] }> = [];
    const actual: typeof expected = [];
    for (const model of modelNames) {
      const fields = (models[model]?.fields ?? []).filter((f) => f.kind === 'scalar' || f.kind === 'enum');
      const shapes = scalarShapes(model);
      expect({ model, fields: [...shapes.keys()].sort() }).toEqual({ model, fields: fields.map((f) => f.name).sort() });

      const wanted = fields.map((f) => {
        const shape = shapes.get(f.name) ?? { nullable: false, list: false };
        const type = f.kind === 'enum' ? [f.type] : (udtNamesFor[f.type] ?? [`<no mapping for ${f.type}>`]);
        return {
          model,
          column: f.dbName ?? f.name,
          nullable: shape.nullable,
          type: shape.list ? type.map((t) => `_${t}`) : type,
        };
      });
      expected.push(...wanted);
      for (const c of columns.filter((c) => c.table_name === tableOf(model))) {
        const allowed = wanted.find((w) => w.column === c.column_name)?.type ?? [];
        const type = allowed.includes(c.udt_name) ? allowed : [c.udt_name];
        actual.push({ model, column: c.column_name, nullable: c.is_nullable === 'YES', type });
      }
    }
    const order = (a: { model: string; column: string }, b: { model: string; column: string }) =>
      a.model.localeCompare(b.model) || a.column.localeCompare(b.column);
    expect(actual.sort(order)).toEqual(expected.sort(order));
  });

  test('every enum has exactly the generated values, in order', async () => {
    const { rows } = await pg.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = current_schema() GROUP BY t.typname`,
    );
    const inDatabase = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    const generated = Object.fromEntries(Object.entries($Enums).map(([name, values]) => [name, Object.values(values)]));
    expect(inDatabase).toEqual(generated);

    const enumFields = Object.values(runtimeModels(prisma)).flatMap((m) => m.fields.filter((f) => f.kind === 'enum'));
    for (const field of enumFields) expect(Object.keys(generated)).toContain(field.type);
  });
});

describe('every model round-trips through the generated client', () => {
  const at = (iso: string) => new Date(iso);
  const deelnemer = {
    id: `test-${randomUUID()}`,
    naam: 'Gemeente Teststad',
    type: 'OVERHEID',
    actief: false,
    contactEmail: 'privacy@teststad.test',
    createdAt: at('2026-01-02T03:04:05.678Z'),
  } satisfies Prisma.DeelnemerUncheckedCreateInput;
  const medewerker = {
    id: randomUUID(),
    deelnemerId: deelnemer.id,
    naam: 'T. Medewerker',
    actief: false,
    screeningSoort: 'GELIJKWAARDIG',
    screeningDatum: at('2025-12-01T00:00:00.000Z'),
    createdAt: at('2026-01-03T00:00:00.001Z'),
  } satisfies Prisma.MedewerkerUncheckedCreateInput;
  const casus = {
    id: randomUUID(),
    casusnummer: `TEST-${randomUUID()}`,
    fase: 'CASUSOVERLEG',
    aanmelderDeelnemerId: deelnemer.id,
    aanmelderMedewerkerId: medewerker.id,
    procesregisseurMedewerkerId: medewerker.id,
    wettelijkeTaak: 'Jeugdwet art. 2.3',
    aanmeldDatum: at('2026-02-01T08:00:00.000Z'),
    archiefDatum: at('2031-02-01T00:00:00.000Z'), // a DATE column: only midnight UTC round-trips
    afsluitDatum: at('2026-03-01T00:00:00.000Z'), // DATE
    afgeschermdOp: at('2026-03-02T07:08:09.010Z'),
    gearchiveerdOp: at('2031-02-01T12:00:00.250Z'),
    vorigeCasusId: randomUUID(), // a plain reference, no foreign key
    geanonimiseerdOp: at('2031-02-02T08:00:00.000Z'),
    createdAt: at('2026-02-01T08:00:00.123Z'),
    updatedAt: at('2026-02-05T10:11:12.999Z'),
  } satisfies Prisma.CasusUncheckedCreateInput;
  const betrokkene = {
    id: randomUUID(),
    casusId: casus.id,
    rol: 'GEZINSLID',
    voornamen: 'Jan Pieter',
    achternaam: 'de Test',
    geboortedatum: at('1990-05-17T00:00:00.000Z'),
    bsn: '999990019',
    verwerkingGestaaktOp: at('2026-03-01T10:00:00.000Z'),
  } satisfies Prisma.BetrokkeneUncheckedCreateInput;
  const besluit = {
    id: randomUUID(),
    casusId: casus.id,
    soort: 'INTAKE',
    uitkomst: 'IN_BEHANDELING',
    status: 'VASTGESTELD',
    motivering: 'Voldoet aan de criteria.',
    medewerkerId: medewerker.id,
    deelnemerId: deelnemer.id,
    weigerreden: 'n.v.t.',
    gegevens: { deelnemerIds: [deelnemer.id, 'politie'], situatie: null, nested: { n: 2.25, ok: false } },
    createdAt: at('2026-02-03T09:00:00.000Z'),
    vastgesteldOp: at('2026-02-04T09:30:00.500Z'),
  } satisfies Prisma.BesluitUncheckedCreateInput;
  const criteriumBeoordeling = {
    id: randomUUID(),
    casusId: casus.id,
    besluitId: besluit.id,
    moment: 'INTAKE',
    criterium: 'C',
    mate: 'DEELS_VOLDAAN',
    toelichting: 'Objectieve informatie.',
    createdAt: at('2026-02-03T09:00:01.000Z'),
  } satisfies Prisma.CriteriumBeoordelingUncheckedCreateInput;
  const casusDeelnemer = {
    casusId: casus.id,
    deelnemerId: deelnemer.id,
    besluitId: besluit.id,
    createdAt: at('2026-02-04T09:30:01.000Z'),
  } satisfies Prisma.CasusDeelnemerUncheckedCreateInput;
  const casusAanwijzing = {
    casusId: casus.id,
    medewerkerId: medewerker.id,
    aangewezenOp: at('2026-02-04T09:31:01.000Z'),
    ingetrokkenOp: at('2026-02-05T10:00:00.000Z'),
  } satisfies Prisma.CasusAanwijzingUncheckedCreateInput;
  const toezichtOnderzoek = {
    id: randomUUID(),
    casusId: casus.id,
    medewerkerId: medewerker.id,
    reden: 'Klacht over een verstrekking.',
    geopendOp: at('2026-02-06T09:00:00.000Z'),
    geslotenOp: at('2026-02-07T09:00:00.000Z'),
  } satisfies Prisma.ToezichtOnderzoekUncheckedCreateInput;
  const verlenging = {
    besluitId: besluit.id,
    casusId: casus.id,
    datum: at('2031-01-15T00:00:00.000Z'), // DATE
    situatie: 'AFGESLOTEN_RISICO_OP_TERUGVAL',
    akkoordVan: [deelnemer.id, 'politie', 'ggd'], // a TEXT[] column, read back in order
    heropening: at('2031-03-01T00:00:00.000Z'), // DATE
  } satisfies Prisma.VerlengingUncheckedCreateInput;
  const verlengingsakkoord = {
    casusId: casus.id,
    deelnemerId: deelnemer.id,
    medewerkerId: medewerker.id,
    gegevenOp: at('2026-02-06T10:00:00.000Z'),
  } satisfies Prisma.VerlengingsakkoordUncheckedCreateInput;
  const planVanAanpak = {
    besluitId: besluit.id,
    casusId: casus.id,
    toestandsbeeld: 'Gezamenlijk beeld (test).',
    interventies: [
      { omschrijving: 'Huisbezoek', uitvoerderDeelnemerId: 'ggd' },
      { n: 2.5, leeg: null },
    ],
    informatiebehoeften: 'Woonsituatie.',
    casusregisseurDeelnemerId: deelnemer.id,
    afschalingscriteria: 'Stabiel wonen.',
    informeertBetrokkeneDeelnemerId: 'politie',
    evaluatiedatum: at('2026-05-01T00:00:00.000Z'), // DATE
  } satisfies Prisma.PlanVanAanpakUncheckedCreateInput;
  const incidenteleDeelnemer = {
    besluitId: besluit.id,
    casusId: casus.id,
    organisatie: 'Woningcorporatie Test',
    contactpersoon: 'W. Test',
    reden: 'Huisvesting is deel van het plan.',
    geheimhoudingGetekendOp: at('2026-02-02T00:00:00.000Z'), // DATE
    geheimhoudingGetekendDoor: 'W. Test',
  } satisfies Prisma.IncidenteleDeelnemerUncheckedCreateInput;
  const verstrekking = {
    id: randomUUID(),
    incidenteleDeelnemerId: besluit.id,
    casusId: casus.id,
    omschrijving: 'Afspraken over de woning.',
    kanaal: 'CASUSOVERLEG',
    gegevenIds: [randomUUID(), randomUUID()], // a UUID[] column
    medewerkerId: medewerker.id,
    deelnemerId: deelnemer.id,
    verstrektOp: at('2026-02-06T10:00:00.250Z'),
  } satisfies Prisma.VerstrekkingUncheckedCreateInput;
  const informatieverzoek = {
    id: randomUUID(),
    casusId: casus.id,
    aanDeelnemerId: deelnemer.id,
    namensDeelnemerId: 'politie',
    taak: 'Handhaving openbare orde.',
    doel: 'Beeld van de overlast.',
    reden: 'Nodig voor de eindbeoordeling.',
    medewerkerId: medewerker.id,
    createdAt: at('2026-02-03T08:00:00.500Z'),
    termijnOp: at('2026-02-10T08:00:00.500Z'),
    afgeleverdOp: at('2026-02-03T08:00:01.000Z'),
    afgeleverdVia: 'HTTPS',
    geescaleerdOp: at('2026-02-10T08:00:02.000Z'),
    beantwoordOp: at('2026-02-11T09:00:00.000Z'),
  } satisfies Prisma.InformatieverzoekUncheckedCreateInput;
  const koppeling = {
    id: `test-${randomUUID()}`,
    soort: 'DEELNEMER',
    naam: 'Registratiesysteem Teststad',
    deelnemerId: deelnemer.id,
    kanaal: 'HTTPS',
    url: 'https://teststad.test/zvh',
    email: 'koppeling@teststad.test',
    sleutel: new Uint8Array(randomBytes(60)),
    sleutelId: 'test-key',
    actief: false,
    createdAt: at('2026-01-02T03:04:06.000Z'),
  } satisfies Prisma.KoppelingUncheckedCreateInput;
  const koppelingOntvangst = {
    koppelingId: koppeling.id,
    idempotencyKey: `antwoord-${randomUUID()}`,
    bodyHash: 'a'.repeat(64),
    status: 201,
    antwoord: { id: randomUUID(), status: 'OPGENOMEN' },
    createdAt: at('2026-02-11T09:00:00.001Z'),
  } satisfies Prisma.KoppelingOntvangstUncheckedCreateInput;
  // Confirmed as started: the stack's reconciler leaves it alone.
  const workflowStart = {
    workflowId: `test-${randomUUID()}`,
    workflowType: 'testWorkflow',
    input: { casusId: casus.id },
    fase: 'AANMELDING',
    volgendeDeadline: at('2026-02-15T23:00:00.000Z'),
    createdAt: at('2026-02-01T08:00:00.124Z'),
    gestartOp: at('2026-02-01T08:00:00.500Z'),
  } satisfies Prisma.WorkflowStartUncheckedCreateInput;
  const idempotentVerzoek = {
    medewerkerId: medewerker.id,
    sleutel: `test ${randomUUID()}`,
    verzoekHash: 'b'.repeat(64),
    status: 201,
    antwoord: { id: casus.id, fase: 'AANMELDING' },
    locatie: `/casussen/${casus.id}`,
    onderwerpen: [casus.id],
    bezigTot: at('2026-02-01T08:02:00.000Z'),
    createdAt: at('2026-02-01T08:00:00.000Z'),
  } satisfies Prisma.IdempotentVerzoekUncheckedCreateInput;
  const gegeven = {
    id: randomUUID(),
    casusId: casus.id,
    verzoekId: informatieverzoek.id,
    leverancierDeelnemerId: deelnemer.id,
    medewerkerId: medewerker.id,
    koppelingId: koppeling.id,
    grondslag: 'WGS 2.29',
    categorie: 'POLITIE',
    bronvermelding: 'BVH-registratie (test)',
    inhoud: 'Drie meldingen (test).',
    nietVoorCasusoverleg: true,
    nietAanDeelnemers: ['ggd', 'reclassering'],
    nietAanDerden: true,
    vervaltOp: at('2027-01-01T00:00:00.000Z'), // DATE
    verwijderdOp: at('2027-01-01T03:00:00.000Z'),
    beroepsgeheim: 'MEDISCH',
    betrokkeneIds: [betrokkene.id],
    beperktOp: at('2027-01-01T02:00:00.250Z'),
    avgVerzoekId: randomUUID(),
    createdAt: at('2026-02-03T08:30:00.000Z'),
  } satisfies Prisma.GegevenUncheckedCreateInput;
  const riecAfstemming = {
    id: randomUUID(),
    casusId: casus.id,
    koppelingId: koppeling.id,
    onderwerp: 'Afstemming huisbezoek (test)',
    toelichting: 'Past dit bij uw interventies? (test)',
    gegevenIds: [gegeven.id, randomUUID()], // a UUID[] column
    status: 'MISLUKT',
    medewerkerId: medewerker.id, // plain references
    deelnemerId: deelnemer.id,
    createdAt: at('2026-02-07T10:00:00.125Z'),
    afgeleverdOp: at('2026-02-07T10:00:01.250Z'),
    fout: 'het RIEC weigerde het bericht (test)',
  } satisfies Prisma.RiecAfstemmingUncheckedCreateInput;
  const riecBericht = {
    id: randomUUID(),
    koppelingId: koppeling.id,
    casusId: casus.id,
    afstemmingId: riecAfstemming.id,
    onderwerp: 'Reactie (test)',
    inhoud: 'Akkoord (test).',
    ontvangenOp: at('2026-02-08T11:00:00.375Z'),
  } satisfies Prisma.RiecBerichtUncheckedCreateInput;
  const verstrekkingsregistratie = {
    id: randomUUID(),
    wet: 'WPG_32',
    verstrekkerDeelnemerId: deelnemer.id,
    verstrektOp: at('2026-02-03T08:30:00.000Z'),
    aanvrager: 'gemeente-x',
    ontvangers: ['PROCESREGIE', 'incidenteel:Woningcorporatie (test)'],
    omschrijving: 'POLITIE: BVH-registratie (test)',
    doel: 'triage (test)',
    casusId: casus.id,
    gegevenId: gegeven.id,
    bewarenTot: at('2030-02-03T00:00:00.000Z'), // DATE
  } satisfies Prisma.VerstrekkingsregistratieUncheckedCreateInput;
  const legalHold = {
    id: randomUUID(),
    casusId: casus.id,
    reden: 'Moratorium (test)',
    bron: 'Bestuurlijke afspraken (test)',
    ingesteldDoor: medewerker.id,
    ingesteldOp: at('2026-03-03T10:00:00.000Z'),
    opgehevenDoor: medewerker.id,
    opgehevenOp: at('2026-03-04T11:00:00.001Z'),
  } satisfies Prisma.LegalHoldUncheckedCreateInput;
  const avgVerzoek = {
    id: randomUUID(),
    verzoeknummer: `AVG-TEST-${randomUUID()}`,
    soort: 'RECTIFICATIE',
    fase: 'UAVG41_HERBEOORDELING',
    ontvangenOp: at('2026-02-10T00:00:00.000Z'), // DATE
    deadline: at('2026-05-10T00:00:00.000Z'), // DATE
    voornamen: 'Anna',
    achternaam: 'Aanvrager',
    geboortedatum: at('1985-07-01T00:00:00.000Z'), // DATE
    bsn: '999990019',
    adres: 'Kerkstraat 2\n1234 AB Teststad',
    identiteitMethode: 'BALIE_IDENTITEITSBEWIJS',
    identiteitGeverifieerdOp: at('2026-02-10T00:00:00.000Z'), // DATE
    toelichting: 'Mijn naam is verkeerd gespeld.',
    rectificatie: { achternaam: 'Aanvrager-Test', n: 1.5, leeg: null },
    medewerkerId: medewerker.id,
    deelnemerId: deelnemer.id,
    afgerondOp: at('2026-03-01T10:00:00.125Z'),
    geanonimiseerdOp: at('2031-02-02T08:00:00.000Z'),
    createdAt: at('2026-02-10T09:00:00.000Z'),
  } satisfies Prisma.AvgVerzoekUncheckedCreateInput;
  const avgVerzoekCasus = {
    verzoekId: avgVerzoek.id,
    casusId: casus.id,
    betrokkeneId: betrokkene.id,
    naarArchief: true,
  } satisfies Prisma.AvgVerzoekCasusUncheckedCreateInput;
  const avgConsultatie = {
    verzoekId: avgVerzoek.id,
    deelnemerId: deelnemer.id,
    termijn: at('2026-02-20T00:00:00.000Z'), // DATE
    uitkomst: 'BEROEP_UAVG41',
    grond: 'b',
    omvang: 'GEDEELTELIJK',
    gegevenIds: [gegeven.id, randomUUID()], // a UUID[] column
    categorieen: ['POLITIE', 'BIJZONDER'],
    herbeoordelingOp: at('2026-05-20T00:00:00.000Z'), // DATE
    beantwoordOp: at('2026-02-15T11:00:00.500Z'),
    vervallenOp: at('2026-06-01T12:00:00.000Z'),
  } satisfies Prisma.AvgConsultatieUncheckedCreateInput;
  const avgHandeling = {
    id: randomUUID(),
    verzoekId: avgVerzoek.id,
    soort: 'BESLUIT',
    status: 'VASTGESTELD',
    gegevens: { uitkomst: 'GEDEELTELIJK_TOEGEWEZEN', lijst: [1, null, 'x'] },
    motivering: 'Deels, artikel 41 UAVG.',
    document: '<!doctype html><p>Besluit</p>',
    medewerkerId: medewerker.id,
    deelnemerId: deelnemer.id,
    weigerreden: 'n.v.t.',
    createdAt: at('2026-03-01T09:00:00.000Z'),
    vastgesteldOp: at('2026-03-01T09:00:01.000Z'),
  } satisfies Prisma.AvgHandelingUncheckedCreateInput;
  const archiefOverdracht = {
    casusId: casus.id,
    locatie: `archief-${casus.id}.zip`,
    sha256: randomBytes(32).toString('hex'),
    overgedragenOp: at('2031-02-01T12:00:00.250Z'),
  } satisfies Prisma.ArchiefOverdrachtUncheckedCreateInput;
  // audit_log is append-only and hash-chained (infra/audit.ts), so this row, with made-up chain fields, is written
  // and read back in a transaction that is rolled back: it never joins the chain that other tests append to. The
  // same goes for audit_opschoning, where verification would start.
  const hex = () => randomBytes(32).toString('hex');
  const auditLog = {
    tijdstip: at('2026-02-03T09:00:02.000Z'),
    medewerkerId: medewerker.id,
    deelnemerId: deelnemer.id,
    actie: 'TEST_ROUND_TRIP',
    casusId: casus.id,
    grondslag: 'test',
    uitkomst: 'GEWEIGERD',
    detail: { reden: 'round trip', nested: { n: 1.5, list: [true, null, 'x'] } },
    zout: hex(),
    casusRef: hex(),
    detailRef: hex(),
    casusPseudoniem: randomUUID(),
    vorigeHash: hex(),
    hash: hex(),
  } satisfies Prisma.AuditLogUncheckedCreateInput;
  const auditOpschoning = {
    uitgevoerdOp: at('2033-02-03T09:00:02.125Z'),
    grens: at('2026-02-03T09:00:02.000Z'),
    totId: 9_007_199_254_740_993n, // beyond Number.MAX_SAFE_INTEGER: a real bigint round trip
    totHash: hex(),
    aantal: 3,
  } satisfies Prisma.AuditOpschoningUncheckedCreateInput;

  const informatieplicht = {
    id: randomUUID(),
    casusId: casus.id,
    betrokkeneId: betrokkene.id,
    moment: 'IN_BEHANDELING',
    ronde: 2,
    workflowId: `informatieplicht-${casus.id}-IN_BEHANDELING-2`,
    status: 'UITGESTELD',
    startdatum: at('2026-02-01T00:00:00.000Z'), // DATE
    deadline: at('2026-03-01T00:00:00.000Z'), // DATE
    hertoetsingOp: at('2026-05-10T00:00:00.000Z'), // DATE
    verstrektOp: at('2026-02-20T00:00:00.000Z'), // DATE
    kanaal: 'BRIEF',
    createdAt: at('2026-02-01T09:00:00.125Z'),
  } satisfies Prisma.InformatieplichtUncheckedCreateInput;
  const informatieplichtHandeling = {
    id: randomUUID(),
    informatieplichtId: informatieplicht.id,
    soort: 'UITSTEL',
    status: 'VASTGESTELD',
    datum: at('2026-02-10T00:00:00.000Z'), // DATE
    kanaal: 'PERSOONLIJK',
    grond: 'UAVG_41_1_B',
    reden: 'Lopend opsporingsonderzoek.',
    verwachteDatum: at('2026-08-01T00:00:00.000Z'), // DATE
    hertoetsingMaanden: 3,
    medewerkerId: medewerker.id,
    deelnemerId: deelnemer.id,
    weigerreden: 'VERKEERDE_FASE',
    createdAt: at('2026-02-10T10:00:00.500Z'),
    vastgesteldOp: at('2026-02-10T10:00:01.000Z'),
  } satisfies Prisma.InformatieplichtHandelingUncheckedCreateInput;
  const datalek = {
    id: randomUUID(),
    nummer: `DL-TEST-${randomUUID()}`,
    ontdektOp: at('2026-03-01T08:15:00.125Z'),
    gemeldOp: at('2026-03-01T09:00:00.000Z'),
    melderMedewerkerId: medewerker.id, // plain references, like the audit log's
    melderDeelnemerId: deelnemer.id,
    omschrijving: 'Lijst met namen verkeerd gemaild (test).',
    aard: ['VERTROUWELIJKHEID', 'INTEGRITEIT'],
    categorieenGegevens: ['BSN', 'BIJZONDER'],
    categorieenBetrokkenen: ['BETROKKENE'],
    geschatAantalBetrokkenen: 12,
    versleuteld: true,
    contactpersoon: 'Servicedesk (test), 030-0000000',
    mogelijkeMaatregelen: 'Ontvanger vragen te verwijderen (test).',
    mogelijkeGevolgen: 'Bekendheid bij derden (test).',
    genomenMaatregelen: 'Ontvanger gebeld (test).',
    casusIds: [casus.id, randomUUID()], // a UUID[] column
    afgeslotenOp: at('2026-03-05T10:00:00.999Z'),
  } satisfies Prisma.DatalekUncheckedCreateInput;
  const datalekBesluit = {
    id: randomUUID(),
    datalekId: datalek.id,
    soort: 'BETROKKENEN',
    status: 'VASTGESTELD',
    gegevens: { informeren: false, uitzondering: 'AVG_34_3_A', motivering: 'Versleuteld.' },
    medewerkerId: medewerker.id,
    deelnemerId: deelnemer.id,
    weigerreden: 'n.v.t.',
    createdAt: at('2026-03-02T09:00:00.000Z'),
    vastgesteldOp: at('2026-03-02T09:00:01.500Z'),
  } satisfies Prisma.DatalekBesluitUncheckedCreateInput;
  const klacht = {
    id: randomUUID(),
    nummer: `KL-TEST-${randomUUID()}`,
    ontvangenOp: at('2026-03-01T00:00:00.000Z'), // a DATE column
    kanaal: 'BRIEF',
    klagerNaam: 'K. Lager (test)',
    klagerAdres: 'Teststraat 1',
    klagerEmail: 'klager@example.nl',
    omschrijving: 'Brief verkeerd bezorgd (test).',
    deelnemerIds: [deelnemer.id],
    casusId: casus.id,
    avgVerzoekId: randomUUID(),
    datalekId: datalek.id,
    deadline: at('2026-04-12T00:00:00.000Z'),
    verdaagd: true,
    oordeel: 'DEELS_GEGROND',
    afgehandeldOp: at('2026-04-01T10:00:00.250Z'),
    ontvangstbevestiging: '<p>Ontvangen (test).</p>',
    medewerkerId: medewerker.id,
    deelnemerId: deelnemer.id,
    createdAt: at('2026-03-01T09:00:00.000Z'),
  } satisfies Prisma.KlachtUncheckedCreateInput;
  const klachtHandeling = {
    id: randomUUID(),
    klachtId: klacht.id,
    soort: 'AFHANDELING',
    status: 'VASTGESTELD',
    gegevens: { oordeel: 'DEELS_GEGROND', bevindingen: 'Test.' },
    document: '<p>Uitkomst (test).</p>',
    medewerkerId: medewerker.id,
    deelnemerId: deelnemer.id,
    weigerreden: 'n.v.t.',
    createdAt: at('2026-04-01T10:00:00.000Z'),
    vastgesteldOp: at('2026-04-01T10:00:00.250Z'),
  } satisfies Prisma.KlachtHandelingUncheckedCreateInput;
  const topxLijst = {
    id: randomUUID(),
    naam: 'Top 24 (test)',
    omschrijving: 'High impact crime (test).',
    aangemaaktDoorMedewerkerId: medewerker.id, // plain references
    aangemaaktDoorDeelnemerId: deelnemer.id,
    createdAt: at('2026-04-01T08:00:00.125Z'),
  } satisfies Prisma.TopxLijstUncheckedCreateInput;
  const topxCriteriaVersie = {
    id: randomUUID(),
    lijstId: topxLijst.id,
    versie: 2,
    criteria: [{ code: 'HIC-3', omschrijving: 'Drie veroordelingen (test)' }],
    toelichting: 'Vastgesteld door de stuurgroep (test).',
    ingangsdatum: at('2026-05-01T00:00:00.000Z'), // DATE
    gepubliceerdOp: at('2026-04-02T09:00:00.500Z'),
    vastgesteldDoorMedewerkerId: medewerker.id,
    vastgesteldDoorDeelnemerId: deelnemer.id,
    createdAt: at('2026-04-01T08:30:00.000Z'),
  } satisfies Prisma.TopxCriteriaVersieUncheckedCreateInput;
  const topxVermelding = {
    id: randomUUID(),
    nummer: `TX-TEST-${randomUUID()}`,
    lijstId: topxLijst.id,
    fase: 'VERWIJDERD',
    criteriaVersieId: topxCriteriaVersie.id,
    voldaneCriteria: ['HIC-3', 'REGIO'], // a TEXT[] column, in order
    toelichting: 'Drie veroordelingen (test).',
    voornamen: 'Piet',
    achternaam: 'de Test',
    geboortedatum: at('1995-03-04T00:00:00.000Z'), // DATE
    bsn: '999990019',
    aangemeldDoorMedewerkerId: medewerker.id,
    aangemeldDoorDeelnemerId: deelnemer.id,
    aangemeldOp: at('2026-05-02T10:00:00.001Z'),
    geplaatstOp: at('2026-05-10T10:00:00.002Z'),
    volgendeReviewOp: at('2026-08-10T00:00:00.000Z'), // DATE
    casusId: randomUUID(), // a plain reference, no foreign key
    verwijderdOp: at('2026-09-01T10:00:00.003Z'),
    verwijderReden: 'CRITERIA_GEWIJZIGD',
  } satisfies Prisma.TopxVermeldingUncheckedCreateInput;
  const topxInformatieverzoek = {
    id: randomUUID(),
    vermeldingId: topxVermelding.id,
    aanDeelnemerId: deelnemer.id,
    doel: 'Toetsing (test).',
    reden: 'Heeft het dossier (test).',
    status: 'GEWEIGERD',
    medewerkerId: medewerker.id,
    deelnemerId: deelnemer.id,
    createdAt: at('2026-05-03T10:00:00.000Z'),
    antwoord: 'Twee veroordelingen (test).',
    beantwoordOp: at('2026-05-04T10:00:00.500Z'),
    beantwoordDoorMedewerkerId: medewerker.id,
  } satisfies Prisma.TopxInformatieverzoekUncheckedCreateInput;
  const topxBesluit = {
    id: randomUUID(),
    vermeldingId: topxVermelding.id,
    soort: 'REVIEW',
    uitkomst: 'VOLDOET_NIET_MEER',
    criteriaVersieId: topxCriteriaVersie.id,
    objectieveCriteria: { 'HIC-3': 'NIET_VOLDAAN' },
    bgsCriteria: { A: { mate: 'VOLDAAN', toelichting: 'x' } },
    motivering: 'Voldoet niet meer (test).',
    status: 'VASTGESTELD',
    medewerkerId: medewerker.id,
    deelnemerId: deelnemer.id,
    weigerreden: 'n.v.t.',
    createdAt: at('2026-09-01T09:00:00.000Z'),
    vastgesteldOp: at('2026-09-01T10:00:00.003Z'),
  } satisfies Prisma.TopxBesluitUncheckedCreateInput;

  afterAll(async () => {
    // Only matters when a test failed half-way; deleteMany tolerates rows that are already gone.
    // Deleting the casus takes its legal hold with it; the explicit delete first keeps the medewerker (Restrict)
    // removable even if the hold was somehow left without its casus.
    await prisma.legalHold.deleteMany({ where: { id: legalHold.id } });
    await prisma.verstrekkingsregistratie.deleteMany({ where: { id: verstrekkingsregistratie.id } });
    await prisma.topxLijst.deleteMany({ where: { id: topxLijst.id } });
    await prisma.avgVerzoek.deleteMany({ where: { id: avgVerzoek.id } });
    await prisma.klacht.deleteMany({ where: { id: klacht.id } });
    await prisma.datalek.deleteMany({ where: { id: datalek.id } });
    await prisma.casus.deleteMany({ where: { id: casus.id } });
    await prisma.koppelingOntvangst.deleteMany({ where: { koppelingId: koppeling.id } });
    await prisma.koppeling.deleteMany({ where: { id: koppeling.id } });
    await prisma.workflowStart.deleteMany({ where: { workflowId: workflowStart.workflowId } });
    await prisma.idempotentVerzoek.deleteMany({ where: { medewerkerId: medewerker.id } });
    await prisma.medewerker.deleteMany({ where: { id: medewerker.id } });
    await prisma.deelnemer.deleteMany({ where: { id: deelnemer.id } });
  });

  test('the test data sets every scalar field of every model', () => {
    const models = runtimeModels(prisma);
    const data: Record<string, object> = {
      Deelnemer: deelnemer,
      Medewerker: medewerker,
      Casus: casus,
      Betrokkene: betrokkene,
      Besluit: besluit,
      CriteriumBeoordeling: criteriumBeoordeling,
      CasusDeelnemer: casusDeelnemer,
      CasusAanwijzing: casusAanwijzing,
      ToezichtOnderzoek: toezichtOnderzoek,
      Verlenging: verlenging,
      Verlengingsakkoord: verlengingsakkoord,
      PlanVanAanpak: planVanAanpak,
      IncidenteleDeelnemer: incidenteleDeelnemer,
      Verstrekking: verstrekking,
      Informatieverzoek: informatieverzoek,
      Gegeven: gegeven,
      LegalHold: legalHold,
      ArchiefOverdracht: archiefOverdracht,
      AvgVerzoek: avgVerzoek,
      AvgVerzoekCasus: avgVerzoekCasus,
      AvgConsultatie: avgConsultatie,
      AvgHandeling: avgHandeling,
      Verstrekkingsregistratie: verstrekkingsregistratie,
      Informatieplicht: informatieplicht,
      InformatieplichtHandeling: informatieplichtHandeling,
      Datalek: datalek,
      DatalekBesluit: datalekBesluit,
      Klacht: klacht,
      KlachtHandeling: klachtHandeling,
      TopxLijst: topxLijst,
      TopxCriteriaVersie: topxCriteriaVersie,
      TopxVermelding: topxVermelding,
      TopxInformatieverzoek: topxInformatieverzoek,
      TopxBesluit: topxBesluit,
      Koppeling: koppeling,
      KoppelingOntvangst: koppelingOntvangst,
      WorkflowStart: workflowStart,
      IdempotentVerzoek: idempotentVerzoek,
      RiecAfstemming: riecAfstemming,
      RiecBericht: riecBericht,
      AuditLog: { id: 'left to the database (autoincrement)', ...auditLog },
      AuditOpschoning: { id: 'left to the database (autoincrement)', ...auditOpschoning },
    };
    for (const model of modelNames) {
      const scalars = (models[model]?.fields ?? [])
        .filter((f) => f.kind !== 'object')
        .map((f) => f.name)
        .sort();
      expect({ model, fields: Object.keys(data[model] ?? {}).sort() }).toEqual({ model, fields: scalars });
    }
  });

  test('create, read back and delete', async () => {
    expect(await prisma.deelnemer.create({ data: deelnemer })).toEqual(deelnemer);
    expect(await prisma.medewerker.create({ data: medewerker })).toEqual(medewerker);
    expect(await prisma.casus.create({ data: casus })).toEqual(casus);
    expect(await prisma.betrokkene.create({ data: betrokkene })).toEqual(betrokkene);
    expect(await prisma.besluit.create({ data: besluit })).toEqual(besluit);
    expect(await prisma.criteriumBeoordeling.create({ data: criteriumBeoordeling })).toEqual(criteriumBeoordeling);
    expect(await prisma.casusDeelnemer.create({ data: casusDeelnemer })).toEqual(casusDeelnemer);
    expect(await prisma.casusAanwijzing.create({ data: casusAanwijzing })).toEqual(casusAanwijzing);
    expect(await prisma.toezichtOnderzoek.create({ data: toezichtOnderzoek })).toEqual(toezichtOnderzoek);
    expect(await prisma.verlenging.create({ data: verlenging })).toEqual(verlenging);
    expect(await prisma.verlengingsakkoord.create({ data: verlengingsakkoord })).toEqual(verlengingsakkoord);
    expect(await prisma.planVanAanpak.create({ data: planVanAanpak })).toEqual(planVanAanpak);
    expect(await prisma.incidenteleDeelnemer.create({ data: incidenteleDeelnemer })).toEqual(incidenteleDeelnemer);
    expect(await prisma.verstrekking.create({ data: verstrekking })).toEqual(verstrekking);
    expect(await prisma.informatieverzoek.create({ data: informatieverzoek })).toEqual(informatieverzoek);
    expect(await prisma.gegeven.create({ data: gegeven })).toEqual(gegeven);
    expect(await prisma.legalHold.create({ data: legalHold })).toEqual(legalHold);
    expect(await prisma.archiefOverdracht.create({ data: archiefOverdracht })).toEqual(archiefOverdracht);
    expect(await prisma.avgVerzoek.create({ data: avgVerzoek })).toEqual(avgVerzoek);
    expect(await prisma.avgVerzoekCasus.create({ data: avgVerzoekCasus })).toEqual(avgVerzoekCasus);
    expect(await prisma.avgConsultatie.create({ data: avgConsultatie })).toEqual(avgConsultatie);
    expect(await prisma.avgHandeling.create({ data: avgHandeling })).toEqual(avgHandeling);
    expect(await prisma.verstrekkingsregistratie.create({ data: verstrekkingsregistratie })).toEqual(
      verstrekkingsregistratie,
    );
    expect(await prisma.informatieplicht.create({ data: informatieplicht })).toEqual(informatieplicht);
    expect(await prisma.informatieplichtHandeling.create({ data: informatieplichtHandeling })).toEqual(
      informatieplichtHandeling,
    );
    expect(await prisma.datalek.create({ data: datalek })).toEqual(datalek);
    expect(await prisma.datalekBesluit.create({ data: datalekBesluit })).toEqual(datalekBesluit);
    expect(await prisma.klacht.create({ data: klacht })).toEqual(klacht);
    expect(await prisma.klachtHandeling.create({ data: klachtHandeling })).toEqual(klachtHandeling);
    expect(await prisma.topxLijst.create({ data: topxLijst })).toEqual(topxLijst);
    expect(await prisma.topxCriteriaVersie.create({ data: topxCriteriaVersie })).toEqual(topxCriteriaVersie);
    expect(await prisma.topxVermelding.create({ data: topxVermelding })).toEqual(topxVermelding);
    expect(await prisma.topxInformatieverzoek.create({ data: topxInformatieverzoek })).toEqual(topxInformatieverzoek);
    expect(await prisma.topxBesluit.create({ data: topxBesluit })).toEqual(topxBesluit);
    expect(await prisma.koppeling.create({ data: koppeling })).toEqual(koppeling);
    expect(await prisma.koppelingOntvangst.create({ data: koppelingOntvangst })).toEqual(koppelingOntvangst);
    expect(await prisma.workflowStart.create({ data: workflowStart })).toEqual(workflowStart);
    expect(await prisma.idempotentVerzoek.create({ data: idempotentVerzoek })).toEqual(idempotentVerzoek);
    expect(await prisma.riecAfstemming.create({ data: riecAfstemming })).toEqual(riecAfstemming);
    expect(await prisma.riecBericht.create({ data: riecBericht })).toEqual(riecBericht);
    class RollBack extends Error {}
    const auditLogRoundTrip = prisma.$transaction(async (tx) => {
      const createdLog = await tx.auditLog.create({ data: auditLog });
      expect(typeof createdLog.id).toBe('bigint');
      expect(await tx.auditLog.findUniqueOrThrow({ where: { id: createdLog.id } })).toEqual({
        id: createdLog.id,
        ...auditLog,
      });
      const opschoning = await tx.auditOpschoning.create({ data: auditOpschoning });
      expect(await tx.auditOpschoning.findUniqueOrThrow({ where: { id: opschoning.id } })).toEqual({
        id: opschoning.id,
        ...auditOpschoning,
      });
      throw new RollBack();
    });
    await expect(auditLogRoundTrip).rejects.toBeInstanceOf(RollBack);

    // Read back through fresh queries, not the create results, so the values really come from the database.
    expect(await prisma.deelnemer.findUniqueOrThrow({ where: { id: deelnemer.id } })).toEqual(deelnemer);
    expect(await prisma.medewerker.findUniqueOrThrow({ where: { id: medewerker.id } })).toEqual(medewerker);
    expect(await prisma.casus.findUniqueOrThrow({ where: { casusnummer: casus.casusnummer } })).toEqual(casus);
    expect(await prisma.betrokkene.findUniqueOrThrow({ where: { id: betrokkene.id } })).toEqual(betrokkene);
    expect(await prisma.besluit.findUniqueOrThrow({ where: { id: besluit.id } })).toEqual(besluit);
    expect(await prisma.criteriumBeoordeling.findUniqueOrThrow({ where: { id: criteriumBeoordeling.id } })).toEqual(
      criteriumBeoordeling,
    );
    expect(
      await prisma.casusDeelnemer.findUniqueOrThrow({
        where: { casusId_deelnemerId: { casusId: casusDeelnemer.casusId, deelnemerId: casusDeelnemer.deelnemerId } },
      }),
    ).toEqual(casusDeelnemer);
    const aanwijzingSleutel = { casusId_medewerkerId: { casusId: casus.id, medewerkerId: medewerker.id } };
    expect(await prisma.casusAanwijzing.findUniqueOrThrow({ where: aanwijzingSleutel })).toEqual(casusAanwijzing);
    expect(await prisma.toezichtOnderzoek.findUniqueOrThrow({ where: { id: toezichtOnderzoek.id } })).toEqual(
      toezichtOnderzoek,
    );
    expect(await prisma.verlenging.findUniqueOrThrow({ where: { besluitId: verlenging.besluitId } })).toEqual(
      verlenging,
    );
    const akkoordSleutel = { casusId_deelnemerId: { casusId: casus.id, deelnemerId: deelnemer.id } };
    expect(await prisma.verlengingsakkoord.findUniqueOrThrow({ where: akkoordSleutel })).toEqual(verlengingsakkoord);
    expect(await prisma.planVanAanpak.findUniqueOrThrow({ where: { besluitId: planVanAanpak.besluitId } })).toEqual(
      planVanAanpak,
    );
    expect(
      await prisma.incidenteleDeelnemer.findUniqueOrThrow({ where: { besluitId: incidenteleDeelnemer.besluitId } }),
    ).toEqual(incidenteleDeelnemer);
    expect(await prisma.verstrekking.findUniqueOrThrow({ where: { id: verstrekking.id } })).toEqual(verstrekking);
    expect(await prisma.informatieverzoek.findUniqueOrThrow({ where: { id: informatieverzoek.id } })).toEqual(
      informatieverzoek,
    );
    expect(await prisma.gegeven.findUniqueOrThrow({ where: { id: gegeven.id } })).toEqual(gegeven);
    expect(await prisma.legalHold.findUniqueOrThrow({ where: { id: legalHold.id } })).toEqual(legalHold);
    expect(await prisma.archiefOverdracht.findUniqueOrThrow({ where: { casusId: archiefOverdracht.casusId } })).toEqual(
      archiefOverdracht,
    );
    expect(await prisma.avgVerzoek.findUniqueOrThrow({ where: { id: avgVerzoek.id } })).toEqual(avgVerzoek);
    expect(
      await prisma.avgVerzoekCasus.findUniqueOrThrow({
        where: {
          verzoekId_casusId_betrokkeneId: { verzoekId: avgVerzoek.id, casusId: casus.id, betrokkeneId: betrokkene.id },
        },
      }),
    ).toEqual(avgVerzoekCasus);
    expect(
      await prisma.avgConsultatie.findUniqueOrThrow({
        where: { verzoekId_deelnemerId: { verzoekId: avgVerzoek.id, deelnemerId: deelnemer.id } },
      }),
    ).toEqual(avgConsultatie);
    expect(await prisma.avgHandeling.findUniqueOrThrow({ where: { id: avgHandeling.id } })).toEqual(avgHandeling);
    expect(
      await prisma.verstrekkingsregistratie.findUniqueOrThrow({ where: { id: verstrekkingsregistratie.id } }),
    ).toEqual(verstrekkingsregistratie);
    expect(await prisma.informatieplicht.findUniqueOrThrow({ where: { id: informatieplicht.id } })).toEqual(
      informatieplicht,
    );
    expect(
      await prisma.informatieplichtHandeling.findUniqueOrThrow({ where: { id: informatieplichtHandeling.id } }),
    ).toEqual(informatieplichtHandeling);
    expect(await prisma.datalek.findUniqueOrThrow({ where: { nummer: datalek.nummer } })).toEqual(datalek);
    expect(await prisma.datalekBesluit.findUniqueOrThrow({ where: { id: datalekBesluit.id } })).toEqual(datalekBesluit);
    expect(await prisma.topxLijst.findUniqueOrThrow({ where: { id: topxLijst.id } })).toEqual(topxLijst);
    expect(await prisma.topxCriteriaVersie.findUniqueOrThrow({ where: { id: topxCriteriaVersie.id } })).toEqual(
      topxCriteriaVersie,
    );
    expect(await prisma.topxVermelding.findUniqueOrThrow({ where: { id: topxVermelding.id } })).toEqual(topxVermelding);
    expect(await prisma.topxInformatieverzoek.findUniqueOrThrow({ where: { id: topxInformatieverzoek.id } })).toEqual(
      topxInformatieverzoek,
    );
    expect(await prisma.topxBesluit.findUniqueOrThrow({ where: { id: topxBesluit.id } })).toEqual(topxBesluit);
    expect(await prisma.koppeling.findUniqueOrThrow({ where: { deelnemerId: deelnemer.id } })).toEqual(koppeling);
    expect(
      await prisma.koppelingOntvangst.findUniqueOrThrow({
        where: {
          koppelingId_idempotencyKey: { koppelingId: koppeling.id, idempotencyKey: koppelingOntvangst.idempotencyKey },
        },
      }),
    ).toEqual(koppelingOntvangst);
    expect(await prisma.workflowStart.findUniqueOrThrow({ where: { workflowId: workflowStart.workflowId } })).toEqual(
      workflowStart,
    );
    expect(
      await prisma.idempotentVerzoek.findUniqueOrThrow({
        where: { medewerkerId_sleutel: { medewerkerId: medewerker.id, sleutel: idempotentVerzoek.sleutel } },
      }),
    ).toEqual(idempotentVerzoek);
    expect(await prisma.riecAfstemming.findUniqueOrThrow({ where: { id: riecAfstemming.id } })).toEqual(riecAfstemming);
    expect(await prisma.riecBericht.findUniqueOrThrow({ where: { id: riecBericht.id } })).toEqual(riecBericht);
    // An afstemming's replies go with it (Cascade).
    await prisma.riecAfstemming.delete({ where: { id: riecAfstemming.id } });
    expect(await prisma.riecBericht.count({ where: { id: riecBericht.id } })).toBe(0);
    await prisma.riecAfstemming.create({ data: riecAfstemming });
    await prisma.riecBericht.create({ data: riecBericht });

    // The relations as the schema declares them: a deelnemer in use cannot go (Restrict) ...
    await expect(prisma.deelnemer.delete({ where: { id: deelnemer.id } })).rejects.toThrow();
    // ... and deleting a casus takes its betrokkenen, besluiten, beoordelingen, selected deelnemers, verlengingen,
    // legal holds and archive receipt with it (Cascade).
    await prisma.casus.delete({ where: { id: casus.id } });
    expect(await prisma.betrokkene.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.besluit.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.criteriumBeoordeling.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.casusDeelnemer.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.casusAanwijzing.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.toezichtOnderzoek.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.verlenging.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.verlengingsakkoord.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.planVanAanpak.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.incidenteleDeelnemer.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.verstrekking.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.informatieverzoek.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.gegeven.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.legalHold.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.archiefOverdracht.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.avgVerzoekCasus.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.riecAfstemming.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.riecBericht.count({ where: { casusId: casus.id } })).toBe(0);
    // An AVG-verzoek outlives no casus link but is deleted on its own; its consultations and actions go with it.
    await prisma.avgVerzoek.delete({ where: { id: avgVerzoek.id } });
    expect(await prisma.avgConsultatie.count({ where: { verzoekId: avgVerzoek.id } })).toBe(0);
    expect(await prisma.avgHandeling.count({ where: { verzoekId: avgVerzoek.id } })).toBe(0);
    expect(await prisma.informatieplicht.count({ where: { casusId: casus.id } })).toBe(0);
    expect(await prisma.informatieplichtHandeling.count({ where: { informatieplichtId: informatieplicht.id } })).toBe(
      0,
    );
    // A datalek refers to casussen by id only: it stays; deleting it takes its decisions with it.
    expect(await prisma.datalek.count({ where: { id: datalek.id } })).toBe(1);
    await prisma.datalek.delete({ where: { id: datalek.id } });
    expect(await prisma.datalekBesluit.count({ where: { datalekId: datalek.id } })).toBe(0);
    // A TopX-lijst refers to its makers by id only; deleting it takes its versions, entries, requests and decisions.
    await prisma.topxLijst.delete({ where: { id: topxLijst.id } });
    expect(await prisma.topxCriteriaVersie.count({ where: { lijstId: topxLijst.id } })).toBe(0);
    expect(await prisma.topxVermelding.count({ where: { lijstId: topxLijst.id } })).toBe(0);
    expect(await prisma.topxInformatieverzoek.count({ where: { vermeldingId: topxVermelding.id } })).toBe(0);
    expect(await prisma.topxBesluit.count({ where: { vermeldingId: topxVermelding.id } })).toBe(0);

    // Wpg/Wjsg records outlive the casus (no cascade): they go at the end of their own 4 years.
    expect(await prisma.verstrekkingsregistratie.count({ where: { id: verstrekkingsregistratie.id } })).toBe(1);
    await prisma.verstrekkingsregistratie.delete({ where: { id: verstrekkingsregistratie.id } });
    // A koppeling keeps its deelnemer (Restrict); its received messages are removed with it only explicitly.
    await expect(prisma.koppeling.delete({ where: { id: koppeling.id } })).rejects.toThrow();
    await prisma.koppelingOntvangst.deleteMany({ where: { koppelingId: koppeling.id } });
    await prisma.koppeling.delete({ where: { id: koppeling.id } });
    // The outbox and the kept answers refer by id only (no foreign keys): they are removed on their own.
    await prisma.workflowStart.delete({ where: { workflowId: workflowStart.workflowId } });
    await prisma.idempotentVerzoek.deleteMany({ where: { medewerkerId: medewerker.id } });
    await prisma.medewerker.delete({ where: { id: medewerker.id } });
    await prisma.deelnemer.delete({ where: { id: deelnemer.id } });
    expect(await prisma.deelnemer.count({ where: { id: deelnemer.id } })).toBe(0);
  });
});

describe('migrator on a fresh database', () => {
  const database = `zvh_migrate_test_${randomUUID().replace(/-/g, '')}`;
  const freshUrl = (() => {
    const u = new URL(url);
    u.pathname = `/${database}`;
    return u.toString();
  })();
  let fresh: Client | undefined;

  beforeAll(async () => {
    await pg.query(`CREATE DATABASE "${database}"`);
  });

  afterAll(async () => {
    await fresh?.end();
    await pg.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  test('applies every migration once to an empty database, even when started twice at the same time', async () => {
    const [first, second] = await Promise.all([migrate(freshUrl), migrate(freshUrl)]);
    // The advisory lock serialises the two runs: one applies everything, the other finds nothing left to do.
    expect([first.applied, second.applied].sort((a, b) => a.length - b.length)).toEqual([[], migrationFolders]);

    fresh = new Client({ connectionString: freshUrl });
    await fresh.connect();
    const { rows } = await fresh.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    expect(rows).toEqual(migrationFolders.map((name) => ({ migration_name: name, checksum: sha256(scriptOf(name)) })));
    // The sequence the application numbers casussen with lives only in the SQL migration.
    expect((await fresh.query(`SELECT nextval('casusnummer_seq') AS nr`)).rows).toEqual([{ nr: '1' }]);
    expect(await migrate(freshUrl)).toEqual({ applied: [] });
  });

  test('accepts the checksum of the same script with other line endings, as Prisma does', async () => {
    const name = migrationFolders[0] ?? '';
    const crlf = sha256(scriptOf(name).replaceAll('\n', '\r\n'));
    await fresh!.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [crlf, name]);
    expect(await migrate(freshUrl)).toEqual({ applied: [] });
    await fresh!.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [
      sha256(scriptOf(name)),
      name,
    ]);
  });

  test('refuses when an applied migration was edited afterwards', async () => {
    const name = migrationFolders[0] ?? '';
    await fresh!.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [name]);
    await expect(migrate(freshUrl)).rejects.toThrow(new RegExp(`modified after they were applied.*${name}`));
    await fresh!.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [
      sha256(scriptOf(name)),
      name,
    ]);
    expect(await migrate(freshUrl)).toEqual({ applied: [] });
  });

  test('refuses while a failed migration is recorded', async () => {
    await fresh!.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, applied_steps_count)
       VALUES ($1, repeat('0', 64), '29991231000000_broken', 'syntax error at or near "x"', 0)`,
      [randomUUID()],
    );
    await expect(migrate(freshUrl)).rejects.toThrow(/failed migrations[\s\S]*29991231000000_broken[\s\S]*syntax error/);
  });
});
