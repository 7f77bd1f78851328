import { beleid } from '../../domain/autorisatie';
import type { Actor } from '../../domain/casus';
import {
  aanwijzingWeigering,
  besluitRegels,
  besluitSoorten,
  documentatieWetVan,
  faseNaBesluit,
  gegevensCategorieen,
  magGegevenZien,
  relatieTot,
  relatieVolgensToegang,
  volgendeStap,
  vooruitblik,
  weigeringAanDerden,
  weigeringAanIncidenteel,
  type CasusStand,
  type CasusToegang,
} from '../../domain/casusproces';
import { isoDate } from '../../domain/dates';
import { standaardPolicy } from '../../domain/policy';

interface StandInvoer {
  fase?: CasusStand['fase'];
  afgewezenOp?: string;
  afsluitdatum?: string;
  verlengingen?: string[];
}
const stand = ({ fase = 'CASUSOVERLEG', afgewezenOp, afsluitdatum, verlengingen = [] }: StandInvoer): CasusStand => ({
  fase,
  aanmelddatum: isoDate('2025-06-05'),
  afgewezenOp: afgewezenOp === undefined ? null : isoDate(afgewezenOp),
  afsluitdatum: afsluitdatum === undefined ? null : isoDate(afsluitdatum),
  verlengingen: verlengingen.map((d) => ({ datum: isoDate(d) })),
});

