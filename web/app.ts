import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { decodeJwt } from 'jose';
import type { Logger } from '../infra/logger';
import { repoRoot } from '../infra/tools';
import { apiClient, type ApiAntwoord, type ApiClient, type Probleem } from './api';
import { naarBody, formulier, type Veld, type Waarden } from './formulier';
import { html, type Html } from './html';
import { alert, pagina } from './layout';
import { RelyingParty } from './oidc';
import { paginas } from './paginas';
import { gelijk, SessieOpslag, type Sessie } from './sessie';

/**
 * The werkvoorraad web application (docs/web.md): server-rendered pages on the API, for the medewerkers of the ZVH.
 * Mounted in the API process before the API's JSON-only middleware; outside `/v1`, which stays the API.
 */
export interface WebOpties {
  issuer: string;
  clientId: string;
  clientSecret: string;
  webUrl: string;
  scope: string;
  idleMinuten: number;
  maxUren: number;
  /** Where this process's API listens (loopback). */
  apiBasis: string;
  interneSleutel: string;
  log: Logger;
}

const COOKIE = 'zvh_sessie';
const LOGIN_COOKIE = 'zvh_inloggen';

const statisch = (pad: string) => readFileSync(join(repoRoot, pad));

/** The session of the request, set by the middleware for every page behind the login. */
export const sessieVan = (res: Response): Sessie => res.locals.sessie as Sessie;

export type Render = (
  res: Response,
  titel: string,
  inhoud: Html,
  opties?: { status?: number; actief?: string },
) => void;

function cookies(req: Request): Map<string, string> {
  const m = new Map<string, string>();
  for (const deel of (req.get('cookie') ?? '').split(';')) {
    const i = deel.indexOf('=');
    if (i > 0) m.set(deel.slice(0, i).trim(), decodeURIComponent(deel.slice(i + 1).trim()));
  }
  return m;
}

export function webRouter(opties: WebOpties): Router {
  const rp = new RelyingParty({
    issuer: opties.issuer,
    clientId: opties.clientId,
    clientSecret: opties.clientSecret,
    webUrl: opties.webUrl,
    scope: opties.scope,
  });
  const opslag = new SessieOpslag(opties.idleMinuten * 60_000);
  const api = apiClient(opties.apiBasis, opties.interneSleutel);
  const veilig = opties.webUrl.startsWith('https:');
  const cookieOpties = { httpOnly: true, sameSite: 'lax' as const, secure: veilig, path: '/' };
  const issuerOrigin = new URL(opties.issuer).origin;
  const webOrigin = new URL(opties.webUrl).origin;
  const router = Router();
  // The API (/v1…) and the probes are not pages: they keep their JSON answers and problems.
  router.use((req, _res, next) => next(/^\/(v\d+|health)(\/|$)/.test(req.path) ? 'router' : undefined));

  // Pages may load this origin's styles and script and post forms here (and, through logout, to the IdP).
  router.use((_req, res, next) => {
    res.set(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; " +
        `form-action 'self' ${issuerOrigin}; ` +
        "frame-ancestors 'none'; base-uri 'none'",
    );
    // Links to other sites get no referrer; this origin's own requests keep theirs (and their Origin header).
    res.set('Referrer-Policy', 'same-origin');
    next();
  });

  const bestanden: Record<string, { inhoud: Buffer; type: string }> = {
    '/static/tokens.css': { inhoud: statisch('node_modules/@utrecht/design-tokens/dist/index.css'), type: 'text/css' },
    '/static/utrecht.css': {
      inhoud: statisch('node_modules/@utrecht/component-library-css/dist/index.css'),
      type: 'text/css',
    },
    '/static/zvh.css': { inhoud: statisch('web/static/zvh.css'), type: 'text/css' },
    '/static/zvh.js': { inhoud: statisch('web/static/zvh.js'), type: 'text/javascript' },
  };
  for (const [pad, { inhoud, type }] of Object.entries(bestanden))
    router.get(pad, (_req, res) => {
      res.set('Cache-Control', 'public, max-age=3600').type(type).send(inhoud);
    });

  const render: Render = (res, titel, inhoud, { status = 200, actief } = {}) => {
    res
      .status(status)
      .type('html')
      .send(pagina({ titel, sessie: res.locals.sessie as Sessie | undefined, actief, inhoud }));
  };

  router.get('/', (_req, res) => res.redirect(303, '/werkvoorraad'));
  router.get('/favicon.ico', (_req, res) => res.status(204).end());

  // Login: a fresh state, nonce and PKCE verifier, kept server-side under the state; the browser holds the state in
  // a short cookie, so a callback is only accepted in the browser that started the login (no login CSRF).
  router.get('/inloggen', async (req, res, next) => {
    try {
      const { url, state, verifier, nonce } = await rp.begin();
      const terug =
        typeof req.query.terug === 'string' && /^\/[a-z]/.test(req.query.terug) ? req.query.terug : '/werkvoorraad';
      opslag.begin(state, { verifier, nonce, terugNaar: terug, eindeOp: Date.now() + 10 * 60_000 });
      res.cookie(LOGIN_COOKIE, state, { ...cookieOpties, maxAge: 10 * 60_000 }).redirect(303, url);
    } catch (err) {
      next(err);
    }
  });

  router.get('/auth/callback', async (req, res, next) => {
    try {
      const { code, state } = req.query;
      const poging =
        typeof state === 'string' && gelijk(state, cookies(req).get(LOGIN_COOKIE) ?? '')
          ? opslag.neem(state)
          : undefined;
      if (typeof code !== 'string' || !poging) {
        render(
          res,
          'Inloggen mislukt',
          html`${alert('error', 'Deze inlogpoging is verlopen of ongeldig.')}
            <p class="utrecht-paragraph"><a class="utrecht-link" href="/inloggen">Opnieuw inloggen</a></p>`,
          { status: 400 },
        );
        return;
      }
      const tokens = await rp.voltooi(code, poging.verifier, poging.nonce);
      const claims = decodeJwt(tokens.accessToken);
      // For the menu only: the API decides on every call from the verified token and the register.
      const sessie = opslag.maak({
        accessToken: tokens.accessToken,
        idToken: tokens.idToken,
        medewerkerId: tokens.sub,
        naam: tokens.naam,
        deelnemerId: typeof claims.zvh_deelnemer === 'string' ? claims.zvh_deelnemer : '',
        rollen: Array.isArray(claims.zvh_rollen) ? claims.zvh_rollen.filter((r) => typeof r === 'string') : [],
        eindeOp: Math.min(tokens.verlooptOp, Date.now() + opties.maxUren * 3_600_000),
      });
      opties.log.info('web login', { sessie: sessie.id.slice(0, 8) });
      res
        .clearCookie(LOGIN_COOKIE, cookieOpties)
        .cookie(COOKIE, sessie.id, cookieOpties)
        .redirect(303, poging.terugNaar);
    } catch (err) {
      next(err);
    }
  });

  router.get('/uitgelogd', (_req, res) =>
    render(
      res,
      'U bent uitgelogd',
      html`<p class="utrecht-paragraph">U bent uitgelogd.</p>
        <p class="utrecht-paragraph"><a class="utrecht-link" href="/inloggen">Opnieuw inloggen</a></p>`,
    ),
  );

  // Everything below needs a session; forms need its CSRF token as well.
  router.use((req, res, next) => {
    const s = opslag.gebruik(cookies(req).get(COOKIE));
    if (s === undefined || s === 'verlopen') {
      res.clearCookie(COOKIE, cookieOpties);
      if (req.method === 'GET' && s === undefined) {
        res.redirect(303, `/inloggen?terug=${encodeURIComponent(req.path)}`);
        return;
      }
      render(
        res,
        'Sessie verlopen',
        html`${alert('warning', 'Uw sessie is verlopen. Log opnieuw in; wat u net invulde is niet opgeslagen.')}
          <p class="utrecht-paragraph"><a class="utrecht-link" href="/inloggen">Opnieuw inloggen</a></p>`,
        { status: 401 },
      );
      return;
    }
    res.locals.sessie = s;
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 500 }));
  router.use((req, res, next) => {
    if (req.method !== 'POST') return next();
    const token = (req.body as Record<string, unknown> | undefined)?._csrf;
    const origin = req.get('origin');
    // The token decides; an Origin of another site is refused as well ("null" is what a browser sends when it may
    // not tell, e.g. after a redirect through the IdP).
    const vreemd = origin !== undefined && origin !== 'null' && origin !== webOrigin;
    if (typeof token !== 'string' || !gelijk(token, sessieVan(res).csrf) || vreemd) {
      render(res, 'Formulier verlopen', alert('error', 'Dit formulier is verlopen. Open de pagina opnieuw.'), {
        status: 403,
      });
      return;
    }
    next();
  });

  router.post('/uitloggen', async (_req, res, next) => {
    try {
      const s = sessieVan(res);
      opslag.beeindig(s.id);
      res.clearCookie(COOKIE, cookieOpties).redirect(303, (await rp.uitlogUrl(s.idToken)) ?? '/uitgelogd');
    } catch (err) {
      next(err);
    }
  });

  router.use(paginas({ api, render, formulierPagina: formulierPagina(api, render) }));

  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    opties.log.error('web page failed', { error: err instanceof Error ? err.message : String(err) });
    render(res, 'Er ging iets mis', alert('error', 'Er ging iets mis. Probeer het later opnieuw.'), { status: 500 });
  });
  return router;
}

