import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { TOKEN_AUDIENCE } from '../domain/identity';
import { escapeHtml } from './html';
import { API_RESOURCE, API_SCOPE, lokaleAccounts, readIssuerState, type LokaalAccount } from './local-issuer';

/**
 * The local OpenID Provider (development and tests only): the `oidc-provider` library, certified by the OpenID
 * Foundation, instead of a home-made issuer. It offers the accounts of `<dir>/accounts.json` on its login page (no
 * password: a demo), signs with the key of `<dir>/key.json` (so `mintToken`'s tokens and its own are alike) and
 * issues JWT access tokens for the API (audience `zvh-wgs`, claims `zvh_deelnemer` and `zvh_rollen`) to one client,
 * the web application, through the authorization code flow with PKCE.
 */
export interface LocalProviderOptions {
  dir: string;
  port: number;
  /** Where the web application runs: its callback and post-logout addresses are registered. */
  webUrl: string;
  webClientId: string;
  webClientSecret: string;
  /** Lifetime of an access token (and so of a web session at most), in seconds. */
  accessTokenSeconden: number;
}

/** A page of the provider: Dutch, accessible (lang, title, landmarks, labelled controls), no external resources. */
const pagina = (titel: string, inhoud: string) => `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(titel)} – Inlogdienst (demo)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
button{font:inherit;padding:.5rem 1rem;margin:.25rem 0;border:2px solid #1a1a1a;background:#fff;color:#1a1a1a;
cursor:pointer;text-align:left;width:100%}button:focus{outline:3px solid #0b57d0;outline-offset:2px}
li{list-style:none;margin:0}ul{padding:0}</style></head>
<body><header><p>Inlogdienst van het Zorg- en Veiligheidshuis (alleen voor ontwikkeling en demo)</p></header>
<main><h1>${escapeHtml(titel)}</h1>${inhoud}</main></body></html>`;

export async function startLocalProvider(opts: LocalProviderOptions): Promise<Server> {
  const { issuer, privateJwk } = readIssuerState(opts.dir);
  const account = (id: string): LokaalAccount | undefined =>
    lokaleAccounts(opts.dir).find((a) => a.medewerkerId === id);
  const configuration: Configuration = {
    clients: [
      {
        client_id: opts.webClientId,
        client_secret: opts.webClientSecret,
        redirect_uris: [`${opts.webUrl}/auth/callback`],
        post_logout_redirect_uris: [`${opts.webUrl}/uitgelogd`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [privateJwk as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile'],
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: (_ctx, id) => {
      const a = account(id);
      return a ? { accountId: a.medewerkerId, claims: () => ({ sub: a.medewerkerId, name: a.naam }) } : undefined;
    },
    // The API's claims in its access tokens, from the directory as it is now.
    extraTokenClaims: (_ctx, token) => {
      const a = 'accountId' in token ? account(token.accountId) : undefined;
      return a ? { zvh_deelnemer: a.deelnemerId, zvh_rollen: a.rollen } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        // The code's token is for the API even though the client names no resource: it knows only scopes.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== API_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPE,
            audience: TOKEN_AUDIENCE,
            accessTokenTTL: opts.accessTokenSeconden,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = pagina(
            'Uitloggen',
            `${form}<p>U wordt uitgelogd bij de inlogdienst.</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Uitloggen</button>`,
          );
        },
      },
    },
    // A first-party client: the medewerker consents by logging in; the grant covers the login and the API.
    loadExistingGrant: async (ctx) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const bestaand = session.grantIdFor(client.clientId);
      if (bestaand) return ctx.oidc.provider.Grant.find(bestaand);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(API_RESOURCE, API_SCOPE);
      await grant.save();
      session.ensureClientContainer(client.clientId);
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: { AccessToken: opts.accessTokenSeconden, Session: opts.accessTokenSeconden, Grant: opts.accessTokenSeconden },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = pagina('Er ging iets mis', `<p>${escapeHtml(String(out.error_description ?? out.error))}</p>`);
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  const login = async (req: IncomingMessage, res: ServerResponse, uid: string) => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (req.method === 'POST') {
      const body = new URLSearchParams(
        await new Promise<string>((ok) => {
          let data = '';
          req
            .setEncoding('utf8')
            .on('data', (c: string) => (data += c))
            .on('end', () => ok(data));
        }),
      );
      const gekozen = account(body.get('medewerker') ?? '');
      if (!gekozen) {
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(pagina('Onbekend account', ''));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: gekozen.medewerkerId } },
        {
          mergeWithLastSubmission: false,
        },
      );
      return;
    }
    const knoppen = lokaleAccounts(opts.dir)
      .map(
        (a) => `<li><button type="submit" name="medewerker" value="${escapeHtml(a.medewerkerId)}">${escapeHtml(a.naam)}
<br><small>${escapeHtml(a.omschrijving)}</small></button></li>`,
      )
      .join('\n');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(
      pagina(
        'Inloggen',
        `<p>Kies het demo-account waarmee u wilt inloggen.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}"><ul>${knoppen}</ul></form>`,
      ),
    );
  };

  const server = createServer((req, res) => {
    const m = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '');
    if (!m?.[1]) return void callback(req, res);
    login(req, res, m[1]).catch(() => {
      if (!res.headersSent)
        res
          .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
          .end(pagina('Inloggen verlopen', '<p>Deze inlogpoging is verlopen. Begin opnieuw bij de applicatie.</p>'));
    });
  });
  await new Promise<void>((ok) => server.listen(opts.port, '127.0.0.1', ok));
  return server;
}
