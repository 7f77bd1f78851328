import { beoordeel } from '../../domain/autorisatie';
import type { Actor } from '../../domain/casus';
import {
  apMeldingWeigering,
  betrokkenenBesluitSchema,
  betrokkenenBesluitWeigering,
  datalekBesluitWeigering,
  datalekFase,
  datalekMeldingSchema,
  datalekTermijnen,
  interneMeldingTeLaat,
  meldingWeigering,
  volgendeDatalekStap,
  type DatalekStand,
} from '../../domain/datalek';
import type { Rol } from '../../domain/identity';
import { standaardPolicy } from '../../domain/policy';

// The pure rules of the datalek process (AVG 33–34; Prot. 14): deadlines, phases, timers and which decision fits.
const ONTDEKT = '2026-11-02T10:00:00.000Z';
const H = 3_600_000;
const at = (uren: number) => new Date(Date.parse(ONTDEKT) + uren * H).toISOString();

const stand = (over: Partial<DatalekStand> = {}): DatalekStand => ({
  datalekId: '00000000-0000-4000-8000-000000000001',
  ontdektOp: ONTDEKT,
  gemeldOp: at(2),
  risico: null,
  apGemeldOp: null,
  betrokkenenBesloten: false,
  afgeslotenOp: null,
  verzonden: { escalatie: false, termijnVerstreken: false },
  ...over,
});
const termijnen = datalekTermijnen({ ontdektOp: ONTDEKT }, standaardPolicy);

test('deadlines: internal report after the policy hours, AP 72 h after discovery, escalation the policy hours before', () => {
  expect(termijnen).toEqual({ interneMelding: at(24), apMelding: at(72), escalatie: at(48), informeren: null });
  const beleid = { datalekInterneMeldingUren: 4, datalekEscalatieUren: 12, datalekBetrokkenenDagen: 2 };
  expect(datalekTermijnen({ ontdektOp: ONTDEKT }, beleid)).toEqual({
    interneMelding: at(4),
    apMelding: at(72),
    escalatie: at(60),
    informeren: null,
  });
  // After a decision to inform the betrokkenen: its deadline the policy's days later, the reminder halfway.
  expect(
    datalekTermijnen({ ontdektOp: ONTDEKT, informeren: { besloten: at(30), geinformeerdOp: null } }, beleid).informeren,
  ).toEqual({ herinnering: at(54), deadline: at(78) });
  expect(interneMeldingTeLaat(stand({ gemeldOp: at(24) }), standaardPolicy)).toBe(false);
  expect(interneMeldingTeLaat(stand({ gemeldOp: at(25) }), standaardPolicy)).toBe(true);
});

test('phase: what the process waits for, most urgent first', () => {
  expect(datalekFase(stand())).toBe('GEMELD');
  expect(datalekFase(stand({ risico: 'GEEN' }))).toBe('AFSLUITING');
  expect(datalekFase(stand({ risico: 'RISICO' }))).toBe('AP_MELDING');
  expect(datalekFase(stand({ risico: 'RISICO', apGemeldOp: at(30) }))).toBe('AFSLUITING');
  expect(datalekFase(stand({ risico: 'HOOG_RISICO', apGemeldOp: at(30) }))).toBe('BETROKKENEN');
  expect(datalekFase(stand({ risico: 'HOOG_RISICO', betrokkenenBesloten: true }))).toBe('AP_MELDING');
  expect(datalekFase(stand({ risico: 'HOOG_RISICO', apGemeldOp: at(30), betrokkenenBesloten: true }))).toBe(
    'AFSLUITING',
  );
  expect(datalekFase(stand({ risico: 'GEEN', afgeslotenOp: at(80) }))).toBe('AFGESLOTEN');
});

test('after the decision to inform the betrokkenen: INFORMEREN until recorded, a reminder, then the escalation', () => {
  const besloten = { besloten: at(30), geinformeerdOp: null };
  const hoog = stand({ risico: 'HOOG_RISICO', apGemeldOp: at(20), betrokkenenBesloten: true, informeren: besloten });
  const t = datalekTermijnen(hoog, standaardPolicy);
  expect(datalekFase(hoog)).toBe('INFORMEREN');
  expect(datalekBesluitWeigering('AFSLUITING', hoog)).toMatch(/geïnformeerd/);
  expect(datalekBesluitWeigering('BETROKKENEN_GEINFORMEERD', hoog)).toBeUndefined();
  expect(volgendeDatalekStap(hoog, t, Date.parse(at(31)))).toEqual({ stap: 'INFORMEREN_HERINNERING', op: at(66) });
  const herinnerd = { ...hoog, verzonden: { ...hoog.verzonden, informerenHerinnering: true } };
  expect(volgendeDatalekStap(herinnerd, t, Date.parse(at(67)))).toEqual({ stap: 'INFORMEREN_ESCALATIE', op: at(102) });
  // A reminder overtaken by the deadline is skipped.
  expect(volgendeDatalekStap(hoog, t, Date.parse(at(103)))).toEqual({ stap: 'INFORMEREN_ESCALATIE', op: at(102) });
  // While the AP notification is open as well, the earlier timer comes first.
  const beide = { ...hoog, apGemeldOp: null };
  expect(volgendeDatalekStap(beide, t, Date.parse(at(31)))).toEqual({ stap: 'ESCALEREN', op: at(48) });
  const gedaan = stand({ ...hoog, informeren: { ...besloten, geinformeerdOp: at(40) } });
  expect(datalekFase(gedaan)).toBe('AFSLUITING');
  expect(volgendeDatalekStap(gedaan, t, Date.parse(at(41)))).toBeNull();
  expect(datalekBesluitWeigering('BETROKKENEN_GEINFORMEERD', gedaan)).toMatch(/al vastgelegd/);
  expect(datalekBesluitWeigering('BETROKKENEN_GEINFORMEERD', stand({ risico: 'GEEN' }))).toMatch(/niet besloten/);
});

