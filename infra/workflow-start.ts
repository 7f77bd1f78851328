import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { SearchAttributePair } from '@temporalio/common';
import type { Prisma } from '../generated/prisma/client';
import { zvhFase, zvhVolgendeDeadline } from '../workflows/search-attributes';
import type { Db } from './db';
import { operatorView } from './operator-view';

/**
 * A row and its workflow come into being as one unit (issue #13): the transaction that stores the row also writes
 * the workflow's start into the outbox (`workflow_start`); the start itself follows — by the API right after the
 * commit, and whatever became of that attempt, by the reconciler (`startOpenstaande`: the worker at start and every
 * ZVH_WORKFLOW_START_CONTROLE_SECONDEN, and the daily sweep). Starting is idempotent by the workflow id.
 */
export interface WorkflowStart {
  workflowId: string;
  workflowType: string;
  /** The workflow's single argument: ids, enums and dates only (it goes to Temporal). */
  input: Prisma.InputJsonObject;
  /** The first ZvhFase. */
  fase: string;
  volgendeDeadline?: Date;
}

export const registreerWorkflowStart = (tx: Prisma.TransactionClient, start: WorkflowStart): Promise<unknown> =>
  tx.workflowStart.create({ data: { ...start, volgendeDeadline: start.volgendeDeadline ?? null } });

export interface StartOpties {
  taskQueue: string;
  workflowType: string;
  workflowId: string;
  args: unknown[];
  typedSearchAttributes?: SearchAttributePair[];
  /** Temporal user metadata (infra/operator-view.ts): codes and numbers only. */
  staticSummary?: string;
  staticDetails?: string;
}

/**
 * Starts a workflow once: its id is the key. A running one, or one that ran under this id (REJECT_DUPLICATE: a
 * finished or terminated workflow is never started again by a retry), counts as started: `false`.
 */
export async function startEenmaal(client: Client, opties: StartOpties): Promise<boolean> {
  const { workflowType, ...rest } = opties;
  try {
    const workflowIdReusePolicy = WorkflowIdReusePolicy.REJECT_DUPLICATE;
    await client.workflow.start(workflowType, { ...rest, workflowIdReusePolicy });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

type Geregistreerd = Prisma.WorkflowStartGetPayload<object>;

async function startRegistratie(db: Db, client: Client, taskQueue: string, s: Geregistreerd): Promise<boolean> {
  const { workflowType, workflowId } = s;
  const view = await operatorView(db, workflowType, s.input);
  const typedSearchAttributes: SearchAttributePair[] = [{ key: zvhFase, value: s.fase }, ...view.typedSearchAttributes];
  if (s.volgendeDeadline) typedSearchAttributes.push({ key: zvhVolgendeDeadline, value: s.volgendeDeadline });
  const args = [s.input];
  const opties = { ...view, taskQueue, workflowType, workflowId, args, typedSearchAttributes };
  const nieuw = await startEenmaal(client, opties);
  await db.workflowStart.updateMany({ where: { workflowId, gestartOp: null }, data: { gestartOp: new Date() } });
  return nieuw;
}

/**
 * Starts a registered workflow that is not known to be started; `false` when there is none to start (never
 * registered, or confirmed already). Errors (Temporal away) are the caller's: the reconciler tries again.
 */
export async function startGeregistreerd(db: Db, client: Client, queue: string, workflowId: string): Promise<boolean> {
  const s = await db.workflowStart.findFirst({ where: { workflowId, gestartOp: null } });
  if (!s) return false;
  await startRegistratie(db, client, queue, s);
  return true;
}

/** What a reconciler run did; counts only. `bestonden`: started already, only the confirmation was missing. */
export interface StartHerstel {
  gevonden: number;
  gestart: number;
  bestonden: number;
  mislukt: number;
}

/** At most this many starts per run; the next run takes the rest. */
const HERSTEL_BATCH = 200;

/**
 * The reconciler: starts every registered workflow registered before `ouderDan` whose start is not confirmed. One
 * that fails (Temporal away, an unknown type) is counted and tried again on the next run.
 */
export async function startOpenstaande(db: Db, client: Client, queue: string, ouderDan: Date): Promise<StartHerstel> {
  const open = await db.workflowStart.findMany({
    where: { gestartOp: null, createdAt: { lte: ouderDan } },
    orderBy: { createdAt: 'asc' },
    take: HERSTEL_BATCH,
  });
  const herstel: StartHerstel = { gevonden: open.length, gestart: 0, bestonden: 0, mislukt: 0 };
  for (const s of open) {
    try {
      if (await startRegistratie(db, client, queue, s)) herstel.gestart += 1;
      else herstel.bestonden += 1;
    } catch {
      herstel.mislukt += 1;
    }
  }
  return herstel;
}
