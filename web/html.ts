import { escapeHtml } from '../infra/html';

/**
 * HTML for the web application's pages: a tagged template that escapes every interpolated value unless it is Html
 * already, so no text from the API can become markup.
 */
export class Html {
  constructor(readonly tekst: string) {}
  toString(): string {
    return this.tekst;
  }
}

type Waarde = Html | string | number | null | undefined | false | readonly Waarde[];

const render = (v: Waarde): string =>
  v === null || v === undefined || v === false
    ? ''
    : v instanceof Html
      ? v.tekst
      : Array.isArray(v)
        ? v.map(render).join('')
        : escapeHtml(String(v as string | number));

export function html(strings: TemplateStringsArray, ...waarden: Waarde[]): Html {
  return new Html(strings.reduce((acc, s, i) => acc + s + (i < waarden.length ? render(waarden[i]) : ''), ''));
}

const datumFormaat = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'long' });
const tijdFormaat = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  dateStyle: 'long',
  timeStyle: 'short',
});

/** A date (`YYYY-MM-DD`) or timestamp from the API as people read it: "4 december 2026". */
export function datum(v: string | null | undefined): string {
  if (!v) return '—';
  return /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? datumFormaat.format(new Date(`${v}T12:00:00Z`))
    : tijdFormaat.format(new Date(v));
}
