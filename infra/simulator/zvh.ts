import { bekendheidscheckSchema } from '../../domain/casus';
import { API_BASISPAD } from '../api-versie';
import type { RolHandler } from './index';

/** Whom a simulated ZVH knows (SimPartner.script), and the contact it names then. */
export interface ZvhScript {
  bekend?: Array<{ bsn: string } | { achternaam: string; geboortedatum: string }>;
  contact?: string;
}

/**
 * Another Zorg- en Veiligheidshuis answering our bekendheidscheck (WGS 2.28) as api/bekendheidscheck.ts does at
 * `/v1/koppeling/bekendheidscheck`: `{ bekend: false }` or `{ bekend: true, contact }`; an invalid question → 400.
 */
export const zvh: RolHandler = async ({ partner, pad, body }) => {
  const vraag = bekendheidscheckSchema.safeParse(body);
  if (pad !== `${API_BASISPAD}/koppeling/bekendheidscheck` || !vraag.success)
    return { status: 400, body: { title: 'Ongeldige invoer' } };
  const q = vraag.data;
  const script = (partner.script ?? {}) as ZvhScript;
  const bekend = (script.bekend ?? []).some((p) =>
    'bsn' in q
      ? 'bsn' in p && p.bsn === q.bsn
      : 'achternaam' in p &&
        p.achternaam.toLowerCase() === q.achternaam.toLowerCase() &&
        p.geboortedatum === q.geboortedatum,
  );
  return {
    status: 200,
    body: bekend ? { bekend: true, contact: script.contact ?? `procesregie@${partner.id}.example` } : { bekend: false },
  };
};
