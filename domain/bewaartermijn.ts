import { z } from 'zod';
import { addDays, addYears, compareDates, isoDateSchema, minDate, type IsoDate } from './dates';

/**
 * The bewaartermijn engine (SPEC §5; WGS 1.8 lid 7, BGS 1.16; 003 Bijlage 6 "Bewaartermijnen"). Pure and
 * deterministic: imported by workflow code. Dates are calendar dates (see ./dates).
 *
 * Terms, all counted from a calendar date with end-of-month clamping (29 February + 1 year = 28 February):
 * - maximum: aanmelding + 5 years (WGS 1.8 lid 7: "uiterlijk vijf jaar na de eerste verwerking"); each verlenging
 *   sets it to verlenging + 2 years (BGS 1.16), or, for a closed casus extended for its risk of terugval (situation
 *   2), to heropening + 2 years once it is reopened (003: "De extra twee jaar beginnen zodra de casus wordt heropend").
 * - archiefdatum: afsluiting + inzagetermijn (national agreement, 1 year), capped at the maximum. It is the LAST day
 *   the data lives in the ZVH system: decisions on that day still count; the transfer to the archiefbeheerder and
 *   the anonymisation follow from the next day ("Anonimiseren: na <archiefdatum>", 003; see archiveringVanaf).
 */

/** WGS 1.8 lid 7. */
export const MAXIMUM_BEWAARTERMIJN_JAREN = 5;
/** BGS 1.16; 003 "Verlenging bewaartermijn": each verlenging adds at most two years. */
export const VERLENGING_JAREN = 2;
/** 003 "Landelijk is afgesproken dat casussen tot één jaar na afsluiting worden bewaard"; may become longer. */
export const STANDAARD_INZAGETERMIJN_JAREN = 1;
/** 003 "Bewaartermijn bij advies": a rejected aanmelding goes one year after the first registration. */
export const AFWIJZING_TERMIJN_JAREN = 1;
/**
 * A verlenging can only be given in the last year before the (current) maximum: situation 2 is defined by closing
 * "minder dan een jaar voor het verstrijken van de maximale bewaartermijn", and situation 1 ("na vijf jaar nog niet
 * afgesloten") is judged as the maximum approaches. Earlier, neither situation can be established yet.
 */
export const VERLENGINGSVENSTER_JAREN = 1;

/**
 * The first day the bewaartermijn has run out: the day after the archiefdatum (003: "Anonimiseren: na 23 december
 * 2026" for archiefdatum 23 december 2026). Archive transfer and anonymisation happen from this day, not before.
 */
export const archiveringVanaf = (archiefdatum: IsoDate): IsoDate => addDays(archiefdatum, 1);

/** Whether on `dag` the bewaartermijn ending with `archiefdatum` has run out (the archiefdatum itself still counts). */
export const bewaartermijnVerstreken = (dag: IsoDate, archiefdatum: IsoDate): boolean =>
  compareDates(dag, archiveringVanaf(archiefdatum)) >= 0;

// ---------------------------------------------------------------------------------------------------------------
// Input errors (developer errors: inconsistent dates). English codes, thrown as BewaartermijnInputError.

export const bewaartermijnInputErrorCodes = [
  'INVALID_INPUT',
  'AFSLUITING_BEFORE_AANMELDING',
  'AFSLUITING_AFTER_MAXIMUM',
  'AFSLUITING_AND_AFWIJZING',
  'AFWIJZING_BEFORE_AANMELDING',
  'AFWIJZING_AFTER_MAXIMUM',
  'VERLENGING_WITH_AFWIJZING',
  'VERLENGING_BEFORE_AANMELDING',
  'VERLENGING_BEFORE_WINDOW',
  'VERLENGING_AFTER_MAXIMUM',
  'VERLENGING_AFTER_ARCHIEFDATUM',
  'AFSLUITING_AFTER_PEILDATUM',
  'PEILDATUM_BEFORE_LAATSTE_VERLENGING',
  'HEROPENING_BEFORE_VERLENGING',
] as const;
export type BewaartermijnInputErrorCode = (typeof bewaartermijnInputErrorCodes)[number];

