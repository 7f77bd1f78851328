import { Router, type Request, type Response } from 'express';
import type { ApiAntwoord, ApiClient, Probleem } from './api';
import { formulier, naarBody, type Veld } from './formulier';
import { datum, html, type Html } from './html';
import { alert, cel, gegevens, link, tabel } from './layout';
import { sessieVan, type FormulierPagina, type Render } from './app';
import {
  aanmeldVelden,
  afsluitVelden,
  bekendheidscheckVelden,
  antwoordVelden,
  eindbeoordelingVelden,
  intakeVelden,
  informatievraagVelden,
  legalHoldVelden,
  selectieVelden,
  verstrektVelden,
} from './velden';

/**
 * The pages. Each reads through the API as the logged-in medewerker (so need-to-know, audit logging and every check
 * are the API's) and shows only what the API answered; no personal data in any URL (ids and casusnummers only).
 */
interface Deps {
  api: ApiClient;
  render: Render;
  formulierPagina: FormulierPagina;
}

/** Dutch names of the process's phases, steps and kinds of work (plain language; the API keeps its codes). */
const FASEN: Array<[string, string]> = [
  ['AANMELDING', 'Aanmelding'],
  ['TRIAGE', 'Triage'],
  ['SELECTIE_DEELNEMERS', 'Selectie deelnemers'],
  ['CASUSOVERLEG', 'Casusoverleg'],
  ['AFGESCHAALD', 'Afgeschaald'],
  ['AFGESCHERMD', 'Afgeschermd'],
  ['GEARCHIVEERD', 'Gearchiveerd'],
  ['GEANONIMISEERD', 'Geanonimiseerd'],
];
const faseNaam = (f: string) =>
  f === 'NIET_IN_BEHANDELING' ? 'Niet in behandeling' : (FASEN.find(([c]) => c === f)?.[1] ?? f);

const WERK: Record<string, string> = {
  INTAKEBESLUIT: 'Intakebesluit nemen',
  EINDBEOORDELING: 'Eindbeoordeling doen',
  SELECTIE: 'Deelnemers selecteren',
  PLAN_VAN_AANPAK: 'Plan van aanpak opstellen',
  EVALUATIE: 'Plan van aanpak evalueren',
  AFSLUITING: 'Casus afsluiten',
  AFSCHERMEN: 'Afschermen (door het systeem)',
  GEGEVENS_VERWIJDEREN: 'Gegevens verwijderen (door het systeem)',
  ARCHIVEREN: 'Archiveren (door het systeem)',
  ANONIMISEREN: 'Anonimiseren (door het systeem)',
  INFORMATIEVERZOEK: 'Informatieverzoek beantwoorden',
  TOPX_INFORMATIEVERZOEK: 'TopX-informatieverzoek beantwoorden',
  AVG_CONSULTATIE: 'Consultatie over een AVG-verzoek',
  INFORMATIEPLICHT: 'Betrokkene informeren (informatieplicht)',
  AVG_VERZOEK: 'AVG-verzoek afhandelen',
  DATALEK: 'Datalek beoordelen',
  ARCHIVERING: 'Casus bereikt de archiefdatum',
  LEGAL_HOLD: 'Legal hold loopt',
};
/** Who informs the betrokkene (Afspr. 8.2): a deelnemer, or all of them jointly. */
const verantwoordelijkeNaam = (v: string | null) =>
  v === 'GEZAMENLIJK_VERWERKINGSVERANTWOORDELIJKEN' ? 'De gezamenlijk verwerkingsverantwoordelijken' : (v ?? '—');
const verstrektLabel = (casusnummer: string, rol: string | null) =>
  `Verstrekt vastleggen (${casusnummer}${rol ? `, ${ROLNAMEN[rol] ?? rol}` : ''})`;
const ROLNAMEN: Record<string, string> = {
  BETROKKENE: 'Betrokkene',
  GEZINSLID: 'Gezinslid',
  SOCIALE_OMGEVING: 'Sociale omgeving',
};
const AFGESCHERMD =
  'Deze casus is afgesloten of niet in behandeling genomen: u ziet alleen de administratieve gegevens.';
const casusKolommen = ['Casusnummer', 'Fase', 'Aanmelder', 'Aangemeld', 'Volgende stap', 'Deadline', 'Wacht op mij'];
const teLaatLabel = (teLaat: boolean) => (teLaat ? html` <strong class="zvh-label-te-laat">Te laat</strong>` : '');
const persoonNaam = (b: { voornamen: string | null; achternaam: string }) =>
  [b.voornamen, b.achternaam].filter(Boolean).join(' ');
