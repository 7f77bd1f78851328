import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { antwoordVoor } from '../../api/openapi';
import { API_BASISPAD } from '../../infra/api-versie';
import { dutchCalendarDate } from '../../infra/calendar';
import type { Db } from '../../infra/db';
import { createMedewerker, requireEnv, tokenFor, type Wie } from './fixtures';

/**
 * A path of the test stack's API: under the version's base (`/casussen` → `/v1/casussen`), except the unversioned
 * probes (`/health…`) and paths that already carry it (links the API hands out).
 */
export const apiPad = (path: string): string =>
  /^\/(health|v\d+)(\/|$|\?)/.test(path) ? path : `${API_BASISPAD}${path}`;

/** A request to the test stack's API (paths as apiPad takes them) as `as` (a real token with its roles), or anonymous. */
export async function call(
  method: string,
  path: string,
  as?: Wie,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const res = await fetch(`${requireEnv('ZVH_TEST_API_URL')}${apiPad(path)}`, {
    method,
    headers: {
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(as ? { authorization: `Bearer ${await tokenFor(as, as.rollen ?? [])}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await volgensOpenApi(method, path, res);
  return res;
}

/** Every successful JSON answer holds to the body its route documents in the OpenAPI document (api/openapi.ts). */
async function volgensOpenApi(method: string, path: string, res: Response): Promise<void> {
  const json = res.ok && res.headers.get('content-type')?.startsWith('application/json');
  const schema = json ? antwoordVoor(method, apiPad(path).replace(API_BASISPAD, '')) : undefined;
  if (schema === undefined) return;
  const uitkomst = schema.safeParse(await res.clone().json());
  if (!uitkomst.success)
    throw new Error(`${method} ${path} answered outside its OpenAPI schema: ${JSON.stringify(uitkomst.error.issues)}`);
}

/** The JSON body of an answer with the expected status; anything else fails with the answer's text. */
export async function ok<T = Record<string, unknown>>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  if (r.status !== status) throw new Error(`answered ${r.status}, expected ${status}: ${await r.text()}`);
  return (await r.json()) as T;
}

/**
 * Designates `medewerker` for a casus through the API (need-to-know per medewerker), as `door`: a medewerker of the
 * same deelnemer, itself designated or the deelnemer's first (then it may be `medewerker` itself).
 */
export const wijsAan = (casusId: string, door: Wie, medewerker: { medewerkerId: string } = door) =>
  ok(call('POST', `/casussen/${casusId}/aanwijzingen`, door, { medewerkerId: medewerker.medewerkerId }), 201);

/**
 * Messages in the stack's local mailbox whose subject contains `tekst`, in the order they arrived; waits up to
 * ~20 s for at least `aantal` and returns what there is then.
 */
export async function mailMet(tekst: string, aantal = 1): Promise<ParsedMail[]> {
  const dir = requireEnv('ZVH_TEST_MAIL_DIR');
  for (let i = 0; ; i++) {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
    const found = (await Promise.all(files.map((f) => simpleParser(readFileSync(join(dir, f)))))).filter((m) =>
      m.subject?.includes(tekst),
    );
    if (found.length >= aantal || i >= 100) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The Contactpunt records that every person of the casus was informed of the processing (Prot. 16.1): data about
 * them may be shared only after that. For tests whose subject is what comes later.
 */
export async function informeerIedereen(db: Db, casusId: string): Promise<void> {
  const contactpunt: Wie = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['contactpunt'] };
  const { items } = await ok<{ items: Array<{ id: string; moment: string; status: string }> }>(
    call('GET', `/informatieplicht?casusId=${casusId}`, contactpunt),
  );
  const datum = dutchCalendarDate(new Date());
  for (const p of items.filter((p) => p.moment === 'IN_BEHANDELING' && p.status === 'OPEN'))
    await ok(call('POST', `/informatieplicht/${p.id}/verstrekt`, contactpunt, { datum, kanaal: 'BRIEF' }));
}
