import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { beoordeel } from '../domain/autorisatie';
import type { Actor, CasusFase, IntakeBesluit } from '../domain/casus';
import {
  besluitRegels,
  faseNaBesluit,
  relatieTot,
  vernietigendeStappen,
  type BesluitSoort,
} from '../domain/casusproces';
import { informatieplichtNa } from '../domain/informatieplicht';
import { isWeigercode, weigerFout, weigercodes, type Weigercode } from '../domain/weigeringen';
import type { CasusActivities, CasusContext } from '../activities/casus';
import type { ArchiefActivities } from '../activities/archief';
import type { GegevensActivities } from '../activities/gegevens';
import type { HerinneringActivities } from '../activities/herinneringen';
import type { InformatieplichtActivities } from '../activities/informatieplicht';
import { publiceerStand } from './stand';

// Everything that crosses into Temporal is an id, an enum or a date: personal data stays in Postgres.
export interface CasusWorkflowInput {
  casusId: string;
  /**
   * Set by continue-as-new: the casus is past its intake and this is what the previous run knew, so the validators
   * judge decisions that arrive before the first reload exactly as before. Postgres holds the rest.
   */
  voortgezetMet?: CasusContext;
}

export interface CasusStatus {
  casusId: string;
  fase: CasusFase;
  /** ISO timestamp of the next legal or policy deadline, if any. */
  volgendeDeadline: string | null;
  /** What happens at that deadline (absent before the intake). */
  volgendeStap?: NonNullable<CasusContext['volgende']>['stap'] | null;
}

export interface IntakeBesluitUpdate {
  /** The besluit as stored (VOORGESTELD) by the API; the workflow accepts or refuses it. */
  besluitId: string;
  actor: Actor;
  uitkomst: IntakeBesluit['uitkomst'];
}

export interface BesluitUpdate {
  besluitId: string;
  actor: Actor;
  soort: BesluitSoort;
  uitkomst: string;
}

export const casusWorkflowId = (casusId: string): string => `casus-${casusId}`;

/** The outbox entry of a casus' workflow (infra/workflow-start.ts), in `fase` from its start. */
export const casusWorkflowStart = (casusId: string, fase: CasusFase) => ({
  workflowId: casusWorkflowId(casusId),
  workflowType: 'casusWorkflow',
  input: { casusId },
  fase,
});

export const intakeBesluit = defineUpdate<CasusStatus, [IntakeBesluitUpdate]>('intakeBesluit');
/** Every decision after the intake (domain/casusproces.ts besluitRegels). */
export const besluit = defineUpdate<CasusStatus, [BesluitUpdate]>('besluit');
/** A legal hold on this casus or a global one was lifted or set: look again (SPEC §5). */
export const legalHoldGewijzigd = defineSignal('legalHoldGewijzigd');
/** Something recorded outside a decision may move a date (e.g. a data item with its own term): look again. */
export const standGewijzigd = defineSignal('standGewijzigd');
export const casusStatus = defineQuery<CasusStatus>('casusStatus');

/** The process after intake (issue #3); executions started before it rest after their intake. */
const CASUS_PROCES_PATCH = 'casus-proces-na-intake';
/** Reminder and escalation when the intake decision waits past its deadline. */
const INTAKE_HERINNERING_PATCH = 'intake-herinnering';
/** Decisions that change what the betrokkene must be told start an informatieplicht (SPEC §4). */
const INFORMATIEPLICHT_PATCH = 'informatieplicht';
/** An aanmelding never decided leaves the intake wait at the end of its bewaartermijn, to be archived (issue 14). */
const AANMELDING_BEWAARTERMIJN_PATCH = 'aanmelding-bewaartermijn';
/** A refused intake decision leaves the casus in AANMELDING instead of the phase it would have moved to. */
const INTAKE_WEIGERING_PATCH = 'intake-weigering-herstelt-fase';
/**
 * Before archiving or destroying at a date announced earlier, look again: the date may have moved since it was
 * announced (a decision, or archiving moved from the archiefdatum to the day after it, issue 14).
 */
const HERCONTROLE_VOOR_VERNIETIGEN_PATCH = 'hercontrole-voor-vernietigen';

const activities = proxyActivities<
  CasusActivities &
    ArchiefActivities &
    HerinneringActivities &
    GegevensActivities &
    Pick<InformatieplichtActivities, 'startInformatieplicht'>
>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: weigercodes },
});

const statusVan = (casusId: string, context: CasusContext): CasusStatus => ({
  casusId,
  fase: context.fase,
  volgendeDeadline: context.volgende?.op ?? null,
  volgendeStap: context.volgende?.stap ?? null,
});

/**
 * Starts the informatieplicht a decision brings (issue #5): an activity records it and starts its own workflow
 * `informatieplicht-<casusId>-<moment>` (retried until done; the id makes it idempotent), which outlives this run.
 * One per casus and moment: a later plan van aanpak or a second afsluiting finds it already there.
 */
