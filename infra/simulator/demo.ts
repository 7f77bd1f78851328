import type { KoppelingSoort } from '../../generated/prisma/client';
import type { PayloadCodecConfig } from '../codec';
import type { Db } from '../db';
import { nieuweKoppelingSleutel, versleutelKoppelingSleutel } from '../koppeling-sleutel';
import type { PartnerSimulator, SimPartner } from './index';

/**
 * For `npm start` with ZVH_SIMULATOR_PORT: koppelingen to the simulator's partners — the demo deelnemer Reclassering's
 * own system, a neighbouring ZVH and a RIEC — each with a fresh key (the simulator keeps none between runs).
 */
export async function registreerDemoPartners(
  db: Db,
  sim: PartnerSimulator,
  sleutels: PayloadCodecConfig,
): Promise<string[]> {
  const partners: Array<
    Omit<SimPartner, 'sleutel'> & { naam: string; koppelingSoort: KoppelingSoort; deelnemerId?: string }
  > = [
    {
      soort: 'deelnemer',
      id: 'reclassering-systeem',
      naam: 'Registratiesysteem Reclassering (simulator)',
      koppelingSoort: 'DEELNEMER',
      deelnemerId: 'reclassering-nederland',
    },
    {
      soort: 'zvh',
      id: 'zvh-buurregio',
      naam: 'ZVH Buurregio (simulator)',
      koppelingSoort: 'ZVH',
      script: { bekend: [{ bsn: '111222333' }], contact: 'procesregie@zvh-buurregio.example' },
    },
    {
      soort: 'riec',
      id: 'riec-regio',
      naam: 'RIEC (simulator)',
      koppelingSoort: 'RIEC',
      script: { antwoord: { inhoud: 'Bekend bij het RIEC; afstemming gewenst.', naMs: 2_000 } },
    },
  ];
  for (const p of partners) {
    const sleutel = nieuweKoppelingSleutel();
    const data = {
      naam: p.naam,
      soort: p.koppelingSoort,
      deelnemerId: p.deelnemerId ?? null,
      kanaal: 'HTTPS' as const,
      url: sim.partnerUrl(p.soort, p.id),
      email: null,
      actief: true,
      ...versleutelKoppelingSleutel(sleutels, p.id, sleutel),
    };
    await db.koppeling.upsert({ where: { id: p.id }, create: { id: p.id, ...data }, update: data });
    sim.voegToe({ soort: p.soort, id: p.id, sleutel, script: p.script });
  }
  return partners.map((p) => `${p.id} (${p.soort})`);
}
