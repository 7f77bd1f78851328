import { randomUUID } from 'node:crypto';
import { API_BASISPAD } from '../api-versie';

/** Who registers and who decides in the chaos run: a medewerker of a vaste deelnemer with a bearer token. */
export interface Caller {
  token: string;
}

/** One HTTP answer as a client saw it: a status, or none within the deadline / a broken connection. */
export interface Answer {
  status: number | 'timeout' | 'network';
  ms: number;
  body?: unknown;
  /** Seconds the API asked the client to wait before a retry. */
  retryAfter?: number;
}

/** What one logical casus went through: every answer to its registration and to its intake decision. */
export interface CasusRun {
  /** A surname no other casus of any run carries, to count duplicate registrations in Postgres. */
  marker: string;
  registration: Answer[];
  casusId?: string;
  decision: Answer[];
}

export interface WorkloadOptions {
  apiUrl: string;
  aanmelder: Caller;
  beslisser: Caller;
  casussen: number;
  concurrency: number;
  /** What the API promises to answer within (its Temporal deadline plus a margin). */
  requestDeadlineMs: number;
  /** How long a client keeps retrying one request with the same Idempotency-Key. */
  retryForMs: number;
}

const criterium = { mate: 'VOLDAAN', toelichting: 'Objectieve informatie uit het dossier van de aanmelder.' } as const;
export const criteria = { A: criterium, B: criterium, C: criterium, D: criterium };

/**
 * A retry with the same key is what the API documents as safe; 2xx and 4xx are final answers, but for the 409 that
 * says the first request under the key still runs (or ran in a process that died).
 */
const final = (a: Answer) =>
  typeof a.status === 'number' &&
  a.status < 500 &&
  (a.body as { type?: unknown } | undefined)?.type !== 'urn:zvh-wgs:probleem:verzoek-loopt-nog';

async function send(url: string, caller: Caller, key: string, body: unknown, deadlineMs: number): Promise<Answer> {
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${caller.token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(deadlineMs),
    });
    const text = await res.text();
    const retryAfter = Number(res.headers.get('retry-after') ?? Number.NaN);
    const answer: Answer = {
      status: res.status,
      ms: Date.now() - started,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    return Number.isFinite(retryAfter) ? { ...answer, retryAfter } : answer;
  } catch (err) {
    const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { status: timeout ? 'timeout' : 'network', ms: Date.now() - started };
  }
}

/** Sends until a final answer or the retry window closes, as a careful client of an API with Idempotency-Key does. */
export async function sendUntilFinal(
  url: string,
  caller: Caller,
  body: unknown,
  opts: Pick<WorkloadOptions, 'requestDeadlineMs' | 'retryForMs'>,
): Promise<Answer[]> {
  const key = randomUUID();
  const until = Date.now() + opts.retryForMs;
  const answers: Answer[] = [];
  for (;;) {
    const answer = await send(url, caller, key, body, opts.requestDeadlineMs);
    answers.push(answer);
    if (final(answer) || Date.now() > until) return answers;
    // As the API asks (Retry-After, at most 5 s here), else a short random pause.
    const pauseMs = answer.retryAfter === undefined ? 250 + Math.random() * 500 : Math.min(answer.retryAfter, 5) * 1000;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/**
 * Registers `casussen` casussen, `concurrency` at a time, and takes the intake decision on each registered one. Each
 * run is added to `runs` as it starts, so an observer can follow the load.
 */
export async function runWorkload(opts: WorkloadOptions, runs: CasusRun[] = []): Promise<CasusRun[]> {
  let next = 0;
  const lane = async () => {
    while (next < opts.casussen) {
      next += 1;
      const run: CasusRun = {
        marker: `Chaos${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        registration: [],
        decision: [],
      };
      runs.push(run);
      const aanmelding = {
        wettelijkeTaak: 'Handhaving van de openbare orde (Politiewet 2012, art. 3)',
        criteria,
        betrokkenen: [{ rol: 'BETROKKENE', voornamen: 'Test', achternaam: run.marker }],
      };
      run.registration = await sendUntilFinal(
        `${opts.apiUrl}${API_BASISPAD}/casussen`,
        opts.aanmelder,
        aanmelding,
        opts,
      );
      const registered = run.registration.at(-1);
      if (registered?.status !== 201) continue;
      run.casusId = (registered.body as { id: string }).id;
      const besluit = { uitkomst: 'IN_BEHANDELING', criteria, motivering: 'Criteria aannemelijk.' };
      run.decision = await sendUntilFinal(
        `${opts.apiUrl}${API_BASISPAD}/casussen/${run.casusId}/intake-besluit`,
        opts.beslisser,
        besluit,
        opts,
      );
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  return runs;
}
