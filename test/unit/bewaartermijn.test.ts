import {
  archiefdatum,
  archiefdatumInputSchema,
  archiveringVanaf,
  BewaartermijnInputError,
  bewaartermijnVerstreken,
  magVerlengen,
  maximumBewaartermijn,
  type ArchiefdatumGrond,
  type BewaartermijnInputErrorCode,
  type VerlengingsverzoekInput,
} from '../../domain/bewaartermijn';
import { isoDate } from '../../domain/dates';

function inputError(fn: () => unknown): BewaartermijnInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BewaartermijnInputError) return e;
    throw e;
  }
  throw new Error('expected a BewaartermijnInputError');
}

const codes = (e: BewaartermijnInputError): BewaartermijnInputErrorCode[] => e.issues.map((i) => i.code);

describe('worked examples of SPEC §5 (003 Bijlage 6, voorbeelden 1–5)', () => {
  test.each<[number, string, string | null, string, string, ArchiefdatumGrond, string]>([
    // #, aanmelding, verlenging, afsluiting, archiefdatum, grond, maximum
    [1, '2025-06-05', null, '2025-12-23', '2026-12-23', 'AFSLUITING_PLUS_TERMIJN', '2030-06-05'],
    [2, '2025-06-05', null, '2030-06-05', '2030-06-05', 'MAXIMUM', '2030-06-05'],
    [3, '2025-06-05', null, '2030-01-05', '2030-06-05', 'MAXIMUM', '2030-06-05'],
    [4, '2024-03-03', null, '2024-12-01', '2025-12-01', 'AFSLUITING_PLUS_TERMIJN', '2029-03-03'],
    [5, '2025-06-05', '2030-06-05', '2031-02-23', '2032-02-23', 'AFSLUITING_PLUS_TERMIJN', '2032-06-05'],
  ])(
    'voorbeeld %i: aanmelding %s, verlenging %s, afsluiting %s → archiefdatum %s',
    (_n, aanmelddatum, verlenging, afsluitdatum, verwacht, grond, maximum) => {
      const verlengingen = verlenging === null ? [] : [{ datum: verlenging }];
      expect(archiefdatum({ aanmelddatum, afsluitdatum, verlengingen })).toEqual({
        archiefdatum: verwacht,
        grond,
        maximum,
        voorlopig: false,
      });
      expect(maximumBewaartermijn(aanmelddatum, verlengingen)).toBe(maximum);
    },
  );

  test('"Anonimiseren: na <archiefdatum>": the archiefdatum is the last day, archiving starts the day after', () => {
    expect(archiveringVanaf(isoDate('2026-12-23'))).toBe('2026-12-24');
    expect(archiveringVanaf(isoDate('2030-12-31'))).toBe('2031-01-01');
    expect(archiveringVanaf(isoDate('2028-02-28'))).toBe('2028-02-29');
    expect(bewaartermijnVerstreken(isoDate('2026-12-22'), isoDate('2026-12-23'))).toBe(false);
    expect(bewaartermijnVerstreken(isoDate('2026-12-23'), isoDate('2026-12-23'))).toBe(false);
    expect(bewaartermijnVerstreken(isoDate('2026-12-24'), isoDate('2026-12-23'))).toBe(true);
  });

  test('voorbeeld 5 step by step: open at the maximum, verlengd, then closed', () => {
    const verzoek: VerlengingsverzoekInput = {
      aanmelddatum: '2025-06-05',
      verlengingen: [],
      datum: '2030-06-05',
      criteriaGeldenNog: true,
      grootRisicoOpTerugval: false,
      reden: 'Levensloopaanpak loopt nog; criteria a–d gelden',
      opdrachtVanDeelnemers: true,
      aanleverendeDeelnemers: ['politie'],
      akkoordVan: ['politie'],
    };
    expect(archiefdatum({ aanmelddatum: '2025-06-05', verlengingen: [] })).toMatchObject({
      archiefdatum: '2030-06-05',
      voorlopig: true,
    });
    const beoordeling = magVerlengen(verzoek);
    expect(beoordeling).toMatchObject({
      toegestaan: true,
      situatie: 'OPEN_CRITERIA_GELDEN_NOG',
      nieuwMaximum: '2032-06-05',
    });
    expect(
      archiefdatum({ aanmelddatum: '2025-06-05', afsluitdatum: '2031-02-23', verlengingen: [{ datum: '2030-06-05' }] })
        .archiefdatum,
    ).toBe('2032-02-23');
  });
});

