import { acties, beleid, beoordeel, inzageVoor, relaties, toegestaneActies } from '../../domain/autorisatie';
import type { Actie, Inzage, Relatie } from '../../domain/autorisatie';
import { casusFasen, type Actor, type CasusFase, type DeelnemerType } from '../../domain/casus';
import { relatieVolgensToegang, type CasusToegang } from '../../domain/casusproces';
import type { Rol } from '../../domain/identity';

// The authorisation matrix: every action × deelnemer type × role × relation, against the expectation written out
// here in full, so that any change to the policy shows up as a changed line in this table.
const rolProfielen: Array<[string, Rol[]]> = [
  ['-', []],
  ['procesregisseur', ['procesregisseur']],
  ['fg', ['fg']],
  ['operator', ['operator']],
  ['systeembeheerder', ['systeembeheerder']],
  ['archiefbeheerder', ['archiefbeheerder']],
  ['contactpunt', ['contactpunt']],
  ['netwerkmanager', ['netwerkmanager']],
  ['stuurgroep', ['stuurgroep']],
];
const typen: DeelnemerType[] = ['OVERHEID', 'PRIVAAT'];

/** The "TYPE/rol/RELATIE" keys of every combination of the given types, roles and relations. */
const alle = (types: DeelnemerType[], rols: string[], rels: readonly Relatie[] = relaties) =>
  types.flatMap((t) => rols.flatMap((r) => rels.map((rel) => `${t}/${r}/${rel}`)));
const ALLE_TYPEN = typen;
/** Every role profile except the toezicht/beheer accounts that see no casus content (FG, operator). */
const GEWOON = [
  '-',
  'procesregisseur',
  'systeembeheerder',
  'archiefbeheerder',
  'contactpunt',
  'netwerkmanager',
  'stuurgroep',
];
const BETROKKEN: Relatie[] = ['AANMELDER', 'GESELECTEERD'];
/** The casusregisseur's deelnemer, the procesregisseur of the casus, a provider of items, or nobody: not selected. */
const NIET_BETROKKEN: Relatie[] = ['CASUSREGISSEUR', 'PROCESREGIE', 'LEVERANCIER', 'GEEN'];
/** Who sees (part of) a casus after the intake and the final assessment (the read rule is tested per phase below). */
const LEZERS: Relatie[] = [...BETROKKEN, 'CASUSREGISSEUR', 'PROCESREGIE', 'LEVERANCIER'];

