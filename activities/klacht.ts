import { beleid } from '../domain/autorisatie';
import { addDays, type IsoDate } from '../domain/dates';
import {
  klachtAfhandelingSchema,
  klachtDeadline,
  klachtVerdagingSchema,
  type KlachtHandelingSoort,
  type KlachtOordeel,
  type KlachtStand,
  type KlachtStap,
} from '../domain/klacht';
import type { Policy } from '../domain/policy';
import { API_BASISPAD } from '../infra/api-versie';
import { logAudit, type AuditDb } from '../infra/audit';
import { dateColumn, dateOfColumn, dutchCalendarDate, dutchDayStart } from '../infra/calendar';
import type { Db } from '../infra/db';
import { escapeHtml } from '../infra/html';
import type { MailConfig, Mailer } from '../infra/mail';
import type { MeldDeelnemer } from './deelnemer-melding';
import { herinneringVerstuurd, verstuurEenmaal } from './herinneringen';

/** The audit action of the klacht notifications (send-once: the log is the record). */
const BERICHT = 'klacht.bericht';
const GRONDSLAG = beleid['klacht.behandelen'].grondslag;

type BerichtSoort = 'GEREGISTREERD' | 'BETROKKEN' | KlachtStap | 'DOCUMENT';

const ZONDER_PERSOONSGEGEVENS =
  'Dit bericht bevat bewust geen persoonsgegevens en geen inhoud van de klacht; die staan in het ZVH-systeem.';

