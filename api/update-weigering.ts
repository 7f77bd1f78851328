import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
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
  /** The process's own rules, by failure type (422s). */
  regels?: Record<string, (message: string) => Problem>;
}

/**
 * Maps a workflow's refusal of an Update (its validator or a rule it applies) to the problem the client gets:
 * 403 NIET_BEVOEGD, 409 VERKEERDE_FASE or a finished workflow, and the process's own rules. Anything else is no
 * refusal (undefined): the caller rethrows it.
 */
export function updateWeigering(err: unknown, { afgerond, verkeerdeFase = problems.verkeerdeFase, regels = {} }: WeigeringOpties): Weigering | undefined {
  if (err instanceof WorkflowNotFoundError) return { code: 'AFGEROND', problem: verkeerdeFase(afgerond) };
  if (!(err instanceof WorkflowUpdateFailedError) || !(err.cause instanceof ApplicationFailure)) return undefined;
  const { type, message } = err.cause;
  if (type === 'NIET_BEVOEGD') return { code: type, problem: problems.nietBevoegd(message) };
  if (type === 'VERKEERDE_FASE') return { code: type, problem: verkeerdeFase(message) };
  const regel = type ? regels[type] : undefined;
  return regel ? { code: type as string, problem: regel(message) } : undefined;
}

/**
 * The refusal of a request repeated under its Idempotency-Key after its first answer was lost (api/idempotentie.ts):
 * the proposal was refused then, with `code`; it is not offered again.
 */
export function eerdereWeigering(code: string, { verkeerdeFase = problems.verkeerdeFase, regels = {} }: WeigeringOpties): Problem {
  const detail = `Dit verzoek is eerder geweigerd (${code}).`;
  if (code === 'NIET_BEVOEGD') return problems.nietBevoegd(detail);
  return regels[code]?.(detail) ?? verkeerdeFase(detail);
}
