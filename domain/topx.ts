import { z } from 'zod';
import {
  betrokkeneSchema,
  criteriaSchema,
  deelnemerIdSchema,
  eenRegel,
  tekst,
  type Criteria,
  type DeelnemerType,
} from './casus';
import { addDays, addMonths, compareDates, isoDateSchema, type IsoDate } from './dates';
import type { Policy } from './policy';

/*
 * Lijsten met geprioriteerde casussen — TopX (WGS 2.32; BGS 2.22; SPEC §3; Afspr. Bijlage 5 "Werkproces lijst
 * geprioriteerde casussen"): overheidsdeelnemers set objective criteria on top of BGS 2.20 and publish them before
 * use; a person who already meets part of them is entered as a candidate, data is gathered from vaste deelnemers
 * likely to hold it (never derden or incidentele deelnemers), the overheidsdeelnemers test against both sets of
 * criteria, and a placed person goes straight to the casusoverleg and leaves the list as soon as placement is no
 * longer needed. Pure rules and schemas: safe in workflow code.
 */

/**
 * Where an entry stands. AFGEWEZEN exists only in its workflow: a rejected candidate's row is deleted with all its
 * personal data, so Postgres has no such state (prisma TopxFase).
 */
export const topxFasen = ['KANDIDAAT', 'GEPLAATST', 'AFGEWEZEN', 'VERWIJDERD'] as const;
export type TopxFase = (typeof topxFasen)[number];

export const topxBesluitSoorten = ['TOETSING', 'REVIEW', 'VERWIJDERING'] as const;
export type TopxBesluitSoort = (typeof topxBesluitSoorten)[number];

/** The outcomes of each decision. */
export const topxUitkomsten = {
  TOETSING: ['PLAATSEN', 'AFWIJZEN'],
  REVIEW: ['BEVESTIGD', 'VOLDOET_NIET_MEER'],
  VERWIJDERING: ['VERWIJDERD'],
} as const satisfies Record<TopxBesluitSoort, readonly string[]>;

export type TopxVerwijderReden =
  | 'VOLDOET_NIET_MEER'
  | 'CRITERIA_GEWIJZIGD'
  | 'NIET_MEER_NODIG'
  /** The linked casus was closed or rejected: placement is no longer needed (WGS 2.32 lid 4 "meteen"). */
  | 'CASUS_AFGESLOTEN'
  /** Registration + 5 years (WGS 1.8 lid 7), the casus' engine (domain/bewaartermijn.ts). */
  | 'BEWAARTERMIJN_VERSTREKEN';

/** A criterion's code: short, stable, shown on the public page (e.g. "HIC-3"). */
export const criteriumCodeSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9_-]{0,19}$/, 'een code is 1–20 hoofdletters, cijfers, - of _');

/** A date the database can hold and people mean: no year 0 and no far past. */
const datum = isoDateSchema.refine((d) => d >= '2000-01-01', 'een datum vanaf 2000');

/** POST /topx-lijsten. Public text: no personal data. */
export const topxLijstSchema = z.strictObject({ naam: eenRegel(200), omschrijving: tekst(4000) });

export const topxCriteriumSchema = z.strictObject({ code: criteriumCodeSchema, omschrijving: tekst(2000) });
export type TopxCriterium = z.infer<typeof topxCriteriumSchema>;

/** POST /topx-lijsten/:id/criteria: a new version (a draft until published). Public text: no personal data. */
export const criteriaVersieSchema = z.strictObject({
  criteria: z
    .array(topxCriteriumSchema)
    .min(1)
    .max(30)
    .refine((c) => new Set(c.map((x) => x.code)).size === c.length, 'elke code mag maar één keer voorkomen'),
  ingangsdatum: datum,
  toelichting: tekst(4000).optional(),
});

/** What the criteria JSON column holds. */
export const criteriaLijstSchema = z.array(topxCriteriumSchema);

/** The person, identified as a casus' betrokkene is. */
export const topxPersoonSchema = betrokkeneSchema.omit({ rol: true });

