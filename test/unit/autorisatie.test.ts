import { acties, beleid, beoordeel, relaties, type Actie, type Relatie } from '../../domain/autorisatie';
import { casusFasen, type Actor, type DeelnemerType } from '../../domain/casus';
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
];
const typen: DeelnemerType[] = ['OVERHEID', 'PRIVAAT'];

/** The "TYPE/rol/RELATIE" keys of every combination of the given types, roles and relations. */
const alle = (types: DeelnemerType[], rols: string[], rels: readonly Relatie[] = relaties) =>
  types.flatMap((t) => rols.flatMap((r) => rels.map((rel) => `${t}/${r}/${rel}`)));
const ALLE_TYPEN = typen;
/** Every role profile except the toezicht/beheer accounts that see no casus content (FG, operator). */
const GEWOON = ['-', 'procesregisseur', 'systeembeheerder', 'archiefbeheerder', 'contactpunt'];
const BETROKKEN: Relatie[] = ['AANMELDER', 'GESELECTEERD'];
/** A provider of data items in the triage, or no relation at all: not in the casusoverleg. */
const NIET_BETROKKEN: Relatie[] = ['LEVERANCIER', 'GEEN'];

// One line per action: which "TYPE/rol/RELATIE" combinations are allowed (all others are refused).
const toegestaan: Record<Actie, string[]> = {
  'casus.aanmelden': alle(ALLE_TYPEN, GEWOON),
  'casus.raadplegen': [...alle(['OVERHEID'], GEWOON), ...alle(['PRIVAAT'], GEWOON, [...BETROKKEN, 'LEVERANCIER']), 'PRIVAAT/procesregisseur/GEEN'],
  'casus.importeren': alle(ALLE_TYPEN, ['systeembeheerder']),
  'casus.intakebesluit': alle(['OVERHEID'], GEWOON),
  'casus.eindbeoordeling': alle(['OVERHEID'], GEWOON),
  'casus.selectie': alle(['OVERHEID'], GEWOON),
  'casus.informatie.vragen': [...alle(['OVERHEID'], GEWOON), ...alle(['PRIVAAT'], ['procesregisseur'])],
  'casus.gegevens.verstrekken': alle(ALLE_TYPEN, GEWOON),
  'informatieverzoek.inzien': alle(ALLE_TYPEN, GEWOON),
  'casus.planvanaanpak': [...alle(ALLE_TYPEN, GEWOON, BETROKKEN), ...alle(ALLE_TYPEN, ['procesregisseur'], NIET_BETROKKEN)],
  'casus.incidenteel.uitnodigen': alle(['OVERHEID'], GEWOON),
  'casus.incidenteel.verstrekken': [...alle(ALLE_TYPEN, GEWOON, BETROKKEN), ...alle(ALLE_TYPEN, ['procesregisseur'], NIET_BETROKKEN)],
  'casus.afsluiten': alle(['OVERHEID'], GEWOON, BETROKKEN),
  'casus.heropenen': alle(['OVERHEID'], GEWOON, BETROKKEN),
  'casus.afscherming.opheffen': alle(ALLE_TYPEN, ['systeembeheerder']),
  'casus.verlengen': alle(['OVERHEID'], GEWOON, BETROKKEN),
  'casus.procesregie.nemen': alle(ALLE_TYPEN, ['procesregisseur']),
  'bekendheidscheck.uitvoeren': alle(ALLE_TYPEN, GEWOON),
  'legalhold.beheren': alle(ALLE_TYPEN, ['archiefbeheerder']),
  'auditlog.raadplegen': alle(ALLE_TYPEN, ['fg']),
  'verstrekkingsregistratie.raadplegen': alle(ALLE_TYPEN, ['fg']),
  'codec.gebruiken': alle(ALLE_TYPEN, ['operator']),
  'register.beheren': alle(ALLE_TYPEN, ['systeembeheerder']),
  'koppeling.beheren': alle(ALLE_TYPEN, ['systeembeheerder']),
  'informatieplicht.raadplegen': alle(ALLE_TYPEN, ['contactpunt']),
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
};

const actor = (deelnemerType: DeelnemerType, rollen: Rol[]): Actor => ({ medewerkerId: '00000000-0000-4000-8000-00000000000a', deelnemerId: 'd', deelnemerType, rollen });

const cases = acties.flatMap((actie) =>
  typen.flatMap((type) => rolProfielen.flatMap(([naam, rollen]) => relaties.map((relatie) => [actie, `${type}/${naam}/${relatie}`, type, rollen, relatie] as const))),
);

test.each(cases)('%s by %s', (actie, key, type, rollen, relatie: Relatie) => {
  // Phase-bound actions are judged here in a phase where they are possible; phases are tested below.
  const oordeel = beoordeel(actie, { actor: actor(type, rollen), relatie, fase: beleid[actie].fasen?.[0] ?? 'AANMELDING' });
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
  'casus.procesregie.nemen': ['AANMELDING', 'TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG', 'AFGESCHAALD'],
  'casus.riec.afstemmen': ['TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG'],
};
/** Who may do the role-bound actions at all, so that only their phases are judged below. */
const rollenVoor: Partial<Record<Actie, Rol[]>> = { 'casus.afscherming.opheffen': ['systeembeheerder'], 'casus.procesregie.nemen': ['procesregisseur'] };
const faseGevallen = Object.entries(fasenVan).flatMap(([actie, fasen]) => casusFasen.map((fase) => [actie as Actie, fase, fasen.includes(fase)] as const));

test.each(faseGevallen)('%s in phase %s: allowed %s', (actie, fase, mag) => {
  const wie = actor('OVERHEID', rollenVoor[actie] ?? []);
  const oordeel = beoordeel(actie, { actor: wie, fase, relatie: 'GESELECTEERD' });
  expect(oordeel).toEqual(mag ? { toegestaan: true } : expect.objectContaining({ toegestaan: false, code: 'VERKEERDE_FASE' }));
});

test('exactly the listed actions are tied to casus phases', () => {
  const gebonden = acties.filter((a) => beleid[a].fasen !== undefined).sort();
  expect(gebonden).toEqual(Object.keys(fasenVan).sort());
});

test('a refusal for the deelnemer comes before one for the phase', () => {
  expect(beoordeel('casus.intakebesluit', { actor: actor('PRIVAAT', []), fase: 'TRIAGE' })).toMatchObject({ code: 'NIET_BEVOEGD' });
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
    expect(beoordeel(actie, { actor: actor('PRIVAAT', []), fase, procesregisseurBeoordeelt: true })).toMatchObject({ toegestaan: false });
    expect(beoordeel(actie, { actor: actor('PRIVAAT', ['procesregisseur', 'fg']), fase, procesregisseurBeoordeelt: true })).toMatchObject({ toegestaan: false });
  }
  expect(beoordeel('casus.afsluiten', { actor: regie, fase: 'CASUSOVERLEG', relatie: 'GESELECTEERD', procesregisseurBeoordeelt: true })).toMatchObject({ toegestaan: false });
  expect(beoordeel('casus.selectie', { actor: regie, fase: 'SELECTIE_DEELNEMERS', procesregisseurBeoordeelt: true })).toMatchObject({ toegestaan: false });
});
