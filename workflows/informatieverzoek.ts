import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineQuery,
  defineSignal,
  isCancellation,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { InformatieverzoekActivities, EscalatieReden } from '../activities/informatieverzoek';
import { publiceerStand } from './stand';
import { weigercodes } from '../domain/weigeringen';

// One workflow per information request to a deelnemer (WGS 2.31 lid 3; issue #7), id `informatieverzoek-<uuid>`:
// ids, enums and timestamps only. What is asked, about whom, and the answer live in Postgres.
export interface InformatieverzoekInput {
  verzoekId: string;
}

export type InformatieverzoekFase = 'AFLEVEREN' | 'AFGELEVERD' | 'BEANTWOORD' | 'GEESCALEERD';

export interface InformatieverzoekStatus {
  verzoekId: string;
  fase: InformatieverzoekFase;
  termijnOp: string | null;
  afgeleverdVia: 'HTTPS' | 'MAIL' | null;
  escalatie: EscalatieReden | null;
}

export const informatieverzoekWorkflowId = (verzoekId: string): string => `informatieverzoek-${verzoekId}`;
/** The API received an answer (from the deelnemer's system or one of its medewerkers). */
export const beantwoord = defineSignal('beantwoord');
export const informatieverzoekStatus = defineQuery<InformatieverzoekStatus>('informatieverzoekStatus');

const activities = proxyActivities<InformatieverzoekActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: weigercodes },
});

/**
 * Delivers the request through the deelnemer's koppeling (signed HTTPS, or a notification mail without personal
 * data), retrying with backoff until the answer's deadline; a partner that refuses the message is not retried. An
 * answer ends it. At the deadline — undelivered, refused or unanswered — the procesregie is warned, once. An answer
 * that comes later is still taken by the API; this workflow has done its part by then.
 */
export async function informatieverzoekWorkflow({
  verzoekId,
}: InformatieverzoekInput): Promise<InformatieverzoekStatus> {
  let ontvangen = false;
  const status: InformatieverzoekStatus = {
    verzoekId,
    fase: 'AFLEVEREN',
    termijnOp: null,
    afgeleverdVia: null,
    escalatie: null,
  };
  const publish = (fase: InformatieverzoekFase) => {
    status.fase = fase;
    const open = fase === 'AFLEVEREN' || fase === 'AFGELEVERD';
    publiceerStand(`INFORMATIEVERZOEK_${fase}`, open ? status.termijnOp : null);
  };
  setHandler(beantwoord, () => void (ontvangen = true));
  setHandler(informatieverzoekStatus, () => status);

  const context = await activities.laadInformatieverzoek(verzoekId);
  status.termijnOp = context.termijnOp;
  if (context.beantwoord) ontvangen = true;
  publish(ontvangen ? 'BEANTWOORD' : 'AFLEVEREN');
  if (ontvangen) return status;

  const tijd = Math.max(Date.parse(context.termijnOp) - Date.now(), 1);
  const aflevering = proxyActivities<InformatieverzoekActivities>({
    startToCloseTimeout: '2 minutes',
    scheduleToCloseTimeout: tijd, // retries stop at the deadline
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
  });
  let geweigerd = false;
  const scope = new CancellationScope();
  const levering = scope
    .run(() => aflevering.leverInformatieverzoekAf(verzoekId))
    .then(
      ({ kanaal }) => {
        status.afgeleverdVia = kanaal;
        if (!ontvangen) publish('AFGELEVERD');
      },
      (err: unknown) => {
        if (isCancellation(err)) return;
        // A partner's refusal is final at once; a timeout at the deadline is simply "not delivered".
        geweigerd =
          err instanceof ActivityFailure &&
          err.cause instanceof ApplicationFailure &&
          err.cause.type === 'PARTNER_WEIGERT';
      },
    );

  await condition(() => ontvangen || geweigerd, tijd);
  if (ontvangen) {
    scope.cancel();
    await levering;
    publish('BEANTWOORD');
    return status;
  }
  if (!geweigerd) await levering; // settles by the deadline (scheduleToCloseTimeout)
  status.escalatie = geweigerd
    ? 'GEWEIGERD_DOOR_PARTNER'
    : status.afgeleverdVia === null
      ? 'NIET_AFGELEVERD'
      : 'NIET_BEANTWOORD';
  await activities.escaleerInformatieverzoek({ verzoekId, reden: status.escalatie });
  publish('GEESCALEERD');
  return status;
}