async function laadStand(
  db: AuditDb,
  klachtId: string,
  policy: Policy,
): Promise<{ stand: KlachtStand; nummer: string }> {
  const k = await db.klacht.findUniqueOrThrow({
    where: { id: klachtId },
    select: { nummer: true, ontvangenOp: true, deadline: true, verdaagd: true, afgehandeldOp: true },
  });
  const deadline = dateOfColumn(k.deadline);
  // Keyed by the deadline: a postponement brings its own reminder and lapse.
  const verstuurd = (soort: KlachtStap) => herinneringVerstuurd(db, null, { klachtId, soort, deadline }, BERICHT);
  return {
    nummer: k.nummer,
    stand: {
      klachtId,
      ontvangenOp: dateOfColumn(k.ontvangenOp),
      deadline,
      verdaagd: k.verdaagd,
      afgehandeldOp: k.afgehandeldOp?.toISOString() ?? null,
      herinneringOp: dutchDayStart(addDays(deadline, -policy.klachtHerinneringDagen)).toISOString(),
      // The deadline is the last day; it is missed from the next Dutch midnight.
      verstrekenOp: dutchDayStart(addDays(deadline, 1)).toISOString(),
      verzonden: {
        herinnering: await verstuurd('HERINNERING'),
        termijnVerstreken: await verstuurd('TERMIJN_VERSTREKEN'),
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Letters to the klager (HTML, Dutch); they are documents the Contactpunt sends, never mail.

interface Aanhef {
  nummer: string;
  ontvangenOp: Date;
  klagerNaam: string | null;
  klagerAdres: string | null;
}

const brief = (k: Aanhef, datum: IsoDate, titel: string, alineas: string[]) =>
  [
    '<!doctype html><html lang="nl"><meta charset="utf-8">',
    `<title>${escapeHtml(titel)}</title>`,
    `<p>${escapeHtml(k.klagerNaam ?? '')}<br>${escapeHtml(k.klagerAdres ?? '').replace(/\n/g, '<br>')}</p>`,
    `<p>Datum: ${datum}<br>Kenmerk: ${escapeHtml(k.nummer)}<br>Onderwerp: uw klacht van ${dateOfColumn(k.ontvangenOp)}</p>`,
    `<h1>${escapeHtml(titel)}</h1>`,
    ...alineas.map((a) => `<p>${escapeHtml(a)}</p>`),
    '<p>Het Contactpunt van het Zorg- en Veiligheidshuis</p></html>',
  ].join('\n');

const ontvangstbevestiging = (k: Aanhef, datum: IsoDate, deadline: IsoDate) =>
  brief(k, datum, 'Ontvangstbevestiging van uw klacht', [
    `Wij hebben uw klacht op ${dateOfColumn(k.ontvangenOp)} ontvangen (artikel 9:6 Algemene wet bestuursrecht).`,
    `Wij handelen uw klacht af binnen zes weken na ontvangst, uiterlijk op ${deadline} (artikel 9:11 Awb). Raakt uw klacht een of meer deelnemers van het Zorg- en Veiligheidshuis, dan betrekken wij hen bij de afhandeling (Bestuurlijke afspraken, artikel 14.9). U krijgt de gelegenheid te worden gehoord (artikel 9:10 Awb).`,
    'U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens.',
  ]);

const verdagingsbrief = (k: Aanhef, datum: IsoDate, reden: string, deadline: IsoDate) =>
  brief(k, datum, 'Verdaging van de afhandeling van uw klacht', [
    `Wij kunnen uw klacht niet binnen zes weken afhandelen en verdagen de afhandeling met ten hoogste vier weken, tot en met ${deadline} (artikel 9:11, tweede lid, Awb).`,
    `Reden: ${reden}`,
  ]);

const oordeelNaam: Record<KlachtOordeel, string> = {
  GEGROND: 'gegrond',
  DEELS_GEGROND: 'gedeeltelijk gegrond',
  ONGEGROND: 'ongegrond',
  INGETROKKEN: 'ingetrokken',
};

/** Awb 9:12: findings, the judgement and the conclusions; then where the klager can go next (Awb 9:12 lid 2). */
const uitkomstbrief = (
  k: Aanhef,
  datum: IsoDate,
  a: { oordeel: KlachtOordeel; bevindingen: string; conclusies?: string },
) =>
  brief(k, datum, 'Afhandeling van uw klacht', [
    a.oordeel === 'INGETROKKEN'
      ? 'U hebt uw klacht ingetrokken; wij hebben de behandeling daarom beëindigd.'
      : `Wij hebben uw klacht onderzocht en vinden haar ${oordeelNaam[a.oordeel]}.`,
    `Bevindingen: ${a.bevindingen}`,
    ...(a.conclusies ? [`Conclusies: ${a.conclusies}`] : []),
    'Bent u het niet eens met de afhandeling, dan kunt u zich wenden tot de Nationale ombudsman (artikel 9:18 Awb). Over de verwerking van uw persoonsgegevens kunt u ook een klacht indienen bij de Autoriteit Persoonsgegevens.',
  ]);

export interface KlachtHandelingInput {
  klachtId: string;
  handelingId: string;
  soort: KlachtHandelingSoort;
  /** The workflow's clock (ISO), so the time-skipping tests record the process' own time. */
  op: string;
}

/**
 * The klacht process' database work and mail (Awb 9; Afspr. 14.9). Mail names the klacht's number and dates only,
 * never the klager or the complaint; each is sent once (the audit log is the record) with a stable Message-ID.
 */
export function createKlachtActivities(
  db: Db,
  policy: Policy,
  mailer: Mailer,
  mail: Pick<MailConfig, 'ZVH_MAIL_CONTACTPUNT' | 'ZVH_MAIL_ESCALATIE'>,
  meldDeelnemer: MeldDeelnemer,
) {
  const stuur = (
    klachtId: string,
    sleutel: Record<string, string>,
    aan: string[],
    onderwerp: string,
    regels: string[],
  ) =>
    verstuurEenmaal(
      db,
      mailer,
      { casusId: null, sleutel: { klachtId, ...sleutel }, actie: BERICHT, grondslag: GRONDSLAG },
      {
        aan,
        onderwerp,
        tekst: [...regels, '', ZONDER_PERSOONSGEGEVENS].join('\n'),
        messageId: `<klacht.${Object.values(sleutel).join('.').toLowerCase()}.${klachtId}@zvh-wgs>`,
      },
    );

  return {
    async laadKlachtContext(klachtId: string): Promise<KlachtStand> {
      return (await laadStand(db, klachtId, policy)).stand;
    },

    /**
     * The acknowledgement (Awb 9:6) is written once and waits for the Contactpunt; the Contactpunt hears of the
     * klacht and its deadline, and each deelnemer it touches is asked to contribute (Afspr. 14.9).
     */
    async openKlacht(klachtId: string): Promise<{ verstuurd: boolean }> {
      const k = await db.klacht.findUniqueOrThrow({ where: { id: klachtId } });
      const deadline = dateOfColumn(k.deadline);
      if (k.ontvangstbevestiging === null) {
        await db.klacht.updateMany({
          where: { id: klachtId, ontvangstbevestiging: null },
          data: { ontvangstbevestiging: ontvangstbevestiging(k, dutchCalendarDate(k.createdAt), deadline) },
        });
      }
      const { verstuurd } = await stuur(
        klachtId,
        { soort: 'GEREGISTREERD' satisfies BerichtSoort },
        mail.ZVH_MAIL_CONTACTPUNT,
        `Klacht ${k.nummer} geregistreerd`,
        [
          `Klacht ${k.nummer} is ontvangen op ${dateOfColumn(k.ontvangenOp)} en moet uiterlijk ${deadline} zijn afgehandeld (artikel 9:11 Awb).`,
          `De ontvangstbevestiging voor de klager staat klaar in het ZVH-systeem (GET ${API_BASISPAD}/klachten/${klachtId}); verstuur die.`,
        ],
      );
      for (const deelnemerId of k.deelnemerIds) {
        await meldDeelnemer(
          deelnemerId,
          {
            casusId: null,
            sleutel: { klachtId, soort: 'BETROKKEN' satisfies BerichtSoort, deelnemerId },
            actie: BERICHT,
            grondslag: GRONDSLAG,
          },
          {
            soort: 'KLACHT',
            kenmerk: k.nummer,
            onderwerp: `Klacht ${k.nummer}: uw reactie gevraagd`,
            tekst: [
              `Het Contactpunt heeft klacht ${k.nummer} ontvangen; die raakt aan de belangen van uw organisatie (Bestuurlijke afspraken, artikel 14.9).`,
              `Geef uw reactie vóór ${addDays(deadline, -policy.klachtHerinneringDagen)}: POST ${API_BASISPAD}/klachten/${klachtId}/reactie.`,
              '',
              ZONDER_PERSOONSGEGEVENS,
            ].join('\n'),
            messageId: `<klacht.betrokken.${deelnemerId}.${klachtId}@zvh-wgs>`,
          },
          mail.ZVH_MAIL_CONTACTPUNT,
        );
      }
      return { verstuurd };
    },

    /** A reminder before the deadline to the Contactpunt; the day after a missed one, also the netwerkmanager. */
    async stuurKlachtTermijnbericht({ klachtId, stap }: { klachtId: string; stap: KlachtStap }) {
      const { stand, nummer } = await laadStand(db, klachtId, policy);
      if (stand.afgehandeldOp !== null) return { verstuurd: false };
      const sleutel = { soort: stap, deadline: stand.deadline };
      return stap === 'HERINNERING'
        ? stuur(
            klachtId,
            sleutel,
            mail.ZVH_MAIL_CONTACTPUNT,
            `Herinnering: klacht ${nummer} afhandelen vóór ${stand.deadline}`,
            [
              `Klacht ${nummer} moet uiterlijk ${stand.deadline} zijn afgehandeld (artikel 9:11 Awb).`,
              stand.verdaagd
                ? 'De afhandeling is al verdaagd; verdagen kan niet nog eens.'
                : 'Lukt dat niet, verdaag de afhandeling dan vóór die datum met ten hoogste vier weken en laat de klager dat schriftelijk weten.',
            ],
          )
        : stuur(
            klachtId,
            sleutel,
            [...mail.ZVH_MAIL_CONTACTPUNT, ...mail.ZVH_MAIL_ESCALATIE],
            `Termijn verstreken: klacht ${nummer} niet afgehandeld`,
            [
              `De termijn voor de afhandeling van klacht ${nummer} verstreek op ${stand.deadline} (artikel 9:11 Awb).`,
              'Wilt u zorgen dat de klacht zo spoedig mogelijk wordt afgehandeld?',
            ],
          );
    },

    /**
     * Accepts a proposed postponement or handling (idempotent: a retry finds it accepted), writes its letter and
     * logs it; the Contactpunt is told the letter waits.
     */
    async stelKlachtHandelingVast({ klachtId, handelingId, soort, op }: KlachtHandelingInput): Promise<KlachtStand> {
      const vastgesteldOp = new Date(op);
      const datum = dutchCalendarDate(vastgesteldOp);
      const gedaan = await db.$transaction(async (tx) => {
        const h = await tx.klachtHandeling.findUniqueOrThrow({ where: { id: handelingId } });
        if (h.status !== 'VOORGESTELD' || h.klachtId !== klachtId) return false;
        const k = await tx.klacht.findUniqueOrThrow({ where: { id: klachtId } });
        let document: string;
        if (soort === 'VERDAGING') {
          const { reden } = klachtVerdagingSchema.parse(h.gegevens);
          const deadline = klachtDeadline(dateOfColumn(k.ontvangenOp), true);
          document = verdagingsbrief(k, datum, reden, deadline);
          await tx.klacht.update({ where: { id: klachtId }, data: { verdaagd: true, deadline: dateColumn(deadline) } });
        } else {
          const afhandeling = klachtAfhandelingSchema.parse(h.gegevens);
          document = uitkomstbrief(k, datum, afhandeling);
          await tx.klacht.update({
            where: { id: klachtId },
            data: { afgehandeldOp: vastgesteldOp, oordeel: afhandeling.oordeel },
          });
        }
        await tx.klachtHandeling.update({
          where: { id: handelingId },
          data: { status: 'VASTGESTELD', vastgesteldOp, document },
        });
        await logAudit(tx, {
          medewerkerId: h.medewerkerId,
          deelnemerId: h.deelnemerId,
          actie: 'klacht.behandelen',
          casusId: null,
          grondslag: GRONDSLAG,
          uitkomst: 'TOEGESTAAN',
          detail: { klachtId, handelingId, soort },
        });
        return true;
      });
      const { stand, nummer } = await laadStand(db, klachtId, policy);
      if (gedaan || (await db.klachtHandeling.count({ where: { id: handelingId, status: 'VASTGESTELD' } }))) {
        await stuur(
          klachtId,
          { soort: 'DOCUMENT' satisfies BerichtSoort, handelingId },
          mail.ZVH_MAIL_CONTACTPUNT,
          `Klacht ${nummer}: brief klaar`,
          [
            soort === 'VERDAGING'
              ? `De afhandeling van klacht ${nummer} is verdaagd tot en met ${stand.deadline}. De verdagingsbrief aan de klager staat klaar in het ZVH-systeem; verstuur die vóór de oorspronkelijke termijn verstrijkt.`
              : `Klacht ${nummer} is afgehandeld. De brief met de bevindingen en het oordeel staat klaar in het ZVH-systeem; verstuur die aan de klager.`,
          ],
        );
      }
      return stand;
    },
  };
}

export type KlachtActivities = ReturnType<typeof createKlachtActivities>;
