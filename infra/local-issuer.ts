import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { TOKEN_AUDIENCE, type TokenClaims } from '../domain/identity';

/**
 * A minimal OIDC issuer for `npm start` and the tests: it publishes a discovery document and its JWKS over HTTP on
 * loopback, and signs tokens with a key kept in `<dir>/key.json` (mode 0600). Production points OIDC_ISSUER at
 * the ZVH's real identity provider instead; the API verifies both the same way.
 */
const ALG = 'ES256';

interface IssuerState {
  issuer: string;
  privateJwk: JWK;
}

const stateFile = (dir: string) => join(dir, 'key.json');

async function loadOrCreateKey(dir: string): Promise<JWK> {
  if (existsSync(stateFile(dir))) return (JSON.parse(readFileSync(stateFile(dir), 'utf8')) as IssuerState).privateJwk;
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: ALG };
}

export interface LocalIssuer {
  issuer: string;
  close(): Promise<void>;
}

export async function startLocalIssuer(dir: string, port: number): Promise<LocalIssuer> {
  mkdirSync(dir, { recursive: true });
  const privateJwk = await loadOrCreateKey(dir);
  const { d: _private, ...publicJwk } = privateJwk;
  const issuer = `http://127.0.0.1:${port}`;
  writeFileSync(stateFile(dir), JSON.stringify({ issuer, privateJwk } satisfies IssuerState));
  chmodSync(stateFile(dir), 0o600);
  const documents: Record<string, unknown> = {
    '/.well-known/openid-configuration': {
      issuer,
      jwks_uri: `${issuer}/jwks.json`,
      id_token_signing_alg_values_supported: [ALG],
    },
    '/jwks.json': { keys: [publicJwk] },
  };
  const server: Server = createServer((req, res) => {
    const doc = documents[req.url ?? ''];
    res
      .writeHead(doc ? 200 : 404, { 'content-type': 'application/json' })
      .end(JSON.stringify(doc ?? { error: 'not found' }));
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return { issuer, close: () => new Promise((ok) => server.close(() => ok())) };
}

/** Signs a token with the key of the issuer that ran in `dir` (it need not be running now). */
export async function mintToken(dir: string, claims: TokenClaims, ttl = '8h'): Promise<string> {
  if (!existsSync(stateFile(dir))) throw new Error(`no local issuer key in ${dir}: start the stack (npm start) first`);
  const { issuer, privateJwk } = JSON.parse(readFileSync(stateFile(dir), 'utf8')) as IssuerState;
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
