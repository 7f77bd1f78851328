import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { historiesDir } from '../support/history';

// Determinism guard: every recorded history of a released workflow version must replay on the current code.
// A change that breaks this needs `patched()` (see README, "Changing workflow code").
const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json'));

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThan(0);
});

test.each(files)('%s replays on the current workflow code', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8')));
  await Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, history, file.replace(/\.json$/, ''));
});
