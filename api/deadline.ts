import type { RequestHandler, Response } from 'express';
import type { Logger } from '../infra/logger';
import { problems, sendProblem } from './problem';

const VERLOPEN = Symbol('verlopen');
type MetDeadline = Response & { [VERLOPEN]?: true };

/** Whether the request's deadline answered it: its handler may still run (api/idempotentie.ts keeps the key). */
export const deadlineVerlopen = (res: Response): boolean => (res as MetDeadline)[VERLOPEN] === true;

/**
 * One deadline for the whole request (API_REQUEST_TIMEOUT_MS), whatever it waits on: past it the client gets a 503
 * with Retry-After — `uitkomst-onbekend` for a method that may have written, `niet-beschikbaar` for a read — while
 * the handler runs on; what it answers later is dropped (api/problem.ts errorHandler, api/idempotentie.ts).
 */
export function verzoekDeadline(timeoutMs: number, log: Logger): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      (res as MetDeadline)[VERLOPEN] = true;
      log.warn('request deadline passed', {
        method: req.method,
        route: req.route?.path as string | undefined,
        timeoutMs,
      });
      const leest = req.method === 'GET' || req.method === 'HEAD';
      const problem = leest
        ? problems.nietBeschikbaar('Het verzoek kon niet op tijd worden afgehandeld; probeer het zo opnieuw.')
        : problems.uitkomstOnbekend(
            'Het verzoek is niet op tijd afgehandeld. Of het is verwerkt, is niet bekend; opnieuw versturen met ' +
              'dezelfde Idempotency-Key is veilig.',
          );
      sendProblem(res, problem, req.originalUrl);
    }, timeoutMs);
    res.once('close', () => clearTimeout(timer));
    next();
  };
}
