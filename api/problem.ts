import type { Duplex } from 'node:stream';
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { API_VERSIE } from '../infra/api-versie';
import { weigeringen, type Weigercode } from '../domain/weigeringen';
import type { Logger } from '../infra/logger';

/**
 * Every 4xx/5xx answer is an RFC 9457 problem (application/problem+json). Titles and details are Dutch: people
 * read them. `type` is a stable URN per kind of problem so that clients can branch on it.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    /** Seconds after which a retry may succeed (Retry-After): outages only. */
    readonly retryAfterS?: number,
  ) {
    super(title);
  }
}

/** What a 503 tells the client to wait before retrying; the outages the stack recovers from take seconds. */
const RETRY_AFTER_S = 5;

/** One invalid input, as RFC 9457 names it (`invalid-params`): its path in the request and why it is invalid. */
export interface OngeldigeParam {
  name: string;
  reason: string;
}

export const problems = {
  /**
   * Input that is not what the API accepts (Logius /core/error-handling/invalid-input: 400), with every error found
   * (/all-errors). Well-formed input that a rule of the law or the register refuses is a 422 (nietToegestaan).
   */
  ongeldigeInvoer: (fouten: z.ZodError | OngeldigeParam[], detail = 'Het verzoek voldoet niet aan het schema.') =>
    new Problem(400, 'ongeldige-invoer', 'Ongeldige invoer', detail, {
      'invalid-params': Array.isArray(fouten)
        ? fouten
        : fouten.issues.map((i) => ({ name: i.path.map(String).join('.'), reason: i.message })),
    }),
  nietGeauthenticeerd: (detail: string) => new Problem(401, 'niet-geauthenticeerd', 'Niet geauthenticeerd', detail),
  nietBevoegd: (detail: string) => problems.weigering('NIET_BEVOEGD', detail),
  nietGevonden: (detail: string) => new Problem(404, 'niet-gevonden', 'Niet gevonden', detail),
  verkeerdeFase: (detail: string) => problems.weigering('VERKEERDE_FASE', detail),
  /** A refusal declared in domain/weigeringen.ts: its status and title, with the workflow's reason as the detail. */
  weigering: (code: Weigercode, detail: string) => {
    const { status, slug, titel } = weigeringen[code];
    return new Problem(status, slug, titel, detail);
  },
  /** Well-formed, but a rule of the law or the register forbids it (e.g. a verlenging without every agreement). */
  nietToegestaan: (slug: string, title: string, detail: string) => new Problem(422, slug, title, detail),
  /** The same Idempotency-Key with another request (draft-ietf-httpapi-idempotency-key-header: 422). */
  idempotencyKeyHergebruikt: (detail: string) =>
    new Problem(422, 'idempotency-key-hergebruikt', 'Idempotency-Key hergebruikt', detail),
  nietBeschikbaar: (detail: string) =>
    new Problem(503, 'niet-beschikbaar', 'Dienst tijdelijk niet beschikbaar', detail, {}, RETRY_AFTER_S),
  /** Temporal did not answer within the request's deadline: a start or Update may still take effect later. */
  uitkomstOnbekend: (
    detail = 'Het procesplatform antwoordde niet op tijd. Of het verzoek is verwerkt, is niet bekend; opnieuw ' +
      'versturen met dezelfde Idempotency-Key is veilig.',
  ) => new Problem(503, 'uitkomst-onbekend', 'Uitkomst onbekend', detail, {}, RETRY_AFTER_S),
};

/** Validates input with a zod schema; anything invalid becomes a 400 problem naming each offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw problems.ongeldigeInvoer(result.error);
  return result.data;
}

export function sendProblem(res: Response, p: Problem, instance: string): void {
  if (p.status === 401) res.set('WWW-Authenticate', 'Bearer realm="zvh-wgs"');
  if (p.retryAfterS !== undefined) res.set('Retry-After', String(p.retryAfterS));
  res
    .status(p.status)
    .type('application/problem+json')
    .json({
      type: `urn:zvh-wgs:probleem:${p.slug}`,
      title: p.title,
      status: p.status,
      detail: p.detail,
      instance,
      ...p.extra,
    });
}

/** Only JSON bodies are accepted; anything else is a 415 rather than an empty body that fails validation. */
export const requireJson: RequestHandler = (req, res, next) => {
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is('application/json')) {
    sendProblem(
      res,
      new Problem(
        415,
        'mediatype-niet-ondersteund',
        'Mediatype niet ondersteund',
        'Stuur de body als application/json.',
      ),
      req.originalUrl,
    );
    return;
  }
  next();
};

export const notFound: RequestHandler = (req, res) =>
  sendProblem(res, problems.nietGevonden(`Geen endpoint ${req.method} ${req.path}.`), req.originalUrl);

/** The type of the error api/app.ts raises for a body whose bytes are not UTF-8. */
export const ONGELDIGE_UTF8 = 'encoding.invalid';

/** body-parser's own errors carry a status and a type; they are the client's fault, not ours. */
const bodyParserProblems: Record<string, (status: number) => Problem> = {
  [ONGELDIGE_UTF8]: (s) => new Problem(s, 'ongeldige-codering', 'Ongeldige codering', 'De body is geen geldige UTF-8.'),
  'entity.parse.failed': (s) => new Problem(s, 'ongeldige-json', 'Ongeldige JSON', 'De body is geen geldige JSON.'),
  'entity.too.large': (s) => new Problem(s, 'body-te-groot', 'Body te groot', 'De body is groter dan toegestaan.'),
  'encoding.unsupported': (s) =>
    new Problem(s, 'codering-niet-ondersteund', 'Codering niet ondersteund', 'Gebruik UTF-8.'),
  'charset.unsupported': (s) =>
    new Problem(s, 'codering-niet-ondersteund', 'Codering niet ondersteund', 'Gebruik UTF-8.'),
  'request.aborted': (s) => new Problem(s, 'verzoek-afgebroken', 'Verzoek afgebroken'),
};

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** Temporal unreachable, or not answering within the request's deadline (api/app.ts), anywhere in the causes. */
function temporalOnbereikbaar(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e) && (e.code === GRPC_DEADLINE_EXCEEDED || e.code === GRPC_UNAVAILABLE)) return true;
  }
  return false;
}