async function startInformatieplicht(casusId: string, soort: BesluitSoort, uitkomst: string): Promise<void> {
  const moment = informatieplichtNa(soort, uitkomst);
  if (moment === null || !patched(INFORMATIEPLICHT_PATCH)) return;
  await activities.startInformatieplicht({ casusId, moment, nu: new Date().toISOString() });
}

/** The business refusal an activity failed with (domain/weigeringen.ts), if that is why it failed. */
function weigeringVan(fout: unknown): { message: string; code: Weigercode } | undefined {
  const oorzaak = fout instanceof ActivityFailure ? fout.cause : undefined;
  if (!(oorzaak instanceof ApplicationFailure) || !isWeigercode(oorzaak.type)) return undefined;
  return { message: oorzaak.message, code: oorzaak.type };
}

/** At the intake deadline the deciders are reminded, at the escalation date the netwerkmanager; a decision ends it. */
async function herinnerAanIntake(casusId: string, context: CasusContext, besloten: () => boolean): Promise<void> {
  const stappen = [
    { niveau: 'HERINNERING', op: context.intakeDeadline },
    { niveau: 'ESCALATIE', op: context.intakeEscalatie },
  ] as const;
  for (const { niveau, op } of stappen) {
    const wacht = Date.parse(op) - Date.now();
    if (wacht > 0 && (await condition(besloten, wacht))) return;
    if (besloten()) return;
    await activities.stuurIntakeHerinnering({ casusId, niveau, deadline: context.intakeDeadline });
  }
}

