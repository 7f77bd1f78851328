import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { beoordeel, type Actie } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import { weigerFout, weigercodes } from '../domain/weigeringen';
import {
  bevragingWeigering,
  topxStapWeigering,
  topxUitkomsten,
  volgendeTopxStap,
  type TopxBesluitSoort,
  type TopxFase,
  type TopxOntvangerSoort,
  type TopxStap,
} from '../domain/topx';
import type { InformatieplichtActivities } from '../activities/informatieplicht';
import type { TopxActivities, TopxContext } from '../activities/topx';
import { publiceerStand } from './stand';

// One workflow per entry on a TopX-lijst, id `topx-<lijstId>-<vermeldingId>`: ids, enums and dates only. The
// person, the requests and every text of the decisions live in Postgres (topx_vermelding and its children).
export interface TopxWorkflowInput {
  lijstId: string;
  vermeldingId: string;
  /** Set by continue-as-new, so the validators judge decisions that arrive before the first reload as before. */
  voortgezetIn?: TopxFase;
}

export interface TopxStatus {
  lijstId: string;
  vermeldingId: string;
  fase: TopxFase;
  /** ISO instant of the next review of a placed entry. */
  volgendeDeadline: string | null;
  /** The next timer and when it fires. */
  volgendeStap: TopxStap | null;
  volgendeStapOp: string | null;
  /** A newer criteria version is in force: the next review re-tests against it. */
  hertoetsen: boolean;
  /** The casus the placement started or linked. */
  casusId: string | null;
}

export interface TopxBesluitUpdate {
  /** The decision as stored (VOORGESTELD) by the API; the workflow accepts or refuses it. */
  besluitId: string;
  actor: Actor;
  soort: TopxBesluitSoort;
  uitkomst: string;
}

export interface TopxVerzoekUpdate {
  verzoekId: string;
  actor: Actor;
  /** What the register says the recipient is (api/topx.ts); derden and incidentele deelnemers are refused. */
  ontvanger: TopxOntvangerSoort;
}

export const topxWorkflowId = (lijstId: string, vermeldingId: string): string => `topx-${lijstId}-${vermeldingId}`;
export const topxBesluit = defineUpdate<TopxStatus, [TopxBesluitUpdate]>('topxBesluit');
export const topxInformatieverzoek = defineUpdate<TopxStatus, [TopxVerzoekUpdate]>('topxInformatieverzoek');
/** A criteria version of the list was published: look again (its review will re-test against it). */
export const criteriaGepubliceerd = defineSignal('criteriaGepubliceerd');
/** The entry changed outside a decision (its linked casus was closed or rejected, so it left the list): look again. */
export const vermeldingGewijzigd = defineSignal('vermeldingGewijzigd');

/** The entry's personal data goes at the end of its own bewaartermijn (issue 14 item 9). */
const BEWAARTERMIJN_PATCH = 'topx-bewaartermijn';
export const topxStatus = defineQuery<TopxStatus>('topxStatus');

const activities = proxyActivities<TopxActivities & Pick<InformatieplichtActivities, 'startInformatieplicht'>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: weigercodes },
});

const klaar = (fase: TopxFase) => fase === 'AFGEWEZEN' || fase === 'VERWIJDERD';

/**
 * The TopX process of one entry (WGS 2.32; SPEC §3): a candidate gathers data by targeted requests and is tested
 * (rejected: deleted with all its data at once; placed: a casus goes straight to the selectie deelnemers); a placed
 * entry is reviewed every policy period — asked at the review date, escalated later — until a review or a removal
 * takes it off the list. An entry can live for years, so the workflow continues as new when its history grows; all
 * it knows is reloaded from Postgres.
 */
