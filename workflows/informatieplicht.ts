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
  afgerond,
  gezamenlijkeStatus,
  magHandeling,
  statusNa,
  type HandelingSoort,
  type InformatieplichtMoment,
  type InformatieplichtStatus,
} from '../domain/informatieplicht';
import { weigerFout, weigercodes } from '../domain/weigeringen';
import type {
  InformatieplichtActivities,
  InformatieplichtContext,
  PersoonsPlicht,
} from '../activities/informatieplicht';
import { publiceerStand } from './stand';

// Ids, enums and dates only: the persons and every reason stay in Postgres.
export interface InformatieplichtWorkflowInput {
  casusId: string;
  moment: InformatieplichtMoment;
  /** The how-manieth time the moment came (after a heropening); absent: the first. */
  ronde?: number;
}

export interface InformatieplichtStatusView {
  casusId: string;
  moment: InformatieplichtMoment;
  /** The betrokkene's obligation. */
  informatieplichtId: string | null;
  /** Of all persons together: OPEN while anyone is still to be informed. */
  status: InformatieplichtStatus;
  /** Per person (ids and states only). */
  plichten: PersoonsPlicht[];
  /** ISO instant from which a still open obligation is missed (the day after its deadline). */
  deadline: string | null;
  volgendeDeadline: string | null;
  volgendeStap: NonNullable<InformatieplichtContext['volgende']>['stap'] | null;
}

export interface HandelingUpdate {
  /** The recording as stored (VOORGESTELD) by the API; the workflow accepts or refuses it. */
  handelingId: string;
  /** The person's obligation it is about; absent (sent before obligations were per person): the betrokkene's. */
  informatieplichtId?: string;
  soort: HandelingSoort;
  actor: Actor;
}

/**
 * One workflow per casus, moment and round, carrying the obligation of every person in the casus; the id is the
 * idempotency key of its start (ids only). The first round keeps the id it had before there were rounds.
 */
export const informatieplichtWorkflowId = (casusId: string, moment: InformatieplichtMoment, ronde = 1): string =>
  `informatieplicht-${casusId}-${moment}${ronde === 1 ? '' : `-${ronde}`}`;

export const informatieplichtHandeling = defineUpdate<InformatieplichtStatusView, [HandelingUpdate]>(
  'informatieplichtHandeling',
);
export const informatieplichtStatus = defineQuery<InformatieplichtStatusView>('informatieplichtStatus');

const activities = proxyActivities<InformatieplichtActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: weigercodes },
});

/**
 * The informatieplicht of one casus at one moment (AVG 14; BGS 1.3; SPEC §4), for each person in it: OPEN until the
 * Contactpunt records that the person was informed (VERSTREKT), an uitstel on a ground (UITGESTELD, re-tested each
 * interval and by the expected date until the ground lapses: OPEN again with a new term) or an omission for good
 * (AFGEZIEN). By the calendar, per person: the Contactpunt hears of it at once, is reminded before the deadline, and
 * a missed deadline is escalated. It ends when nobody is left to inform, or when the casus' data is gone.
 */
export async function informatieplichtWorkflow({
  casusId,
  moment,
  ronde,
}: InformatieplichtWorkflowInput): Promise<InformatieplichtStatusView> {
  // Activity arguments are not part of replay's determinism check: passing the id and round needs no patch.
  const { workflowId } = workflowInfo();
  let context: InformatieplichtContext | undefined;
  let view: InformatieplichtStatusView = {
    casusId,
    moment,
    informatieplichtId: null,
    status: 'OPEN',
    plichten: [],
    deadline: null,
    volgendeDeadline: null,
    volgendeStap: null,
  };
  let gewekt = false;

  const herlaad = async (): Promise<void> => {
    context = await activities.laadInformatieplicht({
      casusId,
      moment,
      ronde,
      workflowId,
      nu: new Date().toISOString(),
    });
    view = {
      casusId,
      moment,
      informatieplichtId: context.informatieplichtId,
      status: context.status,
      // A result recorded before the obligations were per person holds the betrokkene's only.
      plichten:
        context.plichten ??
        (context.informatieplichtId
          ? [{ informatieplichtId: context.informatieplichtId, status: context.status }]
          : []),
      deadline: context.deadline,
      volgendeDeadline: context.volgende?.op ?? null,
      volgendeStap: context.volgende?.stap ?? null,
    };
    publiceerStand(view.status, view.volgendeDeadline, view.volgendeStap);
  };

  setHandler(informatieplichtStatus, () => view);
  setHandler(
    informatieplichtHandeling,
    async ({ handelingId, soort, informatieplichtId }) => {
      // The state moves synchronously so that a concurrent second recording is judged against it.
      const id = informatieplichtId ?? view.informatieplichtId;
      const plichten = view.plichten.map((p) => (p.informatieplichtId === id ? { ...p, status: statusNa[soort] } : p));
      // Before the first load there is no person to judge by: the recording's own state, as before.
      const status = plichten.length > 0 ? gezamenlijkeStatus(plichten.map((p) => p.status)) : statusNa[soort];
      view = { ...view, plichten, status };
      await activities.legHandelingVast({ handelingId, nu: new Date().toISOString() });
      gewekt = true;
      await herlaad();
      return view;
    },
    {
      validator: ({ actor, soort, informatieplichtId }) => {
        const oordeel = beoordeel('informatieplicht.afhandelen', { actor });
        if (!oordeel.toegestaan) throw weigerFout(oordeel.reden, oordeel.code);
        const id = informatieplichtId ?? view.informatieplichtId;
        // Before the first load every obligation is as it started: OPEN.
        const status = view.plichten.find((p) => p.informatieplichtId === id)?.status ?? (context ? null : view.status);
        if (!status) throw weigerFout('deze informatieplicht hoort niet bij deze workflow', 'VERKEERDE_FASE');
        const mag = magHandeling(soort, status);
        if (!mag.toegestaan) throw weigerFout(mag.reden, 'VERKEERDE_FASE');
      },
    },
  );

  for (;;) {
    // Reset before the reload: a recording that arrives during it must still wake the wait below.
    gewekt = false;
    await herlaad();
    if (afgerond.includes(view.status)) {
      await condition(allHandlersFinished);
      return view;
    }
    const { historyLength, continueAsNewSuggested } = workflowInfo();
    if (continueAsNewSuggested || historyLength >= (context?.historieLimiet ?? Infinity)) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof informatieplichtWorkflow>(
        ronde === undefined ? { casusId, moment } : { casusId, moment, ronde },
      );
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
      ronde,
      workflowId,
      nu: new Date().toISOString(),
      stap: volgende.stap,
    });
  }
}