/** A problem answer as the form shows it; a 401 ends the session (the API no longer accepts the medewerker). */
export const isProbleem = (a: ApiAntwoord): a is ApiAntwoord<Probleem> => a.status >= 400;

export interface FormulierPaginaOpties {
  titel: string;
  actief?: string;
  velden: Veld[];
  knop: string;
  /** What comes above the form (the request being answered, say). */
  inleiding?: Html;
  /** The API call the form is: method POST, its path; `body` may adjust the body built from the fields. */
  apiPad: string;
  body?: (b: Record<string, unknown>) => Record<string, unknown>;
  /** Where to go after success (303), given the API's answer. */
  daarna: (antwoord: ApiAntwoord) => string;
}

export type FormulierPagina = (req: Request, res: Response, o: FormulierPaginaOpties) => Promise<void>;

/** GET shows the form; POST sends it to the API and shows the API's messages inline, or goes on after success. */
export function formulierPagina(api: ApiClient, render: Render): FormulierPagina {
  return async (req, res, o) => {
    const sessie = sessieVan(res);
    const toon = (waarden: Waarden, probleem?: Probleem, status = 200) =>
      render(
        res,
        o.titel,
        html`${o.inleiding ?? ''}${formulier({ ...o, actie: req.originalUrl, sessie, waarden, probleem })}`,
        { status, actief: o.actief },
      );
    if (req.method !== 'POST') return toon({});
    const form = req.body as Record<string, string>;
    const body = (o.body ?? ((b) => b))(naarBody(form, o.velden));
    const sleutel = typeof form._sleutel === 'string' ? form._sleutel : undefined;
    const antwoord = await api(sessie, 'POST', o.apiPad, body, sleutel);
    if (!isProbleem(antwoord)) {
      res.redirect(303, o.daarna(antwoord));
      return;
    }
    toon(form, antwoord.body, antwoord.status >= 500 ? 502 : antwoord.status);
  };
}
