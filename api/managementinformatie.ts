import { Router } from 'express';
import { z } from 'zod';
import { avgVerzoekSoorten, besluitUitkomsten } from '../domain/avg-verzoek';
import { afsluitGegevensSchema, afsluitUitkomstenMetOud } from '../domain/casusproces';
import { datalekBeoordelingSchema, risicoNiveaus, AP_MELDTERMIJN_UREN, apMeldingSchema } from '../domain/datalek';
import { addDays, HOUR_MS, type IsoDate } from '../domain/dates';
import { uitstelGronden } from '../domain/informatieplicht';
import { klachtOordelen } from '../domain/klacht';
import {
  aantal,
  dagenTussen,
  duur,
  miEenheden,
  miQuerySchema,
  telling,
  type MiCijfer,
} from '../domain/managementinformatie';
import { dateColumn, dateOfColumn, dutchCalendarDate, dutchDayStart } from '../infra/calendar';
import type { Db } from '../infra/db';
import { csvVeld } from './audit-routes';
import { zonderCasus } from './authorize';
import type { RouteDeps } from './deps';
import { endpoint } from './endpoints';
import { parseInput } from './problem';

export const miAntwoord = z
  .strictObject({
    van: z.iso.date(),
    tot: z.iso.date(),
    drempel: z.int().min(1),
    cijfers: z.array(
      z.strictObject({
        onderwerp: z.string(),
        categorie: z.string(),
        eenheid: z.enum(miEenheden),
        waarde: z.number().nullable(),
        onderdrukt: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'Managementinformatie' });

const dag = (d: Date) => dutchCalendarDate(d);

/**
 * Gathers the period's facts from Postgres — codes, dates and counts only; no name, number, birth date or text is
 * ever selected — and turns them into figures (domain/managementinformatie.ts).
 */
async function cijfers(db: Db, van: IsoDate, tot: IsoDate, drempel: number): Promise<MiCijfer[]> {
  const tijd = { gte: dutchDayStart(van), lt: dutchDayStart(addDays(tot, 1)) };
  const datum = { gte: dateColumn(van), lte: dateColumn(tot) };
  const uit: MiCijfer[] = [];
  const tel = (onderwerp: string, categorieen: readonly string[], waarden: string[]) =>
    uit.push(...telling(onderwerp, categorieen, waarden, drempel));

  // The casus process (WGS 2.31): aanmeldingen, the decisions and their outcomes, heropeningen and verlengingen.
  const aanmeldingen = await db.casus.count({ where: { aanmeldDatum: tijd } });
  uit.push(aantal('AANMELDINGEN', 'TOTAAL', aanmeldingen, drempel));
  const besluiten = await db.besluit.findMany({
    where: { status: 'VASTGESTELD', vastgesteldOp: tijd },
    select: { casusId: true, soort: true, uitkomst: true, gegevens: true },
  });
  const van_ = (soort: string) => besluiten.filter((b) => b.soort === soort);
  tel(
    'INTAKE',
    ['IN_BEHANDELING', 'NIET_IN_BEHANDELING'],
    van_('INTAKE').map((b) => b.uitkomst),
  );
  tel(
    'EINDBEOORDELING',
    ['VOLDAAN', 'NIET_VOLDAAN'],
    van_('EINDBEOORDELING').map((b) => b.uitkomst),
  );
  tel(
    'AFSLUITINGEN',
    afsluitUitkomstenMetOud,
    van_('AFSLUITING').map(
      (b) => afsluitGegevensSchema.safeParse(b.gegevens).data?.afsluitUitkomst ?? 'NIET_VASTGELEGD',
    ),
  );
  tel(
    'HEROPENINGEN',
    ['HEROPENING', 'OPHEFFING_AFSCHERMING'],
    besluiten.filter((b) => b.soort === 'HEROPENING' || b.soort === 'OPHEFFING_AFSCHERMING').map((b) => b.soort),
  );
  const verlengingen = await db.verlenging.findMany({ where: { datum }, select: { situatie: true } });
  tel(
    'VERLENGINGEN',
    ['OPEN_CRITERIA_GELDEN_NOG', 'AFGESLOTEN_RISICO_OP_TERUGVAL'],
    verlengingen.map((v) => v.situatie),
  );

  // Time per phase: for each phase that ended in the period, the days from its start (the decision before it).
  const fasen = ['INTAKE', 'EINDBEOORDELING', 'SELECTIE', 'AFSLUITING'] as const;
  const casusIds = [
    ...new Set(besluiten.filter((b) => (fasen as readonly string[]).includes(b.soort)).map((b) => b.casusId)),
  ];
  const verloop = await db.casus.findMany({
    where: { id: { in: casusIds } },
    select: {
      id: true,
      aanmeldDatum: true,
      besluiten: {
        where: { status: 'VASTGESTELD', soort: { in: [...fasen] } },
        select: { soort: true, vastgesteldOp: true },
        orderBy: { vastgesteldOp: 'asc' },
      },
    },
  });
  const duren: Record<string, number[]> = { INTAKE: [], TRIAGE: [], SELECTIE: [], CASUSOVERLEG: [], TOTAAL: [] };
  const inPeriode = (d: Date) => d >= tijd.gte && d < tijd.lt;
  for (const c of verloop) {
    // The last decision of each kind: a heropening closes a casus again later, and that afsluiting counts.
    const laatste = (soort: string) => c.besluiten.filter((b) => b.soort === soort).at(-1)?.vastgesteldOp ?? null;
    const eerste = (soort: string) => c.besluiten.find((b) => b.soort === soort)?.vastgesteldOp ?? null;
    const stappen: Array<[string, Date | null, Date | null]> = [
      ['INTAKE', c.aanmeldDatum, eerste('INTAKE')],
      ['TRIAGE', eerste('INTAKE'), eerste('EINDBEOORDELING')],
      ['SELECTIE', eerste('EINDBEOORDELING'), eerste('SELECTIE')],
      ['CASUSOVERLEG', eerste('SELECTIE'), laatste('AFSLUITING')],
      ['TOTAAL', c.aanmeldDatum, laatste('AFSLUITING')],
    ];
    for (const [fase, begin, eind] of stappen)
      if (begin && eind && inPeriode(eind)) duren[fase]!.push(dagenTussen(dag(begin), dag(eind)));
  }
  for (const [fase, dagen] of Object.entries(duren)) uit.push(...duur(`DOORLOOPTIJD_${fase}`, dagen, drempel));

  // Informatieplicht (AVG 13–14; BGS 1.3): the obligations due in the period, on time, late, postponed per ground.
  const plichten = await db.informatieplicht.findMany({
    where: { deadline: datum },
    select: {
      status: true,
      deadline: true,
      verstrektOp: true,
      handelingen: {
        where: { soort: 'UITSTEL', status: 'VASTGESTELD' },
        select: { grond: true },
        orderBy: { createdAt: 'desc' },
        take: 1,
      },
    },
  });
  const vandaag = dutchCalendarDate(new Date());
  tel(
    'INFORMATIEPLICHT',
    ['OP_TIJD', 'TE_LAAT', 'OPEN', 'OPEN_VERLOPEN', ...uitstelGronden.map((g) => `UITGESTELD_${g}`), 'VERVALLEN'],
    plichten.map((p) => {
      const deadline = dateOfColumn(p.deadline);
      if (p.status === 'VERSTREKT')
        return p.verstrektOp && dateOfColumn(p.verstrektOp) <= deadline ? 'OP_TIJD' : 'TE_LAAT';
      if (p.status === 'UITGESTELD') return `UITGESTELD_${p.handelingen[0]?.grond ?? 'ONBEKEND'}`;
      if (p.status === 'OPEN') return vandaag > deadline ? 'OPEN_VERLOPEN' : 'OPEN';
      return p.status;
    }),
  );

  // AVG-verzoeken (AVG 12, 15–21) received in the period: per kind, per outcome, decided on time.
  const verzoeken = await db.avgVerzoek.findMany({
    where: { ontvangenOp: datum },
    select: {
      soort: true,
      fase: true,
      deadline: true,
      handelingen: {
        where: { soort: 'BESLUIT', status: 'VASTGESTELD' },
        select: { gegevens: true, vastgesteldOp: true },
        orderBy: { vastgesteldOp: 'asc' },
      },
    },
  });
  tel(
    'AVG_VERZOEKEN',
    avgVerzoekSoorten,
    verzoeken.map((v) => v.soort),
  );
  tel(
    'AVG_VERZOEKEN_UITKOMST',
    [...besluitUitkomsten, 'DOORGEZONDEN_ARCHIEF', 'NOG_GEEN_BESLUIT'],
    verzoeken.map((v) => {
      const uitkomst = (v.handelingen.at(-1)?.gegevens as { uitkomst?: unknown } | undefined)?.uitkomst;
      if (typeof uitkomst === 'string') return uitkomst;
      return v.fase === 'DOORGEZONDEN_ARCHIEF' ? 'DOORGEZONDEN_ARCHIEF' : 'NOG_GEEN_BESLUIT';
    }),
  );
  tel(
    'AVG_VERZOEKEN_TERMIJN',
    ['BINNEN_TERMIJN', 'TE_LAAT', 'OPEN'],
    verzoeken.map((v) => {
      const eerste = v.handelingen[0]?.vastgesteldOp;
      if (!eerste) return 'OPEN';
      return dag(eerste) <= dateOfColumn(v.deadline) ? 'BINNEN_TERMIJN' : 'TE_LAAT';
    }),
  );

  // Klachten (Awb 9) received in the period: the judgement and the Awb term.
  const klachten = await db.klacht.findMany({
    where: { ontvangenOp: datum },
    select: { oordeel: true, afgehandeldOp: true, deadline: true, verdaagd: true },
  });
  tel(
    'KLACHTEN',
    [...klachtOordelen, 'OPEN'],
    klachten.map((k) => k.oordeel ?? 'OPEN'),
  );
  tel(
    'KLACHTEN_TERMIJN',
    ['BINNEN_TERMIJN', 'TE_LAAT', 'OPEN'],
    klachten.map((k) =>
      !k.afgehandeldOp ? 'OPEN' : dag(k.afgehandeldOp) <= dateOfColumn(k.deadline) ? 'BINNEN_TERMIJN' : 'TE_LAAT',
    ),
  );
  uit.push(aantal('KLACHTEN', 'VERDAAGD', klachten.filter((k) => k.verdaagd).length, drempel));

  // Datalekken (AVG 33–34) discovered in the period: per risk, and whether the AP heard within 72 hours.
  const lekken = await db.datalek.findMany({
    where: { ontdektOp: tijd },
    select: {
      ontdektOp: true,
      besluiten: {
        where: { status: 'VASTGESTELD', soort: { in: ['BEOORDELING', 'AP_MELDING'] } },
        select: { soort: true, gegevens: true },
      },
    },
  });
  const risicoVan = (l: (typeof lekken)[number]) => {
    const b = l.besluiten.find((x) => x.soort === 'BEOORDELING');
    return b ? datalekBeoordelingSchema.parse(b.gegevens).risico : null;
  };
  tel(
    'DATALEKKEN',
    [...risicoNiveaus, 'NIET_BEOORDEELD'],
    lekken.map((l) => risicoVan(l) ?? 'NIET_BEOORDEELD'),
  );
  tel(
    'DATALEKKEN_AP_MELDING',
    ['BINNEN_72_UUR', 'TE_LAAT', 'NIET_VEREIST', 'OPEN'],
    lekken.map((l) => {
      const ap = l.besluiten.find((x) => x.soort === 'AP_MELDING');
      if (ap) {
        const gemeld = Date.parse(apMeldingSchema.parse(ap.gegevens).gemeldOp);
        return gemeld <= l.ontdektOp.getTime() + AP_MELDTERMIJN_UREN * HOUR_MS ? 'BINNEN_72_UUR' : 'TE_LAAT';
      }
      return risicoVan(l) === 'GEEN' ? 'NIET_VEREIST' : 'OPEN';
    }),
  );

  // RIEC afstemmingen (WGS 1.7), Wpg 32 / Wjsg 39j provisions, refused access attempts (the verplichte logging).
  const afstemmingen = await db.riecAfstemming.findMany({ where: { createdAt: tijd }, select: { status: true } });
  tel(
    'RIEC_AFSTEMMINGEN',
    ['AANGEBODEN', 'AFGELEVERD', 'MISLUKT'],
    afstemmingen.map((a) => a.status),
  );
  const registraties = await db.verstrekkingsregistratie.findMany({
    where: { verstrektOp: tijd },
    select: { wet: true },
  });
  tel(
    'POLITIE_JUSTITIE_VERSTREKKINGEN',
    ['WPG_32', 'WJSG_39J'],
    registraties.map((r) => r.wet),
  );
  const geweigerd = await db.auditLog.findMany({
    where: { uitkomst: 'GEWEIGERD', tijdstip: tijd },
    select: { actie: true },
  });
  const weigeringen = geweigerd.map((g) => g.actie);
  tel('GEWEIGERDE_TOEGANG', [], weigeringen);
  return uit;
}

const KOLOMMEN = ['onderwerp', 'categorie', 'eenheid', 'waarde', 'onderdrukt'] as const;
const naarCsv = (items: MiCijfer[]): string =>
  [KOLOMMEN.join(','), ...items.map((c) => KOLOMMEN.map((k) => csvVeld(c[k] === null ? null : String(c[k]))).join(','))]
    .map((r) => `${r}\r\n`)
    .join('');

/**
 * Management information (Afspr. 1.15, 4.9, Bijlage 4; Conv. 4.4 c, 6.4, 11.3): figures per period for the
 * netwerkmanager, the Stuurgroep and the FG, as JSON or CSV. No personal data, ever: codes, counts and days only,
 * small counts suppressed (ZVH_MI_DREMPEL). Every read is logged.
 */
export function managementinformatieRoutes({ db, authenticate, policy }: RouteDeps<'policy'>): Router {
  const router = Router();
  const { log, bevoegd } = zonderCasus(db, authenticate);

  router.get(
    '/managementinformatie',
    endpoint('managementinformatie.raadplegen', async (req, res) => {
      const actor = await bevoegd(req, 'managementinformatie.raadplegen');
      const q = parseInput(miQuerySchema, req.query);
      const formaat = q.formaat ?? (req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
      const items = await cijfers(db, q.van, q.tot, policy.miDrempel);
      await log(actor, 'managementinformatie.raadplegen', { van: q.van, tot: q.tot, formaat });
      if (formaat === 'csv') {
        res
          .attachment(`managementinformatie-${q.van}-${q.tot}.csv`)
          .type('text/csv; charset=utf-8; header=present')
          .send(naarCsv(items));
        return;
      }
      res.json({ van: q.van, tot: q.tot, drempel: policy.miDrempel, cijfers: items });
    }),
  );
  return router;
}
