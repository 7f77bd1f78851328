import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed messages between this system and partner systems (README "Koppelingen"). Every request carries
 *   ZVH-Sender:     the sender's agreed koppeling id
 *   ZVH-Timestamp:  Unix time in seconds
 *   ZVH-Signature:  v1=<hex HMAC-SHA256(key, "v1\n" sender "\n" timestamp "\n" METHOD "\n" path "\n" hex SHA-256(body))>
 * so the body, the target (method and path with query) and the moment are all covered: a captured request cannot be
 * replayed elsewhere, and not later than the tolerance.
 */
export const KOPPELING_HEADERS = {
  afzender: 'zvh-sender',
  tijd: 'zvh-timestamp',
  handtekening: 'zvh-signature',
  idempotentie: 'idempotency-key',
} as const;
export const TIJD_TOLERANTIE_SECONDEN = 300;

export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

export interface Ondertekening {
  afzender: string;
  methode: string;
  /** Path and query, as in the request line (`/koppeling/…?…`). */
  pad: string;
  body: Uint8Array | string;
  /** Unix seconds. */
  tijd: number;
}

const tekenreeks = (o: Ondertekening) =>
  ['v1', o.afzender, String(o.tijd), o.methode.toUpperCase(), o.pad, sha256Hex(o.body)].join('\n');

export function handtekening(sleutel: Buffer, o: Ondertekening): string {
  return `v1=${createHmac('sha256', sleutel).update(tekenreeks(o)).digest('hex')}`;
}

/** The headers a signed request carries. */
export function ondertekenHeaders(sleutel: Buffer, o: Ondertekening): Record<string, string> {
  return {
    [KOPPELING_HEADERS.afzender]: o.afzender,
    [KOPPELING_HEADERS.tijd]: String(o.tijd),
    [KOPPELING_HEADERS.handtekening]: handtekening(sleutel, o),
  };
}

export type Controle = 'geldig' | 'ongeldig' | 'buiten-tijdvenster';

/** Checks a received signature in constant time; `nu` in Unix seconds. */
export function controleerHandtekening(sleutel: Buffer, o: Ondertekening, ontvangen: string, nu: number): Controle {
  if (Math.abs(nu - o.tijd) > TIJD_TOLERANTIE_SECONDEN) return 'buiten-tijdvenster';
  const verwacht = Buffer.from(handtekening(sleutel, o));
  const gekregen = Buffer.from(ontvangen);
  return verwacht.length === gekregen.length && timingSafeEqual(verwacht, gekregen) ? 'geldig' : 'ongeldig';
}
