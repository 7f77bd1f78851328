import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { dutchDayStart } from '../../infra/calendar';
import { isoDate } from '../../domain/dates';
import type { Db } from '../../infra/db';
import { casusStatus, casusWorkflowId } from '../../workflows/casus';
import { createMedewerker, requireEnv, tokenFor } from '../support/fixtures';
import { expectMdtoGeldig, leesPakketMap } from '../support/mdto';
import { stackClients } from '../support/stack-clients';
import { expectProblem } from '../support/problem';

// Legacy import (SPEC §5) over HTTP on the running stack: the five worked examples through the import's calculation,
// and real imports whose workflow takes the casus on from its historic dates (today is after example 4's
// archiefdatum and within example 1's term, so both are imported for real; the others lie partly in the future).
jest.setTimeout(60_000);
let api: string;
const stack = stackClients(); // Prisma and Temporal (with the stack's payload key) on the test stack
let db: Db;
let temporal: Client;
let beheerder: string;
let aanmelder: { medewerkerId: string; deelnemerId: string };

beforeAll(async () => {
  api = requireEnv('ZVH_TEST_API_URL');
  ({ db, temporal } = stack);
  aanmelder = await createMedewerker(db, 'OVERHEID');
  beheerder = await tokenFor(await createMedewerker(db, 'OVERHEID'), ['systeembeheerder']);
});

