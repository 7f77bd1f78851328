import { randomInt } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { dataConverter, loadPayloadCodecConfig } from '../codec';
import { createDb, type Db } from '../db';
import { mintToken } from '../local-issuer';
import { seedMedewerker } from '../seed';
import { startStack, type Stack, type StackProcesses } from '../stack';
import { freePort } from '../tools';
import { checkInvariants } from './invariants';
import type { RoundResult } from './report';
import { runWorkload, type CasusRun } from './workload';

export type Fault = keyof StackProcesses;
export const faults: Fault[] = ['worker', 'api', 'temporal', 'postgres'];

export interface ChaosOptions {
  /** Rounds per fault. */
  rounds: number;
  /** Casussen registered (and decided) per round. */
  casussen: number;
  concurrency: number;
  /** The API's Temporal deadline (API_TEMPORAL_TIMEOUT_MS); a client waits this plus a margin for an answer. */
  temporalTimeoutMs: number;
  /** Progress lines (round started, component killed and back); the report is the caller's. */
  progress: (line: string) => void;
}

/** A private aanmelder and an overheid beslisser, each a screened medewerker with a token (also `npm run bench`). */
export async function seedCallers(db: Db, issuerDir: string): Promise<{ aanmelder: string; beslisser: string }> {
  const token = async (type: 'PRIVAAT' | 'OVERHEID') =>
    mintToken(issuerDir, { ...(await seedMedewerker(db, type, { label: 'chaos' })), rollen: [] }, '8h');
  return { aanmelder: await token('PRIVAAT'), beslisser: await token('OVERHEID') };
}

/** Runs the workload and kills `fault` (SIGKILL) once a random share of the registrations has been answered. */
async function round(stack: Stack, fault: Fault, tokens: { aanmelder: string; beslisser: string }, opts: ChaosOptions) {
  const started = Date.now();
  const killAfter = randomInt(Math.max(1, Math.floor(opts.casussen / 5)), Math.max(2, Math.ceil(opts.casussen / 2)));
  let killedAtMs = -1;
  let back: Promise<void> | undefined;
  const runs: CasusRun[] = [];
  const watcher = setInterval(() => {
    if (back || runs.filter((r) => r.registration.length > 0).length < killAfter) return;
    killedAtMs = Date.now() - started;
    const target = stack.processes[fault];
    if (!target) throw new Error(`the stack runs no ${fault} of its own`);
    opts.progress(`  ${fault}: SIGKILL (pid ${target.pid}) at ${(killedAtMs / 1000).toFixed(1)} s`);
    back = target
      .kill('SIGKILL')
      .then(() => opts.progress(`  ${fault}: back (pid ${target.pid}, restarts ${target.restarts})`));
  }, 50);
  const requestDeadlineMs = opts.temporalTimeoutMs + 5_000;
  const workload = {
    apiUrl: stack.apiUrl,
    aanmelder: { token: tokens.aanmelder },
    beslisser: { token: tokens.beslisser },
    casussen: opts.casussen,
    concurrency: opts.concurrency,
    requestDeadlineMs,
    retryForMs: 180_000,
  };
  const done = await runWorkload(workload, runs);
  clearInterval(watcher);
  await back;
  const all = done.flatMap((r) => [...r.registration, ...r.decision]);
  const answers: Record<string, number> = {};
  for (const a of all) {
    const type = (a.body as { type?: unknown } | undefined)?.type;
    const key =
      typeof type === 'string' ? `${a.status} ${type.replace('urn:zvh-wgs:probleem:', '')}` : String(a.status);
    answers[key] = (answers[key] ?? 0) + 1;
  }
  return { runs: done, killedAtMs, answers, slowestMs: Math.max(0, ...all.map((a) => a.ms)) };
}

/** `npm run chaos`: its own stack, every fault `rounds` times, the invariants checked after each round. */
export async function runChaos(opts: ChaosOptions): Promise<RoundResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zvh-chaos-'));
  chmodSync(dataDir, 0o755); // the postgres OS user must reach its data directory
  const stack = await startStack({
    dataDir,
    persistentTemporal: true, // a killed dev server comes back with its state
    apiPort: await freePort(),
    output: 'files',
    // Stranded starts are looked for every 5 s instead of every minute, so a round settles quickly.
    env: {
      LOG_LEVEL: 'warn',
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      API_TEMPORAL_TIMEOUT_MS: String(opts.temporalTimeoutMs),
      ZVH_WORKFLOW_START_CONTROLE_SECONDEN: '5',
    },
    restart: { initialDelayMs: 200, maxDelayMs: 2_000 },
  });
  opts.progress(`chaos stack up: api ${stack.apiUrl}, logs ${stack.logDir}`);
  const db = createDb(stack.databaseUrl);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({
    connection,
    namespace: stack.namespace,
    dataConverter: dataConverter(loadPayloadCodecConfig(stack.env)),
  });
  try {
    if (!stack.issuerDir) throw new Error('the chaos run needs the local issuer: unset OIDC_ISSUER');
    const tokens = await seedCallers(db, stack.issuerDir);
    const results: RoundResult[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      for (const fault of faults) {
        opts.progress(`round ${r + 1}, ${fault}: ${opts.casussen} casussen, ${opts.concurrency} at a time`);
        const { runs, ...seen } = await round(stack, fault, tokens, opts);
        results.push({ fault, ...seen, findings: await checkInvariants(db, temporal, runs) });
      }
    }
    return results;
  } finally {
    await connection.close().catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    await stack.stop();
  }
}
