import { DAY_MS } from '../domain/dates';
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { RiecActivities } from '../activities/riec';
import { publiceerStand } from './stand';
import { weigercodes } from '../domain/weigeringen';

// One workflow per afstemming with a RIEC (WGS 1.7), id `riec-afstemming-<uuid>`: ids, enums and timestamps only;
// the texts and the data items stay in Postgres until the activity builds the message.
export interface RiecAfstemmingInput {
  afstemmingId: string;
}

export type RiecAfstemmingFase = 'AFLEVEREN' | 'AFGELEVERD' | 'MISLUKT';

export interface RiecAfstemmingResultaat {
  afstemmingId: string;
  fase: RiecAfstemmingFase;
}

export const riecAfstemmingWorkflowId = (afstemmingId: string): string => `riec-afstemming-${afstemmingId}`;

/** How long delivery is retried (backoff 1 s doubling to 10 min) before the procesregie is told it failed. */
export const RIEC_AFLEVERTERMIJN_MS = DAY_MS;

const aflevering = proxyActivities<RiecActivities>({
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: RIEC_AFLEVERTERMIJN_MS,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
const activities = proxyActivities<RiecActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: weigercodes },
});

/**
 * Delivers the afstemming to the RIEC's system (signed, Idempotency-Key = the afstemming id), retrying what can
 * succeed later (unreachable, timeout, 408/429/5xx) until the delivery term ends; a refusal (other 4xx) is final at
 * once. Undelivered, the procesregie is told, once. Short-lived: no continue-as-new needed.
 */
export async function riecAfstemmingWorkflow({ afstemmingId }: RiecAfstemmingInput): Promise<RiecAfstemmingResultaat> {
  const publish = (fase: RiecAfstemmingFase, deadline: Date | null) => publiceerStand(`RIEC_${fase}`, deadline);
  publish('AFLEVEREN', new Date(Date.now() + RIEC_AFLEVERTERMIJN_MS));
  try {
    await aflevering.leverRiecAfstemmingAf(afstemmingId);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // The cause's message names the partner's host and HTTP status, or the timeout: no content.
    const fout =
      err.cause instanceof ApplicationFailure && err.cause.type === 'PARTNER_WEIGERT'
        ? `het RIEC weigerde het bericht (${err.cause.message})`
        : `niet afgeleverd (${err.cause?.message ?? 'onbekend'})`;
    await activities.meldRiecAfstemmingMislukt({ afstemmingId, fout });
    publish('MISLUKT', null);
    return { afstemmingId, fase: 'MISLUKT' };
  }
  publish('AFGELEVERD', null);
  return { afstemmingId, fase: 'AFGELEVERD' };
}
