import { Context, log } from '@temporalio/activity';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import { archiveringVanaf, bewaartermijnVerstreken, magVerlengen, type Verlenging } from '../domain/bewaartermijn';
import { afgeslotenFasen, type CasusFase } from '../domain/casus';
import {
  besluitRegels,
  bewaartermijnVan,
  vernietigendeStappen,
  volgendeStap,
  type Betrokkenheid,
  type CasusStand,
  type ProcesActie,
} from '../domain/casusproces';
import { addDays, DAY_MS } from '../domain/dates';
import type { Policy } from '../domain/policy';
import { logAudit, type AuditDb } from '../infra/audit';
import { documenteerVerstrekking } from '../infra/documentatieplicht';
import { dateColumn, dateOfColumn, dutchCalendarDate, dutchDayStart } from '../infra/calendar';
import type { Db } from '../infra/db';
import { heeftLegalHold } from '../infra/legal-hold';
import { evaluatieHerinnering, herinneringVerstuurd, laadWachtendBesluit } from './herinneringen';
import { eersteVervaldatum } from './gegevens';
import { huidigPlan } from './plan';
import { weigerFout } from '../domain/weigeringen';
import { vermeldingGewijzigd } from '../workflows/topx';
import { haalVanLijstMetCasus } from './topx';

/** What the casus workflow needs to know about its casus: ids, phases and dates only (it travels through Temporal). */
export interface CasusContext {
  /** ISO timestamp by which the intake decision is due (policy). */
  intakeDeadline: string;
  /** When a still missing intake decision is escalated (policy). */
  intakeEscalatie: string;
  fase: CasusFase;
  betrokkenheid: Betrokkenheid;
  /** The next step by the calendar, or a re-check while a legal hold postpones archiving. */
  volgende: { stap: ProcesActie | 'LEGAL_HOLD_HERCONTROLE'; op: string } | null;
  /** History length after which the workflow continues as new (policy). */
  historieLimiet: number;
  /** Afspr. 12.2 option 1 (policy): the procesregisseur assesses the criteria on behalf of the overheidsdeelnemers. */
  procesregisseurBeoordeelt?: boolean;
  /**
   * ISO instant the bewaartermijn runs out: the start of the day after the archiefdatum (Dutch midnight). From then
   * on the casus takes no decision but a verlenging. Absent in contexts from before.
   */
  bewaartermijnVerstrijkt?: string;
}

export interface StelBesluitVastInput {
  casusId: string;
  besluitId: string;
  /** The phase the workflow moved the casus to. */
  fase: CasusFase;
  /** When the workflow accepted the besluit (its clock); absent in executions from before issue #3. */
  op?: string;
}

/** The ids and choices a proposed besluit carries besides its outcome (Besluit.gegevens, written by the API). */
export const selectieGegevensSchema = z.object({ deelnemers: z.array(z.string()) });
export const verlengingGegevensSchema = z.object({
  criteriaGeldenNog: z.boolean(),
  grootRisicoOpTerugval: z.boolean(),
  opdrachtVanDeelnemers: z.boolean(),
});

const afwijzingen = [
  { soort: 'INTAKE', uitkomst: 'NIET_IN_BEHANDELING' },
  { soort: 'EINDBEOORDELING', uitkomst: 'NIET_VOLDAAN' },
] as const;

/** A verlenging row as the bewaartermijn engine reads it. */
export const verlengingUitRij = (v: { datum: Date; heropening: Date | null }): Verlenging => ({
  datum: dateOfColumn(v.datum),
  heropening: v.heropening ? dateOfColumn(v.heropening) : null,
});