let volgnummer = 0;
const importeer = (body: Record<string, unknown>, { proef = false, token = beheerder } = {}) =>
  fetch(`${api}/v1/casussen/import${proef ? '?proef=true' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      casusnummer: `OUD-${Date.now()}-${++volgnummer}`,
      aanmelderDeelnemerId: aanmelder.deelnemerId,
      betrokkenen: [{ rol: 'BETROKKENE', achternaam: 'Importtest', bsn: '111222333' }],
      ...body,
    }),
  });

const verlenging = (datum: string) => ({
  datum,
  situatie: 'OPEN_CRITERIA_GELDEN_NOG',
  akkoordVan: [aanmelder.deelnemerId],
});

const voorbeelden: Array<
  [number, { aanmelddatum: string; afsluitdatum: string; verlengingen?: string[] }, string, string]
> = [
  [1, { aanmelddatum: '2025-06-05', afsluitdatum: '2025-12-23' }, '2026-12-23', 'AFSLUITING_PLUS_TERMIJN'],
  [2, { aanmelddatum: '2025-06-05', afsluitdatum: '2030-06-05' }, '2030-06-05', 'MAXIMUM'],
  [3, { aanmelddatum: '2025-06-05', afsluitdatum: '2030-01-05' }, '2030-06-05', 'MAXIMUM'],
  [4, { aanmelddatum: '2024-03-03', afsluitdatum: '2024-12-01' }, '2025-12-01', 'AFSLUITING_PLUS_TERMIJN'],
  [
    5,
    { aanmelddatum: '2025-06-05', afsluitdatum: '2031-02-23', verlengingen: ['2030-06-05'] },
    '2032-02-23',
    'AFSLUITING_PLUS_TERMIJN',
  ],
];

test.each(voorbeelden)(
  'SPEC §5 example %i through the import calculation (?proef=true, nothing stored)',
  async (nr, { verlengingen = [], ...datums }, archiefdatum, grond) => {
    const casusnummer = `OUD-PROEF-${Date.now()}-${nr}`;
    const res = await importeer(
      { casusnummer, ...datums, verlengingen: verlengingen.map(verlenging) },
      { proef: true },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      proef: true,
      fase: 'AFGESCHAALD',
      bewaartermijn: expect.objectContaining({ archiefdatum, grond, voorlopig: false }),
    });
    expect(await db.casus.count({ where: { casusnummer } })).toBe(0);
  },
);

async function wachtOp<T>(lees: () => Promise<T>, klaar: (t: T) => boolean): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const t = await lees();
    if (klaar(t)) return t;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`never reached: ${JSON.stringify(await lees())}`);
}

test('example 4, closed before the WGS: imported with archiefdatum 2025-12-01, then archived and anonymised at once', async () => {
  const res = await importeer({
    aanmelddatum: '2024-03-03',
    afsluitdatum: '2024-12-01',
    wettelijkeTaak: 'Jeugdwet art. 2.3',
  });
  expect(res.status).toBe(201);
  const casus = (await res.json()) as { id: string; archiefDatum: string; bewaartermijn: { archiefdatum: string } };
  expect(casus).toMatchObject({ archiefDatum: '2025-12-01', bewaartermijn: { archiefdatum: '2025-12-01' } });
  const eind = await wachtOp(
    () =>
      db.casus.findUniqueOrThrow({ where: { id: casus.id }, include: { betrokkenen: true, archiefOverdracht: true } }),
    (c) => c.fase === 'GEANONIMISEERD',
  );
  expect(eind.archiefOverdracht).not.toBeNull();
  await expectMdtoGeldig(leesPakketMap(join(requireEnv('ZVH_TEST_ARCHIEF_DIR'), eind.archiefOverdracht!.locatie)));
  expect(eind.betrokkenen.map((b) => [b.achternaam, b.bsn])).toEqual([[null, null]]);
  expect(await temporal.workflow.getHandle(casusWorkflowId(casus.id)).result()).toMatchObject({
    fase: 'GEANONIMISEERD',
  });
});

// The year after the afsluiting stays open for a heropening on terugval (ZVH_AFGESCHAALD_MAANDEN, default 12, capped by
// the archiefdatum): the imported casus is afgeschaald (only its admin set visible) until it is archived.
test('example 1: closed a year before its archiefdatum, the imported casus stays afgeschaald until it is archived', async () => {
  const res = await importeer({ aanmelddatum: '2025-06-05', afsluitdatum: '2025-12-23' });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const handle = temporal.workflow.getHandle(casusWorkflowId(id));
  const status = await wachtOp(
    () => handle.query(casusStatus),
    (s) => s.fase === 'AFGESCHAALD' && s.volgendeStap === 'ARCHIVEREN',
  );
  expect(status).toMatchObject({
    volgendeStap: 'ARCHIVEREN',
    // Archiefdatum 2026-12-23 is the last day; archiving follows the day after (003: "anonimiseren na").
    volgendeDeadline: dutchDayStart(isoDate('2026-12-24')).toISOString(),
  });
  const casus = await db.casus.findUniqueOrThrow({ where: { id }, include: { besluiten: true } });
  expect(casus.besluiten.map((b) => [b.soort, b.status])).toEqual([['AFSLUITING', 'VASTGESTELD']]);
  await handle.terminate('test done'); // the dev server's clock is real: it would wait until 2026-12-23
});

test('a rejected aanmelding and an open casus with a verlenging are imported in their phase', async () => {
  const afgewezen = await importeer({ aanmelddatum: '2026-01-10', afgewezen: true });
  expect(afgewezen.status).toBe(201);
  expect(await afgewezen.json()).toMatchObject({ fase: 'NIET_IN_BEHANDELING', archiefDatum: '2027-01-10' });
  const open = await importeer({ aanmelddatum: '2021-12-01', verlengingen: [verlenging('2026-06-01')] });
  expect(open.status).toBe(201);
  const body = (await open.json()) as { id: string };
  expect(body).toMatchObject({
    fase: 'CASUSOVERLEG',
    archiefDatum: '2028-06-01',
    verlengingen: [{ datum: '2026-06-01', situatie: 'OPEN_CRITERIA_GELDEN_NOG' }],
  });
  for (const r of [afgewezen, open]) expect(r.headers.get('location')).toMatch(/^\/v1\/casussen\//);
  await temporal.workflow.getHandle(casusWorkflowId(body.id)).terminate('test done');
});

test('refusals: not the systeembeheerder, inconsistent or future dates, unknown deelnemer, a casusnummer twice', async () => {
  const gewone = await tokenFor(aanmelder);
  await expectProblem(await importeer({ aanmelddatum: '2025-06-05' }, { token: gewone }), 403, 'niet-bevoegd');
  const fout = await expectProblem(
    await importeer({ aanmelddatum: '2025-06-05', afsluitdatum: '2025-01-01' }),
    400,
    'ongeldige-invoer',
  );
  expect(JSON.stringify(fout)).toContain('AFSLUITING_BEFORE_AANMELDING');
  const toekomst = await expectProblem(
    await importeer({ aanmelddatum: '2025-06-05', afsluitdatum: '2030-01-05' }),
    400,
    'ongeldige-invoer',
  );
  expect(toekomst['invalid-params']).toEqual([{ name: 'afsluitdatum', reason: 'ligt in de toekomst' }]);
  await expectProblem(
    await importeer({ aanmelddatum: '2025-06-05', aanmelderDeelnemerId: 'bestaat-niet' }),
    422,
    'onbekende-deelnemer',
  );
  await expectProblem(
    await importeer({ aanmelddatum: '2025-06-05', afgewezen: true, afsluitdatum: '2025-07-01' }),
    400,
    'ongeldige-invoer',
  );
  const casusnummer = `OUD-DUBBEL-${Date.now()}`;
  const eerste = await importeer({ casusnummer, aanmelddatum: '2025-06-05' });
  expect(eerste.status).toBe(201);
  await expectProblem(await importeer({ casusnummer, aanmelddatum: '2025-06-05' }), 409, 'bestaat-al');
  await temporal.workflow
    .getHandle(casusWorkflowId(((await eerste.json()) as { id: string }).id))
    .terminate('test done');
});
