import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { beleid } from '../domain/autorisatie';
import { archiefdatum, BewaartermijnInputError, type ArchiefdatumResultaat } from '../domain/bewaartermijn';
import type { BesluitSoort } from '../domain/casusproces';
import { compareDates, type IsoDate } from '../domain/dates';
import { faseNaImport, legacyImportSchema, type LegacyImport } from '../domain/import';
import type { Policy } from '../domain/policy';
import { logAudit } from '../infra/audit';
import { dateColumn, dutchCalendarDate, dutchDayStart } from '../infra/calendar';
import type { Prisma } from '../generated/prisma/client';
import { registreerWorkflowStart } from '../infra/workflow-start';
import { casusWorkflowId, casusWorkflowStart } from '../workflows/casus';
import { autoriseer } from './authorize';
import { casusInclude, casusView } from './casus-view';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { parseInput, Problem, problems } from './problem';
import { API_BASISPAD } from '../infra/api-versie';
import type { RouteDeps } from './deps';

const ACTIE = 'casus.importeren';
const OVERGENOMEN = 'Overgenomen uit het vorige systeem.';
export const importQuery = z.strictObject({ proef: z.enum(['true', 'false']).optional() });

const ongeldigeDatums = (err: BewaartermijnInputError) =>
  problems.ongeldigeInvoer(
    err.issues.map((i) => ({ name: i.path.map(String).join('.'), reason: `${i.code}: ${i.message}` })),
    'De datums van de casus passen niet bij elkaar.',
  );

/** Every date of an import after today (invalid input, like a schema error: a 400 naming each). */
const toekomstigeDatums = (invoer: LegacyImport, vandaag: IsoDate) =>
  [
    { name: 'aanmelddatum', datum: invoer.aanmelddatum },
    { name: 'afsluitdatum', datum: invoer.afsluitdatum },
    ...invoer.verlengingen.map((v, i) => ({ name: `verlengingen.${i}.datum`, datum: v.datum })),
  ]
    .filter((d) => d.datum !== undefined && compareDates(d.datum, vandaag) > 0)
    .map(({ name }) => ({ name, reason: 'ligt in de toekomst' }));

function bewaartermijnVanImport(invoer: LegacyImport, policy: Policy): ArchiefdatumResultaat {
  try {
    return archiefdatum({
      aanmelddatum: invoer.aanmelddatum,
      afsluitdatum: invoer.afsluitdatum ?? null,
      afgewezenOp: invoer.afgewezen ? invoer.aanmelddatum : null,
      verlengingen: invoer.verlengingen.map(({ datum }) => ({ datum })),
      inzageTermijnJaren: policy.inzageTermijnJaren,
    });
  } catch (err) {
    if (err instanceof BewaartermijnInputError) throw ongeldigeDatums(err);
    throw err;
  }
}

/** The historic decisions as accepted besluiten, so the process and the archive read them like any other. */
function historischeBesluiten(
  invoer: LegacyImport,
  casusId: string,
  door: { medewerkerId: string; deelnemerId: string },
) {
  const besluit = (soort: BesluitSoort, uitkomst: string, datum: IsoDate, gegevens?: Prisma.InputJsonValue) => ({
    id: randomUUID(),
    casusId,
    soort,
    uitkomst,
    status: 'VASTGESTELD' as const,
    motivering: OVERGENOMEN,
    gegevens,
    medewerkerId: door.medewerkerId,
    deelnemerId: door.deelnemerId,
    vastgesteldOp: dutchDayStart(datum),
  });
  const besluiten = [
    ...(invoer.afgewezen ? [besluit('INTAKE', 'NIET_IN_BEHANDELING', invoer.aanmelddatum)] : []),
    ...(invoer.afsluitdatum ? [besluit('AFSLUITING', 'AFGESLOTEN', invoer.afsluitdatum)] : []),
  ];
  const verlengingen = invoer.verlengingen.map((v) => {
    const b = besluit('VERLENGING', 'VERLENGD', v.datum, { akkoordVan: v.akkoordVan });
    besluiten.push(b);
    return { besluitId: b.id, casusId, datum: dateColumn(v.datum), situatie: v.situatie, akkoordVan: v.akkoordVan };
  });
  return { besluiten, verlengingen };
}

