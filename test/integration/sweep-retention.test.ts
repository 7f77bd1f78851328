import { randomBytes, randomUUID } from 'node:crypto';
import { createSweepActivities, KOPPELING_ONTVANGST_DAGEN } from '../../activities/sweep';
import { standaardPolicy } from '../../domain/policy';
import { entryHash, GENESIS_HASH, logAudit, removeExpiredAudit, verifyAuditChain } from '../../infra/audit';
import { scratchDatabase } from '../support/scratch-database';

// The sweep's own terms for what outlives or lacks a casus. Log retention (issue #6; ZVH_AUDITLOG_BEWAARTERMIJN_JAREN):
// expired entries leave the start of the chain through audit_opschonen() only, the removal is recorded, and
// verification starts where it left off; Wpg/Wjsg records go after 4 years; AVG-verzoeken without a casus lose the
// requester's data (ZVH_AVG_VERZOEK_ZONDER_CASUS_MAANDEN). In a scratch database, since it removes entries and the
// shared log belongs to every test file.
jest.setTimeout(60_000);

const db = scratchDatabase('zvh_audit_retentie');
const JAAR = 365.25 * 24 * 3600_000;
const geleden = (jaren: number) => new Date(Date.now() - jaren * JAAR);

/**
 * Appends a chained entry dated in the past, as logAudit would have written it then. Inserting is what the
 * append-only log allows anyone; only the clock of logAudit cannot be turned back.
 */
async function oudeEntry(tijdstip: Date, actie: string): Promise<{ id: string; hash: string }> {
  const { rows } = await db.pg.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const vorigeHash = rows[0]?.hash ?? GENESIS_HASH;
  const velden = {
    tijdstip: tijdstip.toISOString(),
    medewerkerId: null,
    deelnemerId: 'politie',
    actie,
    casusRef: null,
    grondslag: 'WGS 1.8',
    uitkomst: 'TOEGESTAAN',
    detailRef: null,
    vorigeHash,
  };
  const hash = entryHash(velden);
  const {
    rows: [row],
  } = await db.pg.query<{ id: string }>(
    `INSERT INTO audit_log (tijdstip, medewerker_id, deelnemer_id, actie, casus_id, grondslag, uitkomst, detail, zout, casus_ref, detail_ref, vorige_hash, hash)
     VALUES ($1, NULL, 'politie', $2, NULL, 'WGS 1.8', 'TOEGESTAAN', NULL, $3, NULL, NULL, $4, $5) RETURNING id::text AS id`,
    [velden.tijdstip, actie, randomBytes(32).toString('hex'), vorigeHash, hash],
  );
  if (!row) throw new Error('no row');
  return { id: row.id, hash };
}

const nieuweEntry = (actie: string) =>
  logAudit(db.db, {
    medewerkerId: null,
    deelnemerId: 'politie',
    actie,
    casusId: null,
    grondslag: 'WGS 1.8',
    uitkomst: 'TOEGESTAAN',
  });

const acties = async () =>
  (await db.pg.query<{ actie: string }>('SELECT actie FROM audit_log ORDER BY id')).rows.map((r) => r.actie);
const opschoningen = async () =>
  (
    await db.pg.query<{ tot_id: string; tot_hash: string; aantal: number }>(
      'SELECT tot_id::text, tot_hash, aantal FROM audit_opschoning ORDER BY id',
    )
  ).rows;

let laatsteOude: { id: string; hash: string };
let oudAnker: { id: string; hash: string };

test('a chain with entries from years ago verifies whole', async () => {
  await oudeEntry(geleden(9), 'OUD_1');
  oudAnker = await oudeEntry(geleden(8.5), 'OUD_2');
  laatsteOude = await oudeEntry(geleden(7.5), 'OUD_3');
  await oudeEntry(geleden(2), 'TWEE_JAAR');
  await nieuweEntry('NIEUW_1');
  await nieuweEntry('NIEUW_2');
  expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true, count: 6, start: null });
});

