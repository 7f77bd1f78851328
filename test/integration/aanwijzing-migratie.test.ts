// The migration that brings the access set per medewerker (issue 14 item 1) backfills the designations of existing
// casussen from what is recorded, so that nobody who worked on a casus loses it. Applied here to a scratch database
// that holds the migrations before it and a casus as the system recorded it then.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { logAudit } from '../../infra/audit';
import { scratchDatabase } from '../support/scratch-database';

jest.setTimeout(60_000);

const MIGRATIE = '20261203400000_casus_aanwijzing';
const map = path.resolve(__dirname, '..', '..', 'prisma', 'migrations');
const sql = (folder: string) => readFileSync(path.join(map, folder, 'migration.sql'), 'utf8');

describe(`migration ${MIGRATIE}`, () => {
  const scratch = scratchDatabase('aanwijzing', { migrated: false });

  test('designates the registering medewerker and who of a deelnemer in the casus decided in or read it', async () => {
    const { pg, db } = scratch;
    const eerdere = readdirSync(map, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name < MIGRATIE).map((e) => e.name).sort();
    for (const folder of eerdere) await pg.query(sql(folder));

    const deelnemers = ['aanmelder', 'geselecteerd', 'regie', 'leverancier'];
    for (const d of deelnemers) await pg.query(`INSERT INTO deelnemer (id, naam, type) VALUES ($1, $1, 'OVERHEID')`, [d]);
    const van = { registrerend: 'aanmelder', collega: 'aanmelder', geselecteerd: 'geselecteerd', stil: 'geselecteerd', regie: 'regie', leverancier: 'leverancier' };
    const m = { registrerend: randomUUID(), collega: randomUUID(), geselecteerd: randomUUID(), stil: randomUUID(), regie: randomUUID(), leverancier: randomUUID() };
    for (const naam of Object.keys(van) as Array<keyof typeof van>) {
      await pg.query(`INSERT INTO medewerker (id, deelnemer_id, naam) VALUES ($1, $2, $3)`, [m[naam], van[naam], naam]);
    }
    const casus = randomUUID();
    await pg.query(
      `INSERT INTO casus (id, casusnummer, fase, aanmelder_deelnemer_id, aanmelder_medewerker_id, aanmeld_datum, updated_at)
       VALUES ($1, $2, 'CASUSOVERLEG', 'aanmelder', $3, now(), now())`,
      [casus, `TEST-${casus}`, m.registrerend],
    );
    const besluit = async (medewerker: string, deelnemer: string, soort: string) => {
      const id = randomUUID();
      await pg.query(`INSERT INTO besluit (id, casus_id, soort, uitkomst, status, medewerker_id, deelnemer_id) VALUES ($1, $2, $3, 'X', 'VASTGESTELD', $4, $5)`, [id, casus, soort, medewerker, deelnemer]);
      return id;
    };
    const selectie = await besluit(m.collega, 'aanmelder', 'SELECTIE');
    await pg.query(`INSERT INTO casus_deelnemer (casus_id, deelnemer_id, besluit_id) VALUES ($1, 'geselecteerd', $2)`, [casus, selectie]);
    const plan = await besluit(m.geselecteerd, 'geselecteerd', 'PLAN_VAN_AANPAK');
    await pg.query(
      `INSERT INTO plan_van_aanpak (besluit_id, casus_id, toestandsbeeld, interventies, casusregisseur_deelnemer_id, afschalingscriteria)
       VALUES ($1, $2, 'beeld', '[]', 'regie', 'criteria')`,
      [plan, casus],
    );
    // Readers through the audit log: the casusregisseur's medewerker, and a provider (which needs no designation).
    for (const [medewerkerId, deelnemerId] of [[m.regie, 'regie'], [m.leverancier, 'leverancier']] as const) {
      await logAudit(db, { medewerkerId, deelnemerId, actie: 'casus.raadplegen', casusId: casus, grondslag: 'test', uitkomst: 'TOEGESTAAN' });
    }
    await logAudit(db, { medewerkerId: m.stil, deelnemerId: 'geselecteerd', actie: 'casus.raadplegen', casusId: casus, grondslag: 'test', uitkomst: 'GEWEIGERD' });

    await pg.query(sql(MIGRATIE));
    const { rows } = await pg.query<{ medewerker_id: string; ingetrokken_op: Date | null }>(`SELECT medewerker_id, ingetrokken_op FROM casus_aanwijzing WHERE casus_id = $1`, [casus]);
    expect(rows.map((r) => r.medewerker_id).sort()).toEqual([m.registrerend, m.collega, m.geselecteerd, m.regie].sort());
    expect(rows.every((r) => r.ingetrokken_op === null)).toBe(true);
  });
});
