import type { Request } from 'express';
import { beleid, beoordeel, type Actie, type AutorisatieContext } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import type { Prisma } from '../generated/prisma/client';
import { logAudit, type AuditDb } from '../infra/audit';
import type { Db } from '../infra/db';
import type { Authenticate } from './auth';
import { sleutelId } from './idempotentie';
import { problems, type Problem } from './problem';

/** The answer for a casus id the caller may not know of, the same whether the casus exists or not. */
export const onbekendeCasus = (id: string): Problem =>
  problems.nietGevonden(`Casus ${id} bestaat niet of is niet voor u.`);

/**
 * Whether the caller may not even know that the casus exists: it may not see it (the one rule, `casus.raadplegen`),
 * so a refusal must be the answer for an unknown id rather than a 403 or 409.
 */
export const verborgenVoor = (ctx: AutorisatieContext): boolean => !beoordeel('casus.raadplegen', ctx).toegestaan;

/**
 * Asks the policy; a refusal is logged (verplichte logging covers refused attempts) and becomes a 403 or 409
 * problem, or for a casus the caller may not see the 404 of an unknown id.
 */
export async function autoriseer(
  db: Db,
  actie: Actie,
  ctx: AutorisatieContext,
  casusId: string | null = null,
): Promise<void> {
  const oordeel = beoordeel(actie, ctx);
  if (oordeel.toegestaan) return;
  await logAudit(db, {
    medewerkerId: ctx.actor.medewerkerId,
    deelnemerId: ctx.actor.deelnemerId,
    actie,
    casusId,
    grondslag: beleid[actie].grondslag,
    uitkomst: 'GEWEIGERD',
    detail: { code: oordeel.code },
  });
  if (casusId !== null && verborgenVoor(ctx)) throw onbekendeCasus(casusId);
  throw oordeel.code === 'VERKEERDE_FASE' ? problems.verkeerdeFase(oordeel.reden) : problems.nietBevoegd(oordeel.reden);
}

/**
 * For routes outside a casus (a datalek, a TopX-lijst): the actor authorised for an action (`bevoegd`), its logged
 * outcomes (`log`), and a refusal that is logged before its problem is thrown (`weiger`; verplichte logging).
 */
export function zonderCasus(db: Db, authenticate: Authenticate) {
  const log = (
    actor: Actor,
    actie: Actie,
    detail: Prisma.InputJsonValue,
    uitkomst: 'TOEGESTAAN' | 'GEWEIGERD' = 'TOEGESTAAN',
  ) =>
    logAudit(db, {
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
      actie,
      casusId: null,
      grondslag: beleid[actie].grondslag,
      uitkomst,
      detail,
    });
  const weiger = async (
    actor: Actor,
    actie: Actie,
    detail: Record<string, string>,
    problem: Problem,
  ): Promise<never> => {
    await log(actor, actie, { ...detail, code: problem.slug }, 'GEWEIGERD');
    throw problem;
  };
  const bevoegd = async (req: Request, actie: Actie): Promise<Actor> => {
    const actor = await authenticate(req);
    await autoriseer(db, actie, { actor });
    return actor;
  };
  return { log, weiger, bevoegd };
}

/**
 * A repeat, under the same Idempotency-Key, of a change whose first answer was lost (a 5xx is not kept) and which
 * cannot take the key-derived id (`nieuwId`): a record with an id of the caller's choosing, or a change of state such
 * as a publication. The entry that logs the change, in its transaction, carries the key's id as `verzoek`
 * (`aangemaakt`), so the repeat finds that its own first run made it (`eerderAangemaakt`) and answers that instead
 * of 409.
 */
export function herhaling(db: Db, actie: Actie) {
  const aangemaakt = (req: Request) => {
    const verzoek = sleutelId(req);
    return verzoek === undefined ? {} : { verzoek };
  };
  const eerderAangemaakt = async (req: Request, actor: Actor): Promise<boolean> => {
    const verzoek = sleutelId(req);
    if (verzoek === undefined) return false;
    const waar = { medewerkerId: actor.medewerkerId, actie, detail: { path: ['verzoek'], equals: verzoek } };
    return (await db.auditLog.count({ where: waar })) > 0;
  };
  return { aangemaakt, eerderAangemaakt };
}

/**
 * For a register kept by one role (deelnemers and medewerkers, koppelingen): the actor authorised for `actie`, and
 * its changes logged in the caller's transaction.
 */
export function registerBeheer(db: Db, authenticate: Authenticate, actie: Actie) {
  const bevoegd = async (req: Request): Promise<Actor> => {
    const actor = await authenticate(req);
    await autoriseer(db, actie, { actor });
    return actor;
  };
  const log = (client: AuditDb, actor: Actor, detail: Prisma.InputJsonObject) =>
    logAudit(client, {
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
      actie,
      casusId: null,
      grondslag: beleid[actie].grondslag,
      uitkomst: 'TOEGESTAAN',
      detail,
    });
  const { aangemaakt, eerderAangemaakt } = herhaling(db, actie);
  return { bevoegd, log, aangemaakt, eerderAangemaakt };
}

/** The fields a change names, for the log: names only, never the values (names of people are personal data). */
export const gewijzigdeVelden = (body: Record<string, unknown>): string[] =>
  Object.keys(body)
    .filter((k) => body[k] !== undefined)
    .sort();
