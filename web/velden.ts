import type { Veld } from './formulier';

/** The forms' fields, named as the API's request bodies (api/openapi.ts has the schemas; the API checks them). */
const mate: Array<[string, string]> = [
  ['VOLDAAN', 'Voldaan'],
  ['DEELS_VOLDAAN', 'Deels voldaan'],
  ['NIET_VOLDAAN', 'Niet voldaan'],
];

/** BGS 2.20 lid 1 criteria a–d, each with its degree and the objective information behind it (lid 3). */
export const criteriaVelden = (): Veld[] =>
  (['A', 'B', 'C', 'D'] as const).map((c) => ({
    soort: 'groep',
    naam: `criteria.${c}`,
    legenda: `Criterium ${c.toLowerCase()} (artikel 2.20 lid 1 BGS)`,
    velden: [
      {
        soort: 'keuze',
        naam: `criteria.${c}.mate`,
        label: 'In welke mate is het criterium voldaan?',
        opties: mate,
        verplicht: true,
      },
      {
        soort: 'tekstvak',
        naam: `criteria.${c}.toelichting`,
        label: 'Toelichting',
        hint: 'Welke objectieve informatie laat dit zien?',
        verplicht: true,
      },
    ],
  }));

const rollen: Array<[string, string]> = [
  ['GEZINSLID', 'Gezinslid'],
  ['SOCIALE_OMGEVING', 'Directe sociale omgeving'],
];

const persoon = (i: number, legenda: string, vasteRol?: string): Veld => ({
  soort: 'groep',
  naam: `betrokkenen.${i}`,
  legenda,
  velden: [
    vasteRol
      ? { soort: 'verborgen', naam: `betrokkenen.${i}.rol`, waarde: vasteRol }
      : { soort: 'keuze', naam: `betrokkenen.${i}.rol`, label: 'Rol', opties: rollen },
    { soort: 'tekst', naam: `betrokkenen.${i}.voornamen`, label: 'Voornamen' },
    { soort: 'tekst', naam: `betrokkenen.${i}.achternaam`, label: 'Achternaam', verplicht: vasteRol !== undefined },
    { soort: 'datum', naam: `betrokkenen.${i}.geboortedatum`, label: 'Geboortedatum' },
    { soort: 'tekst', naam: `betrokkenen.${i}.bsn`, label: 'BSN', hint: 'Negen cijfers.' },
  ],
});

/** Rows for the betrokkene and up to three gezinsleden or people of the direct social environment. */
export const GEZINSLEDEN = 3;

export const aanmeldVelden = (): Veld[] => [
  {
    soort: 'tekstvak',
    naam: 'wettelijkeTaak',
    label: 'Wettelijke taak van uw organisatie',
    hint: 'Op grond van welke taak meldt u aan?',
    verplicht: true,
  },
  ...criteriaVelden(),
  persoon(0, 'De betrokkene', 'BETROKKENE'),
  ...Array.from({ length: GEZINSLEDEN }, (_, i) => persoon(i + 1, `Gezinslid of sociale omgeving ${i + 1}`)),
];

export const intakeVelden = (): Veld[] => [
  {
    soort: 'keuze',
    naam: 'uitkomst',
    label: 'Besluit',
    opties: [
      ['IN_BEHANDELING', 'In behandeling nemen'],
      ['NIET_IN_BEHANDELING', 'Niet in behandeling nemen'],
    ],
    verplicht: true,
  },
  ...criteriaVelden(),
  { soort: 'tekstvak', naam: 'motivering', label: 'Motivering' },
];

export const eindbeoordelingVelden = (): Veld[] => [
  {
    soort: 'keuze',
    naam: 'uitkomst',
    label: 'Uitkomst',
    opties: [
      ['VOLDAAN', 'De criteria zijn voldaan'],
      ['NIET_VOLDAAN', 'De criteria zijn niet voldaan'],
    ],
    verplicht: true,
  },
  ...criteriaVelden(),
  { soort: 'tekstvak', naam: 'motivering', label: 'Motivering' },
];

export const afsluitVelden = (): Veld[] => [
  { soort: 'tekstvak', naam: 'motivering', label: 'Waarom wordt de casus afgesloten?', verplicht: true },
];

