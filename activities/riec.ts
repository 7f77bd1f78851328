import { beleid } from '../domain/autorisatie';
import { RIEC_BERICHT_FORMAAT } from '../domain/riec';
import { logAudit } from '../infra/audit';
import type { Db } from '../infra/db';
import { documenteerVerstrekking } from '../infra/documentatieplicht';
import type { MailConfig, Mailer } from '../infra/mail';
import { GEEN_PERSOONSGEGEVENS, verstuurEenmaal } from './herinneringen';
import { isHttpsKoppeling, onderBasis } from '../infra/koppeling-http';
import { postAanKoppeling, type KoppelingOpties } from './koppeling';
import { API_BASISPAD } from '../infra/api-versie';
import { weigerFout } from '../domain/weigeringen';

const ACTIE = 'casus.riec.afstemmen';

/** The path under the RIEC's base URL (its koppeling's url) where afstemmingen are POSTed. */
export const RIEC_AFSTEMMING_PAD = 'afstemmingen';

/** What a RIEC's system receives (docs/koppelingen.md "RIEC-afstemming"). */
export interface RiecAfstemmingBericht {
  formaat: typeof RIEC_BERICHT_FORMAAT;
  afstemmingId: string;
  casusnummer: string;
  /** The deelnemer on whose behalf it was offered. */
  namens: string;
  aangebodenOp: string;
  onderwerp: string;
  toelichting: string;
  gegevens: Array<{
    id: string;
    categorie: string;
    grondslag: string;
    bronvermelding: string | null;
    leverancier: string;
    inhoud: string;
  }>;
  /** Where the RIEC's reply goes (signed, as a koppeling of soort RIEC). */
  antwoordUrl: string;
}

/**
 * Delivery of an afstemming to its RIEC (WGS 1.7), for workflows/riec-afstemming.ts. The message is built from what
 * Postgres holds and the moment the afstemming was offered, so every retry sends the same bytes under the same
 * Idempotency-Key (the afstemming id). The handover is the provision: logged, and documented for police and OM items.
 */
