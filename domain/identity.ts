import { z } from 'zod';

/** Roles a medewerker can hold besides acting for its deelnemer (SPEC §1). Given by the identity provider. */
export const rollen = [
  'procesregisseur',
  'casusregisseur',
  'contactpunt',
  'fg',
  'archiefbeheerder',
  'systeembeheerder',
  'operator',
  // Management information without personal data (Afspr. 1.15, 4.9; Conv. 4.4 c, 6.4): the netwerkmanager runs the
  // ZVH, the Stuurgroep steers it and adopts the jaarverslag.
  'netwerkmanager',
  'stuurgroep',
] as const;
export type Rol = (typeof rollen)[number];

/** The audience our tokens are issued for, unless OIDC_AUDIENCE says otherwise. */
export const TOKEN_AUDIENCE = 'zvh-wgs';

/** What a verified token says about who acts: the medewerker (sub), the deelnemer it acts for, and its roles. */
export interface TokenClaims {
  medewerkerId: string;
  deelnemerId: string;
  rollen: Rol[];
}

export const tokenClaimsSchema = z
  .object({
    sub: z.uuid(),
    zvh_deelnemer: z.string().min(1).max(100),
    zvh_rollen: z.array(z.enum(rollen)).max(rollen.length).default([]),
  })
  .transform((c): TokenClaims => ({ medewerkerId: c.sub, deelnemerId: c.zvh_deelnemer, rollen: c.zvh_rollen }));
