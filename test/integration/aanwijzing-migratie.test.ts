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
    const eerdere = readdirSync(map, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name < MIGRATIE)
      .map((e) => e.name)
      .sort();
    for (const folder of eerdere) await pg.query(sql(folder));

    for (const d of ['aanmelder', 'geselecteerd', 'regie', 'leverancier']) {
      await pg.query(`INSERT INTO deelnemer (id, naam, type) VALUES ($1, $1, 'OVERHEID')`, [d]);
    }
    const van = {
      registrerend: 'aanmelder',
      collega: 'aanmelder',
      geselecteerd: 'geselecteerd',
      stil: 'geselecteerd',
      regie: 'regie',
      leverancier: 'leverancier',
    };
    const namen = Object.keys(van) as Array<keyof typeof van>;
    const m = Object.fromEntries(namen.map((naam) => [naam, randomUUID()])) as Record<keyof typeof van, string>;
    for (const naam of namen) {
      const waarden = [m[naam], van[naam], naam];
      await pg.query(`INSERT INTO medewerker (id, deelnemer_id, naam) VALUES ($1, $2, $3)`, waarden);
    }
    const casus = randomUUID();
    await pg.query(
      `INSERT INTO casus
         (id, casusnummer, fase, aanmelder_deelnemer_id, aanmelder_medewerker_id, aanmeld_datum, updated_at)
       VALUES ($1, $2, 'CASUSOVERLEG', 'aanmelder', $3, now(), now())`,
      [casus, `TEST-${casus}`, m.registrerend],
    );
    const besluit = async (medewerker: string, deelnemer: string, soort: string) => {
      const id = randomUUID();
      await pg.query(
        `INSERT INTO besluit (id, casus_id, soort, uitkomst, status, medewerker_id, deelnemer_id)
         VALUES ($1, $2, $3, 'X', 'VASTGESTELD', $4, $5)`,
        [id, casus, soort, medewerker, deelnemer],
      );
      return id;
    };
    const selectie = await besluit(m.collega, 'aanmelder', 'SELECTIE');
    await pg.query(`INSERT INTO casus_deelnemer (casus_id, deelnemer_id, besluit_id) VALUES ($1, 'geselecteerd', $2)`, [
      casus,
      selectie,
    ]);
    const plan = await besluit(m.geselecteerd, 'geselecteerd', 'PLAN_VAN_AANPAK');
    await pg.query(
      `INSERT INTO plan_van_aanpak
         (besluit_id, casus_id, toestandsbeeld, interventies, casusregisseur_deelnemer_id, afschalingscriteria)
       VALUES ($1, $2, 'beeld', '[]', 'regie', 'criteria')`,
      [plan, casus],
    );
    // Readers in the audit log: the casusregisseur's medewerker, a provider (who needs no designation), and a refusal.
    const lezers = [
      [m.regie, 'regie', 'TOEGESTAAN'],
      [m.leverancier, 'leverancier', 'TOEGESTAAN'],
      [m.stil, 'geselecteerd', 'GEWEIGERD'],
    ] as const;
    for (const [medewerkerId, deelnemerId, uitkomst] of lezers) {
      const actie = 'casus.raadplegen';
      await logAudit(db, { medewerkerId, deelnemerId, actie, casusId: casus, grondslag: 'test', uitkomst });
    }

    await pg.query(sql(MIGRATIE));
    const { rows } = await pg.query<{ medewerker_id: string; ingetrokken_op: Date | null }>(
      `SELECT medewerker_id, ingetrokken_op FROM casus_aanwijzing WHERE casus_id = $1`,
      [casus],
    );
    const verwacht = [m.registrerend, m.collega, m.geselecteerd, m.regie];
    expect(rows.map((r) => r.medewerker_id).sort()).toEqual(verwacht.sort());
    expect(rows.every((r) => r.ingetrokken_op === null)).toBe(true);
  });
});