/**
 * Legacy import (SPEC §5): a casus of the previous system with its historic dates gets the archiefdatum the law
 * gives it and a workflow that takes it on from its phase — a casus whose archiefdatum has passed (example 4, closed
 * before the WGS) is archived and anonymised at once, unless a legal hold covers it. `?proef=true` only computes
 * (phase and bewaartermijn, any dates), so an import can be checked first.
 */
export function importRoutes({ db, authenticate, workflows, policy }: RouteDeps<'workflows' | 'policy'>): Router {
  const router = Router();

  router.post(
    '/casussen/import',
    endpoint(ACTIE, async (req, res) => {
      const actor = await authenticate(req);
      await autoriseer(db, ACTIE, { actor });
      const { proef } = parseInput(importQuery, req.query);
      const invoer = parseInput(legacyImportSchema, req.body);
      const bewaartermijn = bewaartermijnVanImport(invoer, policy);
      const fase = faseNaImport(invoer);
      if (proef === 'true') {
        res.json({ proef: true, fase, bewaartermijn });
        return;
      }

      const id = nieuwId(req);
      // A repeat under the same Idempotency-Key whose first answer was lost finds its casus: not imported twice.
      if (!(await db.casus.count({ where: { id } }))) {
        const vandaag = dutchCalendarDate(new Date());
        const datums = [invoer.aanmelddatum, invoer.afsluitdatum, ...invoer.verlengingen.map((v) => v.datum)].filter(
          (d) => d !== undefined,
        );
        if (datums.some((d) => compareDates(d, vandaag) > 0)) {
          const detail = `Een overgenomen casus heeft geen datums na vandaag (${vandaag}); gebruik ?proef=true om alleen te rekenen.`;
          throw problems.ongeldigeInvoer(toekomstigeDatums(invoer, vandaag), detail);
        }
        const deelnemers = [invoer.aanmelderDeelnemerId, ...invoer.verlengingen.flatMap((v) => v.akkoordVan)];
        const bekend = new Set(
          (await db.deelnemer.findMany({ where: { id: { in: deelnemers } }, select: { id: true } })).map((d) => d.id),
        );
        const onbekend = [...new Set(deelnemers.filter((d) => !bekend.has(d)))];
        if (onbekend.length > 0)
          throw problems.weigering('ONBEKENDE_DEELNEMER', `Niet in het register: ${onbekend.join(', ')}.`);
        if (await db.casus.count({ where: { casusnummer: invoer.casusnummer } }))
          throw new Problem(409, 'bestaat-al', 'Bestaat al', `Casus ${invoer.casusnummer} is al overgenomen.`);

        const { besluiten, verlengingen } = historischeBesluiten(invoer, id, actor);
        await db.$transaction(async (tx) => {
          await tx.casus.create({
            data: {
              id,
              casusnummer: invoer.casusnummer,
              fase,
              aanmelderDeelnemerId: invoer.aanmelderDeelnemerId,
              // The previous system's medewerker is not in our register: the systeembeheerder who imports answers for it.
              aanmelderMedewerkerId: actor.medewerkerId,
              wettelijkeTaak: invoer.wettelijkeTaak ?? null,
              aanmeldDatum: dutchDayStart(invoer.aanmelddatum),
              afsluitDatum: invoer.afsluitdatum ? dateColumn(invoer.afsluitdatum) : null,
              archiefDatum: dateColumn(bewaartermijn.archiefdatum),
              betrokkenen: {
                create: invoer.betrokkenen.map((b) => ({
                  id: randomUUID(),
                  ...b,
                  geboortedatum: b.geboortedatum ? new Date(b.geboortedatum) : null,
                })),
              },
            },
          });
          await tx.besluit.createMany({ data: besluiten });
          await tx.verlenging.createMany({ data: verlengingen });
          await registreerWorkflowStart(tx, casusWorkflowStart(id, fase));
          await logAudit(tx, {
            medewerkerId: actor.medewerkerId,
            deelnemerId: actor.deelnemerId,
            actie: ACTIE,
            casusId: id,
            grondslag: beleid[ACTIE].grondslag,
            uitkomst: 'TOEGESTAAN',
            detail: { fase },
          });
        });
      }
      await workflows.start(casusWorkflowId(id));
      const casus = await db.casus.findUniqueOrThrow({ where: { id }, include: casusInclude });
      // The systeembeheerder sees back what it entered itself.
      res
        .status(201)
        .location(`${API_BASISPAD}/casussen/${id}`)
        .json({ ...casusView(casus, actor, 'VOLLEDIG'), bewaartermijn });
    }),
  );

  return router;
}