export interface BewaartermijnInputIssue {
  code: BewaartermijnInputErrorCode;
  message: string;
  path: PropertyKey[];
}

export class BewaartermijnInputError extends Error {
  override readonly name = 'BewaartermijnInputError';
  /** The first issue's code. */
  readonly code: BewaartermijnInputErrorCode;
  constructor(readonly issues: readonly [BewaartermijnInputIssue, ...BewaartermijnInputIssue[]]) {
    super(issues.map((i) => `${i.code}: ${i.message}`).join('; '));
    this.code = issues[0].code;
  }
}

const isErrorCode = (value: unknown): value is BewaartermijnInputErrorCode =>
  typeof value === 'string' && (bewaartermijnInputErrorCodes as readonly string[]).includes(value);

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i): BewaartermijnInputIssue => {
    const code = i.code === 'custom' ? i.params?.['code'] : undefined;
    return { code: isErrorCode(code) ? code : 'INVALID_INPUT', message: i.message, path: i.path };
  });
  // safeParse failure always carries at least one issue.
  throw new BewaartermijnInputError(issues as [BewaartermijnInputIssue, ...BewaartermijnInputIssue[]]);
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas

/**
 * A granted verlenging. The two years run from `datum` (SPEC §5), or from `heropening`: the day a casus that was
 * closed when it was extended (situation 2) was reopened (003 "Verlenging bewaartermijn"). Extra fields are ignored.
 */
export const verlengingSchema = z.object({ datum: isoDateSchema, heropening: isoDateSchema.nullish() });
export type Verlenging = z.output<typeof verlengingSchema>;
export type VerlengingInput = z.input<typeof verlengingSchema>;

const verlengingenSchema = z.array(verlengingSchema).max(100).default([]);

const baseFields = {
  /** First registration: the bewaartermijn starts here (WGS 1.8 lid 7; 003 "Definitie en scope"). */
  aanmelddatum: isoDateSchema,
  /** Afsluitbesluit (WGS 2.31 lid 8); absent/null while the casus is open. */
  afsluitdatum: isoDateSchema.nullish(),
  /** The aanmelding was not taken in behandeling (intake, or final criteria assessment in triage). */
  afgewezenOp: isoDateSchema.nullish(),
  verlengingen: verlengingenSchema,
  /** Policy: period after afsluiting for AVG-rechten and heropenen bij terugval (003: "kan deze periode langer worden"). */
  inzageTermijnJaren: z.number().int().min(1).max(MAXIMUM_BEWAARTERMIJN_JAREN).default(STANDAARD_INZAGETERMIJN_JAREN),
  /** Policy: term for a rejected aanmelding, counted from the aanmelding (003; the RAC may advise otherwise). */
  afwijzingTermijnJaren: z.number().int().min(1).max(MAXIMUM_BEWAARTERMIJN_JAREN).default(AFWIJZING_TERMIJN_JAREN),
};

type BaseInput = z.output<z.ZodObject<typeof baseFields>>;

interface Tijdlijn {
  /** The maximum after all verlengingen. */
  maximum: IsoDate;
  /** Verlengingen in date order. */
  verlengingen: Verlenging[];
}

const issue = (code: BewaartermijnInputErrorCode, message: string, path: PropertyKey[]): BewaartermijnInputIssue => ({
  code,
  message,
  path,
});

/**
 * Walks the verlengingen in date order, keeping the running maximum, and collects every inconsistency. A verlenging
 * must fall in the window [maximum − 1 year, maximum] of the maximum it extends, and before the casus' running
 * archiefdatum: what is already due for archiving cannot be extended.
 */
