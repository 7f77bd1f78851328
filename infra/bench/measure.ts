import { readFile } from 'node:fs/promises';

/** Latencies of one measured operation and how long the whole batch took. */
export interface Meting {
  n: number;
  clients: number;
  ms: number[];
  wallMs: number;
}

/** Runs `op(i)` for i < n, `clients` at a time, and times each call and the whole batch. A failure stops it. */
export async function meet(n: number, clients: number, op: (i: number) => Promise<unknown>): Promise<Meting> {
  const ms: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      await op(i);
      ms.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: Math.min(clients, n) }, lane));
  return { n, clients, ms, wallMs: performance.now() - started };
}

export const percentiel = (ms: number[], p: number): number => {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
export const mediaan = (ms: number[]): number => percentiel(ms, 50);
export const perSeconde = (m: Meting): number => (m.n * 1000) / m.wallMs;

/** The process's resident set (MiB), from /proc (Linux); undefined once it is gone. */
export async function rssMiB(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}
