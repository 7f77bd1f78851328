import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** Paths of the tools scripts/bootstrap.mjs builds (kept in sync with it). */
export const repoRoot = resolve(__dirname, '..');

const temporalCliVersion = () => readFileSync(join(repoRoot, 'tools', 'temporal-cli.version'), 'utf8').trim();

export const temporalCliBin = (): string =>
  join(repoRoot, '.tools', `temporal-cli-${temporalCliVersion()}`, 'temporal');

/** The Web UI's assets with the operators' columns (ensureTemporalUi in scripts/bootstrap.mjs). */
export const temporalUiAssets = (): string => join(repoRoot, '.tools', `temporal-ui-${temporalCliVersion()}`);

export const temporalTestServerPath = (): string => join(repoRoot, 'scripts', 'temporal-test-server');

const handedOut = new Set<number>();

/**
 * A port that was free a moment ago (the OS picks it), and never one this process was given before: the OS can hand
 * the same port to two calls in a row, and two processes of one stack then collide (seen as an API and its issuer on
 * one port).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await portFromOs();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function portFromOs(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** Polls `probe` until it answers true (true; a failure counts as false) or `signal` aborts (false). */
export async function until(
  signal: AbortSignal,
  probe: () => Promise<boolean> | boolean,
  intervalMs = 250,
): Promise<boolean> {
  while (!signal.aborted) {
    if (
      await Promise.resolve()
        .then(probe)
        .catch(() => false)
    )
      return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}