// One line per action: which "TYPE/rol/RELATIE" combinations are allowed (all others are refused).
const toegestaan: Record<Actie, string[]> = {
  'casus.aanmelden': alle(ALLE_TYPEN, GEWOON),
  'casus.raadplegen': alle(ALLE_TYPEN, GEWOON, LEZERS),
  // The list itself is for everyone but toezicht and beheer; which casussen it holds is the read rule's (per casus).
  'casus.overzicht': alle(ALLE_TYPEN, GEWOON),
  'werkvoorraad.raadplegen': alle(ALLE_TYPEN, [...GEWOON, 'fg', 'operator']),
  'casus.importeren': alle(ALLE_TYPEN, ['systeembeheerder']),
  'casus.intakebesluit': alle(['OVERHEID'], GEWOON),
  'casus.eindbeoordeling': alle(['OVERHEID'], GEWOON),
  'casus.selectie': alle(['OVERHEID'], GEWOON),
  'casus.informatie.vragen': [...alle(['OVERHEID'], GEWOON), ...alle(['PRIVAAT'], ['procesregisseur'])],
  'casus.gegevens.verstrekken': alle(ALLE_TYPEN, GEWOON),
  'informatieverzoek.inzien': alle(ALLE_TYPEN, GEWOON),
  'casus.planvanaanpak': [
    ...alle(ALLE_TYPEN, GEWOON, BETROKKEN),
    ...alle(ALLE_TYPEN, ['procesregisseur'], NIET_BETROKKEN),
  ],
  'casus.incidenteel.uitnodigen': alle(['OVERHEID'], GEWOON),
  'casus.incidenteel.verstrekken': [
    ...alle(ALLE_TYPEN, GEWOON, BETROKKEN),
    ...alle(ALLE_TYPEN, ['procesregisseur'], NIET_BETROKKEN),
  ],
  'casus.afsluiten': alle(['OVERHEID'], GEWOON, BETROKKEN),
  'casus.heropenen': alle(['OVERHEID'], GEWOON, BETROKKEN),
  'casus.afscherming.opheffen': alle(ALLE_TYPEN, ['systeembeheerder']),
  'casus.verlengen': alle(['OVERHEID'], GEWOON, BETROKKEN),
  // Each deelnemer that provided data agrees for itself (003): the aanmelder, the selected, the providers of items.
  'casus.verlenging.akkoord': alle(ALLE_TYPEN, GEWOON, [...BETROKKEN, 'LEVERANCIER']),
  'casus.procesregie.nemen': alle(ALLE_TYPEN, ['procesregisseur']),
  'casus.medewerker.aanwijzen': alle(ALLE_TYPEN, GEWOON, [...BETROKKEN, 'CASUSREGISSEUR']),
  'bekendheidscheck.uitvoeren': alle(ALLE_TYPEN, GEWOON),
  'legalhold.beheren': alle(ALLE_TYPEN, ['archiefbeheerder']),
  'auditlog.raadplegen': alle(ALLE_TYPEN, ['fg']),
  'verstrekkingsregistratie.raadplegen': alle(ALLE_TYPEN, ['fg']),
  'codec.gebruiken': alle(ALLE_TYPEN, ['operator']),
  'register.beheren': alle(ALLE_TYPEN, ['systeembeheerder']),
  'koppeling.beheren': alle(ALLE_TYPEN, ['systeembeheerder']),
  'informatieplicht.raadplegen': alle(ALLE_TYPEN, ['contactpunt', 'fg']),
  'informatieplicht.afhandelen': alle(ALLE_TYPEN, ['contactpunt']),
  // Whoever discovers a breach reports it; the Contactpunt handles it; the FG reads along but does not decide.
  'datalek.melden': alle(ALLE_TYPEN, [...GEWOON, 'fg', 'operator']),
  'datalek.raadplegen': alle(ALLE_TYPEN, ['contactpunt', 'fg']),
  'datalek.behandelen': alle(ALLE_TYPEN, ['contactpunt']),
  'datalekregister.raadplegen': alle(ALLE_TYPEN, ['contactpunt', 'fg']),
  // AVG-verzoeken: the Contactpunt handles them; any deelnemer may be consulted (the workflow checks which); the FG oversees.
  'avgverzoek.behandelen': alle(ALLE_TYPEN, ['contactpunt']),
  'avgverzoek.consulteren': alle(ALLE_TYPEN, GEWOON),
  'avgverzoek.register': alle(ALLE_TYPEN, ['contactpunt', 'fg']),
  // TopX-lijsten (WGS 2.32): the overheidsdeelnemers decide; the procesregie reads along; whoever was asked answers.
  'topx.lijst.beheren': alle(['OVERHEID'], GEWOON),
  'topx.raadplegen': [...alle(['OVERHEID'], GEWOON), ...alle(['PRIVAAT'], ['procesregisseur'])],
  'topx.aanmelden': alle(['OVERHEID'], GEWOON),
  'topx.gegevens.vragen': alle(['OVERHEID'], GEWOON),
  'topx.gegevens.verstrekken': alle(ALLE_TYPEN, GEWOON),
  'topx.beslissen': alle(['OVERHEID'], GEWOON),
  // RIEC afstemming (WGS 1.7): the overheidsdeelnemers in the casus and the procesregisseur.
  'casus.riec.afstemmen': [...alle(['OVERHEID'], GEWOON, BETROKKEN), ...alle(ALLE_TYPEN, ['procesregisseur'])],
  // The FG's investigation into a casus (AVG 38 lid 2; Prot. 24.4).
  'casus.toezicht': alle(ALLE_TYPEN, ['fg']),
  // Klachten (Awb 9; Afspr. 14.9): the Contactpunt registers and handles them, a deelnemer involved reacts, the FG
  // sees the register.
  'klacht.registreren': alle(ALLE_TYPEN, ['contactpunt']),
  'klacht.behandelen': alle(ALLE_TYPEN, ['contactpunt']),
  'klacht.reageren': alle(ALLE_TYPEN, GEWOON),
  'klacht.register': alle(ALLE_TYPEN, ['contactpunt', 'fg']),
  // Figures without personal data for those who run, steer and oversee the ZVH; the FG's audit exports.
  'managementinformatie.raadplegen': alle(ALLE_TYPEN, ['netwerkmanager', 'stuurgroep', 'fg']),
  'toezicht.exporteren': alle(ALLE_TYPEN, ['fg']),
};

