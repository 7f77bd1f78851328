import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { rollen, TOKEN_AUDIENCE, type TokenClaims } from '../domain/identity';
import { z } from 'zod';

/**
 * The local OpenID Provider of `npm start` and the tests (infra/oidc-provider.ts, the `oidc-provider` library, run
 * as a process of its own) signs with the key kept in `<dir>/key.json` (mode 0600); `mintToken` signs API tokens
 * with the same key for tests and the CLI. Production points OIDC_ISSUER at the ZVH's real identity provider
 * instead; the API verifies both the same way.
 */
export const ALG = 'ES256';
/** The API as the local provider's resource server (RFC 8707 resource indicator) and the scope its tokens carry. */
export const API_RESOURCE = 'urn:zvh-wgs:api';
export const API_SCOPE = 'zvh';

interface IssuerState {
  issuer: string;
  privateJwk: JWK;
}

const stateFile = (dir: string) => join(dir, 'key.json');
const accountsFile = (dir: string) => join(dir, 'accounts.json');

/** Writes `<dir>/key.json` for `issuer`, keeping an existing key (tokens minted before stay valid). */
export async function prepareIssuerKey(dir: string, issuer: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  let privateJwk: JWK;
  if (existsSync(stateFile(dir))) privateJwk = readIssuerState(dir).privateJwk;
  else {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: ALG };
  }
  writeFileSync(stateFile(dir), JSON.stringify({ issuer, privateJwk } satisfies IssuerState));
  chmodSync(stateFile(dir), 0o600);
}

export function readIssuerState(dir: string): IssuerState {
  if (!existsSync(stateFile(dir))) throw new Error(`no local issuer key in ${dir}: start the stack (npm start) first`);
  return JSON.parse(readFileSync(stateFile(dir), 'utf8')) as IssuerState;
}

/** Signs a token with the key of the issuer that ran in `dir` (it need not be running now). */
export async function mintToken(dir: string, claims: TokenClaims, ttl = '8h'): Promise<string> {
  const { issuer, privateJwk } = readIssuerState(dir);
  const key = await importJWK(privateJwk, ALG);
  return new SignJWT({ zvh_deelnemer: claims.deelnemerId, zvh_rollen: claims.rollen })
    .setProtectedHeader({ alg: ALG, kid: privateJwk.kid })
    .setIssuer(issuer)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(claims.medewerkerId)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key);
}

/** An account the local provider offers on its login page: who logs in, for which deelnemer, with which roles. */
export const lokaalAccountSchema = z.object({
  medewerkerId: z.uuid(),
  deelnemerId: z.string().min(1),
  rollen: z.array(z.enum(rollen)),
  naam: z.string().min(1),
  /** What the login page says about it (organisation and role). */
  omschrijving: z.string(),
});
export type LokaalAccount = z.infer<typeof lokaalAccountSchema>;

/** The local provider's user directory, `<dir>/accounts.json`, read on every login (so tests can add accounts). */
export function lokaleAccounts(dir: string): LokaalAccount[] {
  if (!existsSync(accountsFile(dir))) return [];
  return z.array(lokaalAccountSchema).parse(JSON.parse(readFileSync(accountsFile(dir), 'utf8')));
}

/** Adds accounts to the local provider's directory; one per medewerker (its id is the token's `sub`). */
export function voegLokaleAccountsToe(dir: string, accounts: LokaalAccount[]): void {
  mkdirSync(dir, { recursive: true });
  const alle = new Map(lokaleAccounts(dir).map((a) => [a.medewerkerId, a]));
  for (const a of accounts) alle.set(a.medewerkerId, a);
  const tijdelijk = `${accountsFile(dir)}.${process.pid}`;
  writeFileSync(tijdelijk, JSON.stringify([...alle.values()], null, 2));
  renameSync(tijdelijk, accountsFile(dir)); // the provider never reads half a file
}
