import { randomUUID } from 'node:crypto';
import { API_BASISPAD } from '../infra/api-versie';
import type { Sessie } from './sessie';

/**
 * The web application's one way to the domain: the API itself, called over loopback with the medewerker's access
 * token. Every rule, validation message, authorisation check and audit record is therefore the API's own: a page is
 * an API read, a form an API write (docs/web.md "One path").
 */
export interface ApiAntwoord<T = unknown> {
  status: number;
  body: T;
  contentType: string;
}

export interface Probleem {
  status: number;
  title: string;
  detail?: string;
  'invalid-params'?: Array<{ name: string; reason: string }>;
}

export type ApiClient = <T = unknown>(
  sessie: Sessie,
  method: 'GET' | 'POST',
  pad: string,
  body?: unknown,
  idempotencyKey?: string,
) => Promise<ApiAntwoord<T>>;

/**
 * `basis`: where this process's API listens; `interneSleutel` marks the calls as the web's own, so the API's rate
 * limit counts the browser's request once (api/hardening.ts), not each API call behind it.
 */
export function apiClient(basis: string, interneSleutel: string): ApiClient {
  return async (sessie, method, pad, body, idempotencyKey) => {
    const res = await fetch(`${basis}${API_BASISPAD}${pad}`, {
      method,
      headers: {
        authorization: `Bearer ${sessie.accessToken}`,
        'x-zvh-web': interneSleutel,
        ...(method === 'POST' ? { 'idempotency-key': idempotencyKey ?? randomUUID() } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const contentType = res.headers.get('content-type') ?? '';
    const tekst = await res.text();
    const json = contentType.includes('json') && tekst.length > 0;
    return { status: res.status, body: (json ? JSON.parse(tekst) : tekst) as never, contentType };
  };
}
