import type { PayloadCodecConfig } from '../infra/codec';
import {
  eisToegestaneKoppeling,
  KoppelingFout,
  KoppelingNietToegestaan,
  postOndertekend,
  type HttpsKoppeling,
  type KoppelingAntwoord,
} from '../infra/koppeling-http';
import { ontsleutelKoppelingSleutel } from '../infra/koppeling-sleutel';
import { weigerFout } from '../domain/weigeringen';

/** How the worker reaches partner systems, and where partners reach this ZVH's API. */
export interface KoppelingOpties {
  sleutels: PayloadCodecConfig;
  /** Our name towards partners (ZVH_KOPPELING_AFZENDER). */
  afzender: string;
  timeoutMs: number;
  /** This API's base URL as partners and medewerkers reach it (ZVH_API_URL), for answer links. */
  apiUrl: string;
  /** Whether a partner may be on this machine (ZVH_KOPPELING_LOOPBACK_TOEGESTAAN; development only). */
  loopbackToegestaan: boolean;
}

/**
 * A signed POST from an activity to a partner's system. Failures that a retry can cure throw as they are (Temporal
 * retries the activity); a partner's refusal is final: non-retryable `PARTNER_WEIGERT`, with host and status only
 * in the message (it is kept in the workflow history). A URL this configuration does not allow is final too,
 * before anything is sent: non-retryable `KOPPELING_NIET_TOEGESTAAN`.
 */
export async function postAanKoppeling(
  opties: KoppelingOpties,
  k: HttpsKoppeling,
  pad: string,
  body: unknown,
  idempotencyKey: string,
): Promise<KoppelingAntwoord> {
  try {
    eisToegestaneKoppeling(k.url, opties.loopbackToegestaan);
  } catch (err) {
    if (!(err instanceof KoppelingNietToegestaan)) throw err;
    throw weigerFout(`koppeling ${k.id}: ${err.message}`, 'KOPPELING_NIET_TOEGESTAAN');
  }
  const sleutel = ontsleutelKoppelingSleutel(opties.sleutels, k.id, { sleutel: k.sleutel, sleutelId: k.sleutelId });
  try {
    return await postOndertekend({
      url: k.url,
      pad,
      afzender: opties.afzender,
      sleutel,
      body,
      idempotencyKey,
      timeoutMs: opties.timeoutMs,
    });
  } catch (err) {
    if (err instanceof KoppelingFout && !err.herhaalbaar)
      throw weigerFout(err.message, 'PARTNER_WEIGERT', { status: err.status ?? null });
    throw err;
  }
}
