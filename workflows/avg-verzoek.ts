import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  avgEindfasen,
  beoordeelAvgHandeling,
  naHandeling,
  type AvgFase,
  type AvgHandelingVoorstel,
} from '../domain/avg-verzoek';
import { weigerFout, weigercodes } from '../domain/weigeringen';
import type { AvgVerzoekActivities, AvgWorkflowContext } from '../activities/avg-verzoek';
import { publiceerStand } from './stand';

// One workflow per AVG-verzoek (SPEC §4): ids, enums and dates only; the request itself is in Postgres.
export interface AvgVerzoekWorkflowInput {
  verzoekId: string;
  /** Set by continue-as-new: what the previous run knew, so validators judge early Updates as before. */
  voortgezetMet?: AvgWorkflowContext;
}

export interface AvgStatus {
  verzoekId: string;
  fase: AvgFase;
  /** The current decision deadline (AVG 12 lid 3), ISO instant of its day. */
  deadline: string | null;
  volgendeStap: AvgWorkflowContext['volgende'];
}

/** An action stored (VOORGESTELD) by the API; the validator decides on the ids and enums here. */
export interface AvgHandelingUpdate extends AvgHandelingVoorstel {
  handelingId: string;
}

export const avgVerzoekWorkflowId = (verzoekId: string): string => `avg-verzoek-${verzoekId}`;
export const avgHandeling = defineUpdate<AvgStatus, [AvgHandelingUpdate]>('avgHandeling');
export const avgStatus = defineQuery<AvgStatus>('avgStatus');
/** Something changed outside an action (e.g. a casus anonymised): look again. */
export const avgGewijzigd = defineSignal('avgGewijzigd');

const activities = proxyActivities<AvgVerzoekActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: weigercodes },
});

const HISTORIE_LIMIET = 2_000;

export async function avgVerzoekWorkflow({ verzoekId, voortgezetMet }: AvgVerzoekWorkflowInput): Promise<AvgStatus> {
  let ctx: AvgWorkflowContext | undefined = voortgezetMet;
  let gewekt = false;
  const status = (): AvgStatus => ({
    verzoekId,
    fase: ctx?.fase ?? 'IN_BEHANDELING',
    deadline: ctx?.deadline ?? null,
    volgendeStap: ctx?.volgende ?? null,
  });

  const herlaad = async (): Promise<AvgStatus> => {
    ctx = await activities.laadAvgContext(verzoekId);
    const open = !avgEindfasen.includes(ctx.fase);
    // While it is handled the deadline; under a UAVG 41 ground the next re-test; at the end nothing.
    publiceerStand(ctx.fase, !open ? null : ctx.fase === 'IN_BEHANDELING' ? ctx.deadline : (ctx.volgende?.op ?? null));
    return status();
  };
  const weigerAls = (voorstel: AvgHandelingVoorstel) => {
    if (!ctx) return;
    const weigering = beoordeelAvgHandeling(voorstel, ctx, Date.now());
    if (weigering) throw weigerFout(weigering.reden, weigering.code);
  };

  // Registered before the first await: an early action waits for the first load and is then judged.
  setHandler(avgStatus, status);
  setHandler(
    avgHandeling,
    async ({ handelingId, ...voorstel }) => {
      await condition(() => ctx !== undefined);
      weigerAls(voorstel);
      ctx = { ...ctx!, ...naHandeling(ctx!, voorstel) };
      await activities.legAvgHandelingVast({ verzoekId, handelingId, nu: new Date().toISOString() });
      gewekt = true;
      return herlaad();
    },
    { validator: ({ handelingId: _, ...voorstel }) => weigerAls(voorstel) },
  );
  setHandler(avgGewijzigd, () => {
    gewekt = true;
  });

  if (!voortgezetMet) await activities.openAvgVerzoek(verzoekId);
  for (;;) {
    gewekt = false;
    await herlaad();
    if (avgEindfasen.includes(ctx!.fase)) {
      await condition(allHandlersFinished);
      return status();
    }
    const { historyLength, continueAsNewSuggested } = workflowInfo();
    if (continueAsNewSuggested || historyLength >= HISTORIE_LIMIET) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof avgVerzoekWorkflow>({ verzoekId, voortgezetMet: ctx });
    }
    const volgende = ctx!.volgende;
    const wacht = volgende === null ? undefined : Date.parse(volgende.op) - Date.now();
    const verlopen =
      wacht === undefined
        ? (await condition(() => gewekt), false)
        : wacht <= 0 || !(await condition(() => gewekt, wacht));
    await condition(allHandlersFinished);
    if (verlopen && volgende)
      await activities.voerAvgStapUit({
        verzoekId,
        stap: volgende.stap,
        ...(volgende.deelnemerId ? { deelnemerId: volgende.deelnemerId } : {}),
      });
  }
}
