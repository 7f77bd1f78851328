import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../db';
import { casusWorkflowId } from '../../workflows/casus';
import { zvhFase } from '../../workflows/search-attributes';
import type { Answer, CasusRun } from './workload';

/** What the chaos run counts; every line but the request totals must be 0 for a pass. */
export interface Findings {
  registrations: number;
  decisions: number;
  /** A 2xx registration without its row or its workflow. */
  lost: number;
  /** More than one casus row for one logical registration, or more than one intake besluit for one casus. */
  duplicated: number;
  /** A casus row without a workflow. */
  zombie: number;
  /** Phase in Postgres and in the workflow still differ after settling, or a 2xx decision that was not applied. */
  inconsistent: number;
  /** Requests with no answer within their deadline. */
  unanswered: number;
  /** Connections refused or reset: the API process itself was killed (the client retried). Not a violation. */
  refused: number;
  /** 500s and other 5xx but 503. */
  serverErrors: number;
}

const answers = (runs: CasusRun[]): Answer[] => runs.flatMap((r) => [...r.registration, ...r.decision]);

async function workflowFase(temporal: Client, casusId: string): Promise<string | null> {
  try {
    const description = await temporal.workflow.getHandle(casusWorkflowId(casusId)).describe();
    return description.typedSearchAttributes.get(zvhFase) ?? null;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

/**
 * Checks the invariants of issue #13 against Postgres and Temporal once the stack is whole again. The phase is compared
 * until it agrees or `settleMs` passes: a workflow whose worker was killed finishes its Update when it comes back.
 */
export async function checkInvariants(
  db: Db,
  temporal: Client,
  runs: CasusRun[],
  settleMs = 60_000,
): Promise<Findings> {
  const all = answers(runs);
  const findings: Findings = {
    registrations: runs.filter((r) => r.registration.at(-1)?.status === 201).length,
    decisions: runs.filter((r) => r.decision.at(-1)?.status === 200).length,
    lost: 0,
    duplicated: 0,
    zombie: 0,
    inconsistent: 0,
    unanswered: all.filter((a) => a.status === 'timeout').length,
    refused: all.filter((a) => a.status === 'network').length,
    serverErrors: all.filter((a) => typeof a.status === 'number' && a.status >= 500 && a.status !== 503).length,
  };
  for (const run of runs) {
    const rows = await db.casus.findMany({
      where: { betrokkenen: { some: { achternaam: run.marker } } },
      select: {
        id: true,
        fase: true,
        besluiten: { where: { soort: 'INTAKE', status: 'VASTGESTELD' }, select: { id: true } },
      },
    });
    if (rows.length > 1) findings.duplicated += 1;
    if (run.casusId !== undefined && !rows.some((r) => r.id === run.casusId)) findings.lost += 1;
    for (const row of rows) {
      if (row.besluiten.length > 1) findings.duplicated += 1;
      const decided = run.casusId === row.id && run.decision.at(-1)?.status === 200;
      if (decided && row.besluiten.length === 0) findings.inconsistent += 1;
      const until = Date.now() + settleMs;
      let fase = await workflowFase(temporal, row.id);
      // The reconciler starts a stranded workflow within its period: a zombie is one still missing after settling.
      while (fase === null && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 500));
        fase = await workflowFase(temporal, row.id);
      }
      if (fase === null) {
        findings.zombie += 1;
        if (run.casusId === row.id) findings.lost += 1;
        continue;
      }
      let dbFase = row.fase as string;
      while (fase !== dbFase && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 500));
        fase = await workflowFase(temporal, row.id);
        dbFase = (await db.casus.findUniqueOrThrow({ where: { id: row.id }, select: { fase: true } })).fase;
      }
      if (fase !== dbFase) findings.inconsistent += 1;
    }
  }
  return findings;
}