function bouwTijdlijn(input: BaseInput): { tijdlijn: Tijdlijn; issues: BewaartermijnInputIssue[] } {
  const issues: BewaartermijnInputIssue[] = [];
  const add = (code: BewaartermijnInputErrorCode, message: string, path: PropertyKey[]) =>
    issues.push(issue(code, message, path));
  const { aanmelddatum, afsluitdatum, afgewezenOp } = input;

  if (afsluitdatum != null && compareDates(afsluitdatum, aanmelddatum) < 0) {
    add('AFSLUITING_BEFORE_AANMELDING', `afsluitdatum ${afsluitdatum} is before aanmelddatum ${aanmelddatum}`, [
      'afsluitdatum',
    ]);
  }
  if (afgewezenOp != null) {
    if (afsluitdatum != null) {
      add('AFSLUITING_AND_AFWIJZING', 'a rejected aanmelding was never in behandeling, so has no afsluitdatum', [
        'afsluitdatum',
      ]);
    }
    if (compareDates(afgewezenOp, aanmelddatum) < 0) {
      add('AFWIJZING_BEFORE_AANMELDING', `afgewezenOp ${afgewezenOp} is before aanmelddatum ${aanmelddatum}`, [
        'afgewezenOp',
      ]);
    }
    if (input.verlengingen.length > 0) {
      add('VERLENGING_WITH_AFWIJZING', 'a rejected aanmelding cannot be extended', ['verlengingen']);
    }
  }

  const indexed = input.verlengingen.map((v, index) => ({ v, index }));
  indexed.sort((a, b) => compareDates(a.v.datum, b.v.datum) || a.index - b.index);

  let maximum = addYears(aanmelddatum, MAXIMUM_BEWAARTERMIJN_JAREN);
  for (const { v, index } of indexed) {
    const path = ['verlengingen', index, 'datum'];
    const vensterBegin = addYears(maximum, -VERLENGINGSVENSTER_JAREN);
    if (compareDates(v.datum, aanmelddatum) < 0) {
      add('VERLENGING_BEFORE_AANMELDING', `verlenging ${v.datum} is before aanmelddatum ${aanmelddatum}`, path);
    } else if (compareDates(v.datum, vensterBegin) < 0) {
      add('VERLENGING_BEFORE_WINDOW', `verlenging ${v.datum} is more than a year before the maximum ${maximum}`, path);
    } else if (compareDates(v.datum, maximum) > 0) {
      add(
        'VERLENGING_AFTER_MAXIMUM',
        `verlenging ${v.datum} is after the maximum ${maximum}: the term had run out`,
        path,
      );
    } else if (afsluitdatum != null && compareDates(afsluitdatum, v.datum) <= 0) {
      const due = minDate(addYears(afsluitdatum, input.inzageTermijnJaren), maximum);
      if (compareDates(v.datum, due) > 0) {
        add(
          'VERLENGING_AFTER_ARCHIEFDATUM',
          `verlenging ${v.datum} is after the closed casus' archiefdatum ${due}`,
          path,
        );
      }
    }
    if (v.heropening != null && compareDates(v.heropening, v.datum) < 0) {
      const message = `heropening ${v.heropening} is before the verlenging ${v.datum} it starts`;
      add('HEROPENING_BEFORE_VERLENGING', message, ['verlengingen', index, 'heropening']);
    }
    // "The 2 years run from the verlenging" (SPEC §5), in situation 2 from the heropening (003); inside the window
    // that always lies past `maximum`.
    maximum = addYears(v.heropening ?? v.datum, VERLENGING_JAREN);
  }

  if (afsluitdatum != null && compareDates(afsluitdatum, maximum) > 0) {
    const message = `afsluitdatum ${afsluitdatum} is after the maximum ${maximum}: it had to be closed or extended`;
    add('AFSLUITING_AFTER_MAXIMUM', message, ['afsluitdatum']);
  }
  if (afgewezenOp != null && compareDates(afgewezenOp, maximum) > 0) {
    add('AFWIJZING_AFTER_MAXIMUM', `afgewezenOp ${afgewezenOp} is after the maximum ${maximum}`, ['afgewezenOp']);
  }
  return { tijdlijn: { maximum, verlengingen: indexed.map(({ v }) => v) }, issues };
}

// Date consistency is only judged on structurally valid input: zod v4 would otherwise run it on invalid dates too.
const alleenBijGeldigeStructuur = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

function addIssues(issues: BewaartermijnInputIssue[], ctx: z.RefinementCtx): void {
  for (const i of issues) {
    ctx.addIssue({ code: 'custom', message: `${i.code}: ${i.message}`, path: i.path, params: { code: i.code } });
  }
}

