import { randomInt, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { Client } from '@temporalio/client';
import { createArchiefActivities } from '../../activities/archief';
import type { Db } from '../../infra/db';
import { isGeldigBsn, type DeelnemerType } from '../../domain/casus';
import type { BesluitSoort } from '../../domain/casusproces';
import type { Prisma } from '../../generated/prisma/client';
import type { Rol } from '../../domain/identity';
import { mintToken } from '../../infra/local-issuer';
import { seedMedewerker } from '../../infra/seed';
import { casusStatus, casusWorkflowId, legalHoldGewijzigd } from '../../workflows/casus';

/** Who acts in an HTTP test: a medewerker, its deelnemer, and the roles its token carries. */
export interface Wie {
  medewerkerId: string;
  deelnemerId: string;
  rollen?: Rol[];
}

/**
 * A fresh deelnemer with one active medewerker, screened (a VOG, WGS 1.8 lid 2) unless `screened` is false; unique
 * ids so test files can share the database.
 */
export const createMedewerker = (
  db: Db,
  type: DeelnemerType,
  { screened = true } = {},
): Promise<{ medewerkerId: string; deelnemerId: string }> => seedMedewerker(db, type, { label: 'test', screened });

/** Another screened, active medewerker of an existing deelnemer: a colleague of `van`. */
export async function createCollega(db: Db, van: { deelnemerId: string }): Promise<Wie> {
  const medewerkerId = randomUUID();
  const screening = { screeningSoort: 'VOG' as const, screeningDatum: new Date('2026-01-01T00:00:00Z') };
  const { deelnemerId } = van;
  await db.medewerker.create({ data: { id: medewerkerId, deelnemerId, naam: 'Test Collega', ...screening } });
  return { medewerkerId, deelnemerId };
}

/** A real token, signed by the test stack's local OIDC issuer. */
export const tokenFor = (
  m: { medewerkerId: string; deelnemerId: string },
  rollen: Rol[] = [],
  ttl = '10m',
): Promise<string> => mintToken(requireEnv('ZVH_TEST_ISSUER_DIR'), { ...m, rollen }, ttl);

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest's global setup (npm test)`);
  return value;
}

const criterium = (mate: 'NIET_VOLDAAN' | 'DEELS_VOLDAAN' | 'VOLDAAN') => ({
  mate,
  toelichting: 'Objectieve informatie uit het dossier van de aanmelder.',
});
export const criteria = {
  A: criterium('VOLDAAN'),
  B: criterium('VOLDAAN'),
  C: criterium('DEELS_VOLDAAN'),
  D: criterium('VOLDAAN'),
};

export const aanmelding = () => ({
  wettelijkeTaak: 'Handhaving van de openbare orde (Politiewet 2012, art. 3)',
  criteria,
  betrokkenen: [
    { rol: 'BETROKKENE', voornamen: 'Jan', achternaam: 'Jansen', geboortedatum: '1990-04-01', bsn: '111222333' },
    { rol: 'GEZINSLID', achternaam: 'Jansen' },
  ],
});

/** A registered casus straight in the database (what POST /casussen stores), for workflow tests. */
export async function createCasus(
  db: Db,
  aanmelder: { medewerkerId: string; deelnemerId: string },
  aanmeldDatum = new Date(),
): Promise<string> {
  const id = randomUUID();
  await db.casus.create({
    data: {
      id,
      casusnummer: `TEST-${id}`,
      aanmelderDeelnemerId: aanmelder.deelnemerId,
      aanmelderMedewerkerId: aanmelder.medewerkerId,
      aanmeldDatum,
    },
  });
  return id;
}

/** A proposed (VOORGESTELD) besluit, as the API stores it before asking the workflow. */
export async function proposeBesluit(
  db: Db,
  casusId: string,
  by: { medewerkerId: string; deelnemerId: string },
  soort: BesluitSoort,
  uitkomst: string,
  { motivering, gegevens }: { motivering?: string; gegevens?: Prisma.InputJsonValue } = {},
): Promise<string> {
  const id = randomUUID();
  await db.besluit.create({
    data: {
      id,
      casusId,
      soort,
      uitkomst,
      motivering: motivering ?? null,
      gegevens,
      medewerkerId: by.medewerkerId,
      deelnemerId: by.deelnemerId,
    },
  });
  return id;
}

/**
 * Puts an AFGESCHAALD casus of the test stack into AFGESCHERMD now, as its workflow does when the nazorgfase ends
 * (six months: real time cannot wait, the timing itself is tested on the time-skipping server). Runs the workflow's
 * own activity, wakes the workflow (which reloads the casus, as after every step) until it has. `temporal`
 * must decode with the stack's payload keys (dataConverter(loadPayloadCodecConfig())).
 */
export async function schermNuAf(db: Db, temporal: Client, casusId: string): Promise<void> {
  await createArchiefActivities(db, { archiefMap: tmpdir() }).schermAf(casusId);
  const handle = temporal.workflow.getHandle(casusWorkflowId(casusId));
  for (let i = 0; i < 100; i++) {
    // Signalled again until seen: a wake-up that arrives while the workflow is still reloading after its previous
    // step is cleared by that reload (workflows/casus.ts resets `gewekt` after `herlaad`), so one signal can be lost.
    await handle.signal(legalHoldGewijzigd);
    await new Promise((r) => setTimeout(r, 100));
    if ((await handle.query(casusStatus)).fase === 'AFGESCHERMD') return;
  }
  throw new Error(`casus ${casusId} did not become AFGESCHERMD in its workflow`);
}

/** A BSN no other test uses: eight random digits and the check digit the elfproef demands. */
export function nieuwBsn(): string {
  for (;;) {
    const bsn = `${randomInt(10_000_000, 99_999_999)}${randomInt(0, 10)}`;
    if (isGeldigBsn(bsn)) return bsn;
  }
}
