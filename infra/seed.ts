import type { Db } from './db';

/**
 * Demo deelnemers and medewerkers for a local `npm start`, so that a newcomer can register and decide a casus
 * right away. Fixed ids make the seed idempotent. Never used against an external DATABASE_URL.
 */
export const demoMedewerkers = [
  { id: '00000000-0000-4000-8000-000000000001', naam: 'Demo medewerker politie', deelnemer: { id: 'politie-midden-nederland', naam: 'Politie Midden-Nederland', type: 'OVERHEID' } },
  { id: '00000000-0000-4000-8000-000000000002', naam: 'Demo medewerker gemeente', deelnemer: { id: 'gemeente-utrecht', naam: 'Gemeente Utrecht (college van B&W)', type: 'OVERHEID' } },
  { id: '00000000-0000-4000-8000-000000000003', naam: 'Demo medewerker reclassering', deelnemer: { id: 'reclassering-nederland', naam: 'Reclassering Nederland', type: 'PRIVAAT' } },
] as const;

/** The demo medewerkers are screened (WGS 1.8 lid 2), or they would have no access. */
const demoScreening = { screeningSoort: 'VOG', screeningDatum: new Date('2026-01-01T00:00:00Z') } as const;

export async function seedDemo(db: Db): Promise<void> {
  for (const m of demoMedewerkers) {
    await db.deelnemer.upsert({ where: { id: m.deelnemer.id }, create: m.deelnemer, update: {} });
    await db.medewerker.upsert({
      where: { id: m.id },
      create: { id: m.id, naam: m.naam, deelnemerId: m.deelnemer.id, ...demoScreening },
      update: {},
    });
    // A demo database seeded before screenings were recorded: give its demo medewerkers theirs.
    await db.medewerker.updateMany({ where: { id: m.id, screeningSoort: null }, data: demoScreening });
  }
}