const actor = (deelnemerType: DeelnemerType, rollen: Rol[]): Actor => ({
  medewerkerId: '00000000-0000-4000-8000-00000000000a',
  deelnemerId: 'd',
  deelnemerType,
  rollen,
});

const cases = acties.flatMap((actie) =>
  typen.flatMap((type) =>
    rolProfielen.flatMap(([naam, rollen]) =>
      relaties.map((relatie) => [actie, `${type}/${naam}/${relatie}`, type, rollen, relatie] as const),
    ),
  ),
);

test.each(cases)('%s by %s', (actie, key, type, rollen, relatie: Relatie) => {
  // Phase-bound actions are judged here in a phase where they are possible; phases are tested below. Reading, in the
  // casusoverleg: its rule for the phases of intake and triage is in the read matrix below.
  const fase = beleid[actie].fasen?.[0] ?? (actie === 'casus.raadplegen' ? 'CASUSOVERLEG' : 'AANMELDING');
  const oordeel = beoordeel(actie, { actor: actor(type, rollen), relatie, fase });
  expect(oordeel.toegestaan).toBe(toegestaan[actie].includes(key));
  if (!oordeel.toegestaan) expect(oordeel.code).toBe('NIET_BEVOEGD');
});

// Per decision, the phases in which it can be taken (SPEC §2), written out; every other phase is a 409.
const fasenVan: Partial<Record<Actie, string[]>> = {
  'casus.intakebesluit': ['AANMELDING'],
  'casus.eindbeoordeling': ['TRIAGE'],
  'casus.selectie': ['SELECTIE_DEELNEMERS', 'CASUSOVERLEG'],
  'casus.informatie.vragen': ['TRIAGE', 'CASUSOVERLEG'],
  'casus.gegevens.verstrekken': ['TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG'],
  'casus.planvanaanpak': ['CASUSOVERLEG'],
  'casus.incidenteel.uitnodigen': ['SELECTIE_DEELNEMERS', 'CASUSOVERLEG'],
  'casus.incidenteel.verstrekken': ['CASUSOVERLEG'],
  'casus.afsluiten': ['CASUSOVERLEG'],
  'casus.heropenen': ['AFGESCHAALD'],
  'casus.afscherming.opheffen': ['AFGESCHERMD'],
  'casus.verlengen': ['TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG', 'AFGESCHAALD', 'AFGESCHERMD'],
  'casus.verlenging.akkoord': ['TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG', 'AFGESCHAALD', 'AFGESCHERMD'],
  'casus.procesregie.nemen': ['AANMELDING', 'TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG', 'AFGESCHAALD'],
  'casus.medewerker.aanwijzen': ['AANMELDING', 'TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG', 'AFGESCHAALD'],
  'casus.riec.afstemmen': ['TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG'],
};
/** Who may do the role-bound actions at all, so that only their phases are judged below. */
const rollenVoor: Partial<Record<Actie, Rol[]>> = {
  'casus.afscherming.opheffen': ['systeembeheerder'],
  'casus.procesregie.nemen': ['procesregisseur'],
};
const faseGevallen = Object.entries(fasenVan).flatMap(([actie, fasen]) =>
  casusFasen.map((fase) => [actie as Actie, fase, fasen.includes(fase)] as const),
);

