import { randomUUID } from 'node:crypto';
import { html, type Html } from './html';
import type { Probleem } from './api';
import type { Sessie } from './sessie';

/**
 * Forms whose field names are the paths of the API's request body (`criteria.A.mate`, `betrokkenen.0.achternaam`):
 * a submitted form becomes that body as it is, and the API's validation messages (`invalid-params[].name`, the same
 * paths) land next to the field they are about. No rule is checked here: the API checks them all.
 */
export type Veld =
  | { soort: 'tekst' | 'datum' | 'tekstvak' | 'lijst'; naam: string; label: string; hint?: string; verplicht?: boolean }
  | { soort: 'keuze'; naam: string; label: string; opties: Array<[string, string]>; hint?: string; verplicht?: boolean }
  | { soort: 'vinkje'; naam: string; label: string; hint?: string }
  | { soort: 'verborgen'; naam: string; waarde: string }
  /** `naam`: the part of the body the group is (`criteria.A`), so a message about all of it lands at the group. */
  | { soort: 'groep'; legenda: string; velden: Veld[]; hint?: string; naam?: string };

export type Waarden = Record<string, string | undefined>;

const veldId = (naam: string) => `veld-${naam.replace(/[^A-Za-z0-9]/g, '-')}`;

/** Turns the submitted fields into the API's body: dotted paths nest, number segments make arrays. */
export function naarBody(form: Record<string, unknown>, velden: Veld[]): Record<string, unknown> {
  const soorten = new Map(alleVelden(velden).flatMap((v) => (v.soort === 'groep' ? [] : [[v.naam, v.soort] as const])));
  const body: Record<string, unknown> = {};
  const zet = (pad: string[], waarde: unknown) => {
    let doel: Record<string, unknown> = body;
    pad.forEach((deel, i) => {
      if (i === pad.length - 1) doel[deel] = waarde;
      else doel = (doel[deel] ??= /^\d+$/.test(pad[i + 1] ?? '') ? [] : {}) as Record<string, unknown>;
    });
  };
  for (const v of alleVelden(velden)) {
    if (v.soort === 'groep') continue;
    const ruw = form[v.naam];
    const pad = v.naam.split('.');
    if (soorten.get(v.naam) === 'vinkje') zet(pad, ruw === 'true');
    else if (typeof ruw !== 'string' || ruw.trim() === '') continue;
    else if (soorten.get(v.naam) === 'lijst')
      zet(
        pad,
        ruw
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean),
      );
    else zet(pad, ruw);
  }
  // Rows left empty (a gezinslid not filled in) are no part of the body; arrays stay dense.
  const opschonen = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.filter((e) => e !== undefined && e !== null).map(opschonen);
    if (x && typeof x === 'object')
      return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, w]) => [k, opschonen(w)]));
    return x;
  };
  return opschonen(body) as Record<string, unknown>;
}

const alleVelden = (velden: Veld[]): Veld[] =>
  velden.flatMap((v) => (v.soort === 'groep' ? [v, ...alleVelden(v.velden)] : [v]));

/** The API's messages per field; messages about a field not on the form are shown in the summary only. */
export function foutenVan(p: Probleem | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of p?.['invalid-params'] ?? []) {
    // zod's words for a field left empty, in plain language; every other message as the API gave it.
    const reden = /ontving undefined$/.test(f.reason) ? 'Vul dit in.' : f.reason;
    m.set(f.name, m.has(f.name) ? `${m.get(f.name)}; ${reden}` : reden);
  }
  return m;
}

const foutMelding = (fout: string, id?: string) =>
  html`<p class="utrecht-form-field-error-message" ${id ? html`id="${id}"` : ''}>
    <span class="zvh-verborgen">Fout: </span>${fout}
  </p>`;

