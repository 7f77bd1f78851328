import { randomUUID } from 'node:crypto';
import type { DeelnemerType } from '../domain/casus';
import type { Rol } from '../domain/identity';
import type { Db } from './db';

/**
 * Demo deelnemers and medewerkers for a local `npm start`, so that a newcomer can register and decide a casus
 * right away. Fixed ids make the seed idempotent. Never used against an external DATABASE_URL.
 */
export const demoMedewerkers: ReadonlyArray<{
  id: string;
  naam: string;
  /** The roles the local OpenID Provider gives this account (infra/oidc-provider.ts). */
  rollen: Rol[];
  deelnemer: { id: string; naam: string; type: DeelnemerType };
}> = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    naam: 'Demo medewerker politie',
    rollen: [],
    deelnemer: { id: 'politie-midden-nederland', naam: 'Politie Midden-Nederland', type: 'OVERHEID' },
  },
  {
    id: '00000000-0000-4000-8000-000000000002',
    naam: 'Demo medewerker gemeente',
    rollen: [],
    deelnemer: { id: 'gemeente-utrecht', naam: 'Gemeente Utrecht (college van B&W)', type: 'OVERHEID' },
  },
  {
    id: '00000000-0000-4000-8000-000000000003',
    naam: 'Demo medewerker reclassering',
    rollen: [],
    deelnemer: { id: 'reclassering-nederland', naam: 'Reclassering Nederland', type: 'PRIVAAT' },
  },
  {
    id: '00000000-0000-4000-8000-000000000004',
    naam: 'Demo Contactpunt',
    rollen: ['contactpunt'],
    deelnemer: { id: 'gemeente-utrecht', naam: 'Gemeente Utrecht (college van B&W)', type: 'OVERHEID' },
  },
  {
    id: '00000000-0000-4000-8000-000000000005',
    naam: 'Demo archiefbeheerder',
    rollen: ['archiefbeheerder'],
    deelnemer: { id: 'gemeente-utrecht', naam: 'Gemeente Utrecht (college van B&W)', type: 'OVERHEID' },
  },
];

/** The demo medewerkers are screened (WGS 1.8 lid 2), or they would have no access; so are seeded ones. */
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

/**
 * A fresh deelnemer of `type` with one active medewerker, screened (a VOG, WGS 1.8 lid 2) unless `screened` is false.
 * Random ids under `label` (`test`, `chaos`), so several callers can share a database: the tests and the chaos run.
 */
export async function seedMedewerker(
  db: Db,
  type: DeelnemerType,
  { label, screened = true }: { label: string; screened?: boolean },
): Promise<{ medewerkerId: string; deelnemerId: string }> {
  const deelnemerId = `${label}-${type.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  const medewerkerId = randomUUID();
  const naam = label.charAt(0).toUpperCase() + label.slice(1);
  await db.deelnemer.create({ data: { id: deelnemerId, naam: `${naam}deelnemer ${deelnemerId}`, type } });
  await db.medewerker.create({
    data: { id: medewerkerId, deelnemerId, naam: `${naam} Medewerker`, ...(screened ? demoScreening : {}) },
  });
  return { medewerkerId, deelnemerId };
}
