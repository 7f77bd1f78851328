import { Router, type Request, type RequestHandler } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import { logAudit } from '../infra/audit';
import { autoriseer } from './authorize';
import { endpoint } from './endpoints';
import { parseInput, Problem } from './problem';
import type { RouteDeps } from './deps';

/**
 * The remote codec for the Temporal Web UI (and CLI): Temporal's codec server protocol, `POST /v1/codec/decode` and
 * `POST /v1/codec/encode`, each taking and answering `{ "payloads": [ { "metadata": { key: base64 }, "data": base64 } ] }`
 * and running the payloads through the project's PayloadCodec (infra/codec.ts). The UI calls it from the browser with
 * `Content-Type: application/json` and `X-Namespace: <namespace>`, plus `Authorization: Bearer <access token>` when it
 * passes its token (only to an https endpoint) or the endpoint's cookies when it includes cross-origin credentials.
 *
 * Who: operators only (role `operator`, policy action `codec.gebruiken`). SPEC §1 says operators see no personal
 * data; decoding nonetheless is allowed to them because Temporal payloads carry ids, enums and dates only (docs/operations.md,
 * "Payload encryption"): personal data lives in Postgres, never in a workflow history. Should a payload ever carry
 * personal data, this endpoint would leak it to operators; keeping payloads free of it is what makes this safe.
 * Every use is logged (ids and counts, never payload content).
 */
export interface CodecRouteDeps extends RouteDeps {
  codec: PayloadCodec;
  /** Origin of the Temporal Web UI (TEMPORAL_UI_ORIGIN): the one browser origin that may call the codec. */
  uiOrigin: string;
  /** The Temporal namespace whose payloads our keys encrypt; a UI asking for another one is refused. */
  namespace: string;
}

/** What the app is configured with (api/app.ts); db and authenticate are the app's own. */
export type CodecServerOptions = Omit<CodecRouteDeps, 'db' | 'authenticate'>;

export const CODEC_ACTIE = 'codec.gebruiken';
/**
 * Cookie with an operator's bearer token, for a Web UI that has no login of its own and so no token to pass
 * (`npm start`'s dev server): set on the API's host with path /v1/codec, sent when the UI includes cross-origin
 * credentials. Accepted only on requests from the UI origin and only without an Authorization header.
 */
export const CODEC_TOKEN_COOKIE = 'zvh_codec_token';
const ALLOW_HEADERS = 'authorization, content-type, x-namespace';
const MAX_PAYLOADS = 1000;

// Proto3 JSON bytes: standard or URL-safe base64, padding optional.
const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'moet base64 zijn');
const payloadSchema = z.strictObject({
  metadata: z.record(z.string().min(1).max(256), base64).optional(),
  data: base64.optional(),
  // Part of the Payload message; this project stores no payloads externally, so it must be empty when present.
  externalPayloads: z.array(z.unknown()).max(0).optional(),
});
// Proto3 JSON omits an empty list: the CLI sends `{}` to encode a query without arguments.
export const codecBodySchema = z.strictObject({ payloads: z.array(payloadSchema).max(MAX_PAYLOADS).default([]) });

type JsonPayload = z.infer<typeof payloadSchema>;

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]),
  ),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});

const b64 = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? new Uint8Array()).toString('base64');
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  data: b64(p.data),
});

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function codecRoutes({ db, authenticate, codec, uiOrigin, namespace }: CodecRouteDeps): Router {
  const router = Router();

  // CORS for the Web UI's origin only. A browser sends Origin with every cross-origin request; other origins are
  // refused outright (also their preflight), so no other page can use an operator's cookie or read an answer.
  // Requests without Origin come from no browser (CLI, curl); CORS does not apply to them.
  const cors: RequestHandler = (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    if (origin === undefined) return next();
    if (origin !== uiOrigin) {
      throw new Problem(
        403,
        'herkomst-niet-toegestaan',
        'Herkomst niet toegestaan',
        `Alleen de Temporal UI (${uiOrigin}) mag de codec vanuit een browser gebruiken.`,
      );
    }
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
    if (req.method === 'OPTIONS') {
      res
        .set({
          'Access-Control-Allow-Methods': 'POST',
          'Access-Control-Allow-Headers': ALLOW_HEADERS,
          'Access-Control-Max-Age': '600',
        })
        .status(204)
        .end();
      return;
    }
    next();
  };
  router.use('/codec', cors);

  const codecEndpoint = (richting: 'decode' | 'encode') =>
    endpoint(CODEC_ACTIE, async (req, res) => {
      if (req.get('authorization') === undefined && req.get('origin') === uiOrigin) {
        const token = cookie(req, CODEC_TOKEN_COOKIE);
        if (token) req.headers.authorization = `Bearer ${token}`;
      }
      const actor = await authenticate(req);
      await autoriseer(db, CODEC_ACTIE, { actor }); // operators only; a refusal is logged and answered 403
      // The CLI sends the header empty when no --namespace is given: no namespace asked, like a missing header.
      const gevraagd = req.get('x-namespace') || undefined;
      if (gevraagd !== undefined && gevraagd !== namespace) {
        throw new Problem(
          400,
          'onbekende-namespace',
          'Onbekende namespace',
          `Deze codec hoort bij namespace "${namespace}", niet bij "${gevraagd}".`,
        );
      }
      const payloads = parseInput(codecBodySchema, req.body).payloads.map(fromJson);
      let result: Payload[];
      try {
        result = richting === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
      } catch (err) {
        // The codec's messages name key ids at most, never key material or payload content.
        throw new Problem(
          422,
          'payload-niet-te-verwerken',
          'Payload niet te verwerken',
          err instanceof Error ? err.message : 'De codec weigerde de payloads.',
        );
      }
      await logAudit(db, {
        medewerkerId: actor.medewerkerId,
        deelnemerId: actor.deelnemerId,
        actie: CODEC_ACTIE,
        casusId: null,
        grondslag: beleid[CODEC_ACTIE].grondslag,
        uitkomst: 'TOEGESTAAN',
        detail: { richting, aantal: payloads.length, namespace },
      });
      res.json({ payloads: result.map(toJson) });
    });

  router.post('/codec/decode', codecEndpoint('decode'));
  router.post('/codec/encode', codecEndpoint('encode'));
  return router;
}
