import { acties, beoordeel, relaties, type Actie, type Relatie } from '../../domain/autorisatie';
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
];
const typen: DeelnemerType[] = ['OVERHEID', 'PRIVAAT'];

// One line per action: which "TYPE/rol/RELATIE" combinations are allowed (all others are refused).
const toegestaan: Record<Actie, string[]> = {
  'casus.aanmelden': [
    'OVERHEID/-/AANMELDER', 'OVERHEID/-/GEEN', 'OVERHEID/procesregisseur/AANMELDER', 'OVERHEID/procesregisseur/GEEN',
    'PRIVAAT/-/AANMELDER', 'PRIVAAT/-/GEEN', 'PRIVAAT/procesregisseur/AANMELDER', 'PRIVAAT/procesregisseur/GEEN',
    'OVERHEID/systeembeheerder/AANMELDER', 'OVERHEID/systeembeheerder/GEEN', 'PRIVAAT/systeembeheerder/AANMELDER', 'PRIVAAT/systeembeheerder/GEEN',
  ],
  'casus.raadplegen': [
    'OVERHEID/-/AANMELDER', 'OVERHEID/-/GEEN', 'OVERHEID/procesregisseur/AANMELDER', 'OVERHEID/procesregisseur/GEEN',
    'PRIVAAT/-/AANMELDER', 'PRIVAAT/procesregisseur/AANMELDER', 'PRIVAAT/procesregisseur/GEEN',
    'OVERHEID/systeembeheerder/AANMELDER', 'OVERHEID/systeembeheerder/GEEN', 'PRIVAAT/systeembeheerder/AANMELDER',
  ],
  'casus.intakebesluit': [
    'OVERHEID/-/AANMELDER', 'OVERHEID/-/GEEN', 'OVERHEID/procesregisseur/AANMELDER', 'OVERHEID/procesregisseur/GEEN',
    'OVERHEID/systeembeheerder/AANMELDER', 'OVERHEID/systeembeheerder/GEEN',
  ],
  'auditlog.raadplegen': ['OVERHEID/fg/AANMELDER', 'OVERHEID/fg/GEEN', 'PRIVAAT/fg/AANMELDER', 'PRIVAAT/fg/GEEN'],
  'codec.gebruiken': ['OVERHEID/operator/AANMELDER', 'OVERHEID/operator/GEEN', 'PRIVAAT/operator/AANMELDER', 'PRIVAAT/operator/GEEN'],
  'register.beheren': ['OVERHEID/systeembeheerder/AANMELDER', 'OVERHEID/systeembeheerder/GEEN', 'PRIVAAT/systeembeheerder/AANMELDER', 'PRIVAAT/systeembeheerder/GEEN'],
};

const actor = (deelnemerType: DeelnemerType, rollen: Rol[]): Actor => ({ medewerkerId: '00000000-0000-4000-8000-00000000000a', deelnemerId: 'd', deelnemerType, rollen });

const cases = acties.flatMap((actie) =>
  typen.flatMap((type) => rolProfielen.flatMap(([naam, rollen]) => relaties.map((relatie) => [actie, `${type}/${naam}/${relatie}`, type, rollen, relatie] as const))),
);

test.each(cases)('%s by %s', (actie, key, type, rollen, relatie: Relatie) => {
  // Phase-bound actions are judged here in a phase where they are possible; phases are tested below.
  const oordeel = beoordeel(actie, { actor: actor(type, rollen), relatie, fase: 'AANMELDING' });
  expect(oordeel.toegestaan).toBe(toegestaan[actie].includes(key));
  if (!oordeel.toegestaan) expect(oordeel.code).toBe('NIET_BEVOEGD');
});

test.each(casusFasen)('an intake decision in phase %s', (fase) => {
  const oordeel = beoordeel('casus.intakebesluit', { actor: actor('OVERHEID', []), fase });
  expect(oordeel).toEqual(fase === 'AANMELDING' ? { toegestaan: true } : expect.objectContaining({ toegestaan: false, code: 'VERKEERDE_FASE' }));
});

test('a refusal for the deelnemer comes before one for the phase', () => {
  expect(beoordeel('casus.intakebesluit', { actor: actor('PRIVAAT', []), fase: 'TRIAGE' })).toMatchObject({ code: 'NIET_BEVOEGD' });
});

test('every expected combination names a real actor profile', () => {
  const keys = new Set(cases.map(([, key]) => key));
  for (const lijst of Object.values(toegestaan)) for (const key of lijst) expect(keys).toContain(key);
});
