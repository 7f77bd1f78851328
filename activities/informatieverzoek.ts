import { beleid } from '../domain/autorisatie';
import { logAudit } from '../infra/audit';
import { dutchCalendarDate } from '../infra/calendar';
import type { Db } from '../infra/db';
import type { MailConfig, Mailer } from '../infra/mail';
import type { MeldDeelnemer } from './deelnemer-melding';
import { isHttpsKoppeling, onderBasis } from '../infra/koppeling-http';
import { postAanKoppeling, type KoppelingOpties } from './koppeling';
import { GEEN_PERSOONSGEGEVENS, verstuurEenmaal } from './herinneringen';
import { API_BASISPAD } from '../infra/api-versie';
import { weigerFout } from '../domain/weigeringen';

export type EscalatieReden = 'NIET_AFGELEVERD' | 'GEWEIGERD_DOOR_PARTNER' | 'NIET_BEANTWOORD';

const VRAGEN = 'casus.informatie.vragen';
const escalatieTekst: Record<EscalatieReden, string> = {
  NIET_AFGELEVERD: 'kon tot de termijn niet worden afgeleverd bij het systeem of de mailbox van de deelnemer',
  GEWEIGERD_DOOR_PARTNER: 'is door het systeem van de deelnemer geweigerd',
  NIET_BEANTWOORD: 'is afgeleverd maar niet binnen de termijn beantwoord',
};

/** The message a deelnemer's system receives (docs/koppelingen.md): what is asked, about whom, where to answer. */
export interface InformatieverzoekBericht {
  verzoekId: string;
  casusnummer: string;
  namens: string;
  taak: string;
  doel: string;
  reden: string;
  termijnOp: string;
  betrokkenen: Array<{
    rol: string;
    voornamen: string | null;
    achternaam: string | null;
    geboortedatum: string | null;
    bsn: string | null;
  }>;
  antwoordUrl: string;
}

/**
 * Information requests to deelnemers (WGS 2.31 lid 3) through their koppeling. Delivering over HTTPS hands the
 * betrokkenen's identifying data to the deelnemer's system: that is logged like any provision. A mail carries a
 * link and dates only.
 */
