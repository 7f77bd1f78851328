import { Router, type Request } from 'express';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import {
  apMeldingOpen,
  apMeldingSchema,
  apMeldingVereist,
  apMeldingWeigering,
  betrokkenenBesluitSchema,
  betrokkenenBesluitWeigering,
  betrokkenenGeinformeerdSchema,
  geinformeerdWeigering,
  datalekAfsluitingSchema,
  datalekBeoordelingSchema,
  datalekBesluitWeigering,
  datalekFase,
  datalekMeldingSchema,
  datalekStandVan,
  datalekTermijnen,
  interneMeldingTeLaat,
  meldingWeigering,
  type DatalekBesluitSoort,
  type DatalekStand,
} from '../domain/datalek';
import type { Policy } from '../domain/policy';
import type { Prisma } from '../generated/prisma/client';
import { logAudit } from '../infra/audit';
import { registreerWorkflowStart } from '../infra/workflow-start';
import { datalekBesluit, datalekWorkflowId } from '../workflows/datalek';
import { csvVeld } from './audit-routes';
import { zonderCasus } from './authorize';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { parseInput, Problem, problems } from './problem';
import { eerdereWeigering, updateWeigering, type WeigeringOpties } from './update-weigering';
import { API_BASISPAD } from '../infra/api-versie';
import { volgnummer } from '../infra/volgnummer';
import type { RouteDeps } from './deps';

/** The casus' 409 speaks of a casus' phase; a datalek's process has its own state. */
const verkeerdeStand = (detail: string) =>
  new Problem(409, 'verkeerde-fase', 'Besluit past niet bij de stand van het datalek', detail);

export const idParam = z.strictObject({ id: z.uuid().toLowerCase() });
export const lijstQuery = z.strictObject({ open: z.enum(['true', 'false']).optional() });
export const registerQuery = z.strictObject({ formaat: z.enum(['json', 'csv']).optional() });

const metBesluiten = { besluiten: { orderBy: { createdAt: 'asc' } } } as const satisfies Prisma.DatalekInclude;
type DatalekRij = Prisma.DatalekGetPayload<{ include: typeof metBesluiten }>;

const vastgesteld = (d: DatalekRij) => d.besluiten.filter((b) => b.status === 'VASTGESTELD');
const gegevensVan = <S extends z.ZodType>(
  d: DatalekRij,
  soort: DatalekBesluitSoort,
  schema: S,
): z.infer<S> | undefined => {
  const b = vastgesteld(d).find((x) => x.soort === soort);
  return b === undefined ? undefined : schema.parse(b.gegevens);
};

const standVan = (d: DatalekRij): DatalekStand => datalekStandVan(d, vastgesteld(d));

/** The work list's facts: dates, deadlines and where the process stands; no description. */
function datalekOverzicht(d: DatalekRij, policy: Policy, nu: number) {
  const stand = standVan(d);
  const termijnen = datalekTermijnen(stand, policy);
  return {
    id: d.id,
    nummer: d.nummer,
    fase: datalekFase(stand),
    ontdektOp: stand.ontdektOp,
    gemeldOp: stand.gemeldOp,
    interneMeldingTeLaat: interneMeldingTeLaat(stand, policy),
    risico: stand.risico,
    apMeldingVereist: apMeldingVereist(stand.risico),
    apDeadline: termijnen.apMelding,
    escalatieOp: termijnen.escalatie,
    apGemeldOp: stand.apGemeldOp,
    apTermijnVerstreken: apMeldingOpen(stand) && nu > Date.parse(termijnen.apMelding),
    informerenDeadline: termijnen.informeren?.deadline ?? null,
    betrokkenenGeinformeerdOp: stand.informeren?.geinformeerdOp ?? null,
    afgeslotenOp: stand.afgeslotenOp,
  };
}

/**
 * Datalekken (AVG 33–34; BGS 1.4; Afspr. 14.2 c; Prot. 14). Anyone with an account reports a breach; the Contactpunt
 * assesses it and records the AP notification, the decision on informing the betrokkenen and the closing; the
 * Contactpunt and the coördinerend FG see the work list, each datalek and the datalekregister. Decisions are stored
 * as VOORGESTELD, then offered to the datalek's workflow as an Update whose validator applies the policy and the
 * state of the process; a refused one is kept as GEWEIGERD, logged. Every read and write is logged.
 */
