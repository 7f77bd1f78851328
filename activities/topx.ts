import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { criteriumRows } from '../infra/criteria';
import { casusWorkflowId, casusWorkflowStart, type CasusWorkflowInput } from '../workflows/casus';
import { topxWorkflowId } from '../workflows/topx';
import { vergeetAntwoordenOver } from '../infra/idempotentie';
import { registreerWorkflowStart, startGeregistreerd } from '../infra/workflow-start';
import { zvhFase } from '../workflows/search-attributes';
import { startEenmaal } from './start-workflow';
import { beleid, type Actie } from '../domain/autorisatie';
import { actieveFasen, afgeslotenFasen, criteriaSchema, type CasusFase } from '../domain/casus';
import { archiveringVanaf, bewaartermijnVerstreken, maximumBewaartermijn } from '../domain/bewaartermijn';
import type { IsoDate } from '../domain/dates';
import { weigerFout } from '../domain/weigeringen';
import type { Policy } from '../domain/policy';
import {
  criteriaLijstSchema,
  geldendeVersie,
  redenVanReview,
  reviewEscalatieDatum,
  toetsingDatum,
  volgendeReviewDatum,
  type TopxFase,
  type TopxReviewStand,
  type TopxStap,
  type TopxVerwijderReden,
} from '../domain/topx';
import type { Prisma } from '../generated/prisma/client';
import { logAudit, type AuditDb } from '../infra/audit';
import { dateColumn, dateOfColumn, dutchCalendarDate, dutchDayStart } from '../infra/calendar';
import type { Db } from '../infra/db';
import type { MailConfig, Mailer } from '../infra/mail';
import type { MeldDeelnemer } from './deelnemer-melding';
import { GEEN_PERSOONSGEGEVENS, herinneringVerstuurd, verstuurEenmaal } from './herinneringen';
import { API_BASISPAD } from '../infra/api-versie';
import { volgnummer } from '../infra/volgnummer';

/** What the entry's workflow needs to know: enums, flags and dates only (it travels through Temporal). */
export interface TopxContext {
  fase: TopxFase;
  /** The pending review of a placed entry: when it is due and escalated, and what was sent about it. */
  review: TopxReviewStand | null;
  /** A newer criteria version is in force than the one the entry was last judged under: its review re-tests. */
  hertoetsen: boolean;
  /** The casus the placement started or linked. */
  casusId: string | null;
  /** History length after which the workflow continues as new (policy). */
  historieLimiet: number;
  /**
   * ISO instant the entry's bewaartermijn runs out (registration + 5 years, the day after; domain/bewaartermijn.ts):
   * its personal data goes then, whatever else it waits for. Absent in contexts from before.
   */
  bewaartermijnVerstrijkt?: string;
}

export interface TopxBesluitInput {
  vermeldingId: string;
  besluitId: string;
  /** The workflow's clock (ISO), so the time-skipping tests record the process' own time. */
  op: string;
}

/** The audit action of the review mails (send-once: the log is the record). */
const BERICHT = 'topx.herinnering';
const reviewSleutel = (vermeldingId: string, stap: TopxStap, datum: string) => ({ vermeldingId, stap, datum });

/** A casus the person already has and that is still open: placement links it instead of starting another. */
const openFasen: CasusFase[] = actieveFasen.filter((f) => !afgeslotenFasen.includes(f));
/**
 * A linked casus whose intake or final assessment is still open: placement is refused (409) until its own process
 * decides (docs/topx.md "Placement and the linked casus").
 */
const inBeoordeling: readonly CasusFase[] = ['AANMELDING', 'TRIAGE'];

/** The first instant the entry's personal data may no longer be there: registration + 5 years, the day after. */
const bewaartermijnEinde = (aangemeldOp: Date): IsoDate =>
  archiveringVanaf(maximumBewaartermijn(dutchCalendarDate(aangemeldOp)));

const DOOR_TOPX = 'Plaatsing op een lijst met geprioriteerde casussen (WGS 2.32 lid 2)';

