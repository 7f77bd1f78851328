import { randomUUID } from 'node:crypto';
import type { Criteria } from '../domain/casus';

export type Moment = 'AANMELDING' | 'INTAKE' | 'EINDBEOORDELING';

/** BGS 2.20 lid 3: the degree each criterion is met, recorded at aanmelding, intake and final assessment. */
export const criteriumRows = (criteria: Criteria, moment: Moment, casusId: string, besluitId: string | null) =>
  (['A', 'B', 'C', 'D'] as const).map((criterium) => ({
    id: randomUUID(),
    casusId,
    besluitId,
    moment,
    criterium,
    mate: criteria[criterium].mate,
    toelichting: criteria[criterium].toelichting,
  }));
