import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devPayloadKeys } from '../../infra/codec';
import { startStack, type Stack } from '../../infra/stack';
import { freePort } from '../../infra/tools';
import { hefMoratoriumOp } from './moratorium';

declare global {
  var zvhTestStack: Stack | undefined;
}

/**
 * One real stack for the whole test run: embedded Postgres, the Temporal dev server, and the worker and API as
 * separate processes. Test files find it through the environment variables set here.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zvh-test-'));
  chmodSync(dataDir, 0o755); // the postgres OS user must reach its data directory
  const stack = await startStack({
    dataDir,
    persistentTemporal: false,
    apiPort: await freePort(),
    output: 'files',
    env: { LOG_LEVEL: 'warn', API_RATE_LIMIT_PER_MINUTE: '1000000', ZVH_KOPPELING_TIMEOUT_MS: '3000' },
  }); // every test file calls from one IP; partner timeouts short
  globalThis.zvhTestStack = stack;
  // Most test files expect archiving and anonymisation on the shared database; test/integration/moratorium.test.ts
  // shows the moratorium in force on a database of its own.
  await hefMoratoriumOp(stack.databaseUrl);
  Object.assign(process.env, {
    DATABASE_URL: stack.databaseUrl,
    ZVH_TEST_APP_DATABASE_URL: stack.appDatabaseUrl,
    ZVH_KOPPELING_LOOPBACK_TOEGESTAAN: stack.env.ZVH_KOPPELING_LOOPBACK_TOEGESTAAN, // for API instances started by tests
    ZVH_TEST_CHILD_DATABASE_URL: stack.env.DATABASE_URL, // what the worker and API were started with
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_NAMESPACE: stack.namespace,
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    ZVH_TEST_API_URL: stack.apiUrl,
    ZVH_TEST_LOG_DIR: stack.logDir,
    ZVH_TEST_ARCHIEF_DIR: stack.archiefMap,
    ...(stack.mailDir ? { ZVH_TEST_MAIL_DIR: stack.mailDir } : {}),
    ...(process.env.ZVH_PAYLOAD_KEYS ? {} : devPayloadKeys(join(dataDir, 'keys'))), // the stack's payload keys, to decode histories
    ...(stack.issuerDir ? { ZVH_TEST_ISSUER_DIR: stack.issuerDir } : {}),
  });
  process.stdout.write(
    `\ntest stack up: api ${stack.apiUrl}, temporal ${stack.temporalAddress}, logs ${stack.logDir}\n`,
  );
}