function veld(v: Veld, waarden: Waarden, fouten: Map<string, string>): Html {
  if (v.soort === 'groep') {
    const fout = v.naam ? fouten.get(v.naam) : undefined;
    return html`<fieldset class="utrecht-form-fieldset zvh-groep" ${v.naam ? html`id="${veldId(v.naam)}"` : ''}>
      <legend class="utrecht-form-fieldset__legend">${v.legenda}</legend>
      ${fout ? foutMelding(fout) : ''} ${v.hint ? html`<p class="utrecht-form-field-description">${v.hint}</p>` : ''}
      ${v.velden.map((w) => veld(w, waarden, fouten))}
    </fieldset>`;
  }
  if (v.soort === 'verborgen') return html`<input type="hidden" name="${v.naam}" value="${v.waarde}" />`;
  const id = veldId(v.naam);
  const fout = fouten.get(v.naam);
  const beschrijving = [v.hint ? `${id}-hint` : '', fout ? `${id}-fout` : ''].filter(Boolean).join(' ');
  const beschreven = beschrijving ? html` aria-describedby="${beschrijving}"` : '';
  const aria = html`${beschreven}${fout ? html` aria-invalid="true"` : ''}`;
  const waarde = waarden[v.naam] ?? '';
  const verplicht = 'verplicht' in v && v.verplicht ? html` aria-required="true"` : '';
  const hint = v.hint ? html`<p class="utrecht-form-field-description" id="${id}-hint">${v.hint}</p>` : '';
  const foutTekst = fout ? foutMelding(fout, `${id}-fout`) : '';
  const invalid = fout ? ' utrecht-form-field--invalid' : '';
  if (v.soort === 'vinkje')
    return html`<div class="utrecht-form-field utrecht-form-field--checkbox${invalid}">
      <input
        class="utrecht-checkbox utrecht-checkbox--html-input"
        type="checkbox"
        id="${id}"
        name="${v.naam}"
        value="true"
        ${waarde === 'true' ? html`checked` : ''}${aria}
      />
      <label class="utrecht-form-label utrecht-form-label--checkbox" for="${id}">${v.label}</label>${hint}${foutTekst}
    </div>`;
  const label = html`<label class="utrecht-form-label" for="${id}"
    >${v.label}${'verplicht' in v && v.verplicht ? '' : ' (niet verplicht)'}</label
  >`;
  let invoer: Html;
  if (v.soort === 'keuze')
    invoer = html`<select
      class="utrecht-select utrecht-select--html-select"
      id="${id}"
      name="${v.naam}"
      ${verplicht}${aria}
    >
      <option value="">Maak een keuze</option>
      ${v.opties.map(([w, t]) => html`<option value="${w}" ${w === waarde ? html`selected` : ''}>${t}</option>`)}
    </select>`;
  else if (v.soort === 'tekstvak')
    invoer = html`<textarea
      class="utrecht-textarea utrecht-textarea--html-textarea"
      id="${id}"
      name="${v.naam}"
      rows="4"
      ${verplicht}${aria}
    >
${waarde}</textarea>`;
  else
    invoer = html`<input
      class="utrecht-textbox utrecht-textbox--html-input"
      id="${id}"
      name="${v.naam}"
      value="${waarde}"
      type="${v.soort === 'datum' ? 'date' : 'text'}"
      ${verplicht}${aria}
    />`;
  return html`<div class="utrecht-form-field${invalid}">${label}${hint}${foutTekst}${invoer}</div>`;
}

/** Each field's label as the summary names it: within a group, the group's legend first. */
function veldLabels(velden: Veld[], legenda = ''): Map<string, string> {
  const m = new Map<string, string>();
  for (const v of velden) {
    if (v.soort === 'groep') {
      if (v.naam) m.set(v.naam, v.legenda);
      for (const [k, w] of veldLabels(v.velden, v.legenda)) m.set(k, w);
    } else if (v.soort !== 'verborgen') m.set(v.naam, legenda ? `${legenda} – ${v.label}` : v.label);
  }
  return m;
}

export interface FormulierOpties {
  actie: string;
  velden: Veld[];
  knop: string;
  sessie: Sessie;
  waarden?: Waarden;
  probleem?: Probleem;
  /** The Idempotency-Key of this form: a second submit (double click, back button) is the same request. */
  sleutel?: string;
}

/** A form: CSRF token, idempotency key, an error summary linking to each field, then the fields. */
export function formulier({ actie, velden, knop, sessie, waarden = {}, probleem, sleutel }: FormulierOpties): Html {
  const fouten = foutenVan(probleem);
  const labels = veldLabels(velden);
  const samenvatting = probleem
    ? html`<div class="utrecht-alert utrecht-alert--error zvh-foutsamenvatting" role="alert" tabindex="-1">
        <div class="utrecht-alert__message">
          <p class="utrecht-paragraph">
            <strong>${probleem.title}</strong>${probleem.detail ? html`: ${probleem.detail}` : ''}
          </p>
          ${
            fouten.size > 0
              ? html`<ul class="utrecht-unordered-list">
                  ${[...fouten].map(([naam, reden]) =>
                    labels.has(naam)
                      ? html`<li><a class="utrecht-link" href="#${veldId(naam)}">${labels.get(naam)}: ${reden}</a></li>`
                      : html`<li>${naam}: ${reden}</li>`,
                  )}
                </ul>`
              : ''
          }
        </div>
      </div>`
    : '';
  return html`${samenvatting}
    <form method="post" action="${actie}" class="zvh-formulier" novalidate>
      <input type="hidden" name="_csrf" value="${sessie.csrf}" />
      <input type="hidden" name="_sleutel" value="${sleutel ?? randomUUID()}" />
      ${velden.map((v) => veld(v, waarden, fouten))}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${knop}</button>
    </form>`;
}
