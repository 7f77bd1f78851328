import type { Criteria } from '../../domain/casus';
import { isoDate } from '../../domain/dates';
import { standaardPolicy } from '../../domain/policy';
import {
  beoordelingWeigering,
  bevragingWeigering,
  geldendeVersie,
  kandidaatWeigering,
  ontvangerSoort,
  publicatieWeigering,
  redenVanReview,
  reviewEscalatieDatum,
  topxStapWeigering,
  volgendeReviewDatum,
  toetsingDatum,
  volgendeTopxStap,
  type CriteriaVersie,
} from '../../domain/topx';

// The pure TopX rules (WGS 2.32; BGS 2.22; Afspr. Bijlage 5), without workflow or database.
const versie = (v: number, ingangsdatum: string, gepubliceerdOp: string | null): CriteriaVersie => ({
  id: `v${v}`,
  versie: v,
  ingangsdatum: isoDate(ingangsdatum),
  gepubliceerdOp,
  criteria: [
    { code: 'HIC-3', omschrijving: 'Drie of meer high impact crimes in twee jaar.' },
    { code: 'JONG', omschrijving: 'Jonger dan 27 jaar.' },
  ],
});
const bgs = (mate: 'VOLDAAN' | 'DEELS_VOLDAAN' | 'NIET_VOLDAAN'): Criteria => {
  const c = { mate, toelichting: 'Objectief vastgesteld.' };
  return { A: c, B: c, C: c, D: c };
};

describe('criteria versions: used only once published and in force (BGS 2.22)', () => {
  test('the version in force is the latest published one whose ingangsdatum has come; drafts never', () => {
    const versies = [
      versie(1, '2026-01-01', '2025-12-01T10:00:00Z'),
      versie(2, '2026-06-01', '2026-05-01T10:00:00Z'),
      versie(3, '2026-03-01', null),
    ];
    expect(geldendeVersie(versies, isoDate('2025-12-31'))).toBeNull();
    expect(geldendeVersie(versies, isoDate('2026-04-01'))?.versie).toBe(1); // v3 is a draft
    expect(geldendeVersie(versies, isoDate('2026-06-01'))?.versie).toBe(2);
  });
  test('publishing happens once, and not with an ingangsdatum already past', () => {
    expect(publicatieWeigering(versie(1, '2026-02-01', null), isoDate('2026-01-15'))).toBeUndefined();
    expect(publicatieWeigering(versie(1, '2026-01-15', null), isoDate('2026-01-15'))).toBeUndefined();
    expect(publicatieWeigering(versie(1, '2026-01-14', null), isoDate('2026-01-15'))?.code).toBe(
      'INGANGSDATUM_VERSTREKEN',
    );
    expect(publicatieWeigering(versie(1, '2026-02-01', '2026-01-10T00:00:00Z'), isoDate('2026-01-15'))?.code).toBe(
      'AL_GEPUBLICEERD',
    );
  });
});

test('a candidate meets part of the criteria in force, named by their codes', () => {
  const v = versie(1, '2026-01-01', '2025-12-01T10:00:00Z');
  expect(kandidaatWeigering(['HIC-3'], v)).toBeUndefined();
  expect(kandidaatWeigering([], v)).toMatch('deel van de criteria');
  expect(kandidaatWeigering(['HIC-3', 'ONBEKEND'], v)).toMatch('ONBEKEND');
});

describe('data gathering: only active vaste deelnemers are asked (WGS 2.32 lid 2)', () => {
  test.each([
    [
      { soort: 'DEELNEMER' as const, deelnemerId: 'politie' },
      { type: 'OVERHEID' as const, actief: true },
      'VASTE_DEELNEMER',
      false,
    ],
    [
      { soort: 'DEELNEMER' as const, deelnemerId: 'ggz' },
      { type: 'PRIVAAT' as const, actief: false },
      'INACTIEVE_DEELNEMER',
      true,
    ],
    [{ soort: 'DEELNEMER' as const, deelnemerId: 'buurtvereniging' }, null, 'DERDE', true],
  ])('%j in the register as %j is %s', (aan, inRegister, soort, geweigerd) => {
    expect(ontvangerSoort(aan, inRegister)).toBe(soort);
    expect(bevragingWeigering(ontvangerSoort(aan, inRegister)) !== undefined).toBe(geweigerd);
  });
  test('incidentele deelnemers and derden are refused with the reason', () => {
    expect(bevragingWeigering('INCIDENTELE_DEELNEMER')).toMatch('incidentele deelnemers');
    expect(bevragingWeigering('DERDE')).toMatch('derden');
  });
});