test.each(faseGevallen)('%s in phase %s: allowed %s', (actie, fase, mag) => {
  const wie = actor('OVERHEID', rollenVoor[actie] ?? []);
  const oordeel = beoordeel(actie, { actor: wie, fase, relatie: 'GESELECTEERD' });
  expect(oordeel).toEqual(
    mag ? { toegestaan: true } : expect.objectContaining({ toegestaan: false, code: 'VERKEERDE_FASE' }),
  );
});

test('exactly the listed actions are tied to casus phases', () => {
  const gebonden = acties.filter((a) => beleid[a].fasen !== undefined).sort();
  expect(gebonden).toEqual(Object.keys(fasenVan).sort());
});

test('a refusal for the deelnemer comes before one for the phase', () => {
  expect(beoordeel('casus.intakebesluit', { actor: actor('PRIVAAT', []), fase: 'TRIAGE' })).toMatchObject({
    code: 'NIET_BEVOEGD',
  });
});

test('every expected combination names a real actor profile', () => {
  const keys = new Set(cases.map(([, key]) => key));
  for (const lijst of Object.values(toegestaan)) for (const key of lijst) expect(keys).toContain(key);
});

test('Afspr. 12.2 option 1: when the ZVH chose so, the procesregisseur takes intake and final assessment, nothing else', () => {
  const regie = actor('PRIVAAT', ['procesregisseur']);
  for (const actie of ['casus.intakebesluit', 'casus.eindbeoordeling'] as const) {
    const fase = beleid[actie].fasen?.[0];
    expect(beoordeel(actie, { actor: regie, fase })).toMatchObject({ toegestaan: false, code: 'NIET_BEVOEGD' });
    expect(beoordeel(actie, { actor: regie, fase, procesregisseurBeoordeelt: true })).toEqual({ toegestaan: true });
    expect(beoordeel(actie, { actor: actor('PRIVAAT', []), fase, procesregisseurBeoordeelt: true })).toMatchObject({
      toegestaan: false,
    });
    expect(
      beoordeel(actie, { actor: actor('PRIVAAT', ['procesregisseur', 'fg']), fase, procesregisseurBeoordeelt: true }),
    ).toMatchObject({ toegestaan: false });
  }
  expect(
    beoordeel('casus.afsluiten', {
      actor: regie,
      fase: 'CASUSOVERLEG',
      relatie: 'GESELECTEERD',
      procesregisseurBeoordeelt: true,
    }),
  ).toMatchObject({ toegestaan: false });
  expect(
    beoordeel('casus.selectie', { actor: regie, fase: 'SELECTIE_DEELNEMERS', procesregisseurBeoordeelt: true }),
  ).toMatchObject({ toegestaan: false });
});

