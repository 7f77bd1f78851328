import { Router, type Request } from 'express';
import { z } from 'zod';
import { beleid, type Actie } from '../domain/autorisatie';
import {
  avgBesluitSchema,
  avgEindfasen,
  avgFasen,
  avgVerlengingSchema,
  avgVerzoekSchema,
  consultatieAntwoordSchema,
  herbeoordelingSchema,
  type AvgHandelingSoort,
  type AvgHandelingVoorstel,
} from '../domain/avg-verzoek';
import type { Actor } from '../domain/casus';
import type { Prisma } from '../generated/prisma/client';
import { inzageExport, registreerAvgVerzoek } from '../activities/avg-verzoek';
import { logAudit } from '../infra/audit';
import { dateOfColumn, dutchCalendarDate } from '../infra/calendar';
import { avgHandeling, avgVerzoekWorkflowId } from '../workflows/avg-verzoek';
import { csvVeld } from './audit-routes';
import { autoriseer } from './authorize';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { parseInput, problems } from './problem';
import { eerdereWeigering, updateWeigering, type WeigeringOpties } from './update-weigering';
import { API_BASISPAD } from '../infra/api-versie';
import type { RouteDeps } from './deps';

export const idParam = z.strictObject({ id: z.uuid().toLowerCase() });
export const lijstQuery = z.strictObject({ fase: z.enum(avgFasen).optional() });
export const registerQuery = z.strictObject({ formaat: z.enum(['json', 'csv']).optional() });

const verzoekInclude = {
  casussen: { include: { casus: { select: { casusnummer: true } } } },
  consultaties: true,
  handelingen: { orderBy: { createdAt: 'asc' } },
} satisfies Prisma.AvgVerzoekInclude;
type VerzoekRecord = Prisma.AvgVerzoekGetPayload<{ include: typeof verzoekInclude }>;

const datum = (d: Date | null) => (d === null ? null : dateOfColumn(d));

/** The Contactpunt's view of one request (personal data: only for the Contactpunt, logged). */
const verzoekView = (v: VerzoekRecord) => ({
  id: v.id,
  verzoeknummer: v.verzoeknummer,
  soort: v.soort,
  fase: v.fase,
  ontvangenOp: datum(v.ontvangenOp),
  deadline: datum(v.deadline),
  verzoeker: {
    voornamen: v.voornamen,
    achternaam: v.achternaam,
    geboortedatum: datum(v.geboortedatum),
    bsn: v.bsn,
    adres: v.adres,
  },
  identiteit: { methode: v.identiteitMethode, datum: datum(v.identiteitGeverifieerdOp) },
  toelichting: v.toelichting,
  rectificatie: v.rectificatie,
  casussen: [
    ...new Map(
      v.casussen.map((c) => [
        c.casusId,
        { casusId: c.casusId, casusnummer: c.casus.casusnummer, naarArchief: c.naarArchief },
      ]),
    ).values(),
  ],
  consultaties: v.consultaties.map((c) => ({
    deelnemerId: c.deelnemerId,
    termijn: datum(c.termijn),
    uitkomst: c.uitkomst,
    grond: c.grond,
    omvang: c.omvang,
    gegevenIds: c.gegevenIds,
    categorieen: c.categorieen,
    herbeoordelingOp: datum(c.herbeoordelingOp),
    beantwoordOp: c.beantwoordOp?.toISOString() ?? null,
    vervallenOp: c.vervallenOp?.toISOString() ?? null,
  })),
  handelingen: v.handelingen.map((h) => ({
    id: h.id,
    soort: h.soort,
    status: h.status,
    gegevens: h.gegevens,
    motivering: h.motivering,
    document: h.document,
    deelnemerId: h.deelnemerId,
    weigerreden: h.weigerreden,
    vastgesteldOp: h.vastgesteldOp?.toISOString() ?? null,
  })),
  afgerondOp: v.afgerondOp?.toISOString() ?? null,
});

