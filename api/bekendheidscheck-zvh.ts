import { z } from 'zod';
import { eenRegel, type bekendheidscheckSchema } from '../domain/casus';
import type { PayloadCodecConfig } from '../infra/codec';
import type { KoppelingConfig } from '../infra/config';
import type { Db } from '../infra/db';
import {
  eisToegestaneKoppeling,
  isHttpsKoppeling,
  KoppelingFout,
  postOndertekend,
  type KoppelingAntwoord,
} from '../infra/koppeling-http';
import { ontsleutelKoppelingSleutel } from '../infra/koppeling-sleutel';
import type { Logger } from '../infra/logger';
import { API_BASISPAD } from '../infra/api-versie';

/**
 * The bekendheidscheck between ZVHs (WGS 2.28; docs/koppelingen.md "Bekendheidscheck tussen ZVH's"): a signed POST of the same
 * question our medewerkers ask (`{ bsn }` or `{ achternaam, geboortedatum }`) to every other ZVH we have a koppeling
 * with; each answers only `{ bekend: false }` or `{ bekend: true, contact }` (its procesregie's address; not the
 * procesregisseurs' names — they stay within the ZVH, and the contact is all the two ZVHs need to get in touch).
 */
/** Under the API's base path (API_BASISPAD), where every ZVH running this software answers. */
export const BEKENDHEIDSCHECK_PAD = '/koppeling/bekendheidscheck';

/** What a ZVH answers; other fields are dropped, so nothing more reaches our medewerker than this. */
export const zvhAntwoordSchema = z.union([
  z.object({ bekend: z.literal(false) }),
  z.object({ bekend: z.literal(true), contact: eenRegel(200) }),
]);
export type ZvhAntwoord = z.infer<typeof zvhAntwoordSchema>;

/** Per ZVH asked: what our medewerker sees (by the ZVH's name), and what the audit log keeps (by its koppeling). */
export interface ZvhUitkomst {
  antwoord: ({ zvh: string } & ZvhAntwoord) | { zvh: string; fout: 'niet-bereikbaar' };
  log: { koppelingId: string; bekend: boolean } | { koppelingId: string; fout: 'niet-bereikbaar' };
}

export interface AndereZvhsDeps {
  db: Db;
  sleutels: PayloadCodecConfig;
  koppeling: KoppelingConfig;
  log: Logger;
  /** Whether a ZVH may be on this machine (ZVH_KOPPELING_LOOPBACK_TOEGESTAAN; development only). */
  loopbackToegestaan: boolean;
}

/** The retry after a failure that may pass (503, a dropped connection) comes this soon, if time is left for it. */
const HERHAAL_NA_MS = 200;
const MINSTE_POGING_MS = 250;

/**
 * Asks every active ZVH koppeling in parallel. A medewerker is waiting, so each ZVH gets ZVH_KOPPELING_TIMEOUT_MS in
 * all, one quick retry included; a ZVH that does not answer (validly) within it is `niet-bereikbaar`, the others
 * still count.
 */
export async function vraagAndereZvhs(
  { db, sleutels, koppeling, log, loopbackToegestaan }: AndereZvhsDeps,
  vraag: z.infer<typeof bekendheidscheckSchema>,
): Promise<ZvhUitkomst[]> {
  const zvhs = await db.koppeling.findMany({
    where: { soort: 'ZVH', kanaal: 'HTTPS', actief: true },
    select: { id: true, naam: true, kanaal: true, url: true, sleutel: true, sleutelId: true },
    orderBy: { id: 'asc' },
  });
  return Promise.all(
    zvhs.map(async (k): Promise<ZvhUitkomst> => {
      const eind = Date.now() + koppeling.ZVH_KOPPELING_TIMEOUT_MS;
      try {
        if (!isHttpsKoppeling(k)) throw new KoppelingFout('no url or key registered', false);
        eisToegestaneKoppeling(k.url, loopbackToegestaan);
        const sleutel = ontsleutelKoppelingSleutel(sleutels, k.id, k);
        const url = k.url;
        const poging = (): Promise<KoppelingAntwoord> =>
          postOndertekend({
            url,
            pad: `${API_BASISPAD}${BEKENDHEIDSCHECK_PAD}`,
            afzender: koppeling.ZVH_KOPPELING_AFZENDER,
            sleutel,
            body: vraag,
            timeoutMs: Math.max(eind - Date.now(), 1),
          });
        const antwoord = await poging().catch(async (err: unknown) => {
          if (
            !(err instanceof KoppelingFout) ||
            !err.herhaalbaar ||
            eind - Date.now() < HERHAAL_NA_MS + MINSTE_POGING_MS
          )
            throw err;
          await new Promise((r) => setTimeout(r, HERHAAL_NA_MS));
          return poging();
        });
        const gelezen = zvhAntwoordSchema.safeParse(antwoord.body);
        if (!gelezen.success) throw new KoppelingFout('answer is not { bekend, contact? }', false);
        return { antwoord: { zvh: k.naam, ...gelezen.data }, log: { koppelingId: k.id, bekend: gelezen.data.bekend } };
      } catch (err) {
        // The reason is for the operators (ids and technical text only); the medewerker learns the ZVH gave no answer.
        log.warn('bekendheidscheck: no answer from ZVH', {
          koppelingId: k.id,
          fout: err instanceof Error ? err.message : String(err),
        });
        return {
          antwoord: { zvh: k.naam, fout: 'niet-bereikbaar' },
          log: { koppelingId: k.id, fout: 'niet-bereikbaar' },
        };
      }
    }),
  );
}
