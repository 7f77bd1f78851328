import { Router } from 'express';
import { laadVersies } from '../activities/topx';
import { compareDates } from '../domain/dates';
import { geldendeVersie } from '../domain/topx';
import { dutchCalendarDate } from '../infra/calendar';
import type { Db } from '../infra/db';
import { endpoint } from './endpoints';
import { escapeHtml } from '../infra/html';

type Versie = Awaited<ReturnType<typeof laadVersies>>[number];

/**
 * The published criteria of every TopX-lijst (BGS 2.22: "openbaar gemaakt door publicatie op internet"), so that
 * anyone can know beforehand in which situations the ZVH may process their data for such a list. Public and
 * unauthenticated; only published versions (the one in force, those announced, and the history), never a draft,
 * and never anything about entries or who set the criteria: no personal data, ever.
 */
export async function gepubliceerdeCriteria(db: Db) {
  const vandaag = dutchCalendarDate(new Date());
  const lijsten = await db.topxLijst.findMany({
    orderBy: { createdAt: 'asc' },
    select: { id: true, naam: true, omschrijving: true },
  });
  const items = [];
  for (const lijst of lijsten) {
    const gepubliceerd = (await laadVersies(db, lijst.id)).filter((v) => v.gepubliceerdOp !== null);
    if (gepubliceerd.length === 0) continue; // a list in preparation is not in use
    const geldend = geldendeVersie(gepubliceerd, vandaag);
    const publiek = (v: Versie) => ({
      versie: v.versie,
      ingangsdatum: v.ingangsdatum,
      gepubliceerdOp: v.gepubliceerdOp,
      criteria: v.criteria,
      toelichting: v.toelichting,
    });
    items.push({
      id: lijst.id,
      naam: lijst.naam,
      omschrijving: lijst.omschrijving,
      geldend: geldend ? publiek(geldend) : null,
      aangekondigd: gepubliceerd.filter((v) => compareDates(v.ingangsdatum, vandaag) > 0).map(publiek),
      historie: [...gepubliceerd].reverse().map(publiek),
    });
  }
  return { bijgewerktOp: new Date().toISOString(), grondslag: 'artikel 2.32 Wgs; artikel 2.22 Bgs', lijsten: items };
}

function html({ lijsten }: Awaited<ReturnType<typeof gepubliceerdeCriteria>>): string {
  const criteria = (v: NonNullable<(typeof lijsten)[number]['geldend']>) =>
    `<ul>${v.criteria.map((c) => `<li><strong>${escapeHtml(c.code)}</strong> — ${escapeHtml(c.omschrijving)}</li>`).join('')}</ul>${v.toelichting ? `<p>${escapeHtml(v.toelichting)}</p>` : ''}`;
  const versieKop = (v: NonNullable<(typeof lijsten)[number]['geldend']>) =>
    `Versie ${v.versie}, geldt vanaf ${escapeHtml(v.ingangsdatum)} (gepubliceerd op ${escapeHtml(dutchCalendarDate(new Date(v.gepubliceerdOp!)))})`;
  const lijst = (l: (typeof lijsten)[number]) =>
    [
      `<section><h2>${escapeHtml(l.naam)}</h2><p>${escapeHtml(l.omschrijving)}</p>`,
      l.geldend
        ? `<h3>Geldende criteria — ${versieKop(l.geldend)}</h3>${criteria(l.geldend)}`
        : '<p>Er gelden nog geen criteria.</p>',
      ...l.aangekondigd.map((v) => `<h3>Aangekondigd — ${versieKop(v)}</h3>${criteria(v)}`),
      `<h3>Alle gepubliceerde versies</h3><ol reversed>${l.historie.map((v) => `<li>${versieKop(v)}</li>`).join('')}</ol></section>`,
    ].join('');
  return [
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Criteria lijsten met geprioriteerde casussen</title></head><body>',
    '<h1>Criteria voor plaatsing op een lijst met geprioriteerde casussen (TopX)</h1>',
    '<p>Het Zorg- en Veiligheidshuis plaatst alleen personen op een lijst met geprioriteerde casussen die voldoen aan de hieronder gepubliceerde objectieve criteria én aan de criteria van artikel 2.20 van het Besluit gegevensverwerking door samenwerkingsverbanden (artikel 2.32 Wgs, artikel 2.22 Bgs). Criteria worden gepubliceerd voordat zij gelden.</p>',
    lijsten.length === 0 ? '<p>Er zijn geen lijsten met geprioriteerde casussen.</p>' : lijsten.map(lijst).join(''),
    '</body></html>',
  ].join('\n');
}

export function topxPubliekRoutes({ db }: { db: Db }): Router {
  const router = Router();
  router.get(
    '/topx-criteria.json',
    endpoint('publiek', async (_req, res) => {
      res.json(await gepubliceerdeCriteria(db));
    }),
  );
  router.get(
    '/topx-criteria',
    endpoint('publiek', async (_req, res) => {
      res.type('text/html; charset=utf-8').send(html(await gepubliceerdeCriteria(db)));
    }),
  );
  return router;
}
