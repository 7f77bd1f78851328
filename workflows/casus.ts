import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { beoordeel } from '../domain/autorisatie';
import { faseNaIntake, type Actor, type CasusFase, type IntakeUitkomst } from '../domain/casus';
import type { CasusActivities } from '../activities/casus';
import { zvhFase, zvhVolgendeDeadline } from './search-attributes';

// Everything that crosses into Temporal is an id, an enum or a date: personal data stays in Postgres.
export interface CasusWorkflowInput {
  casusId: string;
}

export interface CasusStatus {
  casusId: string;
  fase: CasusFase;
  /** ISO timestamp of the next legal or policy deadline, if any. */
  volgendeDeadline: string | null;
}

export interface IntakeBesluitUpdate {
  /** The besluit as stored (VOORGESTELD) by the API; the workflow accepts or refuses it. */
  besluitId: string;
  actor: Actor;
  uitkomst: IntakeUitkomst;
}

export const casusWorkflowId = (casusId: string): string => `casus-${casusId}`;

export const intakeBesluit = defineUpdate<CasusStatus, [IntakeBesluitUpdate]>('intakeBesluit');
export const casusStatus = defineQuery<CasusStatus>('casusStatus');

const activities = proxyActivities<CasusActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function casusWorkflow({ casusId }: CasusWorkflowInput): Promise<CasusStatus> {
  let status: CasusStatus = { casusId, fase: 'AANMELDING', volgendeDeadline: null };

  const publish = (next: CasusStatus): CasusStatus => {
    status = next;
    upsertSearchAttributes([
      { key: zvhFase, value: next.fase },
      { key: zvhVolgendeDeadline, value: next.volgendeDeadline === null ? null : new Date(next.volgendeDeadline) },
    ]);
    return next;
  };

  // Handlers are registered before the first await so that an early decision is never refused as unknown.
  setHandler(casusStatus, () => status);
  setHandler(
    intakeBesluit,
    async ({ besluitId, uitkomst }) => {
      // The phase moves synchronously so that a concurrent second decision is refused by the validator.
      const fase = faseNaIntake(uitkomst);
      status = { ...status, fase };
      const { archiefdatum } = await activities.stelIntakeBesluitVast({ casusId, besluitId, fase });
      return publish({ casusId, fase, volgendeDeadline: archiefdatum });
    },
    {
      validator: ({ actor }) => {
        const oordeel = beoordeel('casus.intakebesluit', { actor, fase: status.fase });
        if (!oordeel.toegestaan) throw ApplicationFailure.nonRetryable(oordeel.reden, oordeel.code);
      },
    },
  );

  const context = await activities.laadCasusContext(casusId);
  if (status.fase === 'AANMELDING') publish({ ...status, volgendeDeadline: context.intakeDeadline });

  await condition(() => status.fase !== 'AANMELDING' && allHandlersFinished());
  // Triage onwards (and archiving at the archiefdatum) is the casus process of issue #3; until it lands a casus
  // rests here in its post-intake phase, visible and filterable in the Temporal UI.
  await condition(() => false);
  return status;
}
