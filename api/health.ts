import { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../infra/db';
import { taskQueuePollers } from '../infra/temporal';
import { endpoint } from './endpoints';
import { sendProblem, Problem } from './problem';

const CHECK_TIMEOUT_MS = 3000;

type Status = 'ok' | 'onbereikbaar' | 'geen-worker';

/** A probe that throws or times out: unreachable; one that answers false: `failed`. */
async function check(probe: () => Promise<unknown>, failed: Status = 'onbereikbaar'): Promise<Status> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([probe(), timeout])) === false ? failed : 'ok';
  } catch {
    return 'onbereikbaar';
  } finally {
    clearTimeout(timer);
  }
}

function respond(req: Request, res: Response, checks: Record<string, Status>): void {
  if (Object.values(checks).every((s) => s === 'ok')) {
    res.json({ status: 'ok', checks });
    return;
  }
  const geenWorker = checks.worker === 'geen-worker';
  const detail = geenWorker ? 'Geen worker haalt taken op.' : 'Een afhankelijkheid is onbereikbaar.';
  sendProblem(res, new Problem(503, 'niet-gezond', 'Niet gezond', detail, { checks }), req.originalUrl);
}

export interface HealthOptions {
  taskQueue: string;
  /** A worker counts as there when it polled for workflow and for activity tasks at most this long ago. */
  pollerMaxAgeMs: number;
}

/**
 * Unauthenticated, revealing no data. `/health/live`: the process answers (no dependency asked). `/health/ready`:
 * Postgres and Temporal answer and a worker polls the task queue, so a decision can be taken. `/health`: Postgres
 * and Temporal, as before readiness existed (a worker outage leaves it 200).
 */
export function healthRoutes(db: Db, temporal: Client, { taskQueue, pollerMaxAgeMs }: HealthOptions): Router {
  const postgres = () => check(() => db.$queryRaw`SELECT 1`);
  const temporalServer = () => check(() => temporal.connection.workflowService.getSystemInfo({}));
  const worker = () =>
    check(async () => {
      const pollers = await taskQueuePollers(temporal.connection, temporal.options.namespace, taskQueue);
      const recent = (kind: keyof typeof pollers) =>
        pollers[kind].some((p) => Date.now() - p.lastAccessMs <= pollerMaxAgeMs);
      return recent('workflow') && recent('activity');
    }, 'geen-worker');
  return Router()
    .get(
      '/health/live',
      endpoint('publiek', (_req, res) => void res.json({ status: 'ok' })),
    )
    .get(
      '/health/ready',
      endpoint('publiek', async (req, res) => {
        const [p, t, w] = await Promise.all([postgres(), temporalServer(), worker()]);
        respond(req, res, { postgres: p, temporal: t, worker: w });
      }),
    )
    .get(
      '/health',
      endpoint('publiek', async (req, res) => {
        const [p, t] = await Promise.all([postgres(), temporalServer()]);
        respond(req, res, { postgres: p, temporal: t });
      }),
    );
}
