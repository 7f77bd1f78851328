import { Router } from 'express';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import type { Prisma } from '../generated/prisma/client';
import { logAudit } from '../infra/audit';
import { autoriseer } from './authorize';
import { endpoint } from './endpoints';
import { parseInput } from './problem';
import type { RouteDeps } from './deps';

/** The policy action (domain/autorisatie.ts); also the `actie` under which reads of the log are logged. */
export const AUDITLOG_ACTIE = 'auditlog.raadplegen';

export const AUDITLOG_MAX_LIMIET = 1000;
const STANDAARD_LIMIET = 100;
const BIGINT_MAX = 9_223_372_036_854_775_807n;

// Postgres refuses what these would otherwise pass on: timestamps before AD 1 (there is no year 0) and NUL in text.
const tijdstip = z.iso
  .datetime({ offset: true, error: 'moet een ISO-8601-tijdstip zijn, bv. 2026-01-31T12:00:00Z' })
  .refine((t) => Date.parse(t) >= Date.parse('0001-01-01T00:00:00Z'), 'ligt vóór het jaar 1');
const tekst = z
  .string()
  .min(1)
  .max(100)
  .refine((t) => !t.includes('\u0000'), 'bevat een NUL-teken');

/** Query parameters; unknown ones are refused (a typo must not silently widen the result). */
export const auditlogQuerySchema = z
  .strictObject({
    van: tijdstip.optional(),
    tot: tijdstip.optional(),
    medewerkerId: z.guid().optional(),
    deelnemerId: tekst.optional(),
    casusId: z.guid().optional(),
    casusPseudoniem: z.guid().optional(),
    actie: tekst.optional(),
    uitkomst: z.enum(['TOEGESTAAN', 'GEWEIGERD']).optional(),
    limiet: z.coerce.number().int().min(1).max(AUDITLOG_MAX_LIMIET).default(STANDAARD_LIMIET),
    na: z
      .string()
      .regex(/^\d{1,19}$/, 'moet het id (een geheel getal) van de laatste regel van de vorige pagina zijn')
      .transform((s) => BigInt(s))
      .refine((n) => n <= BIGINT_MAX, 'is te groot')
      .optional(),
    formaat: z.enum(['json', 'csv']).optional(),
  })
  .refine((q) => q.van === undefined || q.tot === undefined || Date.parse(q.van) < Date.parse(q.tot), {
    path: ['tot'],
    message: 'moet na van liggen',
  });

type AuditlogQuery = z.infer<typeof auditlogQuerySchema>;

const select = {
  id: true,
  tijdstip: true,
  medewerkerId: true,
  deelnemerId: true,
  actie: true,
  casusId: true,
  casusPseudoniem: true,
  grondslag: true,
  uitkomst: true,
  detail: true,
  hash: true,
  vorigeHash: true,
} satisfies Prisma.AuditLogSelect;

type AuditRecord = Prisma.AuditLogGetPayload<{ select: typeof select }>;

/**
 * What an auditor gets of an entry: the facts and the chain links (`hash`, `vorigeHash`, so that the FG can keep an
 * anchor and check it with `npx zvh audit verify --anchor`). Not the salt and commitments (`zout`, `casus_ref`,
 * `detail_ref`): they serve the verifier only, and the salt would re-link a pseudonymised entry to its casus.
 */
const entryView = (e: AuditRecord) => ({
  id: e.id.toString(),
  tijdstip: e.tijdstip.toISOString(),
  medewerkerId: e.medewerkerId,
  deelnemerId: e.deelnemerId,
  actie: e.actie,
  casusId: e.casusId,
  casusPseudoniem: e.casusPseudoniem,
  grondslag: e.grondslag,
  uitkomst: e.uitkomst,
  detail: e.detail,
  hash: e.hash,
  vorigeHash: e.vorigeHash,
});

type EntryView = ReturnType<typeof entryView>;