describe('timers while an AP notification is (or may be) required and not made', () => {
  test('escalation first, then the lapse at 72 h', () => {
    expect(volgendeDatalekStap(stand(), termijnen, Date.parse(at(3)))).toEqual({ stap: 'ESCALEREN', op: at(48) });
    expect(
      volgendeDatalekStap(
        stand({ risico: 'RISICO', verzonden: { escalatie: true, termijnVerstreken: false } }),
        termijnen,
        Date.parse(at(49)),
      ),
    ).toEqual({ stap: 'TERMIJN_VERSTREKEN', op: at(72) });
    expect(
      volgendeDatalekStap(
        stand({ verzonden: { escalatie: true, termijnVerstreken: true } }),
        termijnen,
        Date.parse(at(73)),
      ),
    ).toBeNull();
  });
  test('a report after the deadline goes straight to the lapse', () => {
    expect(volgendeDatalekStap(stand({ gemeldOp: at(80) }), termijnen, Date.parse(at(80)))).toEqual({
      stap: 'TERMIJN_VERSTREKEN',
      op: at(72),
    });
  });
  test('none once notified, when not required, or when closed', () => {
    expect(
      volgendeDatalekStap(stand({ risico: 'RISICO', apGemeldOp: at(10) }), termijnen, Date.parse(at(11))),
    ).toBeNull();
    expect(volgendeDatalekStap(stand({ risico: 'GEEN' }), termijnen, Date.parse(at(11)))).toBeNull();
    expect(volgendeDatalekStap(stand({ afgeslotenOp: at(5) }), termijnen, Date.parse(at(11)))).toBeNull();
  });
});

test('which decision fits the state of the process (else a 409)', () => {
  expect(datalekBesluitWeigering('BEOORDELING', stand())).toBeUndefined();
  expect(datalekBesluitWeigering('BEOORDELING', stand({ risico: 'RISICO' }))).toMatch(/al beoordeeld/);
  for (const soort of ['AP_MELDING', 'BETROKKENEN', 'AFSLUITING'] as const)
    expect(datalekBesluitWeigering(soort, stand())).toMatch(/eerst/);
  expect(datalekBesluitWeigering('AP_MELDING', stand({ risico: 'GEEN' }))).toMatch(/niet vereist/);
  expect(datalekBesluitWeigering('AP_MELDING', stand({ risico: 'RISICO', apGemeldOp: at(3) }))).toMatch(
    /al vastgelegd/,
  );
  expect(datalekBesluitWeigering('AFSLUITING', stand({ risico: 'HOOG_RISICO' }))).toBe(
    'afsluiten kan nog niet: de melding aan de AP en het besluit over het informeren van de betrokkenen (AVG 34) ontbreekt',
  );
  expect(datalekBesluitWeigering('AFSLUITING', stand({ risico: 'RISICO', apGemeldOp: at(3) }))).toBeUndefined();
  expect(datalekBesluitWeigering('AFSLUITING', stand({ risico: 'GEEN' }))).toBeUndefined();
  expect(datalekBesluitWeigering('BETROKKENEN', stand({ risico: 'GEEN', afgeslotenOp: at(4) }))).toBe(
    'het datalek is afgesloten',
  );
});

test('AP notification: not in the future, not before discovery, after 72 h only with the reason of the delay', () => {
  const nu = Date.parse(at(100));
  expect(apMeldingWeigering({ gemeldOp: at(70), meldnummer: 'AP-1' }, ONTDEKT, nu)).toBeUndefined();
  expect(apMeldingWeigering({ gemeldOp: at(72), meldnummer: 'AP-1' }, ONTDEKT, nu)).toBeUndefined();
  expect(apMeldingWeigering({ gemeldOp: at(73), meldnummer: 'AP-1' }, ONTDEKT, nu)).toMatch(/reden van de vertraging/);
  expect(
    apMeldingWeigering({ gemeldOp: at(73), meldnummer: 'AP-1', redenVertraging: 'Weekend.' }, ONTDEKT, nu),
  ).toBeUndefined();
  expect(apMeldingWeigering({ gemeldOp: at(101), meldnummer: 'AP-1' }, ONTDEKT, nu)).toMatch(/toekomst/);
  expect(apMeldingWeigering({ gemeldOp: at(-1), meldnummer: 'AP-1' }, ONTDEKT, nu)).toMatch(/vóór de ontdekking/);
});

