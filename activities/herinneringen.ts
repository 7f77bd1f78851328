import { beleid } from '../domain/autorisatie';
import type { CasusFase } from '../domain/casus';
import { besluitRegels, besluitTermijnen, wachtendBesluitIn, type WachtendBesluit } from '../domain/casusproces';
import type { Policy } from '../domain/policy';
import { logAudit, type AuditDb } from '../infra/audit';
import { dateOfColumn, dutchCalendarDate } from '../infra/calendar';
import type { Db } from '../infra/db';
import type { Bericht, MailConfig, Mailer } from '../infra/mail';
import { huidigPlan } from './plan';

export interface HerinneringInput {
  casusId: string;
  /** First the deciders are reminded; later the netwerkmanager hears it still waits. */
  niveau: 'HERINNERING' | 'ESCALATIE';
  /** The deadline that passed (ISO). */
  deadline: string;
}

const ACTIE = 'casus.herinnering';

/** What identifies one reminder in the audit log (ids and dates only). */
export type HerinneringSleutel = Record<string, string>;
export const evaluatieHerinnering = (datum: string): HerinneringSleutel => ({ soort: 'EVALUATIE', datum });
const besluitHerinnering = (soort: string, niveau: HerinneringInput['niveau'], sinds: string): HerinneringSleutel => ({
  soort,
  niveau,
  sinds,
});

/** The besluit that brought a casus into the phase whose own decision it now awaits. */
const ingang = {
  EINDBEOORDELING: { soort: 'INTAKE', uitkomst: 'IN_BEHANDELING' },
  SELECTIE: { soort: 'EINDBEOORDELING', uitkomst: 'VOLDAAN' },
} as const;

/** The decision a casus in TRIAGE or SELECTIE_DEELNEMERS awaits, since when, and what was sent about it. */
export async function laadWachtendBesluit(
  db: AuditDb,
  casusId: string,
  fase: CasusFase,
): Promise<WachtendBesluit | null> {
  const soort = wachtendBesluitIn(fase);
  if (soort === null) return null;
  const { soort: door, uitkomst } = ingang[soort];
  const besluit = await db.besluit.findFirst({
    where: { casusId, soort: door, status: 'VASTGESTELD', uitkomst },
    orderBy: { vastgesteldOp: 'desc' },
    select: { vastgesteldOp: true },
  });
  if (!besluit?.vastgesteldOp) return null;
  const sinds = dutchCalendarDate(besluit.vastgesteldOp);
  return {
    soort,
    sinds,
    herinnerd: await herinneringVerstuurd(db, casusId, besluitHerinnering(soort, 'HERINNERING', sinds)),
    geescaleerd: await herinneringVerstuurd(db, casusId, besluitHerinnering(soort, 'ESCALATIE', sinds)),
  };
}

const besluitNaam: Record<WachtendBesluit['soort'], string> = {
  EINDBEOORDELING: 'de eindbeoordeling van de criteria',
  SELECTIE: 'de selectie van de deelnemers',
};

/** Whether this reminder was sent (and logged) before: the log is the record that keeps a retry from resending. */
export const herinneringVerstuurd = async (
  db: AuditDb,
  casusId: string | null,
  sleutel: HerinneringSleutel,
  actie = ACTIE,
): Promise<boolean> => (await db.auditLog.count({ where: { casusId, actie, detail: { equals: sleutel } } })) > 0;

/** What one send-once notification is logged as: under which action and ground, about which casus (if any). */
export interface EenmaligBericht {
  casusId: string | null;
  /** Identifies the notification in the audit log (ids, codes and dates only). */
  sleutel: HerinneringSleutel;
  actie?: string;
  grondslag: string;
}

/** Does `verstuur` once: not again when the log already holds its key; logged after it succeeded. */
export async function doeEenmaal(
  db: Db,
  { casusId, sleutel, actie = ACTIE, grondslag }: EenmaligBericht,
  verstuur: () => Promise<void>,
): Promise<{ verstuurd: boolean }> {
  if (await herinneringVerstuurd(db, casusId, sleutel, actie)) return { verstuurd: false };
  await verstuur();
  await logAudit(db, {
    medewerkerId: null,
    deelnemerId: null,
    actie,
    casusId,
    grondslag,
    uitkomst: 'TOEGESTAAN',
    detail: sleutel,
  });
  return { verstuurd: true };
}

/** Sends a notification mail once (doeEenmaal). */
export const verstuurEenmaal = (
  db: Db,
  mailer: Mailer,
  eenmalig: EenmaligBericht,
  bericht: Bericht,
): Promise<{ verstuurd: boolean }> => doeEenmaal(db, eenmalig, () => mailer.verstuur(bericht));

/**
 * Reminders and escalations when a decision waits too long (SPEC §7 lead times), as mail through the configured
 * SMTP server. The text names the casusnummer and dates only, never the betrokkene. Idempotent: a reminder already
 * logged is not sent again; a crash between sending and logging can resend it once, with the same Message-ID.
 */
export const GEEN_PERSOONSGEGEVENS =
  'Dit bericht bevat bewust geen persoonsgegevens; de casus staat in het ZVH-systeem.';

