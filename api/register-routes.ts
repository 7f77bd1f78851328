import { Router } from 'express';
import { z } from 'zod';
import { deelnemerIdSchema, deelnemerTypen, eenRegel } from '../domain/casus';
import { compareDates, isoDateSchema } from '../domain/dates';
import type { Prisma } from '../generated/prisma/client';
import { dateColumn, dateOfColumn, dutchCalendarDate } from '../infra/calendar';
import { gewijzigdeVelden, registerBeheer } from './authorize';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { parseInput, Problem, problems } from './problem';
import type { RouteDeps } from './deps';

const ACTIE = 'register.beheren';

/** Deelnemer ids are slugs, e.g. `politie-midden-nederland`: they appear in tokens (`zvh_deelnemer`) and logs. */

const screeningSchema = z.strictObject({
  soort: z.enum(['VOG', 'GELIJKWAARDIG']),
  datum: isoDateSchema.refine((d) => compareDates(d, dutchCalendarDate(new Date())) <= 0, 'ligt in de toekomst'),
});

const minstensEenVeld = (body: Record<string, unknown>) => Object.values(body).some((v) => v !== undefined);

/** Where the Contactpunt's consultations about AVG-verzoeken go (BGS 1.2 lid 2); without one, the Contactpunt's own box. */
const contactEmail = z.email().max(254);
export const nieuweDeelnemerSchema = z.strictObject({
  id: deelnemerIdSchema,
  naam: eenRegel(200),
  type: z.enum(deelnemerTypen),
  contactEmail: contactEmail.optional(),
});
export const deelnemerWijzigingSchema = z
  .strictObject({
    naam: eenRegel(200).optional(),
    actief: z.boolean().optional(),
    contactEmail: contactEmail.nullable().optional(),
  })
  .refine(minstensEenVeld, 'noem minstens één veld om te wijzigen');
export const nieuweMedewerkerSchema = z.strictObject({
  id: z.uuid().toLowerCase().optional(),
  naam: eenRegel(200),
  deelnemerId: deelnemerIdSchema,
  screening: screeningSchema.optional(),
});
export const medewerkerWijzigingSchema = z
  .strictObject({
    naam: eenRegel(200).optional(),
    actief: z.boolean().optional(),
    screening: screeningSchema.optional(),
  })
  .refine(minstensEenVeld, 'noem minstens één veld om te wijzigen');

export const deelnemerParam = z.strictObject({ id: deelnemerIdSchema });
// Lower case, as the ids are stored: Postgres matches a UUID in any case, the audit detail should not vary.
export const medewerkerParam = z.strictObject({ id: z.uuid().toLowerCase() });
export const medewerkersQuery = z.strictObject({ deelnemerId: deelnemerIdSchema.optional() });

/** What the register answers (api/openapi.ts documents these; the tests check every answer against them). */
export const deelnemerAntwoord = z
  .strictObject({
    id: z.string(),
    naam: z.string(),
    type: z.enum(deelnemerTypen),
    actief: z.boolean(),
    contactEmail: z.string().nullable(),
  })
  .meta({ id: 'Deelnemer' });
export const medewerkerAntwoord = z
  .strictObject({
    id: z.uuid(),
    naam: z.string(),
    deelnemerId: z.string(),
    actief: z.boolean(),
    screeningSoort: z.enum(['VOG', 'GELIJKWAARDIG']).nullable(),
    screeningDatum: z.iso.date().nullable().meta({ format: 'date' }),
  })
  .meta({ id: 'Medewerker' });

const bestaatAl = (detail: string) => new Problem(409, 'bestaat-al', 'Bestaat al', detail);
const isUniekeSchending = (err: unknown) => (err as { code?: unknown }).code === 'P2002';

const deelnemerSelect = {
  id: true,
  naam: true,
  type: true,
  actief: true,
  contactEmail: true,
} satisfies Prisma.DeelnemerSelect;
const medewerkerSelect = {
  id: true,
  naam: true,
  deelnemerId: true,
  actief: true,
  screeningSoort: true,
  screeningDatum: true,
} satisfies Prisma.MedewerkerSelect;
type MedewerkerRecord = Prisma.MedewerkerGetPayload<{ select: typeof medewerkerSelect }>;

const medewerkerView = (m: MedewerkerRecord): z.input<typeof medewerkerAntwoord> => ({
  ...m,
  screeningDatum: m.screeningDatum === null ? null : dateOfColumn(m.screeningDatum),
});

const screeningData = (s: z.infer<typeof screeningSchema> | undefined) =>
  s === undefined ? {} : { screeningSoort: s.soort, screeningDatum: dateColumn(s.datum) };