const log = (
  tx: AuditDb,
  door: { medewerkerId: string; deelnemerId: string },
  actie: Actie,
  casusId: string | null,
  detail: Prisma.InputJsonValue,
) =>
  logAudit(tx, {
    medewerkerId: door.medewerkerId,
    deelnemerId: door.deelnemerId,
    actie,
    casusId,
    grondslag: beleid[actie].grondslag,
    uitkomst: 'TOEGESTAAN',
    detail,
  });

/** The criteria versions of a list as the rules need them. */
export async function laadVersies(db: AuditDb, lijstId: string) {
  const rijen = await db.topxCriteriaVersie.findMany({ where: { lijstId }, orderBy: { versie: 'asc' } });
  return rijen.map((v) => ({
    id: v.id,
    versie: v.versie,
    ingangsdatum: dateOfColumn(v.ingangsdatum),
    gepubliceerdOp: v.gepubliceerdOp?.toISOString() ?? null,
    toelichting: v.toelichting,
    criteria: criteriaLijstSchema.parse(v.criteria),
  }));
}

/**
 * Takes an entry off the list at once (WGS 2.32 lid 4): the person's data, the requests and their answers and the
 * decisions' texts go; the row keeps the dates and the reason, for the management figures. The casus it started
 * is not touched: it is closed, in time, by its own process (SPEC §3 step 7).
 */
async function verwijderVanLijst(
  tx: Prisma.TransactionClient,
  vermeldingId: string,
  reden: TopxVerwijderReden,
  moment: Date,
) {
  await tx.topxInformatieverzoek.deleteMany({ where: { vermeldingId } });
  await tx.topxBesluit.deleteMany({ where: { vermeldingId } });
  await vergeetAntwoordenOver(tx, vermeldingId);
  await tx.topxVermelding.update({
    where: { id: vermeldingId },
    data: {
      fase: 'VERWIJDERD',
      verwijderdOp: moment,
      verwijderReden: reden,
      voornamen: null,
      achternaam: null,
      geboortedatum: null,
      bsn: null,
      toelichting: null,
      casusId: null,
      volgendeReviewOp: null,
    },
  });
}

/**
 * The linked casus was closed or rejected (WGS 2.32 lid 4: placement no longer needed): its placed entries leave the
 * list at once, in the transaction of that decision, logged as the decider's. Returns the workflows to wake.
 */
export async function haalVanLijstMetCasus(
  tx: Prisma.TransactionClient,
  casusId: string,
  door: { medewerkerId: string; deelnemerId: string },
  moment: Date,
): Promise<string[]> {
  const vermeldingen = await tx.topxVermelding.findMany({
    where: { casusId, fase: 'GEPLAATST' },
    select: { id: true, lijstId: true },
  });
  for (const { id } of vermeldingen) {
    await verwijderVanLijst(tx, id, 'CASUS_AFGESLOTEN', moment);
    await log(tx, door, 'topx.beslissen', casusId, { vermeldingId: id, reden: 'CASUS_AFGESLOTEN' });
  }
  return vermeldingen.map((v) => topxWorkflowId(v.lijstId, v.id));
}

/**
 * Placement (SPEC §3 step 5): the person's open casus is linked, or a casus is registered for the person with the
 * deciding overheidsdeelnemer as aanmelder, the toetsing as its final criteria assessment, in SELECTIE_DEELNEMERS,
 * so the casus workflow (started by the entry's workflow) takes it on from there (steps 3–6 of the casus process).
 */
