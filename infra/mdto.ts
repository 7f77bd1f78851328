/**
 * MDTO (Metagegevens voor Duurzaam Toegankelijke Overheidsinformatie, Nationaal Archief, XML schema 1.0.1) for the
 * archive package, with a tiny XML writer of our own: the documents are small and fixed in shape, so a dependency
 * would buy nothing.
 *
 * An MDTO document holds exactly one object (the root `MDTO` is a choice of `informatieobject` or `bestand`), so a
 * package has one `informatieobject` file for the casus dossier that points with `heeftRepresentatie` to one
 * `bestand` file per document, each pointing back with `isRepresentatieVan`. Element order follows the schema's
 * sequences, as a validating archive intake requires; infra/mdto-validate.ts checks every file against the XSD.
 */

export const MDTO_NAMESPACE = 'https://www.nationaalarchief.nl/mdto';
const MDTO_SCHEMA = 'https://www.nationaalarchief.nl/mdto https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd';

/** An element with text, or with child elements; absent optional elements are `null` and left out. */
export type XmlElement = { naam: string; tekst: string } | { naam: string; kinderen: Array<XmlElement | null> };

export const tekst = (naam: string, waarde: string): XmlElement => ({ naam, tekst: waarde });
export const element = (naam: string, ...kinderen: Array<XmlElement | null>): XmlElement => ({ naam, kinderen });

// XML 1.0 forbids most control characters even as references; refuse them rather than write a broken document.
const ONGELDIG = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function escapeXml(waarde: string): string {
  if (ONGELDIG.test(waarde)) throw new Error('text contains a character XML 1.0 does not allow');
  return waarde
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;');
}

function schrijf(el: XmlElement, diepte: number, regels: string[]): void {
  const inspringing = '  '.repeat(diepte);
  if ('tekst' in el) {
    regels.push(`${inspringing}<${el.naam}>${escapeXml(el.tekst)}</${el.naam}>`);
    return;
  }
  regels.push(`${inspringing}<${el.naam}>`);
  for (const kind of el.kinderen) if (kind !== null) schrijf(kind, diepte + 1, regels);
  regels.push(`${inspringing}</${el.naam}>`);
}

