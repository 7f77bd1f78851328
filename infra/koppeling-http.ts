import { KOPPELING_HEADERS, ondertekenHeaders } from './ondertekening';

/**
 * Signed JSON POSTs to partner systems. Failures say whether retrying can help: network errors, timeouts, 408, 429
 * and 5xx can; any other 4xx means the partner refused this message and a retry would be refused again.
 */
export class KoppelingFout extends Error {
  constructor(
    message: string,
    readonly herhaalbaar: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KoppelingFout';
  }
}

/** A host name of this machine as the URL parser normalises it (`127.1` and `0x7f.1` become `127.0.0.1`). */
const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' ||
  host.endsWith('.localhost') ||
  /^127\.\d+\.\d+\.\d+$/.test(host) ||
  ['0.0.0.0', '[::1]', '[::]'].includes(host) ||
  host.startsWith('[::ffff:7f'); // IPv4-mapped 127.x

/** Partner endpoints are HTTPS; plain HTTP only on this machine (development, the simulator, tests). */
export function isToegestaneKoppelingUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname));
}

/** Whether a URL points at this machine: a partner there is development only (ZVH_KOPPELING_LOOPBACK_TOEGESTAAN). */
export const isLoopbackUrl = (url: string): boolean => URL.canParse(url) && isLoopbackHost(new URL(url).hostname);

/** A koppeling this configuration may not send to: refused before anything is sent, and final. */
export class KoppelingNietToegestaan extends KoppelingFout {
  constructor(message: string) {
    super(message, false);
    this.name = 'KoppelingNietToegestaan';
  }
}

/**
 * The rule of registration (api/koppelingen.ts) again at sending: a koppeling registered while loopback was allowed,
 * or written to the register some other way, reaches no process on this machine unless it still is.
 */
export function eisToegestaneKoppeling(url: string, loopbackToegestaan: boolean): void {
  if (!isToegestaneKoppelingUrl(url)) {
    throw new KoppelingNietToegestaan('partner URL must be https (http only on loopback)');
  }
  if (!loopbackToegestaan && isLoopbackUrl(url)) {
    throw new KoppelingNietToegestaan('partner URL points at this machine (ZVH_KOPPELING_LOOPBACK_TOEGESTAAN is off)');
  }
}

/** A registered koppeling that takes signed HTTPS requests. */
export interface HttpsKoppeling {
  id: string;
  url: string;
  sleutel: Uint8Array;
  sleutelId: string;
}

export const isHttpsKoppeling = <
  K extends { kanaal: string; url: string | null; sleutel: Uint8Array | null; sleutelId: string | null },
>(
  k: K | null | undefined,
): k is K & HttpsKoppeling => k?.kanaal === 'HTTPS' && k.url !== null && k.sleutel !== null && k.sleutelId !== null;

/** `pad` under a base URL, keeping the base's own path (`https://x/zvh` + `a/b` → `https://x/zvh/a/b`). */
export const onderBasis = (basis: string, pad: string): URL =>
  new URL(pad.replace(/^\//, ''), basis.endsWith('/') ? basis : `${basis}/`);

export interface OndertekendVerzoek {
  /** The partner's base URL (koppeling.url) and the path under it. */
  url: string;
  pad: string;
  /** Our id as the partner knows us (ZVH_KOPPELING_AFZENDER). */
  afzender: string;
  sleutel: Buffer;
  body: unknown;
  /** Stable per message, so a retried delivery is recognised as the same message. */
  idempotencyKey?: string;
  timeoutMs: number;
}

export interface KoppelingAntwoord {
  status: number;
  body: unknown;
}

export async function postOndertekend(v: OndertekendVerzoek): Promise<KoppelingAntwoord> {
  if (!isToegestaneKoppelingUrl(v.url))
    throw new KoppelingFout('partner URL must be https (http only on loopback)', false);
  const doel = onderBasis(v.url, v.pad);
  const body = JSON.stringify(v.body);
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json, application/problem+json',
    ...ondertekenHeaders(v.sleutel, {
      afzender: v.afzender,
      methode: 'POST',
      pad: doel.pathname + doel.search,
      body,
      tijd: Math.floor(Date.now() / 1000),
    }),
    ...(v.idempotencyKey ? { [KOPPELING_HEADERS.idempotentie]: v.idempotencyKey } : {}),
  };
  let res: Response;
  try {
    res = await fetch(doel, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(v.timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const reden = (err as Error).name === 'TimeoutError' ? `no answer within ${v.timeoutMs} ms` : 'not reachable';
    throw new KoppelingFout(`partner ${doel.host}: ${reden}`, true);
  }
  const tekst = await res.text().catch(() => '');
  let json: unknown = null;
  try {
    json = tekst === '' ? null : JSON.parse(tekst);
  } catch {
    json = null;
  }
  if (res.ok) return { status: res.status, body: json };
  const herhaalbaar = res.status >= 500 || res.status === 408 || res.status === 429;
  throw new KoppelingFout(`partner ${doel.host} answered ${res.status}`, herhaalbaar, res.status);
}