const code = (s: string) => s.replace(/_/g, ' ').toLowerCase();

const werkNaam = (s: string | null | undefined) => (s ? (WERK[s] ?? s) : '—');

/** The web page for an API resource the werkvoorraad points to. */
function webPad(verwijzing: string | undefined, soort: string): string | undefined {
  if (!verwijzing) return undefined;
  const pad = verwijzing.replace(/^\/v\d+/, '');
  if (/^\/casussen\/[0-9a-f-]+$/.test(pad) || /^\/informatieverzoeken\/[0-9a-f-]+$/.test(pad)) return pad;
  if (soort === 'INFORMATIEPLICHT') return '/contactpunt';
  if (soort === 'ARCHIVERING' || soort === 'LEGAL_HOLD') return '/archief';
  return undefined;
}

const acties: Record<string, { pad: string; label: string }> = {
  'casus.intakebesluit': { pad: 'intake-besluit', label: 'Intakebesluit nemen' },
  'casus.eindbeoordeling': { pad: 'eindbeoordeling', label: 'Eindbeoordeling vastleggen' },
  'casus.selectie': { pad: 'selectie', label: 'Deelnemers selecteren' },
  'casus.informatie.vragen': { pad: 'informatieverzoeken', label: 'Informatie vragen' },
  'casus.afsluiten': { pad: 'afsluiting', label: 'Casus afsluiten' },
  'casus.procesregie.nemen': { pad: 'procesregie', label: 'Procesregie nemen' },
};

const voorwaardenTekst = (v: { nietVoorCasusoverleg: boolean; nietAanDeelnemers: string[]; nietAanDerden: boolean }) =>
  [
    v.nietVoorCasusoverleg ? 'niet in het casusoverleg' : '',
    v.nietAanDeelnemers.length ? `niet aan ${v.nietAanDeelnemers.join(', ')}` : '',
    v.nietAanDerden ? 'niet aan derden' : '',
  ]
    .filter(Boolean)
    .join('; ') || 'geen';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Werk {
  soort: string;
  deadline: string | null;
  verwijzing?: string;
  casusnummer?: string;
  nummer?: string;
  teLaat: boolean;
}

interface CasusRegel {
  id: string;
  casusnummer: string;
  fase: string;
  aanmelder: { deelnemerId: string };
  aanmeldDatum: string;
  volgendeStap: string | null;
  volgendeDeadline: string | null;
  wachtOpMij: boolean;
}

interface Casus extends CasusRegel {
  afgeschermd: boolean;
  inzage?: string;
  archiefDatum: string | null;
  afsluitDatum: string | null;
  procesregisseur: { naam: string } | null;
  casusregisseur: { deelnemerId: string } | null;
  wettelijkeTaak?: string;
  betrokkenen?: Array<{
    rol: string;
    voornamen: string | null;
    achternaam: string;
    geboortedatum: string | null;
    bsn: string | null;
  }>;
  besluiten?: Array<{
    soort: string;
    uitkomst: string | null;
    status: string;
    motivering: string | null;
    deelnemerId: string;
    vastgesteldOp: string | null;
    weigerreden: string | null;
  }>;
  criteriumBeoordelingen?: Array<{ moment: string; criterium: string; mate: string; toelichting: string }>;
  informatieverzoeken?: Array<{ id: string; aanDeelnemerId: string; taak: string; doel: string; gevraagdOp: string }>;
  gegevens?: Array<{
    id: string;
    verzoekId: string | null;
    leverancierDeelnemerId: string;
    categorie: string;
    inhoud: string;
    verwijderdOp: string | null;
    voorwaarden: { nietVoorCasusoverleg: boolean; nietAanDeelnemers: string[]; nietAanDerden: boolean };
  }>;
  planVanAanpak?: { toestandsbeeld: string; casusregisseurDeelnemerId: string; evaluatiedatum: string | null } | null;
  geselecteerdeDeelnemers?: string[];
  verlengingen?: Array<{ datum: string; situatie: string }>;
  acties?: string[];
}

