import { HOUR_MS } from '../domain/dates';
import { createHash, randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import { sha256Hex } from '../infra/ondertekening';
import type { Authenticate } from './auth';
import { deadlineVerlopen } from './deadline';
import { rawBodyVan } from './koppeling-auth';
import { Problem, problems } from './problem';

/**
 * `Idempotency-Key` on a medewerker's POST (draft-ietf-httpapi-idempotency-key-header): the first request under a
 * key (per medewerker) runs and its answer — any 2xx or 4xx — is kept in Postgres (`idempotent_verzoek`) for
 * ZVH_IDEMPOTENCY_KEY_UREN and replayed to every repeat (`Idempotent-Replayed: true`) without running again; the
 * same key with another method, path or body → 422; while the first still runs → 409. A 5xx is not kept: the repeat
 * runs again, and what the first did is found by the id `nieuwId` derives from the key. The request deadline's 503
 * (api/deadline.ts) leaves the key reserved while the first runs on, and released once it ends. Without a key
 * nothing changes.
 */
const IDEMPOTENTIE = Symbol('idempotentie');
type MetSleutel = Request & { [IDEMPOTENTIE]?: { medewerkerId: string; sleutel: string } };

/** Opaque, as the client sent it: 1–255 printable ASCII characters. */
const SLEUTEL = /^[\x20-\x7e]{1,255}$/;
/** Partner messages have their own, required key (api/koppeling-auth.ts `eenmaal`); the codec creates nothing. */
const NIET_HIER = /^\/(koppeling|codec)(\/|$)/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The id of what a request creates: without a key a random UUID; with one, derived from medewerker and key (a
 * version-8 UUID, RFC 9562), so a repeat of a request whose answer was lost finds what the first one made.
 */
export function nieuwId(req: Request): string {
  const k = (req as MetSleutel)[IDEMPOTENTIE];
  if (!k) return randomUUID();
  const h = createHash('sha256').update(`zvh-idempotentie\n${k.medewerkerId}\n${k.sleutel}`).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The key-derived id (`nieuwId`) of a request under an Idempotency-Key; without one, none. */
export const sleutelId = (req: Request): string | undefined =>
  (req as MetSleutel)[IDEMPOTENTIE] ? nieuwId(req) : undefined;

/** The records an answer is about — ids in the path and the id of what it created — whose end takes it along. */
const onderwerpen = (pad: string, body: unknown): string[] => {
  const id = (body as { id?: unknown } | null)?.id;
  const ids = [...pad.matchAll(new RegExp(UUID, 'gi'))].map((m) => m[0].toLowerCase());
  const gemaakt = typeof id === 'string' && new RegExp(`^${UUID}$`, 'i').test(id) ? [id.toLowerCase()] : [];
  return [...new Set([...ids, ...gemaakt])];
};

export interface IdempotentieDeps {
  db: Db;
  authenticate: Authenticate;
  /** ZVH_IDEMPOTENCY_KEY_UREN: how long an answer is kept; an older key counts as new. */
  bewaarUren: number;
  /**
   * How long a first request counts as running: longer than any request may take (its Temporal deadline plus the
   * database's). One whose process died, or whose reservation could not be released, is taken over after this.
   */
  bezigMs: number;
  log: Logger;
}

export function idempotentie({ db, authenticate, bewaarUren, bezigMs, log }: IdempotentieDeps): RequestHandler {
  return async (req, res, next) => {
    const sleutel = req.get('idempotency-key');
    if (req.method !== 'POST' || sleutel === undefined || NIET_HIER.test(req.path)) return next();
    if (!SLEUTEL.test(sleutel)) {
      const detail = 'Een Idempotency-Key bestaat uit 1 tot 255 afdrukbare ASCII-tekens.';
      throw new Problem(400, 'ongeldige-idempotency-key', 'Ongeldige Idempotency-Key', detail);
    }
    const { medewerkerId } = await authenticate(req);
    const verzoekHash = sha256Hex(Buffer.concat([Buffer.from(`${req.method} ${req.originalUrl}\n`), rawBodyVan(req)]));
    const waar = { medewerkerId_sleutel: { medewerkerId, sleutel } };
    const nu = Date.now();

    // Reserve the key; a row that is there already is this key's earlier request.
    for (let poging = 0; ; poging++) {
      const eerder = await db.idempotentVerzoek.findUnique({ where: waar });
      if (eerder && eerder.createdAt.getTime() < nu - bewaarUren * HOUR_MS) {
        await db.idempotentVerzoek.deleteMany({ where: { medewerkerId, sleutel, createdAt: eerder.createdAt } });
        continue;
      }
      if (eerder && eerder.verzoekHash !== verzoekHash) {
        throw problems.idempotencyKeyHergebruikt('Deze Idempotency-Key hoort bij een ander verzoek.');
      }
      if (eerder?.status != null) {
        res.status(eerder.status).set('Idempotent-Replayed', 'true');
        if (eerder.locatie) res.location(eerder.locatie);
        if (eerder.status >= 400) res.type('application/problem+json');
        res.json(eerder.antwoord);
        return;
      }
      const bezigTot = new Date(nu + bezigMs);
      if (eerder) {
        // Still running, unless its process died: then this repeat takes it over.
        const verlopen = { medewerkerId, sleutel, status: null, bezigTot: { lt: new Date(nu) } };
        const { count } = await db.idempotentVerzoek.updateMany({ where: verlopen, data: { bezigTot } });
        if (count === 1) break;
        res.set('Retry-After', '5');
        const detail = 'Een verzoek met deze Idempotency-Key wordt nog verwerkt; herhaal het zo dadelijk.';
        throw new Problem(409, 'verzoek-loopt-nog', 'Verzoek loopt nog', detail);
      }
      try {
        await db.idempotentVerzoek.create({ data: { medewerkerId, sleutel, verzoekHash, bezigTot } });
        break;
      } catch (err) {
        // A concurrent request under the same key reserved it first: look again.
        if ((err as { code?: unknown }).code !== 'P2002' || poging > 2) throw err;
      }
    }

    (req as MetSleutel)[IDEMPOTENTIE] = { medewerkerId, sleutel };
    const vergeet = () => db.idempotentVerzoek.deleteMany({ where: { medewerkerId, sleutel, status: null } });
    const stuur = res.json.bind(res);
    let beantwoord = false;
    // Every answer of these routes is JSON (a problem too). It is kept before it leaves: a client that got it can
    // rely on a repeat getting it too.
    res.json = (body: unknown) => {
      // The deadline's 503 (api/deadline.ts): the request still runs, so its key stays reserved. What it answers
      // later is not kept but released: a repeat runs again and finds what this one made (nieuwId).
      if (deadlineVerlopen(res)) {
        if (!res.headersSent) return stuur(body);
        void vergeet().catch(() => undefined);
        return res;
      }
      beantwoord = true;
      const status = res.statusCode;
      const bewaard =
        status >= 500
          ? vergeet()
          : db.idempotentVerzoek.updateMany({
              where: { medewerkerId, sleutel, status: null },
              data: {
                status,
                antwoord: body as Prisma.InputJsonValue,
                locatie: res.get('location') ?? null,
                onderwerpen: onderwerpen(req.path, body),
              },
            });
      // Without the record the answer still goes out; a repeat then runs again once the reservation lapses.
      void bewaard.catch(() => log.warn('idempotency record not written', { status })).finally(() => stuur(body));
      return res;
    };
    res.on('finish', () => {
      if (!beantwoord && !deadlineVerlopen(res)) void vergeet().catch(() => undefined);
    });
    next();
  };
}