export async function topxWorkflow({ lijstId, vermeldingId, voortgezetIn }: TopxWorkflowInput): Promise<TopxStatus> {
  let context: TopxContext | undefined;
  let status: TopxStatus = {
    lijstId,
    vermeldingId,
    fase: voortgezetIn ?? 'KANDIDAAT',
    volgendeDeadline: null,
    volgendeStap: null,
    volgendeStapOp: null,
    hertoetsen: false,
    casusId: null,
  };
  /** A decision is being applied: the next one waits, so each is judged on the state the previous one left. */
  let bezig = false;
  let gewekt = false;

  const publish = (): TopxStatus => {
    if (!context) return status;
    const volgende = klaar(context.fase) ? null : volgendeTopxStap(context.review);
    status = {
      lijstId,
      vermeldingId,
      fase: context.fase,
      volgendeDeadline: context.review?.op ?? null,
      volgendeStap: volgende?.stap ?? null,
      volgendeStapOp: volgende?.op ?? null,
      hertoetsen: context.hertoetsen,
      casusId: context.casusId,
    };
    publiceerStand(status.fase, status.volgendeDeadline, status.volgendeStap);
    return status;
  };
  const herlaad = async (): Promise<TopxStatus> => {
    context = await activities.laadTopxContext({ vermeldingId, nu: new Date().toISOString() });
    return publish();
  };

  /** Update validators and handlers: who may (the one policy), and whether the step fits the entry's state. */
  const mag = (actie: Actie, actor: Actor) => {
    const oordeel = beoordeel(actie, { actor });
    if (!oordeel.toegestaan) throw weigerFout(oordeel.reden, oordeel.code);
  };
  const past = (stap: TopxBesluitSoort | 'INFORMATIEVERZOEK') => {
    const reden = topxStapWeigering(stap, status.fase);
    if (reden) throw weigerFout(reden, 'VERKEERDE_FASE');
  };
  /** Runs one decision at a time; the state is judged again once it is this one's turn. */
  const opZijnBeurt = async <T>(stap: TopxBesluitSoort | 'INFORMATIEVERZOEK', werk: () => Promise<T>): Promise<T> => {
    await condition(() => context !== undefined && !bezig);
    past(stap);
    bezig = true;
    try {
      return await werk();
    } finally {
      bezig = false;
      gewekt = true;
    }
  };

  // Handlers come before the first await, so an early decision is never refused as unknown.
  setHandler(topxStatus, () => status);
  setHandler(
    topxInformatieverzoek,
    ({ verzoekId }) =>
      opZijnBeurt('INFORMATIEVERZOEK', async () => {
        await activities.stelTopxVerzoekVast({ verzoekId });
        return status;
      }),
    {
      validator: ({ actor, ontvanger }: TopxVerzoekUpdate) => {
        mag('topx.gegevens.vragen', actor);
        past('INFORMATIEVERZOEK');
        const reden = bevragingWeigering(ontvanger);
        if (reden) throw weigerFout(reden, 'BEVRAGING_GEWEIGERD');
      },
    },
  );
  setHandler(
    topxBesluit,
    ({ besluitId, soort }) =>
      opZijnBeurt(soort, async () => {
        const gevolg = await activities.verwerkTopxBesluit({ vermeldingId, besluitId, op: new Date().toISOString() });
        if (soort === 'TOETSING' && gevolg.fase === 'GEPLAATST' && gevolg.casusId !== null) {
          // Placement leads straight to the casusoverleg (WGS 2.32 lid 2), and it is processing the person must be told of.
          await activities.startGeplaatsteCasus({ casusId: gevolg.casusId });
          await activities.startInformatieplicht({
            casusId: gevolg.casusId,
            moment: 'IN_BEHANDELING',
            nu: new Date().toISOString(),
          });
        }
        return herlaad();
      }),
    {
      validator: ({ actor, soort, uitkomst }: TopxBesluitUpdate) => {
        mag('topx.beslissen', actor);
        if (!(topxUitkomsten[soort] as readonly string[]).includes(uitkomst))
          throw weigerFout(`onbekende uitkomst ${uitkomst} voor ${soort}`, 'ONGELDIG');
        past(soort);
      },
    },
  );
  const wek = () => {
    gewekt = true;
  };
  setHandler(criteriaGepubliceerd, wek);
  setHandler(vermeldingGewijzigd, wek);

  for (;;) {
    // Reset before the reload: a decision or signal that arrives during it must still wake the wait below.
    gewekt = false;
    await herlaad();
    if (klaar(status.fase)) {
      await condition(allHandlersFinished);
      return status;
    }
    const { historyLength, continueAsNewSuggested } = workflowInfo();
    if (continueAsNewSuggested || historyLength >= (context?.historieLimiet ?? Infinity)) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof topxWorkflow>({ lijstId, vermeldingId, voortgezetIn: status.fase });
    }
    const volgende = volgendeTopxStap(context?.review ?? null);
    const verstrijkt = context?.bewaartermijnVerstrijkt;
    if (verstrijkt !== undefined && patched(BEWAARTERMIJN_PATCH)) {
      // Whichever comes first: the next review or toetsing message, or the end of the entry's bewaartermijn.
      const einde = Date.parse(verstrijkt);
      const op = volgende === null ? einde : Math.min(Date.parse(volgende.op), einde);
      const verlopen = !(await condition(() => gewekt, Math.max(op - Date.now(), 1)));
      await condition(allHandlersFinished);
      if (!verlopen) continue;
      if (Date.now() >= einde)
        await activities.verwijderNaBewaartermijn({ vermeldingId, nu: new Date().toISOString() });
      else if (volgende !== null)
        await activities.stuurTopxReviewBericht({ vermeldingId, stap: volgende.stap, nu: new Date().toISOString() });
      continue;
    }
    const verlopen =
      volgende === null
        ? (await condition(() => gewekt), false)
        : !(await condition(() => gewekt, Math.max(Date.parse(volgende.op) - Date.now(), 1)));
    await condition(allHandlersFinished);
    if (verlopen && volgende !== null)
      await activities.stuurTopxReviewBericht({ vermeldingId, stap: volgende.stap, nu: new Date().toISOString() });
  }
}
