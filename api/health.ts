import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../infra/db';
import { endpoint } from './endpoints';
import { sendProblem, Problem } from './problem';

const CHECK_TIMEOUT_MS = 3000;

async function check(probe: () => Promise<unknown>): Promise<'ok' | 'onbereikbaar'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch {
    return 'onbereikbaar';
  } finally {
    clearTimeout(timer);
  }
}

/** GET /health: Postgres and Temporal both answer. Unauthenticated; reveals no data. */
export function healthRoutes(db: Db, temporal: Client): Router {
  return Router().get('/health', endpoint('publiek', async (req, res) => {
    const [postgres, temporalStatus] = await Promise.all([
      check(() => db.$queryRaw`SELECT 1`),
      check(() => temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const checks = { postgres, temporal: temporalStatus };
    if (postgres === 'ok' && temporalStatus === 'ok') {
      res.json({ status: 'ok', checks });
      return;
    }
    sendProblem(res, new Problem(503, 'niet-gezond', 'Niet gezond', 'Een afhankelijkheid is onbereikbaar.', { checks }), req.originalUrl);
  }));
}
