import { Router } from 'express';
import { beleid } from '../domain/autorisatie';
import { actieveFasen, bekendheidscheckSchema } from '../domain/casus';
import { logAudit } from '../infra/audit';
import type { Db } from '../infra/db';
import type { Prisma } from '../generated/prisma/client';
import type { Authenticate } from './auth';
import { autoriseer } from './authorize';
import { endpoint } from './endpoints';
import { parseInput } from './problem';

export interface BekendheidscheckRouteDeps {
  db: Db;
  authenticate: Authenticate;
  /** Whom to contact when the person is known (the procesregie of the ondersteunend bureau). */
  procesregieContact: string;
}

const ACTIE = 'bekendheidscheck.uitvoeren';

/**
 * Bekendheidscheck against the ZVH's own active casussen (SPEC §2; WGS 2.28): the answer is yes or no and whom to
 * contact (the casus' procesregisseur, and the procesregie's address), nothing else — no casusnummer, no phase, no
 * aanmelder. Every check is logged without what was asked; a
 * hit is logged on each matching casus, so its log shows who asked about it.
 */
export function bekendheidscheckRoutes({ db, authenticate, procesregieContact }: BekendheidscheckRouteDeps): Router {
  const router = Router();

  router.post('/bekendheidscheck', endpoint(ACTIE, async (req, res) => {
    const actor = await authenticate(req);
    await autoriseer(db, ACTIE, { actor });
    const vraag = parseInput(bekendheidscheckSchema, req.body);
    const persoon: Prisma.BetrokkeneWhereInput =
      'bsn' in vraag ? { bsn: vraag.bsn } : { achternaam: { equals: vraag.achternaam, mode: 'insensitive' }, geboortedatum: new Date(vraag.geboortedatum) };
    const treffers = await db.casus.findMany({ where: { fase: { in: [...actieveFasen] }, betrokkenen: { some: persoon } }, select: { id: true, procesregisseur: { select: { naam: true } } } });
    const log = (casusId: string | null) =>
      logAudit(db, { medewerkerId: actor.medewerkerId, deelnemerId: actor.deelnemerId, actie: ACTIE, casusId, grondslag: beleid[ACTIE].grondslag, uitkomst: 'TOEGESTAAN', detail: { bekend: treffers.length > 0 } });
    if (treffers.length === 0) await log(null);
    for (const { id } of treffers) await log(id);
    // The procesregisseurs of the casussen found, by name (staff, not the betrokkene), and the procesregie's address.
    const procesregisseurs = [...new Set(treffers.flatMap((t) => (t.procesregisseur ? [t.procesregisseur.naam] : [])))].sort();
    res.json(treffers.length > 0 ? { bekend: true, contact: procesregieContact, procesregisseurs } : { bekend: false });
  }));

  return router;
}
