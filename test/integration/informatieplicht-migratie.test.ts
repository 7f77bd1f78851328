// The migration that makes the informatieplicht per person (issue 17 item 1) gives every person of an existing casus
// his own obligation: the existing one becomes the betrokkene's; the others start OPEN, carried by the running
// workflow while it runs, else by a workflow of their own that the reconciler starts from the outbox. Applied here to
// a scratch database that holds the migrations before it and casussen as the system recorded them then.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { scratchDatabase } from '../support/scratch-database';

jest.setTimeout(60_000);

const MIGRATIE = '20261205100000_informatieplicht_per_persoon';
const map = path.resolve(__dirname, '..', '..', 'prisma', 'migrations');
const sql = (folder: string) => readFileSync(path.join(map, folder, 'migration.sql'), 'utf8');

describe(`migration ${MIGRATIE}`, () => {
  const scratch = scratchDatabase('informatieplicht_persoon', { migrated: false });

  test('one obligation per existing person, under the running workflow or a new one from the outbox', async () => {
    const { pg } = scratch;
    const eerdere = readdirSync(map, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name < MIGRATIE)
      .map((e) => e.name)
      .sort();
    for (const folder of eerdere) await pg.query(sql(folder));

    await pg.query(`INSERT INTO deelnemer (id, naam, type) VALUES ('aanmelder', 'aanmelder', 'OVERHEID')`);
    const medewerker = randomUUID();
    await pg.query(`INSERT INTO medewerker (id, deelnemer_id, naam) VALUES ($1, 'aanmelder', 'm')`, [medewerker]);
    /** A casus with its persons and its IN_BEHANDELING obligation of 2026-03-01 (term 31 days) in `status`. */
    const casus = async (fase: string, status: string, rollen: string[]) => {
      const id = randomUUID();
      await pg.query(
        `INSERT INTO casus (id, casusnummer, fase, aanmelder_deelnemer_id, aanmelder_medewerker_id, aanmeld_datum,
           updated_at) VALUES ($1, $2, $3, 'aanmelder', $4, now(), now())`,
        [id, `TEST-${id}`, fase, medewerker],
      );
      const personen: string[] = [];
      for (const rol of rollen) {
        const b = randomUUID();
        personen.push(b);
        await pg.query(`INSERT INTO betrokkene (id, casus_id, rol) VALUES ($1, $2, $3)`, [b, id, rol]);
      }
      await pg.query(
        `INSERT INTO informatieplicht (id, casus_id, moment, status, startdatum, deadline)
         VALUES ($1, $2, 'IN_BEHANDELING', $3, '2026-03-01', '2026-04-01')`,
        [randomUUID(), id, status],
      );
      return { id, personen };
    };
    const lopend = await casus('TRIAGE', 'OPEN', ['BETROKKENE', 'GEZINSLID']);
    const geinformeerd = await casus('CASUSOVERLEG', 'VERSTREKT', ['BETROKKENE', 'SOCIALE_OMGEVING']);
    const weg = await casus('GEANONIMISEERD', 'VERSTREKT', ['BETROKKENE', 'GEZINSLID']);

    await pg.query(sql(MIGRATIE));
    const rijen = async (casusId: string) =>
      (
        await pg.query<{
          betrokkene_id: string;
          status: string;
          workflow_id: string;
          ronde: number;
          startdatum: string;
          deadline: string;
        }>(
          `SELECT betrokkene_id, status, workflow_id, ronde, startdatum::text, deadline::text FROM informatieplicht
           WHERE casus_id = $1 ORDER BY status DESC, workflow_id`,
          [casusId],
        )
      ).rows;
    const wf = (casusId: string) => `informatieplicht-${casusId}-IN_BEHANDELING`;

    // Still running: the gezinslid joins the betrokkene's workflow with the same term.
    expect(await rijen(lopend.id)).toEqual(
      expect.arrayContaining([
        {
          betrokkene_id: lopend.personen[0],
          status: 'OPEN',
          workflow_id: wf(lopend.id),
          ronde: 1,
          startdatum: '2026-03-01',
          deadline: '2026-04-01',
        },
        {
          betrokkene_id: lopend.personen[1],
          status: 'OPEN',
          workflow_id: wf(lopend.id),
          ronde: 1,
          startdatum: '2026-03-01',
          deadline: '2026-04-01',
        },
      ]),
    );
    // Informed already, its workflow ended: the other person starts today, with the same length of term, under a
    // workflow of his own in the outbox.
    const { rows: vandaag } = await pg.query<{ d: string; t: string }>(
      `SELECT CURRENT_DATE::text AS d, (CURRENT_DATE + 31)::text AS t`,
    );
    expect(await rijen(geinformeerd.id)).toEqual(
      [
        {
          betrokkene_id: geinformeerd.personen[0],
          status: 'VERSTREKT',
          workflow_id: wf(geinformeerd.id),
          ronde: 1,
          startdatum: '2026-03-01',
          deadline: '2026-04-01',
        },
        {
          betrokkene_id: geinformeerd.personen[1],
          status: 'OPEN',
          workflow_id: `${wf(geinformeerd.id)}-personen`,
          ronde: 1,
          startdatum: vandaag[0]!.d,
          deadline: vandaag[0]!.t,
        },
      ].sort((a, b) => (a.status < b.status ? 1 : -1)),
    );
    const { rows: starts } = await pg.query<{ workflow_id: string; input: unknown; gestart_op: Date | null }>(
      `SELECT workflow_id, input, gestart_op FROM workflow_start WHERE workflow_id LIKE $1`,
      [`%${geinformeerd.id}%`],
    );
    expect(starts).toEqual([
      {
        workflow_id: `${wf(geinformeerd.id)}-personen`,
        input: { casusId: geinformeerd.id, moment: 'IN_BEHANDELING' },
        gestart_op: null,
      },
    ]);
    // A casus whose data is gone gets nobody to inform.
    expect((await rijen(weg.id)).map((r) => r.betrokkene_id)).toEqual([weg.personen[0]]);
  });
});
