import { randomUUID } from 'node:crypto';
import { beleid } from '../domain/autorisatie';
import type { CasusFase } from '../domain/casus';
import { addDays, compareDates, maxDate, type IsoDate } from '../domain/dates';
import {
  deadlineVan,
  GEZAMENLIJK,
  hertoetsingNa,
  statusNa,
  verantwoordelijkeVoor,
  volgendeInformatieplichtStap,
  type InformatieplichtMoment,
  type InformatieplichtStap,
  type InformatieplichtStatus,
  type UitstelGrond,
  uitstelGrondTekst,
} from '../domain/informatieplicht';
import type { Policy } from '../domain/policy';
import { logAudit, type AuditDb } from '../infra/audit';
import { dateColumn, dateOfColumn, dutchCalendarDate, dutchDayStart } from '../infra/calendar';
import type { Db } from '../infra/db';
import type { MailConfig, Mailer } from '../infra/mail';
import { GEEN_PERSOONSGEGEVENS, herinneringVerstuurd, verstuurEenmaal } from './herinneringen';
import { huidigPlan } from './plan';
import { informatieplichtWorkflowId, type InformatieplichtWorkflowInput } from '../workflows/informatieplicht';
import { startEenmaal } from './start-workflow';

/** The obligation as its workflow sees it: ids, codes and dates only (it travels through Temporal). */
export interface InformatieplichtContext {
  informatieplichtId: string | null;
  status: InformatieplichtStatus;
  /** ISO instant the day after the deadline begins (when a still open obligation is missed). */
  deadline: string | null;
  /** The next step by the calendar; CONTROLEREN: nothing due, look again (at the latest at the archiefdatum). */
  volgende: { stap: InformatieplichtStap | 'CONTROLEREN'; op: string } | null;
  historieLimiet: number;
}

export interface InformatieplichtInput {
  casusId: string;
  moment: InformatieplichtMoment;
  /** The workflow's clock (ISO). */
  nu: string;
}

/** Mail about an informatieplicht is logged under this action; its detail is the send-once key. */
const MELDING = 'informatieplicht.melding';
const GRONDSLAG = beleid['informatieplicht.afhandelen'].grondslag;

/** The casus' data is gone (archived to the archiefbeheerder, anonymised): there is nothing left to inform about. */
const voorbij: readonly CasusFase[] = ['GEARCHIVEERD', 'GEANONIMISEERD'];

const momentTekst: Record<InformatieplichtMoment, string> = {
  IN_BEHANDELING: 'de casus is in behandeling genomen',
  TRIAGE_UITKOMST: 'de uitkomst van de triage (eindbeoordeling)',
  CASUSOVERLEG_UITKOMST: 'de uitkomst van het casusoverleg (plan van aanpak)',
  AFSCHALING: 'de afsluiting en afschaling van de casus',
};

const sleutel = (informatieplichtId: string, stap: InformatieplichtStap, datum: string) => ({
  informatieplichtId,
  stap,
  datum,
});

/** Who informs, as the Contactpunt's mail names it (ids only). */
async function verantwoordelijke(db: AuditDb, casusId: string, moment: InformatieplichtMoment): Promise<string> {
  const wie = verantwoordelijkeVoor(moment, (await huidigPlan(db, casusId))?.informeertBetrokkeneDeelnemerId);
  return wie === GEZAMENLIJK
    ? 'de gezamenlijk verwerkingsverantwoordelijken (afspraak volgt in het casusoverleg)'
    : `deelnemer ${wie} (afgesproken in het casusoverleg)`;
}

/**
 * The informatieplicht's activities (SPEC §4). Idempotent: the obligation is created once per casus and moment,
 * every mail is sent once (the audit log is the record), every recording is applied once.
 */
