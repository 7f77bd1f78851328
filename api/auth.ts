import type { Request } from 'express';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Actor } from '../domain/casus';
import { tokenClaimsSchema } from '../domain/identity';
import { logAudit } from '../infra/audit';
import type { Db } from '../infra/db';
import { problems } from './problem';

export interface OidcConfig {
  issuer: string;
  audience: string;
  /** Where the issuer's keys are; when absent, taken from the issuer's discovery document. */
  jwksUrl?: string;
  /** The longest a token may be valid (`exp - iat`); a token without either claim is refused. */
  maxLevensduurSeconden: number;
}

export type Authenticate = (req: Request) => Promise<Actor>;

/** Fetches the JWKS location from the discovery document once, and retries on a later request if that failed. */
function lazyJwks({ issuer, jwksUrl }: OidcConfig): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    if (jwksUrl) return createRemoteJWKSet(new URL(jwksUrl));
    const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (!res.ok) throw new Error(`OIDC discovery failed with HTTP ${res.status}`);
    const { jwks_uri } = (await res.json()) as { jwks_uri?: unknown };
    if (typeof jwks_uri !== 'string') throw new Error('OIDC discovery document has no jwks_uri');
    return createRemoteJWKSet(new URL(jwks_uri));
  };
  return async (header, token) => {
    keys ??= discover().catch((err: unknown) => {
      keys = undefined;
      throw err;
    });
    return (await keys)(header, token);
  };
}

/**
 * Verifies the bearer token (signature against the issuer's JWKS, issuer, audience, expiry, and a lifetime `exp - iat`
 * within the policy's maximum: a stolen long-lived token would otherwise stay useful) and then checks the
 * register: the medewerker and its deelnemer must exist, be active and match the token, and the medewerker must have
 * a recorded screening (WGS 1.8 lid 2). Deactivation therefore revokes access at once, even while a token is still
 * valid (SPEC §6, WGS 1.8).
 */
export function createAuthenticator(db: Db, config: OidcConfig): Authenticate {
  const jwks = lazyJwks(config);
  const refuse = async (req: Request, reden: string, medewerkerId: string | null = null) => {
    await logAudit(db, {
      medewerkerId,
      deelnemerId: null,
      actie: 'AUTHENTICEREN',
      casusId: null,
      grondslag: 'WGS 1.8',
      uitkomst: 'GEWEIGERD',
      detail: { reden, pad: req.path },
    });
    return problems.nietGeauthenticeerd(reden);
  };
  return async (req) => {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.get('authorization') ?? '');
    if (!match?.[1]) throw problems.nietGeauthenticeerd('Een bearer-token (Authorization: Bearer …) is vereist.');
    let payload: unknown;
    try {
      // maxTokenAge also refuses an iat in the future, which would stretch a lifetime measured from it.
      ({ payload } = await jwtVerify(match[1], jwks, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
        requiredClaims: ['exp', 'iat'],
        maxTokenAge: config.maxLevensduurSeconden,
      }));
    } catch (err) {
      if (err instanceof errors.JOSEError)
        throw await refuse(req, err instanceof errors.JWTExpired ? 'Het token is verlopen.' : 'Het token is ongeldig.');
      throw problems.nietBeschikbaar('De sleutels van de identiteitsprovider zijn niet op te halen.');
    }
    const { exp, iat } = payload as { exp: number; iat: number };
    if (exp - iat > config.maxLevensduurSeconden) throw await refuse(req, 'Het token is langer geldig dan toegestaan.');
    const claims = tokenClaimsSchema.safeParse(payload);
    if (!claims.success) throw await refuse(req, 'Het token mist de vereiste claims (sub, zvh_deelnemer).');
    const { medewerkerId, deelnemerId, rollen } = claims.data;
    const medewerker = await db.medewerker.findUnique({ where: { id: medewerkerId }, include: { deelnemer: true } });
    if (!medewerker?.actief || !medewerker.deelnemer.actief || medewerker.deelnemerId !== deelnemerId) {
      throw await refuse(req, 'Onbekende of gedeactiveerde medewerker of deelnemer.', medewerker ? medewerkerId : null);
    }
    // WGS 1.8 lid 2: no access without a recorded screening (a VOG or an equivalent one).
    if (medewerker.screeningSoort === null || medewerker.screeningDatum === null) {
      throw await refuse(req, 'Voor deze medewerker is geen screening (VOG) vastgelegd.', medewerkerId);
    }
    return { medewerkerId, deelnemerId, deelnemerType: medewerker.deelnemer.type, rollen };
  };
}
