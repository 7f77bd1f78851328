import { beleid } from '../domain/autorisatie';
import {
  apMeldingOpen,
  informerenOpen,
  datalekStandVan,
  datalekTermijnen,
  interneMeldingTeLaat,
  type DatalekBesluitSoort,
  type DatalekStand,
  type DatalekStap,
  type DatalekTermijnen,
} from '../domain/datalek';
import type { Policy } from '../domain/policy';
import { logAudit, type AuditDb } from '../infra/audit';
import type { Db } from '../infra/db';
import type { MailConfig, Mailer } from '../infra/mail';
import { herinneringVerstuurd, verstuurEenmaal } from './herinneringen';
import { API_BASISPAD } from '../infra/api-versie';

/** The audit action of the datalek notifications (send-once: the log is the record). */
const BERICHT = 'datalek.bericht';
const GRONDSLAG = beleid['datalek.behandelen'].grondslag;

type BerichtSoort = 'GEMELD' | 'PARTNEROVERLEG' | 'AP_AFSCHRIFT' | DatalekStap | 'AFGESLOTEN';
const sleutel = (datalekId: string, soort: BerichtSoort) => ({ datalekId, soort });

/** The state of a datalek as its workflow needs it, and its number for mail. */
async function laadStand(db: AuditDb, datalekId: string): Promise<{ stand: DatalekStand; nummer: string }> {
  const datalek = await db.datalek.findUniqueOrThrow({
    where: { id: datalekId },
    select: {
      id: true,
      nummer: true,
      ontdektOp: true,
      gemeldOp: true,
      afgeslotenOp: true,
      besluiten: { where: { status: 'VASTGESTELD' }, select: { soort: true, gegevens: true, vastgesteldOp: true } },
    },
  });
  const verstuurd = (soort: BerichtSoort) => herinneringVerstuurd(db, null, sleutel(datalekId, soort), BERICHT);
  const verzonden = {
    escalatie: await verstuurd('ESCALEREN'),
    termijnVerstreken: await verstuurd('TERMIJN_VERSTREKEN'),
    informerenHerinnering: await verstuurd('INFORMEREN_HERINNERING'),
    informerenEscalatie: await verstuurd('INFORMEREN_ESCALATIE'),
  };
  return { stand: datalekStandVan(datalek, datalek.besluiten, verzonden), nummer: datalek.nummer };
}

export interface DatalekContext {
  stand: DatalekStand;
  termijnen: DatalekTermijnen;
}

export interface DatalekBesluitInput {
  datalekId: string;
  besluitId: string;
  soort: DatalekBesluitSoort;
  /** The workflow's clock (ISO), so the time-skipping tests record the process' own time. */
  op: string;
}

const ZONDER_PERSOONSGEGEVENS =
  'Dit bericht bevat bewust geen persoonsgegevens en geen inhoud van het lek; die staan in het ZVH-systeem.';
/** Dutch wall-clock time for people, e.g. "23-11-2026 14:05". */
const tijd = (iso: string) =>
  new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

/**
 * The datalek process' database work and mail (AVG 33–34; Prot. 14). Mail names the datalek's number and its
 * deadlines only, never its description, categories or anyone concerned; each is sent once (the audit log is the
 * record, as for the casus reminders) with a stable Message-ID.
 */
