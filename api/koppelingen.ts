import { Router } from 'express';
import { z } from 'zod';
import { deelnemerIdSchema, eenRegel } from '../domain/casus';
import type { Prisma } from '../generated/prisma/client';
import type { PayloadCodecConfig } from '../infra/codec';
import { isLoopbackUrl, isToegestaneKoppelingUrl } from '../infra/koppeling-http';
import {
  KOPPELING_SLEUTEL_BYTES,
  nieuweKoppelingSleutel,
  ontsleutelKoppelingSleutel,
  versleutelKoppelingSleutel,
} from '../infra/koppeling-sleutel';
import { gewijzigdeVelden, registerBeheer } from './authorize';
import { endpoint } from './endpoints';
import { parseInput, Problem, problems } from './problem';
import type { RouteDeps } from './deps';

/**
 * The register of koppelingen with partner systems (issue #7), kept by the systeembeheerder: a deelnemer's own
 * system, another ZVH, a RIEC; reached over signed HTTPS or, for a deelnemer without a system, by a notification mail.
 * The HMAC key is generated here and shown once (or, when the partner issued it, given once); it is stored
 * encrypted and never shown again — a new one replaces it (`nieuweSleutel`). Changes are logged, names of fields only.
 */
export interface KoppelingRouteDeps extends RouteDeps {
  sleutels: PayloadCodecConfig;
  /** Partner URLs on this machine (development: the simulator, a second local ZVH); off in production. */
  loopbackToegestaan: boolean;
}

const ACTIE = 'koppeling.beheren';

/** A partner's URL; one on this machine only where the configuration allows it (development, the simulator). */
const koppelingUrl = (loopbackToegestaan: boolean) =>
  z
    .string()
    .max(500)
    .refine(isToegestaneKoppelingUrl, 'moet een https-URL zijn (http alleen op deze machine)')
    .refine((u) => loopbackToegestaan || !isLoopbackUrl(u), 'mag niet naar deze machine wijzen');
const sleutel = z
  .base64()
  .refine(
    (s) => Buffer.from(s, 'base64').length === KOPPELING_SLEUTEL_BYTES,
    `moet ${KOPPELING_SLEUTEL_BYTES} bytes zijn (base64)`,
  )
  .describe('the HMAC key the partner issued');

export const nieuweKoppelingSchema = (loopbackToegestaan: boolean) =>
  z
    .strictObject({
      id: deelnemerIdSchema,
      naam: eenRegel(200),
      soort: z.enum(['DEELNEMER', 'ZVH', 'RIEC']),
      deelnemerId: deelnemerIdSchema.optional(),
      kanaal: z.enum(['HTTPS', 'MAIL']),
      url: koppelingUrl(loopbackToegestaan).optional(),
      email: z.email().max(254).optional(),
      sleutel: sleutel.optional(),
    })
    .superRefine((k, ctx) => {
      if ((k.soort === 'DEELNEMER') !== (k.deelnemerId !== undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['deelnemerId'],
          message: 'hoort bij (en alleen bij) een koppeling van soort DEELNEMER',
        });
      if (k.kanaal === 'HTTPS' && k.url === undefined)
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'is verplicht bij kanaal HTTPS' });
      if (k.kanaal === 'MAIL' && k.email === undefined)
        ctx.addIssue({ code: 'custom', path: ['email'], message: 'is verplicht bij kanaal MAIL' });
      if (k.kanaal === 'MAIL' && k.soort !== 'DEELNEMER')
        ctx.addIssue({ code: 'custom', path: ['kanaal'], message: 'een ZVH of RIEC is alleen via HTTPS gekoppeld' });
      if (k.kanaal === 'MAIL' && k.sleutel !== undefined)
        ctx.addIssue({ code: 'custom', path: ['sleutel'], message: 'hoort bij kanaal HTTPS' });
    });

export const koppelingWijzigingSchema = (loopbackToegestaan: boolean) =>
  z
    .strictObject({
      naam: eenRegel(200).optional(),
      url: koppelingUrl(loopbackToegestaan).optional(),
      email: z.email().max(254).optional(),
      actief: z.boolean().optional(),
      nieuweSleutel: z.literal(true).optional(),
    })
    .refine((b) => Object.values(b).some((v) => v !== undefined), 'noem minstens één veld om te wijzigen');

export const idParam = z.strictObject({ id: deelnemerIdSchema });
const select = {
  id: true,
  naam: true,
  soort: true,
  deelnemerId: true,
  kanaal: true,
  url: true,
  email: true,
  actief: true,
  createdAt: true,
} satisfies Prisma.KoppelingSelect;

