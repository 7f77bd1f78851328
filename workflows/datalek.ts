import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { beoordeel } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import {
  datalekBesluitWeigering,
  datalekFase,
  apMeldingOpen,
  informerenOpen,
  volgendeDatalekStap,
  type DatalekBesluitSoort,
  type DatalekFase,
  type DatalekStap,
  type DatalekStand,
  type DatalekTermijnen,
} from '../domain/datalek';
import { weigerFout, weigercodes } from '../domain/weigeringen';
import type { DatalekActivities } from '../activities/datalek';
import { publiceerStand } from './stand';

// One workflow per datalek, id `datalek-<uuid>`: ids, enums and timestamps only. The description of the breach and
// every text of the decisions live in Postgres (datalek, datalek_besluit).
export interface DatalekWorkflowInput {
  datalekId: string;
}

export interface DatalekStatus {
  datalekId: string;
  fase: DatalekFase;
  /**
   * The AP deadline (ontdekking + 72 h) while an AP notification is or may be required and not yet made; after it,
   * the deadline for informing the betrokkenen while that is decided and not recorded.
   */
  volgendeDeadline: string | null;
  /** The next timer of the process and when it fires. */
  volgendeStap: DatalekStap | null;
  volgendeStapOp: string | null;
}

export interface DatalekBesluitUpdate {
  /** The decision as stored (VOORGESTELD) by the API; the workflow accepts or refuses it. */
  besluitId: string;
  actor: Actor;
  soort: DatalekBesluitSoort;
}

export const datalekWorkflowId = (datalekId: string): string => `datalek-${datalekId}`;
export const datalekBesluit = defineUpdate<DatalekStatus, [DatalekBesluitUpdate]>('datalekBesluit');
export const datalekStatus = defineQuery<DatalekStatus>('datalekStatus');

const activities = proxyActivities<DatalekActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: weigercodes },
});

const statusVan = (stand: DatalekStand, termijnen: DatalekTermijnen): DatalekStatus => {
  const volgende = volgendeDatalekStap(stand, termijnen, Date.now());
  const informeren = informerenOpen(stand) ? (termijnen.informeren?.deadline ?? null) : null;
  return {
    datalekId: stand.datalekId,
    fase: datalekFase(stand),
    volgendeDeadline: apMeldingOpen(stand) ? termijnen.apMelding : informeren,
    volgendeStap: volgende?.stap ?? null,
    volgendeStapOp: volgende?.op ?? null,
  };
};

/**
 * The datalek process (AVG 33–34; Prot. 14): reported → assessed → AP notified (when required) → betrokkenen
 * decision (on a high risk) → closed with its register entry. Before the AP's 72-hour deadline an open notification
 * is escalated, at the deadline its lapse is reported. The history stays short — at most four decisions and four
 * mails — so the workflow never needs to continue as new.
 */
export async function datalekWorkflow({ datalekId }: DatalekWorkflowInput): Promise<DatalekStatus> {
  // The informing of the betrokkenen after the decision to inform them (its phase, deadline and timers) came later:
  // an execution from before knows nothing of it, so its commands stay those its history recorded.
  const metInformeren = patched('datalek-betrokkenen-informeren');
  const zicht = (s: DatalekStand): DatalekStand => (metInformeren ? s : { ...s, informeren: null });
  let geladen: DatalekStand | undefined;
  let stand: DatalekStand | undefined;
  let termijnen: DatalekTermijnen | undefined;
  let status: DatalekStatus = {
    datalekId,
    fase: 'GEMELD',
    volgendeDeadline: null,
    volgendeStap: null,
    volgendeStapOp: null,
  };
  /** A decision is being applied: the next one waits, so each is judged on the state the previous one left. */
  let bezig = false;
  let gewijzigd = false;

  const publish = () => {
    if (!stand || !termijnen) return status;
    status = statusVan(stand, termijnen);
    publiceerStand(status.fase, status.volgendeDeadline, status.volgendeStap);
    return status;
  };
  const weiger = (soort: DatalekBesluitSoort) => {
    // Recording the informing is judged on what Postgres holds, so a datalek of an older execution can record it too.
    const s = soort === 'BETROKKENEN_GEINFORMEERD' ? geladen : stand;
    const reden = s && datalekBesluitWeigering(soort, s);
    if (reden) throw weigerFout(reden, 'VERKEERDE_FASE');
  };
  const neem = (s: DatalekStand) => {
    geladen = s;
    stand = zicht(s);
    return stand;
  };
  const laad = async () => {
    const context = await activities.laadDatalekContext(datalekId);
    return { stand: neem(context.stand), termijnen: context.termijnen };
  };

  // Handlers come before the first await, so an early decision is never refused as unknown.
  setHandler(datalekStatus, () => status);
  setHandler(
    datalekBesluit,
    async ({ besluitId, soort }) => {
      await condition(() => stand !== undefined && !bezig);
      weiger(soort); // again: a decision applied since the validator ran may have changed the state
      bezig = true;
      try {
        const na = await activities.stelDatalekBesluitVast({
          datalekId,
          besluitId,
          soort,
          op: new Date().toISOString(),
        });
        // A decision to inform the betrokkenen brings a deadline of its own: the terms are read again with the stand.
        if (metInformeren) ({ stand, termijnen } = await laad());
        else neem(na);
      } finally {
        bezig = false;
      }
      gewijzigd = true;
      return publish();
    },
    {
      // Who may decide (the one policy), and whether the decision fits the state of the process.
      validator: ({ actor, soort }) => {
        const oordeel = beoordeel('datalek.behandelen', { actor });
        if (!oordeel.toegestaan) throw weigerFout(oordeel.reden, oordeel.code);
        weiger(soort);
      },
    },
  );

  ({ stand, termijnen } = await laad());
  publish();
  await activities.meldNieuwDatalek(datalekId);

  while (stand.afgeslotenOp === null) {
    gewijzigd = false;
    const volgende = volgendeDatalekStap(stand, termijnen, Date.now());
    const verlopen =
      volgende === null
        ? (await condition(() => gewijzigd), false)
        : !(await condition(() => gewijzigd, Math.max(Date.parse(volgende.op) - Date.now(), 1)));
    await condition(allHandlersFinished);
    if (verlopen && volgende !== null) {
      await activities.stuurDatalekTermijnbericht({ datalekId, stap: volgende.stap });
      ({ stand, termijnen } = await laad());
    }
    publish();
  }
  await activities.meldDatalekAfgesloten(datalekId);
  return status;
}
