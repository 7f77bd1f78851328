import type { temporal } from '@temporalio/proto';

/**
 * All text in a workflow history, with every payload's bytes decoded, so that tests can assert what Temporal
 * stores (a plain JSON.stringify would only show base64 and prove nothing).
 */
export function historyText(history: temporal.api.history.v1.IHistory): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) out.push(Buffer.from(v).toString('utf8'));
    else if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(history);
  return out.join('\n');
}