// The read rule per phase, from a casus' access set (Prot. 9.6; Handvat 4.5 lid 4-5): for each medewerker profile
// what it sees [while the intake and the final assessment are open (AANMELDING, TRIAGE), in every later phase]. From
// AFGESCHERMD on the API shows whoever may read only the admin set (api/casus-view.ts).
const toegang: CasusToegang = {
  aanmelderDeelnemerId: 'aanmelder',
  geselecteerdeDeelnemers: ['geselecteerd'],
  leveranciers: ['leverancier', 'aanmelder'],
  casusregisseurDeelnemerId: 'casusregie',
  procesregisseurMedewerkerId: 'regisseur-van-de-casus',
  aanwijzingen: ['aanmelder', 'geselecteerd', 'casusregie', 'leverancier', 'onbetrokken'].map((d) => ({
    medewerkerId: `aangewezen-${d}`,
    deelnemerId: d,
  })),
};
const leesProfielen: Record<string, [Inzage | null, Inzage | null]> = {
  'OVERHEID/aanmelder/aangewezen': ['VOLLEDIG', 'VOLLEDIG'],
  // Its deelnemer provided items too: it sees them, as every provider does its own.
  'OVERHEID/aanmelder/niet-aangewezen': ['BEOORDELING', 'EIGEN_BIJDRAGE'],
  'OVERHEID/geselecteerd/aangewezen': ['VOLLEDIG', 'VOLLEDIG'],
  'OVERHEID/geselecteerd/niet-aangewezen': ['BEOORDELING', null],
  'OVERHEID/casusregie/aangewezen': ['VOLLEDIG', 'VOLLEDIG'],
  'OVERHEID/casusregie/niet-aangewezen': ['BEOORDELING', null],
  'OVERHEID/leverancier/aangewezen': ['BEOORDELING', 'EIGEN_BIJDRAGE'],
  'OVERHEID/leverancier/niet-aangewezen': ['BEOORDELING', 'EIGEN_BIJDRAGE'],
  // A designation in a casus its deelnemer has no part in gives nothing (the API never records one).
  'OVERHEID/onbetrokken/aangewezen': ['BEOORDELING', null],
  'OVERHEID/onbetrokken/niet-aangewezen': ['BEOORDELING', null],
  'PRIVAAT/aanmelder/aangewezen': ['VOLLEDIG', 'VOLLEDIG'],
  'PRIVAAT/aanmelder/niet-aangewezen': ['EIGEN_BIJDRAGE', 'EIGEN_BIJDRAGE'],
  'PRIVAAT/geselecteerd/aangewezen': ['VOLLEDIG', 'VOLLEDIG'],
  'PRIVAAT/geselecteerd/niet-aangewezen': [null, null],
  'PRIVAAT/casusregie/aangewezen': ['VOLLEDIG', 'VOLLEDIG'],
  'PRIVAAT/casusregie/niet-aangewezen': [null, null],
  'PRIVAAT/leverancier/aangewezen': ['EIGEN_BIJDRAGE', 'EIGEN_BIJDRAGE'],
  'PRIVAAT/leverancier/niet-aangewezen': ['EIGEN_BIJDRAGE', 'EIGEN_BIJDRAGE'],
  'PRIVAAT/onbetrokken/aangewezen': [null, null],
  'PRIVAAT/onbetrokken/niet-aangewezen': [null, null],
  'PRIVAAT/procesregisseur van de casus': ['VOLLEDIG', 'VOLLEDIG'],
  'PRIVAAT/een andere procesregisseur': [null, null],
  'OVERHEID/fg, aangewezen aanmelder': [null, null],
};
const leesActor = (profiel: string): Actor => {
  const [type, deelnemer, aanwijzing] = profiel.split('/') as [DeelnemerType, string, string | undefined];
  const wie = (medewerkerId: string, deelnemerId: string, rollen: Rol[] = []): Actor => ({
    medewerkerId,
    deelnemerId,
    deelnemerType: type,
    rollen,
  });
  if (deelnemer === 'procesregisseur van de casus') return wie('regisseur-van-de-casus', 'zvh', ['procesregisseur']);
  if (deelnemer === 'een andere procesregisseur') return wie('regisseur', 'zvh', ['procesregisseur']);
  if (deelnemer.startsWith('fg')) return wie('aangewezen-aanmelder', 'aanmelder', ['fg']);
  return wie(aanwijzing === 'aangewezen' ? `aangewezen-${deelnemer}` : `collega-${deelnemer}`, deelnemer);
};
const beoordelingsFasen = new Set<CasusFase>(['AANMELDING', 'TRIAGE']);
const leesGevallen = Object.entries(leesProfielen).flatMap(([profiel, [tijdensBeoordeling, daarna]]) =>
  casusFasen.map((fase) => [profiel, fase, beoordelingsFasen.has(fase) ? tijdensBeoordeling : daarna] as const),
);

