import { z } from 'zod';
import { toegangsniveaus } from './casusproces';

/**
 * Policy defaults for the numbers the law leaves open (SPEC §7). One typed, validated configuration per ZVH, read
 * from ZVH_* environment variables; the README's configuration table lists each with its source.
 */
export const policySchema = z
  .object({
    /** Lead time for the intake decision after aanmelding (SPEC §7: not fixed by law). */
    ZVH_INTAKE_TERMIJN_DAGEN: z.coerce.number().int().min(1).max(365).default(14),
    /** Lead time for the final criteria assessment after the intake (SPEC §7: not fixed by law). */
    ZVH_TRIAGE_TERMIJN_DAGEN: z.coerce.number().int().min(1).max(365).default(28),
    /** Lead time for the selectie deelnemers after the final assessment (SPEC §7). */
    ZVH_SELECTIE_TERMIJN_DAGEN: z.coerce.number().int().min(1).max(365).default(14),
    /** Days after a decision's deadline at which it is escalated, when still missing (the reminder comes at the deadline). */
    ZVH_ESCALATIE_DAGEN: z.coerce.number().int().min(1).max(365).default(7),
    /**
     * Length of the afgeschaald stage after the afsluitbesluit, in which the involved overheidsdeelnemers reopen on
     * terugval (content shielded from the afsluiting on either way); capped by the archiefdatum. Default 12: the casus
     * stays "minimaal een jaar toegankelijk … voor het heropenen van een casus bij terugval" (003 Bewaartermijnen),
     * where SPEC §2 / Prot. 11 had 6.
     */
    ZVH_AFGESCHAALD_MAANDEN: z.coerce.number().int().min(0).max(24).default(12),
    /** Period after afsluiting before archiving (SPEC §5: national agreement 1 year, "may become longer"). */
    ZVH_INZAGETERMIJN_JAREN: z.coerce.number().int().min(1).max(5).default(1),
    /** How often a casus that waits on a legal hold checks again (lifting a hold also wakes it at once). */
    ZVH_LEGAL_HOLD_HERCONTROLE_DAGEN: z.coerce.number().int().min(1).max(365).default(7),
    /** Days past its archiefdatum after which the sweep takes over a casus whose workflow did not finish the job. */
    ZVH_SWEEP_MARGE_DAGEN: z.coerce.number().int().min(0).max(365).default(2),
    /** Afspr. 12.2 option 1: the procesregisseur takes the intake and final assessment on behalf of the overheidsdeelnemers. */
    ZVH_PROCESREGISSEUR_BEOORDEELT: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /**
     * Handvat 4.5 lid 4: who of a deelnemer in a casus sees it: the medewerkers designated for it (MEDEWERKER), or,
     * as a ZVH may choose, every medewerker of that deelnemer (DEELNEMER).
     */
    ZVH_TOEGANG_PER: z.enum(toegangsniveaus).default('MEDEWERKER'),
    /**
     * Retention of the verplichte logging (SPEC §7: not fixed by law). Default 7 years: the longest a casus' data
     * usually lives (5 years) plus 2, so a betrokkene or the FG can still check who had access after it is gone.
     * The database never removes entries younger than one year.
     */
    ZVH_AUDITLOG_BEWAARTERMIJN_JAREN: z.coerce.number().int().min(1).max(30).default(7),
    /** Prot. 14.3 "onverwijld": hours after discovery within which a datalek is reported internally (later: recorded as late). */
    ZVH_DATALEK_INTERNE_MELDING_UREN: z.coerce.number().int().min(1).max(72).default(24),
    /** Hours before the AP's 72-hour deadline (AVG 33 lid 1) at which an open AP notification is escalated. */
    ZVH_DATALEK_ESCALATIE_UREN: z.coerce.number().int().min(1).max(71).default(24),
    /**
     * Days after the decision to inform the betrokkenen of a high-risk datalek (AVG 34 lid 1 "zonder onredelijke
     * vertraging") by which the informing is recorded; a reminder comes halfway, an escalation the day after.
     */
    ZVH_DATALEK_BETROKKENEN_DAGEN: z.coerce.number().int().min(1).max(30).default(3),
    /** Days before a klacht's Awb deadline (6 weeks, Awb 9:11) at which the Contactpunt is reminded. */
    ZVH_KLACHT_HERINNERING_DAGEN: z.coerce.number().int().min(1).max(41).default(7),
    /**
     * Management information: a count below this many is suppressed (shown as null, "< n"), so that no figure
     * singles out a person (small cells; Afspr. 1.15). 1 shows every count.
     */
    ZVH_MI_DREMPEL: z.coerce.number().int().min(1).max(100).default(5),
    /** Days a consulted deelnemer has to answer on an AVG-verzoek (BGS 1.2 lid 2), well within the month of AVG 12 lid 3. */
    ZVH_AVG_CONSULTATIE_DAGEN: z.coerce.number().int().min(1).max(28).default(10),
    /** Days before an AVG-verzoek's deadline at which the Contactpunt is reminded. */
    ZVH_AVG_HERINNERING_DAGEN: z.coerce.number().int().min(1).max(27).default(7),
    /** Interval at which a deelnemer re-tests its UAVG 41 ground (SPEC §4 re-test interval; Afspr. 14.4). */
    ZVH_UAVG41_HERBEOORDELING_MAANDEN: z.coerce.number().int().min(1).max(24).default(3),
    /**
     * How long an ended AVG-verzoek that concerns no casus keeps the requester's data (SPEC §7: not fixed by law):
     * long enough for bezwaar (6 weeks) and beroep to run. One that concerns casussen goes with their anonymisation.
     */
    ZVH_AVG_VERZOEK_ZONDER_CASUS_MAANDEN: z.coerce.number().int().min(2).max(120).default(12),
    /** History length after which a casus workflow continues as new: short, so an evicted workflow replays cheaply. */
    ZVH_WORKFLOW_HISTORIE_LIMIET: z.coerce.number().int().min(50).max(40_000).default(1_000),
    /** Informatieplicht at the start (AVG 14 lid 3 a): one month at most; a number of days makes it shorter, never longer. */
    ZVH_INFORMATIEPLICHT_TERMIJN_DAGEN: z.coerce.number().int().min(1).max(31).optional(),
    /** Term of the further notices (triage outcome, casusoverleg outcome, afschaling); not fixed by law (SPEC §4). */
    ZVH_INFORMATIEPLICHT_VERVOLG_DAGEN: z.coerce.number().int().min(1).max(31).default(14),
    /** Days before an informatieplicht deadline at which the Contactpunt is reminded. */
    ZVH_INFORMATIEPLICHT_HERINNERING_DAGEN: z.coerce.number().int().min(1).max(30).default(7),
    /** Default re-test interval of an uitstel of the informatieplicht (SPEC §4, §7; Prot. 16.7). */
    ZVH_UITSTEL_HERTOETSING_MAANDEN: z.coerce.number().int().min(1).max(12).default(3),
    /** How often a placed TopX entry is reviewed against both sets of criteria (SPEC §3 step 6, §7: default 3 months). */
    ZVH_TOPX_REVIEW_MAANDEN: z.coerce.number().int().min(1).max(12).default(3),
    /** Days after a TopX review's due date at which a still missing confirmation is escalated. */
    ZVH_TOPX_REVIEW_ESCALATIE_DAGEN: z.coerce.number().int().min(1).max(90).default(7),
    /** Days after entry within which a TopX candidate is tested (then asked for, later escalated); not fixed by law. */
    ZVH_TOPX_TOETSING_TERMIJN_DAGEN: z.coerce.number().int().min(1).max(365).default(28),
    /** Days a deelnemer has to answer an information request (triage, WGS 2.31 lid 3); then the procesregie is warned. */
    ZVH_INFORMATIEVERZOEK_TERMIJN_DAGEN: z.coerce.number().int().min(1).max(90).default(10),
    /**
     * Hours an answer to a medewerker's Idempotency-Key is kept (api/idempotentie.ts). It may hold personal data, so
     * short: long enough for a client to retry after an outage, at most 30 days.
     */
    ZVH_IDEMPOTENCY_KEY_UREN: z.coerce.number().int().min(1).max(720).default(24),
  })
  .transform((env) => ({
    intakeTermijnDagen: env.ZVH_INTAKE_TERMIJN_DAGEN,
    triageTermijnDagen: env.ZVH_TRIAGE_TERMIJN_DAGEN,
    selectieTermijnDagen: env.ZVH_SELECTIE_TERMIJN_DAGEN,
    escalatieDagen: env.ZVH_ESCALATIE_DAGEN,
    afgeschaaldMaanden: env.ZVH_AFGESCHAALD_MAANDEN,
    inzageTermijnJaren: env.ZVH_INZAGETERMIJN_JAREN,
    legalHoldHercontroleDagen: env.ZVH_LEGAL_HOLD_HERCONTROLE_DAGEN,
    sweepMargeDagen: env.ZVH_SWEEP_MARGE_DAGEN,
    workflowHistorieLimiet: env.ZVH_WORKFLOW_HISTORIE_LIMIET,
    avgConsultatieDagen: env.ZVH_AVG_CONSULTATIE_DAGEN,
    avgHerinneringDagen: env.ZVH_AVG_HERINNERING_DAGEN,
    uavg41HerbeoordelingMaanden: env.ZVH_UAVG41_HERBEOORDELING_MAANDEN,
    avgVerzoekZonderCasusMaanden: env.ZVH_AVG_VERZOEK_ZONDER_CASUS_MAANDEN,
    auditlogBewaartermijnJaren: env.ZVH_AUDITLOG_BEWAARTERMIJN_JAREN,
    procesregisseurBeoordeelt: env.ZVH_PROCESREGISSEUR_BEOORDEELT,
    toegangPer: env.ZVH_TOEGANG_PER,
    datalekInterneMeldingUren: env.ZVH_DATALEK_INTERNE_MELDING_UREN,
    datalekEscalatieUren: env.ZVH_DATALEK_ESCALATIE_UREN,
    datalekBetrokkenenDagen: env.ZVH_DATALEK_BETROKKENEN_DAGEN,
    klachtHerinneringDagen: env.ZVH_KLACHT_HERINNERING_DAGEN,
    miDrempel: env.ZVH_MI_DREMPEL,
    informatieplichtTermijnDagen: env.ZVH_INFORMATIEPLICHT_TERMIJN_DAGEN,
    informatieplichtVervolgDagen: env.ZVH_INFORMATIEPLICHT_VERVOLG_DAGEN,
    informatieplichtHerinneringDagen: env.ZVH_INFORMATIEPLICHT_HERINNERING_DAGEN,
    uitstelHertoetsingMaanden: env.ZVH_UITSTEL_HERTOETSING_MAANDEN,
    topxReviewMaanden: env.ZVH_TOPX_REVIEW_MAANDEN,
    topxReviewEscalatieDagen: env.ZVH_TOPX_REVIEW_ESCALATIE_DAGEN,
    topxToetsingTermijnDagen: env.ZVH_TOPX_TOETSING_TERMIJN_DAGEN,
    informatieverzoekTermijnDagen: env.ZVH_INFORMATIEVERZOEK_TERMIJN_DAGEN,
    idempotencyKeyUren: env.ZVH_IDEMPOTENCY_KEY_UREN,
  }));

export type Policy = z.output<typeof policySchema>;

/** The defaults, for tests and tools that run without an environment. */
export const standaardPolicy: Policy = policySchema.parse({});
