import { randomUUID } from 'node:crypto';
import type { Db } from '../../infra/db';
import type { DeelnemerType } from '../../domain/casus';
import type { Rol } from '../../domain/identity';
import { mintToken } from '../../infra/local-issuer';

/**
 * A fresh deelnemer with one active medewerker, screened (a VOG, WGS 1.8 lid 2) unless `screened` is false; unique
 * ids so test files can share the database.
 */
export async function createMedewerker(db: Db, type: DeelnemerType, { screened = true } = {}): Promise<{ medewerkerId: string; deelnemerId: string }> {
  const deelnemerId = `test-${type.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  const medewerkerId = randomUUID();
  await db.deelnemer.create({ data: { id: deelnemerId, naam: `Testdeelnemer ${deelnemerId}`, type } });
  const screening = screened ? { screeningSoort: 'VOG' as const, screeningDatum: new Date('2026-01-01T00:00:00Z') } : {};
  await db.medewerker.create({ data: { id: medewerkerId, deelnemerId, naam: 'Test Medewerker', ...screening } });
  return { medewerkerId, deelnemerId };
}

/** A real token, signed by the test stack's local OIDC issuer. */
export const tokenFor = (m: { medewerkerId: string; deelnemerId: string }, rollen: Rol[] = [], ttl = '10m'): Promise<string> =>
  mintToken(requireEnv('ZVH_TEST_ISSUER_DIR'), { ...m, rollen }, ttl);

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest's global setup (npm test)`);
  return value;
}

const criterium = (mate: 'NIET_VOLDAAN' | 'DEELS_VOLDAAN' | 'VOLDAAN') => ({ mate, toelichting: 'Objectieve informatie uit het dossier van de aanmelder.' });
export const criteria = { A: criterium('VOLDAAN'), B: criterium('VOLDAAN'), C: criterium('DEELS_VOLDAAN'), D: criterium('VOLDAAN') };

export const aanmelding = () => ({
  wettelijkeTaak: 'Handhaving van de openbare orde (Politiewet 2012, art. 3)',
  criteria,
  betrokkenen: [
    { rol: 'BETROKKENE', voornamen: 'Jan', achternaam: 'Jansen', geboortedatum: '1990-04-01', bsn: '111222333' },
    { rol: 'GEZINSLID', achternaam: 'Jansen' },
  ],
});

/** A registered casus straight in the database (what POST /casussen stores), for workflow tests. */
export async function createCasus(db: Db, aanmelder: { medewerkerId: string; deelnemerId: string }, aanmeldDatum = new Date()): Promise<string> {
  const id = randomUUID();
  await db.casus.create({
    data: { id, casusnummer: `TEST-${id}`, aanmelderDeelnemerId: aanmelder.deelnemerId, aanmelderMedewerkerId: aanmelder.medewerkerId, aanmeldDatum },
  });
  return id;
}

/** A proposed (VOORGESTELD) intake besluit, as the API stores it before asking the workflow. */
export async function proposeIntakeBesluit(db: Db, casusId: string, by: { medewerkerId: string; deelnemerId: string }, uitkomst: string): Promise<string> {
  const id = randomUUID();
  await db.besluit.create({ data: { id, casusId, soort: 'INTAKE', uitkomst, medewerkerId: by.medewerkerId, deelnemerId: by.deelnemerId } });
  return id;
}
