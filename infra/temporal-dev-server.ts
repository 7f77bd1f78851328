import { spawn, type ChildProcess } from 'node:child_process';
import { stopChild, stopWithParent } from './processes';
import { createWriteStream } from 'node:fs';
import { Connection } from '@temporalio/client';
import { searchAttributeFlags } from './temporal';
import { temporalCliBin } from './tools';

export interface DevServerOptions {
  port: number;
  /** Web UI port; undefined runs headless. */
  uiPort?: number;
  /** SQLite file for persistent state; undefined keeps everything in memory. */
  dbFile?: string;
  namespace: string;
  logFile: string;
  /** Remote codec the Web UI decodes payloads with (`--ui-codec-endpoint`; api/codec-routes.ts); only with a UI. */
  codecEndpoint?: string;
}

export interface DevServerHandle {
  address: string;
  stop(): Promise<void>;
}

/** Runs `temporal server start-dev` (built by scripts/bootstrap.mjs) with the project's search attributes. */
export async function startTemporalDevServer(opts: DevServerOptions): Promise<DevServerHandle> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--namespace', opts.namespace, '--log-level', 'warn'];
  args.push(...(opts.uiPort === undefined ? ['--headless'] : ['--ui-port', String(opts.uiPort)]));
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (opts.codecEndpoint && opts.uiPort !== undefined) args.push('--ui-codec-endpoint', opts.codecEndpoint);
  args.push(...searchAttributeFlags());
  const child = stopWithParent(spawn(temporalCliBin(), args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const address = `127.0.0.1:${opts.port}`;
  await waitUntilServing(address, child);
  return { address, stop: () => stopChild(child) };
}

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`temporal dev server not serving on ${address}: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