export function createRiecActivities(
  db: Db,
  mailer: Mailer,
  mail: Pick<MailConfig, 'ZVH_MAIL_BESLUITVORMING'>,
  koppeling: KoppelingOpties,
) {
  const antwoordUrl = onderBasis(koppeling.apiUrl, `${API_BASISPAD}/koppeling/riec/berichten`).href;
  const laad = async (afstemmingId: string) => {
    const a = await db.riecAfstemming.findUnique({
      where: { id: afstemmingId },
      include: { casus: { select: { casusnummer: true, fase: true } }, koppeling: true },
    });
    if (!a) throw weigerFout(`riec afstemming ${afstemmingId} does not exist`, 'ONBEKENDE_AFSTEMMING');
    return a;
  };

  return {
    /** Idempotent: once delivered, done. A refusal by the RIEC (4xx) is final; anything else is retried. */
    async leverRiecAfstemmingAf(afstemmingId: string): Promise<{ afgeleverdOp: string }> {
      const a = await laad(afstemmingId);
      if (a.afgeleverdOp) return { afgeleverdOp: a.afgeleverdOp.toISOString() };
      const k = a.koppeling;
      if (!k.actief || k.soort !== 'RIEC' || !isHttpsKoppeling(k))
        throw weigerFout(`koppeling ${k.id} is no active HTTPS koppeling of a RIEC`, 'RIEC_NIET_BEREIKBAAR');
      if (a.casus.fase === 'GEANONIMISEERD')
        throw weigerFout(`casus of afstemming ${afstemmingId} is anonymised`, 'CASUS_GEANONIMISEERD');
      const items = await db.gegeven.findMany({ where: { id: { in: a.gegevenIds }, casusId: a.casusId } });
      // An item whose content went (its own Wvggz/Wzd term) since it was offered is not sent as an empty shell.
      if (items.length < a.gegevenIds.length || items.some((g) => g.verwijderdOp !== null))
        throw weigerFout(`an item of afstemming ${afstemmingId} was removed`, 'GEGEVEN_VERWIJDERD');
      const volgorde = new Map(a.gegevenIds.map((id, i) => [id, i]));
      const bericht: RiecAfstemmingBericht = {
        formaat: RIEC_BERICHT_FORMAAT,
        afstemmingId,
        casusnummer: a.casus.casusnummer,
        namens: a.deelnemerId,
        aangebodenOp: a.createdAt.toISOString(),
        onderwerp: a.onderwerp,
        toelichting: a.toelichting,
        gegevens: [...items]
          .sort((x, y) => (volgorde.get(x.id) ?? 0) - (volgorde.get(y.id) ?? 0))
          .map((g) => ({
            id: g.id,
            categorie: g.categorie,
            grondslag: g.grondslag,
            bronvermelding: g.bronvermelding,
            leverancier: g.leverancierDeelnemerId,
            inhoud: g.inhoud,
          })),
        antwoordUrl,
      };
      await postAanKoppeling(koppeling, k, RIEC_AFSTEMMING_PAD, bericht, afstemmingId);
      const nu = new Date();
      await db.$transaction(async (tx) => {
        const { count } = await tx.riecAfstemming.updateMany({
          where: { id: afstemmingId, afgeleverdOp: null },
          data: { afgeleverdOp: nu, status: 'AFGELEVERD', fout: null },
        });
        if (count === 0) return; // a concurrent attempt recorded it
        // Wpg 32 / Wjsg 39j: a police or OM item reached the RIEC (only its provider can have sent it: domain/riec.ts).
        await documenteerVerstrekking(tx, items, {
          casusId: a.casusId,
          ontvangers: [`riec:${k.id}`],
          aanvrager: a.deelnemerId,
          doel: 'afstemming van interventies met het RIEC (WGS 1.7)',
          op: nu,
        });
        await logAudit(tx, {
          medewerkerId: a.medewerkerId,
          deelnemerId: a.deelnemerId,
          actie: ACTIE,
          casusId: a.casusId,
          grondslag: beleid[ACTIE].grondslag,
          uitkomst: 'TOEGESTAAN',
          detail: { afstemmingId, afgeleverd: k.id, gegevenIds: a.gegevenIds },
        });
      });
      return { afgeleverdOp: nu.toISOString() };
    },

    /** The RIEC refused the afstemming or stayed unreachable: recorded, and the procesregie hears it once. */
    async meldRiecAfstemmingMislukt({ afstemmingId, fout }: { afstemmingId: string; fout: string }): Promise<void> {
      const a = await laad(afstemmingId);
      await db.$transaction(async (tx) => {
        const { count } = await tx.riecAfstemming.updateMany({
          where: { id: afstemmingId, afgeleverdOp: null, status: 'AANGEBODEN' },
          data: { status: 'MISLUKT', fout: fout.slice(0, 200) },
        });
        if (count > 0)
          await logAudit(tx, {
            medewerkerId: a.medewerkerId,
            deelnemerId: a.deelnemerId,
            actie: ACTIE,
            casusId: a.casusId,
            grondslag: beleid[ACTIE].grondslag,
            uitkomst: 'GEWEIGERD',
            detail: { afstemmingId, nietAfgeleverd: a.koppelingId },
          });
      });
      await verstuurEenmaal(
        db,
        mailer,
        {
          casusId: a.casusId,
          sleutel: { soort: 'RIEC_AFSTEMMING_MISLUKT', afstemmingId },
          actie: ACTIE,
          grondslag: beleid[ACTIE].grondslag,
        },
        {
          aan: mail.ZVH_MAIL_BESLUITVORMING,
          onderwerp: `RIEC-afstemming casus ${a.casus.casusnummer} niet afgeleverd`,
          tekst: [
            `De afstemming ${afstemmingId} in casus ${a.casus.casusnummer} met ${a.koppeling.naam} is niet afgeleverd.`,
            `Oorzaak: ${fout.slice(0, 200)}.`,
            'Wilt u contact opnemen met het RIEC, en zo nodig de afstemming opnieuw aanbieden?',
            '',
            GEEN_PERSOONSGEGEVENS,
          ].join('\n'),
          messageId: `<riec-afstemming-mislukt.${afstemmingId}@zvh-wgs>`,
        },
      );
    },
  };
}

export type RiecActivities = ReturnType<typeof createRiecActivities>;
