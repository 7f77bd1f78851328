import { z } from 'zod';

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
    /** Length of the afgeschaald stage (nazorgfase) after the afsluitbesluit (SPEC §2 table; Prot. 11). */
    ZVH_AFGESCHAALD_MAANDEN: z.coerce.number().int().min(0).max(24).default(6),
    /** Period after afsluiting before archiving (SPEC §5: national agreement 1 year, "may become longer"). */
    ZVH_INZAGETERMIJN_JAREN: z.coerce.number().int().min(1).max(5).default(1),
    /** How often a casus that waits on a legal hold checks again (lifting a hold also wakes it at once). */
    ZVH_LEGAL_HOLD_HERCONTROLE_DAGEN: z.coerce.number().int().min(1).max(365).default(7),
    /** Days past its archiefdatum after which the sweep takes over a casus whose workflow did not finish the job. */
    ZVH_SWEEP_MARGE_DAGEN: z.coerce.number().int().min(0).max(365).default(2),
    /** Afspr. 12.2 option 1: the procesregisseur takes the intake and final assessment on behalf of the overheidsdeelnemers. */
    ZVH_PROCESREGISSEUR_BEOORDEELT: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    /** History length after which a casus workflow continues as new (Temporal's own suggestion also counts). */
    ZVH_WORKFLOW_HISTORIE_LIMIET: z.coerce.number().int().min(50).max(40_000).default(5_000),
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
    procesregisseurBeoordeelt: env.ZVH_PROCESREGISSEUR_BEOORDEELT,
  }));

export type Policy = z.output<typeof policySchema>;

/** The defaults, for tests and tools that run without an environment. */
export const standaardPolicy: Policy = policySchema.parse({});