export function createInformatieplichtActivities(
  db: Db,
  policy: Policy,
  mailer: Mailer,
  mail: Pick<MailConfig, 'ZVH_MAIL_CONTACTPUNT' | 'ZVH_MAIL_ESCALATIE'>,
) {
  async function stand(p: {
    id: string;
    casusId: string;
    status: InformatieplichtStatus;
    startdatum: Date;
    deadline: Date;
    hertoetsingOp: Date | null;
  }) {
    const deadline = dateOfColumn(p.deadline);
    const verstuurd = (stap: InformatieplichtStap) =>
      herinneringVerstuurd(db, p.casusId, sleutel(p.id, stap, deadline), MELDING);
    return {
      status: p.status,
      start: dateOfColumn(p.startdatum),
      deadline,
      gemeld: await verstuurd('MELDEN'),
      herinnerd: await verstuurd('HERINNEREN'),
      geescaleerd: await verstuurd('ESCALEREN'),
      hertoetsingOp: p.hertoetsingOp ? dateOfColumn(p.hertoetsingOp) : null,
    };
  }

  /** The obligation of a casus at a moment, created once; its term starts on the workflow's day. */
  const maak = (casusId: string, moment: InformatieplichtMoment, vandaag: IsoDate) =>
    db.informatieplicht.upsert({
      where: { casusId_moment: { casusId, moment } },
      create: {
        id: randomUUID(),
        casusId,
        moment,
        startdatum: dateColumn(vandaag),
        deadline: dateColumn(deadlineVan(moment, vandaag, policy)),
      },
      update: {},
    });

  return {
    /**
     * Called by the casus workflow when a decision brings an informatieplicht: records it (so the API holds back
     * data at once) and starts its workflow with the worker's client. Idempotent: the workflow id is the key, and a
     * retry finds both there. Not a child workflow, so the casus' history and its end are independent of it.
     */
    async startInformatieplicht({ casusId, moment, nu }: InformatieplichtInput): Promise<void> {
      await maak(casusId, moment, dutchCalendarDate(new Date(nu)));
      const input: InformatieplichtWorkflowInput = { casusId, moment };
      await startEenmaal(db, 'informatieplichtWorkflow', informatieplichtWorkflowId(casusId, moment), [input]);
    },

    /**
     * Loads the obligation, creating it on first use (its term starts on the workflow's day), and what it waits for.
     * An obligation whose casus is archived, anonymised or gone lapses.
     */
    async laadInformatieplicht({ casusId, moment, nu }: InformatieplichtInput): Promise<InformatieplichtContext> {
      const vandaag = dutchCalendarDate(new Date(nu));
      const casus = await db.casus.findUnique({ where: { id: casusId }, select: { fase: true, archiefDatum: true } });
      if (!casus || voorbij.includes(casus.fase)) {
        await db.informatieplicht.updateMany({
          where: { casusId, moment, status: { in: ['OPEN', 'UITGESTELD'] } },
          data: { status: 'VERVALLEN' },
        });
        const p =
          casus &&
          (await db.informatieplicht.findUnique({
            where: { casusId_moment: { casusId, moment } },
            select: { id: true },
          }));
        return {
          informatieplichtId: p?.id ?? null,
          status: 'VERVALLEN',
          deadline: null,
          volgende: null,
          historieLimiet: policy.workflowHistorieLimiet,
        };
      }
      const p = await maak(casusId, moment, vandaag);
      const s = await stand(p);
      const stap = volgendeInformatieplichtStap(s, policy);
      // Nothing due by the calendar (escalated, or an uitstel awaiting its answer): look again later, so the
      // workflow ends with its casus at the latest at the archiefdatum.
      const controle = maxDate(
        casus.archiefDatum ? dateOfColumn(casus.archiefDatum) : vandaag,
        addDays(vandaag, policy.legalHoldHercontroleDagen),
      );
      const volgende = stap
        ? { stap: stap.stap, op: dutchDayStart(stap.op).toISOString() }
        : p.status === 'OPEN' || p.status === 'UITGESTELD'
          ? { stap: 'CONTROLEREN' as const, op: dutchDayStart(controle).toISOString() }
          : null;
      return {
        informatieplichtId: p.id,
        status: p.status,
        deadline: dutchDayStart(addDays(s.deadline, 1)).toISOString(),
        volgende,
        historieLimiet: policy.workflowHistorieLimiet,
      };
    },

    /** A step that came due: the Contactpunt hears of the obligation, is reminded, the missed term is escalated, or the ground re-tested. */
    async voerInformatieplichtStapUit({
      casusId,
      moment,
      nu,
      stap,
    }: InformatieplichtInput & { stap: InformatieplichtStap }): Promise<{ verstuurd: boolean }> {
      const p = await db.informatieplicht.findUnique({
        where: { casusId_moment: { casusId, moment } },
        include: { casus: { select: { casusnummer: true } } },
      });
      if (!p) return { verstuurd: false };
      const s = await stand(p);
      const due = volgendeInformatieplichtStap(s, policy);
      // Recorded meanwhile (informed, uitstel, a new term): this step is no longer the one due.
      if (due?.stap !== stap || compareDates(due.op, dutchCalendarDate(new Date(nu))) > 0) return { verstuurd: false };
      const nr = p.casus.casusnummer;
      const wie = await verantwoordelijke(db, casusId, moment);
      const eenmaal = (datum: string, aan: string[], onderwerp: string, regels: string[]) =>
        verstuurEenmaal(
          db,
          mailer,
          { casusId, sleutel: sleutel(p.id, stap, datum), actie: MELDING, grondslag: GRONDSLAG },
          {
            aan,
            onderwerp,
            tekst: [...regels, '', GEEN_PERSOONSGEGEVENS].join('\n'),
            messageId: `<informatieplicht.${stap.toLowerCase()}.${p.id}.${datum}@zvh-wgs>`,
          },
        );
      const opdracht = `Informeren is de taak van ${wie}; het Contactpunt is ervoor verantwoordelijk (BGS 1.3). Leg in het ZVH-systeem vast wanneer en hoe is geïnformeerd, of leg uitstel vast met een grond (AVG 14 lid 5 b of UAVG 41).`;
      switch (stap) {
        case 'MELDEN':
          return eenmaal(
            s.deadline,
            mail.ZVH_MAIL_CONTACTPUNT,
            `Informatieplicht casus ${nr}: informeren uiterlijk ${s.deadline}`,
            [
              `Voor casus ${nr} moet de betrokkene worden geïnformeerd: ${momentTekst[moment]} (AVG 14).`,
              `De termijn loopt tot en met ${s.deadline}; informeer in elk geval voordat gegevens aan anderen worden verstrekt.`,
              opdracht,
            ],
          );
        case 'HERINNEREN':
          return eenmaal(
            s.deadline,
            mail.ZVH_MAIL_CONTACTPUNT,
            `Informatieplicht casus ${nr}: herinnering, termijn tot en met ${s.deadline}`,
            [
              `De betrokkene van casus ${nr} is nog niet geïnformeerd over ${momentTekst[moment]}.`,
              `De termijn loopt af op ${s.deadline}.`,
              opdracht,
            ],
          );
        case 'ESCALEREN':
          return eenmaal(
            s.deadline,
            [...mail.ZVH_MAIL_CONTACTPUNT, ...mail.ZVH_MAIL_ESCALATIE],
            `Informatieplicht casus ${nr}: termijn verstreken op ${s.deadline}`,
            [
              `De betrokkene van casus ${nr} is niet binnen de termijn geïnformeerd over ${momentTekst[moment]}; de termijn liep af op ${s.deadline}.`,
              'Wilt u zorgen dat de betrokkene alsnog wordt geïnformeerd, of dat uitstel met een grond wordt vastgelegd?',
              opdracht,
            ],
          );
        case 'HERTOETSEN': {
          const op = s.hertoetsingOp!;
          const uitstel = await laatsteUitstel(db, p.id);
          const maanden = uitstel?.hertoetsingMaanden ?? policy.uitstelHertoetsingMaanden;
          const verstuurd = await eenmaal(
            op,
            mail.ZVH_MAIL_CONTACTPUNT,
            `Informatieplicht casus ${nr}: hertoetsing van het uitstel`,
            [
              `Het informeren van de betrokkene van casus ${nr} over ${momentTekst[moment]} is uitgesteld${uitstel?.grond ? ` (${uitstelGrondTekst[uitstel.grond as UitstelGrond]})` : ''}.`,
              `Vandaag (${op}) moet worden getoetst of die grond nog geldt. Leg de uitkomst vast: geldt de grond niet meer, dan wordt de betrokkene alsnog geïnformeerd.`,
              `Zonder antwoord volgt over ${maanden} maand(en) een nieuwe vraag.`,
            ],
          );
          // Asked again each interval until the Contactpunt answers (conditional: a retry advances it only once).
          await db.informatieplicht.updateMany({
            where: { id: p.id, status: 'UITGESTELD', hertoetsingOp: dateColumn(op) },
            data: { hertoetsingOp: dateColumn(hertoetsingNa(op, maanden)) },
          });
          return verstuurd;
        }
      }
    },

    /** Applies a recording the workflow accepted, once, with its effect on the obligation; logged. */
    async legHandelingVast({ handelingId, nu }: { handelingId: string; nu: string }): Promise<void> {
      const vandaag = dutchCalendarDate(new Date(nu));
      await db.$transaction(async (tx) => {
        const h = await tx.informatieplichtHandeling.findUniqueOrThrow({
          where: { id: handelingId },
          include: { informatieplicht: true },
        });
        if (h.status === 'VASTGESTELD') return;
        const p = h.informatieplicht;
        const status = statusNa[h.soort];
        const effect =
          h.soort === 'VERSTREKT'
            ? { verstrektOp: h.datum, kanaal: h.kanaal, hertoetsingOp: null }
            : h.soort === 'GROND_VERVALLEN'
              ? // Informed after all: a new term from today (SPEC §4).
                {
                  startdatum: dateColumn(vandaag),
                  deadline: dateColumn(deadlineVan(p.moment, vandaag, policy)),
                  hertoetsingOp: null,
                }
              : {
                  hertoetsingOp: dateColumn(
                    hertoetsingNa(
                      vandaag,
                      h.hertoetsingMaanden ??
                        (await laatsteUitstel(tx, p.id))?.hertoetsingMaanden ??
                        policy.uitstelHertoetsingMaanden,
                    ),
                  ),
                };
        await tx.informatieplicht.update({ where: { id: p.id }, data: { status, ...effect } });
        await tx.informatieplichtHandeling.update({
          where: { id: h.id },
          data: { status: 'VASTGESTELD', vastgesteldOp: new Date(nu) },
        });
        await logAudit(tx, {
          medewerkerId: h.medewerkerId,
          deelnemerId: h.deelnemerId,
          actie: 'informatieplicht.afhandelen',
          casusId: p.casusId,
          grondslag: h.grond ?? GRONDSLAG,
          uitkomst: 'TOEGESTAAN',
          detail: { informatieplichtId: p.id, handelingId: h.id, soort: h.soort, status },
        });
      });
    },
  };
}

/** The uitstel in force: its ground and re-test interval. */
const laatsteUitstel = (db: AuditDb, informatieplichtId: string) =>
  db.informatieplichtHandeling.findFirst({
    where: { informatieplichtId, soort: 'UITSTEL', status: 'VASTGESTELD' },
    orderBy: { vastgesteldOp: 'desc' },
  });

export type InformatieplichtActivities = ReturnType<typeof createInformatieplichtActivities>;