const codes = z
  .array(criteriumCodeSchema)
  .min(1)
  .max(30)
  .refine((c) => new Set(c).size === c.length, 'elke code mag maar één keer voorkomen');

/** POST /topx-lijsten/:id/vermeldingen: a candidate and the part of the criteria already met (WGS 2.32 lid 2). */
export const kandidaatSchema = z.strictObject({
  persoon: topxPersoonSchema,
  voldaneCriteria: codes,
  toelichting: tekst(4000),
});
export type Kandidaat = z.infer<typeof kandidaatSchema>;

/** Whom a request for data is addressed to; the body names the kind, the register decides what a deelnemer is. */
export const topxOntvangerSchema = z.discriminatedUnion('soort', [
  z.strictObject({ soort: z.literal('DEELNEMER'), deelnemerId: deelnemerIdSchema }),
  z.strictObject({ soort: z.literal('INCIDENTELE_DEELNEMER'), organisatie: eenRegel(200) }),
  z.strictObject({ soort: z.literal('DERDE'), organisatie: eenRegel(200) }),
]);

/** POST …/informatieverzoeken: to one recipient, with the purpose and why it likely holds relevant data. */
export const topxInformatieverzoekSchema = z.strictObject({
  aan: topxOntvangerSchema,
  doel: tekst(1000),
  reden: tekst(2000),
});
export type TopxInformatieverzoek = z.infer<typeof topxInformatieverzoekSchema>;

/** POST …/informatieverzoeken/:verzoekId/antwoord: by the deelnemer asked. */
export const topxAntwoordSchema = z.strictObject({ antwoord: tekst(8000) });

const oordeel = z.enum(['VOLDAAN', 'NIET_VOLDAAN']);
/** Every objective criterion of the version judged against, by code. */
const objectieveCriteria = z.record(criteriumCodeSchema, oordeel);
export type ObjectieveOordelen = z.infer<typeof objectieveCriteria>;
const motivering = tekst(4000);

/** POST …/toetsing (SPEC §3 step 4): the objective criteria and BGS 2.20 a–d, both recorded, and the outcome. */
export const toetsingSchema = z.strictObject({
  uitkomst: z.enum(topxUitkomsten.TOETSING),
  objectieveCriteria,
  bgsCriteria: criteriaSchema,
  motivering,
});
/** POST …/review (step 6): does the entry still meet both sets of criteria? */
export const reviewSchema = z.strictObject({
  uitkomst: z.enum(topxUitkomsten.REVIEW),
  objectieveCriteria,
  bgsCriteria: criteriaSchema,
  motivering,
});
/** POST …/verwijdering: placement no longer needed, between reviews (WGS 2.32 lid 4 "meteen"). */
export const verwijderingSchema = z.strictObject({ motivering });

/** A criteria version as the rules need it. */
export interface CriteriaVersie {
  id: string;
  versie: number;
  ingangsdatum: IsoDate;
  /** ISO timestamp; null for a draft. */
  gepubliceerdOp: string | null;
  criteria: TopxCriterium[];
}

/**
 * The version in force on a day: published, and its ingangsdatum reached; the latest such. A draft is never used
 * (BGS 2.22: published before use).
 */
export function geldendeVersie<V extends Omit<CriteriaVersie, 'criteria'>>(
  versies: readonly V[],
  vandaag: IsoDate,
): V | null {
  const inGebruik = versies.filter((v) => v.gepubliceerdOp !== null && compareDates(v.ingangsdatum, vandaag) <= 0);
  inGebruik.sort((a, b) => compareDates(a.ingangsdatum, b.ingangsdatum) || a.versie - b.versie);
  return inGebruik.at(-1) ?? null;
}

