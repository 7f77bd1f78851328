import { existsSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { withParentDeathSignal } from './processes';
import type { ProcessSpec } from './supervisor';
import { searchAttributeFlags } from './temporal';
import { temporalCliBin, temporalUiAssets, until } from './tools';

export interface DevServerOptions {
  port: number;
  /** Web UI port; undefined runs headless. */
  uiPort?: number;
  /** SQLite file for persistent state; undefined keeps everything in memory (lost when it restarts). */
  dbFile?: string;
  namespace: string;
  logFile: string;
  /** Remote codec the Web UI decodes payloads with (`--ui-codec-endpoint`; api/codec-routes.ts); only with a UI. */
  codecEndpoint?: string;
}

/**
 * How long an idle poll waits for a task on the dev server. Temporal's default is a minute, and an idle worker's
 * poller is only seen again when a poll ends: /health/ready would notice a dead worker a minute late.
 */
export const DEV_SERVER_LONG_POLL_S = 5;

/** `temporal server start-dev` (built by scripts/bootstrap.mjs) with the project's search attributes. */
export function temporalDevServer(opts: DevServerOptions): { address: string; spec: ProcessSpec } {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--namespace', opts.namespace];
  args.push('--log-level', 'warn');
  args.push(...(opts.uiPort === undefined ? ['--headless'] : ['--ui-port', String(opts.uiPort)]));
  // Without the prepared assets (a bootstrap that skipped ensureTemporalUi) the CLI's embedded UI serves.
  if (opts.uiPort !== undefined && existsSync(temporalUiAssets())) args.push('--ui-asset-path', temporalUiAssets());
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (opts.codecEndpoint && opts.uiPort !== undefined) args.push('--ui-codec-endpoint', opts.codecEndpoint);
  args.push('--dynamic-config-value', `matching.longPollExpirationInterval="${DEV_SERVER_LONG_POLL_S}s"`);
  args.push(...searchAttributeFlags());
  const address = `127.0.0.1:${opts.port}`;
  const spec: ProcessSpec = {
    name: 'temporal',
    ...withParentDeathSignal(temporalCliBin(), args, 'TERM'),
    logFile: opts.logFile,
    ready: (_child, signal) => until(signal, () => serves(address)),
  };
  return { address, spec };
}

async function serves(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}
