import { ActivityFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isWeigercode, type Weigercode } from '../domain/weigeringen';
import { problems, type Problem } from './problem';

export interface Weigering {
  /** The failure type, kept with the refused proposal and in the log. */
  code: string;
  problem: Problem;
}

export interface WeigeringOpties {
  /** Why nothing can be decided once the workflow has finished (409). */
  afgerond: string;
  /** The 409 for a decision that does not fit the state (default: the casus phase problem). */
  verkeerdeFase?: (detail: string) => Problem;
}

/** The declared refusal an Update failed with: thrown by the workflow, or by the activity its handler ran. */
function weigeringVan(err: WorkflowUpdateFailedError): { type: Weigercode; message: string } | undefined {
  const cause = err.cause instanceof ActivityFailure ? err.cause.cause : err.cause;
  if (!(cause instanceof ApplicationFailure) || !isWeigercode(cause.type)) return undefined;
  return { type: cause.type, message: cause.message };
}

/**
 * Maps a workflow's refusal of an Update (its validator or a rule it applies) to the problem the client gets, by
 * the declaration of domain/weigeringen.ts; a finished workflow is a 409. Anything else is no refusal (undefined):
 * the caller rethrows it.
 */
export function updateWeigering(err: unknown, opties: WeigeringOpties): Weigering | undefined {
  const { afgerond, verkeerdeFase = problems.verkeerdeFase } = opties;
  if (err instanceof WorkflowNotFoundError) return { code: 'AFGEROND', problem: verkeerdeFase(afgerond) };
  const failure = err instanceof WorkflowUpdateFailedError ? weigeringVan(err) : undefined;
  if (!failure) return undefined;
  const { type, message } = failure;
  const problem = type === 'VERKEERDE_FASE' ? verkeerdeFase(message) : problems.weigering(type, message);
  return { code: type, problem };
}

/**
 * The refusal of a request repeated under its Idempotency-Key after its first answer was lost (api/idempotentie.ts):
 * the proposal was refused then, with `code`; it is not offered again.
 */
export function eerdereWeigering(code: string, { verkeerdeFase = problems.verkeerdeFase }: WeigeringOpties): Problem {
  const detail = `Dit verzoek is eerder geweigerd (${code}).`;
  return isWeigercode(code) && code !== 'VERKEERDE_FASE' ? problems.weigering(code, detail) : verkeerdeFase(detail);
}