/** The recorded dates that drive the process (SPEC §5), read from Postgres. */
export async function laadStand(
  db: AuditDb,
  casusId: string,
): Promise<CasusStand & Betrokkenheid & { aanmeldDatum: Date }> {
  const casus = await db.casus.findUniqueOrThrow({
    where: { id: casusId },
    include: {
      verlengingen: { orderBy: { datum: 'asc' } },
      deelnemers: { select: { deelnemerId: true }, orderBy: { deelnemerId: 'asc' } },
      besluiten: { where: { status: 'VASTGESTELD', OR: [...afwijzingen] }, select: { vastgesteldOp: true } },
    },
  });
  const afwijzing = casus.besluiten[0]?.vastgesteldOp;
  const plan = await huidigPlan(db, casusId);
  const evaluatiedatum = plan?.evaluatiedatum ? dateOfColumn(plan.evaluatiedatum) : null;
  const herinnerd =
    evaluatiedatum !== null && (await herinneringVerstuurd(db, casusId, evaluatieHerinnering(evaluatiedatum)));
  return {
    fase: casus.fase,
    aanmeldDatum: casus.aanmeldDatum,
    aanmelddatum: dutchCalendarDate(casus.aanmeldDatum),
    afgewezenOp: afwijzing ? dutchCalendarDate(afwijzing) : null,
    afsluitdatum: casus.afsluitDatum ? dateOfColumn(casus.afsluitDatum) : null,
    verlengingen: casus.verlengingen.map(verlengingUitRij),
    evaluatiedatum: herinnerd ? null : evaluatiedatum,
    wachtendBesluit: await laadWachtendBesluit(db, casusId, casus.fase),
    gegevensVervallenOp: await eersteVervaldatum(db, casusId),
    aanmelderDeelnemerId: casus.aanmelderDeelnemerId,
    geselecteerdeDeelnemers: casus.deelnemers.map((d) => d.deelnemerId),
  };
}

