import { z } from 'zod';
import { beoordeel } from './autorisatie';
import { betrokkeneSchema, EERSTE_GEBOORTEDATUM, eenRegel, tekst, type Actor } from './casus';
import { gegevensCategorieen } from './casusproces';
import { addDays, addMonths, compareDates, isoDateSchema, type IsoDate } from './dates';
import type { Policy } from './policy';

/**
 * AVG-verzoeken (AVG 12, 15–21; BGS 1.2; Afspr. 14.3–14.4; SPEC §4) as pure rules: the request and answer bodies,
 * the deadlines of AVG 12 lid 3, what the workflow waits for next, and who may do what when. The workflow, its
 * activities and the API all use these.
 */

export const avgVerzoekSoorten = ['INZAGE', 'RECTIFICATIE', 'WISSEN', 'BEPERKING', 'BEZWAAR'] as const;
export type AvgVerzoekSoort = (typeof avgVerzoekSoorten)[number];

/** Mirrors the AvgVerzoekFase enum of prisma/schema.prisma; also the value of the ZvhFase search attribute. */
export const avgFasen = ['IN_BEHANDELING', 'UAVG41_HERBEOORDELING', 'AFGEHANDELD', 'DOORGEZONDEN_ARCHIEF'] as const;
export type AvgFase = (typeof avgFasen)[number];
export const avgEindfasen: readonly AvgFase[] = ['AFGEHANDELD', 'DOORGEZONDEN_ARCHIEF'];

/** UAVG 41 lid 1 sub a–e (the grounds that Prot. 16.6 also lists): the ground a deelnemer invokes is recorded. */
export const uavg41Gronden = {
  a: 'de veiligheid van de staat',
  b: 'de voorkoming, opsporing en vervolging van strafbare feiten',
  c: 'gewichtige economische en financiële belangen van de staat en andere openbare lichamen',
  d: 'het toezicht op de naleving van wettelijke voorschriften ten behoeve van de belangen onder b en c',
  e: 'de bescherming van de betrokkene of van de rechten en vrijheden van anderen',
} as const;
export type Uavg41Grond = keyof typeof uavg41Gronden;

export const besluitUitkomsten = ['TOEGEWEZEN', 'GEDEELTELIJK_TOEGEWEZEN', 'AFGEWEZEN'] as const;
export type AvgBesluitUitkomst = (typeof besluitUitkomsten)[number];

