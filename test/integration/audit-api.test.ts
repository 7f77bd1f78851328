// GET /auditlog over HTTP against the running API: only the FG reads the verplichte logging, with filters, paging and
// a CSV export, and every read and refused attempt lands in the log itself. Other test files append to the same log
// at the same time, so every assertion filters on a medewerker or casus created here.
import { randomUUID } from 'node:crypto';
import { AUDITLOG_ACTIE, AUDITLOG_CSV_KOLOMMEN } from '../../api/audit-routes';
import { logAudit } from '../../infra/audit';
import { createDb, type Db } from '../../infra/db';
import { createMedewerker, requireEnv, tokenFor } from '../support/fixtures';
import { expectProblem as problem } from '../support/problem';

type Medewerker = { medewerkerId: string; deelnemerId: string };
type Item = Record<(typeof AUDITLOG_CSV_KOLOMMEN)[number], unknown>;
type Pagina = { items: Item[]; volgende: string | null };

let api: string;
let db: Db;
let fg: Medewerker;
let gewoon: Medewerker;
let subject: Medewerker;
let fgToken: string;
const casusId = randomUUID();
const andereCasusId = randomUUID();
const actie = `TEST_AUDITAPI_${randomUUID().slice(0, 8).toUpperCase()}`;
// A detail that needs CSV quoting (comma, quote, line break) and one a spreadsheet would take for a formula.
const lastigeDetail = { notitie: 'a, "b"\r\nc', formule: '=1+1', getal: -1 };

beforeAll(async () => {
  api = requireEnv('ZVH_TEST_API_URL');
  db = createDb(requireEnv('DATABASE_URL'));
  fg = await createMedewerker(db, 'OVERHEID');
  gewoon = await createMedewerker(db, 'OVERHEID');
  subject = await createMedewerker(db, 'PRIVAAT');
  fgToken = await tokenFor(fg, ['fg']);
  // Five entries by one fresh medewerker: four on our casus (two refused), one on another casus.
  const entry = (over: Partial<Parameters<typeof logAudit>[1]>) =>
    logAudit(db, {
      medewerkerId: subject.medewerkerId,
      deelnemerId: subject.deelnemerId,
      actie,
      casusId,
      grondslag: 'WGS 2.31',
      uitkomst: 'TOEGESTAAN',
      ...over,
    });
  await entry({ detail: { stap: 1 } });
  await entry({ uitkomst: 'GEWEIGERD', detail: { code: 'NIET_BEVOEGD' } });
  await entry({ detail: lastigeDetail });
  await entry({ casusId: andereCasusId });
  await entry({ uitkomst: 'GEWEIGERD' });
});

afterAll(async () => {
  await db?.$disconnect();
});