/** Publishing: once, and not with an ingangsdatum already past (the public page must show it before it is used). */
export function publicatieWeigering(
  versie: Pick<CriteriaVersie, 'gepubliceerdOp' | 'ingangsdatum'>,
  vandaag: IsoDate,
): { code: 'AL_GEPUBLICEERD' | 'INGANGSDATUM_VERSTREKEN'; reden: string } | undefined {
  if (versie.gepubliceerdOp !== null)
    return {
      code: 'AL_GEPUBLICEERD',
      reden: 'deze versie is al gepubliceerd en kan niet meer veranderen; maak een nieuwe versie',
    };
  if (compareDates(versie.ingangsdatum, vandaag) < 0)
    return {
      code: 'INGANGSDATUM_VERSTREKEN',
      reden: `de ingangsdatum ${versie.ingangsdatum} ligt vóór vandaag (${vandaag}); criteria gelden pas na publicatie`,
    };
  return undefined;
}

/** Only a person who already meets part of the criteria in force may be entered, and only with codes of that version. */
export function kandidaatWeigering(
  voldaan: readonly string[],
  versie: Pick<CriteriaVersie, 'criteria' | 'versie'>,
): string | undefined {
  const bekend = new Set(versie.criteria.map((c) => c.code));
  const onbekend = voldaan.filter((c) => !bekend.has(c));
  if (onbekend.length > 0) return `geen criterium van versie ${versie.versie}: ${onbekend.join(', ')}`;
  return voldaan.length === 0 ? 'een kandidaat voldoet al aan een deel van de criteria' : undefined;
}

/** What the register says about the recipient of a request (an enum: it travels through Temporal). */
export type TopxOntvangerSoort = 'VASTE_DEELNEMER' | 'INACTIEVE_DEELNEMER' | 'INCIDENTELE_DEELNEMER' | 'DERDE';

export function ontvangerSoort(
  aan: z.infer<typeof topxOntvangerSchema>,
  inRegister: { type: DeelnemerType; actief: boolean } | null,
): TopxOntvangerSoort {
  if (aan.soort !== 'DEELNEMER') return aan.soort;
  if (inRegister === null) return 'DERDE'; // not designated by WGS 2.27: a third party
  return inRegister.actief ? 'VASTE_DEELNEMER' : 'INACTIEVE_DEELNEMER';
}

/**
 * Data for the toetsing comes only from vaste deelnemers likely to hold it; the WGS does not allow asking derden or
 * intended incidentele deelnemers whether a person belongs on a TopX-lijst (Afspr. Bijlage 5, stap 3).
 */
export function bevragingWeigering(soort: TopxOntvangerSoort): string | undefined {
  switch (soort) {
    case 'VASTE_DEELNEMER':
      return undefined;
    case 'INACTIEVE_DEELNEMER':
      return 'deze deelnemer is niet actief en kan niet worden bevraagd';
    case 'INCIDENTELE_DEELNEMER':
      return 'voor een TopX-lijst worden geen (beoogde) incidentele deelnemers bevraagd (WGS 2.32 lid 2)';
    case 'DERDE':
      return 'voor een TopX-lijst worden geen derden bevraagd, alleen vaste deelnemers (WGS 2.32 lid 2)';
  }
}

/** Which decision fits which state of the entry; a data request only while it is a candidate. */
export function topxStapWeigering(stap: TopxBesluitSoort | 'INFORMATIEVERZOEK', fase: TopxFase): string | undefined {
  const mogelijk: TopxFase = stap === 'TOETSING' || stap === 'INFORMATIEVERZOEK' ? 'KANDIDAAT' : 'GEPLAATST';
  return fase === mogelijk
    ? undefined
    : `de vermelding is ${fase.toLowerCase()}; dit kan alleen bij een ${mogelijk === 'KANDIDAAT' ? 'kandidaat' : 'geplaatste vermelding'}`;
}

/** Whether a person meets a version's objective criteria: every one of them judged VOLDAAN. */
export const voldoetAan = (oordelen: ObjectieveOordelen, versie: Pick<CriteriaVersie, 'criteria'>): boolean =>
  versie.criteria.every((c) => oordelen[c.code] === 'VOLDAAN');