export function koppelingRoutes({ db, authenticate, sleutels, loopbackToegestaan }: KoppelingRouteDeps): Router {
  const router = Router();
  const nieuw = nieuweKoppelingSchema(loopbackToegestaan);
  const wijziging = koppelingWijzigingSchema(loopbackToegestaan);
  const { bevoegd: systeembeheerder, log, aangemaakt, eerderAangemaakt } = registerBeheer(db, authenticate, ACTIE);

  router.get(
    '/koppelingen',
    endpoint(ACTIE, async (req, res) => {
      const actor = await systeembeheerder(req);
      parseInput(z.strictObject({}), req.query);
      const items = await db.koppeling.findMany({ select, orderBy: { id: 'asc' } });
      await log(db, actor, { raadplegen: 'koppelingen', aantal: items.length });
      res.json({ items });
    }),
  );

  router.post(
    '/koppelingen',
    endpoint(ACTIE, async (req, res) => {
      const actor = await systeembeheerder(req);
      const body = parseInput(nieuw, req.body);
      const geheim =
        body.kanaal === 'HTTPS'
          ? body.sleutel
            ? Buffer.from(body.sleutel, 'base64')
            : nieuweKoppelingSleutel()
          : null;
      const bestaatAl = () => new Problem(409, 'bestaat-al', 'Bestaat al', `Koppeling ${body.id} bestaat al.`);
      const koppeling = await db
        .$transaction(async (tx) => {
          if (await tx.koppeling.findUnique({ where: { id: body.id }, select: { id: true } })) return null;
          if (body.deelnemerId !== undefined) {
            const deelnemer = await tx.deelnemer.findUnique({
              where: { id: body.deelnemerId },
              select: { koppeling: { select: { id: true } } },
            });
            if (!deelnemer)
              throw problems.ongeldigeInvoer(
                [{ name: 'deelnemerId', reason: 'is geen bestaande deelnemer' }],
                `Deelnemer ${body.deelnemerId} bestaat niet.`,
              );
            if (deelnemer.koppeling)
              throw new Problem(
                409,
                'bestaat-al',
                'Bestaat al',
                `Deelnemer ${body.deelnemerId} heeft al koppeling ${deelnemer.koppeling.id}.`,
              );
          }
          const created = await tx.koppeling.create({
            data: {
              id: body.id,
              naam: body.naam,
              soort: body.soort,
              deelnemerId: body.deelnemerId ?? null,
              kanaal: body.kanaal,
              url: body.url ?? null,
              email: body.email ?? null,
              ...(geheim ? versleutelKoppelingSleutel(sleutels, body.id, geheim) : {}),
            },
            select,
          });
          const sleutelHerkomst = geheim ? (body.sleutel ? 'gegeven' : 'gegenereerd') : 'geen';
          await log(tx, actor, {
            koppelingId: body.id,
            velden: gewijzigdeVelden({ ...body, sleutel: undefined }),
            sleutel: sleutelHerkomst,
            ...aangemaakt(req),
          });
          return created;
        })
        .catch((err: unknown) => {
          if ((err as { code?: unknown }).code === 'P2002') return null;
          throw err;
        });
      if (koppeling) {
        // Shown once: only a key generated here is returned; a key the partner issued, it already has.
        res
          .status(201)
          .json({ ...koppeling, ...(geheim && !body.sleutel ? { sleutel: geheim.toString('base64') } : {}) });
        return;
      }
      // Taken: by this request's first run (a repeat under its Idempotency-Key whose answer was lost), or by another.
      if (!(await eerderAangemaakt(req, actor))) throw bestaatAl();
      const metSleutel = { ...select, sleutel: true, sleutelId: true };
      const {
        sleutel: opgeslagen,
        sleutelId,
        ...eerder
      } = await db.koppeling.findUniqueOrThrow({ where: { id: body.id }, select: metSleutel });
      // The answer the first run would have given, its generated key too: the same medewerker asks under the same key.
      const gegenereerd =
        !body.sleutel && opgeslagen && sleutelId
          ? ontsleutelKoppelingSleutel(sleutels, body.id, { sleutel: opgeslagen, sleutelId })
          : null;
      res.status(201).json({ ...eerder, ...(gegenereerd ? { sleutel: gegenereerd.toString('base64') } : {}) });
    }),
  );

  router.patch(
    '/koppelingen/:id',
    endpoint(ACTIE, async (req, res) => {
      const actor = await systeembeheerder(req);
      const { id } = parseInput(idParam, req.params);
      const { nieuweSleutel, ...body } = parseInput(wijziging, req.body);
      const geheim = nieuweSleutel ? nieuweKoppelingSleutel() : null;
      const koppeling = await db.$transaction(async (tx) => {
        const bestaand = await tx.koppeling.findUnique({ where: { id }, select: { kanaal: true } });
        if (!bestaand) throw problems.nietGevonden(`Koppeling ${id} bestaat niet.`);
        const verkeerd =
          bestaand.kanaal === 'HTTPS'
            ? body.email !== undefined
              ? 'email'
              : null
            : body.url !== undefined || geheim
              ? body.url !== undefined
                ? 'url'
                : 'nieuweSleutel'
              : null;
        if (verkeerd) {
          const reason = `past niet bij kanaal ${bestaand.kanaal}`;
          throw problems.ongeldigeInvoer(
            [{ name: verkeerd, reason }],
            `Veld ${verkeerd} past niet bij kanaal ${bestaand.kanaal}.`,
          );
        }
        const updated = await tx.koppeling.update({
          where: { id },
          data: { ...body, ...(geheim ? versleutelKoppelingSleutel(sleutels, id, geheim) : {}) },
          select,
        });
        await log(tx, actor, { koppelingId: id, velden: gewijzigdeVelden({ ...body, nieuweSleutel }) });
        return updated;
      });
      res.json({ ...koppeling, ...(geheim ? { sleutel: geheim.toString('base64') } : {}) });
    }),
  );

  return router;
}