export function paginas({ api, render, formulierPagina }: Deps): Router {
  const router = Router();

  /** The API's answer, or — for a refusal — the problem page (a 401 ends the session: log in again). */
  const lees = async <T>(req: Request, res: Response, pad: string): Promise<T | undefined> => {
    const a: ApiAntwoord = await api(sessieVan(res), 'GET', pad);
    if (a.status < 400) return a.body as T;
    toonProbleem(req, res, a as ApiAntwoord<Probleem>);
    return undefined;
  };
  const toonProbleem = (req: Request, res: Response, a: ApiAntwoord<Probleem>) => {
    if (a.status === 401) return void res.redirect(303, `/inloggen?terug=${encodeURIComponent(req.path)}`);
    const p = typeof a.body === 'object' ? a.body : { title: 'Fout', status: a.status };
    render(res, p.title, alert('error', html`${p.detail ?? p.title}`), { status: a.status >= 500 ? 502 : a.status });
  };

  router.get('/werkvoorraad', async (req, res) => {
    const w = await lees<{ werk: Werk[]; aantallen: Record<string, number>; teLaat: number }>(
      req,
      res,
      '/werkvoorraad',
    );
    if (!w) return;
    const rijen = w.werk.map((item) => {
      const pad = webPad(item.verwijzing, item.soort);
      const wat = item.casusnummer ?? item.nummer ?? '';
      return html`<tr class="utrecht-table__row${item.teLaat ? ' zvh-te-laat' : ''}">
        ${cel(pad ? link(pad, werkNaam(item.soort)) : werkNaam(item.soort))}${cel(wat)}
        ${cel(html`${datum(item.deadline)}${teLaatLabel(item.teLaat)}`)}
      </tr>`;
    });
    const aantallen = Object.entries(w.aantallen);
    render(
      res,
      'Mijn werkvoorraad',
      html`<p class="utrecht-paragraph">
          U heeft <strong>${w.werk.length}</strong> ${w.werk.length === 1 ? 'taak' : 'taken'}${
            w.teLaat > 0 ? html`, waarvan <strong class="zvh-label-te-laat">${w.teLaat} te laat</strong>` : ''
          }.
          De taak met de eerste deadline staat bovenaan.
        </p>
        ${
          aantallen.length > 0
            ? html`<ul class="utrecht-unordered-list zvh-aantallen">
                ${aantallen.map(([s, n]) => html`<li>${werkNaam(s)}: ${n}</li>`)}
              </ul>`
            : ''
        }
        ${tabel(['Taak', 'Casus of nummer', 'Deadline'], rijen, 'Uw taken, eerste deadline bovenaan')}`,
      { actief: '/werkvoorraad' },
    );
  });

  router.get('/casussen', async (req, res) => {
    const q = req.query;
    const filters = new URLSearchParams();
    const fase = typeof q.fase === 'string' && FASEN.some(([c]) => c === q.fase) ? q.fase : '';
    const casusnummer = typeof q.casusnummer === 'string' ? q.casusnummer.trim().slice(0, 50) : '';
    const wachtOpMij = q.wachtOpMij === 'true';
    const pagina = typeof q.pagina === 'string' && /^\d{1,4}$/.test(q.pagina) ? Number(q.pagina) : 1;
    if (fase) filters.set('fase', fase);
    if (casusnummer) filters.set('casusnummer', casusnummer);
    if (wachtOpMij) filters.set('wachtOpMij', 'true');
    filters.set('pagina', String(Math.max(pagina, 1)));
    const l = await lees<{ casussen: CasusRegel[]; totaal: number; pagina: number; paginaGrootte: number }>(
      req,
      res,
      `/casussen?${filters}`,
    );
    if (!l) return;
    const rijen = l.casussen.map(
      (c) =>
        html`<tr class="utrecht-table__row">
          ${cel(link(`/casussen/${c.id}`, c.casusnummer))}${cel(faseNaam(c.fase))}
          ${cel(c.aanmelder.deelnemerId)}${cel(datum(c.aanmeldDatum))}
          ${cel(werkNaam(c.volgendeStap))}${cel(datum(c.volgendeDeadline))} ${cel(c.wachtOpMij ? 'Ja' : 'Nee')}
        </tr>`,
    );
    const paginas = Math.max(1, Math.ceil(l.totaal / l.paginaGrootte));
    const naar = (p: number) => {
      const f = new URLSearchParams(filters);
      f.set('pagina', String(p));
      return `/casussen?${f}`;
    };
    render(
      res,
      'Casussen',
      html`<form method="get" action="/casussen" class="zvh-filters" role="search" aria-label="Casussen zoeken">
          <div class="utrecht-form-field">
            <label class="utrecht-form-label" for="f-casusnummer">Casusnummer</label>
            <input
              class="utrecht-textbox utrecht-textbox--html-input"
              id="f-casusnummer"
              name="casusnummer"
              value="${casusnummer}"
            />
          </div>
          <div class="utrecht-form-field">
            <label class="utrecht-form-label" for="f-fase">Fase</label>
            <select class="utrecht-select utrecht-select--html-select" id="f-fase" name="fase">
              <option value="">Alle fasen</option>
              ${FASEN.map(([c, n]) => html`<option value="${c}" ${c === fase ? html`selected` : ''}>${n}</option>`)}
            </select>
          </div>
          <div class="utrecht-form-field utrecht-form-field--checkbox">
            <input
              class="utrecht-checkbox utrecht-checkbox--html-input"
              type="checkbox"
              id="f-wacht"
              name="wachtOpMij"
              value="true"
              ${wachtOpMij ? html`checked` : ''}
            />
            <label class="utrecht-form-label utrecht-form-label--checkbox" for="f-wacht"
              >Alleen casussen die op mij wachten</label
            >
          </div>
          <button class="utrecht-button utrecht-button--secondary-action" type="submit">Zoeken</button>
        </form>
        <p class="utrecht-paragraph" role="status">${l.totaal} ${l.totaal === 1 ? 'casus' : 'casussen'} gevonden.</p>
        ${tabel(casusKolommen, rijen, 'Casussen die u mag zien')}
        ${
          paginas > 1
            ? html`<nav aria-label="Paginering" class="zvh-paginering">
                ${l.pagina > 1 ? link(naar(l.pagina - 1), 'Vorige pagina') : ''}
                <span>Pagina ${l.pagina} van ${paginas}</span>
                ${l.pagina < paginas ? link(naar(l.pagina + 1), 'Volgende pagina') : ''}
              </nav>`
            : ''
        }`,
      { actief: '/casussen' },
    );
  });

  const stappen = (fase: string): Html => {
    const volgorde = FASEN.map(([c]) => c);
    const hier = fase === 'NIET_IN_BEHANDELING' ? volgorde.indexOf('AFGESCHAALD') : volgorde.indexOf(fase);
    return html`<nav aria-label="Processtappen">
      <ol class="zvh-stappen">
        ${FASEN.map(([, n], i) => {
          const status = i < hier ? 'gedaan' : i === hier ? 'huidig' : 'nog';
          const naam = fase === 'NIET_IN_BEHANDELING' && i === hier ? 'Niet in behandeling' : n;
          return html`<li
            class="zvh-stappen__stap zvh-stappen__stap--${status}"
            ${status === 'huidig' ? html`aria-current="step"` : ''}
          >
            ${naam}<span class="zvh-verborgen"
              >${status === 'gedaan' ? ' (afgerond)' : status === 'huidig' ? ' (huidige fase)' : ''}</span
            >
          </li>`;
        })}
      </ol>
    </nav>`;
  };

  router.get('/casussen/:id', async (req, res) => {
    if (!uuid.test(req.params.id))
      return void render(res, 'Niet gevonden', alert('error', 'Deze casus bestaat niet.'), { status: 404 });
    const c = await lees<Casus>(req, res, `/casussen/${req.params.id}`);
    if (!c) return;
    const mogelijk = (c.acties ?? []).filter((a) => acties[a]);
    const actieLinks = mogelijk.map((a) => {
      const act = acties[a] as { pad: string; label: string };
      return html`<li>
        <a class="utrecht-button-link utrecht-button-link--primary-action" href="/casussen/${c.id}/${act.pad}"
          >${act.label}</a
        >
      </li>`;
    });
    render(
      res,
      `Casus ${c.casusnummer}`,
      html`${stappen(c.fase)}
        <section aria-labelledby="kop-volgende">
          <h2 class="utrecht-heading-2" id="kop-volgende">Wat nu</h2>
          ${gegevens([
            ['Volgende stap', werkNaam(c.volgendeStap)],
            ['Deadline', datum(c.volgendeDeadline)],
          ])}
          ${
            actieLinks.length > 0
              ? html`<ul class="zvh-acties">
                  ${actieLinks}
                </ul>`
              : html`<p class="utrecht-paragraph">U kunt nu geen stap zetten in deze casus.</p>`
          }
        </section>
        <section aria-labelledby="kop-admin">
          <h2 class="utrecht-heading-2" id="kop-admin">Gegevens van de casus</h2>
          ${gegevens([
            ['Casusnummer', c.casusnummer],
            ['Fase', faseNaam(c.fase)],
            ['Aanmelder', c.aanmelder.deelnemerId],
            ['Aangemeld op', datum(c.aanmeldDatum)],
            ['Procesregisseur', c.procesregisseur?.naam],
            ['Casusregisseur', c.casusregisseur?.deelnemerId],
            ['Wettelijke taak', c.wettelijkeTaak],
            ['Geselecteerde deelnemers', c.geselecteerdeDeelnemers?.join(', ') || undefined],
          ])}
          ${c.afgeschermd ? alert('info', AFGESCHERMD) : ''}
        </section>
        ${
          c.betrokkenen
            ? html`<section aria-labelledby="kop-betrokkenen">
                <h2 class="utrecht-heading-2" id="kop-betrokkenen">Betrokkenen</h2>
                ${tabel(
                  ['Rol', 'Naam', 'Geboortedatum', 'BSN'],
                  c.betrokkenen.map(
                    (b) =>
                      html`<tr class="utrecht-table__row">
                        ${cel(ROLNAMEN[b.rol] ?? b.rol)}
                        ${cel(persoonNaam(b))}${cel(datum(b.geboortedatum))}${cel(b.bsn ?? '—')}
                      </tr>`,
                  ),
                  'Betrokkenen bij de casus',
                )}
              </section>`
            : ''
        }
        ${
          c.criteriumBeoordelingen?.length
            ? html`<section aria-labelledby="kop-criteria">
                <h2 class="utrecht-heading-2" id="kop-criteria">Beoordeling van de criteria</h2>
                ${tabel(
                  ['Moment', 'Criterium', 'Mate', 'Toelichting'],
                  c.criteriumBeoordelingen.map(
                    (k) =>
                      html`<tr class="utrecht-table__row">
                        ${cel(code(k.moment))}${cel(k.criterium.toLowerCase())}${cel(code(k.mate))}
                        ${cel(k.toelichting)}
                      </tr>`,
                  ),
                  'Criteria a–d per moment (artikel 2.20 BGS)',
                )}
              </section>`
            : ''
        }
        ${
          c.besluiten?.length
            ? html`<section aria-labelledby="kop-besluiten">
                <h2 class="utrecht-heading-2" id="kop-besluiten">Besluiten</h2>
                <ol class="zvh-tijdlijn">
                  ${c.besluiten.map(
                    (b) =>
                      html`<li>
                        <strong>${b.soort.replace(/_/g, ' ').toLowerCase()}</strong
                        >${b.uitkomst ? `: ${b.uitkomst.replace(/_/g, ' ').toLowerCase()}` : ''}
                        (${b.status.toLowerCase()}, ${b.deelnemerId},
                        ${datum(b.vastgesteldOp)})${b.motivering ? html`<br />${b.motivering}` : ''}
                        ${b.weigerreden ? html`<br />Geweigerd: ${b.weigerreden}` : ''}
                      </li>`,
                  )}
                </ol>
              </section>`
            : ''
        }
        ${
          c.informatieverzoeken?.length
            ? html`<section aria-labelledby="kop-verzoeken">
                <h2 class="utrecht-heading-2" id="kop-verzoeken">Informatieverzoeken</h2>
                ${tabel(
                  ['Aan', 'Taak', 'Doel', 'Gevraagd op'],
                  c.informatieverzoeken.map(
                    (v) =>
                      html`<tr class="utrecht-table__row">
                        ${cel(v.aanDeelnemerId)}${cel(v.taak)}${cel(v.doel)}${cel(datum(v.gevraagdOp))}
                      </tr>`,
                  ),
                  'Informatieverzoeken in deze casus',
                )}
              </section>`
            : ''
        }
        ${
          c.gegevens?.length
            ? html`<section aria-labelledby="kop-gegevens">
                <h2 class="utrecht-heading-2" id="kop-gegevens">Verstrekte gegevens</h2>
                <p class="utrecht-paragraph">U ziet alleen wat de voorwaarden van de verstrekker u toestaan.</p>
                ${tabel(
                  ['Van', 'Soort', 'Inhoud', 'Voorwaarden'],
                  c.gegevens.map(
                    (g) =>
                      html`<tr class="utrecht-table__row">
                        ${cel(g.leverancierDeelnemerId)}
                        ${cel(g.categorie.toLowerCase())}${cel(g.verwijderdOp ? 'Verwijderd' : g.inhoud)}
                        ${cel(voorwaardenTekst(g.voorwaarden))}
                      </tr>`,
                  ),
                  'Gegevens in deze casus',
                )}
              </section>`
            : ''
        }
        ${
          c.planVanAanpak
            ? html`<section aria-labelledby="kop-plan">
                <h2 class="utrecht-heading-2" id="kop-plan">Plan van aanpak</h2>
                ${gegevens([
                  ['Toestandsbeeld', c.planVanAanpak.toestandsbeeld],
                  ['Casusregisseur', c.planVanAanpak.casusregisseurDeelnemerId],
                  ['Evaluatie', datum(c.planVanAanpak.evaluatiedatum)],
                ])}
              </section>`
            : ''
        }
        <section aria-labelledby="kop-bewaren">
          <h2 class="utrecht-heading-2" id="kop-bewaren">Bewaartermijn</h2>
          ${gegevens([
            ['Afgesloten op', datum(c.afsluitDatum)],
            [
              'Archiefdatum',
              c.archiefDatum ? datum(c.archiefDatum) : 'Nog niet bekend: de termijn loopt vanaf de afsluiting',
            ],
            ['Verlengingen', c.verlengingen?.length ? c.verlengingen.map((v) => datum(v.datum)).join(', ') : 'Geen'],
          ])}
        </section>`,
      { actief: '/casussen' },
    );
  });

  // The decisions on a casus: each form is the API route's body; only shown when the API lists the action.
  const besluitPagina = (pad: string, titel: string, velden: (res: Response) => Veld[], knop: string) =>
    router.all(`/casussen/:id/${pad}`, async (req, res) => {
      if (!uuid.test(req.params.id as string) || !['GET', 'POST'].includes(req.method))
        return void res.redirect(303, '/casussen');
      await formulierPagina(req, res, {
        titel,
        actief: '/casussen',
        velden: velden(res),
        knop,
        inleiding: html`<p class="utrecht-paragraph">${link(`/casussen/${req.params.id}`, 'Terug naar de casus')}</p>`,
        apiPad: `/casussen/${req.params.id}/${pad}`,
        daarna: () => `/casussen/${req.params.id}`,
      });
    });
  besluitPagina('intake-besluit', 'Intakebesluit', intakeVelden, 'Besluit vastleggen');
  besluitPagina('eindbeoordeling', 'Eindbeoordeling', eindbeoordelingVelden, 'Beoordeling vastleggen');
  besluitPagina('selectie', 'Deelnemers selecteren', selectieVelden, 'Selectie vastleggen');
  besluitPagina(
    'informatieverzoeken',
    'Informatie vragen',
    (res) => informatievraagVelden(sessieVan(res).deelnemerId),
    'Verzoek sturen',
  );
  besluitPagina('afsluiting', 'Casus afsluiten', afsluitVelden, 'Casus afsluiten');
  besluitPagina('procesregie', 'Procesregie nemen', () => [], 'Ik neem de procesregie');

  router.all('/aanmelden', async (req, res) => {
    if (!['GET', 'POST'].includes(req.method)) return void res.redirect(303, '/aanmelden');
    await formulierPagina(req, res, {
      titel: 'Casus aanmelden',
      actief: '/aanmelden',
      velden: aanmeldVelden(),
      knop: 'Aanmelden',
      inleiding: html`<p class="utrecht-paragraph">
        Meld een casus aan bij het Zorg- en Veiligheidshuis (artikel 2.31 lid 1 WGS). Beschrijf per criterium met
        objectieve informatie in welke mate het voldaan is. Vul de betrokkene in en, als dat nodig is, gezinsleden of
        mensen uit de directe sociale omgeving.
      </p>`,
      apiPad: '/casussen',
      daarna: (a) => `/casussen/${(a.body as { id: string }).id}`,
    });
  });

  // Is a person known in an active casus (WGS 2.28)? The question holds personal data: a POST, never a URL.
  router.all('/bekendheidscheck', async (req, res) => {
    if (!['GET', 'POST'].includes(req.method)) return void res.redirect(303, '/bekendheidscheck');
    const sessie = sessieVan(res);
    const velden = bekendheidscheckVelden();
    let uitkomst: Html = html``;
    let probleem: Probleem | undefined;
    const form = (req.method === 'POST' ? req.body : {}) as Record<string, string>;
    if (req.method === 'POST') {
      const a = await api(sessie, 'POST', '/bekendheidscheck', naarBody(form, velden), form._sleutel);
      if (a.status >= 400) probleem = a.body as Probleem;
      else {
        const b = a.body as { bekend: boolean; contact?: string; procesregisseurs?: string[] };
        uitkomst = b.bekend
          ? alert(
              'warning',
              html`Deze persoon is bekend in een lopende casus. Neem contact op met
              ${b.contact ?? 'de procesregie'}${
                b.procesregisseurs?.length ? ` (procesregisseur: ${b.procesregisseurs.join(', ')})` : ''
              }.`,
            )
          : alert('ok', 'Deze persoon is niet bekend in een lopende casus van dit Zorg- en Veiligheidshuis.');
      }
    }
    render(
      res,
      'Bekendheidscheck',
      html`<p class="utrecht-paragraph">
          Controleer of iemand al bekend is in een lopende casus (artikel 2.28 WGS). U krijgt alleen ja of nee en bij ja
          wie u kunt benaderen.
        </p>
        ${uitkomst}
        ${formulier({
          actie: '/bekendheidscheck',
          velden,
          knop: 'Controleren',
          sessie,
          probleem,
          waarden: probleem ? form : {},
        })}`,
      { status: probleem ? probleem.status : 200, actief: '/bekendheidscheck' },
    );
  });

  router.get('/informatieverzoeken', async (req, res) => {
    const l = await lees<{
      items: Array<{
        id: string;
        casusnummer: string;
        taak: string;
        termijnOp: string | null;
        beantwoordOp: string | null;
      }>;
    }>(req, res, '/informatieverzoeken?open=true');
    if (!l) return;
    render(
      res,
      'Informatieverzoeken aan uw organisatie',
      tabel(
        ['Casus', 'Gevraagd', 'Termijn'],
        l.items.map(
          (v) =>
            html`<tr class="utrecht-table__row">
              ${cel(link(`/informatieverzoeken/${v.id}`, v.casusnummer))}${cel(v.taak)}${cel(datum(v.termijnOp))}
            </tr>`,
        ),
        'Open informatieverzoeken',
      ),
      { actief: '/informatieverzoeken' },
    );
  });

  router.all('/informatieverzoeken/:id', async (req, res) => {
    if (!uuid.test(req.params.id as string) || !['GET', 'POST'].includes(req.method))
      return void res.redirect(303, '/informatieverzoeken');
    const v = await lees<{
      id: string;
      casusId: string;
      casusnummer: string;
      namensDeelnemerId: string;
      taak: string;
      doel: string;
      reden: string;
      termijnOp: string | null;
      beantwoordOp: string | null;
      betrokkenen: Array<{ rol: string; voornamen: string | null; achternaam: string; geboortedatum: string | null }>;
    }>(req, res, `/informatieverzoeken/${req.params.id}`);
    if (!v) return;
    await formulierPagina(req, res, {
      titel: `Informatieverzoek in casus ${v.casusnummer}`,
      actief: '/informatieverzoeken',
      velden: antwoordVelden(),
      knop: 'Antwoord versturen',
      inleiding: html`${gegevens([
          ['Gevraagd door', v.namensDeelnemerId],
          ['Gevraagd', v.taak],
          ['Doel', v.doel],
          ['Reden', v.reden],
          ['Termijn', datum(v.termijnOp)],
          [
            'Over',
            v.betrokkenen
              .map((b) => `${[b.voornamen, b.achternaam].filter(Boolean).join(' ')} (${datum(b.geboortedatum)})`)
              .join('; '),
          ],
        ])}
        ${v.beantwoordOp ? alert('ok', `Uw organisatie heeft dit verzoek beantwoord op ${datum(v.beantwoordOp)}.`) : ''}
        <h2 class="utrecht-heading-2">Uw antwoord</h2>`,
      apiPad: `/casussen/${v.casusId}/gegevens`,
      body: (b) => ({ ...b, verzoekId: v.id }),
      daarna: () => `/informatieverzoeken/${v.id}?verstuurd=ja`,
    });
  });

  router.get('/contactpunt', async (req, res) => {
    const l = await lees<{
      items: Array<{
        id: string;
        casusnummer: string;
        moment: string;
        status: string;
        deadline: string;
        verlopen: boolean;
        verantwoordelijke: string | null;
        /** Whom the obligation is about (one per person of the casus); null: the casus as a whole. */
        rol: string | null;
      }>;
    }>(req, res, '/informatieplicht?status=OPEN');
    if (!l) return;
    render(
      res,
      'Informatieplicht',
      html`<p class="utrecht-paragraph">
          Betrokkenen die nog geïnformeerd moeten worden (artikel 14 AVG), eerste deadline bovenaan.
        </p>
        ${tabel(
          ['Casus', 'Moment', 'Deadline', 'Wie informeert', 'Brief', 'Actie'],
          l.items.map(
            (p) =>
              html`<tr class="utrecht-table__row${p.verlopen ? ' zvh-te-laat' : ''}">
                ${cel(p.casusnummer)}${cel(code(p.moment))} ${cel(html`${datum(p.deadline)}${teLaatLabel(p.verlopen)}`)}
                ${cel(verantwoordelijkeNaam(p.verantwoordelijke))}
                ${cel(link(`/contactpunt/informatieplicht/${p.id}/brief`, 'Brief om te printen'))}
                ${cel(link(`/contactpunt/informatieplicht/${p.id}/verstrekt`, verstrektLabel(p.casusnummer, p.rol)))}
              </tr>`,
          ),
          'Open informatieplichten',
        )}`,
      { actief: '/contactpunt' },
    );
  });

  router.get('/contactpunt/informatieplicht/:id/brief', async (req, res) => {
    if (!uuid.test(req.params.id)) return void res.redirect(303, '/contactpunt');
    const a = await api(sessieVan(res), 'GET', `/informatieplicht/${req.params.id}/brief`);
    if (a.status >= 400) return toonProbleem(req, res, a as ApiAntwoord<Probleem>);
    // The API's letter is a whole document of its own, to print; it stays as the API wrote it.
    res.type('html').send(a.body as string);
  });

  router.all('/contactpunt/informatieplicht/:id/verstrekt', async (req, res) => {
    if (!uuid.test(req.params.id as string) || !['GET', 'POST'].includes(req.method))
      return void res.redirect(303, '/contactpunt');
    await formulierPagina(req, res, {
      titel: 'Informatieplicht verstrekt',
      actief: '/contactpunt',
      velden: verstrektVelden(),
      knop: 'Vastleggen',
      inleiding: html`<p class="utrecht-paragraph">${link('/contactpunt', 'Terug naar de informatieplicht')}</p>`,
      apiPad: `/informatieplicht/${req.params.id}/verstrekt`,
      daarna: () => '/contactpunt',
    });
  });

  router.all('/archief', async (req, res) => {
    if (!['GET', 'POST'].includes(req.method)) return void res.redirect(303, '/archief');
    const l = await lees<{
      legalHolds: Array<{
        id: string;
        casusId: string | null;
        globaal: boolean;
        reden: string;
        ingesteldOp: string;
        bron: string | null;
      }>;
    }>(req, res, '/legal-holds?actief=true');
    if (!l) return;
    const sessie = sessieVan(res);
    const rijen = l.legalHolds.map(
      (h) =>
        html`<tr class="utrecht-table__row">
          ${cel(h.globaal ? 'Alle casussen' : h.casusId)}${cel(h.reden)}
          ${cel(datum(h.ingesteldOp))}${cel(
            html`<form method="post" action="/archief/legal-holds/${h.id}/opheffing" class="zvh-inline">
              <input type="hidden" name="_csrf" value="${sessie.csrf}" />
              <button
                class="utrecht-button utrecht-button--secondary-action"
                type="submit"
                aria-label="Opheffen: ${h.reden}"
              >
                Opheffen
              </button>
            </form>`,
          )}
        </tr>`,
    );
    await formulierPagina(req, res, {
      titel: 'Archiefbeheer',
      actief: '/archief',
      velden: legalHoldVelden(),
      knop: 'Legal hold plaatsen',
      inleiding: html`<h2 class="utrecht-heading-2">Actieve legal holds</h2>
        <p class="utrecht-paragraph">
          Zolang een legal hold loopt, wordt een casus niet gearchiveerd of geanonimiseerd.
        </p>
        ${tabel(['Casus', 'Reden', 'Geplaatst op', 'Actie'], rijen, 'Actieve legal holds')}
        <h2 class="utrecht-heading-2">Legal hold plaatsen</h2>`,
      apiPad: '/legal-holds',
      daarna: () => '/archief',
    });
  });

  router.post('/archief/legal-holds/:id/opheffing', async (req, res) => {
    if (!uuid.test(req.params.id)) return void res.redirect(303, '/archief');
    const a = await api(sessieVan(res), 'POST', `/legal-holds/${req.params.id}/opheffing`, {});
    if (a.status >= 400) return toonProbleem(req, res, a as ApiAntwoord<Probleem>);
    res.redirect(303, '/archief');
  });

  return router;
}
