import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { beoordeel } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import {
  klachtFase,
  klachtHandelingWeigering,
  volgendeKlachtStap,
  type KlachtFase,
  type KlachtHandelingSoort,
  type KlachtStand,
  type KlachtStap,
} from '../domain/klacht';
import { weigerFout, weigercodes } from '../domain/weigeringen';
import type { KlachtActivities } from '../activities/klacht';
import { publiceerStand } from './stand';

// One workflow per klacht, id `klacht-<uuid>`: ids, enums and dates only. The klager and the complaint live in
// Postgres (klacht, klacht_handeling).
export interface KlachtWorkflowInput {
  klachtId: string;
}

export interface KlachtStatus {
  klachtId: string;
  fase: KlachtFase;
  /** The last day of the Awb term while the klacht is open. */
  deadline: string | null;
  volgendeStap: KlachtStap | null;
  volgendeStapOp: string | null;
}

export interface KlachtHandelingUpdate {
  /** The action as stored (VOORGESTELD) by the API; the workflow accepts or refuses it. */
  handelingId: string;
  actor: Actor;
  soort: KlachtHandelingSoort;
}

export const klachtWorkflowId = (klachtId: string): string => `klacht-${klachtId}`;
export const klachtHandeling = defineUpdate<KlachtStatus, [KlachtHandelingUpdate]>('klachtHandeling');
export const klachtStatus = defineQuery<KlachtStatus>('klachtStatus');

const activities = proxyActivities<KlachtActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: weigercodes },
});

const statusVan = (stand: KlachtStand): KlachtStatus => {
  const volgende = volgendeKlachtStap(stand, Date.now());
  const open = stand.afgehandeldOp === null;
  return {
    klachtId: stand.klachtId,
    fase: klachtFase(stand),
    deadline: open ? stand.deadline : null,
    volgendeStap: volgende?.stap ?? null,
    volgendeStapOp: volgende?.op ?? null,
  };
};

/**
 * The klacht process (Awb 9:6–9:12; Afspr. 14.9): registered → (postponed once) → handled with its outcome letter.
 * Before the deadline the Contactpunt is reminded, the day after a missed one the netwerkmanager hears it. The
 * history stays short — at most two actions and a handful of mails — so it never continues as new.
 */
export async function klachtWorkflow({ klachtId }: KlachtWorkflowInput): Promise<KlachtStatus> {
  let stand: KlachtStand | undefined;
  let status: KlachtStatus = {
    klachtId,
    fase: 'IN_BEHANDELING',
    deadline: null,
    volgendeStap: null,
    volgendeStapOp: null,
  };
  /** An action is being applied: the next one waits, so each is judged on the state the previous one left. */
  let bezig = false;
  let gewijzigd = false;

  const publish = () => {
    if (!stand) return status;
    status = statusVan(stand);
    publiceerStand(status.fase, status.deadline, status.volgendeStap);
    return status;
  };
  const weiger = (soort: KlachtHandelingSoort) => {
    const reden = stand && klachtHandelingWeigering(soort, stand, Date.now());
    if (reden) throw weigerFout(reden, 'VERKEERDE_FASE');
  };

  // Handlers come before the first await, so an early action is never refused as unknown.
  setHandler(klachtStatus, () => status);
  setHandler(
    klachtHandeling,
    async ({ handelingId, soort }) => {
      await condition(() => stand !== undefined && !bezig);
      weiger(soort); // again: an action applied since the validator ran may have changed the state
      bezig = true;
      try {
        stand = await activities.stelKlachtHandelingVast({
          klachtId,
          handelingId,
          soort,
          op: new Date().toISOString(),
        });
      } finally {
        bezig = false;
      }
      gewijzigd = true;
      return publish();
    },
    {
      validator: ({ actor, soort }) => {
        const oordeel = beoordeel('klacht.behandelen', { actor });
        if (!oordeel.toegestaan) throw weigerFout(oordeel.reden, oordeel.code);
        weiger(soort);
      },
    },
  );

  stand = await activities.laadKlachtContext(klachtId);
  publish();
  await activities.openKlacht(klachtId);

  while (stand.afgehandeldOp === null) {
    gewijzigd = false;
    const volgende = volgendeKlachtStap(stand, Date.now());
    const verlopen =
      volgende === null
        ? (await condition(() => gewijzigd), false)
        : !(await condition(() => gewijzigd, Math.max(Date.parse(volgende.op) - Date.now(), 1)));
    await condition(allHandlersFinished);
    if (verlopen && volgende !== null) {
      await activities.stuurKlachtTermijnbericht({ klachtId, stap: volgende.stap });
      stand = await activities.laadKlachtContext(klachtId);
    }
    publish();
  }
  await condition(allHandlersFinished);
  return status;
}
