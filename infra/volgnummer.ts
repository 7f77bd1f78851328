import type { AuditDb } from './audit';
import { dutchCalendarDate } from './calendar';

/** The kinds of administrative number and the Postgres sequence each is drawn from (one series each, never reused). */
const reeksen = {
  ZVH: 'casusnummer_seq',
  DL: 'datalek_nummer_seq',
  TX: 'topx_nummer_seq',
  AVG: 'avg_verzoeknummer_seq',
  KL: 'klacht_nummer_seq',
} as const;

export type Nummersoort = keyof typeof reeksen;

/**
 * The next administrative number of a kind: `<soort>-<year>-<six digits>`, e.g. `ZVH-2026-000042` for a casus. The
 * year is the Dutch calendar year of `op` (on New Year's Eve after 23:00 UTC it is already the next one in NL).
 */
export async function volgnummer(db: AuditDb, soort: Nummersoort, op: Date): Promise<string> {
  const [{ nr }] = await db.$queryRaw<[{ nr: bigint }]>`SELECT nextval(${reeksen[soort]}::regclass) AS nr`;
  return `${soort}-${dutchCalendarDate(op).slice(0, 4)}-${String(nr).padStart(6, '0')}`;
}
