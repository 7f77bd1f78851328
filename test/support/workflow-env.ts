import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ConnectionPlugin } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { standaardPolicy, type Policy } from '../../domain/policy';
import { dataConverter } from '../../infra/codec';
import { createDb, type Db } from '../../infra/db';
import { createMailer, mailConfigSchema } from '../../infra/mail';
import { startMailSink, type MailSink } from '../../infra/mail-sink';
import { ensureSearchAttributes } from '../../infra/temporal';
import { temporalTestServerPath } from '../../infra/tools';
import { requireEnv } from './fixtures';
import { TEST_ONLY_PAYLOAD_KEYS } from './history';

/**
 * Temporal's Java test server (grpc-java) permits a keepalive ping only every 5 minutes and answers the client's
 * default 30 s pings with GOAWAY "too_many_pings", which strands in-flight long-polls in a test file that runs for
 * minutes. Ping less often than it permits.
 */
const javaServerKeepalive: ConnectionPlugin = {
  name: 'zvh-test-server-keepalive',
  configureConnection: (options) => ({
    ...options,
    channelArgs: {
      ...options.channelArgs,
      'grpc.keepalive_time_ms': 6 * 60_000,
      'grpc.keepalive_permit_without_calls': 0,
    },
  }),
};

/**
 * sdk-core gives the test server a fixed 5 s to accept connections (50 attempts 100 ms apart, then it kills the
 * process: "ephemeral server … did not start within 5s"). A JVM start usually takes 2–4 s here, but on the shared
 * 2-core machine under load it was measured at over 30 s; so try again, with a pause, for up to `binnenMs`.
 */
async function startTestServer(binnenMs = 90_000): Promise<TestWorkflowEnvironment> {
  const tot = Date.now() + binnenMs;
  for (;;) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
        client: { dataConverter: dataConverter(TEST_ONLY_PAYLOAD_KEYS) },
        plugins: [javaServerKeepalive],
      });
    } catch (err) {
      if (Date.now() > tot || !/did not start within/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

export interface WorkflowTestEnv {
  env: TestWorkflowEnvironment;
  db: Db;
  taskQueue: string;
  archiefMap: string;
  /** A real SMTP server the worker's mail goes to. */
  mail: MailSink;
  stop(): Promise<void>;
}

/**
 * Temporal's time-skipping test server with a worker whose activities run on the real Postgres of the test stack.
 * Client and worker encrypt payloads with the fixed test-only key, so recorded histories stay replayable.
 */
export async function startWorkflowEnv(policy: Partial<Policy> = {}): Promise<WorkflowTestEnv> {
  const db = createDb(requireEnv('DATABASE_URL'));
  const env = await startTestServer();
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  const taskQueue = `casus-test-${randomUUID()}`;
  const archiefMap = mkdtempSync(join(tmpdir(), 'zvh-archief-'));
  const mail = await startMailSink();
  const mailConfig = mailConfigSchema.parse({
    SMTP_PORT: String(mail.port),
    ZVH_MAIL_BESLUITVORMING: 'procesregie@zvh.test',
    ZVH_MAIL_ESCALATIE: 'netwerkmanager@zvh.test',
    ZVH_MAIL_CONTACTPUNT: 'contactpunt@zvh.test',
    ZVH_MAIL_FG: 'fg@zvh.test',
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    activities: createActivities(
      db,
      { ...standaardPolicy, ...policy },
      { archiefMap, mailer: createMailer(mailConfig), mail: mailConfig },
    ),
    dataConverter: dataConverter(TEST_ONLY_PAYLOAD_KEYS),
  });
  const running = worker.run();
  return {
    env,
    db,
    taskQueue,
    archiefMap,
    mail,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await mail.stop();
      await db.$disconnect();
    },
  };
}
