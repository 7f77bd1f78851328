// MDTO against the Nationaal Archief's own XSD (standards/mdto/): first the validator itself, on the four official
// example files and on broken copies of them, then the documents infra/mdto.ts writes, in every shape it can take.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bestand, informatieobject, type InformatieobjectGegevens } from '../../infra/mdto';
import { MDTO_XSD, mdtoFoutenKort, valideerMdto } from '../../infra/mdto-validate';

const VOORBEELDEN = path.join(path.dirname(MDTO_XSD), 'voorbeelden');
const voorbeeld = (soort: string) =>
  readFileSync(path.join(VOORBEELDEN, `MDTO-XML 1.0.1 Voorbeeld ${soort}.xml`), 'utf8');

/** `tekst` with `van` replaced once; fails if `van` is not there (a copy that is not broken proves nothing). */
function vervang(tekst: string, van: string | RegExp, naar: string): string {
  const uit = tekst.replace(van, naar);
  expect(uit).not.toBe(tekst);
  return uit;
}

describe('the validator', () => {
  test("accepts the Nationaal Archief's four example files", async () => {
    const namen = readdirSync(VOORBEELDEN).filter((f) => f.endsWith('.xml'));
    expect(namen).toHaveLength(4);
    const bestanden = namen.map((naam) => ({ naam, inhoud: readFileSync(path.join(VOORBEELDEN, naam)) }));
    expect(await valideerMdto(bestanden)).toEqual([]);
  });

  test('rejects broken copies, each for its own file, line and element', async () => {
    const dossier = voorbeeld('Dossier Informatieobject');
    const b = voorbeeld('Bestand');
    const taal = '\t\t<taal>nl</taal>\n';
    const dekking = '\t\t<dekkingInTijd>';
    const kapot = [
      // The defect this product had: taal before dekkingInTijd.
      { naam: 'volgorde.xml', inhoud: vervang(vervang(dossier, taal, ''), dekking, `${taal}${dekking}`) },
      { naam: 'waardering-ontbreekt.xml', inhoud: vervang(dossier, /\t\t<waardering>[\s\S]*?<\/waardering>\n/, '') },
      { naam: 'omvang.xml', inhoud: vervang(b, '<omvang>57727859</omvang>', '<omvang>groot</omvang>') },
      { naam: 'datum.xml', inhoud: vervang(b, '2025-02-18T15:24:18', '18-02-2025') },
      { naam: 'geen-xml.xml', inhoud: vervang(b, '</bestand>', '') },
    ];
    const fouten = await valideerMdto([{ naam: 'goed.xml', inhoud: b }, ...kapot]);

    /** The one error of file `naam`, with its line and a message matching `melding`. */
    const enige = (naam: string, melding: RegExp, regelMet?: string) => {
      const regels = kapot.find((k) => k.naam === naam)!.inhoud.split('\n');
      const regel = regelMet === undefined ? expect.any(Number) : regels.findIndex((r) => r.includes(regelMet)) + 1;
      const verwacht = { bestand: naam, regel, melding: expect.stringMatching(melding) };
      expect(fouten.filter((f) => f.bestand === naam)).toEqual([verwacht]);
    };
    expect(fouten.filter((f) => f.bestand === 'goed.xml')).toEqual([]);
    enige('volgorde.xml', /Element '\{[^}]+\}dekkingInTijd': This element is not expected/, '<dekkingInTijd>');
    enige('waardering-ontbreekt.xml', /waardering/);
    enige('omvang.xml', /'groot' is not a valid value/, '<omvang>');
    enige('datum.xml', /checksumDatum.*xs:dateTime/, '<checksumDatum>');
    enige('geen-xml.xml', /parser error/);
    expect(fouten).toHaveLength(5);

    // The short form for an error message names file, line and element but quotes nothing from the documents.
    const kort = mdtoFoutenKort(fouten);
    expect(kort).toMatch(/volgorde\.xml:\d+ element dekkingInTijd/);
    expect(kort).toMatch(/omvang\.xml:\d+ element omvang/);
    expect(kort).not.toMatch(/groot|18-02-2025|nationaalarchief/);
  });
});

describe('the documents infra/mdto.ts writes', () => {
  const id = (kenmerk: string) => ({ kenmerk, bron: 'zvh-wgs Zorg- en Veiligheidshuis' });
  const dossier = (extra: Partial<InformatieobjectGegevens> = {}): InformatieobjectGegevens => ({
    identificatie: id('ZVH-2026-0001'),
    naam: 'Casusdossier ZVH-2026-0001',
    archiefvormer: { naam: 'Zorg- en Veiligheidshuis' },
    dekkingInTijd: { begin: '2025-06-05', eind: '2026-12-23' },
    bewaartermijn: { start: '2026-12-23', jaren: 10, eind: '2036-12-23' },
    representaties: [{ naam: 'ZVH-2026-0001.json', identificatie: id('ZVH-2026-0001/ZVH-2026-0001.json') }],
    ...extra,
  });

  test('every shape of informatieobject and bestand validates', async () => {
    const oin = { kenmerk: '00000001234567890000', bron: 'OIN' };
    const lastig = `Zorg & Veiligheid <"Regio's">`;
    const documenten = [
      { naam: 'zonder-id.mdto.xml', inhoud: informatieobject(dossier()) },
      {
        naam: 'met-oin.mdto.xml',
        inhoud: informatieobject(dossier({ archiefvormer: { naam: 'ZVH Testregio', identificatie: oin } })),
      },
      { naam: 'geen-representatie.mdto.xml', inhoud: informatieobject(dossier({ representaties: [] })) },
      {
        naam: 'lastig.mdto.xml',
        inhoud: informatieobject(
          dossier({
            identificatie: id(lastig),
            naam: `Casusdossier ${lastig}`,
            archiefvormer: { naam: lastig },
            dekkingInTijd: { begin: '2024-02-29', eind: '2024-02-29' },
            bewaartermijn: { start: '2024-02-29', jaren: 1, eind: '2025-02-28' },
            representaties: [1, 2, 3].map((n) => ({ naam: `deel-${n}.json`, identificatie: id(`${lastig}/${n}`) })),
          }),
        ),
      },
      ...[0, 1, 2 ** 40].map((omvang) => ({
        naam: `${omvang}.json.bestand.mdto.xml`,
        inhoud: bestand({
          identificatie: id(`ZVH-2026-0001/${omvang}.json`),
          naam: `${omvang}.json`,
          omvang,
          sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          checksumDatum: new Date('2026-12-23T08:00:00.123Z').toISOString(),
          isRepresentatieVan: { naam: `Casusdossier ${lastig}`, identificatie: id(lastig) },
        }),
      })),
    ];
    expect(await valideerMdto(documenten)).toEqual([]);
  });
});