export function datalekRoutes({ db, authenticate, workflows, policy }: RouteDeps<'workflows' | 'policy'>): Router {
  const router = Router();

  const { log, weiger, bevoegd } = zonderCasus(db, authenticate);
  const laad = async (req: Request): Promise<DatalekRij> => {
    const { id } = parseInput(idParam, req.params);
    const d = await db.datalek.findUnique({ where: { id }, include: metBesluiten });
    if (!d) throw problems.nietGevonden(`Datalek ${id} bestaat niet.`);
    return d;
  };

  const overzicht = (d: DatalekRij, nu: number) => datalekOverzicht(d, policy, nu);

  const volledig = (d: DatalekRij) => ({
    ...overzicht(d, Date.now()),
    melderDeelnemerId: d.melderDeelnemerId,
    omschrijving: d.omschrijving,
    aard: d.aard,
    categorieenGegevens: d.categorieenGegevens,
    categorieenBetrokkenen: d.categorieenBetrokkenen,
    geschatAantalBetrokkenen: d.geschatAantalBetrokkenen,
    versleuteld: d.versleuteld,
    contactpersoon: d.contactpersoon,
    mogelijkeMaatregelen: d.mogelijkeMaatregelen,
    mogelijkeGevolgen: d.mogelijkeGevolgen,
    genomenMaatregelen: d.genomenMaatregelen,
    casusIds: d.casusIds,
    besluiten: d.besluiten.map((b) => ({
      id: b.id,
      soort: b.soort,
      status: b.status,
      gegevens: b.gegevens,
      deelnemerId: b.deelnemerId,
      vastgesteldOp: b.vastgesteldOp?.toISOString() ?? null,
      weigerreden: b.weigerreden,
    })),
  });

  // The internal report (Prot. 14.3); the AP clock runs from the discovery, whenever the report comes.
  router.post(
    '/datalekken',
    endpoint('datalek.melden', async (req, res) => {
      const actor = await bevoegd(req, 'datalek.melden');
      const melding = parseInput(datalekMeldingSchema, req.body);
      const nu = new Date();
      const weigering = meldingWeigering(melding, nu.getTime());
      if (weigering)
        await weiger(
          actor,
          'datalek.melden',
          {},
          problems.nietToegestaan('melding-geweigerd', 'Melding niet mogelijk', weigering),
        );
      const casusIds = melding.casusIds ?? [];
      if ((await db.casus.count({ where: { id: { in: casusIds } } })) !== casusIds.length) {
        await weiger(
          actor,
          'datalek.melden',
          {},
          problems.nietToegestaan('onbekende-casus', 'Onbekende casus', 'Niet elke genoemde casus bestaat.'),
        );
      }
      const id = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its report: not reported twice.
      if (!(await db.datalek.count({ where: { id } }))) {
        const nummer = await volgnummer(db, 'DL', nu);
        await db.$transaction(async (tx) => {
          await tx.datalek.create({
            data: {
              id,
              nummer,
              ...melding,
              ontdektOp: new Date(melding.ontdektOp),
              gemeldOp: nu,
              casusIds,
              melderMedewerkerId: actor.medewerkerId,
              melderDeelnemerId: actor.deelnemerId,
            },
          });
          await registreerWorkflowStart(tx, {
            workflowId: datalekWorkflowId(id),
            workflowType: 'datalekWorkflow',
            input: { datalekId: id },
            fase: 'GEMELD',
          });
          await logAudit(tx, {
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
            actie: 'datalek.melden',
            casusId: null,
            grondslag: beleid['datalek.melden'].grondslag,
            uitkomst: 'TOEGESTAAN',
            detail: { datalekId: id },
          });
        });
      }
      await workflows.start(datalekWorkflowId(id));
      const d = await db.datalek.findUniqueOrThrow({ where: { id }, include: metBesluiten });
      res.status(201).location(`${API_BASISPAD}/datalekken/${id}`).json(volledig(d));
    }),
  );

  // The work list with deadlines, most urgent AP deadline first.
  router.get(
    '/datalekken',
    endpoint('datalek.raadplegen', async (req, res) => {
      const actor = await bevoegd(req, 'datalek.raadplegen');
      const { open } = parseInput(lijstQuery, req.query);
      const rijen = await db.datalek.findMany({
        where: open === undefined ? {} : { afgeslotenOp: open === 'true' ? null : { not: null } },
        include: metBesluiten,
        orderBy: { ontdektOp: 'asc' },
      });
      const nu = Date.now();
      await log(actor, 'datalek.raadplegen', { lijst: true, aantal: rijen.length });
      res.json({ items: rijen.map((d) => overzicht(d, nu)) });
    }),
  );

  router.get(
    '/datalekken/:id',
    endpoint('datalek.raadplegen', async (req, res) => {
      const actor = await bevoegd(req, 'datalek.raadplegen');
      const d = await laad(req);
      await log(actor, 'datalek.raadplegen', { datalekId: d.id });
      res.json(volledig(d));
    }),
  );

  const weigeringOpties: WeigeringOpties = { afgerond: 'Het datalek is afgesloten.', verkeerdeFase: verkeerdeStand };

  /** One route per decision: policy, body, state (409) and the law's rules (422) first, then the workflow decides. */
  const besluitRoute = <S extends z.ZodType>(
    pad: string,
    soort: DatalekBesluitSoort,
    schema: S,
    regel: (body: z.infer<S>, d: DatalekRij, stand: DatalekStand) => string | undefined = () => undefined,
  ) =>
    router.post(
      `/datalekken/:id/${pad}`,
      endpoint('datalek.behandelen', async (req, res) => {
        const actor = await bevoegd(req, 'datalek.behandelen');
        const body = parseInput(schema, req.body);
        const d = await laad(req);
        // A repeat under the same Idempotency-Key whose first answer was lost finds its decision (see api/besluiten.ts).
        const besluitId = nieuwId(req);
        const eerder = d.besluiten.find((b) => b.id === besluitId);
        if (eerder?.status === 'GEWEIGERD') throw eerdereWeigering(eerder.weigerreden ?? 'GEWEIGERD', weigeringOpties);
        if (!eerder) {
          const stand = standVan(d);
          const fout = datalekBesluitWeigering(soort, stand);
          if (fout)
            await weiger(
              actor,
              'datalek.behandelen',
              { datalekId: d.id, soort },
              verkeerdeStand(`Dit kan nu niet: ${fout}.`),
            );
          const nee = regel(body, d, stand);
          if (nee)
            await weiger(
              actor,
              'datalek.behandelen',
              { datalekId: d.id, soort },
              problems.nietToegestaan('datalekbesluit-geweigerd', 'Besluit niet toegestaan', nee),
            );
          await db.datalekBesluit.create({
            data: {
              id: besluitId,
              datalekId: d.id,
              soort,
              gegevens: body as Prisma.InputJsonValue,
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
            },
          });
        }
        try {
          if (eerder?.status !== 'VASTGESTELD')
            await workflows.update(datalekWorkflowId(d.id), datalekBesluit, [{ besluitId, actor, soort }], besluitId);
        } catch (err) {
          const w = updateWeigering(err, weigeringOpties);
          if (!w) throw err;
          await db.datalekBesluit.update({
            where: { id: besluitId },
            data: { status: 'GEWEIGERD', weigerreden: w.code },
          });
          await weiger(actor, 'datalek.behandelen', { datalekId: d.id, besluitId, soort }, w.problem);
        }
        res.json(volledig(await db.datalek.findUniqueOrThrow({ where: { id: d.id }, include: metBesluiten })));
      }),
    );

  besluitRoute('beoordeling', 'BEOORDELING', datalekBeoordelingSchema);
  besluitRoute('ap-melding', 'AP_MELDING', apMeldingSchema, (m, _d, stand) =>
    apMeldingWeigering(m, stand.ontdektOp, Date.now()),
  );
  besluitRoute('betrokkenen-besluit', 'BETROKKENEN', betrokkenenBesluitSchema, (b, d, stand) =>
    stand.risico === null ? undefined : betrokkenenBesluitWeigering(b, stand.risico, d.categorieenGegevens),
  );
  besluitRoute('betrokkenen-geinformeerd', 'BETROKKENEN_GEINFORMEERD', betrokkenenGeinformeerdSchema, (g, _d, stand) =>
    geinformeerdWeigering(g, stand, Date.now()),
  );
  besluitRoute('afsluiting', 'AFSLUITING', datalekAfsluitingSchema);

  // The datalekregister (AVG 33 lid 5; Prot. 14.11): facts, effects and measures of every datalek, no description.
  router.get(
    '/datalekregister',
    endpoint('datalekregister.raadplegen', async (req, res) => {
      const actor = await bevoegd(req, 'datalekregister.raadplegen');
      const q = parseInput(registerQuery, req.query);
      const formaat = q.formaat ?? (req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
      const rijen = await db.datalek.findMany({ include: metBesluiten, orderBy: { ontdektOp: 'asc' } });
      const items = rijen.map((d) => registerRegel(d, policy));
      await log(actor, 'datalekregister.raadplegen', { formaat, aantal: items.length });
      if (formaat === 'csv') {
        res
          .status(200)
          .attachment('datalekregister.csv')
          .type('text/csv; charset=utf-8; header=present')
          .send(registerCsv(items));
        return;
      }
      res.json({ items });
    }),
  );

  return router;
}

/** One register entry: the facts as reported and as decided, never the melder's description. */
function registerRegel(d: DatalekRij, policy: Policy) {
  const beoordeling = gegevensVan(d, 'BEOORDELING', datalekBeoordelingSchema);
  const ap = gegevensVan(d, 'AP_MELDING', apMeldingSchema);
  const betrokkenen = gegevensVan(d, 'BETROKKENEN', betrokkenenBesluitSchema);
  const afsluiting = gegevensVan(d, 'AFSLUITING', datalekAfsluitingSchema);
  const geinformeerd = gegevensVan(d, 'BETROKKENEN_GEINFORMEERD', betrokkenenGeinformeerdSchema);
  const o = datalekOverzicht(d, policy, Date.now());
  return {
    nummer: d.nummer,
    fase: o.fase,
    ontdektOp: o.ontdektOp,
    gemeldOp: o.gemeldOp,
    interneMeldingTeLaat: o.interneMeldingTeLaat,
    melderDeelnemerId: d.melderDeelnemerId,
    aard: d.aard,
    categorieenGegevens: d.categorieenGegevens,
    categorieenBetrokkenen: d.categorieenBetrokkenen,
    geschatAantalBetrokkenen: d.geschatAantalBetrokkenen,
    versleuteld: d.versleuteld,
    risico: o.risico,
    beoordeling: beoordeling?.motivering ?? null,
    apMeldingVereist: o.apMeldingVereist,
    apDeadline: o.apDeadline,
    apGemeldOp: ap?.gemeldOp ?? null,
    apMeldnummer: ap?.meldnummer ?? null,
    apBinnenTermijn: ap === undefined ? null : Date.parse(ap.gemeldOp) <= Date.parse(o.apDeadline),
    redenVertraging: ap?.redenVertraging ?? null,
    betrokkenenGeinformeerd: betrokkenen?.informeren ?? null,
    uitzondering: betrokkenen && !betrokkenen.informeren ? (betrokkenen.uitzondering ?? null) : null,
    betrokkenenMotivering: betrokkenen?.motivering ?? null,
    kennisgeving: betrokkenen?.informeren ? betrokkenen.kennisgeving : null,
    informerenDeadline: o.informerenDeadline,
    betrokkenenGeinformeerdOp: geinformeerd?.geinformeerdOp ?? null,
    informeerWijze: geinformeerd?.wijze ?? null,
    aantalGeinformeerd: geinformeerd?.aantal ?? null,
    informerenBinnenTermijn:
      geinformeerd === undefined || o.informerenDeadline === null
        ? null
        : Date.parse(geinformeerd.geinformeerdOp) <= Date.parse(o.informerenDeadline),
    feiten: afsluiting?.feiten ?? null,
    gevolgen: afsluiting?.gevolgen ?? null,
    maatregelen: afsluiting?.maatregelen ?? null,
    afgeslotenOp: o.afgeslotenOp,
  };
}

type RegisterRegel = ReturnType<typeof registerRegel>;
/** The CSV columns, in the entry's order: a Record over the keys, so a field added to the entry must be listed. */
const registerKolommen: Record<keyof RegisterRegel, true> = {
  nummer: true,
  fase: true,
  ontdektOp: true,
  gemeldOp: true,
  interneMeldingTeLaat: true,
  melderDeelnemerId: true,
  aard: true,
  categorieenGegevens: true,
  categorieenBetrokkenen: true,
  geschatAantalBetrokkenen: true,
  versleuteld: true,
  risico: true,
  beoordeling: true,
  apMeldingVereist: true,
  apDeadline: true,
  apGemeldOp: true,
  apMeldnummer: true,
  apBinnenTermijn: true,
  redenVertraging: true,
  betrokkenenGeinformeerd: true,
  uitzondering: true,
  betrokkenenMotivering: true,
  kennisgeving: true,
  informerenDeadline: true,
  betrokkenenGeinformeerdOp: true,
  informeerWijze: true,
  aantalGeinformeerd: true,
  informerenBinnenTermijn: true,
  feiten: true,
  gevolgen: true,
  maatregelen: true,
  afgeslotenOp: true,
};
const REGISTER_KOLOMMEN = Object.keys(registerKolommen) as Array<keyof RegisterRegel>;

const csvWaarde = (v: RegisterRegel[keyof RegisterRegel]): string | null =>
  v === null ? null : Array.isArray(v) ? v.join('|') : String(v);
const registerCsv = (items: RegisterRegel[]): string =>
  [REGISTER_KOLOMMEN.join(','), ...items.map((i) => REGISTER_KOLOMMEN.map((k) => csvVeld(csvWaarde(i[k]))).join(','))]
    .map((r) => `${r}\r\n`)
    .join('');
