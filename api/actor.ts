import type { Request } from 'express';
import { z } from 'zod';
import type { Actor } from '../domain/casus';
import { logAudit } from '../infra/audit';
import type { Db } from '../infra/db';
import { problems } from './problem';

/**
 * Interim identification: the `X-Medewerker-Id` header names a registered, active medewerker of an active
 * deelnemer. Issue #6 replaces the header with verified OIDC bearer tokens; the lookup of the deelnemer and its
 * type, and the refusal of inactive accounts, stay as they are.
 */
export const MEDEWERKER_HEADER = 'x-medewerker-id';

export async function resolveActor(db: Db, req: Request): Promise<Actor> {
  const parsed = z.uuid().safeParse(req.get(MEDEWERKER_HEADER));
  if (!parsed.success) throw problems.nietGeauthenticeerd(`Header ${MEDEWERKER_HEADER} met een medewerker-id (UUID) ontbreekt of is ongeldig.`);
  const medewerker = await db.medewerker.findUnique({ where: { id: parsed.data }, include: { deelnemer: true } });
  if (!medewerker?.actief || !medewerker.deelnemer.actief) {
    await logAudit(db, {
      medewerkerId: null,
      deelnemerId: null,
      actie: 'AANMELDEN_SYSTEEM',
      casusId: null,
      grondslag: 'WGS 1.8 lid 2',
      uitkomst: 'GEWEIGERD',
      detail: { medewerkerId: parsed.data, pad: req.path },
    });
    throw problems.nietGeauthenticeerd('Onbekende of gedeactiveerde medewerker of deelnemer.');
  }
  return { medewerkerId: medewerker.id, deelnemerId: medewerker.deelnemerId, deelnemerType: medewerker.deelnemer.type };
}
