import { z } from 'zod';

/**
 * Policy defaults for the numbers the law leaves open (SPEC §7). One typed, validated configuration per ZVH, read
 * from ZVH_* environment variables; the README's configuration table lists each with its source.
 */
export const policySchema = z
  .object({
    /** Lead time for the intake decision after aanmelding (SPEC §7: not fixed by law). */
    ZVH_INTAKE_TERMIJN_DAGEN: z.coerce.number().int().min(1).max(365).default(14),
  })
  .transform((env) => ({ intakeTermijnDagen: env.ZVH_INTAKE_TERMIJN_DAGEN }));

export type Policy = z.output<typeof policySchema>;