async function plaats(
  tx: Prisma.TransactionClient,
  v: {
    id: string;
    aangemeldOp: Date;
    voornamen: string | null;
    achternaam: string | null;
    geboortedatum: Date | null;
    bsn: string | null;
  },
  b: { id: string; medewerkerId: string; deelnemerId: string; motivering: string; bgsCriteria: unknown },
  moment: Date,
) {
  const persoon = v.bsn
    ? { bsn: v.bsn }
    : v.geboortedatum && v.achternaam
      ? { achternaam: { equals: v.achternaam, mode: 'insensitive' as const }, geboortedatum: v.geboortedatum }
      : null;
  const bestaand =
    persoon &&
    (await tx.casus.findFirst({
      where: { fase: { in: openFasen }, betrokkenen: { some: { rol: 'BETROKKENE', ...persoon } } },
      orderBy: { aanmeldDatum: 'desc' },
      select: { id: true, fase: true },
    }));
  if (bestaand && inBeoordeling.includes(bestaand.fase)) {
    const reden =
      'de persoon heeft een casus waarover de intake of de eindbeoordeling nog loopt; ' +
      'plaats pas als die casus in behandeling is';
    throw weigerFout(reden, 'CASUS_IN_BEOORDELING');
  }
  if (bestaand) return { casusId: bestaand.id, gekoppeld: true };
  const casusId = randomUUID();
  const eindbeoordelingId = randomUUID();
  await tx.casus.create({
    data: {
      id: casusId,
      casusnummer: await volgnummer(tx, 'ZVH', moment),
      fase: 'SELECTIE_DEELNEMERS',
      aanmelderDeelnemerId: b.deelnemerId,
      aanmelderMedewerkerId: b.medewerkerId,
      wettelijkeTaak: DOOR_TOPX,
      // The person's data was first processed when entered as a candidate: the bewaartermijn runs from there.
      aanmeldDatum: v.aangemeldOp,
      betrokkenen: {
        create: [
          {
            id: randomUUID(),
            rol: 'BETROKKENE',
            voornamen: v.voornamen,
            achternaam: v.achternaam,
            geboortedatum: v.geboortedatum,
            bsn: v.bsn,
          },
        ],
      },
      // The deciding medewerker, as aanmelder, is designated for the casus at once (need-to-know per medewerker).
      aanwijzingen: { create: [{ medewerkerId: b.medewerkerId }] },
    },
  });
  // The toetsing is the casus' final criteria assessment (BGS 2.20 lid 3): the casus process reads it as such.
  await tx.besluit.create({
    data: {
      id: eindbeoordelingId,
      casusId,
      soort: 'EINDBEOORDELING',
      uitkomst: 'VOLDAAN',
      status: 'VASTGESTELD',
      motivering: b.motivering,
      medewerkerId: b.medewerkerId,
      deelnemerId: b.deelnemerId,
      vastgesteldOp: moment,
    },
  });
  await tx.criteriumBeoordeling.createMany({
    data: criteriumRows(criteriaSchema.parse(b.bgsCriteria), 'EINDBEOORDELING', casusId, eindbeoordelingId),
  });
  await registreerWorkflowStart(tx, casusWorkflowStart(casusId, 'SELECTIE_DEELNEMERS'));
  return { casusId, gekoppeld: false };
}