/** Police data (Wpg) and justitiële data (Wjsg) are not answered by the ZVH but referred (Prot. 17.5–17.6). */
export const verwezenCategorieen = {
  POLITIE: 'de politie (Wpg-loket van de verstrekkende eenheid)',
  JUSTITIEEL: 'het Openbaar Ministerie (privacyfunctionaris van het verstrekkende parket)',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Bodies

const vandaagOfEerder = (vandaag: IsoDate) => (d: IsoDate) => compareDates(d, vandaag) <= 0;
/** As geboortedatumSchema (domain/casus.ts), with today given. */
const geboortedatum = (vandaag: IsoDate) =>
  isoDateSchema
    .refine((d) => d >= EERSTE_GEBOORTEDATUM, 'ligt vóór 1900')
    .refine(vandaagOfEerder(vandaag), 'ligt in de toekomst');

/** POST /avg-verzoeken: the request as received, with the identity verification (Prot. 18.4). */
export const avgVerzoekSchema = (vandaag: IsoDate) =>
  z
    .strictObject({
      soort: z.enum(avgVerzoekSoorten),
      ontvangenOp: isoDateSchema.refine(vandaagOfEerder(vandaag), 'ligt in de toekomst'),
      verzoeker: z.strictObject({
        voornamen: betrokkeneSchema.shape.voornamen,
        achternaam: betrokkeneSchema.shape.achternaam,
        geboortedatum: geboortedatum(vandaag).optional(),
        bsn: betrokkeneSchema.shape.bsn,
        adres: tekst(500),
      }),
      identiteit: z.strictObject({
        methode: z.enum(['BALIE_IDENTITEITSBEWIJS', 'DIGID', 'GEMACHTIGDE']),
        datum: isoDateSchema.refine(vandaagOfEerder(vandaag), 'ligt in de toekomst'),
      }),
      toelichting: tekst(4000).optional(),
      rectificatie: z
        .strictObject({
          voornamen: eenRegel(200).optional(),
          achternaam: eenRegel(200).optional(),
          geboortedatum: geboortedatum(vandaag).optional(),
        })
        .refine((r) => Object.values(r).some((v) => v !== undefined), 'noem minstens één gegeven om te corrigeren')
        .optional(),
    })
    .refine((v) => v.verzoeker.bsn !== undefined || v.verzoeker.geboortedatum !== undefined, {
      message: 'BSN of geboortedatum is nodig om de verzoeker te herkennen',
      path: ['verzoeker'],
    })
    .refine((v) => (v.soort === 'RECTIFICATIE') === (v.rectificatie !== undefined), {
      message: 'een rectificatie (en alleen die) noemt de juiste gegevens',
      path: ['rectificatie'],
    });
export type AvgVerzoekInvoer = z.infer<ReturnType<typeof avgVerzoekSchema>>;

/** POST /avg-verzoeken/:id/consultatie-antwoord: a consulted deelnemer's answer (BGS 1.2 lid 2; Afspr. 14.3). */
export const consultatieAntwoordSchema = z.discriminatedUnion('uitkomst', [
  z.strictObject({ uitkomst: z.literal('GEEN_BEZWAAR'), motivering: tekst(4000).optional() }),
  z.strictObject({
    uitkomst: z.literal('BEROEP_UAVG41'),
    grond: z.enum(Object.keys(uavg41Gronden) as [Uavg41Grond, ...Uavg41Grond[]]),
    motivering: tekst(4000),
    /** VOLLEDIG: the whole request; GEDEELTELIJK: the named items and categories only. */
    omvang: z.enum(['VOLLEDIG', 'GEDEELTELIJK']),
    gegevenIds: z.array(z.uuid().toLowerCase()).max(200).default([]),
    categorieen: z.array(z.enum(gegevensCategorieen)).max(gegevensCategorieen.length).default([]),
    /** When the deelnemer expects to look again; absent: after the policy interval. */
    herbeoordelingsdatum: isoDateSchema.optional(),
  }),
]);
export type ConsultatieAntwoord = z.infer<typeof consultatieAntwoordSchema>;

/**
 * Whether a data item is about a person (Prot. 18.1 "over hem of haar"): one of the persons its provider named, or —
 * an item naming nobody, about the casus as a whole — the betrokkene only. Another person's rights (a gezinslid's,
 * someone of the social environment) reach their own data, never the betrokkene's (AVG 15 lid 4). The one rule for
 * what an inzage shows and what a granted wissen or beperking touches.
 */
export const gegevenOver = (g: { betrokkeneIds: readonly string[] }, persoon: { id: string; rol: string }): boolean =>
  g.betrokkeneIds.length === 0 ? persoon.rol === 'BETROKKENE' : g.betrokkeneIds.includes(persoon.id);

/** POST /avg-verzoeken/:id/verlenging (AVG 12 lid 3): the reason goes into the notice to the requester. */
export const avgVerlengingSchema = z.strictObject({ reden: tekst(2000) });

/**
 * POST /avg-verzoeken/:id/besluit: the Contactpunt's Awb-besluit. A partial grant may name the data items the
 * Contactpunt itself withholds (`geweigerdeGegevenIds`, its reasons in the motivation): they are left out of the
 * inzage and untouched by a wissen or beperking, like what a deelnemer's UAVG 41 ground covers.
 */
export const avgBesluitSchema = z
  .strictObject({
    uitkomst: z.enum(besluitUitkomsten),
    motivering: tekst(8000),
    geweigerdeGegevenIds: z.array(z.uuid().toLowerCase()).min(1).max(200).optional(),
  })
  .refine((b) => b.geweigerdeGegevenIds === undefined || b.uitkomst === 'GEDEELTELIJK_TOEGEWEZEN', {
    message: 'alleen een gedeeltelijke toewijzing houdt gegevens achter',
    path: ['geweigerdeGegevenIds'],
  });

/** POST /avg-verzoeken/:id/herbeoordeling: the deelnemer re-tested its UAVG 41 ground (Afspr. 14.4). */
export const herbeoordelingSchema = z.discriminatedUnion('uitkomst', [
  z.strictObject({
    uitkomst: z.literal('GROND_GELDT_NOG'),
    motivering: tekst(4000),
    herbeoordelingsdatum: isoDateSchema.optional(),
  }),
  z.strictObject({ uitkomst: z.literal('VERVALLEN'), motivering: tekst(4000).optional() }),
]);

// ---------------------------------------------------------------------------------------------------------------
// Deadlines (AVG 12 lid 3)

/** One month after receipt; after the one extension, three. */
export const avgDeadline = (ontvangenOp: IsoDate, verlengd: boolean): IsoDate =>
  addMonths(ontvangenOp, verlengd ? 3 : 1);

/** The extension must be announced within the first month: the last day it can be granted. */
export const laatsteVerlengdag = (ontvangenOp: IsoDate): IsoDate => addMonths(ontvangenOp, 1);

export type AvgPolicy = Pick<
  Policy,
  'avgConsultatieDagen' | 'avgHerinneringDagen' | 'uavg41HerbeoordelingMaanden' | 'escalatieDagen'
>;

export interface AvgConsultatieStand {
  deelnemerId: string;
  termijn: IsoDate;
  beantwoord: boolean;
  herinnerd: boolean;
  geescaleerd: boolean;
  /** An invoked UAVG 41 ground that has not lapsed. */
  grond: { omvang: 'VOLLEDIG' | 'GEDEELTELIJK'; herbeoordelingOp: IsoDate } | null;
}

/** What Postgres says about a request; the workflow asks nothing else. */
export interface AvgStand {
  fase: AvgFase;
  ontvangenOp: IsoDate;
  verlengd: boolean;
  deadlineHerinnerd: boolean;
  deadlineGeescaleerd: boolean;
  consultaties: readonly AvgConsultatieStand[];
}

export type AvgStap =
  'CONSULTATIE_HERINNEREN' | 'CONSULTATIE_ESCALEREN' | 'DEADLINE_HERINNEREN' | 'DEADLINE_ESCALEREN' | 'HERBEOORDELEN';

export interface AvgVolgendeStap {
  stap: AvgStap;
  /** The Dutch calendar day from which it is due. */
  op: IsoDate;
  deelnemerId?: string;
}

/**
 * The next dated step: while the request is handled, a consulted deelnemer that has not answered by its termijn is
 * reminded, and escalation days later the Contactpunt hears of it; the Contactpunt is reminded before the deadline
 * and the escalation address hears of a missed one (from the day after). While a UAVG 41 ground holds, its
 * deelnemer is asked to re-test it on its date. Earliest first; null when only an action can move the request.
 */
export function volgendeAvgStap(stand: AvgStand, policy: AvgPolicy): AvgVolgendeStap | null {
  const kandidaten: AvgVolgendeStap[] = [];
  if (stand.fase === 'IN_BEHANDELING') {
    for (const c of stand.consultaties) {
      if (c.beantwoord || c.geescaleerd) continue;
      kandidaten.push(
        c.herinnerd
          ? { stap: 'CONSULTATIE_ESCALEREN', op: addDays(c.termijn, policy.escalatieDagen), deelnemerId: c.deelnemerId }
          : { stap: 'CONSULTATIE_HERINNEREN', op: c.termijn, deelnemerId: c.deelnemerId },
      );
    }
    const deadline = avgDeadline(stand.ontvangenOp, stand.verlengd);
    if (!stand.deadlineHerinnerd)
      kandidaten.push({ stap: 'DEADLINE_HERINNEREN', op: addDays(deadline, -policy.avgHerinneringDagen) });
    else if (!stand.deadlineGeescaleerd) kandidaten.push({ stap: 'DEADLINE_ESCALEREN', op: addDays(deadline, 1) });
  } else if (stand.fase === 'UAVG41_HERBEOORDELING') {
    for (const c of stand.consultaties)
      if (c.grond) kandidaten.push({ stap: 'HERBEOORDELEN', op: c.grond.herbeoordelingOp, deelnemerId: c.deelnemerId });
  }
  return kandidaten.sort((a, b) => compareDates(a.op, b.op))[0] ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Who may do what, when (the workflow's Update validator)

export type AvgHandelingSoort = 'CONSULTATIE_ANTWOORD' | 'VERLENGING' | 'BESLUIT' | 'HERBEOORDELING';

/** What the validator knows: ids, enums and instants (it travels through Temporal). */
export interface AvgContext {
  fase: AvgFase;
  verlengd: boolean;
  /** The instant from which an extension is too late (the day after the first month, Dutch midnight). */
  verlengenTot: string;
  consultaties: ReadonlyArray<{
    deelnemerId: string;
    beantwoord: boolean;
    /** The instant the answer term is over (the day after the termijn, Dutch midnight). */
    termijnVoorbij: string;
    grond: { omvang: 'VOLLEDIG' | 'GEDEELTELIJK' } | null;
  }>;
}

export interface AvgHandelingVoorstel {
  soort: AvgHandelingSoort;
  actor: Actor;
  /** BESLUIT: the besluit's outcome; CONSULTATIE_ANTWOORD and HERBEOORDELING: the answer's. */
  uitkomst?: string;
  /** CONSULTATIE_ANTWOORD with BEROEP_UAVG41: how much of the request the ground covers. */
  omvang?: 'VOLLEDIG' | 'GEDEELTELIJK';
}

export type AvgWeigering = { code: 'NIET_BEVOEGD' | 'VERKEERDE_FASE' | 'REGEL_GESCHONDEN'; reden: string };

/**
 * Judges an action on a request at instant `nu` (the workflow's clock): the policy of domain/autorisatie.ts for the
 * actor, then the request's state. Returns the refusal, or undefined when allowed.
 */
export function beoordeelAvgHandeling(
  { soort, actor, uitkomst }: AvgHandelingVoorstel,
  ctx: AvgContext,
  nu: number,
): AvgWeigering | undefined {
  const actie =
    soort === 'CONSULTATIE_ANTWOORD' || soort === 'HERBEOORDELING' ? 'avgverzoek.consulteren' : 'avgverzoek.behandelen';
  const oordeel = beoordeel(actie, { actor });
  if (!oordeel.toegestaan) return { code: 'NIET_BEVOEGD', reden: oordeel.reden };
  const eigen = ctx.consultaties.find((c) => c.deelnemerId === actor.deelnemerId);
  const inFase = (verwacht: AvgFase): AvgWeigering | undefined =>
    ctx.fase === verwacht
      ? undefined
      : { code: 'VERKEERDE_FASE', reden: `het verzoek is in fase ${ctx.fase}; dit kan alleen in fase ${verwacht}` };

  switch (soort) {
    case 'CONSULTATIE_ANTWOORD':
      if (!eigen)
        return { code: 'NIET_BEVOEGD', reden: 'alleen de geraadpleegde deelnemers beantwoorden de raadpleging' };
      if (eigen.beantwoord)
        return { code: 'VERKEERDE_FASE', reden: 'deze deelnemer heeft de raadpleging al beantwoord' };
      return inFase('IN_BEHANDELING');
    case 'HERBEOORDELING':
      if (!eigen?.grond)
        return {
          code: 'NIET_BEVOEGD',
          reden: 'alleen de deelnemer die zich op artikel 41 UAVG beriep, herbeoordeelt die grond',
        };
      return inFase('UAVG41_HERBEOORDELING');
    case 'VERLENGING':
      return (
        inFase('IN_BEHANDELING') ??
        (ctx.verlengd
          ? { code: 'REGEL_GESCHONDEN', reden: 'de termijn is al eens verlengd; dat kan maar één keer (AVG 12 lid 3)' }
          : undefined) ??
        (nu >= Date.parse(ctx.verlengenTot)
          ? {
              code: 'REGEL_GESCHONDEN',
              reden: 'verlengen kan alleen binnen de eerste maand na ontvangst (AVG 12 lid 3)',
            }
          : undefined)
      );
    case 'BESLUIT': {
      const fout = inFase('IN_BEHANDELING');
      if (fout) return fout;
      const lopend = ctx.consultaties.filter((c) => !c.beantwoord && nu < Date.parse(c.termijnVoorbij));
      if (lopend.length > 0)
        return {
          code: 'REGEL_GESCHONDEN',
          reden: `de raadpleging van ${lopend.map((c) => c.deelnemerId).join(', ')} loopt nog (BGS 1.2 lid 2)`,
        };
      const gronden = ctx.consultaties.flatMap((c) => (c.grond ? [c.grond.omvang] : []));
      if (gronden.includes('VOLLEDIG') && uitkomst !== 'AFGEWEZEN')
        return {
          code: 'REGEL_GESCHONDEN',
          reden:
            'een deelnemer beriep zich voor het hele verzoek op artikel 41 UAVG: het verzoek wordt afgewezen (Afspr. 14.3)',
        };
      if (gronden.length > 0 && uitkomst === 'TOEGEWEZEN')
        return {
          code: 'REGEL_GESCHONDEN',
          reden:
            'een deelnemer beriep zich op artikel 41 UAVG: het verzoek wordt hooguit gedeeltelijk toegewezen (Afspr. 14.3)',
        };
      return undefined;
    }
  }
}

/**
 * The context right after an accepted action, before Postgres is read again, so that a concurrent second action is
 * judged against it (a second besluit, a second answer, a second extension are refused).
 */
export function naHandeling(ctx: AvgContext, { soort, actor, uitkomst, omvang }: AvgHandelingVoorstel): AvgContext {
  const consultaties = ctx.consultaties.map((c) => {
    if (c.deelnemerId !== actor.deelnemerId) return c;
    if (soort === 'CONSULTATIE_ANTWOORD')
      return {
        ...c,
        beantwoord: true,
        grond: uitkomst === 'BEROEP_UAVG41' ? { omvang: omvang ?? 'GEDEELTELIJK' } : null,
      };
    if (soort === 'HERBEOORDELING' && uitkomst === 'VERVALLEN') return { ...c, grond: null };
    return c;
  });
  if (soort === 'VERLENGING') return { ...ctx, verlengd: true };
  if (soort === 'BESLUIT') return { ...ctx, fase: faseNaBesluit(ctx) };
  if (soort === 'HERBEOORDELING')
    return { ...ctx, consultaties, fase: consultaties.some((c) => c.grond) ? ctx.fase : 'AFGEHANDELD' };
  return { ...ctx, consultaties };
}

/** The phase after an accepted besluit: a UAVG 41 ground keeps the request under re-evaluation (Afspr. 14.4). */
export const faseNaBesluit = (ctx: Pick<AvgContext, 'consultaties'>): AvgFase =>
  ctx.consultaties.some((c) => c.grond) ? 'UAVG41_HERBEOORDELING' : 'AFGEHANDELD';