const get = async (query: string, token: string | null = fgToken, headers: Record<string, string> = {}) =>
  fetch(`${api}/v1/auditlog${query}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });

async function json(query: string): Promise<Pagina> {
  const res = await get(query);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as Pagina;
}

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields with "" for a quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
    i += 1;
  }
  expect(field).toBe(''); // the last record ends with CRLF too
  expect(quoted).toBe(false);
  return rows;
}

test('the FG reads the entries of a medewerker, in chain order, with what an auditor needs and no more', async () => {
  const { items, volgende } = await json(`?medewerkerId=${subject.medewerkerId}`);
  expect(volgende).toBeNull();
  expect(items).toHaveLength(5);
  expect(items.map((i) => BigInt(i.id as string))).toEqual(
    [...items.map((i) => BigInt(i.id as string))].sort((a, b) => (a < b ? -1 : 1)),
  );
  for (const item of items) {
    expect(Object.keys(item).sort()).toEqual([...AUDITLOG_CSV_KOLOMMEN].sort()); // no zout, casusRef, detailRef
    expect(item).toMatchObject({
      medewerkerId: subject.medewerkerId,
      deelnemerId: subject.deelnemerId,
      actie,
      grondslag: 'WGS 2.31',
      casusPseudoniem: null,
    });
    expect(item.id).toMatch(/^\d+$/); // BigInt ids as strings
    expect(item.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(item.vorigeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(item.tijdstip as string).toISOString()).toBe(item.tijdstip);
  }
  expect(items.map((i) => [i.casusId, i.uitkomst])).toEqual([
    [casusId, 'TOEGESTAAN'],
    [casusId, 'GEWEIGERD'],
    [casusId, 'TOEGESTAAN'],
    [andereCasusId, 'TOEGESTAAN'],
    [casusId, 'GEWEIGERD'],
  ]);
  expect(items[2]?.detail).toEqual(lastigeDetail);
  expect(items[3]?.detail).toBeNull();
  // The hash of each entry is the vorige hash of an entry after it (the chain the FG can anchor).
  const [anker] = (
    await db.auditLog.findMany({ where: { vorigeHash: items[0]?.hash as string }, select: { id: true } })
  ).map((r) => r.id.toString());
  expect(BigInt(anker as string)).toBeGreaterThan(BigInt(items[0]?.id as string));
});

test('filters combine: casus, outcome, actie, deelnemer and a time window', async () => {
  const alle = (await json(`?medewerkerId=${subject.medewerkerId}`)).items;
  expect((await json(`?casusId=${casusId}`)).items.map((i) => i.id)).toEqual(
    alle.filter((i) => i.casusId === casusId).map((i) => i.id),
  );
  expect((await json(`?casusId=${casusId}&uitkomst=GEWEIGERD`)).items.map((i) => i.id)).toEqual([
    alle[1]?.id,
    alle[4]?.id,
  ]);
  expect((await json(`?actie=${actie}&deelnemerId=${subject.deelnemerId}`)).items.map((i) => i.id)).toEqual(
    alle.map((i) => i.id),
  );
  expect((await json(`?actie=${actie}&casusId=${andereCasusId}`)).items.map((i) => i.id)).toEqual([alle[3]?.id]);
  expect((await json(`?casusId=${randomUUID()}`)).items).toEqual([]);

  // van is inclusive, tot exclusive; entries of one millisecond share their tijdstip, so compare by time.
  const van = alle[2]?.tijdstip as string;
  const tot = alle[4]?.tijdstip as string;
  const venster = (
    await json(`?medewerkerId=${subject.medewerkerId}&van=${encodeURIComponent(van)}&tot=${encodeURIComponent(tot)}`)
  ).items;
  expect(venster.map((i) => i.id)).toEqual(
    alle.filter((i) => (i.tijdstip as string) >= van && (i.tijdstip as string) < tot).map((i) => i.id),
  );
  expect(venster.length).toBeGreaterThanOrEqual(1);
  // An offset instead of Z means the same instant.
  const metOffset = new Date(Date.parse(van) + 2 * 3600_000).toISOString().replace('Z', '+02:00');
  expect(
    (await json(`?medewerkerId=${subject.medewerkerId}&van=${encodeURIComponent(metOffset)}`)).items.map((i) => i.id),
  ).toEqual(alle.filter((i) => (i.tijdstip as string) >= van).map((i) => i.id));
});

test('pages follow the id cursor until volgende is null, with a Link to the next page', async () => {
  const alle = (await json(`?medewerkerId=${subject.medewerkerId}`)).items.map((i) => i.id);
  const gezien: unknown[] = [];
  let query = `?medewerkerId=${subject.medewerkerId}&limiet=2`;
  for (let pagina = 0; pagina < 5; pagina += 1) {
    const res = await get(query);
    const { items, volgende } = (await res.json()) as Pagina;
    expect(items.length).toBeLessThanOrEqual(2);
    gezien.push(...items.map((i) => i.id));
    if (volgende === null) {
      expect(res.headers.get('link')).toBeNull();
      break;
    }
    expect(volgende).toBe(items.at(-1)?.id);
    const link = /^<([^>]+)>; rel="next"$/.exec(res.headers.get('link') ?? '')?.[1];
    expect(link).toBeDefined();
    expect(new URL(link as string, api).searchParams.get('na')).toBe(volgende);
    query = `?medewerkerId=${subject.medewerkerId}&limiet=2&na=${volgende}`;
  }
  expect(gezien).toEqual(alle);
});

test('CSV: a header row and one properly quoted record per entry, by Accept header or ?formaat=csv', async () => {
  const { items } = await json(`?medewerkerId=${subject.medewerkerId}`);
  for (const res of [
    await get(`?medewerkerId=${subject.medewerkerId}`, fgToken, { accept: 'text/csv' }),
    await get(`?medewerkerId=${subject.medewerkerId}&formaat=csv`),
  ]) {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?auditlog\.csv"?$/);
    const [header, ...records] = parseCsv(await res.text());
    expect(header).toEqual([...AUDITLOG_CSV_KOLOMMEN]);
    expect(records).toHaveLength(items.length);
    records.forEach((record, n) => {
      const item = items[n] as Item;
      expect(record).toHaveLength(AUDITLOG_CSV_KOLOMMEN.length);
      AUDITLOG_CSV_KOLOMMEN.forEach((kolom, k) => {
        const value = record[k];
        if (kolom === 'detail') expect(value === '' ? null : JSON.parse(value as string)).toEqual(item.detail);
        else expect(value).toBe(item[kolom] === null ? '' : item[kolom]);
      });
    });
  }
  // formaat=json wins over the Accept header.
  const res = await get(`?medewerkerId=${subject.medewerkerId}&formaat=json`, fgToken, { accept: 'text/csv' });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
});

test('every read of the log is logged, with its filters and the casus it concerned', async () => {
  const lezer = await createMedewerker(db, 'OVERHEID');
  const res = await get(`?casusId=${casusId}&uitkomst=GEWEIGERD&limiet=7`, await tokenFor(lezer, ['fg']));
  expect(res.status).toBe(200);
  const gelogd = await db.auditLog.findMany({ where: { medewerkerId: lezer.medewerkerId } });
  expect(gelogd).toHaveLength(1);
  expect(gelogd[0]).toMatchObject({
    deelnemerId: lezer.deelnemerId,
    actie: AUDITLOG_ACTIE,
    casusId,
    grondslag: 'WGS 1.8; Prot. Bijv. 3',
    uitkomst: 'TOEGESTAAN',
    detail: { filters: { uitkomst: 'GEWEIGERD', limiet: 7 }, formaat: 'json', aantal: 2 },
  });
});

test('anyone but the FG is refused with 403, and the refusal is logged', async () => {
  for (const rollen of [[], ['operator'], ['procesregisseur', 'systeembeheerder']] as const) {
    const m = await createMedewerker(db, 'OVERHEID');
    const body = await problem(await get(`?casusId=${casusId}`, await tokenFor(m, [...rollen])), 403, 'niet-bevoegd');
    expect(JSON.stringify(body)).not.toContain(subject.medewerkerId);
    const gelogd = await db.auditLog.findMany({ where: { medewerkerId: m.medewerkerId } });
    expect(gelogd).toHaveLength(1);
    expect(gelogd[0]).toMatchObject({
      deelnemerId: m.deelnemerId,
      actie: AUDITLOG_ACTIE,
      uitkomst: 'GEWEIGERD',
      grondslag: 'WGS 1.8; Prot. Bijv. 3',
    });
  }
  // A refusal comes before validation: a non-FG learns nothing about the parameters either.
  await problem(await get('?onbekend=1', await tokenFor(gewoon)), 403, 'niet-bevoegd');
});

test('without a valid token: 401', async () => {
  await problem(await get(`?casusId=${casusId}`, null), 401, 'niet-geauthenticeerd');
  await problem(await get(`?casusId=${casusId}`, 'not.a.jwt'), 401, 'niet-geauthenticeerd');
});

test('bad or unknown query parameters: 400 problem naming them', async () => {
  const bad: Array<[string, string]> = [
    ['?onbekend=1', ''],
    ['?medewerker=' + subject.medewerkerId, ''], // a typo must not silently return everything
    ['?limiet=1001', 'limiet'],
    ['?limiet=0', 'limiet'],
    ['?limiet=twee', 'limiet'],
    ['?van=gisteren', 'van'],
    ['?tot=2026-13-01T00:00:00Z', 'tot'],
    ['?van=2026-02-01T00:00:00Z&tot=2026-01-01T00:00:00Z', 'tot'],
    ['?uitkomst=MISSCHIEN', 'uitkomst'],
    ['?casusId=123', 'casusId'],
    ['?na=-1', 'na'],
    ['?na=99999999999999999999', 'na'],
    [`?casusId=${casusId}&casusId=${andereCasusId}`, 'casusId'],
    ['?formaat=xml', 'formaat'],
  ];
  for (const [query, pad] of bad) {
    const body = await problem(await get(query), 400, 'ongeldige-invoer');
    const fouten = body['invalid-params'] as Array<{ name: string; reason: string }>;
    expect(fouten.map((f) => f.name)).toContain(pad);
  }
});
