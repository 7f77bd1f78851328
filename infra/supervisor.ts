import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Logger } from './logger';

/** One process of the local stack, as the supervisor starts it again and again. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  uid?: number;
  gid?: number;
  /** Its stdout and stderr are appended here, across restarts. */
  logFile: string;
  /** Also copy its output to this process's stdout and stderr (`npm start`). */
  tee?: boolean;
  /** Node processes get an IPC channel: its closing tells them the supervisor is gone (infra/processes.ts). */
  ipc?: boolean;
  /** Resolves once a freshly started process serves; `signal` aborts when it exits or takes too long. */
  ready(child: ChildProcess, signal: AbortSignal): Promise<unknown>;
  /** How to ask it to stop (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
}

export interface RestartPolicy {
  /** Delay before the first restart; doubled for each further restart in a row, up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A process that ran this long before it exited starts the doubling over. */
  resetAfterMs: number;
  /** How long a started process may take to become ready; then it is killed and counts as failed. */
  readyTimeoutMs: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  resetAfterMs: 60_000,
  readyTimeoutMs: 120_000,
};

/** A supervised process, as the stack exposes it (chaos tests: SIGKILL one and wait until it is back). */
export interface Supervised {
  readonly name: string;
  /** The running process; undefined while it is down. */
  readonly pid: number | undefined;
  /** How often it was restarted after exiting. */
  readonly restarts: number;
  /** Resolves once a process runs and is ready (at once when it is); rejects once the supervisor stopped. */
  whenReady(): Promise<void>;
  /** Sends `signal` (default SIGKILL) to the running process; resolves once its successor is ready. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Until releaseRestarts(), a process that exits stays down (e.g. to observe the outage first). */
  holdRestarts(): void;
  releaseRestarts(): void;
  /** Stops it for good: `stopSignal`, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `spec` and resolves once it is ready; a process that exits after that is restarted with backoff. */
export async function supervise(
  spec: ProcessSpec,
  log: Logger,
  policy: RestartPolicy = defaultRestartPolicy,
): Promise<Supervised> {
  const p = new SupervisedProcess(spec, log, policy);
  try {
    await p.bringUp();
  } catch (err) {
    await p.stop();
    throw err;
  }
  p.supervising = true;
  return p;
}

class SupervisedProcess implements Supervised {
  supervising = false;
  restarts = 0;
  private child: ChildProcess | undefined;
  private ready = false;
  private waiters: Array<{ ok: () => void; fail: (err: Error) => void }> = [];
  private startedAt = 0;
  private failuresInARow = 0;
  private held = false;
  private pendingRestart = false;
  private timer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private readonly out: WriteStream;
  // Sending a signal is synchronous, so even process.exit() takes the child along (a last resort: stop() is orderly).
  private readonly onParentExit = () => void this.child?.kill(this.spec.stopSignal ?? 'SIGTERM');

  constructor(
    private readonly spec: ProcessSpec,
    private readonly log: Logger,
    private readonly policy: RestartPolicy,
  ) {
    this.out = createWriteStream(spec.logFile, { flags: 'a' });
    process.on('exit', this.onParentExit);
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Launches a process and waits until it is ready; one that does not become ready is killed. */
  async bringUp(): Promise<void> {
    const child = this.launch();
    const abort = new AbortController();
    const { readyTimeoutMs } = this.policy;
    const timeout = setTimeout(() => abort.abort(new Error(`not ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
    child.once('exit', (code, signal) => abort.abort(new Error(`exited (${code ?? signal}) before it was ready`)));
    const aborted = new Promise<never>((_, reject) => {
      abort.signal.addEventListener('abort', () => reject(abort.signal.reason as Error), { once: true });
    });
    aborted.catch(() => undefined); // also aborted once ready, to end the probe
    try {
      await Promise.race([this.spec.ready(child, abort.signal), aborted]);
    } catch (err) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      throw new Error(`${this.name} ${err instanceof Error ? err.message : String(err)}; see ${this.spec.logFile}`);
    } finally {
      clearTimeout(timeout);
      abort.abort();
    }
    if (this.child !== child || this.stopping) return;
    this.ready = true;
    for (const w of this.waiters.splice(0)) w.ok();
  }

  private launch(): ChildProcess {
    const { command, args, env, cwd, uid, gid, ipc, tee } = this.spec;
    const stdio: StdioOptions = ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
    const child = spawn(command, args, { env, cwd, uid, gid, stdio });
    this.child = child;
    this.ready = false;
    this.startedAt = Date.now();
    child.stdout?.pipe(this.out, { end: false });
    child.stderr?.pipe(this.out, { end: false });
    if (tee) {
      child.stdout?.pipe(process.stdout, { end: false });
      child.stderr?.pipe(process.stderr, { end: false });
    }
    // A process that could not be spawned at all reports an error and may never emit 'exit'.
    child.once('error', () => {
      if (child.pid === undefined) child.emit('exit', null, null);
    });
    child.once('exit', (code, signal) => this.exited(child, code, signal));
    return child;
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.ready = false;
    if (!this.supervising || this.stopping) return;
    this.log.warn('process exited', { process: this.name, code, signal });
    if (Date.now() - this.startedAt >= this.policy.resetAfterMs) this.failuresInARow = 0;
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.held) {
      this.pendingRestart = true;
      return;
    }
    const delayMs = Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** this.failuresInARow);
    this.failuresInARow++;
    this.log.warn('restarting process', { process: this.name, delayMs, restart: this.restarts + 1 });
    this.timer = setTimeout(() => {
      if (this.stopping) return;
      this.restarts++;
      this.bringUp().then(
        () => this.log.info('process restarted', { process: this.name, pid: this.pid, restart: this.restarts }),
        // Its exit (or the kill of one that never became ready) schedules the next attempt.
        (err: unknown) => {
          if (this.stopping) return;
          const reason = err instanceof Error ? err.message : String(err);
          this.log.error('restart failed', { process: this.name, reason });
        },
      );
    }, delayMs);
  }

  whenReady(): Promise<void> {
    if (this.stopping) return Promise.reject(new Error(`${this.name} is stopped`));
    if (this.ready) return Promise.resolve();
    return new Promise((ok, fail) => this.waiters.push({ ok, fail }));
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.ready = false; // whenReady() below waits for the successor
    const back = this.whenReady();
    child?.kill(signal);
    return back;
  }

  holdRestarts(): void {
    this.held = true;
  }

  releaseRestarts(): void {
    this.held = false;
    if (!this.pendingRestart) return;
    this.pendingRestart = false;
    this.scheduleRestart();
  }

  stop(graceMs = 15_000): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.timer);
      for (const w of this.waiters.splice(0)) w.fail(new Error(`${this.name} is stopped`));
      const child = this.child;
      if (child && child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((ok) => {
          const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(kill);
            ok();
          });
          child.kill(this.spec.stopSignal ?? 'SIGTERM');
        });
      }
      process.removeListener('exit', this.onParentExit);
      await new Promise<void>((ok) => this.out.end(ok));
    })();
    return this.stopping;
  }
}
