import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import type { PayloadCodecConfig } from '../../infra/codec';

export const historiesDir = join(__dirname, '..', 'workflow', 'histories');

/**
 * TEST ONLY — a fixed, public payload key, committed on purpose: the workflow tests encrypt with it, so that the
 * histories they record (test/workflow/histories/*.v2.json and later) can be decoded and replayed forever. It
 * protects nothing; never configure it anywhere else (production keys come from ZVH_PAYLOAD_KEYS).
 */
export const TEST_ONLY_PAYLOAD_KEYS: PayloadCodecConfig = {
  keys: new Map([['test-only-not-secret-1', Buffer.from('E1Msw4J3qBIzOuLnhgFfyC8aM01OPZgb2pJfZfxDgvM=', 'base64')]]),
  activeKeyId: 'test-only-not-secret-1',
};

/**
 * With ZVH_RECORD_HISTORIES=<version label>, stores the workflow's history as a replay fixture
 * (test/workflow/histories/<name>.<label>.json), exactly as the server holds it: payloads encrypted (fetchHistory
 * does not decode). Record once per released workflow version and commit the files:
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

/**
 * A `patched()` marker's details are written by the SDK itself, never through the payload codec: they must hold the
 * patch id (a constant of the workflow code) and nothing else.
 */
function expectPatchMarkerOnly(marker: Record<string, unknown>, path: string): void {
  const details = (marker.details ?? {}) as Record<string, { payloads?: Payload[] }>;
  for (const p of Object.values(details).flatMap((d) => d.payloads ?? [])) {
    const text = Buffer.from(p.data ?? []).toString('utf8');
    if (!/^\{"id":"[a-z0-9-]+","deprecated":(true|false)\}$/.test(text))
      throw new Error(`${path}: unexpected patch marker details ${text}`);
  }
}

/**
 * Every payload in a workflow history except search attributes (which Temporal indexes, so they are never encoded
 * by a codec; the project's hold phases and dates only) and patch markers (checked to hold only the patch id), with
 * where it was found.
 */
export function historyPayloads(history: temporal.api.history.v1.IHistory): Array<{ path: string; payload: Payload }> {
  const out: Array<{ path: string; payload: Payload }> = [];
  const walk = (v: unknown, path: string): void => {
    if (!v || typeof v !== 'object' || v instanceof Uint8Array) return;
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
    const o = v as Record<string, unknown>;
    if (o.metadata && typeof o.metadata === 'object' && !(o.metadata instanceof Uint8Array) && 'data' in o) {
      out.push({ path, payload: o as Payload });
      return;
    }
    if (o.markerName === 'core_patch') return expectPatchMarkerOnly(o, path);
    for (const [k, x] of Object.entries(o)) if (k !== 'searchAttributes') walk(x, `${path}.${k}`);
  };
  walk(history, 'history');
  return out;
}