describe('faseNaBesluit', () => {
  test.each([
    ['INTAKE', 'IN_BEHANDELING', 'AANMELDING', 'TRIAGE'],
    ['INTAKE', 'NIET_IN_BEHANDELING', 'AANMELDING', 'NIET_IN_BEHANDELING'],
    ['EINDBEOORDELING', 'VOLDAAN', 'TRIAGE', 'SELECTIE_DEELNEMERS'],
    ['EINDBEOORDELING', 'NIET_VOLDAAN', 'TRIAGE', 'NIET_IN_BEHANDELING'],
    ['SELECTIE', 'GESELECTEERD', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG'],
    ['SELECTIE', 'GESELECTEERD', 'CASUSOVERLEG', 'CASUSOVERLEG'],
    ['AFSLUITING', 'AFGESLOTEN', 'CASUSOVERLEG', 'AFGESCHAALD'],
    ['HEROPENING', 'HEROPEND', 'AFGESCHAALD', 'CASUSOVERLEG'],
    ['OPHEFFING_AFSCHERMING', 'HEROPEND', 'AFGESCHERMD', 'CASUSOVERLEG'],
    ['VERLENGING', 'VERLENGD', 'AFGESCHAALD', 'AFGESCHAALD'],
  ] as const)('%s %s in %s → %s', (soort, uitkomst, van, naar) => {
    expect(faseNaBesluit(soort, uitkomst, van)).toBe(naar);
  });

  test('an outcome the decision does not have is an error', () => {
    expect(() => faseNaBesluit('AFSLUITING', 'VOLDAAN', 'CASUSOVERLEG')).toThrow(/unknown uitkomst/);
  });

  test('every decision is governed by a phase-bound policy action', () => {
    for (const soort of besluitSoorten) expect(beleid[besluitRegels[soort].actie].fasen).toBeDefined();
  });
});

test('relatieTot: aanmelder before selected before provider before none', () => {
  const actor = (deelnemerId: string): Actor => ({
    medewerkerId: 'm',
    deelnemerId,
    deelnemerType: 'OVERHEID',
    rollen: [],
  });
  const betrokkenheid = {
    aanmelderDeelnemerId: 'politie',
    geselecteerdeDeelnemers: ['gemeente', 'politie'],
    leveranciers: ['politie', 'gemeente', 'ggz'],
  };
  expect(relatieTot(actor('politie'), betrokkenheid)).toBe('AANMELDER');
  expect(relatieTot(actor('gemeente'), betrokkenheid)).toBe('GESELECTEERD');
  expect(relatieTot(actor('ggz'), betrokkenheid)).toBe('LEVERANCIER');
  expect(relatieTot(actor('ggd'), betrokkenheid)).toBe('GEEN');
  // Contexts carried over from before providers were known have no list.
  expect(relatieTot(actor('ggz'), { aanmelderDeelnemerId: 'politie', geselecteerdeDeelnemers: [] })).toBe('GEEN');
});

test('relatieVolgensToegang: a deelnemer that sees the whole casus does so through its designated medewerkers', () => {
  const toegang: CasusToegang = {
    aanmelderDeelnemerId: 'politie',
    geselecteerdeDeelnemers: ['gemeente'],
    leveranciers: ['ggz', 'politie'],
    casusregisseurDeelnemerId: 'reclassering',
    procesregisseurMedewerkerId: 'regie',
    aanwijzingen: [
      { medewerkerId: 'agent', deelnemerId: 'politie' },
      { medewerkerId: 'ambtenaar', deelnemerId: 'gemeente' },
    ],
  };
  const wie = (medewerkerId: string, deelnemerId: string): Actor => ({
    medewerkerId,
    deelnemerId,
    deelnemerType: 'OVERHEID',
    rollen: [],
  });
  expect(relatieVolgensToegang(wie('agent', 'politie'), toegang, 'MEDEWERKER')).toBe('AANMELDER');
  // Not designated: what its deelnemer provided (a provider's view), or nothing.
  expect(relatieVolgensToegang(wie('collega', 'politie'), toegang, 'MEDEWERKER')).toBe('LEVERANCIER');
  expect(relatieVolgensToegang(wie('collega', 'gemeente'), toegang, 'MEDEWERKER')).toBe('GEEN');
  expect(relatieVolgensToegang(wie('collega', 'gemeente'), toegang, 'DEELNEMER')).toBe('GESELECTEERD');
  expect(relatieVolgensToegang(wie('reclasseerder', 'reclassering'), toegang, 'MEDEWERKER')).toBe('GEEN');
  expect(relatieVolgensToegang(wie('reclasseerder', 'reclassering'), toegang, 'DEELNEMER')).toBe('CASUSREGISSEUR');
  // A designation counts for the deelnemer the medewerker acts for only.
  expect(relatieVolgensToegang(wie('agent', 'gemeente'), toegang, 'MEDEWERKER')).toBe('GEEN');
  // A provider's view needs no designation; the procesregisseur of the casus is one medewerker.
  expect(relatieVolgensToegang(wie('wie-dan-ook', 'ggz'), toegang, 'MEDEWERKER')).toBe('LEVERANCIER');
  expect(relatieVolgensToegang(wie('regie', 'zvh'), toegang, 'MEDEWERKER')).toBe('PROCESREGIE');
  expect(relatieVolgensToegang(wie('andere-regie', 'zvh'), toegang, 'MEDEWERKER')).toBe('GEEN');
});

test('aanwijzingWeigering: its own medewerkers, by a designated one or, while none is, by the first', () => {
  const toegang: CasusToegang = {
    aanmelderDeelnemerId: 'politie',
    geselecteerdeDeelnemers: ['gemeente'],
    procesregisseurMedewerkerId: null,
    aanwijzingen: [{ medewerkerId: 'agent', deelnemerId: 'politie' }],
  };
  const wie = (medewerkerId: string, deelnemerId: string): Actor => ({
    medewerkerId,
    deelnemerId,
    deelnemerType: 'OVERHEID',
    rollen: [],
  });
  const collega = { medewerkerId: 'collega', deelnemerId: 'politie' };
  const ambtenaar = { medewerkerId: 'ambtenaar', deelnemerId: 'gemeente' };
  expect(aanwijzingWeigering(wie('agent', 'politie'), collega, toegang)).toBeNull();
  expect(aanwijzingWeigering(wie('collega', 'politie'), collega, toegang)).toMatch(/aangewezen medewerker/);
  expect(aanwijzingWeigering(wie('agent', 'politie'), ambtenaar, toegang)).toMatch(/eigen medewerkers/);
  // Its deelnemer has nobody designated yet: the first designates itself.
  expect(aanwijzingWeigering(wie('ambtenaar', 'gemeente'), ambtenaar, toegang)).toBeNull();
});

describe('volgendeStap (SPEC §2 afschaling, §5 archiefdatum)', () => {
  // The archiefdatum is the last day the data lives (003: "Anonimiseren: na <archiefdatum>"): every step that ends
  // the casus comes the day after it.
  test('an aanmelding never decided is afgeschermd the day after its maximum; nothing after anonymisation', () => {
    expect(volgendeStap(stand({ fase: 'AANMELDING' }), standaardPolicy)).toEqual({
      actie: 'AFSCHERMEN',
      op: '2030-06-06',
    });
    expect(volgendeStap(stand({ fase: 'GEANONIMISEERD' }), standaardPolicy)).toBeNull();
  });

  test('an open casus is afgeschermd the day after its maximum, and archived once afgeschermd', () => {
    expect(volgendeStap(stand({}), standaardPolicy)).toEqual({ actie: 'AFSCHERMEN', op: '2030-06-06' });
    expect(volgendeStap(stand({ verlengingen: ['2030-01-01'] }), standaardPolicy)).toEqual({
      actie: 'AFSCHERMEN',
      op: '2032-01-02',
    });
    expect(volgendeStap(stand({ fase: 'AFGESCHERMD' }), standaardPolicy)).toEqual({
      actie: 'ARCHIVEREN',
      op: '2030-06-06',
    });
  });

  test('a rejected aanmelding is archived the day after one year from the aanmelding', () => {
    expect(volgendeStap(stand({ fase: 'NIET_IN_BEHANDELING', afgewezenOp: '2025-08-01' }), standaardPolicy)).toEqual({
      actie: 'ARCHIVEREN',
      op: '2026-06-06',
    });
  });

  test('afgeschaald: reopenable for the policy months (default through the archiefdatum), then afgeschermd', () => {
    const afgeschaald = stand({ fase: 'AFGESCHAALD', afsluitdatum: '2025-12-23' });
    // 003 Bewaartermijnen, example 1: archiefdatum 23 December 2026, anonimiseren na 23 December 2026.
    expect(volgendeStap(afgeschaald, standaardPolicy)).toEqual({ actie: 'ARCHIVEREN', op: '2026-12-24' });
    const langer = { ...standaardPolicy, inzageTermijnJaren: 2 };
    expect(volgendeStap(afgeschaald, langer)).toEqual({ actie: 'AFSCHERMEN', op: '2026-12-23' });
    const korter = { ...standaardPolicy, afgeschaaldMaanden: 6 };
    expect(volgendeStap(afgeschaald, korter)).toEqual({ actie: 'AFSCHERMEN', op: '2026-06-23' });
    const afgeschermd = stand({ fase: 'AFGESCHERMD', afsluitdatum: '2025-12-23' });
    expect(volgendeStap(afgeschermd, standaardPolicy)).toEqual({ actie: 'ARCHIVEREN', op: '2026-12-24' });
  });

  test('closed shortly before the maximum: archiving after the maximum comes before afschermen', () => {
    // 003 example 3: archiefdatum 5 June 2030, anonimiseren na 5 June 2030.
    expect(volgendeStap(stand({ fase: 'AFGESCHAALD', afsluitdatum: '2030-01-05' }), standaardPolicy)).toEqual({
      actie: 'ARCHIVEREN',
      op: '2030-06-06',
    });
  });

  test('triage and selection: a reminder at the lead time, an escalation after it, then only the archiefdatum', () => {
    const wachtend = (soort: 'EINDBEOORDELING' | 'SELECTIE', herinnerd: boolean, geescaleerd: boolean) => ({
      soort,
      sinds: isoDate('2025-07-01'),
      herinnerd,
      geescaleerd,
    });
    const triage = (herinnerd: boolean, geescaleerd: boolean) => ({
      ...stand({ fase: 'TRIAGE' }),
      wachtendBesluit: wachtend('EINDBEOORDELING', herinnerd, geescaleerd),
    });
    expect(volgendeStap(triage(false, false), standaardPolicy)).toEqual({
      actie: 'BESLUIT_HERINNEREN',
      op: '2025-07-29',
    });
    expect(volgendeStap(triage(true, false), standaardPolicy)).toEqual({
      actie: 'BESLUIT_ESCALEREN',
      op: '2025-08-05',
    });
    expect(volgendeStap(triage(true, true), standaardPolicy)).toEqual({ actie: 'AFSCHERMEN', op: '2030-06-06' });
    const selectie = { ...stand({ fase: 'SELECTIE_DEELNEMERS' }), wachtendBesluit: wachtend('SELECTIE', false, false) };
    expect(volgendeStap(selectie, { ...standaardPolicy, selectieTermijnDagen: 10 })).toEqual({
      actie: 'BESLUIT_HERINNEREN',
      op: '2025-07-11',
    });
  });

  test('a Wvggz/Wzd item is removed at its own term, whichever phase, through the archiefdatum', () => {
    const metItem = (fase: CasusStand['fase'], op: string) => ({
      ...stand({ fase }),
      gegevensVervallenOp: isoDate(op),
    });
    expect(volgendeStap(metItem('TRIAGE', '2026-01-10'), standaardPolicy)).toEqual({
      actie: 'GEGEVENS_VERWIJDEREN',
      op: '2026-01-10',
    });
    // On the archiefdatum itself the data still lives, so the item's own term is kept; the day after, it is archived.
    expect(volgendeStap(metItem('CASUSOVERLEG', '2030-06-05'), standaardPolicy)).toEqual({
      actie: 'GEGEVENS_VERWIJDEREN',
      op: '2030-06-05',
    });
    expect(volgendeStap(metItem('CASUSOVERLEG', '2031-01-10'), standaardPolicy)).toEqual({
      actie: 'AFSCHERMEN',
      op: '2030-06-06',
    });
    const afgeschaald = {
      ...stand({ fase: 'AFGESCHAALD', afsluitdatum: '2025-12-23' }),
      gegevensVervallenOp: isoDate('2026-09-01'),
    };
    expect(volgendeStap(afgeschaald, standaardPolicy)).toEqual({ actie: 'GEGEVENS_VERWIJDEREN', op: '2026-09-01' });
  });

  test('an archived casus is anonymised at once', () => {
    expect(volgendeStap(stand({ fase: 'GEARCHIVEERD', afsluitdatum: '2025-12-23' }), standaardPolicy)).toEqual({
      actie: 'ANONIMISEREN',
      op: '2026-12-24',
    });
  });
});

describe('vooruitblik: the step that is due and by when (werkvoorraad, GET /casussen)', () => {
  const met = (invoer: StandInvoer, extra: Partial<CasusStand> = {}, heeftPlan = false) => ({
    ...stand(invoer),
    ...extra,
    heeftPlan,
  });
  test('intake, final assessment and selection: the decision and its lead time', () => {
    expect(vooruitblik(met({ fase: 'AANMELDING' }), standaardPolicy)).toEqual({
      stap: 'INTAKEBESLUIT',
      deadline: '2025-06-19',
    });
    const wachtend = {
      soort: 'EINDBEOORDELING' as const,
      sinds: isoDate('2025-07-01'),
      herinnerd: true,
      geescaleerd: false,
    };
    // Reminded or not, the decision stays due by the same day.
    expect(vooruitblik(met({ fase: 'TRIAGE' }, { wachtendBesluit: wachtend }), standaardPolicy)).toEqual({
      stap: 'EINDBEOORDELING',
      deadline: '2025-07-29',
    });
    const selectie = { ...wachtend, soort: 'SELECTIE' as const };
    const korter = { ...standaardPolicy, selectieTermijnDagen: 10 };
    expect(vooruitblik(met({ fase: 'SELECTIE_DEELNEMERS' }, { wachtendBesluit: selectie }), korter)).toEqual({
      stap: 'SELECTIE',
      deadline: '2025-07-11',
    });
  });

  test('casusoverleg: first the plan van aanpak, then its evaluation, then the afsluiting', () => {
    expect(vooruitblik(met({}), standaardPolicy)).toEqual({ stap: 'PLAN_VAN_AANPAK', deadline: null });
    const evaluatie = { evaluatiedatum: isoDate('2025-10-01') };
    expect(vooruitblik(met({}, evaluatie, true), standaardPolicy)).toEqual({
      stap: 'EVALUATIE',
      deadline: '2025-10-01',
    });
    expect(vooruitblik(met({}, {}, true), standaardPolicy)).toEqual({ stap: 'AFSLUITING', deadline: null });
  });

  test("after the afsluiting the process's own steps; nothing after anonymisation", () => {
    const korter = { ...standaardPolicy, afgeschaaldMaanden: 6 };
    expect(vooruitblik(met({ fase: 'AFGESCHAALD', afsluitdatum: '2025-12-23' }), korter)).toEqual({
      stap: 'AFSCHERMEN',
      deadline: '2026-06-23',
    });
    expect(vooruitblik(met({ fase: 'NIET_IN_BEHANDELING', afgewezenOp: '2025-08-01' }), standaardPolicy)).toEqual({
      stap: 'ARCHIVEREN',
      deadline: '2026-06-06',
    });
    expect(vooruitblik(met({ fase: 'GEANONIMISEERD' }), standaardPolicy)).toBeNull();
  });
});

describe("magGegevenZien: the provider's voorwaarden (WGS 2.29)", () => {
  const wie = (deelnemerId: string, rollen: Actor['rollen'] = []): Actor => ({
    medewerkerId: 'm',
    deelnemerId,
    deelnemerType: 'OVERHEID',
    rollen,
  });
  const item = (v: { nietVoorCasusoverleg?: boolean; nietAanDeelnemers?: string[]; beperktOp?: Date }) => ({
    leverancierDeelnemerId: 'ggz',
    nietVoorCasusoverleg: false,
    nietAanDeelnemers: [],
    beperktOp: null,
    ...v,
  });

  test('without voorwaarden everyone who may read the casus sees it', () => {
    expect(magGegevenZien(item({}), wie('politie'))).toBe(true);
  });
  test('"not to deelnemer X" hides it from X only, even a procesregisseur of X', () => {
    expect(magGegevenZien(item({ nietAanDeelnemers: ['politie'] }), wie('politie', ['procesregisseur']))).toBe(false);
    expect(magGegevenZien(item({ nietAanDeelnemers: ['politie'] }), wie('gemeente'))).toBe(true);
  });
  test('"not for the casusoverleg": the provider and the procesregisseur only', () => {
    expect(magGegevenZien(item({ nietVoorCasusoverleg: true }), wie('politie'))).toBe(false);
    expect(magGegevenZien(item({ nietVoorCasusoverleg: true }), wie('gemeente', ['procesregisseur']))).toBe(true);
  });
  test('the provider always sees its own item', () => {
    expect(magGegevenZien(item({ nietVoorCasusoverleg: true, nietAanDeelnemers: ['ggz'] }), wie('ggz'))).toBe(true);
  });
  test('restricted by a granted AVG-verzoek (AVG 18): nobody, not even the provider or the procesregisseur', () => {
    expect(magGegevenZien(item({ beperktOp: new Date() }), wie('ggz'))).toBe(false);
    expect(magGegevenZien(item({ beperktOp: new Date() }), wie('gemeente', ['procesregisseur']))).toBe(false);
  });
});

describe('weigeringAanDerden: what may go on to a derde (WGS 2.29; Wpg, Wjsg)', () => {
  const wie = (deelnemerId: string): Actor => ({
    medewerkerId: 'm',
    deelnemerId,
    deelnemerType: 'OVERHEID',
    rollen: [],
  });
  const item = (v: Partial<Parameters<typeof weigeringAanDerden>[0]>) => ({
    leverancierDeelnemerId: 'politie',
    nietVoorCasusoverleg: false,
    nietAanDeelnemers: [],
    beperktOp: null,
    categorie: 'GEWOON' as const,
    nietAanDerden: false,
    verwijderdOp: null,
    ...v,
  });

  test('an ordinary item may, unless its provider says "not to derden" or its content is gone', () => {
    expect(weigeringAanDerden(item({}), wie('gemeente'))).toBeNull();
    expect(weigeringAanDerden(item({ nietAanDerden: true }), wie('gemeente'))).toMatch('niet toe');
    expect(weigeringAanDerden(item({ verwijderdOp: new Date() }), wie('politie'))).toMatch('verwijderd');
  });
  test.each(['POLITIE', 'JUSTITIEEL'] as const)('a %s item only by its provider', (categorie) => {
    expect(weigeringAanDerden(item({ categorie }), wie('gemeente'))).toMatch('alleen de leverancier zelf');
    expect(weigeringAanDerden(item({ categorie }), wie('politie'))).toBeNull();
    expect(weigeringAanIncidenteel(item({ categorie }), wie('gemeente'))).toMatch('alleen de leverancier zelf');
  });
  test('an incidentele deelnemer is no derde (003 stap 5): "not to derden" does not stop it, removal does', () => {
    expect(weigeringAanIncidenteel(item({ nietAanDerden: true }), wie('gemeente'))).toBeNull();
    expect(weigeringAanIncidenteel(item({ nietAanDerden: true, verwijderdOp: new Date() }), wie('gemeente'))).toMatch(
      'verwijderd',
    );
  });
  test('police and OM items are the ones documented (Wpg 32, Wjsg 39j)', () => {
    expect(gegevensCategorieen.map((c) => [c, documentatieWetVan(c)]).filter(([, w]) => w !== null)).toEqual([
      ['POLITIE', 'WPG_32'],
      ['JUSTITIEEL', 'WJSG_39J'],
    ]);
  });
});
