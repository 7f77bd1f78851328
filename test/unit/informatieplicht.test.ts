import { isoDate } from '../../domain/dates';
import {
  blokkerendePersonen,
  deadlineVan,
  gezamenlijkeStatus,
  GEZAMENLIJK,
  hertoetsingNa,
  informatieplichtNa,
  magHandeling,
  personenVan,
  type PlichtVanPersoon,
  uitstelSchema,
  verantwoordelijkeVoor,
  volgendeInformatieplichtStap,
  type InformatieplichtStand,
} from '../../domain/informatieplicht';
import { policySchema, standaardPolicy } from '../../domain/policy';

const stand = (over: Partial<InformatieplichtStand> = {}): InformatieplichtStand => ({
  status: 'OPEN',
  start: isoDate('2026-01-31'),
  deadline: isoDate('2026-02-28'),
  gemeld: true,
  herinnerd: false,
  geescaleerd: false,
  hertoetsingOp: null,
  ...over,
});

describe('deadlineVan (AVG 14 lid 3 a; SPEC §4)', () => {
  test('one calendar month after the intake, clamped to the end of a shorter month', () => {
    expect(deadlineVan('IN_BEHANDELING', isoDate('2026-01-31'), standaardPolicy)).toBe('2026-02-28');
    expect(deadlineVan('IN_BEHANDELING', isoDate('2026-03-15'), standaardPolicy)).toBe('2026-04-15');
  });

  test('a policy in days makes it shorter, never longer than the month', () => {
    expect(
      deadlineVan('IN_BEHANDELING', isoDate('2026-03-15'), { ...standaardPolicy, informatieplichtTermijnDagen: 10 }),
    ).toBe('2026-03-25');
    expect(
      deadlineVan('IN_BEHANDELING', isoDate('2026-02-01'), { ...standaardPolicy, informatieplichtTermijnDagen: 31 }),
    ).toBe('2026-03-01');
  });

  test('the further notices have the policy term for them', () => {
    for (const moment of ['TRIAGE_UITKOMST', 'CASUSOVERLEG_UITKOMST', 'AFSCHALING'] as const)
      expect(deadlineVan(moment, isoDate('2026-03-15'), standaardPolicy)).toBe('2026-03-29');
  });

  test('policy defaults and bounds', () => {
    expect(standaardPolicy).toMatchObject({
      informatieplichtTermijnDagen: undefined,
      informatieplichtVervolgDagen: 14,
      informatieplichtHerinneringDagen: 7,
      uitstelHertoetsingMaanden: 3,
    });
    expect(policySchema.safeParse({ ZVH_INFORMATIEPLICHT_TERMIJN_DAGEN: '32' }).success).toBe(false);
    expect(policySchema.safeParse({ ZVH_UITSTEL_HERTOETSING_MAANDEN: '0' }).success).toBe(false);
  });
});

describe('volgendeInformatieplichtStap', () => {
  test('announced first, reminded a week before, escalated the day after the deadline, then nothing by the calendar', () => {
    expect(volgendeInformatieplichtStap(stand({ gemeld: false }), standaardPolicy)).toEqual({
      stap: 'MELDEN',
      op: '2026-01-31',
    });
    expect(volgendeInformatieplichtStap(stand(), standaardPolicy)).toEqual({ stap: 'HERINNEREN', op: '2026-02-21' });
    expect(volgendeInformatieplichtStap(stand({ herinnerd: true }), standaardPolicy)).toEqual({
      stap: 'ESCALEREN',
      op: '2026-03-01',
    });
    expect(volgendeInformatieplichtStap(stand({ herinnerd: true, geescaleerd: true }), standaardPolicy)).toBeNull();
  });

  test('a term shorter than the reminder lead time is reminded at its start', () => {
    expect(volgendeInformatieplichtStap(stand({ start: isoDate('2026-02-25') }), standaardPolicy)).toEqual({
      stap: 'HERINNEREN',
      op: '2026-02-25',
    });
  });

  test('uitgesteld: only the re-test; informed or lapsed: nothing', () => {
    expect(
      volgendeInformatieplichtStap(
        stand({ status: 'UITGESTELD', hertoetsingOp: isoDate('2026-05-10') }),
        standaardPolicy,
      ),
    ).toEqual({ stap: 'HERTOETSEN', op: '2026-05-10' });
    expect(volgendeInformatieplichtStap(stand({ status: 'VERSTREKT' }), standaardPolicy)).toBeNull();
    expect(volgendeInformatieplichtStap(stand({ status: 'VERVALLEN' }), standaardPolicy)).toBeNull();
  });
});

test('which decision starts which notice', () => {
  expect(informatieplichtNa('INTAKE', 'IN_BEHANDELING')).toBe('IN_BEHANDELING');
  expect(informatieplichtNa('INTAKE', 'NIET_IN_BEHANDELING')).toBeNull();
  expect(informatieplichtNa('EINDBEOORDELING', 'NIET_VOLDAAN')).toBe('TRIAGE_UITKOMST');
  expect(informatieplichtNa('PLAN_VAN_AANPAK', 'VASTGESTELD')).toBe('CASUSOVERLEG_UITKOMST');
  expect(informatieplichtNa('AFSLUITING', 'AFGESLOTEN')).toBe('AFSCHALING');
  expect(informatieplichtNa('SELECTIE', 'GESELECTEERD')).toBeNull();
});

