import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { beoordeel } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import {
  magHandeling,
  statusNa,
  type HandelingSoort,
  type InformatieplichtMoment,
  type InformatieplichtStatus,
} from '../domain/informatieplicht';
import { weigerFout, weigercodes } from '../domain/weigeringen';
import type { InformatieplichtActivities, InformatieplichtContext } from '../activities/informatieplicht';
import { publiceerStand } from './stand';

// Ids, enums and dates only: the betrokkene and every reason stay in Postgres.
export interface InformatieplichtWorkflowInput {
  casusId: string;
  moment: InformatieplichtMoment;
}

export interface InformatieplichtStatusView {
  casusId: string;
  moment: InformatieplichtMoment;
  informatieplichtId: string | null;
  status: InformatieplichtStatus;
  /** ISO instant from which a still open obligation is missed (the day after its deadline). */
  deadline: string | null;
  volgendeDeadline: string | null;
  volgendeStap: NonNullable<InformatieplichtContext['volgende']>['stap'] | null;
}

export interface HandelingUpdate {
  /** The recording as stored (VOORGESTELD) by the API; the workflow accepts or refuses it. */
  handelingId: string;
  soort: HandelingSoort;
  actor: Actor;
}

/** One obligation per casus and moment; the id is the idempotency key of its start (ids only). */
export const informatieplichtWorkflowId = (casusId: string, moment: InformatieplichtMoment): string =>
  `informatieplicht-${casusId}-${moment}`;

export const informatieplichtHandeling = defineUpdate<InformatieplichtStatusView, [HandelingUpdate]>(
  'informatieplichtHandeling',
);
export const informatieplichtStatus = defineQuery<InformatieplichtStatusView>('informatieplichtStatus');

const activities = proxyActivities<InformatieplichtActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: weigercodes },
});

/**
 * The informatieplicht of one casus at one moment (AVG 14; BGS 1.3; SPEC §4): OPEN until the Contactpunt records
 * that the betrokkene was informed (VERSTREKT) or an uitstel on a ground (UITGESTELD, re-tested each interval until
 * the ground lapses: OPEN again with a new term). By the calendar: the Contactpunt hears of it at once, is reminded
 * before the deadline, and a missed deadline is escalated. It ends when informed, or when the casus' data is gone.
 */
export async function informatieplichtWorkflow({
  casusId,
  moment,
}: InformatieplichtWorkflowInput): Promise<InformatieplichtStatusView> {
  let context: InformatieplichtContext | undefined;
  let view: InformatieplichtStatusView = {
    casusId,
    moment,
    informatieplichtId: null,
    status: 'OPEN',
    deadline: null,
    volgendeDeadline: null,
    volgendeStap: null,
  };
  let gewekt = false;

  const herlaad = async (): Promise<void> => {
    context = await activities.laadInformatieplicht({ casusId, moment, nu: new Date().toISOString() });
    view = {
      casusId,
      moment,
      informatieplichtId: context.informatieplichtId,
      status: context.status,
      deadline: context.deadline,
      volgendeDeadline: context.volgende?.op ?? null,
      volgendeStap: context.volgende?.stap ?? null,
    };
    publiceerStand(view.status, view.volgendeDeadline, view.volgendeStap);
  };

  setHandler(informatieplichtStatus, () => view);
  setHandler(
    informatieplichtHandeling,
    async ({ handelingId, soort }) => {
      // The state moves synchronously so that a concurrent second recording is judged against it.
      view = { ...view, status: statusNa[soort] };
      await activities.legHandelingVast({ handelingId, nu: new Date().toISOString() });
      gewekt = true;
      await herlaad();
      return view;
    },
    {
      validator: ({ actor, soort }) => {
        const oordeel = beoordeel('informatieplicht.afhandelen', { actor });
        if (!oordeel.toegestaan) throw weigerFout(oordeel.reden, oordeel.code);
        const mag = magHandeling(soort, view.status);
        if (!mag.toegestaan) throw weigerFout(mag.reden, 'VERKEERDE_FASE');
      },
    },
  );

  for (;;) {
    // Reset before the reload: a recording that arrives during it must still wake the wait below.
    gewekt = false;
    await herlaad();
    if (view.status === 'VERSTREKT' || view.status === 'VERVALLEN') {
      await condition(allHandlersFinished);
      return view;
    }
    const { historyLength, continueAsNewSuggested } = workflowInfo();
    if (continueAsNewSuggested || historyLength >= (context?.historieLimiet ?? Infinity)) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof informatieplichtWorkflow>({ casusId, moment });
    }
    const volgende = context?.volgende ?? null;
    const wacht = volgende === null ? undefined : Date.parse(volgende.op) - Date.now();
    const verlopen =
      wacht === undefined
        ? (await condition(() => gewekt), false)
        : wacht <= 0 || !(await condition(() => gewekt, wacht));
    await condition(allHandlersFinished);
    if (!verlopen || volgende === null || volgende.stap === 'CONTROLEREN') continue;
    await activities.voerInformatieplichtStapUit({
      casusId,
      moment,
      nu: new Date().toISOString(),
      stap: volgende.stap,
    });
  }
}
