import { Router } from 'express';
import type { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import { actieveFasen, bekendheidscheckSchema } from '../domain/casus';
import { logAudit, type AuditEntry } from '../infra/audit';
import type { PayloadCodecConfig } from '../infra/codec';
import type { KoppelingConfig } from '../infra/config';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import type { Prisma } from '../generated/prisma/client';
import type { Authenticate } from './auth';
import { autoriseer } from './authorize';
import { BEKENDHEIDSCHECK_PAD, vraagAndereZvhs, type ZvhAntwoord } from './bekendheidscheck-zvh';
import { endpoint } from './endpoints';
import { parseInput } from './problem';
import type { RouteDeps } from './deps';

export interface BekendheidscheckRouteDeps extends RouteDeps<'herkenKoppeling'> {
  /** Whom to contact when the person is known (the procesregie of the ondersteunend bureau). */
  procesregieContact: string;
  /** For asking the other ZVHs (POST /bekendheidscheck/landelijk): their keys, our name towards them, the time a call may take. */
  sleutels: PayloadCodecConfig;
  koppeling: KoppelingConfig;
  log: Logger;
  /** Whether another ZVH may be on this machine (ZVH_KOPPELING_LOOPBACK_TOEGESTAAN; development only). */
  loopbackToegestaan: boolean;
}

export type BekendheidVraag = z.infer<typeof bekendheidscheckSchema>;

/** Who the check is logged for; each entry gets `bekend` added to this detail. */
export type BekendheidLog = Omit<AuditEntry, 'casusId' | 'uitkomst' | 'detail'> & { detail: Prisma.InputJsonObject };

/**
 * The one lookup behind the bekendheidscheck, asked by our own medewerkers and by other ZVHs (WGS 2.28): the active
 * casussen in which the person is a betrokkene, and their procesregisseurs by name. Logged without what was asked:
 * one entry on each casus found, so its log shows who asked about it, or one entry without a casus when none was.
 */
export async function controleerBekendheid(
  db: Db,
  vraag: BekendheidVraag,
  wie: BekendheidLog,
): Promise<{ bekend: boolean; procesregisseurs: string[] }> {
  const persoon: Prisma.BetrokkeneWhereInput =
    'bsn' in vraag
      ? { bsn: vraag.bsn }
      : { achternaam: { equals: vraag.achternaam, mode: 'insensitive' }, geboortedatum: new Date(vraag.geboortedatum) };
  const treffers = await db.casus.findMany({
    where: { fase: { in: [...actieveFasen] }, betrokkenen: { some: persoon } },
    select: { id: true, procesregisseur: { select: { naam: true } } },
  });
  const bekend = treffers.length > 0;
  const log = (casusId: string | null) =>
    logAudit(db, { ...wie, casusId, uitkomst: 'TOEGESTAAN', detail: { ...wie.detail, bekend } });
  if (!bekend) await log(null);
  for (const { id } of treffers) await log(id);
  // The procesregisseurs of the casussen found, by name (staff, not the betrokkene).
  const procesregisseurs = [
    ...new Set(treffers.flatMap((t) => (t.procesregisseur ? [t.procesregisseur.naam] : []))),
  ].sort();
  return { bekend, procesregisseurs };
}

const ACTIE = 'bekendheidscheck.uitvoeren';
/** Another ZVH's question answered: logged like our own checks, with the koppeling that asked instead of a medewerker. */
const BEANTWOORDEN = 'bekendheidscheck.beantwoorden';
const GRONDSLAG_ZVH = 'WGS 2.28 (gegevensuitwisseling tussen Zorg- en Veiligheidshuizen)';

/**
 * Bekendheidscheck against the ZVH's own active casussen (SPEC §2; WGS 2.28): the answer is yes or no and whom to
 * contact (the casus' procesregisseur, and the procesregie's address), nothing else — no casusnummer, no phase, no
 * aanmelder. `/landelijk` asks every registered ZVH as well (api/bekendheidscheck-zvh.ts), in parallel; a ZVH that
 * does not answer in time is reported as such and never fails the answer. `/koppeling/bekendheidscheck` is where
 * the other ZVHs ask us: yes or no and the procesregie's address only.
 */
export function bekendheidscheckRoutes({
  db,
  authenticate,
  procesregieContact,
  sleutels,
  koppeling,
  log,
  herkenKoppeling,
  loopbackToegestaan,
}: BekendheidscheckRouteDeps): Router {
  const router = Router();

  /** Authorises the caller and reads the question. */
  const ontvang = async (req: Parameters<Authenticate>[0]) => {
    const actor = await authenticate(req);
    await autoriseer(db, ACTIE, { actor });
    const vraag = parseInput(bekendheidscheckSchema, req.body);
    return {
      vraag,
      wie: {
        medewerkerId: actor.medewerkerId,
        deelnemerId: actor.deelnemerId,
        actie: ACTIE,
        grondslag: beleid[ACTIE].grondslag,
      },
    };
  };
  const hier = async (vraag: BekendheidVraag, wie: Omit<BekendheidLog, 'detail'>) => {
    const { bekend, procesregisseurs } = await controleerBekendheid(db, vraag, { ...wie, detail: {} });
    return bekend ? { bekend: true, contact: procesregieContact, procesregisseurs } : { bekend: false };
  };

  router.post(
    '/bekendheidscheck',
    endpoint(ACTIE, async (req, res) => {
      const { vraag, wie } = await ontvang(req);
      res.json(await hier(vraag, wie));
    }),
  );

  router.post(
    '/bekendheidscheck/landelijk',
    endpoint(ACTIE, async (req, res) => {
      const { vraag, wie } = await ontvang(req);
      const [eigen, elders] = await Promise.all([
        hier(vraag, wie),
        vraagAndereZvhs({ db, sleutels, koppeling, log, loopbackToegestaan }, vraag),
      ]);
      // Who asked which ZVHs and what each answered; never whom it was about.
      await logAudit(db, {
        ...wie,
        casusId: null,
        uitkomst: 'TOEGESTAAN',
        detail: { andereZvhs: elders.map((e) => e.log) },
      });
      res.json({ ...eigen, andereZvhs: elders.map((e) => e.antwoord) });
    }),
  );

  router.post(
    BEKENDHEIDSCHECK_PAD,
    endpoint('koppeling', async (req, res) => {
      const zvh = await herkenKoppeling(req, 'ZVH');
      const vraag = parseInput(bekendheidscheckSchema, req.body);
      const { bekend } = await controleerBekendheid(db, vraag, {
        medewerkerId: null,
        deelnemerId: null,
        actie: BEANTWOORDEN,
        grondslag: GRONDSLAG_ZVH,
        detail: { koppelingId: zvh.id },
      });
      const antwoord: ZvhAntwoord = bekend ? { bekend: true, contact: procesregieContact } : { bekend: false };
      res.json(antwoord);
    }),
  );

  return router;
}
