import { getExternalWorkflowHandle, patched, proxyActivities } from '@temporalio/workflow';
import type { ArchiefActivities } from '../activities/archief';
import type { SweepActivities } from '../activities/sweep';
import type { StartHerstel } from '../infra/workflow-start';
import { casusWorkflowId, legalHoldGewijzigd } from './casus';

export interface SweepResultaat {
  gevonden: number;
  geanonimiseerd: number;
  /** Held back by a legal hold; the next run looks again. */
  legalHold: number;
  /** Audit log entries and Wpg/Wjsg records removed at the end of their terms (absent in runs from before). */
  logsVerwijderd?: { auditlog: number; verstrekkingsregistraties: number; koppelingOntvangsten?: number };
  /** Ended AVG-verzoeken without a casus whose requester data was cleared (absent in runs from before). */
  avgVerzoekenGewist?: number;
  /** Registered workflows whose start was not confirmed (infra/workflow-start.ts; absent in runs from before). */
  workflowStarts?: StartHerstel;
  /** Answers to medewerkers' Idempotency-Keys past their term (absent in runs from before). */
  idempotentieVergeten?: number;
}

/** The terms of what outlives or lacks a casus (logs, AVG-verzoeken) joined the daily sweep. */
const EIGEN_BEWAARTERMIJNEN_PATCH = 'eigen-bewaartermijnen';
/** The reconciler of workflow starts and the term of Idempotency-Keys joined the daily sweep (issue #13). */
const WORKFLOW_STARTS_PATCH = 'workflow-starts-en-idempotentie';

/** The Temporal Schedule that runs {@link anonimiseringsSweep} daily (infra/schedules.ts). */
export const SWEEP_SCHEDULE_ID = 'zvh-anonimisering-sweep';

const activities = proxyActivities<SweepActivities & ArchiefActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * Scheduled automatic anonimisering (SPEC §5): archives and anonymises, idempotently and legal holds respected,
 * every casus past its archiefdatum whose workflow did not do it; then removes what is past the logs' own terms. Reports counts only, never personal data.
 */
export async function anonimiseringsSweep(): Promise<SweepResultaat> {
  const ids = await activities.vindAchterstalligeCasussen(new Date().toISOString());
  const resultaat: SweepResultaat = { gevonden: ids.length, geanonimiseerd: 0, legalHold: 0 };
  for (const casusId of ids) {
    const { gearchiveerd } = await activities.archiveer(casusId);
    const { geanonimiseerd } = gearchiveerd ? await activities.anonimiseer(casusId) : { geanonimiseerd: false };
    if (!geanonimiseerd) {
      resultaat.legalHold += 1;
      continue;
    }
    resultaat.geanonimiseerd += 1;
    // A casus workflow that still runs reloads, sees the anonymisation and completes; there may be none.
    await getExternalWorkflowHandle(casusWorkflowId(casusId))
      .signal(legalHoldGewijzigd)
      .catch(() => undefined);
  }
  if (patched(EIGEN_BEWAARTERMIJNEN_PATCH)) {
    resultaat.logsVerwijderd = await activities.ruimLogsOp(new Date().toISOString());
    resultaat.avgVerzoekenGewist = (await activities.wisOudeAvgVerzoeken(new Date().toISOString())).gewist;
  }
  if (patched(WORKFLOW_STARTS_PATCH)) {
    resultaat.workflowStarts = await activities.startOntbrekendeWorkflows();
    resultaat.idempotentieVergeten = (await activities.vergeetIdempotentie(new Date().toISOString())).vergeten;
  }
  return resultaat;
}