/** A complete MDTO document around one object, UTF-8, deterministic bytes for the same input. */
export function mdtoDocument(object: XmlElement): Buffer {
  const regels = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<MDTO xmlns="${MDTO_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${MDTO_SCHEMA}">`,
  ];
  schrijf(object, 1, regels);
  regels.push('</MDTO>', '');
  return Buffer.from(regels.join('\n'), 'utf8');
}

// --- MDTO's recurring groups

export interface Identificatie {
  kenmerk: string;
  bron: string;
}

const identificatie = (naam: string, id: Identificatie) =>
  element(naam, tekst('identificatieKenmerk', id.kenmerk), tekst('identificatieBron', id.bron));

/** verwijzingGegevens: a name, optionally with an identificatie. */
const verwijzing = (naam: string, verwijzingNaam: string, id?: Identificatie) =>
  element(naam, tekst('verwijzingNaam', verwijzingNaam), id ? identificatie('verwijzingIdentificatie', id) : null);

/** begripGegevens: a term from a named begrippenlijst. */
const begrip = (naam: string, label: string, lijst: string, code?: string) =>
  element(
    naam,
    tekst('begripLabel', label),
    code === undefined ? null : tekst('begripCode', code),
    verwijzing('begripBegrippenlijst', lijst),
  );

// --- the two objects

export interface Representatie {
  /** File name inside the package (no personal data). */
  naam: string;
  identificatie: Identificatie;
}

export interface InformatieobjectGegevens {
  identificatie: Identificatie;
  naam: string;
  archiefvormer: { naam: string; identificatie?: Identificatie };
  /** The period the dossier covers (YYYY-MM-DD): aanmelding to archiefdatum. */
  dekkingInTijd: { begin: string; eind: string };
  /** The archive's own retention: it starts at the archiefdatum. */
  bewaartermijn: { start: string; jaren: number; eind: string };
  representaties: Representatie[];
}

/**
 * The casus dossier as an MDTO informatieobject (aggregatieniveau Dossier, waardering V). Children in the order of
 * the XSD's `informatieobjectType` sequence: identificatie, naam, aggregatieniveau, dekkingInTijd, taal, waardering,
 * bewaartermijn, heeftRepresentatie, archiefvormer, activiteit, beperkingGebruik (the optional others left out).
 */
export function informatieobject(io: InformatieobjectGegevens): Buffer {
  return mdtoDocument(
    element(
      'informatieobject',
      identificatie('identificatie', io.identificatie),
      tekst('naam', io.naam),
      begrip('aggregatieniveau', 'Dossier', 'Begrippenlijst Aggregatieniveaus MDTO'),
      element(
        'dekkingInTijd',
        begrip('dekkingInTijdType', 'Looptijd', 'Begrippenlijst DekkingInTijdType MDTO'),
        tekst('dekkingInTijdBegindatum', io.dekkingInTijd.begin),
        tekst('dekkingInTijdEinddatum', io.dekkingInTijd.eind),
      ),
      tekst('taal', 'nl'),
      // WGS 1.8 lid 7 / BGS 1.16: a casus record is never kept permanently.
      begrip('waardering', 'Tijdelijk te bewaren', 'Begrippenlijst Waarderingen MDTO', 'V'),
      element(
        'bewaartermijn',
        begrip('termijnTriggerStartLooptijd', 'Overbrenging', 'Begrippenlijst EventTypeLijst MDTO'),
        tekst('termijnStartdatumLooptijd', io.bewaartermijn.start),
        tekst('termijnLooptijd', `P${io.bewaartermijn.jaren}Y`),
        tekst('termijnEinddatum', io.bewaartermijn.eind),
      ),
      ...io.representaties.map((r) => verwijzing('heeftRepresentatie', r.naam, r.identificatie)),
      verwijzing('archiefvormer', io.archiefvormer.naam, io.archiefvormer.identificatie),
      verwijzing('activiteit', 'Casusgerichte samenwerking Zorg- en Veiligheidshuis (WGS 2.29-2.32)'),
      element(
        'beperkingGebruik',
        begrip('beperkingGebruikType', 'Openbaarheidsbeperking', 'Begrippenlijst BeperkingGebruik MDTO'),
        tekst(
          'beperkingGebruikNadereBeschrijving',
          'Bevat (bijzondere) persoonsgegevens en strafrechtelijke gegevens; niet openbaar (Archiefwet 1995 art. 15; WGS 1.8).',
        ),
      ),
    ),
  );
}

export interface BestandGegevens {
  identificatie: Identificatie;
  naam: string;
  omvang: number;
  sha256: string;
  /** xsd:dateTime the checksum was taken. */
  checksumDatum: string;
  isRepresentatieVan: { naam: string; identificatie: Identificatie };
}

/** A JSON document of the package as an MDTO bestand (format PRONOM fmt/817, JSON). */
export function bestand(b: BestandGegevens): Buffer {
  return mdtoDocument(
    element(
      'bestand',
      identificatie('identificatie', b.identificatie),
      tekst('naam', b.naam),
      tekst('omvang', String(b.omvang)),
      begrip('bestandsformaat', 'JSON Data Interchange Format', 'PRONOM-register', 'fmt/817'),
      element(
        'checksum',
        begrip('checksumAlgoritme', 'SHA-256', 'Begrippenlijst ChecksumAlgoritme MDTO'),
        tekst('checksumWaarde', b.sha256),
        tekst('checksumDatum', b.checksumDatum),
      ),
      verwijzing('isRepresentatieVan', b.isRepresentatieVan.naam, b.isRepresentatieVan.identificatie),
    ),
  );
}