describe('maximumBewaartermijn', () => {
  test('aanmelding + 5 years', () => {
    expect(maximumBewaartermijn('2025-06-05')).toBe('2030-06-05');
  });

  test('leap day aanmelding ends on 28 February', () => {
    expect(maximumBewaartermijn('2024-02-29')).toBe('2029-02-28');
  });

  test('the two years run from the verlenging, not from the old maximum', () => {
    expect(maximumBewaartermijn('2025-06-05', [{ datum: '2030-01-10' }])).toBe('2032-01-10');
    expect(maximumBewaartermijn('2025-06-05', [{ datum: '2029-06-05' }])).toBe('2031-06-05');
  });

  test('situation 2: the two years of a verlenging granted while closed run from the heropening (003)', () => {
    expect(maximumBewaartermijn('2025-06-05', [{ datum: '2030-03-01', heropening: '2030-09-15' }])).toBe('2032-09-15');
    // The next verlenging lies in the last year before that maximum.
    const tweede = [{ datum: '2030-03-01', heropening: '2030-09-15' }, { datum: '2032-01-01' }];
    expect(maximumBewaartermijn('2025-06-05', tweede)).toBe('2034-01-01');
    expect(
      inputError(() => maximumBewaartermijn('2025-06-05', [{ datum: '2030-03-01', heropening: '2030-02-28' }])),
    ).toMatchObject({ code: 'HEROPENING_BEFORE_VERLENGING', issues: [{ path: ['verlengingen', 0, 'heropening'] }] });
  });

  test('several verlengingen chain, each in the last year before the maximum it extends; order of input is irrelevant', () => {
    const verlengingen = [{ datum: '2034-05-01' }, { datum: '2030-06-05' }, { datum: '2032-06-01' }];
    expect(maximumBewaartermijn('2025-06-05', verlengingen)).toBe('2036-05-01');
  });

  test.each<[string, { datum: string }[], BewaartermijnInputErrorCode]>([
    ['before the aanmelding', [{ datum: '2025-06-04' }], 'VERLENGING_BEFORE_AANMELDING'],
    ['more than a year before the maximum', [{ datum: '2029-06-04' }], 'VERLENGING_BEFORE_WINDOW'],
    ['after the maximum', [{ datum: '2030-06-06' }], 'VERLENGING_AFTER_MAXIMUM'],
    ['twice on one day', [{ datum: '2030-06-05' }, { datum: '2030-06-05' }], 'VERLENGING_BEFORE_WINDOW'],
    [
      'second after the extended maximum',
      [{ datum: '2030-06-05' }, { datum: '2032-06-06' }],
      'VERLENGING_AFTER_MAXIMUM',
    ],
    ['impossible date', [{ datum: '2030-02-30' }], 'INVALID_INPUT'],
  ])('rejects a verlenging %s', (_what, verlengingen, code) => {
    const e = inputError(() => maximumBewaartermijn('2025-06-05', verlengingen));
    expect(e.code).toBe(code);
  });
});

