import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';

export const historiesDir = join(__dirname, '..', 'workflow', 'histories');

/**
 * With ZVH_RECORD_HISTORIES=<version label>, stores the workflow's history as a replay fixture
 * (test/workflow/histories/<name>.<label>.json). Record once per released workflow version and commit the files:
 * test/workflow/replay.test.ts then proves that later code still replays them, i.e. that running casussen survive a
 * deployment.
 */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  const label = process.env.ZVH_RECORD_HISTORIES;
  if (!label) return;
  if (!/^[a-z0-9-]+$/.test(label)) throw new Error('ZVH_RECORD_HISTORIES must be a version label like v2');
  writeFileSync(join(historiesDir, `${name}.${label}.json`), `${historyToJSON(await handle.fetchHistory())}\n`);
}

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