test('betrokkenen: a high risk needs a named exception (AVG 34 lid 3; Prot. 14.9, 14.10 for OM data only)', () => {
  const niet = (uitzondering?: 'AVG_34_3_A' | 'PROT_14_10_OM') =>
    betrokkenenBesluitSchema.parse({
      informeren: false,
      motivering: 'Zie dossier.',
      ...(uitzondering ? { uitzondering } : {}),
    });
  expect(
    betrokkenenBesluitWeigering(
      betrokkenenBesluitSchema.parse({ informeren: true, kennisgeving: 'Beste…' }),
      'HOOG_RISICO',
      ['BSN'],
    ),
  ).toBeUndefined();
  expect(betrokkenenBesluitWeigering(niet(), 'HOOG_RISICO', ['BSN'])).toMatch(/uitzondering/);
  expect(betrokkenenBesluitWeigering(niet(), 'RISICO', ['BSN'])).toBeUndefined();
  expect(betrokkenenBesluitWeigering(niet('AVG_34_3_A'), 'HOOG_RISICO', ['BSN'])).toBeUndefined();
  expect(betrokkenenBesluitWeigering(niet('PROT_14_10_OM'), 'HOOG_RISICO', ['JUSTITIEEL'])).toBeUndefined();
  expect(betrokkenenBesluitWeigering(niet('PROT_14_10_OM'), 'HOOG_RISICO', ['JUSTITIEEL', 'BSN'])).toMatch(
    /Openbaar Ministerie/,
  );
  // Informing needs the text of the notice (it goes into the register, Prot. 14.11).
  expect(betrokkenenBesluitSchema.safeParse({ informeren: true }).success).toBe(false);
});

test('melding: real timestamps from the AVG on, no duplicates, not discovered in the future', () => {
  const geldig = {
    ontdektOp: '2026-11-02T11:00:00+01:00',
    omschrijving: 'USB-stick kwijt.',
    aard: ['VERTROUWELIJKHEID'],
    categorieenGegevens: ['BSN'],
    categorieenBetrokkenen: ['BETROKKENE'],
    geschatAantalBetrokkenen: 3,
    versleuteld: false,
    contactpersoon: 'Servicedesk, 030-1234567',
    mogelijkeMaatregelen: 'De stick op afstand onbruikbaar maken.',
    mogelijkeGevolgen: 'Identiteitsfraude met de BSN.',
    genomenMaatregelen: 'Gevonden voorwerpen gebeld.',
  };
  expect(datalekMeldingSchema.parse(geldig).ontdektOp).toBe(ONTDEKT);
  // Prot. 14.3 b–e are part of every internal report.
  for (const veld of ['contactpersoon', 'mogelijkeMaatregelen', 'mogelijkeGevolgen', 'genomenMaatregelen']) {
    expect(datalekMeldingSchema.safeParse({ ...geldig, [veld]: undefined }).success).toBe(false);
  }
  expect(datalekMeldingSchema.safeParse({ ...geldig, ontdektOp: '2017-01-01T00:00:00Z' }).success).toBe(false);
  expect(datalekMeldingSchema.safeParse({ ...geldig, ontdektOp: '2026-11-02' }).success).toBe(false);
  expect(datalekMeldingSchema.safeParse({ ...geldig, aard: ['INTEGRITEIT', 'INTEGRITEIT'] }).success).toBe(false);
  expect(datalekMeldingSchema.safeParse({ ...geldig, naam: 'Jansen' }).success).toBe(false);
  expect(meldingWeigering({ ontdektOp: at(1) }, Date.parse(at(0)))).toMatch(/toekomst/);
  expect(meldingWeigering({ ontdektOp: at(0) }, Date.parse(at(1)))).toBeUndefined();
});

test('an FG who also holds the contactpunt role does not decide on a datalek (AVG 38 lid 6)', () => {
  const actor = (rollen: Rol[]): Actor => ({
    medewerkerId: '00000000-0000-4000-8000-00000000000a',
    deelnemerId: 'gemeente',
    deelnemerType: 'OVERHEID',
    rollen,
  });
  expect(beoordeel('datalek.behandelen', { actor: actor(['contactpunt']) }).toegestaan).toBe(true);
  expect(beoordeel('datalek.behandelen', { actor: actor(['contactpunt', 'fg']) })).toMatchObject({
    toegestaan: false,
    code: 'NIET_BEVOEGD',
  });
  expect(beoordeel('datalek.raadplegen', { actor: actor(['contactpunt', 'fg']) }).toegestaan).toBe(true);
});