export const AUDITLOG_CSV_KOLOMMEN = [
  'id',
  'tijdstip',
  'medewerkerId',
  'deelnemerId',
  'actie',
  'casusId',
  'casusPseudoniem',
  'grondslag',
  'uitkomst',
  'detail',
  'hash',
  'vorigeHash',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or is empty text (an empty field is
 * null). A value that a spreadsheet would run as a formula (leading = + - @ tab CR) gets a leading apostrophe
 * (OWASP "CSV injection"); ids, timestamps and hashes never start with one.
 */
export function csvVeld(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return safe === '' || /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvRegel = (e: EntryView): string =>
  AUDITLOG_CSV_KOLOMMEN.map((k) =>
    csvVeld(k === 'detail' ? (e.detail === null ? null : JSON.stringify(e.detail)) : e[k]),
  ).join(',');

const toCsv = (items: EntryView[]): string =>
  [AUDITLOG_CSV_KOLOMMEN.join(','), ...items.map(csvRegel)].map((r) => `${r}\r\n`).join('');

function whereOf(q: AuditlogQuery): Prisma.AuditLogWhereInput {
  return {
    ...(q.van !== undefined || q.tot !== undefined
      ? {
          tijdstip: {
            ...(q.van !== undefined ? { gte: new Date(q.van) } : {}),
            ...(q.tot !== undefined ? { lt: new Date(q.tot) } : {}),
          },
        }
      : {}),
    ...(q.na !== undefined ? { id: { gt: q.na } } : {}),
    medewerkerId: q.medewerkerId,
    deelnemerId: q.deelnemerId,
    casusId: q.casusId,
    casusPseudoniem: q.casusPseudoniem,
    actie: q.actie,
    uitkomst: q.uitkomst,
  };
}

/** The filters as logged with the read: ids, timestamps and codes only (the casus goes in the entry's casus_id). */
function gelogdeFilters(q: AuditlogQuery): Prisma.InputJsonObject {
  const { casusId: _casusId, na, ...rest } = q;
  const filters: Record<string, string | number> = {};
  for (const [k, v] of Object.entries({ ...rest, na: na?.toString() })) if (v !== undefined) filters[k] = v;
  return filters;
}

export function auditRoutes({ db, authenticate }: RouteDeps): Router {
  const router = Router();

  router.get(
    '/auditlog',
    endpoint(AUDITLOG_ACTIE, async (req, res) => {
      const actor = await authenticate(req);
      // Only the FG (role `fg`); a refusal is logged and answered 403 (api/authorize.ts).
      await autoriseer(db, AUDITLOG_ACTIE, { actor });
      const q = parseInput(auditlogQuerySchema, req.query);
      const formaat = q.formaat ?? (req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');

      const rows = await db.auditLog.findMany({
        where: whereOf(q),
        orderBy: { id: 'asc' },
        take: q.limiet + 1,
        select,
      });
      const items = rows.slice(0, q.limiet).map(entryView);
      const volgende = rows.length > q.limiet ? (items.at(-1)?.id ?? null) : null;

      await logAudit(db, {
        medewerkerId: actor.medewerkerId,
        deelnemerId: actor.deelnemerId,
        actie: AUDITLOG_ACTIE,
        casusId: q.casusId ?? null,
        grondslag: beleid[AUDITLOG_ACTIE].grondslag,
        uitkomst: 'TOEGESTAAN',
        detail: { filters: gelogdeFilters(q), formaat, aantal: items.length },
      });

      if (volgende !== null) {
        const next = new URLSearchParams(
          Object.entries(req.query).filter((kv): kv is [string, string] => typeof kv[1] === 'string'),
        );
        next.set('na', volgende);
        res.links({ next: `${req.baseUrl}${req.path}?${next.toString()}` });
      }
      if (formaat === 'csv') {
        // attachment() sets a Content-Type from the file name, so the exact type follows it.
        res.status(200).attachment('auditlog.csv').type('text/csv; charset=utf-8; header=present').send(toCsv(items));
        return;
      }
      res.json({ items, volgende });
    }),
  );

  return router;
}