/** The register row (AVG 5 lid 2; for the FG): how requests were handled, without the requester's identity. */
const registerKolommen = [
  'verzoeknummer',
  'soort',
  'fase',
  'ontvangenOp',
  'deadline',
  'verlengd',
  'casussen',
  'geraadpleegd',
  'uavg41Gronden',
  'uitkomst',
  'afgerondOp',
  'binnenTermijn',
] as const;
type RegisterRegel = Record<(typeof registerKolommen)[number], string | number | boolean | null>;

function registerRegel(
  v: Prisma.AvgVerzoekGetPayload<{ include: { casussen: true; consultaties: true; handelingen: true } }>,
): RegisterRegel {
  const besluiten = v.handelingen
    .filter((h) => h.soort === 'BESLUIT' && h.status === 'VASTGESTELD')
    .sort((a, b) => a.vastgesteldOp!.getTime() - b.vastgesteldOp!.getTime());
  const eerste = besluiten[0];
  const deadline = dateOfColumn(v.deadline);
  return {
    verzoeknummer: v.verzoeknummer,
    soort: v.soort,
    fase: v.fase,
    ontvangenOp: dateOfColumn(v.ontvangenOp),
    deadline,
    verlengd: v.handelingen.some((h) => h.soort === 'VERLENGING' && h.status === 'VASTGESTELD'),
    casussen: new Set(v.casussen.map((c) => c.casusId)).size,
    geraadpleegd: v.consultaties.length,
    uavg41Gronden: [...new Set(v.consultaties.flatMap((c) => (c.grond ? [c.grond] : [])))].sort().join(' ') || null,
    uitkomst: (besluiten.at(-1)?.gegevens as { uitkomst?: string } | undefined)?.uitkomst ?? null,
    afgerondOp: v.afgerondOp?.toISOString() ?? null,
    binnenTermijn: eerste ? dutchCalendarDate(eerste.vastgesteldOp!) <= deadline : null,
  };
}

const weigeringOpties: WeigeringOpties = { afgerond: 'Het verzoek is afgehandeld.' };

/**
 * AVG-verzoeken (SPEC §4): the Contactpunt registers, extends and decides; consulted deelnemers answer and re-test
 * their UAVG 41 grounds. Every action is stored first (VOORGESTELD) and offered to the request's workflow as an
 * Update whose validator decides (403/409/422); a refused one is kept as GEWEIGERD and the refusal logged.
 */