export function createDatalekActivities(
  db: Db,
  policy: Policy,
  mailer: Mailer,
  mail: Pick<
    MailConfig,
    'ZVH_MAIL_CONTACTPUNT' | 'ZVH_MAIL_FG' | 'ZVH_MAIL_ESCALATIE' | 'ZVH_MAIL_PARTNEROVERLEG' | 'ZVH_MAIL_STUURGROEP'
  >,
) {
  const context = async (datalekId: string): Promise<DatalekContext & { nummer: string }> => {
    const { stand, nummer } = await laadStand(db, datalekId);
    return { stand, termijnen: datalekTermijnen(stand, policy), nummer };
  };
  const stuur = (datalekId: string, soort: BerichtSoort, aan: string[], onderwerp: string, regels: string[]) =>
    verstuurEenmaal(
      db,
      mailer,
      { casusId: null, sleutel: sleutel(datalekId, soort), actie: BERICHT, grondslag: GRONDSLAG },
      {
        aan,
        onderwerp,
        tekst: [...regels, '', ZONDER_PERSOONSGEGEVENS].join('\n'),
        messageId: `<datalek.${soort.toLowerCase()}.${datalekId}@zvh-wgs>`,
      },
    );

  /** Prot. 14.5: a copy of the AP notification to the Partneroverleg and the Stuurgroep — its reference, not its content. */
  const stuurApAfschrift = async (datalekId: string, besluitId: string) => {
    const { nummer, stand } = await context(datalekId);
    const b = await db.datalekBesluit.findFirst({
      where: { id: besluitId, status: 'VASTGESTELD' },
      select: { gegevens: true },
    });
    const melding = (b?.gegevens ?? {}) as { gemeldOp?: string; meldnummer?: string };
    if (!melding.gemeldOp) return;
    await stuur(
      datalekId,
      'AP_AFSCHRIFT',
      [...mail.ZVH_MAIL_PARTNEROVERLEG, ...mail.ZVH_MAIL_STUURGROEP],
      `Afschrift AP-melding datalek ${nummer}`,
      [
        `Datalek ${nummer} (ontdekt op ${tijd(stand.ontdektOp)}) is op ${tijd(melding.gemeldOp)} gemeld aan de Autoriteit Persoonsgegevens${melding.meldnummer ? `, meldnummer ${melding.meldnummer}` : ''} (artikel 14.5 privacyprotocol).`,
        `De melding zelf staat in het datalekregister (GET ${API_BASISPAD}/datalekregister), in te zien door het Contactpunt en de FG.`,
      ],
    );
  };

  return {
    async laadDatalekContext(datalekId: string): Promise<DatalekContext> {
      const { stand, termijnen } = await context(datalekId);
      return { stand, termijnen };
    },

    /**
     * The internal report reaches the Contactpunt, which handles it, and the coördinerend FG (Prot. 14.3); the
     * parties hear of it in writing through the Partneroverleg (Prot. 14.4).
     */
    async meldNieuwDatalek(datalekId: string): Promise<{ verstuurd: boolean }> {
      const { stand, termijnen, nummer } = await context(datalekId);
      const gemeld = `Datalek ${nummer} is op ${tijd(stand.gemeldOp)} intern gemeld; het werd ontdekt op ${tijd(stand.ontdektOp)}.`;
      const { verstuurd } = await stuur(
        datalekId,
        'GEMELD',
        [...mail.ZVH_MAIL_CONTACTPUNT, ...mail.ZVH_MAIL_FG],
        `Datalek ${nummer} gemeld`,
        [
          gemeld,
          ...(interneMeldingTeLaat(stand, policy)
            ? [`De interne melding kwam later dan ${policy.datalekInterneMeldingUren} uur na de ontdekking.`]
            : []),
          `Beoordeel of het lek gemeld moet worden aan de Autoriteit Persoonsgegevens: uiterlijk ${tijd(termijnen.apMelding)} (72 uur na de ontdekking, AVG 33).`,
        ],
      );
      await stuur(
        datalekId,
        'PARTNEROVERLEG',
        mail.ZVH_MAIL_PARTNEROVERLEG,
        `Datalek ${nummer} gemeld (ter informatie)`,
        [
          gemeld,
          'Het Contactpunt beoordeelt het en meldt het zo nodig aan de Autoriteit Persoonsgegevens; de deelnemers worden via het Partneroverleg geïnformeerd (artikel 14.4 privacyprotocol).',
        ],
      );
      return { verstuurd };
    },

    /**
     * An AP notification still open near or at its deadline: Contactpunt, FG and the netwerkmanager hear it. The
     * informing of the betrokkenen still not recorded: halfway the Contactpunt is reminded, at its deadline the FG
     * and the netwerkmanager hear it too.
     */
    async stuurDatalekTermijnbericht({
      datalekId,
      stap,
    }: {
      datalekId: string;
      stap: DatalekStap;
    }): Promise<{ verstuurd: boolean }> {
      const { stand, termijnen, nummer } = await context(datalekId);
      if (stap === 'INFORMEREN_HERINNERING' || stap === 'INFORMEREN_ESCALATIE') {
        if (!informerenOpen(stand) || !termijnen.informeren) return { verstuurd: false }; // recorded meanwhile
        const deadline = tijd(termijnen.informeren.deadline);
        return stap === 'INFORMEREN_HERINNERING'
          ? stuur(
              datalekId,
              stap,
              mail.ZVH_MAIL_CONTACTPUNT,
              `Herinnering: betrokkenen informeren over datalek ${nummer}`,
              [
                `Besloten is de betrokkenen van datalek ${nummer} te informeren (AVG 34). Dat is nog niet vastgelegd; doe dat uiterlijk ${deadline}.`,
              ],
            )
          : stuur(
              datalekId,
              stap,
              [...mail.ZVH_MAIL_CONTACTPUNT, ...mail.ZVH_MAIL_FG, ...mail.ZVH_MAIL_ESCALATIE],
              `Escalatie: betrokkenen van datalek ${nummer} niet tijdig geïnformeerd`,
              [
                `De betrokkenen van datalek ${nummer} zouden uiterlijk ${deadline} worden geïnformeerd (AVG 34: zonder onredelijke vertraging). Dat is nog niet vastgelegd.`,
                'Wilt u zorgen dat zij zo spoedig mogelijk worden geïnformeerd?',
              ],
            );
      }
      if (!apMeldingOpen(stand)) return { verstuurd: false }; // notified (or found not required) meanwhile
      const aan = [...mail.ZVH_MAIL_CONTACTPUNT, ...mail.ZVH_MAIL_FG, ...mail.ZVH_MAIL_ESCALATIE];
      const status =
        stand.risico === null
          ? 'Het lek is nog niet beoordeeld.'
          : 'Melding aan de AP is vereist en nog niet vastgelegd.';
      return stap === 'ESCALEREN'
        ? stuur(
            datalekId,
            stap,
            aan,
            `Escalatie: datalek ${nummer} — AP-meldtermijn verloopt ${tijd(termijnen.apMelding)}`,
            [
              `De termijn voor de melding van datalek ${nummer} aan de Autoriteit Persoonsgegevens verloopt op ${tijd(termijnen.apMelding)}.`,
              status,
              'Wilt u zorgen dat het lek vóór die tijd wordt beoordeeld en, zo nodig, gemeld?',
            ],
          )
        : stuur(datalekId, stap, aan, `Termijn verstreken: datalek ${nummer} niet binnen 72 uur gemeld aan de AP`, [
            `De termijn van 72 uur voor de melding van datalek ${nummer} aan de Autoriteit Persoonsgegevens verstreek op ${tijd(termijnen.apMelding)}.`,
            status,
            'Meld het lek zo spoedig mogelijk alsnog, met de reden van de vertraging (AVG 33 lid 1).',
          ]);
    },

    /** Accepts a proposed decision (idempotent: a retry finds it accepted) and logs it; closing ends the datalek. */
    async stelDatalekBesluitVast({ datalekId, besluitId, soort, op }: DatalekBesluitInput): Promise<DatalekStand> {
      const vastgesteldOp = new Date(op);
      await db.$transaction(async (tx) => {
        const { count } = await tx.datalekBesluit.updateMany({
          where: { id: besluitId, datalekId, status: 'VOORGESTELD' },
          data: { status: 'VASTGESTELD', vastgesteldOp },
        });
        if (count === 0) return;
        if (soort === 'AFSLUITING')
          await tx.datalek.update({ where: { id: datalekId }, data: { afgeslotenOp: vastgesteldOp } });
        const besluit = await tx.datalekBesluit.findUniqueOrThrow({
          where: { id: besluitId },
          select: { medewerkerId: true, deelnemerId: true },
        });
        await logAudit(tx, {
          ...besluit,
          actie: 'datalek.behandelen',
          casusId: null,
          grondslag: GRONDSLAG,
          uitkomst: 'TOEGESTAAN',
          detail: { datalekId, besluitId, soort },
        });
      });
      if (soort === 'AP_MELDING') await stuurApAfschrift(datalekId, besluitId);
      return (await context(datalekId)).stand;
    },

    /** Closed, with its register entry: the coördinerend FG hears it (Prot. 14; Afspr. 15). */
    async meldDatalekAfgesloten(datalekId: string): Promise<{ verstuurd: boolean }> {
      const { stand, nummer } = await context(datalekId);
      if (stand.afgeslotenOp === null) return { verstuurd: false };
      return stuur(datalekId, 'AFGESLOTEN', mail.ZVH_MAIL_FG, `Datalek ${nummer} afgesloten`, [
        `Datalek ${nummer} is op ${tijd(stand.afgeslotenOp)} afgesloten door het Contactpunt.`,
        `Feiten, gevolgen en maatregelen staan in het datalekregister (GET ${API_BASISPAD}/datalekregister).`,
      ]);
    },
  };
}

export type DatalekActivities = ReturnType<typeof createDatalekActivities>;