export function registerRoutes({ db, authenticate }: RouteDeps): Router {
  const router = Router();

  const { bevoegd: systeembeheerder, log, aangemaakt, eerderAangemaakt } = registerBeheer(db, authenticate, ACTIE);

  router.get(
    '/deelnemers',
    endpoint(ACTIE, async (req, res) => {
      const actor = await systeembeheerder(req);
      parseInput(z.strictObject({}), req.query);
      const items = await db.deelnemer.findMany({ select: deelnemerSelect, orderBy: { id: 'asc' } });
      await log(db, actor, { raadplegen: 'deelnemers', aantal: items.length });
      res.json({ items });
    }),
  );

  router.post(
    '/deelnemers',
    endpoint(ACTIE, async (req, res) => {
      const actor = await systeembeheerder(req);
      const body = parseInput(nieuweDeelnemerSchema, req.body);
      let deelnemer: Prisma.DeelnemerGetPayload<{ select: typeof deelnemerSelect }> | null;
      try {
        deelnemer = await db.$transaction(async (tx) => {
          if (await tx.deelnemer.findUnique({ where: { id: body.id }, select: { id: true } })) return null;
          const created = await tx.deelnemer.create({ data: body, select: deelnemerSelect });
          await log(tx, actor, { deelnemerId: body.id, velden: gewijzigdeVelden(body), ...aangemaakt(req) });
          return created;
        });
      } catch (err) {
        if (!isUniekeSchending(err)) throw err;
        deelnemer = null;
      }
      // Taken: by this request's first run (a repeat under its Idempotency-Key whose answer was lost), or by another.
      if (!deelnemer && !(await eerderAangemaakt(req, actor))) throw bestaatAl(`Deelnemer ${body.id} bestaat al.`);
      res
        .status(201)
        .json(deelnemer ?? (await db.deelnemer.findUniqueOrThrow({ where: { id: body.id }, select: deelnemerSelect })));
    }),
  );

  router.patch(
    '/deelnemers/:id',
    endpoint(ACTIE, async (req, res) => {
      const actor = await systeembeheerder(req);
      const { id } = parseInput(deelnemerParam, req.params);
      const body = parseInput(deelnemerWijzigingSchema, req.body);
      const deelnemer = await db.$transaction(async (tx) => {
        if (!(await tx.deelnemer.findUnique({ where: { id }, select: { id: true } })))
          throw problems.nietGevonden(`Deelnemer ${id} bestaat niet.`);
        const updated = await tx.deelnemer.update({ where: { id }, data: body, select: deelnemerSelect });
        await log(tx, actor, { deelnemerId: id, velden: gewijzigdeVelden(body) });
        return updated;
      });
      res.json(deelnemer);
    }),
  );

  router.get(
    '/medewerkers',
    endpoint(ACTIE, async (req, res) => {
      const actor = await systeembeheerder(req);
      const { deelnemerId } = parseInput(medewerkersQuery, req.query);
      const items = await db.medewerker.findMany({
        where: { deelnemerId },
        select: medewerkerSelect,
        orderBy: [{ deelnemerId: 'asc' }, { id: 'asc' }],
      });
      await log(db, actor, {
        raadplegen: 'medewerkers',
        ...(deelnemerId === undefined ? {} : { deelnemerId }),
        aantal: items.length,
      });
      res.json({ items: items.map(medewerkerView) });
    }),
  );

  router.post(
    '/medewerkers',
    endpoint(ACTIE, async (req, res) => {
      const actor = await systeembeheerder(req);
      const { screening, ...body } = parseInput(nieuweMedewerkerSchema, req.body);
      // Without an id of the caller's, a repeat under the same Idempotency-Key finds what its first run made.
      const id = body.id ?? nieuwId(req);
      let medewerker: MedewerkerRecord | null;
      try {
        medewerker = await db.$transaction(async (tx) => {
          if (!(await tx.deelnemer.findUnique({ where: { id: body.deelnemerId }, select: { id: true } }))) {
            const fout = { name: 'deelnemerId', reason: 'is geen bestaande deelnemer' };
            throw problems.ongeldigeInvoer([fout], `Deelnemer ${body.deelnemerId} bestaat niet.`);
          }
          if (await tx.medewerker.findUnique({ where: { id }, select: { id: true } })) return null;
          const created = await tx.medewerker.create({
            data: { ...body, id, ...screeningData(screening) },
            select: medewerkerSelect,
          });
          await log(tx, actor, {
            medewerkerId: id,
            deelnemerId: body.deelnemerId,
            velden: gewijzigdeVelden({ ...body, id, screening }),
            ...aangemaakt(req),
          });
          return created;
        });
      } catch (err) {
        if (!isUniekeSchending(err)) throw err;
        medewerker = null;
      }
      if (!medewerker && !(await eerderAangemaakt(req, actor))) throw bestaatAl(`Medewerker ${id} bestaat al.`);
      res
        .status(201)
        .json(
          medewerkerView(
            medewerker ?? (await db.medewerker.findUniqueOrThrow({ where: { id }, select: medewerkerSelect })),
          ),
        );
    }),
  );

  router.patch(
    '/medewerkers/:id',
    endpoint(ACTIE, async (req, res) => {
      const actor = await systeembeheerder(req);
      const { id } = parseInput(medewerkerParam, req.params);
      const { screening, ...body } = parseInput(medewerkerWijzigingSchema, req.body);
      const medewerker = await db.$transaction(async (tx) => {
        const bestaand = await tx.medewerker.findUnique({ where: { id }, select: { deelnemerId: true } });
        if (!bestaand) throw problems.nietGevonden(`Medewerker ${id} bestaat niet.`);
        const updated = await tx.medewerker.update({
          where: { id },
          data: { ...body, ...screeningData(screening) },
          select: medewerkerSelect,
        });
        await log(tx, actor, {
          medewerkerId: id,
          deelnemerId: bestaand.deelnemerId,
          velden: gewijzigdeVelden({ ...body, screening }),
        });
        return updated;
      });
      res.json(medewerkerView(medewerker));
    }),
  );

  return router;
}