test('outside audit_opschonen() nothing is deleted, and inside it nothing younger than a year, whatever the flag says', async () => {
  await expect(db.pg.query(`DELETE FROM audit_log WHERE actie = 'OUD_1'`)).rejects.toThrow(
    'audit_log is append-only: DELETE refused',
  );
  await db.pg.query('BEGIN');
  try {
    await db.pg.query(`SELECT set_config('zvh.audit_opschonen_grens', (now() + interval '1 day')::text, true)`);
    await expect(db.pg.query(`DELETE FROM audit_log WHERE actie = 'NIEUW_1'`)).rejects.toThrow(
      'audit_log is append-only: DELETE refused',
    );
  } finally {
    await db.pg.query('ROLLBACK');
  }
  await expect(removeExpiredAudit(db.db, geleden(0.5))).rejects.toThrow('younger than one year are never removed');
  expect(await acties()).toEqual(['OUD_1', 'OUD_2', 'OUD_3', 'TWEE_JAAR', 'NIEUW_1', 'NIEUW_2']);
  expect(await opschoningen()).toEqual([]);
});

test('the sweep activity removes what is past the policy term, records and logs it, and the rest still verifies', async () => {
  // Wpg 32 / Wjsg 39j records go after their own 4 years (bewarenTot), not before.
  await db.db.deelnemer.create({ data: { id: 'politie', naam: 'Politie (test)', type: 'OVERHEID' } });
  const registratie = (bewarenTot: string) => ({
    id: randomUUID(),
    wet: 'WPG_32' as const,
    verstrekkerDeelnemerId: 'politie',
    verstrektOp: new Date(),
    aanvrager: 'gemeente',
    ontvangers: ['PROCESREGIE'],
    omschrijving: 'POLITIE: BVH',
    doel: 'triage',
    bewarenTot: new Date(`${bewarenTot}T00:00:00Z`),
  });
  const verlopen = registratie('2020-01-01');
  const lopend = registratie('2099-01-01');
  await db.db.verstrekkingsregistratie.createMany({ data: [verlopen, lopend] });

  // A partner's Idempotency-Keys are remembered for KOPPELING_ONTVANGST_DAGEN.
  await db.db.koppeling.create({
    data: {
      id: 'riec-test',
      naam: 'RIEC (test)',
      soort: 'RIEC',
      kanaal: 'HTTPS',
      url: 'https://riec.test',
      sleutel: new Uint8Array(60),
      sleutelId: 'k',
    },
  });
  const ontvangst = (key: string, dagen: number) => ({
    koppelingId: 'riec-test',
    idempotencyKey: key,
    bodyHash: 'a'.repeat(64),
    status: 201,
    antwoord: {},
    createdAt: new Date(Date.now() - dagen * 86_400_000),
  });
  await db.db.koppelingOntvangst.createMany({
    data: [
      ontvangst('oud-bericht', KOPPELING_ONTVANGST_DAGEN + 1),
      ontvangst('recent-bericht', KOPPELING_ONTVANGST_DAGEN - 1),
    ],
  });

  const { ruimLogsOp } = createSweepActivities(db.db, { ...standaardPolicy, auditlogBewaartermijnJaren: 7 });
  expect(await ruimLogsOp(new Date().toISOString())).toEqual({
    auditlog: 3,
    verstrekkingsregistraties: 1,
    koppelingOntvangsten: 1,
  });
  expect(
    (await db.db.koppelingOntvangst.findMany({ select: { idempotencyKey: true } })).map((o) => o.idempotencyKey),
  ).toEqual(['recent-bericht']);
  expect((await db.db.verstrekkingsregistratie.findMany({ select: { id: true } })).map((r) => r.id)).toEqual([
    lopend.id,
  ]);
  expect(await acties()).toEqual(['TWEE_JAAR', 'NIEUW_1', 'NIEUW_2', 'logging.opschonen']);
  expect(await opschoningen()).toEqual([{ tot_id: laatsteOude.id, tot_hash: laatsteOude.hash, aantal: 3 }]);
  const result = await verifyAuditChain(db.db, { batchSize: 2 });
  expect(result).toMatchObject({ ok: true, count: 4, start: { totId: laatsteOude.id, totHash: laatsteOude.hash } });

  // Idempotent: nothing more is due, nothing is recorded or logged.
  expect(await ruimLogsOp(new Date().toISOString())).toEqual({
    auditlog: 0,
    verstrekkingsregistraties: 0,
    koppelingOntvangsten: 0,
  });
  expect(await opschoningen()).toHaveLength(1);
  expect(await acties()).toHaveLength(4);
});