// Prisma's codes for an unreachable, timed-out or closed database and an exhausted pool; the pg adapter's kinds for
// socket errors; SQLSTATEs of a server that is not there (08xxx), shutting down or starting (57P01–03) or full.
const PRISMA_ONBEREIKBAAR = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_ONBEREIKBAAR = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const SQLSTATE_ONBEREIKBAAR = /^(08|57P0[123]$|53300$)/;
const SOCKET_ONBEREIKBAAR = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE']);
// node-postgres' own connection errors carry no code; their messages quote no data.
const PG_ONBEREIKBAAR =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a conn)/;
/** node-postgres' query_timeout (infra/db.ts): Postgres did not answer a query in time. Prisma may wrap it. */
const PG_GEEN_ANTWOORD = 'Query read timeout';

function databaseOnbereikbaar(err: unknown): boolean {
  type AdapterCause = { kind?: unknown; code?: unknown; originalCode?: unknown };
  const e = err as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: AdapterCause } } };
  if (typeof e.code === 'string' && (PRISMA_ONBEREIKBAAR.has(e.code) || SOCKET_ONBEREIKBAAR.has(e.code))) return true;
  // P2028 also names our own misuse of a transaction; only waiting in vain for a connection is an outage.
  if (e.code === 'P2028' && String(e.message).includes('Unable to start a transaction')) return true;
  // Prisma wraps the adapter's error in most calls; some (e.g. inside an interactive transaction) throw it bare.
  const bare = err instanceof Error && err.name === 'DriverAdapterError' ? (err.cause as AdapterCause) : undefined;
  const cause = e.meta?.driverAdapterError?.cause ?? bare;
  const sqlState = String(cause?.code ?? cause?.originalCode ?? '');
  if (cause && (ADAPTER_ONBEREIKBAAR.has(String(cause.kind)) || SQLSTATE_ONBEREIKBAAR.test(sqlState))) return true;
  if (!(err instanceof Error)) return false;
  return PG_ONBEREIKBAAR.test(err.message) || err.message.includes(PG_GEEN_ANTWOORD);
}

/** A dependency that is down answers 503 with Retry-After, never 500: the request was fine, a retry can succeed. */
function outageProblem(err: unknown): { dependency: 'temporal' | 'postgres'; problem: Problem } | undefined {
  if (temporalOnbereikbaar(err)) return { dependency: 'temporal', problem: problems.uitkomstOnbekend() };
  if (!databaseOnbereikbaar(err)) return undefined;
  const detail = 'De database is tijdelijk niet bereikbaar; probeer het zo opnieuw.';
  return { dependency: 'postgres', problem: problems.nietBeschikbaar(detail) };
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    // The request's deadline answered already (api/deadline.ts): what the handler ends with is for nobody.
    if (res.headersSent) {
      const error = err instanceof Problem ? err.slug : err instanceof Error ? err.name : typeof err;
      const route = req.route?.path as string | undefined;
      log.warn('answer after the request deadline dropped', { method: req.method, route, error });
      return;
    }
    if (err instanceof Problem) return sendProblem(res, err, req.originalUrl);
    const e = err as { type?: unknown; status?: unknown };
    const known = typeof e.type === 'string' ? bodyParserProblems[e.type] : undefined;
    if (known && typeof e.status === 'number' && e.status >= 400 && e.status < 500)
      return sendProblem(res, known(e.status), req.originalUrl);
    // Other client errors raised by Express's own parts: a path parameter that does not decode (`%E0%A4%A`), a body
    // that does not inflate as its Content-Encoding says. Our code throws Problems; database errors carry no status.
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendProblem(
        res,
        new Problem(
          e.status,
          'onleesbaar-verzoek',
          'Onleesbaar verzoek',
          'Het pad of de body van het verzoek is niet te lezen.',
        ),
        req.originalUrl,
      );
    }
    // Messages of database errors can quote the data, so only the error's name and code are logged.
    const code = (err as { code?: unknown }).code;
    const outage = outageProblem(err);
    if (outage) {
      const { dependency, problem } = outage;
      const route = req.route?.path as string | undefined;
      const error = err instanceof Error ? err.name : typeof err;
      const fields = {
        method: req.method,
        route,
        dependency,
        error,
        code: typeof code === 'string' ? code : undefined,
      };
      log.warn('dependency unavailable', fields);
      return sendProblem(res, problem, req.originalUrl);
    }
    log.error('unhandled error', {
      method: req.method,
      route: req.route?.path as string | undefined,
      error: err instanceof Error ? err.name : typeof err,
      code: typeof code === 'string' ? code : undefined,
    });
    sendProblem(
      res,
      new Problem(500, 'interne-fout', 'Interne fout', 'Er ging iets mis aan onze kant.'),
      req.originalUrl,
    );
  };
}

/**
 * Requests Node's HTTP parser rejects (malformed request line, oversized headers) never reach Express; answer them
 * in the same problem format instead of Node's bare 400.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) return;
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({
    type: 'urn:zvh-wgs:probleem:onleesbaar-verzoek',
    title: status === 431 ? 'Headers te groot' : 'Onleesbaar verzoek',
    status,
    detail: 'Het HTTP-verzoek kon niet worden gelezen.',
  });
  const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/problem+json\r\napi-version: ${API_VERSIE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