export const categorieen: Array<[string, string]> = [
  ['GEWOON', 'Gewone persoonsgegevens'],
  ['BIJZONDER', 'Bijzondere persoonsgegevens'],
  ['STRAFRECHTELIJK', 'Strafrechtelijke gegevens'],
  ['WVGGZ', 'Gegevens onder de Wvggz'],
  ['WZD', 'Gegevens onder de Wzd'],
  ['POLITIE', 'Politiegegevens'],
  ['JUSTITIEEL', 'Justitiële gegevens (OM)'],
];

export const antwoordVelden = (): Veld[] => [
  { soort: 'tekst', naam: 'grondslag', label: 'Grondslag', hint: 'Bijvoorbeeld: artikel 2.29 WGS.', verplicht: true },
  { soort: 'keuze', naam: 'categorie', label: 'Soort gegevens', opties: categorieen, verplicht: true },
  {
    soort: 'tekst',
    naam: 'bronvermelding',
    label: 'Bronvermelding',
    hint: 'Verplicht bij politie- en justitiële gegevens.',
  },
  { soort: 'tekstvak', naam: 'inhoud', label: 'Uw antwoord', verplicht: true },
  { soort: 'datum', naam: 'vervaltOp', label: 'Vervalt op', hint: 'Verplicht bij gegevens onder de Wvggz of Wzd.' },
  {
    soort: 'groep',
    legenda: 'Voorwaarden bij uw gegevens',
    velden: [
      { soort: 'vinkje', naam: 'voorwaarden.nietVoorCasusoverleg', label: 'Niet bespreken in het casusoverleg' },
      {
        soort: 'lijst',
        naam: 'voorwaarden.nietAanDeelnemers',
        label: 'Niet delen met deze deelnemers',
        hint: 'De id’s van de deelnemers, gescheiden door komma’s.',
      },
      { soort: 'vinkje', naam: 'voorwaarden.nietAanDerden', label: 'Niet delen met derden' },
    ],
  },
];

export const verstrektVelden = (): Veld[] => [
  { soort: 'datum', naam: 'datum', label: 'Datum waarop de betrokkene is geïnformeerd', verplicht: true },
  {
    soort: 'keuze',
    naam: 'kanaal',
    label: 'Hoe is de betrokkene geïnformeerd?',
    opties: [
      ['BRIEF', 'Per brief'],
      ['PERSOONLIJK', 'Persoonlijk'],
      ['BEVEILIGDE_EMAIL', 'Per beveiligde e-mail'],
      ['TELEFONISCH', 'Telefonisch'],
    ],
    verplicht: true,
  },
  { soort: 'tekstvak', naam: 'toelichting', label: 'Toelichting' },
];

export const legalHoldVelden = (): Veld[] => [
  {
    soort: 'tekst',
    naam: 'casusId',
    label: 'Casus-id',
    hint: 'Leeg laten voor een hold op alle casussen (moratorium).',
  },
  { soort: 'tekstvak', naam: 'reden', label: 'Reden', verplicht: true },
];

export const bekendheidscheckVelden = (): Veld[] => [
  { soort: 'tekst', naam: 'bsn', label: 'BSN', hint: 'Of vul hieronder achternaam en geboortedatum in.' },
  { soort: 'tekst', naam: 'achternaam', label: 'Achternaam' },
  { soort: 'datum', naam: 'geboortedatum', label: 'Geboortedatum' },
];

export const selectieVelden = (): Veld[] => [
  {
    soort: 'lijst',
    naam: 'deelnemers',
    label: 'Deelnemers voor het casusoverleg',
    hint: 'De id’s van de deelnemers, gescheiden door komma’s.',
    verplicht: true,
  },
  { soort: 'tekstvak', naam: 'motivering', label: 'Motivering' },
];

/** A request to one named deelnemer (WGS 2.31 lid 3), on behalf of the caller's own deelnemer unless it says so. */
export const informatievraagVelden = (namens: string): Veld[] => [
  { soort: 'tekst', naam: 'aanDeelnemerId', label: 'Aan welke deelnemer (id)?', verplicht: true },
  { soort: 'verborgen', naam: 'namensDeelnemerId', waarde: namens },
  { soort: 'tekst', naam: 'taak', label: 'Voor welke taak van die deelnemer?', verplicht: true },
  { soort: 'tekstvak', naam: 'doel', label: 'Doel', verplicht: true },
  { soort: 'tekstvak', naam: 'reden', label: 'Waarom zijn deze gegevens nodig?', verplicht: true },
];
