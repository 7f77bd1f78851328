import type { RolHandler } from './index';
import { API_BASISPAD } from '../api-versie';

/** How a simulated RIEC treats an afstemming (SimPartner.script). */
export interface RiecScript {
  /** Reply to each afstemming through the ZVH's API with this text, this long after taking it. */
  antwoord?: { onderwerp?: string; inhoud: string; naMs?: number };
}

/**
 * A RIEC's system: takes an afstemming (202) and, when scripted, replies to it as docs/koppelingen.md "RIEC-afstemming" describes,
 * with the afstemming id as the reply's Idempotency-Key stem (so `gedrag.dubbel` sends the same reply twice). A RIEC
 * that refuses is `gedrag.weigerMet`.
 */
export const riec: RolHandler = async ({ partner, pad, body, stuurNaarZvh }) => {
  const afstemmingId = (body as { afstemmingId?: unknown } | null)?.afstemmingId;
  if (pad !== '/afstemmingen' || typeof afstemmingId !== 'string')
    return { status: 400, body: { title: 'Onbekend bericht' } };
  const script = (partner.script ?? {}) as RiecScript;
  const { antwoord } = script;
  if (antwoord) {
    const bericht = { afstemmingId, onderwerp: antwoord.onderwerp ?? 'Reactie RIEC', inhoud: antwoord.inhoud };
    setTimeout(
      () => stuurNaarZvh(`${API_BASISPAD}/koppeling/riec/berichten`, bericht, `riec-antwoord-${afstemmingId}`),
      antwoord.naMs ?? 0,
    );
  }
  return { status: 202, body: { ontvangen: true } };
};
