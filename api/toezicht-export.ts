import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { autorisatiematrix, beleid, inzageMatrix, type Actie } from '../domain/autorisatie';
import { casusFasen } from '../domain/casus';
import { gegevensCategorieen } from '../domain/casusproces';
import { maximumBewaartermijn } from '../domain/bewaartermijn';
import { daysBetween } from '../domain/dates';
import { rollen } from '../domain/identity';
import type { Policy } from '../domain/policy';
import { dateOfColumn, dutchCalendarDate } from '../infra/calendar';
import type { Contacten } from '../infra/config';
import { csvVeld } from './audit-routes';
import { zonderCasus } from './authorize';
import type { RouteDeps } from './deps';
import { endpoint } from './endpoints';
import { parseInput } from './problem';

export const exportQuery = z.strictObject({ formaat: z.enum(['json', 'csv']).optional() });

const datum = z.iso.date();
export const autorisatiematrixAntwoord = z
  .strictObject({
    procesregisseurBeoordeelt: z.boolean(),
    toegangPer: z.enum(['MEDEWERKER', 'DEELNEMER']),
    acties: z.array(
      z.strictObject({
        actie: z.string(),
        grondslag: z.string(),
        fasen: z.array(z.string()).nullable(),
        deelnemerType: z.enum(['OVERHEID', 'PRIVAAT']),
        rol: z.enum(rollen).nullable(),
        relatie: z.string().nullable(),
      }),
    ),
    inzage: z.array(
      z.strictObject({
        fase: z.string(),
        deelnemerType: z.enum(['OVERHEID', 'PRIVAAT']),
        rol: z.enum(rollen).nullable(),
        relatie: z.string(),
        inzage: z.enum(['VOLLEDIG', 'BEOORDELING', 'EIGEN_BIJDRAGE', 'TOEZICHT']),
        voorwaarde: z.enum(['TOEZICHTONDERZOEK']).nullable(),
      }),
    ),
  })
  .meta({ id: 'Autorisatiematrix' });
export const bewaartermijnenAntwoord = z
  .strictObject({
    peildatum: datum,
    binnen30Dagen: z.int().min(0),
    binnen90Dagen: z.int().min(0),
    items: z.array(
      z.strictObject({
        casusnummer: z.string(),
        fase: z.string(),
        aanmelddatum: datum,
        afsluitdatum: datum.nullable(),
        archiefdatum: datum,
        maximum: datum,
        verlengingen: z.int().min(0),
        legalHolds: z.int().min(0),
        landelijkeHold: z.boolean(),
        dagenTotArchiefdatum: z.int(),
        binnen: z.enum(['VERSTREKEN', '30_DAGEN', '90_DAGEN']).nullable(),
      }),
    ),
  })
  .meta({ id: 'Bewaartermijnoverzicht' });
export const verwerkingsregisterAntwoord = z
  .strictObject({
    verwerkingsverantwoordelijken: z.strictObject({
      gezamenlijk: z.boolean(),
      grondslag: z.string(),
      deelnemers: z.array(z.strictObject({ id: z.string(), naam: z.string(), type: z.string() })),
    }),
    functionarisGegevensbescherming: z.string(),
    contactpunt: z.string(),
    doorgifteBuitenEer: z.string(),
    verwerkingen: z.array(
      z.strictObject({
        naam: z.string(),
        doel: z.string(),
        grondslag: z.string(),
        categorieenBetrokkenen: z.array(z.string()),
        categorieenGegevens: z.array(z.string()),
        ontvangers: z.array(z.string()),
        bewaartermijn: z.string(),
      }),
    ),
    beveiliging: z.array(z.string()),
  })
  .meta({ id: 'Verwerkingsregister' });

