import { Router, type Request } from 'express';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import {
  klachtAfhandelingSchema,
  klachtDeadline,
  klachtFase,
  klachtFasen,
  klachtHandelingWeigering,
  klachtKanalen,
  klachtOordelen,
  klachtReactieSchema,
  klachtSchema,
  klachtVerdagingSchema,
  type KlachtHandelingSoort,
  type KlachtInvoer,
} from '../domain/klacht';
import { addDays } from '../domain/dates';
import type { Prisma } from '../generated/prisma/client';
import { API_BASISPAD } from '../infra/api-versie';
import { logAudit } from '../infra/audit';
import { dateColumn, dateOfColumn, dutchCalendarDate, dutchDayStart } from '../infra/calendar';
import { volgnummer } from '../infra/volgnummer';
import { registreerWorkflowStart } from '../infra/workflow-start';
import { klachtHandeling, klachtWorkflowId } from '../workflows/klacht';
import { csvVeld } from './audit-routes';
import { zonderCasus } from './authorize';
import type { RouteDeps } from './deps';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { parseInput, Problem, problems } from './problem';
import { eerdereWeigering, updateWeigering, type WeigeringOpties } from './update-weigering';

/** A klacht's process has its own state: its 409 says so. */
const verkeerdeStand = (detail: string) =>
  new Problem(409, 'verkeerde-fase', 'Past niet bij de stand van de klacht', detail);

export const idParam = z.strictObject({ id: z.uuid().toLowerCase() });
export const lijstQuery = z.strictObject({ open: z.enum(['true', 'false']).optional() });
export const registerQuery = z.strictObject({ formaat: z.enum(['json', 'csv']).optional() });

const metHandelingen = { handelingen: { orderBy: { createdAt: 'asc' } } } as const satisfies Prisma.KlachtInclude;
type KlachtRij = Prisma.KlachtGetPayload<{ include: typeof metHandelingen }>;

const datum = z.iso.date();
const tijdstip = z.iso.datetime();

/** The work list's facts: number, dates, where it stands; never the klager or the complaint. */
export const klachtOverzichtAntwoord = z
  .strictObject({
    id: z.uuid(),
    nummer: z.string(),
    fase: z.enum(klachtFasen),
    ontvangenOp: datum,
    kanaal: z.enum(klachtKanalen),
    deadline: datum,
    verdaagd: z.boolean(),
    verlopen: z.boolean(),
    deelnemerIds: z.array(z.string()),
    reacties: z.int().min(0),
    casusId: z.uuid().nullable(),
    avgVerzoekId: z.uuid().nullable(),
    datalekId: z.uuid().nullable(),
    oordeel: z.enum(klachtOordelen).nullable(),
    afgehandeldOp: tijdstip.nullable(),
  })
  .meta({ id: 'KlachtOverzicht' });

