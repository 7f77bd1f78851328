import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { dataConverter, ENCRYPTED_ENCODING } from '../../infra/codec';
import { historiesDir, historyPayloads, TEST_ONLY_PAYLOAD_KEYS } from '../support/history';

// Determinism guard: every recorded history of a released workflow version must replay on the current code.
// A change that breaks this needs `patched()` (see docs/operations.md, "Changing workflow code").
// Replay runs with the payload codec: v1 histories (recorded before encryption) pass through it as plaintext, later
// ones were encrypted with the fixed test-only key and are decrypted by it.
const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json'));
const load = (file: string) => historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8')));
const encodings = (file: string) =>
  new Set(historyPayloads(load(file)).map((p) => Buffer.from(p.payload.metadata?.encoding ?? []).toString('utf8')));

test('there are recorded histories to replay, from before and after payload encryption', () => {
  expect(files.length).toBeGreaterThan(0);
  const plaintext = files.filter((f) => f.endsWith('.v1.json'));
  const encrypted = files.filter((f) => !f.endsWith('.v1.json'));
  expect(plaintext.length).toBeGreaterThan(0);
  expect(encrypted.length).toBeGreaterThan(0);
  for (const f of plaintext) expect(encodings(f)).not.toContain(ENCRYPTED_ENCODING);
  // From v2 on the stored history holds ciphertext only.
  for (const f of encrypted) expect([f, [...encodings(f)]]).toEqual([f, [ENCRYPTED_ENCODING]]);
});

test.each(files)('%s replays on the current workflow code', async (file) => {
  await Worker.runReplayHistory(
    { workflowsPath: require.resolve('../../workflows'), dataConverter: dataConverter(TEST_ONLY_PAYLOAD_KEYS) },
    load(file),
    file.replace(/\.json$/, ''),
  );
});