/** Casus activities. Each is idempotent: Temporal may run it again after a crash or timeout. */
export function createCasusActivities(db: Db, policy: Policy) {
  /**
   * Records an accepted besluit and what follows from it, in one transaction: the new phase, the soort's effect
   * (selected deelnemers, afsluitdatum, reopening, verlenging) and the archiefdatum. Returns the instant that
   * archiefdatum begins (Dutch midnight), as the workflow publishes its deadlines.
   */
  async function stelBesluitVast({
    casusId,
    besluitId,
    fase,
    op,
  }: StelBesluitVastInput): Promise<{ archiefdatum: string | null }> {
    const moment = op === undefined ? new Date() : new Date(op);
    const dag = dutchCalendarDate(moment);
    let topxTeWekken: string[] = [];
    const resultaat = await db.$transaction(async (tx) => {
      const besluit = await tx.besluit.findUniqueOrThrow({ where: { id: besluitId } });
      if (besluit.casusId !== casusId) throw new Error(`besluit ${besluitId} does not belong to casus ${casusId}`);
      const nieuw = besluit.status !== 'VASTGESTELD';
      if (nieuw) {
        // Past its archiefdatum (a hold keeps it) a casus only waits, shielded, to be archived; a verlenging is
        // judged by its own rule (magVerlengen). The day itself still counts.
        const { archiefdatum: tot } = bewaartermijnVan(await laadStand(tx, casusId), policy);
        if (besluit.soort !== 'VERLENGING' && bewaartermijnVerstreken(dag, tot)) {
          const reden = `de bewaartermijn liep af op ${tot}; de casus wacht afgeschermd op archivering`;
          throw weigerFout(reden, 'BEWAARTERMIJN_VERSTREKEN');
        }
        const effect = await pasEffectToe(tx, casusId, besluit, dag, moment);
        await tx.besluit.update({ where: { id: besluitId }, data: { status: 'VASTGESTELD', vastgesteldOp: moment } });
        await tx.casus.update({ where: { id: casusId }, data: { fase, ...effect } });
      }
      const { archiefdatum } = bewaartermijnVan(await laadStand(tx, casusId), policy);
      await tx.casus.update({ where: { id: casusId }, data: { archiefDatum: dateColumn(archiefdatum) } });
      // Last: the audit chain's lock is held from the entry to the commit, and every writer of the log waits on it.
      if (nieuw) {
        // Closed or rejected: a TopX placement of this casus is no longer needed (WGS 2.32 lid 4 "meteen").
        if (afgeslotenFasen.includes(fase)) topxTeWekken = await haalVanLijstMetCasus(tx, casusId, besluit, moment);
        const actie = besluitRegels[besluit.soort].actie;
        await logAudit(tx, {
          medewerkerId: besluit.medewerkerId,
          deelnemerId: besluit.deelnemerId,
          actie,
          casusId,
          grondslag: beleid[actie].grondslag,
          uitkomst: 'TOEGESTAAN',
          detail: { besluitId, fase },
        });
      }
      return { archiefdatum: dutchDayStart(archiefdatum).toISOString() };
    });
    // The entries' workflows look again and end; one that misses this finds its entry gone at its next date.
    for (const workflowId of topxTeWekken) {
      await Context.current()
        .client.workflow.getHandle(workflowId)
        .signal(vermeldingGewijzigd)
        .catch(() => log.warn('TopX workflow not signalled after the linked casus closed', { workflowId }));
    }
    return resultaat;
  }

  /** The soort-specific part of accepting a besluit; returns the casus columns it changes. */
  async function pasEffectToe(
    tx: AuditDb,
    casusId: string,
    besluit: {
      id: string;
      deelnemerId: string;
      soort: keyof typeof besluitRegels;
      gegevens: unknown;
      motivering: string | null;
    },
    dag: ReturnType<typeof dutchCalendarDate>,
    moment: Date,
  ) {
    switch (besluit.soort) {
      case 'SELECTIE': {
        const { deelnemers } = selectieGegevensSchema.parse(besluit.gegevens);
        // Judged here, after the Update validator, so that who may select (403) and when (409) come first.
        const bekend = new Set(
          (await tx.deelnemer.findMany({ where: { id: { in: deelnemers }, actief: true }, select: { id: true } })).map(
            (d) => d.id,
          ),
        );
        const onbekend = deelnemers.filter((d) => !bekend.has(d));
        if (onbekend.length > 0)
          throw weigerFout(`geen actieve vaste deelnemer: ${onbekend.join(', ')}`, 'ONBEKENDE_DEELNEMER');
        await tx.casusDeelnemer.createMany({
          data: deelnemers.map((deelnemerId) => ({ casusId, deelnemerId, besluitId: besluit.id })),
          skipDuplicates: true,
        });
        // Wpg 32 / Wjsg 39j: the police and OM items of the triage now reach the selected deelnemers.
        const items = await tx.gegeven.findMany({
          where: {
            casusId,
            categorie: { in: ['POLITIE', 'JUSTITIEEL'] },
            nietVoorCasusoverleg: false,
            verwijderdOp: null,
          },
        });
        await documenteerVerstrekking(tx, items, {
          casusId,
          ontvangers: deelnemers,
          aanvrager: besluit.deelnemerId,
          doel: 'casusoverleg (WGS 2.31 lid 4-6)',
          op: moment,
        });
        return {};
      }
      case 'AFSLUITING':
        return { afsluitDatum: dateColumn(dag) };
      case 'HEROPENING': {
        // Situation 2: a casus extended while closed gets its two extra years from this heropening (003).
        const verlenging = await tx.verlenging.findFirst({ where: { casusId }, orderBy: { datum: 'desc' } });
        if (verlenging?.situatie === 'AFGESLOTEN_RISICO_OP_TERUGVAL' && verlenging.heropening === null) {
          await tx.verlenging.update({
            where: { besluitId: verlenging.besluitId },
            data: { heropening: dateColumn(dag) },
          });
        }
        return { afsluitDatum: null, afgeschermdOp: null };
      }
      case 'OPHEFFING_AFSCHERMING':
        return { afsluitDatum: null, afgeschermdOp: null };
      case 'VERLENGING': {
        const gegevens = verlengingGegevensSchema.parse(besluit.gegevens);
        const stand = await laadStand(tx, casusId);
        // Who provided data: the aanmelder, the deelnemers of the casusoverleg, and every provider of a data item.
        const leveranciers = await tx.gegeven.findMany({
          where: { casusId },
          select: { leverancierDeelnemerId: true },
          distinct: ['leverancierDeelnemerId'],
        });
        // Each deelnemer's own agreement, given through POST …/verlengingsakkoorden (not typed in by the decider).
        const akkoorden = await tx.verlengingsakkoord.findMany({ where: { casusId }, orderBy: { deelnemerId: 'asc' } });
        const akkoordVan = akkoorden.map((a) => a.deelnemerId);
        const oordeel = magVerlengen({
          ...stand,
          verlengingen: [...stand.verlengingen],
          inzageTermijnJaren: policy.inzageTermijnJaren,
          datum: dag,
          reden: besluit.motivering ?? '',
          aanleverendeDeelnemers: [
            stand.aanmelderDeelnemerId,
            ...stand.geselecteerdeDeelnemers,
            ...leveranciers.map((l) => l.leverancierDeelnemerId),
          ],
          ...gegevens,
          akkoordVan,
        });
        if (!oordeel.toegestaan) throw weigerFout(oordeel.reden, 'VERLENGING_GEWEIGERD');
        await tx.verlenging.create({
          data: { besluitId: besluit.id, casusId, datum: dateColumn(dag), situatie: oordeel.situatie, akkoordVan },
        });
        // Used up: the next verlenging needs agreements of its own.
        await tx.verlengingsakkoord.deleteMany({ where: { casusId } });
        return {};
      }
      default:
        return {};
    }
  }

  return {
    /** `nu`: the workflow's clock, for judging whether a step is due (absent in executions from before issue #3). */
    async laadCasusContext(casusId: string, nu?: string): Promise<CasusContext> {
      const stand = await laadStand(db, casusId);
      const stap = volgendeStap(stand, policy);
      let volgende: CasusContext['volgende'] = stap && { stap: stap.actie, op: dutchDayStart(stap.op).toISOString() };
      const tijd = nu === undefined ? new Date() : new Date(nu);
      const vernietigt = volgende !== null && (vernietigendeStappen as readonly string[]).includes(volgende.stap);
      if (volgende && vernietigt && Date.parse(volgende.op) <= tijd.getTime() && (await heeftLegalHold(db, casusId))) {
        // SPEC §5 moratorium: nothing is destroyed or anonymised while a hold covers the casus; it waits and re-checks.
        volgende = {
          stap: 'LEGAL_HOLD_HERCONTROLE',
          op: dutchDayStart(addDays(dutchCalendarDate(tijd), policy.legalHoldHercontroleDagen)).toISOString(),
        };
      }
      const intakeDeadline = stand.aanmeldDatum.getTime() + policy.intakeTermijnDagen * DAY_MS;
      return {
        intakeDeadline: new Date(intakeDeadline).toISOString(),
        intakeEscalatie: new Date(intakeDeadline + policy.escalatieDagen * DAY_MS).toISOString(),
        fase: stand.fase,
        betrokkenheid: {
          aanmelderDeelnemerId: stand.aanmelderDeelnemerId,
          geselecteerdeDeelnemers: stand.geselecteerdeDeelnemers,
          leveranciers: await leveranciersVan(db, casusId),
        },
        volgende,
        historieLimiet: policy.workflowHistorieLimiet,
        procesregisseurBeoordeelt: policy.procesregisseurBeoordeelt,
        bewaartermijnVerstrijkt: dutchDayStart(
          archiveringVanaf(bewaartermijnVan(stand, policy).archiefdatum),
        ).toISOString(),
      };
    },

    stelBesluitVast,
    /** The intake's activity name in histories from before the other decisions existed; same implementation. */
    stelIntakeBesluitVast: stelBesluitVast,
  };
}

/** The deelnemers asked for data items in the triage or that provided some (relation LEVERANCIER). */
async function leveranciersVan(db: Db, casusId: string): Promise<string[]> {
  const [gevraagd, geleverd] = await Promise.all([
    db.informatieverzoek.findMany({
      where: { casusId },
      select: { aanDeelnemerId: true },
      distinct: ['aanDeelnemerId'],
    }),
    db.gegeven.findMany({
      where: { casusId },
      select: { leverancierDeelnemerId: true },
      distinct: ['leverancierDeelnemerId'],
    }),
  ]);
  return [...new Set([...gevraagd.map((v) => v.aanDeelnemerId), ...geleverd.map((g) => g.leverancierDeelnemerId)])];
}

export type CasusActivities = ReturnType<typeof createCasusActivities>;
