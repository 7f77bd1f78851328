import type { Db } from '../infra/db';
import type { Mailer } from '../infra/mail';
import { doeEenmaal, type EenmaligBericht } from './herinneringen';
import { isHttpsKoppeling } from '../infra/koppeling-http';
import { postAanKoppeling, type KoppelingOpties } from './koppeling';

/** A notification to a deelnemer: no personal data, only what to do, by when and where (the casus or verzoek number). */
export interface DeelnemerMelding {
  /** What kind of notification, for the receiving system (e.g. AVG_CONSULTATIE). */
  soort: string;
  /** The number it is about (verzoeknummer, casusnummer). */
  kenmerk: string;
  onderwerp: string;
  tekst: string;
  messageId: string;
}

/**
 * Notifies a deelnemer through its koppeling (docs/koppelingen.md): its own system gets a signed
 * `POST <url>/meldingen` `{ soort, kenmerk, onderwerp, tekst }` (the Idempotency-Key is the Message-ID's core);
 * otherwise a mail to the koppeling's address, or the deelnemer's contactEmail, or `zonderAdres`. Once per key in
 * the audit log; a partner's refusal (4xx) is final.
 */
export function createDeelnemerMelding(db: Db, mailer: Mailer, koppeling: KoppelingOpties) {
  return async function meldDeelnemer(
    deelnemerId: string,
    eenmalig: EenmaligBericht,
    melding: DeelnemerMelding,
    zonderAdres: string[] = [],
  ): Promise<{ verstuurd: boolean; kanaal: 'HTTPS' | 'MAIL' | null }> {
    const d = await db.deelnemer.findUnique({
      where: { id: deelnemerId },
      select: { contactEmail: true, koppeling: true },
    });
    const k = d?.koppeling?.actief ? d.koppeling : null;
    if (isHttpsKoppeling(k)) {
      const body = {
        soort: melding.soort,
        kenmerk: melding.kenmerk,
        onderwerp: melding.onderwerp,
        tekst: melding.tekst,
      };
      const key = melding.messageId.replace(/[<>@]/g, '.').replace(/^\.|\.$/g, '');
      const { verstuurd } = await doeEenmaal(
        db,
        eenmalig,
        async () => void (await postAanKoppeling(koppeling, k, 'meldingen', body, key)),
      );
      return { verstuurd, kanaal: 'HTTPS' };
    }
    const adres = k?.kanaal === 'MAIL' && k.email ? [k.email] : d?.contactEmail ? [d.contactEmail] : zonderAdres;
    if (adres.length === 0) return { verstuurd: false, kanaal: null };
    const { verstuurd } = await doeEenmaal(db, eenmalig, () =>
      mailer.verstuur({ aan: adres, onderwerp: melding.onderwerp, tekst: melding.tekst, messageId: melding.messageId }),
    );
    return { verstuurd, kanaal: 'MAIL' };
  };
}

export type MeldDeelnemer = ReturnType<typeof createDeelnemerMelding>;