describe('archiefdatum', () => {
  test('rejected aanmelding: one year after the aanmelding, not after the rejection', () => {
    expect(archiefdatum({ aanmelddatum: '2025-06-05', afgewezenOp: '2025-06-20', verlengingen: [] })).toEqual({
      archiefdatum: '2026-06-05',
      grond: 'AFWIJZING',
      maximum: '2030-06-05',
      voorlopig: false,
    });
  });

  test('rejected aanmelding on a leap day', () => {
    expect(archiefdatum({ aanmelddatum: '2024-02-29', afgewezenOp: '2024-03-10' }).archiefdatum).toBe('2025-02-28');
  });

  test('rejected aanmelding with a longer policy term', () => {
    expect(
      archiefdatum({ aanmelddatum: '2025-06-05', afgewezenOp: '2025-06-20', afwijzingTermijnJaren: 2 }).archiefdatum,
    ).toBe('2027-06-05');
  });

  test('open casus: provisional archiefdatum at the maximum', () => {
    expect(archiefdatum({ aanmelddatum: '2025-06-05', afsluitdatum: null, verlengingen: [] })).toEqual({
      archiefdatum: '2030-06-05',
      grond: 'MAXIMUM',
      maximum: '2030-06-05',
      voorlopig: true,
    });
  });

  test('open casus after a verlenging: the extended maximum', () => {
    expect(archiefdatum({ aanmelddatum: '2025-06-05', verlengingen: [{ datum: '2030-06-05' }] })).toMatchObject({
      archiefdatum: '2032-06-05',
      grond: 'MAXIMUM',
      voorlopig: true,
    });
  });

  test('closed on the day the maximum falls, after several verlengingen', () => {
    expect(
      archiefdatum({
        aanmelddatum: '2025-06-05',
        afsluitdatum: '2034-06-01',
        verlengingen: [{ datum: '2030-06-05' }, { datum: '2032-06-01' }],
      }),
    ).toEqual({ archiefdatum: '2034-06-01', grond: 'MAXIMUM', maximum: '2034-06-01', voorlopig: false });
  });

  test('situation 2: closed in the last year, verlengd, the full inzage year is kept', () => {
    expect(
      archiefdatum({ aanmelddatum: '2025-06-05', afsluitdatum: '2030-01-05', verlengingen: [{ datum: '2030-01-05' }] }),
    ).toEqual({
      archiefdatum: '2031-01-05',
      grond: 'AFSLUITING_PLUS_TERMIJN',
      maximum: '2032-01-05',
      voorlopig: false,
    });
  });

  test('leap day: afsluiting + 1 year equals the maximum exactly, counted as the full termijn', () => {
    expect(archiefdatum({ aanmelddatum: '2024-02-29', afsluitdatum: '2028-02-29' })).toEqual({
      archiefdatum: '2029-02-28',
      grond: 'AFSLUITING_PLUS_TERMIJN',
      maximum: '2029-02-28',
      voorlopig: false,
    });
  });

  test('a longer inzagetermijn (policy) is still capped at the maximum', () => {
    expect(
      archiefdatum({ aanmelddatum: '2025-06-05', afsluitdatum: '2025-12-23', inzageTermijnJaren: 2 }).archiefdatum,
    ).toBe('2027-12-23');
    expect(
      archiefdatum({ aanmelddatum: '2025-06-05', afsluitdatum: '2029-01-01', inzageTermijnJaren: 2 }),
    ).toMatchObject({
      archiefdatum: '2030-06-05',
      grond: 'MAXIMUM',
    });
  });

  test.each<[string, Parameters<typeof archiefdatum>[0], BewaartermijnInputErrorCode]>([
    [
      'afsluiting before aanmelding',
      { aanmelddatum: '2025-06-05', afsluitdatum: '2025-06-04' },
      'AFSLUITING_BEFORE_AANMELDING',
    ],
    [
      'afsluiting after the maximum without verlenging',
      { aanmelddatum: '2025-06-05', afsluitdatum: '2030-06-06' },
      'AFSLUITING_AFTER_MAXIMUM',
    ],
    [
      'afsluiting after the extended maximum',
      { aanmelddatum: '2025-06-05', afsluitdatum: '2032-06-06', verlengingen: [{ datum: '2030-06-05' }] },
      'AFSLUITING_AFTER_MAXIMUM',
    ],
    [
      'both afsluiting and afwijzing',
      { aanmelddatum: '2025-06-05', afsluitdatum: '2025-07-01', afgewezenOp: '2025-06-10' },
      'AFSLUITING_AND_AFWIJZING',
    ],
    [
      'afwijzing before aanmelding',
      { aanmelddatum: '2025-06-05', afgewezenOp: '2025-06-01' },
      'AFWIJZING_BEFORE_AANMELDING',
    ],
    [
      'afwijzing after the maximum',
      { aanmelddatum: '2025-06-05', afgewezenOp: '2031-01-01' },
      'AFWIJZING_AFTER_MAXIMUM',
    ],
    [
      'verlenging of a rejected aanmelding',
      { aanmelddatum: '2025-06-05', afgewezenOp: '2025-06-10', verlengingen: [{ datum: '2030-06-05' }] },
      'VERLENGING_WITH_AFWIJZING',
    ],
    [
      'verlenging after the archiefdatum of a closed casus',
      { aanmelddatum: '2025-06-05', afsluitdatum: '2026-01-01', verlengingen: [{ datum: '2029-07-01' }] },
      'VERLENGING_AFTER_ARCHIEFDATUM',
    ],
    ['impossible date', { aanmelddatum: '2025-02-30' }, 'INVALID_INPUT'],
    ['timestamp instead of date', { aanmelddatum: '2025-06-05T10:00:00Z' }, 'INVALID_INPUT'],
    [
      'inzagetermijn of zero',
      { aanmelddatum: '2025-06-05', afsluitdatum: '2025-12-23', inzageTermijnJaren: 0 },
      'INVALID_INPUT',
    ],
    [
      'fractional inzagetermijn',
      { aanmelddatum: '2025-06-05', afsluitdatum: '2025-12-23', inzageTermijnJaren: 1.5 },
      'INVALID_INPUT',
    ],
  ])('rejects %s', (_what, input, code) => {
    const e = inputError(() => archiefdatum(input));
    expect(codes(e)).toContain(code);
    expect(e.message).toContain(code);
  });

  test('reports every inconsistency, with its path', () => {
    const e = inputError(() =>
      archiefdatum({
        aanmelddatum: '2025-06-05',
        afsluitdatum: '2025-06-01',
        afgewezenOp: '2025-06-01',
        verlengingen: [{ datum: '2030-06-05' }],
      }),
    );
    expect(codes(e).sort()).toEqual([
      'AFSLUITING_AND_AFWIJZING',
      'AFSLUITING_BEFORE_AANMELDING',
      'AFWIJZING_BEFORE_AANMELDING',
      'VERLENGING_AFTER_ARCHIEFDATUM', // closed 2025-06-01, so due 2026-06-01, long before the verlenging
      'VERLENGING_WITH_AFWIJZING',
    ]);
    expect(e.issues.find((i) => i.code === 'AFSLUITING_BEFORE_AANMELDING')?.path).toEqual(['afsluitdatum']);
  });

  test('the exported schema applies the same checks', () => {
    expect(archiefdatumInputSchema.safeParse({ aanmelddatum: '2025-06-05', afsluitdatum: '2025-12-23' }).success).toBe(
      true,
    );
    const result = archiefdatumInputSchema.safeParse({ aanmelddatum: '2025-06-05', afsluitdatum: '2025-06-04' });
    expect(result.success).toBe(false);
    const first = result.error?.issues[0];
    expect(first?.code === 'custom' ? first.params : first).toEqual({ code: 'AFSLUITING_BEFORE_AANMELDING' });
  });
});