/** Input of {@link archiefdatum}: structure and date consistency. */
export const archiefdatumInputSchema = z
  .object(baseFields)
  .superRefine((input, ctx) => addIssues(bouwTijdlijn(input).issues, ctx), alleenBijGeldigeStructuur);
export type ArchiefdatumInput = z.input<typeof archiefdatumInputSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Maximum and archiefdatum

/**
 * The maximum bewaartermijn: aanmelding + 5 years (WGS 1.8 lid 7), and after each verlenging, verlenging (or its
 * heropening) + 2 years (BGS 1.16; SPEC §5; 003). Throws BewaartermijnInputError on inconsistent input.
 */
export function maximumBewaartermijn(aanmelddatum: string, verlengingen: readonly VerlengingInput[] = []): IsoDate {
  const input = parseOrThrow(archiefdatumInputSchema, { aanmelddatum, verlengingen });
  return bouwTijdlijn(input).tijdlijn.maximum;
}

export const archiefdatumGronden = ['AFSLUITING_PLUS_TERMIJN', 'MAXIMUM', 'AFWIJZING'] as const;
export type ArchiefdatumGrond = (typeof archiefdatumGronden)[number];

export interface ArchiefdatumResultaat {
  /** The last day the casus lives in the ZVH system; archiving and anonymisation follow it (archiveringVanaf). */
  archiefdatum: IsoDate;
  grond: ArchiefdatumGrond;
  /** The maximum bewaartermijn after all verlengingen. */
  maximum: IsoDate;
  /**
   * True while the casus is open: the archiefdatum is then the maximum, by which the casus must be closed or extended;
   * an afsluiting moves it earlier, a verlenging later.
   */
  voorlopig: boolean;
}

/**
 * archiefdatum = min(afsluiting + inzagetermijn, maximum) (SPEC §5; 003 examples 1–5). A rejected aanmelding counts
 * as closed at once: aanmelding + 1 year (003 "Bewaartermijn bij advies"). Open casus: the maximum.
 * Throws BewaartermijnInputError on inconsistent input.
 */
export function archiefdatum(input: ArchiefdatumInput): ArchiefdatumResultaat {
  const parsed = parseOrThrow(archiefdatumInputSchema, input);
  return berekenArchiefdatum(parsed, bouwTijdlijn(parsed).tijdlijn);
}