/** BGS 2.20 as the placement needs it: no criterion a–d not met (the degree of each is recorded, lid 3). */
export const voldoetAanBgs = (bgs: Criteria): boolean =>
  (['A', 'B', 'C', 'D'] as const).every((k) => bgs[k].mate !== 'NIET_VOLDAAN');

/**
 * A toetsing or review judges every objective criterion of the version in force, no other, and its outcome must
 * follow from what it records: placing or confirming needs both sets of criteria met (Afspr. Bijlage 5, stap 4).
 */
export function beoordelingWeigering(
  b: { uitkomst: string; objectieveCriteria: ObjectieveOordelen; bgsCriteria: Criteria },
  versie: Pick<CriteriaVersie, 'criteria' | 'versie'>,
): string | undefined {
  const verwacht = versie.criteria.map((c) => c.code).sort();
  const gegeven = Object.keys(b.objectieveCriteria).sort();
  if (verwacht.join(',') !== gegeven.join(','))
    return `beoordeel precies de criteria van versie ${versie.versie}: ${verwacht.join(', ')}`;
  const positief = b.uitkomst === 'PLAATSEN' || b.uitkomst === 'BEVESTIGD';
  if (positief && !voldoetAan(b.objectieveCriteria, versie))
    return 'niet elk objectief criterium is voldaan; plaatsen of bevestigen kan dan niet';
  if (positief && !voldoetAanBgs(b.bgsCriteria))
    return 'niet elk criterium van BGS 2.20 is (deels) voldaan; plaatsen of bevestigen kan dan niet';
  return undefined;
}

/** Why a review ends the placement: against a newer version than the entry was judged under, the criteria changed. */
export const redenVanReview = (entryVersieId: string, reviewVersieId: string): TopxVerwijderReden =>
  entryVersieId === reviewVersieId ? 'VOLDOET_NIET_MEER' : 'CRITERIA_GEWIJZIGD';

/** The next review of a placed entry (SPEC §3 step 6; policy), from the day it was placed or last confirmed. */
export const volgendeReviewDatum = (vanaf: IsoDate, policy: Pick<Policy, 'topxReviewMaanden'>): IsoDate =>
  addMonths(vanaf, policy.topxReviewMaanden);

/** When a review still missing after its date is escalated (policy). */
export const reviewEscalatieDatum = (review: IsoDate, policy: Pick<Policy, 'topxReviewEscalatieDagen'>): IsoDate =>
  addDays(review, policy.topxReviewEscalatieDagen);

/** When a candidate should have had its toetsing (policy): a person is not kept on a list as a candidate for ever. */
export const toetsingDatum = (aangemeld: IsoDate, policy: Pick<Policy, 'topxToetsingTermijnDagen'>): IsoDate =>
  addDays(aangemeld, policy.topxToetsingTermijnDagen);

/**
 * The timers of an entry: a candidate's toetsing and a placed entry's review are asked for at their date and
 * escalated later; none once both were sent.
 */
export type TopxStap = 'REVIEW_VRAGEN' | 'REVIEW_ESCALEREN' | 'TOETSING_VRAGEN' | 'TOETSING_ESCALEREN';

export interface TopxReviewStand {
  /** What is due: a placed entry's review, or a candidate's toetsing. Absent in stands recorded before the latter: a review. */
  soort?: 'REVIEW' | 'TOETSING';
  /** ISO instants at which it is due and a missing one escalated. */
  op: string;
  escalatieOp: string;
  gevraagd: boolean;
  geescaleerd: boolean;
}

export function volgendeTopxStap(review: TopxReviewStand | null): { stap: TopxStap; op: string } | null {
  if (review === null) return null;
  const soort = review.soort ?? 'REVIEW';
  if (!review.gevraagd) return { stap: `${soort}_VRAGEN`, op: review.op };
  if (!review.geescaleerd) return { stap: `${soort}_ESCALEREN`, op: review.escalatieOp };
  return null;
}
