import type { Toegang } from '../../api/endpoints';
import { acties } from '../../domain/autorisatie';
import { appRoutes } from '../support/routes';

// Every route of the API is declared with its policy action (or as public), and this list is the complete API:
// a new endpoint fails here until it is declared and listed, so it cannot bypass domain/autorisatie.ts.
const expected: Record<string, Toegang> = {
  'GET /health': 'publiek',
  'POST /casussen': 'casus.aanmelden',
  'GET /casussen/:id': 'casus.raadplegen',
  'POST /casussen/import': 'casus.importeren',
  'POST /casussen/:id/intake-besluit': 'casus.intakebesluit',
  'POST /casussen/:id/eindbeoordeling': 'casus.eindbeoordeling',
  'POST /casussen/:id/selectie': 'casus.selectie',
  'POST /casussen/:id/informatieverzoeken': 'casus.informatie.vragen',
  'POST /casussen/:id/gegevens': 'casus.gegevens.verstrekken',
  'POST /casussen/:id/plan-van-aanpak': 'casus.planvanaanpak',
  'POST /casussen/:id/incidentele-deelnemers': 'casus.incidenteel.uitnodigen',
  'POST /casussen/:id/incidentele-deelnemers/:deelnemerId/verstrekkingen': 'casus.incidenteel.verstrekken',
  'POST /casussen/:id/afsluiting': 'casus.afsluiten',
  'POST /casussen/:id/heropening': 'casus.heropenen',
  'POST /casussen/:id/afscherming-opheffing': 'casus.afscherming.opheffen',
  'POST /casussen/:id/verlenging': 'casus.verlengen',
  'POST /casussen/:id/procesregie': 'casus.procesregie.nemen',
  'POST /bekendheidscheck': 'bekendheidscheck.uitvoeren',
  'GET /legal-holds': 'legalhold.beheren',
  'POST /legal-holds': 'legalhold.beheren',
  'POST /legal-holds/:id/opheffing': 'legalhold.beheren',
  'GET /auditlog': 'auditlog.raadplegen',
  'GET /verstrekkingsregistraties': 'verstrekkingsregistratie.raadplegen',
  'POST /codec/decode': 'codec.gebruiken',
  'POST /codec/encode': 'codec.gebruiken',
  'GET /deelnemers': 'register.beheren',
  'POST /deelnemers': 'register.beheren',
  'PATCH /deelnemers/:id': 'register.beheren',
  'GET /medewerkers': 'register.beheren',
  'POST /medewerkers': 'register.beheren',
  'PATCH /medewerkers/:id': 'register.beheren',
  'GET /koppelingen': 'koppeling.beheren',
  'POST /koppelingen': 'koppeling.beheren',
  'PATCH /koppelingen/:id': 'koppeling.beheren',
  'GET /informatieplicht': 'informatieplicht.raadplegen',
  'GET /informatieplicht/:id': 'informatieplicht.raadplegen',
  'GET /informatieplicht/:id/brief': 'informatieplicht.raadplegen',
  'POST /informatieplicht/:id/verstrekt': 'informatieplicht.afhandelen',
  'POST /informatieplicht/:id/uitstel': 'informatieplicht.afhandelen',
  'POST /informatieplicht/:id/hertoetsing': 'informatieplicht.afhandelen',
  'POST /datalekken': 'datalek.melden',
  'GET /datalekken': 'datalek.raadplegen',
  'GET /datalekken/:id': 'datalek.raadplegen',
  'POST /datalekken/:id/beoordeling': 'datalek.behandelen',
  'POST /datalekken/:id/ap-melding': 'datalek.behandelen',
  'POST /datalekken/:id/betrokkenen-besluit': 'datalek.behandelen',
  'POST /datalekken/:id/afsluiting': 'datalek.behandelen',
  'GET /datalekregister': 'datalekregister.raadplegen',
  'POST /avg-verzoeken': 'avgverzoek.behandelen',
  'GET /avg-verzoeken': 'avgverzoek.behandelen',
  'GET /avg-verzoeken/register': 'avgverzoek.register',
  'GET /avg-verzoeken/:id': 'avgverzoek.behandelen',
  'GET /avg-verzoeken/:id/inzage': 'avgverzoek.behandelen',
  'POST /avg-verzoeken/:id/consultatie-antwoord': 'avgverzoek.consulteren',
  'POST /avg-verzoeken/:id/herbeoordeling': 'avgverzoek.consulteren',
  'POST /avg-verzoeken/:id/verlenging': 'avgverzoek.behandelen',
  'POST /avg-verzoeken/:id/besluit': 'avgverzoek.behandelen',
  'GET /topx-criteria': 'publiek',
  'GET /topx-criteria.json': 'publiek',
  'POST /topx-lijsten': 'topx.lijst.beheren',
  'GET /topx-lijsten': 'topx.raadplegen',
  'GET /topx-lijsten/:id': 'topx.raadplegen',
  'GET /topx-lijsten/:id/cijfers': 'topx.raadplegen',
  'POST /topx-lijsten/:id/criteria': 'topx.lijst.beheren',
  'POST /topx-lijsten/:id/criteria/:versie/publicatie': 'topx.lijst.beheren',
  'POST /topx-lijsten/:id/vermeldingen': 'topx.aanmelden',
  'GET /topx-lijsten/:id/vermeldingen/:vermeldingId': 'topx.raadplegen',
  'POST /topx-lijsten/:id/vermeldingen/:vermeldingId/informatieverzoeken': 'topx.gegevens.vragen',
  'POST /topx-lijsten/:id/vermeldingen/:vermeldingId/informatieverzoeken/:verzoekId/antwoord': 'topx.gegevens.verstrekken',
  'POST /topx-lijsten/:id/vermeldingen/:vermeldingId/toetsing': 'topx.beslissen',
  'POST /topx-lijsten/:id/vermeldingen/:vermeldingId/review': 'topx.beslissen',
  'POST /topx-lijsten/:id/vermeldingen/:vermeldingId/verwijdering': 'topx.beslissen',
};

test('the API has exactly the listed endpoints, each declared with the listed access', () => {
  expect(appRoutes()).toStrictEqual(expected); // strict: an undeclared route maps to undefined
});

test('every declared action is in the policy, and every policy action has an endpoint', () => {
  const used = new Set(Object.values(expected));
  for (const toegang of used) expect(['publiek', 'koppeling', ...acties]).toContain(toegang);
  for (const actie of acties) expect(used).toContain(actie);
});