/** The closing lines of a reminder about a decision that waits: an ask, or after the reminder an escalation. */
const verzoekOmBesluit = (niveau: HerinneringInput['niveau']) => [
  niveau === 'ESCALATIE'
    ? 'Na de herinnering is nog geen besluit genomen; wilt u zorgen dat de overheidsdeelnemers besluiten?'
    : 'Wilt u het besluit laten nemen?',
  '',
  GEEN_PERSOONSGEGEVENS,
];

export function createHerinneringActivities(
  db: Db,
  policy: Policy,
  mailer: Mailer,
  mail: Pick<MailConfig, 'ZVH_MAIL_BESLUITVORMING' | 'ZVH_MAIL_ESCALATIE'>,
) {
  const ontvangers = (niveau: HerinneringInput['niveau']) =>
    niveau === 'HERINNERING' ? mail.ZVH_MAIL_BESLUITVORMING : mail.ZVH_MAIL_ESCALATIE;

  const eenmaal = (casusId: string, sleutel: HerinneringSleutel, grondslag: string, bericht: Bericht) =>
    verstuurEenmaal(db, mailer, { casusId, sleutel, grondslag }, bericht);

  return {
    async stuurIntakeHerinnering({ casusId, niveau, deadline }: HerinneringInput): Promise<{ verstuurd: boolean }> {
      const casus = await db.casus.findUniqueOrThrow({
        where: { id: casusId },
        select: { casusnummer: true, fase: true, aanmeldDatum: true },
      });
      if (casus.fase !== 'AANMELDING') return { verstuurd: false }; // decided meanwhile
      const termijn = dutchCalendarDate(new Date(deadline));
      return eenmaal(casusId, { soort: 'INTAKE', niveau, deadline }, beleid['casus.intakebesluit'].grondslag, {
        aan: ontvangers(niveau),
        onderwerp:
          niveau === 'HERINNERING'
            ? `Herinnering: intakebesluit casus ${casus.casusnummer}`
            : `Escalatie: intakebesluit casus ${casus.casusnummer} blijft uit`,
        tekst: [
          `Casus ${casus.casusnummer}, aangemeld op ${dutchCalendarDate(casus.aanmeldDatum)}, wacht op het intakebesluit van de overheidsdeelnemers.`,
          `De termijn daarvoor liep af op ${termijn}.`,
          ...verzoekOmBesluit(niveau),
        ].join('\n'),
        messageId: `<${niveau.toLowerCase()}.intake.${casusId}.${Date.parse(deadline)}@zvh-wgs>`,
      });
    },

    /** Triage or selection take longer than the policy's lead time: remind the deciders, later escalate. */
    async stuurBesluitHerinnering({
      casusId,
      niveau,
    }: Pick<HerinneringInput, 'casusId' | 'niveau'>): Promise<{ verstuurd: boolean }> {
      const casus = await db.casus.findUniqueOrThrow({
        where: { id: casusId },
        select: { casusnummer: true, fase: true },
      });
      const wachtend = await laadWachtendBesluit(db, casusId, casus.fase);
      if (!wachtend) return { verstuurd: false }; // decided meanwhile
      const { deadline } = besluitTermijnen(wachtend, policy);
      const wat = besluitNaam[wachtend.soort];
      const grondslag = beleid[besluitRegels[wachtend.soort].actie].grondslag;
      return eenmaal(casusId, besluitHerinnering(wachtend.soort, niveau, wachtend.sinds), grondslag, {
        aan: ontvangers(niveau),
        onderwerp: `${niveau === 'HERINNERING' ? 'Herinnering' : 'Escalatie'}: ${wat} voor casus ${casus.casusnummer}`,
        tekst: [
          `Casus ${casus.casusnummer} wacht sinds ${wachtend.sinds} op ${wat} door de overheidsdeelnemers.`,
          `De termijn daarvoor liep af op ${deadline}.`,
          ...verzoekOmBesluit(niveau),
        ].join('\n'),
        messageId: `<${niveau.toLowerCase()}.${wachtend.soort.toLowerCase()}.${casusId}.${wachtend.sinds}@zvh-wgs>`,
      });
    },

    /** On the plan van aanpak's evaluation date: the casusoverleg is reminded to monitor and evaluate (lid 6). */
    async stuurEvaluatieHerinnering(casusId: string): Promise<{ verstuurd: boolean }> {
      const casus = await db.casus.findUniqueOrThrow({
        where: { id: casusId },
        select: { casusnummer: true, fase: true },
      });
      const plan = await huidigPlan(db, casusId);
      if (casus.fase !== 'CASUSOVERLEG' || !plan?.evaluatiedatum) return { verstuurd: false };
      const datum = dateOfColumn(plan.evaluatiedatum);
      return eenmaal(casusId, evaluatieHerinnering(datum), beleid['casus.planvanaanpak'].grondslag, {
        aan: mail.ZVH_MAIL_BESLUITVORMING,
        onderwerp: `Evaluatie plan van aanpak casus ${casus.casusnummer}`,
        tekst: [
          `Voor casus ${casus.casusnummer} staat op ${datum} de evaluatie van het plan van aanpak gepland.`,
          `De casusregie ligt bij deelnemer ${plan.casusregisseurDeelnemerId}. Wilt u het vervolgoverleg beleggen en daarna het plan bijwerken?`,
          '',
          GEEN_PERSOONSGEGEVENS,
        ].join('\n'),
        messageId: `<evaluatie.${casusId}.${datum}@zvh-wgs>`,
      });
    },
  };
}

export type HerinneringActivities = ReturnType<typeof createHerinneringActivities>;