/** The TopX process' database work and mail. Each activity is idempotent: Temporal may run it again. */
export function createTopxActivities(
  db: Db,
  policy: Policy,
  mailer: Mailer,
  mail: Pick<MailConfig, 'ZVH_MAIL_BESLUITVORMING' | 'ZVH_MAIL_ESCALATIE'>,
  meldDeelnemer: MeldDeelnemer,
) {
  /** What an entry waits for and when: a candidate its toetsing, a placed entry its review; and what was sent about it. */
  const termijnVan = (v: {
    fase: TopxFase;
    aangemeldOp: Date;
    volgendeReviewOp: Date | null;
  }): { soort: 'REVIEW' | 'TOETSING'; datum: IsoDate } | null =>
    v.fase === 'KANDIDAAT'
      ? { soort: 'TOETSING', datum: toetsingDatum(dutchCalendarDate(v.aangemeldOp), policy) }
      : v.fase === 'GEPLAATST' && v.volgendeReviewOp
        ? { soort: 'REVIEW', datum: dateOfColumn(v.volgendeReviewOp) }
        : null;
  const termijnStand = async (
    vermeldingId: string,
    termijn: { soort: 'REVIEW' | 'TOETSING'; datum: IsoDate } | null,
  ): Promise<TopxReviewStand | null> => {
    if (termijn === null) return null;
    const { soort, datum } = termijn;
    const escalatie = reviewEscalatieDatum(datum, policy);
    const verstuurd = (stap: TopxStap) =>
      herinneringVerstuurd(db, null, reviewSleutel(vermeldingId, stap, datum), BERICHT);
    return {
      soort,
      op: dutchDayStart(datum).toISOString(),
      escalatieOp: dutchDayStart(escalatie).toISOString(),
      gevraagd: await verstuurd(`${soort}_VRAGEN`),
      geescaleerd: await verstuurd(`${soort}_ESCALEREN`),
    };
  };

  return {
    /** `nu`: the workflow's clock, for the version in force. A rejected entry is gone: AFGEWEZEN. */
    async laadTopxContext({ vermeldingId, nu }: { vermeldingId: string; nu: string }): Promise<TopxContext> {
      const v = await db.topxVermelding.findUnique({
        where: { id: vermeldingId },
        select: {
          fase: true,
          lijstId: true,
          criteriaVersieId: true,
          aangemeldOp: true,
          volgendeReviewOp: true,
          casusId: true,
        },
      });
      if (!v)
        return {
          fase: 'AFGEWEZEN',
          review: null,
          hertoetsen: false,
          casusId: null,
          historieLimiet: policy.workflowHistorieLimiet,
        };
      const geldend = geldendeVersie(await laadVersies(db, v.lijstId), dutchCalendarDate(new Date(nu)));
      return {
        fase: v.fase,
        review: await termijnStand(vermeldingId, termijnVan(v)),
        hertoetsen: v.fase === 'GEPLAATST' && geldend !== null && geldend.id !== v.criteriaVersieId,
        casusId: v.casusId,
        historieLimiet: policy.workflowHistorieLimiet,
        bewaartermijnVerstrijkt: dutchDayStart(bewaartermijnEinde(v.aangemeldOp)).toISOString(),
      };
    },

    /**
     * The entry's own bewaartermijn (WGS 1.8 lid 7, the casus' engine): from the day after registration + 5 years its
     * personal data goes, as at any removal, logged. `nu`: the workflow's clock. Idempotent; early, it does nothing.
     */
    async verwijderNaBewaartermijn({ vermeldingId, nu }: { vermeldingId: string; nu: string }): Promise<void> {
      const moment = new Date(nu);
      await db.$transaction(async (tx) => {
        const v = await tx.topxVermelding.findUnique({ where: { id: vermeldingId } });
        if (!v || v.fase === 'VERWIJDERD') return;
        if (!bewaartermijnVerstreken(dutchCalendarDate(moment), maximumBewaartermijn(dutchCalendarDate(v.aangemeldOp))))
          return;
        await verwijderVanLijst(tx, vermeldingId, 'BEWAARTERMIJN_VERSTREKEN', moment);
        await logAudit(tx, {
          medewerkerId: null,
          deelnemerId: null,
          actie: 'topx.beslissen',
          casusId: v.casusId,
          grondslag: 'WGS 1.8 lid 7; WGS 2.32 lid 4',
          uitkomst: 'TOEGESTAAN',
          detail: { vermeldingId, reden: 'BEWAARTERMIJN_VERSTREKEN' },
        });
      });
    },

    /**
     * Accepts a data request the workflow allowed (idempotent) and logs it; the deelnemer asked is notified through
     * its koppeling (no personal data: the list and entry numbers, and where to answer), once.
     */
    async stelTopxVerzoekVast({ verzoekId }: { verzoekId: string }): Promise<void> {
      const r = await db.$transaction(async (tx) => {
        const { count } = await tx.topxInformatieverzoek.updateMany({
          where: { id: verzoekId, status: 'VOORGESTELD' },
          data: { status: 'VASTGESTELD' },
        });
        const verzoek = await tx.topxInformatieverzoek.findUniqueOrThrow({
          where: { id: verzoekId },
          include: { vermelding: { select: { nummer: true } } },
        });
        if (count > 0)
          await log(tx, verzoek, 'topx.gegevens.vragen', null, {
            vermeldingId: verzoek.vermeldingId,
            verzoekId,
            aanDeelnemerId: verzoek.aanDeelnemerId,
          });
        return verzoek;
      });
      if (r.status !== 'VASTGESTELD') return;
      const pad = `${API_BASISPAD}/topx-informatieverzoeken/${verzoekId}`;
      await meldDeelnemer(
        r.aanDeelnemerId,
        {
          casusId: null,
          sleutel: { soort: 'TOPX_INFORMATIEVERZOEK', verzoekId },
          actie: 'topx.gegevens.vragen',
          grondslag: beleid['topx.gegevens.vragen'].grondslag,
        },
        {
          soort: 'TOPX_INFORMATIEVERZOEK',
          kenmerk: r.vermelding.nummer,
          onderwerp: `Informatieverzoek TopX-vermelding ${r.vermelding.nummer}`,
          tekst: [
            `Het Zorg- en Veiligheidshuis vraagt uw organisatie om informatie voor de toetsing van TopX-vermelding ${r.vermelding.nummer} (artikel 2.32 Wgs).`,
            `Bekijk en beantwoord het verzoek na inloggen: GET ${pad}`,
            '',
            GEEN_PERSOONSGEGEVENS,
          ].join('\n'),
          messageId: `<topx.informatieverzoek.${verzoekId}@zvh-wgs>`,
        },
      );
    },

    /**
     * The casus workflow of a placed entry's casus, taking it on from SELECTIE_DEELNEMERS as it does an imported one;
     * independent of this entry (removal from the list does not close the casus). A linked casus already has one.
     */
    async startGeplaatsteCasus({ casusId }: { casusId: string }): Promise<void> {
      const { client, info } = Context.current();
      if (await startGeregistreerd(db, client, info.taskQueue, casusWorkflowId(casusId))) return;
      // Placed before the outbox existed, or confirmed already: starting it once more is harmless.
      const input: CasusWorkflowInput = { casusId };
      const fase = [{ key: zvhFase, value: 'SELECTIE_DEELNEMERS' }];
      await startEenmaal(db, 'casusWorkflow', casusWorkflowId(casusId), [input], fase);
    },

    /**
     * Accepts a decision and applies it in one transaction: a rejection deletes the entry with all its personal data
     * at once (WGS 2.32 lid 4, "zo snel mogelijk"); a placement starts or links the casus; a confirmation sets the
     * next review; a "no longer meets" review or a removal takes the entry off the list. Idempotent: a retry finds
     * the decision applied (or the entry gone) and returns where the entry stands.
     */
    async verwerkTopxBesluit({
      vermeldingId,
      besluitId,
      op,
    }: TopxBesluitInput): Promise<{ fase: TopxFase; casusId: string | null }> {
      const moment = new Date(op);
      return db.$transaction(async (tx) => {
        const v = await tx.topxVermelding.findUnique({ where: { id: vermeldingId } });
        if (!v) return { fase: 'AFGEWEZEN' as const, casusId: null };
        const b = await tx.topxBesluit.findUnique({ where: { id: besluitId } });
        if (!b || b.vermeldingId !== vermeldingId || b.status !== 'VOORGESTELD')
          return { fase: v.fase, casusId: v.casusId };
        const detail = { vermeldingId, besluitId, soort: b.soort, uitkomst: b.uitkomst };
        if (b.soort === 'TOETSING' && b.uitkomst === 'AFWIJZEN') {
          await tx.topxVermelding.delete({ where: { id: vermeldingId } }); // requests, answers and decisions cascade
          await vergeetAntwoordenOver(tx, vermeldingId);
          await log(tx, b, 'topx.beslissen', null, { ...detail, verwijderd: true });
          return { fase: 'AFGEWEZEN' as const, casusId: null };
        }
        const vandaag = dutchCalendarDate(moment);
        const volgendeReviewOp = dateColumn(volgendeReviewDatum(vandaag, policy));
        await tx.topxBesluit.update({
          where: { id: besluitId },
          data: { status: 'VASTGESTELD', vastgesteldOp: moment },
        });
        if (b.soort === 'TOETSING') {
          const { casusId, gekoppeld } = await plaats(tx, v, b, moment);
          await tx.topxVermelding.update({
            where: { id: vermeldingId },
            data: {
              fase: 'GEPLAATST',
              geplaatstOp: moment,
              casusId,
              criteriaVersieId: b.criteriaVersieId ?? v.criteriaVersieId,
              volgendeReviewOp,
            },
          });
          await log(tx, b, 'topx.beslissen', casusId, { ...detail, gekoppeld });
          return { fase: 'GEPLAATST' as const, casusId };
        }
        if (b.soort === 'REVIEW' && b.uitkomst === 'BEVESTIGD') {
          await tx.topxVermelding.update({
            where: { id: vermeldingId },
            data: { criteriaVersieId: b.criteriaVersieId ?? v.criteriaVersieId, volgendeReviewOp },
          });
          await log(tx, b, 'topx.beslissen', v.casusId, detail);
          return { fase: 'GEPLAATST' as const, casusId: v.casusId };
        }
        const reden: TopxVerwijderReden =
          b.soort === 'REVIEW'
            ? redenVanReview(v.criteriaVersieId, b.criteriaVersieId ?? v.criteriaVersieId)
            : 'NIET_MEER_NODIG';
        await verwijderVanLijst(tx, vermeldingId, reden, moment);
        await log(tx, b, 'topx.beslissen', v.casusId, { ...detail, reden });
        return { fase: 'VERWIJDERD' as const, casusId: null };
      });
    },

    /**
     * At the date the overheidsdeelnemers are asked for a candidate's toetsing, or a placed entry's confirmation or
     * removal; later the netwerkmanager hears it still waits.
     */
    async stuurTopxReviewBericht({
      vermeldingId,
      stap,
      nu,
    }: {
      vermeldingId: string;
      stap: TopxStap;
      nu: string;
    }): Promise<{ verstuurd: boolean }> {
      const v = await db.topxVermelding.findUnique({
        where: { id: vermeldingId },
        include: { lijst: { select: { naam: true, id: true } } },
      });
      const termijn = v && termijnVan(v);
      if (!v || !termijn || !stap.startsWith(termijn.soort)) return { verstuurd: false }; // decided meanwhile
      const { datum } = termijn;
      const escalatie = stap.endsWith('_ESCALEREN');
      const lijst = `TopX-lijst "${v.lijst.naam}"`;
      const wat =
        termijn.soort === 'TOETSING'
          ? [
              `Vermelding ${v.nummer} is op ${dutchCalendarDate(v.aangemeldOp)} als kandidaat voor de ${lijst} aangemeld.`,
              `Uiterlijk ${datum} toetsen de overheidsdeelnemers haar aan de objectieve criteria en aan de criteria van artikel 2.20 BGS; wie niet voldoet, gaat met al haar gegevens meteen van de lijst (artikel 2.32 WGS).`,
            ]
          : [
              `Vermelding ${v.nummer} staat sinds ${dutchCalendarDate(v.geplaatstOp ?? v.aangemeldOp)} op de ${lijst}.`,
              `Uiterlijk ${datum} bevestigen de overheidsdeelnemers dat zij nog voldoet aan de objectieve criteria en aan de criteria van artikel 2.20 BGS, of verwijderen zij haar meteen van de lijst (artikel 2.32 lid 4 WGS).`,
            ];
      const geldend =
        termijn.soort === 'REVIEW'
          ? geldendeVersie(await laadVersies(db, v.lijstId), dutchCalendarDate(new Date(nu)))
          : null;
      const naam = termijn.soort === 'TOETSING' ? 'toetsing' : 'review';
      return verstuurEenmaal(
        db,
        mailer,
        {
          casusId: null,
          sleutel: reviewSleutel(vermeldingId, stap, datum),
          actie: BERICHT,
          grondslag: beleid['topx.beslissen'].grondslag,
        },
        {
          aan: escalatie ? mail.ZVH_MAIL_ESCALATIE : mail.ZVH_MAIL_BESLUITVORMING,
          onderwerp: escalatie
            ? `Escalatie: ${naam} van vermelding ${v.nummer} op ${lijst} blijft uit`
            : `${naam === 'review' ? 'Review' : 'Toetsing'} vermelding ${v.nummer} op ${lijst}`,
          tekst: [
            ...wat,
            ...(geldend && geldend.id !== v.criteriaVersieId
              ? [`Sinds de vorige toetsing geldt criteriaversie ${geldend.versie}: toets aan die versie.`]
              : []),
            ...(escalatie
              ? [`Na het verzoek is de ${naam} uitgebleven; wilt u zorgen dat de overheidsdeelnemers besluiten?`]
              : []),
            '',
            GEEN_PERSOONSGEGEVENS,
          ].join('\n'),
          messageId: `<topx.${stap.toLowerCase()}.${vermeldingId}.${datum}@zvh-wgs>`,
        },
      );
    },
  };
}

export type TopxActivities = ReturnType<typeof createTopxActivities>;