test.each(leesGevallen)('casus.raadplegen by %s in phase %s: %s', (profiel, fase, verwacht) => {
  const wie = leesActor(profiel);
  const ctx = { actor: wie, fase, relatie: relatieVolgensToegang(wie, toegang, 'MEDEWERKER') };
  expect(inzageVoor(ctx)).toBe(verwacht);
  expect(beoordeel('casus.raadplegen', ctx).toegestaan).toBe(verwacht !== null);
});

test('authorised per deelnemer, every medewerker of a deelnemer in the casus sees what a designated one sees', () => {
  for (const profiel of Object.keys(leesProfielen).filter((p) => p.endsWith('/niet-aangewezen'))) {
    const wie = leesActor(profiel);
    const relatie = relatieVolgensToegang(wie, toegang, 'DEELNEMER');
    const ctx = { actor: wie, fase: 'CASUSOVERLEG' as const, relatie };
    const alsAangewezen = leesProfielen[profiel.replace('niet-aangewezen', 'aangewezen')]?.[1];
    expect(inzageVoor(ctx)).toBe(alsAangewezen);
  }
});

test('Afspr. 12.2 option 1: the procesregisseur who assesses sees the aanmelding and the triage', () => {
  const regie = actor('PRIVAAT', ['procesregisseur']);
  const zonder = { actor: regie, relatie: 'GEEN' as const };
  expect(inzageVoor({ ...zonder, fase: 'TRIAGE', procesregisseurBeoordeelt: true })).toBe('BEOORDELING');
  expect(inzageVoor({ ...zonder, fase: 'TRIAGE' })).toBeNull();
  expect(inzageVoor({ ...zonder, fase: 'AFGESCHAALD', procesregisseurBeoordeelt: true })).toBeNull();
});

test('toegestaneActies: what the caller may do with the casus now is what beoordeel allows in its phase', () => {
  const overheid = actor('OVERHEID', []);
  expect(toegestaneActies({ actor: overheid, fase: 'AANMELDING', relatie: 'GEEN' })).toEqual(['casus.intakebesluit']);
  expect(toegestaneActies({ actor: actor('PRIVAAT', []), fase: 'AANMELDING', relatie: 'AANMELDER' })).toEqual([
    'casus.medewerker.aanwijzen',
  ]);
  const inOverleg = toegestaneActies({ actor: overheid, fase: 'CASUSOVERLEG', relatie: 'GESELECTEERD' });
  expect(inOverleg).toEqual(expect.arrayContaining(['casus.planvanaanpak', 'casus.afsluiten', 'casus.selectie']));
  expect(inOverleg).not.toContain('casus.heropenen');
  expect(toegestaneActies({ actor: actor('OVERHEID', ['fg']), fase: 'CASUSOVERLEG', relatie: 'GESELECTEERD' })).toEqual(
    [],
  );
});

test('inzageVoor: the FG reads a casus only through an open investigation of its own, and then all of it', () => {
  const fg = actor('OVERHEID', ['fg']);
  for (const fase of casusFasen) {
    expect(inzageVoor({ actor: fg, fase, relatie: 'GEEN', toezichtOnderzoek: true })).toBe('TOEZICHT');
    expect(inzageVoor({ actor: fg, fase, relatie: 'GESELECTEERD' })).toBeNull();
  }
  // An investigation gives nobody else anything: not an operator, not a medewerker.
  expect(
    inzageVoor({ actor: actor('OVERHEID', ['operator']), fase: 'CASUSOVERLEG', toezichtOnderzoek: true }),
  ).toBeNull();
  expect(
    inzageVoor({ actor: actor('OVERHEID', []), fase: 'CASUSOVERLEG', relatie: 'GEEN', toezichtOnderzoek: true }),
  ).toBeNull();
});
