import { html, type Html } from './html';
import type { Sessie } from './sessie';

/** The navigation for this medewerker: only what its roles and deelnemer can use (the API decides anyway). */
function navigatie(sessie: Sessie, actief: string): Html {
  const items: Array<[string, string]> = [['/werkvoorraad', 'Werkvoorraad']];
  const toezicht = sessie.rollen.includes('fg') || sessie.rollen.includes('operator');
  if (!toezicht)
    items.push(
      ['/casussen', 'Casussen'],
      ['/aanmelden', 'Aanmelden'],
      ['/bekendheidscheck', 'Bekendheidscheck'],
      ['/informatieverzoeken', 'Informatieverzoeken'],
    );
  if (sessie.rollen.includes('contactpunt')) items.push(['/contactpunt', 'Contactpunt']);
  if (sessie.rollen.includes('archiefbeheerder')) items.push(['/archief', 'Archiefbeheer']);
  return html`<nav class="zvh-nav" aria-label="Hoofdmenu">
    <ul class="zvh-nav__lijst">
      ${items.map(
        ([pad, label]) =>
          html`<li>
            <a class="utrecht-link" href="${pad}" ${actief === pad ? html`aria-current="page"` : ''}>${label}</a>
          </li>`,
      )}
    </ul>
  </nav>`;
}

export interface PaginaOpties {
  titel: string;
  sessie?: Sessie;
  /** The menu item this page belongs to. */
  actief?: string;
  inhoud: Html;
}

/** A whole page: NL Design System (Utrecht) components and tokens, skip link, landmarks, Dutch. */
export function pagina({ titel, sessie, actief = '', inhoud }: PaginaOpties): string {
  return html`<!DOCTYPE html>
    <html lang="nl" class="utrecht-theme utrecht-root">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${titel} – Zorg- en Veiligheidshuis</title>
        <link rel="stylesheet" href="/static/tokens.css" />
        <link rel="stylesheet" href="/static/utrecht.css" />
        <link rel="stylesheet" href="/static/zvh.css" />
        <script src="/static/zvh.js" defer></script>
      </head>
      <body class="utrecht-document utrecht-body">
        <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">Direct naar de inhoud</a>
        <header class="utrecht-page-header zvh-kop">
          <p class="zvh-kop__naam"><a class="utrecht-link" href="/werkvoorraad">Zorg- en Veiligheidshuis</a></p>
          ${
            sessie
              ? html`<div class="zvh-kop__wie">
                  <span
                    >${sessie.naam || 'Medewerker'}
                    (${sessie.deelnemerId}${sessie.rollen.length ? `, ${sessie.rollen.join(', ')}` : ''})</span
                  >
                  <form method="post" action="/uitloggen" class="zvh-inline">
                    <input type="hidden" name="_csrf" value="${sessie.csrf}" />
                    <button class="utrecht-button utrecht-button--secondary-action" type="submit">Uitloggen</button>
                  </form>
                </div>`
              : ''
          }
          ${sessie ? navigatie(sessie, actief) : ''}
        </header>
        <main class="utrecht-page-content zvh-inhoud" id="inhoud" tabindex="-1">
          <h1 class="utrecht-heading-1">${titel}</h1>
          ${inhoud}
        </main>
        <footer class="utrecht-page-footer zvh-voet">
          <p class="utrecht-paragraph">
            Casusregistratie onder de Wet gegevensverwerking samenwerkingsverbanden (WGS). Ziet u iets wat niet klopt?
            Neem contact op met het Contactpunt.
          </p>
        </footer>
      </body>
    </html>`.tekst;
}

export const alert = (soort: 'error' | 'ok' | 'warning' | 'info', tekst: Html | string) =>
  html`<div class="utrecht-alert utrecht-alert--${soort}" role="${soort === 'error' ? 'alert' : 'status'}">
    <div class="utrecht-alert__message">${tekst}</div>
  </div>`;

export const tabel = (kop: string[], rijen: Html[], bijschrift: string) =>
  rijen.length === 0
    ? html`<p class="utrecht-paragraph">Niets gevonden.</p>`
    : html`<table class="utrecht-table zvh-tabel">
        <caption class="utrecht-table__caption">
          ${bijschrift}
        </caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            ${kop.map((k) => html`<th class="utrecht-table__header-cell" scope="col">${k}</th>`)}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          ${rijen}
        </tbody>
      </table>`;

export const cel = (inhoud: Html | string | number | null | undefined) =>
  html`<td class="utrecht-table__cell">${inhoud}</td>`;

export const link = (href: string, tekst: string) => html`<a class="utrecht-link" href="${href}">${tekst}</a>`;

/** A definition list of label/value pairs (the admin set, a request). */
export const gegevens = (paren: Array<[string, Html | string | null | undefined]>) =>
  html`<dl class="utrecht-data-list zvh-gegevens">
    ${paren.map(
      ([k, v]) =>
        html`<div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">${k}</dt>
          <dd class="utrecht-data-list__item-value">${v ?? '—'}</dd>
        </div>`,
    )}
  </dl>`;
