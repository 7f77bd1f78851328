import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from '../infra/logger';
import { gelijk } from '../web/sessie';
import { Problem, sendProblem } from './problem';

export interface HardeningOptions {
  /** Requests per client (IP address) per minute; more get a 429 problem. The health checks are exempt. */
  rateLimitPerMinute: number;
  log: Logger;
  /**
   * The web application's mark on its own calls to this API (web/api.ts), a random secret of this process: they are
   * not counted, as the browser's request behind them was (the web pages pass this same limit).
   */
  interneSleutel?: string;
}

const WINDOW_MS = 60_000;
const HEALTH_PATHS = new Set(['/health', '/health/live', '/health/ready']);

/**
 * The first middleware of the API: security headers on every answer (problems and 429s included) and a rate limit
 * per client. Clients are told apart by IP address, because the limit must hold before (and against failed)
 * authentication; the in-memory store counts per API process.
 */
export function hardening({ rateLimitPerMinute, log, interneSleutel }: HardeningOptions): Router {
  const vanWeb = (req: Request) => {
    const merk = req.get('x-zvh-web');
    return interneSleutel !== undefined && merk !== undefined && gelijk(merk, interneSleutel);
  };
  const errorCode = (err: unknown) =>
    typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
  return Router()
    .use(
      helmet({
        // A JSON API serves no documents: nothing may be loaded, framed or run on the strength of its answers.
        contentSecurityPolicy: {
          useDefaults: false,
          directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
        },
        strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
        xPoweredBy: true, // removes X-Powered-By
      }),
      (_req, res, next) => {
        // Answers carry personal data: no shared or browser cache may keep them.
        res.set('Cache-Control', 'no-store');
        next();
      },
    )
    .use(
      rateLimit({
        windowMs: WINDOW_MS,
        limit: rateLimitPerMinute,
        standardHeaders: 'draft-6', // RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset; Retry-After on 429
        legacyHeaders: false,
        skip: (req) => HEALTH_PATHS.has(req.path) || vanWeb(req),
        handler: (req, res) =>
          sendProblem(
            res,
            new Problem(
              429,
              'te-veel-verzoeken',
              'Te veel verzoeken',
              `Meer dan ${rateLimitPerMinute} verzoeken per minuut; probeer het later opnieuw.`,
            ),
            req.originalUrl,
          ),
        // The library's own messages can quote client addresses: log their codes only.
        logger: {
          error: (err) => log.error('rate limiter', { code: errorCode(err) }),
          warn: (err) => log.warn('rate limiter', { code: errorCode(err) }),
        },
      }),
    );
}