test('the record of removals is append-only, and an anchor from before the cut is reported', async () => {
  await expect(db.pg.query('DELETE FROM audit_opschoning')).rejects.toThrow(
    'audit_opschoning is append-only: DELETE refused',
  );
  await expect(db.pg.query('UPDATE audit_opschoning SET aantal = 0')).rejects.toThrow(
    'audit_opschoning is append-only: UPDATE refused',
  );
  expect(await verifyAuditChain(db.db, { anchor: oudAnker })).toMatchObject({
    ok: false,
    kind: 'removed',
    id: oudAnker.id,
    message: expect.stringContaining("removed by the log's retention"),
  });
  const verified = await verifyAuditChain(db.db);
  if (!verified.ok || !verified.last) throw new Error('expected an intact chain');
  expect(await verifyAuditChain(db.db, { anchor: verified.last })).toMatchObject({ ok: true });
});

test('an entry removed without a recorded removal still breaks the chain', async () => {
  class RollBack extends Error {
    constructor(readonly result: unknown) {
      super('roll back');
    }
  }
  const result = await db.db
    .$transaction(async (tx) => {
      await tx.$executeRawUnsafe('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await tx.$executeRawUnsafe(`DELETE FROM audit_log WHERE actie = 'TWEE_JAAR'`);
      throw new RollBack(await verifyAuditChain(tx));
    })
    .catch((err: unknown) => (err instanceof RollBack ? err.result : Promise.reject(err)));
  expect(result).toMatchObject({
    ok: false,
    kind: 'removed',
    message: expect.stringContaining('the last entry removed by retention'),
  });
});

test('a cut that would take a younger entry with it fails as a whole', async () => {
  // An old-dated entry after young ones (a wrong clock): the prefix up to it holds entries under a year old.
  await oudeEntry(geleden(8), 'OUD_NA_NIEUW');
  await expect(removeExpiredAudit(db.db, geleden(7))).rejects.toThrow('audit_log is append-only: DELETE refused');
  expect(await acties()).toEqual(['TWEE_JAAR', 'NIEUW_1', 'NIEUW_2', 'logging.opschonen', 'OUD_NA_NIEUW']);
  expect(await opschoningen()).toHaveLength(1);
});

test("an ended AVG-verzoek that concerns no casus loses the requester's data after the policy term, not before", async () => {
  const verzoek = (nummer: string, afgerondOp: Date | null, fase: 'AFGEHANDELD' | 'IN_BEHANDELING') => ({
    id: randomUUID(),
    verzoeknummer: nummer,
    soort: 'INZAGE' as const,
    fase,
    ontvangenOp: new Date('2025-01-02T00:00:00Z'),
    deadline: new Date('2025-02-02T00:00:00Z'),
    voornamen: 'Piet',
    achternaam: 'Verzoeker',
    bsn: '111222333',
    adres: 'Dorpsstraat 1',
    identiteitMethode: 'BALIE_IDENTITEITSBEWIJS',
    identiteitGeverifieerdOp: new Date('2025-01-02T00:00:00Z'),
    toelichting: 'Welke gegevens hebt u?',
    medewerkerId: randomUUID(),
    deelnemerId: 'politie',
    afgerondOp,
  });
  const oud = verzoek('AVG-T-1', geleden(13 / 12), 'AFGEHANDELD');
  const recent = verzoek('AVG-T-2', geleden(1 / 12), 'AFGEHANDELD');
  const lopend = verzoek('AVG-T-3', null, 'IN_BEHANDELING');
  await db.db.avgVerzoek.createMany({ data: [oud, recent, lopend] });

  const { wisOudeAvgVerzoeken } = createSweepActivities(db.db, standaardPolicy);
  expect(await wisOudeAvgVerzoeken(new Date().toISOString())).toEqual({ gewist: 1 });
  const na = await db.db.avgVerzoek.findMany({
    orderBy: { verzoeknummer: 'asc' },
    select: { verzoeknummer: true, achternaam: true, bsn: true, adres: true, geanonimiseerdOp: true },
  });
  expect(na).toEqual([
    { verzoeknummer: 'AVG-T-1', achternaam: null, bsn: null, adres: null, geanonimiseerdOp: expect.any(Date) },
    {
      verzoeknummer: 'AVG-T-2',
      achternaam: 'Verzoeker',
      bsn: '111222333',
      adres: 'Dorpsstraat 1',
      geanonimiseerdOp: null,
    },
    {
      verzoeknummer: 'AVG-T-3',
      achternaam: 'Verzoeker',
      bsn: '111222333',
      adres: 'Dorpsstraat 1',
      geanonimiseerdOp: null,
    },
  ]);
  expect(await wisOudeAvgVerzoeken(new Date().toISOString())).toEqual({ gewist: 0 });
  expect(await db.db.auditLog.count({ where: { actie: 'avgverzoek.bewaartermijn' } })).toBe(1);
});
