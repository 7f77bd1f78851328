import type { RolHandler } from './index';

let volgnummer = 0;

/** An archive intake (e-Depot): takes the multipart package and gives a receipt, as activities/archief.ts expects. */
export const archief: RolHandler = async () => ({ status: 201, body: { ontvangstbewijs: `SIM-ARCH-${++volgnummer}` } });