const formaatVan = (req: Request, q: { formaat?: 'json' | 'csv' | undefined }) =>
  q.formaat ?? (req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');

/** CSV of flat rows, the columns in the given order; lists joined with `|`. */
function stuurCsv<K extends string>(
  res: Response,
  naam: string,
  kolommen: readonly K[],
  rijen: ReadonlyArray<Record<K, unknown>>,
) {
  const waarde = (v: unknown) => (v === null || v === undefined ? null : Array.isArray(v) ? v.join('|') : String(v));
  const tekst = [kolommen.join(','), ...rijen.map((r) => kolommen.map((k) => csvVeld(waarde(r[k]))).join(','))]
    .map((r) => `${r}\r\n`)
    .join('');
  res.attachment(naam).type('text/csv; charset=utf-8; header=present').send(tekst);
}

const MATRIX_KOLOMMEN = ['actie', 'grondslag', 'fasen', 'deelnemerType', 'rol', 'relatie'] as const;
const BEWAAR_KOLOMMEN = [
  'casusnummer',
  'fase',
  'aanmelddatum',
  'afsluitdatum',
  'archiefdatum',
  'maximum',
  'verlengingen',
  'legalHolds',
  'landelijkeHold',
  'dagenTotArchiefdatum',
  'binnen',
] as const;

/**
 * The FG's exports for audit and DPIA (AVG 30, 35, 39; Prot. 24.4): the authorisation matrix as the one policy
 * judges it, the retention overview per casus, and the register of processing activities generated from the
 * configuration. No casus content, no personal data: casusnummers, codes and dates. Every export is logged.
 */
export function toezichtExportRoutes({
  db,
  authenticate,
  policy,
  contacten,
}: RouteDeps<'policy'> & { contacten: Contacten }): Router {
  const router = Router();
  const { log, bevoegd } = zonderCasus(db, authenticate);
  const opties = (p: Policy) => ({ procesregisseurBeoordeelt: p.procesregisseurBeoordeelt });

  router.get(
    '/toezicht/autorisatiematrix',
    endpoint('toezicht.exporteren', async (req, res) => {
      const actor = await bevoegd(req, 'toezicht.exporteren');
      const formaat = formaatVan(req, parseInput(exportQuery, req.query));
      const matrix = autorisatiematrix(rollen, opties(policy));
      await log(actor, 'toezicht.exporteren', { export: 'autorisatiematrix', formaat });
      if (formaat === 'csv') return stuurCsv(res, 'autorisatiematrix.csv', MATRIX_KOLOMMEN, matrix);
      res.json({
        procesregisseurBeoordeelt: policy.procesregisseurBeoordeelt,
        toegangPer: policy.toegangPer,
        acties: matrix,
        inzage: inzageMatrix(rollen, casusFasen, opties(policy)),
      });
    }),
  );

  router.get(
    '/toezicht/bewaartermijnen',
    endpoint('toezicht.exporteren', async (req, res) => {
      const actor = await bevoegd(req, 'toezicht.exporteren');
      const formaat = formaatVan(req, parseInput(exportQuery, req.query));
      const peildatum = dutchCalendarDate(new Date());
      const casussen = await db.casus.findMany({
        where: { fase: { not: 'GEANONIMISEERD' } },
        select: {
          id: true,
          casusnummer: true,
          fase: true,
          aanmeldDatum: true,
          afsluitDatum: true,
          archiefDatum: true,
          verlengingen: { select: { datum: true } },
          legalHolds: { where: { opgehevenOp: null }, select: { id: true } },
        },
        orderBy: [{ archiefDatum: 'asc' }, { casusnummer: 'asc' }],
      });
      const landelijk = (await db.legalHold.count({ where: { casusId: null, opgehevenOp: null } })) > 0;
      const items = casussen.map((c) => {
        const maximum = maximumBewaartermijn(
          dutchCalendarDate(c.aanmeldDatum),
          c.verlengingen.map((v) => ({ datum: dateOfColumn(v.datum) })),
        );
        const archiefdatum = c.archiefDatum ? dateOfColumn(c.archiefDatum) : maximum;
        const dagen = daysBetween(peildatum, archiefdatum);
        return {
          casusnummer: c.casusnummer,
          fase: c.fase,
          aanmelddatum: dutchCalendarDate(c.aanmeldDatum),
          afsluitdatum: c.afsluitDatum ? dateOfColumn(c.afsluitDatum) : null,
          archiefdatum,
          maximum,
          verlengingen: c.verlengingen.length,
          legalHolds: c.legalHolds.length,
          landelijkeHold: landelijk,
          dagenTotArchiefdatum: dagen,
          // Due: what archiving and anonymisation will reach in the next 30 or 90 days (or already should have).
          binnen: dagen < 0 ? 'VERSTREKEN' : dagen <= 30 ? '30_DAGEN' : dagen <= 90 ? '90_DAGEN' : null,
        };
      });
      await log(actor, 'toezicht.exporteren', { export: 'bewaartermijnen', formaat, aantal: items.length });
      if (formaat === 'csv') return stuurCsv(res, `bewaartermijnen-${peildatum}.csv`, BEWAAR_KOLOMMEN, items);
      res.json({
        peildatum,
        binnen30Dagen: items.filter((i) => i.binnen === '30_DAGEN' || i.binnen === 'VERSTREKEN').length,
        binnen90Dagen: items.filter((i) => i.binnen !== null).length,
        items,
      });
    }),
  );

  router.get(
    '/toezicht/verwerkingsregister',
    endpoint('toezicht.exporteren', async (req, res) => {
      const actor = await bevoegd(req, 'toezicht.exporteren');
      parseInput(z.strictObject({}), req.query);
      const deelnemers = await db.deelnemer.findMany({
        where: { actief: true },
        select: { id: true, naam: true, type: true },
        orderBy: { id: 'asc' },
      });
      const koppelingen = await db.koppeling.findMany({
        where: { actief: true },
        select: { id: true, naam: true, soort: true },
        orderBy: { id: 'asc' },
      });
      await log(actor, 'toezicht.exporteren', { export: 'verwerkingsregister' });
      res.json(verwerkingsregister(policy, contacten, deelnemers, koppelingen));
    }),
  );

  return router;
}

const grondslag = (...a: Actie[]) => [...new Set(a.map((x) => beleid[x].grondslag))].join('; ');

/**
 * The register of processing activities (AVG 30 lid 1) from what the installation is configured with: the
 * deelnemers in the register (the gezamenlijk verwerkingsverantwoordelijken, Afspr. 9.1), the koppelingen (the
 * recipients outside the ZVH), the policy's terms and the legal grounds of the one policy.
 */
function verwerkingsregister(
  policy: Policy,
  contacten: Contacten,
  deelnemers: Array<{ id: string; naam: string; type: string }>,
  koppelingen: Array<{ id: string; naam: string; soort: string }>,
) {
  const vast = deelnemers.map((d) => d.naam);
  const riecs = koppelingen.filter((k) => k.soort === 'RIEC').map((k) => k.naam);
  const personen = ['BETROKKENE', 'GEZINSLID', 'SOCIALE_OMGEVING'];
  const casustermijn =
    `tot de archiefdatum: afsluiting + ${policy.inzageTermijnJaren} jaar, uiterlijk aanmelding + 5 jaar ` +
    '(+ 2 jaar per verlenging, BGS 1.16); een afgewezen aanmelding 1 jaar; daarna overdracht aan het archief en anonimisering';
  return {
    verwerkingsverantwoordelijken: {
      gezamenlijk: true,
      grondslag: 'WGS 1.1; Afspr. 9.1 (gezamenlijk verwerkingsverantwoordelijken, AVG 26)',
      deelnemers,
    },
    functionarisGegevensbescherming: contacten.ZVH_FG_CONTACT,
    contactpunt: contacten.ZVH_CONTACTPUNT_CONTACT,
    doorgifteBuitenEer: 'geen',
    verwerkingen: [
      {
        naam: 'Casusverwerking (aanmelding, intake, triage, casusoverleg, afschaling)',
        doel: 'Gegevensverwerking door het samenwerkingsverband ter uitvoering van de taken van de deelnemers (WGS 2.31)',
        grondslag: grondslag('casus.aanmelden', 'casus.intakebesluit', 'casus.selectie', 'casus.afsluiten'),
        categorieenBetrokkenen: personen,
        categorieenGegevens: [...gegevensCategorieen],
        ontvangers: [...vast, 'incidentele deelnemers (met geheimhoudingsverklaring, WGS 2.31 lid 10)', ...riecs],
        bewaartermijn: casustermijn,
      },
      {
        naam: 'TopX-lijsten',
        doel: 'Het prioriteren van personen die voldoen aan objectieve criteria (WGS 2.32)',
        grondslag: grondslag('topx.aanmelden', 'topx.beslissen'),
        categorieenBetrokkenen: ['BETROKKENE'],
        categorieenGegevens: ['GEWOON', 'STRAFRECHTELIJK'],
        ontvangers: deelnemers.filter((d) => d.type === 'OVERHEID').map((d) => d.naam),
        bewaartermijn: 'tot verwijdering van de vermelding, uiterlijk registratie + 5 jaar',
      },
      {
        naam: 'Bekendheidscheck',
        doel: 'Nagaan of een persoon bekend is in een actieve casus (WGS 2.28)',
        grondslag: grondslag('bekendheidscheck.uitvoeren'),
        categorieenBetrokkenen: personen,
        categorieenGegevens: ['GEWOON'],
        ontvangers: [...vast, ...koppelingen.filter((k) => k.soort === 'ZVH').map((k) => k.naam)],
        bewaartermijn: 'niet bewaard; alleen de vraag in de verplichte logging',
      },
      {
        naam: 'Rechten van betrokkenen, informatieplicht, datalekken en klachten (Contactpunt)',
        doel: 'Nakoming van AVG 12–21, 33–34 en de klachtenprocedure (BGS 1.2–1.4; Afspr. 14)',
        grondslag: grondslag(
          'informatieplicht.afhandelen',
          'avgverzoek.behandelen',
          'datalek.behandelen',
          'klacht.behandelen',
        ),
        categorieenBetrokkenen: [...personen, 'VERZOEKER', 'KLAGER'],
        categorieenGegevens: ['GEWOON'],
        ontvangers: [...vast, 'Autoriteit Persoonsgegevens (meldingen van datalekken)'],
        bewaartermijn: `met de casus; AVG-verzoeken zonder casus ${policy.avgVerzoekZonderCasusMaanden} maanden na afhandeling`,
      },
      {
        naam: 'Verplichte logging',
        doel: 'Verantwoording van elke toegang en verstrekking (WGS 1.8; Wpg 32; Wjsg 39j)',
        grondslag: grondslag('auditlog.raadplegen', 'verstrekkingsregistratie.raadplegen'),
        categorieenBetrokkenen: ['MEDEWERKER', ...personen],
        categorieenGegevens: ['GEWOON'],
        ontvangers: ['functionaris gegevensbescherming'],
        bewaartermijn:
          `${policy.auditlogBewaartermijnJaren} jaar (gepseudonimiseerd bij anonimisering van de casus); ` +
          'Wpg/Wjsg-registraties 4 jaar',
      },
    ],
    beveiliging: [
      'need-to-know per medewerker (domain/autorisatie.ts, inzageVoor)',
      'persoonsgegevens alleen in Postgres, versleutelde Temporal-payloads zonder persoonsgegevens',
      'onveranderbare, gekoppelde verplichte logging (hashketen)',
      'ondertekende koppelingen met partnersystemen',
      'archivering in MDTO en anonimisering na de archiefdatum',
    ],
  };
}