function berekenArchiefdatum(input: BaseInput, { maximum }: Tijdlijn): ArchiefdatumResultaat {
  if (input.afgewezenOp != null) {
    // Counted from the first registration, not from the rejection (003: "één jaar na de eerste registratie").
    const datum = minDate(addYears(input.aanmelddatum, input.afwijzingTermijnJaren), maximum);
    return { archiefdatum: datum, grond: 'AFWIJZING', maximum, voorlopig: false };
  }
  if (input.afsluitdatum == null) {
    return { archiefdatum: maximum, grond: 'MAXIMUM', maximum, voorlopig: true };
  }
  const naTermijn = addYears(input.afsluitdatum, input.inzageTermijnJaren);
  // A tie (afsluiting + termijn = maximum) is reported as the full inzagetermijn: nothing was cut short.
  return compareDates(naTermijn, maximum) <= 0
    ? { archiefdatum: naTermijn, grond: 'AFSLUITING_PLUS_TERMIJN', maximum, voorlopig: false }
    : { archiefdatum: maximum, grond: 'MAXIMUM', maximum, voorlopig: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Verlenging

/**
 * A proposed verlenging, judged on `datum` (the day it would be granted; the two years run from it) against the
 * casus as it stands then. The conditions of BGS 1.16 and 003 "Verlenging bewaartermijn" are inputs: whether the
 * criteria of BGS 2.20 still hold, whether there is a high risk of terugval, the recorded reason, the instruction of
 * the deelnemers and the agreement of every deelnemer that provided data.
 */
export const verlengingsverzoekSchema = z
  .object({
    ...baseFields,
    datum: isoDateSchema,
    /** Situation 1: the criteria of BGS 2.20 still hold. */
    criteriaGeldenNog: z.boolean(),
    /** Situation 2: "groot risico op terugval, waardoor de criteria van art. 2.20 BGS opnieuw van toepassing worden". */
    grootRisicoOpTerugval: z.boolean(),
    /** "De reden voor verlenging moet in het systeem worden vastgelegd." */
    reden: z.string().max(4000),
    /** "Daarnaast moet de opdracht komen van de deelnemers." */
    opdrachtVanDeelnemers: z.boolean(),
    /** Ids of every deelnemer that provided data for the casus (at least the aanmelder). */
    aanleverendeDeelnemers: z.array(z.string().min(1)).min(1),
    /** Ids of the deelnemers that agreed to the verlenging. */
    akkoordVan: z.array(z.string().min(1)),
  })
  .superRefine((input, ctx) => {
    const { tijdlijn, issues } = bouwTijdlijn(input);
    const { datum, afsluitdatum, aanmelddatum } = input;
    const laatste = tijdlijn.verlengingen.at(-1);
    if (laatste !== undefined && compareDates(datum, laatste.datum) <= 0) {
      const message = `datum ${datum} is not after the last verlenging ${laatste.datum}`;
      issues.push(issue('PEILDATUM_BEFORE_LAATSTE_VERLENGING', message, ['datum']));
    }
    if (afsluitdatum != null && compareDates(afsluitdatum, datum) > 0) {
      const message = `afsluitdatum ${afsluitdatum} lies after the datum ${datum} the verlenging is judged on`;
      issues.push(issue('AFSLUITING_AFTER_PEILDATUM', message, ['afsluitdatum']));
    }
    if (compareDates(datum, aanmelddatum) < 0) {
      issues.push(
        issue('VERLENGING_BEFORE_AANMELDING', `datum ${datum} is before aanmelddatum ${aanmelddatum}`, ['datum']),
      );
    }
    addIssues(issues, ctx);
  }, alleenBijGeldigeStructuur);
export type VerlengingsverzoekInput = z.input<typeof verlengingsverzoekSchema>;

export const verlengingSituaties = [
  /** Situation 1: still open at the maximum because the criteria of BGS 2.20 still hold. */
  'OPEN_CRITERIA_GELDEN_NOG',
  /** Situation 2: closed within the last year before the maximum, with a high risk of terugval. */
  'AFGESLOTEN_RISICO_OP_TERUGVAL',
] as const;
export type VerlengingSituatie = (typeof verlengingSituaties)[number];

export const verlengingWeigercodes = [
  'AANMELDING_AFGEWEZEN',
  'ARCHIEFDATUM_VERSTREKEN',
  'TE_VROEG',
  'CRITERIA_GELDEN_NIET_MEER',
  'AFGESLOTEN_VOOR_LAATSTE_JAAR',
  'GEEN_GROOT_RISICO_OP_TERUGVAL',
  'REDEN_ONTBREEKT',
  'OPDRACHT_DEELNEMERS_ONTBREEKT',
  'AKKOORD_ONTBREEKT',
] as const;
export type VerlengingWeigercode = (typeof verlengingWeigercodes)[number];

export type VerlengingBeoordeling =
  | {
      toegestaan: true;
      situatie: VerlengingSituatie;
      /** datum + 2 years; in situation 2 it moves to heropening + 2 years once the casus is reopened. */
      nieuwMaximum: IsoDate;
      /** The archiefdatum once the verlenging is granted. */
      nieuweArchiefdatum: ArchiefdatumResultaat;
    }
  | {
      toegestaan: false;
      code: VerlengingWeigercode;
      /** Dutch, for the medewerker (same convention as Oordeel in ./autorisatie). */
      reden: string;
      /** For AKKOORD_ONTBREEKT: the deelnemers whose agreement is missing. */
      ontbrekendAkkoord?: string[];
    };

/**
 * Whether a verlenging of the bewaartermijn may be granted on `datum` (SPEC §5; BGS 1.16; 003 "Verlenging
 * bewaartermijn"). First the legal situation, then the procedural conditions; returns the first reason it fails.
 * Not checked here: Wvggz/Wzd data may not outlive those laws' own terms — that is per data item, not per casus.
 * Throws BewaartermijnInputError on inconsistent input.
 */
export function magVerlengen(input: VerlengingsverzoekInput): VerlengingBeoordeling {
  const verzoek = parseOrThrow(verlengingsverzoekSchema, input);
  const { tijdlijn } = bouwTijdlijn(verzoek);
  const huidig = berekenArchiefdatum(verzoek, tijdlijn);
  const { maximum } = tijdlijn;
  const weiger = (code: VerlengingWeigercode, reden: string, ontbrekendAkkoord?: string[]): VerlengingBeoordeling =>
    ontbrekendAkkoord === undefined
      ? { toegestaan: false, code, reden }
      : { toegestaan: false, code, reden, ontbrekendAkkoord };

  if (verzoek.afgewezenOp != null) {
    return weiger('AANMELDING_AFGEWEZEN', 'een afgewezen aanmelding kan niet worden verlengd');
  }
  if (bewaartermijnVerstreken(verzoek.datum, huidig.archiefdatum)) {
    const reden = `de archiefdatum ${huidig.archiefdatum} is verstreken; verlengen kan alleen daarvoor`;
    return weiger('ARCHIEFDATUM_VERSTREKEN', reden);
  }
  const vensterBegin = addYears(maximum, -VERLENGINGSVENSTER_JAREN);
  if (compareDates(verzoek.datum, vensterBegin) < 0) {
    const reden = `verlengen kan pas in het laatste jaar voor de maximale bewaartermijn ${maximum}, vanaf ${vensterBegin}`;
    return weiger('TE_VROEG', reden);
  }

  let situatie: VerlengingSituatie;
  if (verzoek.afsluitdatum == null) {
    if (!verzoek.criteriaGeldenNog) {
      const reden = 'de casus is nog open maar de criteria van art. 2.20 BGS gelden niet meer: sluit de casus af';
      return weiger('CRITERIA_GELDEN_NIET_MEER', reden);
    }
    situatie = 'OPEN_CRITERIA_GELDEN_NOG';
  } else {
    // "minder dan een jaar voor het verstrijken van de maximale bewaartermijn afgesloten": strictly after vensterBegin.
    if (compareDates(verzoek.afsluitdatum, vensterBegin) <= 0) {
      const reden = `de casus is afgesloten op ${verzoek.afsluitdatum}, niet minder dan een jaar voor de maximale bewaartermijn ${maximum}`;
      return weiger('AFGESLOTEN_VOOR_LAATSTE_JAAR', reden);
    }
    if (!verzoek.grootRisicoOpTerugval) {
      const reden = 'een afgesloten casus kan alleen worden verlengd bij een groot risico op terugval';
      return weiger('GEEN_GROOT_RISICO_OP_TERUGVAL', reden);
    }
    situatie = 'AFGESLOTEN_RISICO_OP_TERUGVAL';
  }

  if (verzoek.reden.trim() === '') {
    return weiger('REDEN_ONTBREEKT', 'de reden voor verlenging moet worden vastgelegd');
  }
  if (!verzoek.opdrachtVanDeelnemers) {
    return weiger('OPDRACHT_DEELNEMERS_ONTBREEKT', 'de opdracht tot verlenging moet van de deelnemers komen');
  }
  const akkoord = new Set(verzoek.akkoordVan);
  const ontbrekend = [...new Set(verzoek.aanleverendeDeelnemers)].filter((d) => !akkoord.has(d)).sort();
  if (ontbrekend.length > 0) {
    const reden = `niet elke deelnemer die gegevens aanleverde is akkoord: ${ontbrekend.join(', ')}`;
    return weiger('AKKOORD_ONTBREEKT', reden, ontbrekend);
  }

  const verlengd: BaseInput = { ...verzoek, verlengingen: [...tijdlijn.verlengingen, { datum: verzoek.datum }] };
  const nieuw = bouwTijdlijn(verlengd);
  return {
    toegestaan: true,
    situatie,
    nieuwMaximum: nieuw.tijdlijn.maximum,
    nieuweArchiefdatum: berekenArchiefdatum(verlengd, nieuw.tijdlijn),
  };
}
