import type { Duplex } from 'node:stream';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { z } from 'zod';
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
  ) {
    super(title);
  }
}

export const problems = {
  ongeldigeInvoer: (error: z.ZodError) =>
    new Problem(400, 'ongeldige-invoer', 'Ongeldige invoer', 'Het verzoek voldoet niet aan het schema.', {
      fouten: error.issues.map((i) => ({ pad: i.path.join('.'), melding: i.message })),
    }),
  nietGeauthenticeerd: (detail: string) => new Problem(401, 'niet-geauthenticeerd', 'Niet geauthenticeerd', detail),
  nietBevoegd: (detail: string) => new Problem(403, 'niet-bevoegd', 'Niet bevoegd', detail),
  nietGevonden: (detail: string) => new Problem(404, 'niet-gevonden', 'Niet gevonden', detail),
  verkeerdeFase: (detail: string) => new Problem(409, 'verkeerde-fase', 'Besluit past niet bij de fase van de casus', detail),
  /** Well-formed, but a rule of the law or the register forbids it (e.g. a verlenging without every agreement). */
  nietToegestaan: (slug: string, title: string, detail: string) => new Problem(422, slug, title, detail),
  /** The same Idempotency-Key with another request (draft-ietf-httpapi-idempotency-key-header: 422). */
  idempotencyKeyHergebruikt: (detail: string) => new Problem(422, 'idempotency-key-hergebruikt', 'Idempotency-Key hergebruikt', detail),
  nietBeschikbaar: (detail: string) => new Problem(503, 'niet-beschikbaar', 'Dienst tijdelijk niet beschikbaar', detail),
};

/** Validates input with a zod schema; anything invalid becomes a 400 problem naming each offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw problems.ongeldigeInvoer(result.error);
  return result.data;
}

export function sendProblem(res: Response, p: Problem, instance: string): void {
  if (p.status === 401) res.set('WWW-Authenticate', 'Bearer realm="zvh-wgs"');
  res
    .status(p.status)
    .type('application/problem+json')
    .json({ type: `urn:zvh-wgs:probleem:${p.slug}`, title: p.title, status: p.status, detail: p.detail, instance, ...p.extra });
}

/** Only JSON bodies are accepted; anything else is a 415 rather than an empty body that fails validation. */
export const requireJson: RequestHandler = (req, res, next) => {
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is('application/json')) {
    sendProblem(res, new Problem(415, 'mediatype-niet-ondersteund', 'Mediatype niet ondersteund', 'Stuur de body als application/json.'), req.originalUrl);
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
  'encoding.unsupported': (s) => new Problem(s, 'codering-niet-ondersteund', 'Codering niet ondersteund', 'Gebruik UTF-8.'),
  'charset.unsupported': (s) => new Problem(s, 'codering-niet-ondersteund', 'Codering niet ondersteund', 'Gebruik UTF-8.'),
  'request.aborted': (s) => new Problem(s, 'verzoek-afgebroken', 'Verzoek afgebroken'),
};

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof Problem) return sendProblem(res, err, req.originalUrl);
    const e = err as { type?: unknown; status?: unknown };
    const known = typeof e.type === 'string' ? bodyParserProblems[e.type] : undefined;
    if (known && typeof e.status === 'number' && e.status >= 400 && e.status < 500) return sendProblem(res, known(e.status), req.originalUrl);
    // Other client errors raised by Express's own parts: a path parameter that does not decode (`%E0%A4%A`), a body
    // that does not inflate as its Content-Encoding says. Our code throws Problems; database errors carry no status.
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendProblem(res, new Problem(e.status, 'onleesbaar-verzoek', 'Onleesbaar verzoek', 'Het pad of de body van het verzoek is niet te lezen.'), req.originalUrl);
    }
    // Unexpected. Messages of database errors can quote the data, so only the error's name and code are logged.
    const code = (err as { code?: unknown }).code;
    log.error('unhandled error', {
      method: req.method,
      route: req.route?.path as string | undefined,
      error: err instanceof Error ? err.name : typeof err,
      code: typeof code === 'string' ? code : undefined,
    });
    sendProblem(res, new Problem(500, 'interne-fout', 'Interne fout', 'Er ging iets mis aan onze kant.'), req.originalUrl);
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
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
