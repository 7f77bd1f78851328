import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTVerifyGetKey } from 'jose';

/**
 * The web application as an OpenID Connect relying party: authorization code flow with PKCE (S256), state and
 * nonce, a confidential client (client_secret_basic) at the token endpoint, the ID token verified with jose against
 * the provider's JWKS. The API gets the access token as its bearer token and verifies it as any other.
 */
export interface RpConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The web application's base URL: `<webUrl>/auth/callback` and `<webUrl>/uitgelogd` are registered at the IdP. */
  webUrl: string;
  scope: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
}

export interface Tokens {
  accessToken: string;
  idToken: string;
  /** `sub` and `name` from the verified ID token. */
  sub: string;
  naam: string;
  /** When the access token expires (ms). */
  verlooptOp: number;
}

const b64url = (b: Buffer) => b.toString('base64url');

export class RelyingParty {
  private discovery?: Promise<{ doc: Discovery; jwks: JWTVerifyGetKey }>;

  constructor(private readonly config: RpConfig) {}

  get callbackUrl(): string {
    return `${this.config.webUrl}/auth/callback`;
  }

  /** The provider's endpoints, fetched once (again after a failure). */
  private async metadata() {
    this.discovery ??= (async () => {
      const res = await fetch(`${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      if (!res.ok) throw new Error(`OIDC discovery failed with HTTP ${res.status}`);
      const doc = (await res.json()) as Discovery;
      return { doc, jwks: createRemoteJWKSet(new URL(doc.jwks_uri)) };
    })().catch((err: unknown) => {
      this.discovery = undefined;
      throw err;
    });
    return this.discovery;
  }

  /** A new login: the authorization URL and what the callback must check (kept server-side, never in the browser). */
  async begin(): Promise<{ url: string; state: string; verifier: string; nonce: string }> {
    const { doc } = await this.metadata();
    const verifier = b64url(randomBytes(32));
    const state = b64url(randomBytes(32));
    const nonce = b64url(randomBytes(32));
    const url = new URL(doc.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: this.callbackUrl,
      scope: this.config.scope,
      state,
      nonce,
      code_challenge: b64url(createHash('sha256').update(verifier).digest()),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), state, verifier, nonce };
  }

  /** Exchanges the code (with the PKCE verifier) and verifies the ID token (issuer, audience, expiry, nonce). */
  async voltooi(code: string, verifier: string, nonce: string): Promise<Tokens> {
    const { doc, jwks } = await this.metadata();
    const basic = Buffer.from(
      `${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.config.clientSecret)}`,
    ).toString('base64');
    const res = await fetch(doc.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.callbackUrl,
        code_verifier: verifier,
      }),
    });
    if (!res.ok) throw new Error(`token endpoint answered HTTP ${res.status}`);
    const body = (await res.json()) as { access_token?: unknown; id_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.id_token !== 'string')
      throw new Error('token endpoint gave no access and ID token');
    const { payload } = await jwtVerify(body.id_token, jwks, {
      issuer: this.config.issuer,
      audience: this.config.clientId,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (payload.nonce !== nonce) throw new Error('ID token nonce mismatch');
    // The access token is for the API, which verifies it on every call; its expiry bounds the session here.
    const { exp } = decodeJwt(body.access_token);
    const verlooptOp =
      typeof exp === 'number'
        ? exp * 1000
        : Date.now() + (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    const naam = typeof payload.name === 'string' ? payload.name : '';
    return { accessToken: body.access_token, idToken: body.id_token, sub: payload.sub as string, naam, verlooptOp };
  }

  /** Where to send the browser to end the provider's session too (RP-initiated logout), if it offers that. */
  async uitlogUrl(idToken: string): Promise<string | undefined> {
    const { doc } = await this.metadata();
    if (!doc.end_session_endpoint) return undefined;
    const url = new URL(doc.end_session_endpoint);
    url.search = new URLSearchParams({
      id_token_hint: idToken,
      client_id: this.config.clientId,
      post_logout_redirect_uri: `${this.config.webUrl}/uitgelogd`,
    }).toString();
    return url.toString();
  }
}
