import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopChild, stopWithParent } from '../../infra/processes';
import { repoRoot } from '../../infra/tools';
import { requireEnv } from './fixtures';

/** A further API process beside the test stack's (another ZVH, for one): its URL, and a way to stop it. */
export interface ApiInstance {
  url: string;
  stop(): Promise<void>;
}

/** The test stack's OIDC issuer, so a second instance accepts the tokens tokenFor mints (infra/local-issuer.ts). */
export const stackIssuer = (): string =>
  (JSON.parse(readFileSync(join(requireEnv('ZVH_TEST_ISSUER_DIR'), 'key.json'), 'utf8')) as { issuer: string }).issuer;

/**
 * Starts `api/main.ts` as the stack does (infra/stack.ts), with the given environment (its own DATABASE_URL,
 * API_PORT, payload keys…), its output in `logFile`; resolves once `healthPath` answers 200 (`/health/live` for an
 * instance whose dependencies are meant to be down).
 */
export async function startApiInstance(
  env: NodeJS.ProcessEnv,
  logFile: string,
  timeoutMs = 60_000,
  healthPath = '/health',
): Promise<ApiInstance> {
  const child = stopWithParent(
    spawn(process.execPath, ['--require', 'tsx/cjs', 'api/main.ts'], {
      cwd: repoRoot,
      env: { ...env, API_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${requireValue(env.API_PORT, 'API_PORT')}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API instance exited (code ${child.exitCode}); see ${logFile}`);
    if (
      await fetch(`${url}${healthPath}`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`the API instance was not healthy at ${url} within ${timeoutMs} ms; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { url, stop: () => stopChild(child) };
}

function requireValue(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} must be set`);
  return value;
}
