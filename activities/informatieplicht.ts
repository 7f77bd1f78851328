import { randomUUID } from 'node:crypto';
import { beleid } from '../domain/autorisatie';
import type { CasusFase } from '../domain/casus';
import { addDays, compareDates, maxDate, type IsoDate } from '../domain/dates';
import {
  afgerond,
  deadlineVan,
  GEZAMENLIJK,
  gezamenlijkeStatus,
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
import type { BetrokkeneRol, Prisma } from '../generated/prisma/client';
import { logAudit, type AuditDb } from '../infra/audit';
import { dateColumn, dateOfColumn, dutchCalendarDate, dutchDayStart } from '../infra/calendar';
import type { Db } from '../infra/db';
import type { MailConfig, Mailer } from '../infra/mail';
import { GEEN_PERSOONSGEGEVENS, herinneringVerstuurd, verstuurEenmaal } from './herinneringen';
import { huidigPlan } from './plan';
import { informatieplichtWorkflowId, type InformatieplichtWorkflowInput } from '../workflows/informatieplicht';
import { startEenmaal } from './start-workflow';

/** One person's obligation as the workflow holds it: ids and codes only. */
export interface PersoonsPlicht {
  informatieplichtId: string;
  status: InformatieplichtStatus;
}

/**
 * The obligations of one moment as their workflow sees them: ids, codes and dates only (it travels through Temporal).
 * `status`, `deadline` and `volgende` are of all persons together; `plichten` per person.
 */
export interface InformatieplichtContext {
  /** The first person's (the betrokkene's) obligation. */
  informatieplichtId: string | null;
  status: InformatieplichtStatus;
  /** ISO instant the day after the earliest open deadline begins (when a still open obligation is missed). */
  deadline: string | null;
  /** The next step by the calendar; CONTROLEREN: nothing due, look again (at the latest at the archiefdatum). */
  volgende: { stap: InformatieplichtStap | 'CONTROLEREN'; op: string } | null;
  historieLimiet: number;
  /** Absent in results recorded before the obligations were per person. */
  plichten?: PersoonsPlicht[];
}

export interface InformatieplichtInput {
  casusId: string;
  moment: InformatieplichtMoment;
  /** The how-manieth time the moment came; absent: the first. */
  ronde?: number;
  /** The workflow that carries the obligations; absent (an activity scheduled before it was passed): by the ids. */
  workflowId?: string;
  /** The workflow's clock (ISO). */
  nu: string;
}

/** Mail about an informatieplicht is logged under this action; its detail is the send-once key. */
const MELDING = 'informatieplicht.melding';
const GRONDSLAG = beleid['informatieplicht.afhandelen'].grondslag;

/** The casus' data is gone (archived to the archiefbeheerder, anonymised): there is nothing left to inform about. */
const voorbij: readonly CasusFase[] = ['GEARCHIVEERD', 'GEANONIMISEERD'];

const hoofdletter = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

type Plicht = Prisma.InformatieplichtGetPayload<{
  include: { betrokkene: { select: { id: true; rol: true } }; casus: { select: { casusnummer: true } } };
}>;

/** Whom a mail is about, without personal data: the role and the start of the person's id. */
function persoonTekst(b: { id: string; rol: BetrokkeneRol } | null): string {
  if (!b || b.rol === 'BETROKKENE') return 'de betrokkene';
  return `${b.rol === 'GEZINSLID' ? 'gezinslid' : 'persoon uit de sociale omgeving'} ${b.id.slice(0, 8)}`;
}

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

  /**
   * The obligations of a casus at a moment and round, one per person, each created once (a person found later gets
   * his then); their term starts on the given day. A casus without any person row still gets one obligation.
   */
  async function maak(
    casusId: string,
    moment: InformatieplichtMoment,
    ronde: number,
    workflowId: string,
    dag: IsoDate,
  ) {
    const personen = await db.betrokkene.findMany({ where: { casusId }, select: { id: true } });
    const termijn = { startdatum: dateColumn(dag), deadline: dateColumn(deadlineVan(moment, dag, policy)) };
    const nieuw = (betrokkeneId: string | null) => ({
      id: randomUUID(),
      casusId,
      moment,
      ronde,
      workflowId,
      betrokkeneId,
      ...termijn,
    });
    if (personen.length > 0) {
      await db.informatieplicht.createMany({ data: personen.map((b) => nieuw(b.id)), skipDuplicates: true });
    } else if ((await db.informatieplicht.count({ where: { casusId, moment, ronde } })) === 0) {
      await db.informatieplicht.create({ data: nieuw(null) });
    }
  }

  /** The obligations a workflow carries, the betrokkene's first. */
  const vanWorkflow = (workflowId: string) =>
    db.informatieplicht.findMany({
      where: { workflowId },
      include: { betrokkene: { select: { id: true, rol: true } }, casus: { select: { casusnummer: true } } },
      orderBy: [{ betrokkene: { rol: 'asc' } }, { betrokkeneId: 'asc' }],
    });

  /**
   * The round a moment starts in: every heropening brings the moments after it again (a new afsluiting and its
   * notice, B2.2.4); the notice of the processing itself is given once. Stable under a retry of the start.
   */
  const rondeVan = async (casusId: string, moment: InformatieplichtMoment): Promise<number> =>
    moment === 'IN_BEHANDELING'
      ? 1
      : 1 + (await db.besluit.count({ where: { casusId, soort: 'HEROPENING', status: 'VASTGESTELD' } }));

  /** One person's step (due, checked by the caller), its mail sent once. */
  async function voerUit(p: Plicht, s: Awaited<ReturnType<typeof stand>>, stap: InformatieplichtStap) {
    const { casusId, moment } = p;
    const nr = p.casus.casusnummer;
    const wie = await verantwoordelijke(db, casusId, moment);
    const persoon = persoonTekst(p.betrokkene);
    // The betrokkene's subjects as before; another person's name his role and id (never personal data).
    const onderwerpVan = `Informatieplicht casus ${nr}${persoon === 'de betrokkene' ? '' : ` (${persoon})`}`;
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
        return eenmaal(s.deadline, mail.ZVH_MAIL_CONTACTPUNT, `${onderwerpVan}: informeren uiterlijk ${s.deadline}`, [
          `Voor casus ${nr} moet ${persoon} worden geïnformeerd: ${momentTekst[moment]} (AVG 14).`,
          `De termijn loopt tot en met ${s.deadline}; informeer in elk geval voordat gegevens aan anderen worden verstrekt.`,
          opdracht,
        ]);
      case 'HERINNEREN':
        return eenmaal(
          s.deadline,
          mail.ZVH_MAIL_CONTACTPUNT,
          `${onderwerpVan}: herinnering, termijn tot en met ${s.deadline}`,
          [
            `${hoofdletter(persoon)} in casus ${nr} is nog niet geïnformeerd over ${momentTekst[moment]}.`,
            `De termijn loopt af op ${s.deadline}.`,
            opdracht,
          ],
        );
      case 'ESCALEREN':
        return eenmaal(
          s.deadline,
          [...mail.ZVH_MAIL_CONTACTPUNT, ...mail.ZVH_MAIL_ESCALATIE],
          `${onderwerpVan}: termijn verstreken op ${s.deadline}`,
          [
            `${hoofdletter(persoon)} in casus ${nr} is niet binnen de termijn geïnformeerd over ${momentTekst[moment]}; de termijn liep af op ${s.deadline}.`,
            `Wilt u zorgen dat ${persoon} alsnog wordt geïnformeerd, of dat uitstel met een grond wordt vastgelegd?`,
            opdracht,
          ],
        );
      case 'HERTOETSEN': {
        const op = s.hertoetsingOp!;
        const uitstel = await laatsteUitstel(db, p.id);
        const maanden = uitstel?.hertoetsingMaanden ?? policy.uitstelHertoetsingMaanden;
        const verwacht = uitstel?.verwachteDatum ? dateOfColumn(uitstel.verwachteDatum) : null;
        const verstuurd = await eenmaal(op, mail.ZVH_MAIL_CONTACTPUNT, `${onderwerpVan}: hertoetsing van het uitstel`, [
          `Het informeren van ${persoon} in casus ${nr} over ${momentTekst[moment]} is uitgesteld${uitstel?.grond ? ` (${uitstelGrondTekst[uitstel.grond as UitstelGrond]})` : ''}.`,
          `Vandaag (${op}) moet worden getoetst of die grond nog geldt. Leg de uitkomst vast: geldt de grond niet meer, dan wordt ${persoon} alsnog geïnformeerd.`,
          `Zonder antwoord volgt over ${maanden} maand(en) een nieuwe vraag.`,
        ]);
        // Asked again each interval until the Contactpunt answers (conditional: a retry advances it only once).
        await db.informatieplicht.updateMany({
          where: { id: p.id, status: 'UITGESTELD', hertoetsingOp: dateColumn(op) },
          data: { hertoetsingOp: dateColumn(hertoetsingNa(op, maanden, verwacht)) },
        });
        return verstuurd;
      }
    }
  }

  return {
    /**
     * Called by the casus workflow when a decision brings an informatieplicht: records it (so the API holds back
     * data at once) and starts its workflow with the worker's client. Idempotent: the workflow id is the key, and a
     * retry finds both there. Not a child workflow, so the casus' history and its end are independent of it.
     */
    async startInformatieplicht({ casusId, moment, nu }: InformatieplichtInput): Promise<void> {
      const ronde = await rondeVan(casusId, moment);
      const workflowId = informatieplichtWorkflowId(casusId, moment, ronde);
      await maak(casusId, moment, ronde, workflowId, dutchCalendarDate(new Date(nu)));
      const input: InformatieplichtWorkflowInput = ronde === 1 ? { casusId, moment } : { casusId, moment, ronde };
      await startEenmaal(db, 'informatieplichtWorkflow', workflowId, [input]);
    },

    /**
     * Loads the obligations of the workflow, one per person, creating those still missing (their term starts on the
     * workflow's day), and what they wait for: the earliest step due of any person. Obligations whose casus is
     * archived, anonymised or gone lapse.
     */
    async laadInformatieplicht(input: InformatieplichtInput): Promise<InformatieplichtContext> {
      const { casusId, moment, nu } = input;
      const ronde = input.ronde ?? 1;
      const workflowId = input.workflowId ?? informatieplichtWorkflowId(casusId, moment, ronde);
      const vandaag = dutchCalendarDate(new Date(nu));
      const historieLimiet = policy.workflowHistorieLimiet;
      const casus = await db.casus.findUnique({ where: { id: casusId }, select: { fase: true, archiefDatum: true } });
      if (!casus || voorbij.includes(casus.fase)) {
        await db.informatieplicht.updateMany({
          where: { workflowId, status: { in: ['OPEN', 'UITGESTELD'] } },
          data: { status: 'VERVALLEN' },
        });
        const plichten = (await vanWorkflow(workflowId)).map((p) => ({ informatieplichtId: p.id, status: p.status }));
        const informatieplichtId = plichten[0]?.informatieplichtId ?? null;
        return { informatieplichtId, status: 'VERVALLEN', deadline: null, volgende: null, historieLimiet, plichten };
      }
      await maak(casusId, moment, ronde, workflowId, vandaag);
      const rijen = await vanWorkflow(workflowId);
      const standen = await Promise.all(rijen.map((p) => stand(p)));
      const stappen = standen.flatMap((s) => volgendeInformatieplichtStap(s, policy) ?? []);
      const stap = stappen.sort((a, b) => compareDates(a.op, b.op))[0];
      const status = gezamenlijkeStatus(rijen.map((p) => p.status));
      // Nothing due by the calendar (escalated, or an uitstel awaiting its answer): look again later, so the
      // workflow ends with its casus at the latest at the archiefdatum.
      const controle = maxDate(
        casus.archiefDatum ? dateOfColumn(casus.archiefDatum) : vandaag,
        addDays(vandaag, policy.legalHoldHercontroleDagen),
      );
      const volgende = stap
        ? { stap: stap.stap, op: dutchDayStart(stap.op).toISOString() }
        : afgerond.includes(status)
          ? null
          : { stap: 'CONTROLEREN' as const, op: dutchDayStart(controle).toISOString() };
      const open = standen.filter((s) => s.status === 'OPEN').map((s) => s.deadline);
      const deadline = open.sort(compareDates)[0] ?? standen[0]?.deadline;
      return {
        informatieplichtId: rijen[0]?.id ?? null,
        status,
        deadline: deadline ? dutchDayStart(addDays(deadline, 1)).toISOString() : null,
        volgende,
        historieLimiet,
        plichten: rijen.map((p) => ({ informatieplichtId: p.id, status: p.status })),
      };
    },

    /**
     * A step that came due, for each person whose obligation it is due for: the Contactpunt hears of the obligation,
     * is reminded, the missed term is escalated, or the ground re-tested.
     */
    async voerInformatieplichtStapUit(
      input: InformatieplichtInput & { stap: InformatieplichtStap },
    ): Promise<{ verstuurd: boolean }> {
      const { casusId, moment, stap } = input;
      const workflowId = input.workflowId ?? informatieplichtWorkflowId(casusId, moment, input.ronde ?? 1);
      const vandaag = dutchCalendarDate(new Date(input.nu));
      let verstuurd = false;
      for (const p of await vanWorkflow(workflowId)) {
        const s = await stand(p);
        const due = volgendeInformatieplichtStap(s, policy);
        // Recorded meanwhile (informed, uitstel, a new term), or another person's step: not the one due here.
        if (due?.stap !== stap || compareDates(due.op, vandaag) > 0) continue;
        if ((await voerUit(p, s, stap)).verstuurd) verstuurd = true;
      }
      return { verstuurd };
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
        // The uitstel in force: this one, or for a confirmation the one before.
        const uitstel = h.soort === 'UITSTEL' ? h : await laatsteUitstel(tx, p.id);
        const effect =
          h.soort === 'VERSTREKT'
            ? { verstrektOp: h.datum, kanaal: h.kanaal, hertoetsingOp: null }
            : h.soort === 'AFZIEN'
              ? { hertoetsingOp: null }
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
                        uitstel?.hertoetsingMaanden ?? policy.uitstelHertoetsingMaanden,
                        uitstel?.verwachteDatum ? dateOfColumn(uitstel.verwachteDatum) : null,
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
