import type { RolHandler } from './index';
import { API_BASISPAD } from '../api-versie';

/** What a simulated deelnemer system answers an information request with (SimPartner.script). */
export interface DeelnemerScript {
  categorie?: 'GEWOON' | 'BIJZONDER' | 'STRAFRECHTELIJK' | 'POLITIE' | 'JUSTITIEEL';
  inhoud?: string;
  grondslag?: string;
  voorwaarden?: { nietVoorCasusoverleg?: boolean; nietAanDeelnemers?: string[]; nietAanDerden?: boolean };
  /** Answer this long after taking the request. */
  antwoordNaMs?: number;
}

/**
 * A deelnemer's own system: takes notifications, and information requests (202), which it answers through the
 * ZVH's API, as the docs/koppelingen.md describes.
 */
export const deelnemer: RolHandler = async ({ partner, pad, body, stuurNaarZvh }) => {
  if (pad === '/meldingen') return { status: 202, body: { ontvangen: true } }; // a notification (docs/koppelingen.md); read by people
  const verzoekId = (body as { verzoekId?: unknown } | null)?.verzoekId;
  if (pad !== '/informatieverzoeken' || typeof verzoekId !== 'string')
    return { status: 400, body: { title: 'Onbekend bericht' } };
  const script = (partner.script ?? {}) as DeelnemerScript;
  const antwoord = {
    grondslag: script.grondslag ?? 'WGS 2.29 lid 1',
    categorie: script.categorie ?? 'GEWOON',
    inhoud: script.inhoud ?? `Gegevens uit het systeem van ${partner.id} (simulator).`,
    voorwaarden: { nietVoorCasusoverleg: false, nietAanDeelnemers: [], nietAanDerden: false, ...script.voorwaarden },
  };
  setTimeout(
    () =>
      stuurNaarZvh(
        `${API_BASISPAD}/koppeling/informatieverzoeken/${verzoekId}/antwoord`,
        antwoord,
        `antwoord-${verzoekId}`,
      ),
    script.antwoordNaMs ?? 0,
  );
  return { status: 202, body: { ontvangen: true } };
};