describe('toetsing and review', () => {
  const v = versie(1, '2026-01-01', '2025-12-01T10:00:00Z');
  const alle = { 'HIC-3': 'VOLDAAN', JONG: 'VOLDAAN' } as const;
  test('every objective criterion of the version is judged, no other', () => {
    expect(
      beoordelingWeigering(
        { uitkomst: 'PLAATSEN', objectieveCriteria: { 'HIC-3': 'VOLDAAN' }, bgsCriteria: bgs('VOLDAAN') },
        v,
      ),
    ).toMatch('precies de criteria');
    expect(
      beoordelingWeigering(
        { uitkomst: 'PLAATSEN', objectieveCriteria: { ...alle, EXTRA: 'VOLDAAN' }, bgsCriteria: bgs('VOLDAAN') },
        v,
      ),
    ).toMatch('precies de criteria');
  });
  test('placing or confirming needs both sets met; rejecting is always possible', () => {
    expect(
      beoordelingWeigering({ uitkomst: 'PLAATSEN', objectieveCriteria: alle, bgsCriteria: bgs('DEELS_VOLDAAN') }, v),
    ).toBeUndefined();
    expect(
      beoordelingWeigering(
        { uitkomst: 'PLAATSEN', objectieveCriteria: { ...alle, JONG: 'NIET_VOLDAAN' }, bgsCriteria: bgs('VOLDAAN') },
        v,
      ),
    ).toMatch('objectief');
    expect(
      beoordelingWeigering({ uitkomst: 'BEVESTIGD', objectieveCriteria: alle, bgsCriteria: bgs('NIET_VOLDAAN') }, v),
    ).toMatch('BGS 2.20');
    expect(
      beoordelingWeigering(
        {
          uitkomst: 'AFWIJZEN',
          objectieveCriteria: { ...alle, JONG: 'NIET_VOLDAAN' },
          bgsCriteria: bgs('NIET_VOLDAAN'),
        },
        v,
      ),
    ).toBeUndefined();
  });
  test("decisions fit the entry's state", () => {
    expect(topxStapWeigering('TOETSING', 'KANDIDAAT')).toBeUndefined();
    expect(topxStapWeigering('INFORMATIEVERZOEK', 'GEPLAATST')).toMatch('kandidaat');
    expect(topxStapWeigering('REVIEW', 'GEPLAATST')).toBeUndefined();
    expect(topxStapWeigering('VERWIJDERING', 'KANDIDAAT')).toMatch('geplaatste vermelding');
  });
  test('a failed review under a newer version than the placement is a criteria change', () => {
    expect(redenVanReview('v1', 'v1')).toBe('VOLDOET_NIET_MEER');
    expect(redenVanReview('v1', 'v2')).toBe('CRITERIA_GEWIJZIGD');
  });
});

test('the review timers: every ZVH_TOPX_REVIEW_MAANDEN, escalated ZVH_TOPX_REVIEW_ESCALATIE_DAGEN later, each once', () => {
  const review = volgendeReviewDatum(isoDate('2026-01-31'), standaardPolicy);
  expect(review).toBe('2026-04-30'); // 3 months, clamped to the month's end
  expect(reviewEscalatieDatum(review, standaardPolicy)).toBe('2026-05-07');
  const stand = {
    op: '2026-04-29T22:00:00.000Z',
    escalatieOp: '2026-05-06T22:00:00.000Z',
    gevraagd: false,
    geescaleerd: false,
  };
  expect(volgendeTopxStap(null)).toBeNull();
  expect(volgendeTopxStap(stand)).toEqual({ stap: 'REVIEW_VRAGEN', op: stand.op });
  expect(volgendeTopxStap({ ...stand, gevraagd: true })).toEqual({ stap: 'REVIEW_ESCALEREN', op: stand.escalatieOp });
  expect(volgendeTopxStap({ ...stand, gevraagd: true, geescaleerd: true })).toBeNull();
});

test("a candidate's toetsing: due ZVH_TOPX_TOETSING_TERMIJN_DAGEN after entry, then asked for and escalated like a review", () => {
  expect(toetsingDatum(isoDate('2026-01-31'), standaardPolicy)).toBe('2026-02-28');
  const stand = {
    soort: 'TOETSING' as const,
    op: '2026-02-27T23:00:00.000Z',
    escalatieOp: '2026-03-06T23:00:00.000Z',
    gevraagd: false,
    geescaleerd: false,
  };
  expect(volgendeTopxStap(stand)).toEqual({ stap: 'TOETSING_VRAGEN', op: stand.op });
  expect(volgendeTopxStap({ ...stand, gevraagd: true })).toEqual({ stap: 'TOETSING_ESCALEREN', op: stand.escalatieOp });
  expect(volgendeTopxStap({ ...stand, gevraagd: true, geescaleerd: true })).toBeNull();
  // A stand recorded before toetsing deadlines existed has no soort: a review, so replays take the same steps.
  expect(volgendeTopxStap({ ...stand, soort: undefined })).toEqual({ stap: 'REVIEW_VRAGEN', op: stand.op });
});
