import type { Actor } from '../../domain/casus';
import { beroepsgeheimen, gegevenSchema, gegevensCategorieen } from '../../domain/casusproces';
import {
  riecAfstemmingSchema,
  riecBerichtSchema,
  weigeringAanRiec,
  weigeringenAanRiec,
  type RiecGegeven,
} from '../../domain/riec';

const wie = (deelnemerId: string): Actor => ({ medewerkerId: 'm', deelnemerId, deelnemerType: 'OVERHEID', rollen: [] });
const item = (v: Partial<RiecGegeven> = {}): RiecGegeven => ({
  leverancierDeelnemerId: 'leverancier',
  nietVoorCasusoverleg: false,
  nietAanDeelnemers: [],
  beperktOp: null,
  categorie: 'GEWOON',
  beroepsgeheim: 'GEEN',
  nietAanDerden: false,
  verwijderdOp: null,
  ...v,
});

describe('weigeringAanRiec: what never goes to a RIEC (BGS 1.10) and what the providers allow (WGS 1.7, 2.29)', () => {
  test('an ordinary item may go, sent by anyone allowed to conduct the afstemming', () => {
    expect(weigeringAanRiec(item(), wie('gemeente'))).toBeNull();
    expect(weigeringAanRiec(item(), wie('leverancier'))).toBeNull();
  });

  // Absolute: not even the provider may send these.
  test.each([
    ['Wvggz data', { categorie: 'WVGGZ' }, /Wvggz.*BGS 1\.10/],
    ['Wzd data', { categorie: 'WZD' }, /Wet zorg en dwang.*BGS 1\.10/],
    ['medical secrecy', { beroepsgeheim: 'MEDISCH' }, /medisch beroepsgeheim.*BGS 1\.10/],
    ['jeugdhulp secrecy', { beroepsgeheim: 'JEUGDHULP' }, /jeugdhulpverlener.*BGS 1\.10/],
    ['medical secrecy in a police item', { beroepsgeheim: 'MEDISCH', categorie: 'POLITIE' }, /medisch beroepsgeheim/],
  ] as const)('%s: refused, also to its own provider', (_naam, v, reden) => {
    expect(weigeringAanRiec(item(v), wie('gemeente'))).toMatch(reden);
    expect(weigeringAanRiec(item(v), wie('leverancier'))).toMatch(reden);
  });

  test('what weigeringAanDerden refuses is refused: "not to derden", removed content, police/OM data by others', () => {
    expect(weigeringAanRiec(item({ nietAanDerden: true }), wie('leverancier'))).toMatch('niet toe');
    expect(weigeringAanRiec(item({ verwijderdOp: new Date() }), wie('leverancier'))).toMatch('verwijderd');
    expect(weigeringAanRiec(item({ categorie: 'POLITIE' }), wie('gemeente'))).toMatch('alleen de leverancier zelf');
    expect(weigeringAanRiec(item({ categorie: 'JUSTITIEEL' }), wie('gemeente'))).toMatch('alleen de leverancier zelf');
    expect(weigeringAanRiec(item({ categorie: 'POLITIE' }), wie('leverancier'))).toBeNull();
  });

  test.each(['BIJZONDER', 'STRAFRECHTELIJK'] as const)(
    "%s data only with its provider's consent: the provider sends it itself (WGS 1.7 lid 3)",
    (categorie) => {
      expect(weigeringAanRiec(item({ categorie }), wie('gemeente'))).toMatch('WGS 1.7 lid 3');
      expect(weigeringAanRiec(item({ categorie }), wie('leverancier'))).toBeNull();
    },
  );

  test('an item kept out of the casusoverleg leaves the ZVH only through its provider', () => {
    expect(weigeringAanRiec(item({ nietVoorCasusoverleg: true }), wie('gemeente'))).toMatch('buiten het casusoverleg');
    expect(weigeringAanRiec(item({ nietVoorCasusoverleg: true }), wie('leverancier'))).toBeNull();
  });

  test('every category × secrecy: only GEEN secrecy outside Wvggz/Wzd can pass at all', () => {
    for (const categorie of gegevensCategorieen) {
      for (const beroepsgeheim of beroepsgeheimen) {
        const door = weigeringAanRiec(item({ categorie, beroepsgeheim }), wie('leverancier'));
        expect({ categorie, beroepsgeheim, mag: door === null }).toEqual({
          categorie,
          beroepsgeheim,
          mag: beroepsgeheim === 'GEEN' && categorie !== 'WVGGZ' && categorie !== 'WZD',
        });
      }
    }
  });

  test('weigeringenAanRiec names each refused item with its reason, and only those', () => {
    const items = [
      { id: 'a', ...item() },
      { id: 'b', ...item({ categorie: 'WZD' }) },
      { id: 'c', ...item({ beroepsgeheim: 'JEUGDHULP' }) },
    ];
    expect(weigeringenAanRiec(items, wie('gemeente'))).toEqual([
      { id: 'b', reden: expect.stringMatching('Wet zorg en dwang') },
      { id: 'c', reden: expect.stringMatching('jeugdhulpverlener') },
    ]);
    expect(weigeringenAanRiec(items.slice(0, 1), wie('gemeente'))).toEqual([]);
  });
});

describe('schemas', () => {
  test('a data item records its professional secrecy, GEEN unless said', () => {
    const basis = { grondslag: 'WGS 2.29', categorie: 'BIJZONDER', inhoud: 'x' };
    expect(gegevenSchema.parse(basis).beroepsgeheim).toBe('GEEN');
    expect(gegevenSchema.parse({ ...basis, beroepsgeheim: 'MEDISCH' }).beroepsgeheim).toBe('MEDISCH');
    expect(gegevenSchema.safeParse({ ...basis, beroepsgeheim: 'ANDERS' }).success).toBe(false);
  });

  test('an afstemming names a koppeling and its texts; nothing else', () => {
    expect(riecAfstemmingSchema.parse({ riec: 'riec-oost', onderwerp: 'o', toelichting: 't' }).gegevenIds).toEqual([]);
    expect(riecAfstemmingSchema.safeParse({ riec: 'RIEC Oost', onderwerp: 'o', toelichting: 't' }).success).toBe(false);
    expect(
      riecAfstemmingSchema.safeParse({ riec: 'riec-oost', onderwerp: 'o', toelichting: 't', extra: 1 }).success,
    ).toBe(false);
  });

  test('a RIEC message is about either an afstemming or a casus, not both, not neither', () => {
    const id = '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5';
    expect(riecBerichtSchema.safeParse({ afstemmingId: id, onderwerp: 'o', inhoud: 'i' }).success).toBe(true);
    expect(riecBerichtSchema.safeParse({ casusnummer: 'ZVH-2026-000001', onderwerp: 'o', inhoud: 'i' }).success).toBe(
      true,
    );
    expect(
      riecBerichtSchema.safeParse({ afstemmingId: id, casusnummer: 'ZVH-2026-000001', onderwerp: 'o', inhoud: 'i' })
        .success,
    ).toBe(false);
    expect(riecBerichtSchema.safeParse({ onderwerp: 'o', inhoud: 'i' }).success).toBe(false);
  });
});