export const klachtAntwoord = klachtOverzichtAntwoord
  .extend({
    klager: z.strictObject({ naam: z.string().nullable(), adres: z.string().nullable(), email: z.string().nullable() }),
    omschrijving: z.string().nullable(),
    /** Awb 9:6: the acknowledgement letter (HTML), for the Contactpunt to send. */
    ontvangstbevestiging: z.string().nullable(),
    handelingen: z.array(
      z.strictObject({
        id: z.uuid(),
        soort: z.enum(['VERDAGING', 'REACTIE', 'AFHANDELING']),
        status: z.enum(['VOORGESTELD', 'VASTGESTELD', 'GEWEIGERD']),
        gegevens: z.record(z.string(), z.unknown()),
        /** The letter it produced: the postponement notice or the outcome letter (Awb 9:11 lid 2, 9:12). */
        document: z.string().nullable(),
        deelnemerId: z.string(),
        vastgesteldOp: tijdstip.nullable(),
        weigerreden: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Klacht' });

export const klachtLijstAntwoord = z
  .strictObject({ items: z.array(klachtOverzichtAntwoord) })
  .meta({ id: 'KlachtLijst' });

/** One register entry (Awb 9:12a; AVG 5 lid 2): the facts and the judgement, never the klager or the complaint. */
export const klachtRegelAntwoord = z
  .strictObject({
    nummer: z.string(),
    fase: z.enum(klachtFasen),
    ontvangenOp: datum,
    kanaal: z.enum(klachtKanalen),
    deadline: datum,
    verdaagd: z.boolean(),
    afgehandeldOp: tijdstip.nullable(),
    binnenTermijn: z.boolean().nullable(),
    oordeel: z.enum(klachtOordelen).nullable(),
    deelnemerIds: z.array(z.string()),
    reacties: z.int().min(0),
    casusId: z.uuid().nullable(),
    avgVerzoekId: z.uuid().nullable(),
    datalekId: z.uuid().nullable(),
  })
  .meta({ id: 'KlachtRegisterRegel' });
export const klachtRegisterAntwoord = z
  .strictObject({ items: z.array(klachtRegelAntwoord) })
  .meta({ id: 'Klachtenregister' });

/** Handled on time: on or before the (postponed) deadline, counted in Dutch calendar days. */
const binnenTermijn = (k: KlachtRij): boolean | null =>
  k.afgehandeldOp === null ? null : dutchCalendarDate(k.afgehandeldOp) <= dateOfColumn(k.deadline);

/** Past its deadline and still open: from the Dutch midnight after the last day. */
const verlopen = (k: KlachtRij, nu: number): boolean =>
  k.afgehandeldOp === null && nu >= dutchDayStart(addDays(dateOfColumn(k.deadline), 1)).getTime();

const reacties = (k: KlachtRij) => k.handelingen.filter((h) => h.soort === 'REACTIE').length;

const overzicht = (k: KlachtRij, nu: number): z.input<typeof klachtOverzichtAntwoord> => ({
  id: k.id,
  nummer: k.nummer,
  fase: klachtFase({ afgehandeldOp: k.afgehandeldOp?.toISOString() ?? null }),
  ontvangenOp: dateOfColumn(k.ontvangenOp),
  kanaal: z.enum(klachtKanalen).parse(k.kanaal),
  deadline: dateOfColumn(k.deadline),
  verdaagd: k.verdaagd,
  verlopen: verlopen(k, nu),
  deelnemerIds: k.deelnemerIds,
  reacties: reacties(k),
  casusId: k.casusId,
  avgVerzoekId: k.avgVerzoekId,
  datalekId: k.datalekId,
  oordeel: k.oordeel,
  afgehandeldOp: k.afgehandeldOp?.toISOString() ?? null,
});

const volledig = (k: KlachtRij): z.input<typeof klachtAntwoord> => ({
  ...overzicht(k, Date.now()),
  klager: { naam: k.klagerNaam, adres: k.klagerAdres, email: k.klagerEmail },
  omschrijving: k.omschrijving,
  ontvangstbevestiging: k.ontvangstbevestiging,
  handelingen: k.handelingen.map((h) => ({
    id: h.id,
    soort: h.soort,
    status: h.status,
    gegevens: h.gegevens as Record<string, unknown>,
    document: h.document,
    deelnemerId: h.deelnemerId,
    vastgesteldOp: h.vastgesteldOp?.toISOString() ?? null,
    weigerreden: h.weigerreden,
  })),
});

function registerRegel(k: KlachtRij): z.input<typeof klachtRegelAntwoord> {
  const o = overzicht(k, Date.now());
  return {
    nummer: o.nummer,
    fase: o.fase,
    ontvangenOp: o.ontvangenOp,
    kanaal: o.kanaal,
    deadline: o.deadline,
    verdaagd: o.verdaagd,
    afgehandeldOp: o.afgehandeldOp,
    binnenTermijn: binnenTermijn(k),
    oordeel: o.oordeel,
    deelnemerIds: o.deelnemerIds,
    reacties: o.reacties,
    casusId: o.casusId,
    avgVerzoekId: o.avgVerzoekId,
    datalekId: o.datalekId,
  };
}

type RegisterRegel = ReturnType<typeof registerRegel>;
/** The CSV columns, in the entry's order: a Record over the keys, so a field added to the entry must be listed. */
const kolommen: Record<keyof RegisterRegel, true> = {
  nummer: true,
  fase: true,
  ontvangenOp: true,
  kanaal: true,
  deadline: true,
  verdaagd: true,
  afgehandeldOp: true,
  binnenTermijn: true,
  oordeel: true,
  deelnemerIds: true,
  reacties: true,
  casusId: true,
  avgVerzoekId: true,
  datalekId: true,
};
const KOLOMMEN = Object.keys(kolommen) as Array<keyof RegisterRegel>;
const csvWaarde = (v: RegisterRegel[keyof RegisterRegel]): string | null =>
  v === null || v === undefined ? null : Array.isArray(v) ? v.join('|') : String(v);
const registerCsv = (items: RegisterRegel[]): string =>
  [KOLOMMEN.join(','), ...items.map((i) => KOLOMMEN.map((k) => csvVeld(csvWaarde(i[k]))).join(','))]
    .map((r) => `${r}\r\n`)
    .join('');

/**
 * Klachten (Awb hoofdstuk 9; Afspr. 14.9; Prot. 16.5 f). The Contactpunt registers a complaint, which starts its
 * workflow (`klacht-<id>`: the acknowledgement, the deelnemers involved asked to react, the Awb term with reminder
 * and escalation); it postpones once and hands down the outcome. A named deelnemer adds its reaction. Postponement
 * and handling are stored as VOORGESTELD and offered to the workflow as an Update whose validator applies the policy
 * and the state; a refused one is kept as GEWEIGERD, logged. The FG and the Contactpunt read the register.
 */
export function klachtRoutes({ db, authenticate, workflows }: RouteDeps<'workflows'>): Router {
  const router = Router();
  const { log, weiger, bevoegd } = zonderCasus(db, authenticate);

  const laad = async (req: Request): Promise<KlachtRij> => {
    const { id } = parseInput(idParam, req.params);
    const k = await db.klacht.findUnique({ where: { id }, include: metHandelingen });
    if (!k) throw problems.nietGevonden(`Klacht ${id} bestaat niet.`);
    return k;
  };
  const opnieuw = (id: string) => db.klacht.findUniqueOrThrow({ where: { id }, include: metHandelingen });

  /** What a klacht refers to must exist: a casus, an AVG-verzoek, a datalek, registered deelnemers. */
  const onbekend = async (k: KlachtInvoer): Promise<string | undefined> => {
    if (k.casusId && !(await db.casus.count({ where: { id: k.casusId } }))) return 'De genoemde casus bestaat niet.';
    if (k.avgVerzoekId && !(await db.avgVerzoek.count({ where: { id: k.avgVerzoekId } })))
      return 'Het genoemde AVG-verzoek bestaat niet.';
    if (k.datalekId && !(await db.datalek.count({ where: { id: k.datalekId } })))
      return 'Het genoemde datalek bestaat niet.';
    const bekend = await db.deelnemer.count({ where: { id: { in: k.deelnemerIds }, actief: true } });
    return bekend === k.deelnemerIds.length ? undefined : 'Niet elke genoemde deelnemer staat actief in het register.';
  };

  router.post(
    '/klachten',
    endpoint('klacht.registreren', async (req, res) => {
      const actor = await bevoegd(req, 'klacht.registreren');
      const nu = new Date();
      const invoer = parseInput(klachtSchema(dutchCalendarDate(nu)), req.body);
      const fout = await onbekend(invoer);
      if (fout)
        await weiger(
          actor,
          'klacht.registreren',
          {},
          problems.nietToegestaan('onbekende-verwijzing', 'Onbekende verwijzing', fout),
        );
      const id = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its klacht: not registered twice.
      if (!(await db.klacht.count({ where: { id } }))) {
        const nummer = await volgnummer(db, 'KL', nu);
        await db.$transaction(async (tx) => {
          await tx.klacht.create({
            data: {
              id,
              nummer,
              ontvangenOp: dateColumn(invoer.ontvangenOp),
              kanaal: invoer.kanaal,
              klagerNaam: invoer.klager.naam,
              klagerAdres: invoer.klager.adres,
              klagerEmail: invoer.klager.email ?? null,
              omschrijving: invoer.omschrijving,
              deelnemerIds: invoer.deelnemerIds,
              casusId: invoer.casusId ?? null,
              avgVerzoekId: invoer.avgVerzoekId ?? null,
              datalekId: invoer.datalekId ?? null,
              deadline: dateColumn(klachtDeadline(invoer.ontvangenOp, false)),
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
            },
          });
          await registreerWorkflowStart(tx, {
            workflowId: klachtWorkflowId(id),
            workflowType: 'klachtWorkflow',
            input: { klachtId: id },
            fase: 'IN_BEHANDELING',
          });
          await logAudit(tx, {
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
            actie: 'klacht.registreren',
            casusId: invoer.casusId ?? null,
            grondslag: beleid['klacht.registreren'].grondslag,
            uitkomst: 'TOEGESTAAN',
            detail: { klachtId: id },
          });
        });
      }
      await workflows.start(klachtWorkflowId(id));
      res
        .status(201)
        .location(`${API_BASISPAD}/klachten/${id}`)
        .json(volledig(await opnieuw(id)));
    }),
  );

  router.get(
    '/klachten',
    endpoint('klacht.behandelen', async (req, res) => {
      const actor = await bevoegd(req, 'klacht.behandelen');
      const { open } = parseInput(lijstQuery, req.query);
      const rijen = await db.klacht.findMany({
        where: open === undefined ? {} : { afgehandeldOp: open === 'true' ? null : { not: null } },
        include: metHandelingen,
        orderBy: [{ deadline: 'asc' }, { nummer: 'asc' }],
      });
      await log(actor, 'klacht.behandelen', { lijst: true, aantal: rijen.length });
      const nu = Date.now();
      res.json({ items: rijen.map((k) => overzicht(k, nu)) });
    }),
  );

  // Before /klachten/:id, so "register" is no id.
  router.get(
    '/klachten/register',
    endpoint('klacht.register', async (req, res) => {
      const actor = await bevoegd(req, 'klacht.register');
      const q = parseInput(registerQuery, req.query);
      const formaat = q.formaat ?? (req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
      const rijen = await db.klacht.findMany({ include: metHandelingen, orderBy: { nummer: 'asc' } });
      const items = rijen.map(registerRegel);
      await log(actor, 'klacht.register', { formaat, aantal: items.length });
      if (formaat === 'csv') {
        res.attachment('klachtenregister.csv').type('text/csv; charset=utf-8; header=present').send(registerCsv(items));
        return;
      }
      res.json({ items });
    }),
  );

  router.get(
    '/klachten/:id',
    endpoint('klacht.behandelen', async (req, res) => {
      const actor = await bevoegd(req, 'klacht.behandelen');
      const k = await laad(req);
      await log(actor, 'klacht.behandelen', { klachtId: k.id });
      res.json(volledig(k));
    }),
  );

  // Afspr. 14.9: a deelnemer the complaint touches contributes to the answer; the Contactpunt reads it.
  router.post(
    '/klachten/:id/reactie',
    endpoint('klacht.reageren', async (req, res) => {
      const actor = await bevoegd(req, 'klacht.reageren');
      const body = parseInput(klachtReactieSchema, req.body);
      const k = await laad(req);
      if (!k.deelnemerIds.includes(actor.deelnemerId))
        await weiger(
          actor,
          'klacht.reageren',
          { klachtId: k.id },
          problems.nietBevoegd('alleen de deelnemers die bij de klacht zijn betrokken reageren erop'),
        );
      const handelingId = nieuwId(req);
      if (!k.handelingen.some((h) => h.id === handelingId)) {
        if (k.afgehandeldOp !== null)
          await weiger(actor, 'klacht.reageren', { klachtId: k.id }, verkeerdeStand('De klacht is afgehandeld.'));
        await db.$transaction(async (tx) => {
          await tx.klachtHandeling.create({
            data: {
              id: handelingId,
              klachtId: k.id,
              soort: 'REACTIE',
              status: 'VASTGESTELD',
              vastgesteldOp: new Date(),
              gegevens: body as Prisma.InputJsonValue,
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
            },
          });
          await logAudit(tx, {
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
            actie: 'klacht.reageren',
            casusId: k.casusId,
            grondslag: beleid['klacht.reageren'].grondslag,
            uitkomst: 'TOEGESTAAN',
            detail: { klachtId: k.id, handelingId },
          });
        });
      }
      res.status(201).json({ id: handelingId, klachtId: k.id });
    }),
  );

  const weigeringOpties: WeigeringOpties = { afgerond: 'De klacht is afgehandeld.', verkeerdeFase: verkeerdeStand };

  /** Postponement and handling: policy, body and state (409) first, then the workflow decides. */
  const handelingRoute = <S extends z.ZodType>(pad: string, soort: KlachtHandelingSoort, schema: S) =>
    router.post(
      `/klachten/:id/${pad}`,
      endpoint('klacht.behandelen', async (req, res) => {
        const actor: Actor = await bevoegd(req, 'klacht.behandelen');
        const body = parseInput(schema, req.body);
        const k = await laad(req);
        const handelingId = nieuwId(req);
        const eerder = k.handelingen.find((h) => h.id === handelingId);
        if (eerder?.status === 'GEWEIGERD') throw eerdereWeigering(eerder.weigerreden ?? 'GEWEIGERD', weigeringOpties);
        if (!eerder) {
          const verstrekenOp = dutchDayStart(addDays(dateOfColumn(k.deadline), 1)).toISOString();
          const afgehandeldOp = k.afgehandeldOp?.toISOString() ?? null;
          const fout = klachtHandelingWeigering(
            soort,
            { afgehandeldOp, verdaagd: k.verdaagd, verstrekenOp },
            Date.now(),
          );
          if (fout)
            await weiger(
              actor,
              'klacht.behandelen',
              { klachtId: k.id, soort },
              verkeerdeStand(`Dit kan nu niet: ${fout}.`),
            );
          await db.klachtHandeling.create({
            data: {
              id: handelingId,
              klachtId: k.id,
              soort,
              gegevens: body as Prisma.InputJsonValue,
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
            },
          });
        }
        try {
          if (eerder?.status !== 'VASTGESTELD')
            await workflows.update(
              klachtWorkflowId(k.id),
              klachtHandeling,
              [{ handelingId, actor, soort }],
              handelingId,
            );
        } catch (err) {
          const w = updateWeigering(err, weigeringOpties);
          if (!w) throw err;
          await db.klachtHandeling.update({
            where: { id: handelingId },
            data: { status: 'GEWEIGERD', weigerreden: w.code },
          });
          await weiger(actor, 'klacht.behandelen', { klachtId: k.id, handelingId, soort }, w.problem);
        }
        res.json(volledig(await opnieuw(k.id)));
      }),
    );

  handelingRoute('verdaging', 'VERDAGING', klachtVerdagingSchema);
  handelingRoute('afhandeling', 'AFHANDELING', klachtAfhandelingSchema);

  return router;
}