test('who informs: the deelnemer agreed in the casusoverleg for its outcomes and afterwards, else the gezamenlijk verwerkingsverantwoordelijken', () => {
  expect(verantwoordelijkeVoor('IN_BEHANDELING', 'ggd')).toBe(GEZAMENLIJK);
  expect(verantwoordelijkeVoor('CASUSOVERLEG_UITKOMST', 'ggd')).toBe('ggd');
  expect(verantwoordelijkeVoor('AFSCHALING', null)).toBe(GEZAMENLIJK);
});

test.each([
  ['VERSTREKT', 'OPEN', true],
  ['VERSTREKT', 'UITGESTELD', true],
  ['VERSTREKT', 'VERSTREKT', false],
  ['UITSTEL', 'OPEN', true],
  ['UITSTEL', 'UITGESTELD', false],
  ['GROND_GELDT_NOG', 'UITGESTELD', true],
  ['GROND_VERVALLEN', 'OPEN', false],
  ['GROND_VERVALLEN', 'VERVALLEN', false],
] as const)('%s in %s: allowed %s', (soort, status, mag) => {
  expect(magHandeling(soort, status).toegestaan).toBe(mag);
});

test('an uitstel names a ground of AVG 14 lid 5 b or UAVG 41, a reason and an expected date', () => {
  expect(
    uitstelSchema.safeParse({
      grond: 'UAVG_41_1_E',
      reden: 'Bescherming van de betrokkene.',
      verwachteDatum: '2026-09-01',
    }).success,
  ).toBe(true);
  expect(uitstelSchema.safeParse({ grond: 'GEEN_ZIN', reden: 'x', verwachteDatum: '2026-09-01' }).success).toBe(false);
  expect(uitstelSchema.safeParse({ grond: 'AVG_14_5_B', verwachteDatum: '2026-09-01' }).success).toBe(false);
  expect(
    uitstelSchema.safeParse({ grond: 'AVG_14_5_B', reden: 'x', verwachteDatum: '2026-09-01', hertoetsingMaanden: 13 })
      .success,
  ).toBe(false);
});

describe('per person (Prot. 16.1, 16.6–16.7)', () => {
  const plicht = (betrokkeneId: string | null, over: Partial<PlichtVanPersoon> = {}): PlichtVanPersoon => ({
    informatieplichtId: `p-${betrokkeneId}`,
    betrokkeneId,
    moment: 'IN_BEHANDELING',
    status: 'OPEN',
    ...over,
  });

  test('the gate: each person the data is about whose notice is OPEN blocks; informed, postponed or omitted do not', () => {
    const plichten = [
      plicht('jan'),
      plicht('kind', { status: 'UITGESTELD' }),
      plicht('buur'),
      plicht('oma', { status: 'AFGEZIEN' }),
      plicht('jan', { moment: 'TRIAGE_UITKOMST' }),
    ];
    expect(blokkerendePersonen(plichten, []).map((p) => p.betrokkeneId)).toEqual(['jan', 'buur']);
    expect(blokkerendePersonen(plichten, ['kind', 'oma'])).toEqual([]);
    expect(blokkerendePersonen(plichten, ['buur']).map((p) => p.betrokkeneId)).toEqual(['buur']);
    expect(blokkerendePersonen([plicht('jan', { status: 'VERSTREKT' })], [])).toEqual([]);
    // A casus without the obligation (from before it existed, imported) is not held back.
    expect(blokkerendePersonen([], ['jan'])).toEqual([]);
  });

  test('the persons a set of items is about: theirs, or everyone when one item is about the casus as a whole', () => {
    expect(personenVan([{ betrokkeneIds: ['a'] }, { betrokkeneIds: ['b', 'a'] }])).toEqual(['a', 'b']);
    expect(personenVan([{ betrokkeneIds: ['a'] }, { betrokkeneIds: [] }])).toEqual([]);
    expect(personenVan([])).toEqual([]);
  });

  test('the state of a moment together: open while anyone is to be informed; ended once nobody is', () => {
    expect(gezamenlijkeStatus(['VERSTREKT', 'OPEN', 'UITGESTELD'])).toBe('OPEN');
    expect(gezamenlijkeStatus(['VERSTREKT', 'UITGESTELD'])).toBe('UITGESTELD');
    expect(gezamenlijkeStatus(['AFGEZIEN', 'VERSTREKT'])).toBe('VERSTREKT');
    expect(gezamenlijkeStatus(['AFGEZIEN'])).toBe('AFGEZIEN');
    expect(gezamenlijkeStatus(['VERVALLEN', 'VERVALLEN'])).toBe('VERVALLEN');
  });

  test('the re-test comes no later than the expected date while that is ahead', () => {
    expect(hertoetsingNa(isoDate('2026-03-01'), 3, isoDate('2026-03-15'))).toBe('2026-03-15');
    expect(hertoetsingNa(isoDate('2026-03-01'), 3, isoDate('2026-09-01'))).toBe('2026-06-01');
    expect(hertoetsingNa(isoDate('2026-03-15'), 3, isoDate('2026-03-15'))).toBe('2026-06-15');
    expect(hertoetsingNa(isoDate('2026-03-01'), 3, null)).toBe('2026-06-01');
  });

  test('afzien for good only while still to inform', () => {
    expect(magHandeling('AFZIEN', 'OPEN')).toEqual({ toegestaan: true });
    expect(magHandeling('AFZIEN', 'UITGESTELD')).toEqual({ toegestaan: true });
    expect(magHandeling('AFZIEN', 'VERSTREKT').toegestaan).toBe(false);
  });
});