export function avgVerzoekRoutes({ db, authenticate, workflows, policy }: RouteDeps<'workflows' | 'policy'>): Router {
  const router = Router();

  const toegang = async (req: Request, actie: Actie) => {
    const actor = await authenticate(req);
    await autoriseer(db, actie, { actor });
    return actor;
  };
  const log = (actor: Actor, actie: Actie, detail: Prisma.InputJsonObject) =>
    logAudit(db, {
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
      actie,
      casusId: null,
      grondslag: beleid[actie].grondslag,
      uitkomst: 'TOEGESTAAN',
      detail,
    });
  const laad = async (id: string) => {
    const v = await db.avgVerzoek.findUnique({ where: { id }, include: verzoekInclude });
    if (!v) throw problems.nietGevonden(`AVG-verzoek ${id} bestaat niet.`);
    return v;
  };

  router.post(
    '/avg-verzoeken',
    endpoint('avgverzoek.behandelen', async (req, res) => {
      const actor = await toegang(req, 'avgverzoek.behandelen');
      const nu = new Date();
      const invoer = parseInput(avgVerzoekSchema(dutchCalendarDate(nu)), req.body);
      const id = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its request: not registered twice.
      if (!(await db.avgVerzoek.count({ where: { id } })))
        await registreerAvgVerzoek(db, invoer, actor, policy, nu, { id });
      await workflows.start(avgVerzoekWorkflowId(id));
      res
        .status(201)
        .location(`${API_BASISPAD}/avg-verzoeken/${id}`)
        .json(verzoekView(await laad(id)));
    }),
  );

  // The work list: deadlines first, no personal data (the verzoeknummer is the handle).
  router.get(
    '/avg-verzoeken',
    endpoint('avgverzoek.behandelen', async (req, res) => {
      const actor = await toegang(req, 'avgverzoek.behandelen');
      const { fase } = parseInput(lijstQuery, req.query);
      const items = await db.avgVerzoek.findMany({
        where: fase ? { fase } : { fase: { in: ['IN_BEHANDELING', 'UAVG41_HERBEOORDELING'] } },
        include: { consultaties: true },
        orderBy: [{ deadline: 'asc' }, { verzoeknummer: 'asc' }],
      });
      await log(actor, 'avgverzoek.behandelen', { raadplegen: 'werklijst', aantal: items.length });
      res.json({
        items: items.map((v) => ({
          id: v.id,
          verzoeknummer: v.verzoeknummer,
          soort: v.soort,
          fase: v.fase,
          ontvangenOp: dateOfColumn(v.ontvangenOp),
          deadline: dateOfColumn(v.deadline),
          openConsultaties: v.consultaties
            .filter((c) => c.beantwoordOp === null)
            .map((c) => ({ deelnemerId: c.deelnemerId, termijn: dateOfColumn(c.termijn) })),
          volgendeHerbeoordeling:
            v.consultaties
              .filter((c) => c.uitkomst === 'BEROEP_UAVG41' && c.vervallenOp === null)
              .map((c) => datum(c.herbeoordelingOp))
              .sort()[0] ?? null,
        })),
      });
    }),
  );

  router.get(
    '/avg-verzoeken/register',
    endpoint('avgverzoek.register', async (req, res) => {
      const actor = await toegang(req, 'avgverzoek.register');
      const q = parseInput(registerQuery, req.query);
      const verzoeken = await db.avgVerzoek.findMany({
        include: { casussen: true, consultaties: true, handelingen: true },
        orderBy: { verzoeknummer: 'asc' },
      });
      const items = verzoeken.map(registerRegel);
      const formaat = q.formaat ?? (req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
      await log(actor, 'avgverzoek.register', { raadplegen: 'register', formaat, aantal: items.length });
      if (formaat === 'json') return void res.json({ items });
      const regels = [
        registerKolommen.join(','),
        ...items.map((i) => registerKolommen.map((k) => csvVeld(i[k] === null ? null : String(i[k]))).join(',')),
      ];
      res
        .status(200)
        .attachment('avg-verzoeken.csv')
        .type('text/csv; charset=utf-8; header=present')
        .send(regels.map((r) => `${r}\r\n`).join(''));
    }),
  );

  router.get(
    '/avg-verzoeken/:id',
    endpoint('avgverzoek.behandelen', async (req, res) => {
      const actor = await toegang(req, 'avgverzoek.behandelen');
      const { id } = parseInput(idParam, req.params);
      const v = await laad(id);
      await log(actor, 'avgverzoek.behandelen', { verzoekId: id, raadplegen: 'verzoek' });
      res.json(verzoekView(v));
    }),
  );

  // The inzage overview (AVG 15; Prot. 18.1) as it stands now, minus what live UAVG 41 grounds cover.
  router.get(
    '/avg-verzoeken/:id/inzage',
    endpoint('avgverzoek.behandelen', async (req, res) => {
      const actor = await toegang(req, 'avgverzoek.behandelen');
      const { id } = parseInput(idParam, req.params);
      const v = await laad(id);
      if (v.soort !== 'INZAGE') throw problems.verkeerdeFase(`Verzoek ${v.verzoeknummer} is geen verzoek om inzage.`);
      res.json(await inzageExport(db, id, actor));
    }),
  );

  /** One action on a request: stored, offered to the workflow, kept as GEWEIGERD (and logged) when refused. */
  const handeling = <S extends z.ZodType>(
    pad: string,
    soort: AvgHandelingSoort,
    actie: Actie,
    schema: S,
    voorstel: (body: z.infer<S>) => {
      uitkomst?: string;
      omvang?: AvgHandelingVoorstel['omvang'];
      motivering?: string | undefined;
      gegevens: Prisma.InputJsonObject;
    },
  ) =>
    router.post(
      `/avg-verzoeken/:id/${pad}`,
      endpoint(actie, async (req, res) => {
        const actor = await toegang(req, actie);
        const { id } = parseInput(idParam, req.params);
        const body = parseInput(schema, req.body);
        const v = await laad(id);
        const { uitkomst, omvang, motivering, gegevens } = voorstel(body);
        // A repeat under the same Idempotency-Key whose first answer was lost finds its action (see api/besluiten.ts).
        const handelingId = nieuwId(req);
        const eerder = await db.avgHandeling.findUnique({
          where: { id: handelingId },
          select: { status: true, weigerreden: true },
        });
        if (eerder?.status === 'GEWEIGERD') throw eerdereWeigering(eerder.weigerreden ?? 'GEWEIGERD', weigeringOpties);
        if (!eerder) {
          // A finished request has no workflow left to ask.
          if (avgEindfasen.includes(v.fase))
            throw problems.verkeerdeFase(`Verzoek ${v.verzoeknummer} is afgehandeld (fase ${v.fase}).`);
          const ids = (gegevens.gegevenIds as string[] | undefined) ?? [];
          if (ids.length > 0) {
            const casusIds = v.casussen.map((c) => c.casusId);
            const bekend = await db.gegeven.count({ where: { id: { in: ids }, casusId: { in: casusIds } } });
            if (bekend !== new Set(ids).size)
              throw problems.nietToegestaan(
                'onbekend-gegeven',
                'Onbekend gegeven',
                'Niet elk genoemd gegeven hoort bij de casussen van dit verzoek.',
              );
          }
          await db.avgHandeling.create({
            data: {
              id: handelingId,
              verzoekId: id,
              soort,
              gegevens,
              motivering: motivering ?? null,
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
            },
          });
        }
        try {
          if (eerder?.status !== 'VASTGESTELD')
            await workflows.update(
              avgVerzoekWorkflowId(id),
              avgHandeling,
              [{ handelingId, soort, actor, ...(uitkomst ? { uitkomst } : {}), ...(omvang ? { omvang } : {}) }],
              handelingId,
            );
        } catch (err) {
          const w = updateWeigering(err, weigeringOpties);
          if (!w) throw err;
          await db.$transaction(async (tx) => {
            await tx.avgHandeling.update({
              where: { id: handelingId },
              data: { status: 'GEWEIGERD', weigerreden: w.code },
            });
            await logAudit(tx, {
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
              actie,
              casusId: null,
              grondslag: beleid[actie].grondslag,
              uitkomst: 'GEWEIGERD',
              detail: { verzoekId: id, handelingId, code: w.code },
            });
          });
          throw w.problem;
        }
        res.json(verzoekView(await laad(id)));
      }),
    );

  handeling(
    'consultatie-antwoord',
    'CONSULTATIE_ANTWOORD',
    'avgverzoek.consulteren',
    consultatieAntwoordSchema,
    ({ motivering, ...a }) => ({
      uitkomst: a.uitkomst,
      motivering,
      ...(a.uitkomst === 'BEROEP_UAVG41'
        ? { omvang: a.omvang, gegevens: { ...a, herbeoordelingsdatum: a.herbeoordelingsdatum ?? null } }
        : { gegevens: a }),
    }),
  );
  handeling(
    'herbeoordeling',
    'HERBEOORDELING',
    'avgverzoek.consulteren',
    herbeoordelingSchema,
    ({ motivering, ...a }) => ({ uitkomst: a.uitkomst, motivering, gegevens: a }),
  );
  handeling('verlenging', 'VERLENGING', 'avgverzoek.behandelen', avgVerlengingSchema, ({ reden }) => ({
    motivering: reden,
    gegevens: {},
  }));
  handeling(
    'besluit',
    'BESLUIT',
    'avgverzoek.behandelen',
    avgBesluitSchema,
    ({ uitkomst, motivering, geweigerdeGegevenIds }) => ({
      uitkomst,
      motivering,
      gegevens: geweigerdeGegevenIds ? { uitkomst, geweigerdeGegevenIds } : { uitkomst },
    }),
  );

  return router;
}
