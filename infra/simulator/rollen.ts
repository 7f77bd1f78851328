import { archief } from './archief';
import { deelnemer } from './deelnemer';
import type { RolHandler, SimSoort } from './index';
import { riec } from './riec';
import { zvh } from './zvh';

/** What each kind of simulated partner does with a request (one module per role). */
export const rollen: Record<SimSoort, RolHandler> = { deelnemer, archief, zvh, riec };