describe('magVerlengen', () => {
  const basis: VerlengingsverzoekInput = {
    aanmelddatum: '2025-06-05',
    verlengingen: [],
    datum: '2030-06-05',
    criteriaGeldenNog: true,
    grootRisicoOpTerugval: false,
    reden: 'Criteria a–d gelden nog; aanpak loopt',
    opdrachtVanDeelnemers: true,
    aanleverendeDeelnemers: ['politie', 'ggd', 'veilig-thuis'],
    akkoordVan: ['veilig-thuis', 'politie', 'ggd'],
  };
  const gesloten = (afsluitdatum: string, datum: string): VerlengingsverzoekInput => ({
    ...basis,
    afsluitdatum,
    datum,
    criteriaGeldenNog: false,
    grootRisicoOpTerugval: true,
  });

  test('situation 1: open at the maximum, criteria still hold', () => {
    expect(magVerlengen(basis)).toEqual({
      toegestaan: true,
      situatie: 'OPEN_CRITERIA_GELDEN_NOG',
      nieuwMaximum: '2032-06-05',
      nieuweArchiefdatum: { archiefdatum: '2032-06-05', grond: 'MAXIMUM', maximum: '2032-06-05', voorlopig: true },
    });
  });

  test('situation 1 at the start of the window: two years from the verlenging', () => {
    expect(magVerlengen({ ...basis, datum: '2029-06-05' })).toMatchObject({
      toegestaan: true,
      nieuwMaximum: '2031-06-05',
    });
  });

  test('situation 2: closed within the last year with a high risk of terugval', () => {
    expect(magVerlengen(gesloten('2030-01-05', '2030-02-01'))).toEqual({
      toegestaan: true,
      situatie: 'AFGESLOTEN_RISICO_OP_TERUGVAL',
      nieuwMaximum: '2032-02-01',
      nieuweArchiefdatum: {
        archiefdatum: '2031-01-05',
        grond: 'AFSLUITING_PLUS_TERMIJN',
        maximum: '2032-02-01',
        voorlopig: false,
      },
    });
  });

  test('situation 2: closed on the maximum itself, verlengd the same day', () => {
    expect(magVerlengen(gesloten('2030-06-05', '2030-06-05'))).toMatchObject({
      toegestaan: true,
      nieuwMaximum: '2032-06-05',
    });
  });

  test('situation 2: closed one day less than a year before the maximum', () => {
    expect(magVerlengen(gesloten('2029-06-06', '2029-06-06'))).toMatchObject({ toegestaan: true });
  });

  test('repeated: a second verlenging in the last year of the extended maximum', () => {
    expect(magVerlengen({ ...basis, verlengingen: [{ datum: '2030-06-05' }], datum: '2032-06-05' })).toMatchObject({
      toegestaan: true,
      nieuwMaximum: '2034-06-05',
    });
  });

  test.each<[string, VerlengingsverzoekInput, string]>([
    ['a rejected aanmelding', { ...basis, afgewezenOp: '2025-06-10', datum: '2026-01-01' }, 'AANMELDING_AFGEWEZEN'],
    ['after the maximum', { ...basis, datum: '2030-06-06' }, 'ARCHIEFDATUM_VERSTREKEN'],
    [
      'after the archiefdatum of a casus closed long ago',
      gesloten('2026-01-01', '2029-07-01'),
      'ARCHIEFDATUM_VERSTREKEN',
    ],
    ['more than a year before the maximum', { ...basis, datum: '2029-06-04' }, 'TE_VROEG'],
    ['a second one too early', { ...basis, verlengingen: [{ datum: '2030-06-05' }], datum: '2031-06-04' }, 'TE_VROEG'],
    [
      'an open casus whose criteria no longer hold',
      { ...basis, criteriaGeldenNog: false, grootRisicoOpTerugval: true },
      'CRITERIA_GELDEN_NIET_MEER',
    ],
    [
      'a casus closed exactly a year before the maximum',
      gesloten('2029-06-05', '2030-01-01'),
      'AFGESLOTEN_VOOR_LAATSTE_JAAR',
    ],
    [
      'a closed casus without high risk of terugval',
      { ...gesloten('2030-01-05', '2030-01-05'), grootRisicoOpTerugval: false, criteriaGeldenNog: true },
      'GEEN_GROOT_RISICO_OP_TERUGVAL',
    ],
    ['without a reason', { ...basis, reden: '   ' }, 'REDEN_ONTBREEKT'],
    [
      'without instruction from the deelnemers',
      { ...basis, opdrachtVanDeelnemers: false },
      'OPDRACHT_DEELNEMERS_ONTBREEKT',
    ],
    ['without agreement of every providing deelnemer', { ...basis, akkoordVan: ['politie'] }, 'AKKOORD_ONTBREEKT'],
  ])('refuses %s', (_what, verzoek, code) => {
    const beoordeling = magVerlengen(verzoek);
    expect(beoordeling.toegestaan).toBe(false);
    if (beoordeling.toegestaan) return;
    expect(beoordeling.code).toBe(code);
    expect(beoordeling.reden.length).toBeGreaterThan(0);
  });

  test('names the deelnemers whose agreement is missing', () => {
    expect(magVerlengen({ ...basis, akkoordVan: ['politie', 'gemeente'] })).toMatchObject({
      toegestaan: false,
      code: 'AKKOORD_ONTBREEKT',
      ontbrekendAkkoord: ['ggd', 'veilig-thuis'],
    });
  });

  test.each<[string, VerlengingsverzoekInput, BewaartermijnInputErrorCode]>([
    ['datum before the aanmelding', { ...basis, datum: '2025-06-01' }, 'VERLENGING_BEFORE_AANMELDING'],
    [
      'datum not after the last verlenging',
      { ...basis, verlengingen: [{ datum: '2030-06-05' }], datum: '2030-06-05' },
      'PEILDATUM_BEFORE_LAATSTE_VERLENGING',
    ],
    ['afsluiting after the datum judged', gesloten('2030-03-01', '2030-02-01'), 'AFSLUITING_AFTER_PEILDATUM'],
    ['no providing deelnemer', { ...basis, aanleverendeDeelnemers: [] }, 'INVALID_INPUT'],
    ['impossible datum', { ...basis, datum: '2030-02-29' }, 'INVALID_INPUT'],
  ])('throws on inconsistent input: %s', (_what, verzoek, code) => {
    expect(codes(inputError(() => magVerlengen(verzoek)))).toContain(code);
  });
});