export function createInformatieverzoekActivities(
  db: Db,
  mailer: Mailer,
  mail: Pick<MailConfig, 'ZVH_MAIL_BESLUITVORMING'>,
  koppeling: KoppelingOpties,
  meldDeelnemer: MeldDeelnemer,
) {
  const antwoordUrl = (verzoekId: string) =>
    onderBasis(koppeling.apiUrl, `${API_BASISPAD}/koppeling/informatieverzoeken/${verzoekId}/antwoord`).href;
  const formulierUrl = (verzoekId: string) =>
    onderBasis(koppeling.apiUrl, `${API_BASISPAD}/informatieverzoeken/${verzoekId}`).href;
  const laad = async (verzoekId: string) => {
    const verzoek = await db.informatieverzoek.findUnique({
      where: { id: verzoekId },
      include: {
        casus: { select: { casusnummer: true, betrokkenen: true } },
        aan: { select: { naam: true, contactEmail: true, koppeling: true } },
      },
    });
    if (!verzoek) throw weigerFout(`informatieverzoek ${verzoekId} does not exist`, 'ONBEKEND_VERZOEK');
    return verzoek;
  };

  return {
    async laadInformatieverzoek(verzoekId: string): Promise<{ termijnOp: string; beantwoord: boolean }> {
      const v = await laad(verzoekId);
      if (!v.termijnOp) throw weigerFout(`informatieverzoek ${verzoekId} has no deadline`, 'ONBEKEND_VERZOEK');
      return { termijnOp: v.termijnOp.toISOString(), beantwoord: v.beantwoordOp !== null };
    },

    /** Idempotent: delivered once means done; the partner recognises a repeat by the Idempotency-Key (the request id). */
    async leverInformatieverzoekAf(verzoekId: string): Promise<{ kanaal: 'HTTPS' | 'MAIL' | null }> {
      const v = await laad(verzoekId);
      if (v.afgeleverdOp) return { kanaal: v.afgeleverdVia };
      const k = v.aan.koppeling?.actief ? v.aan.koppeling : null;
      const grondslag = beleid[VRAGEN].grondslag;
      let kanaal: 'HTTPS' | 'MAIL' | null = null;
      if (isHttpsKoppeling(k)) {
        const bericht: InformatieverzoekBericht = {
          verzoekId,
          casusnummer: v.casus.casusnummer,
          namens: v.namensDeelnemerId,
          taak: v.taak,
          doel: v.doel,
          reden: v.reden,
          termijnOp: (v.termijnOp ?? new Date()).toISOString(),
          betrokkenen: v.casus.betrokkenen.map((b) => ({
            rol: b.rol,
            voornamen: b.voornamen,
            achternaam: b.achternaam,
            geboortedatum: b.geboortedatum ? dutchCalendarDate(b.geboortedatum) : null,
            bsn: b.bsn,
          })),
          antwoordUrl: antwoordUrl(verzoekId),
        };
        await postAanKoppeling(koppeling, k, 'informatieverzoeken', bericht, `informatieverzoek-${verzoekId}`);
        kanaal = 'HTTPS';
      } else {
        ({ kanaal } = await meldDeelnemer(
          v.aanDeelnemerId,
          { casusId: v.casusId, sleutel: { soort: 'INFORMATIEVERZOEK', verzoekId }, actie: VRAGEN, grondslag },
          {
            soort: 'INFORMATIEVERZOEK',
            kenmerk: verzoekId,
            onderwerp: `Informatieverzoek van het Zorg- en Veiligheidshuis (kenmerk ${verzoekId})`,
            tekst: [
              `Het Zorg- en Veiligheidshuis vraagt ${v.aan.naam} om informatie voor casus ${v.casus.casusnummer}.`,
              `Graag uw antwoord vóór ${dutchCalendarDate(v.termijnOp ?? new Date())}.`,
              `Bekijk en beantwoord het verzoek na inloggen: ${formulierUrl(verzoekId)}`,
              '',
              GEEN_PERSOONSGEGEVENS,
            ].join('\n'),
            messageId: `<informatieverzoek.${verzoekId}@zvh-wgs>`,
          },
        ));
      }
      // No channel at all: the request waits in the deelnemer's list (GET /informatieverzoeken) and the deadline runs.
      if (kanaal === null) return { kanaal };
      await db.$transaction(async (tx) => {
        const { count } = await tx.informatieverzoek.updateMany({
          where: { id: verzoekId, afgeleverdOp: null },
          data: { afgeleverdOp: new Date(), afgeleverdVia: kanaal },
        });
        if (count > 0 && kanaal === 'HTTPS') {
          await logAudit(tx, {
            medewerkerId: null,
            deelnemerId: v.aanDeelnemerId,
            actie: VRAGEN,
            casusId: v.casusId,
            grondslag,
            uitkomst: 'TOEGESTAAN',
            detail: {
              verzoekId,
              afgeleverd: 'HTTPS',
              koppelingId: k?.id ?? '',
              betrokkenen: v.casus.betrokkenen.length,
            },
          });
        }
      });
      return { kanaal };
    },

    /** The deadline passed: the procesregie hears it, once, with the casusnummer and the deelnemer's name only. */
    async escaleerInformatieverzoek({ verzoekId, reden }: { verzoekId: string; reden: EscalatieReden }): Promise<void> {
      const v = await laad(verzoekId);
      await db.informatieverzoek.updateMany({
        where: { id: verzoekId, geescaleerdOp: null },
        data: { geescaleerdOp: new Date() },
      });
      await verstuurEenmaal(
        db,
        mailer,
        {
          casusId: v.casusId,
          sleutel: { soort: 'INFORMATIEVERZOEK_ESCALATIE', verzoekId, reden },
          actie: VRAGEN,
          grondslag: beleid[VRAGEN].grondslag,
        },
        {
          aan: mail.ZVH_MAIL_BESLUITVORMING,
          onderwerp: `Escalatie: informatieverzoek casus ${v.casus.casusnummer} aan ${v.aan.naam}`,
          tekst: [
            `Het informatieverzoek ${verzoekId} in casus ${v.casus.casusnummer} aan ${v.aan.naam} ${escalatieTekst[reden]}.`,
            `De termijn voor het antwoord is ${dutchCalendarDate(v.termijnOp ?? new Date())}. Een later antwoord wordt nog aangenomen.`,
            'Wilt u contact opnemen met de deelnemer?',
            '',
            GEEN_PERSOONSGEGEVENS,
          ].join('\n'),
          messageId: `<informatieverzoek-escalatie.${verzoekId}@zvh-wgs>`,
        },
      );
    },
  };
}

export type InformatieverzoekActivities = ReturnType<typeof createInformatieverzoekActivities>;