export async function casusWorkflow({ casusId, voortgezetMet }: CasusWorkflowInput): Promise<CasusStatus> {
  let context: CasusContext | undefined = voortgezetMet;
  let status: CasusStatus = context
    ? statusVan(casusId, context)
    : { casusId, fase: 'AANMELDING', volgendeDeadline: null };
  let gewekt = false;
  /** Decision handlers in flight: each has moved the phase before its activity committed it. */
  let lopend = 0;

  const publish = (next: CasusStatus): CasusStatus => {
    status = next;
    publiceerStand(next.fase, next.volgendeDeadline, next.volgendeStap);
    return next;
  };
  const herlaad = async (): Promise<CasusStatus> => {
    const geladen = await activities.laadCasusContext(casusId, new Date().toISOString());
    context = geladen;
    // A reload that read Postgres before an in-flight decision committed must not move the phase back: the
    // validators would then let a concurrent second decision through.
    const geladenStatus = statusVan(casusId, geladen);
    return publish(lopend > 0 ? { ...geladenStatus, fase: status.fase } : geladenStatus);
  };

  /** Update validator: who may take this decision in the current phase (the policy of domain/autorisatie.ts). */
  const valideer = (soort: BesluitSoort, actor: Actor, uitkomst: string) => {
    if (!(uitkomst in besluitRegels[soort].uitkomsten))
      throw weigerFout(`onbekende uitkomst ${uitkomst} voor ${soort}`, 'ONGELDIG');
    // Past the archiefdatum only a verlenging is judged (by its own rule); the archiefdatum itself still counts.
    const verstrijkt = context?.bewaartermijnVerstrijkt;
    if (soort !== 'VERLENGING' && verstrijkt !== undefined && Date.now() >= Date.parse(verstrijkt))
      throw weigerFout(
        'de bewaartermijn van deze casus is verstreken; hij wacht afgeschermd op archivering',
        'BEWAARTERMIJN_VERSTREKEN',
      );
    const relatie = context?.betrokkenheid ? relatieTot(actor, context.betrokkenheid) : undefined;
    const oordeel = beoordeel(besluitRegels[soort].actie, {
      actor,
      fase: status.fase,
      relatie,
      procesregisseurBeoordeelt: context?.procesregisseurBeoordeelt ?? false,
    });
    if (!oordeel.toegestaan) throw weigerFout(oordeel.reden, oordeel.code);
  };

  // Handlers are registered before the first await so that an early decision is never refused as unknown.
  setHandler(casusStatus, () => status);
  setHandler(
    intakeBesluit,
    async ({ besluitId, uitkomst }) => {
      // The phase moves synchronously so that a concurrent second decision is refused by the validator.
      const vorige = status.fase;
      const fase = faseNaBesluit('INTAKE', uitkomst, status.fase);
      status = { ...status, fase };
      // Activity arguments are not part of replay's determinism check, so adding `op` needs no patch.
      const { archiefdatum } = await activities
        .stelIntakeBesluitVast({ casusId, besluitId, fase, op: new Date().toISOString() })
        .catch((fout: unknown) => {
          const weigering = weigeringVan(fout);
          if (weigering === undefined || !patched(INTAKE_WEIGERING_PATCH)) throw fout;
          status = { ...status, fase: vorige };
          throw weigerFout(weigering.message, weigering.code);
        });
      await startInformatieplicht(casusId, 'INTAKE', uitkomst);
      return publish({ casusId, fase, volgendeDeadline: archiefdatum });
    },
    { validator: ({ actor, uitkomst }) => valideer('INTAKE', actor, uitkomst) },
  );
  setHandler(
    besluit,
    async ({ besluitId, soort, uitkomst }) => {
      const fase = faseNaBesluit(soort, uitkomst, status.fase);
      status = { ...status, fase };
      lopend += 1;
      const fout = await activities.stelBesluitVast({ casusId, besluitId, fase, op: new Date().toISOString() }).then(
        () => undefined,
        (err: unknown) => err,
      );
      lopend -= 1;
      if (fout !== undefined) {
        // A business refusal (e.g. a verlenging the law does not allow) fails this Update, not the casus.
        const weigering = weigeringVan(fout);
        if (weigering !== undefined) {
          await herlaad();
          throw weigerFout(weigering.message, weigering.code);
        }
        throw fout;
      }
      await startInformatieplicht(casusId, soort, uitkomst);
      gewekt = true;
      return herlaad();
    },
    { validator: ({ actor, soort, uitkomst }) => valideer(soort, actor, uitkomst) },
  );
  const wek = () => {
    gewekt = true;
  };
  setHandler(legalHoldGewijzigd, wek);
  setHandler(standGewijzigd, wek);

  if (!voortgezetMet) {
    const eerste = await activities.laadCasusContext(casusId);
    context = eerste;
    // A casus imported from the previous system starts past its intake (older context results carry no fase).
    if (eerste.fase !== undefined && eerste.fase !== 'AANMELDING' && status.fase === 'AANMELDING')
      status = statusVan(casusId, eerste);
    if (status.fase === 'AANMELDING') publish({ ...status, volgendeDeadline: eerste.intakeDeadline });
    if (patched(INTAKE_HERINNERING_PATCH)) await herinnerAanIntake(casusId, eerste, () => status.fase !== 'AANMELDING');
    const beslist = () => status.fase !== 'AANMELDING' && allHandlersFinished();
    const verstrijkt = eerste.bewaartermijnVerstrijkt;
    if (verstrijkt !== undefined && patched(AANMELDING_BEWAARTERMIJN_PATCH)) {
      // Never decided: at the end of its bewaartermijn the process below shields and archives it.
      const wacht = Date.parse(verstrijkt) - Date.now();
      if (wacht > 0) await condition(beslist, wacht);
    } else await condition(beslist);
    // Executions from before the process after intake existed rest here; the anonimisering sweep completes them.
    if (!patched(CASUS_PROCES_PATCH)) {
      await condition(() => false);
      return status;
    }
  }

  // The process after intake: wait for a decision or the next date (afschermen, archiveren, anonimiseren).
  for (;;) {
    // Reset before the reload: a decision or signal that arrives during it must still wake the wait below.
    gewekt = false;
    await herlaad();
    if (status.fase === 'GEANONIMISEERD') return status;
    const { historyLength, continueAsNewSuggested } = workflowInfo();
    if (continueAsNewSuggested || historyLength >= (context?.historieLimiet ?? Infinity)) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof casusWorkflow>({ casusId, voortgezetMet: context });
    }
    const volgende = context?.volgende ?? null;
    const wacht = volgende === null ? undefined : Date.parse(volgende.op) - Date.now();
    const verlopen =
      wacht === undefined
        ? (await condition(() => gewekt), false)
        : wacht <= 0 || !(await condition(() => gewekt, wacht));
    await condition(allHandlersFinished);
    if (!verlopen || volgende === null) continue;
    const vernietigend = (vernietigendeStappen as readonly string[]).includes(volgende.stap);
    if (wacht !== undefined && wacht > 0 && vernietigend && patched(HERCONTROLE_VOOR_VERNIETIGEN_PATCH)) {
      await herlaad();
      const nog = context?.volgende;
      if (nog?.stap !== volgende.stap || Date.parse(nog.op) > Date.now()) continue;
    }
    if (volgende.stap === 'BESLUIT_HERINNEREN')
      await activities.stuurBesluitHerinnering({ casusId, niveau: 'HERINNERING' });
    else if (volgende.stap === 'BESLUIT_ESCALEREN')
      await activities.stuurBesluitHerinnering({ casusId, niveau: 'ESCALATIE' });
    else if (volgende.stap === 'EVALUATIE_HERINNEREN') await activities.stuurEvaluatieHerinnering(casusId);
    else if (volgende.stap === 'GEGEVENS_VERWIJDEREN')
      await activities.verwijderVervallenGegevens({ casusId, nu: new Date().toISOString() });
    else if (volgende.stap === 'AFSCHERMEN') await activities.schermAf(casusId, new Date().toISOString());
    else if (volgende.stap === 'ARCHIVEREN') await activities.archiveer(casusId);
    else if (volgende.stap === 'ANONIMISEREN') await activities.anonimiseer(casusId);
    // LEGAL_HOLD_HERCONTROLE: reloading the context is the re-check.
  }
}
