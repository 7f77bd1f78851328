import { ApplicationFailure } from '@temporalio/common';

/**
 * Every non-retryable failure type of the workflows and activities, declared once: the workflows' activity options
 * list them as nonRetryableErrorTypes, workflows and activities throw them with `weigerFout`, and the API answers each
 * with its problem (api/update-weigering.ts). A refusal is never retried and never a 500: each has a 4xx status and
 * a Dutch title. ApplicationFailure is plain data, safe in workflow code.
 */
interface Weigeringsoort {
  status: 403 | 404 | 409 | 422;
  slug: string;
  titel: string;
}

export const weigeringen = {
  // Refusals of a request: the policy, the phase, and the rules of the law or the register.
  NIET_BEVOEGD: { status: 403, slug: 'niet-bevoegd', titel: 'Niet bevoegd' },
  VERKEERDE_FASE: { status: 409, slug: 'verkeerde-fase', titel: 'Besluit past niet bij de fase van de casus' },
  BEWAARTERMIJN_VERSTREKEN: { status: 409, slug: 'bewaartermijn-verstreken', titel: 'Bewaartermijn verstreken' },
  ONGELDIG: { status: 422, slug: 'ongeldig-besluit', titel: 'Ongeldig besluit' },
  CRITERIA_TEGENSTRIJDIG: { status: 422, slug: 'criteria-tegenstrijdig', titel: 'Uitkomst volgt niet uit de criteria' },
  VERLENGING_GEWEIGERD: { status: 422, slug: 'verlenging-geweigerd', titel: 'Verlenging niet toegestaan' },
  ONBEKENDE_DEELNEMER: { status: 422, slug: 'onbekende-deelnemer', titel: 'Onbekende deelnemer' },
  REGEL_GESCHONDEN: { status: 422, slug: 'avg-regel', titel: 'Niet toegestaan bij dit AVG-verzoek' },
  BEVRAGING_GEWEIGERD: { status: 422, slug: 'bevraging-niet-toegestaan', titel: 'Bevraging niet toegestaan' },
  CASUS_IN_BEOORDELING: { status: 409, slug: 'casus-in-beoordeling', titel: 'Casus nog in intake of triage' },
  // Failures of steps the system takes itself; a request that meets one gets the same kind of answer.
  CASUS_ONBEKEND: { status: 404, slug: 'niet-gevonden', titel: 'Niet gevonden' },
  ONBEKEND_VERZOEK: { status: 404, slug: 'niet-gevonden', titel: 'Niet gevonden' },
  ONBEKENDE_AFSTEMMING: { status: 404, slug: 'niet-gevonden', titel: 'Niet gevonden' },
  ARCHIEF_ONTBREEKT: { status: 409, slug: 'archief-ontbreekt', titel: 'Casus nog niet overgedragen aan het archief' },
  ARCHIEF_NAAM_BEZET: { status: 409, slug: 'archiefnaam-bezet', titel: 'Archiefnaam al in gebruik' },
  CASUS_GEANONIMISEERD: { status: 409, slug: 'casus-geanonimiseerd', titel: 'Casus geanonimiseerd' },
  GEGEVEN_VERWIJDERD: { status: 409, slug: 'gegeven-verwijderd', titel: 'Gegeven verwijderd' },
  RIEC_NIET_BEREIKBAAR: { status: 422, slug: 'riec-niet-bereikbaar', titel: 'Geen actieve koppeling met het RIEC' },
  PARTNER_WEIGERT: { status: 422, slug: 'partner-weigert', titel: 'Partner weigert het bericht' },
  // A koppeling URL this installation does not allow (loopback outside development): nothing was sent.
  KOPPELING_NIET_TOEGESTAAN: { status: 422, slug: 'koppeling-niet-toegestaan', titel: 'Koppeling niet toegestaan' },
} as const satisfies Record<string, Weigeringsoort>;

export type Weigercode = keyof typeof weigeringen;
export const weigercodes = Object.keys(weigeringen) as Weigercode[];

export const isWeigercode = (type: unknown): type is Weigercode =>
  typeof type === 'string' && Object.hasOwn(weigeringen, type);

/** The failure a workflow or activity throws to refuse: `reden` (no personal data) becomes the problem's detail. */
export const weigerFout = (reden: string, code: Weigercode, ...details: unknown[]): ApplicationFailure =>
  ApplicationFailure.nonRetryable(reden, code, ...details);
