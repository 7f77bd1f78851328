import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import {
  avgBesluitSchema,
  avgVerlengingSchema,
  avgVerzoekSchema,
  consultatieAntwoordSchema,
  herbeoordelingSchema,
} from '../domain/avg-verzoek';
import { aanmeldingSchema, bekendheidscheckSchema, intakeBesluitSchema } from '../domain/casus';
import {
  afsluitingSchema,
  eindbeoordelingSchema,
  gegevenSchema,
  heropeningSchema,
  informatieverzoekSchema,
  planVanAanpakSchema,
  selectieSchema,
  uitnodigingIncidenteelSchema,
  verlengingBesluitSchema,
  verstrekkingSchema,
} from '../domain/casusproces';
import {
  apMeldingSchema,
  betrokkenenBesluitSchema,
  betrokkenenGeinformeerdSchema,
  datalekAfsluitingSchema,
  datalekBeoordelingSchema,
  datalekMeldingSchema,
} from '../domain/datalek';
import { legacyImportSchema } from '../domain/import';
import { miQuerySchema } from '../domain/managementinformatie';
import { klachtAfhandelingSchema, klachtReactieSchema, klachtSchema, klachtVerdagingSchema } from '../domain/klacht';
import {
  afzienSchema,
  hertoetsingSchema,
  uitstelSchema,
  verstrektSchema,
  werklijstFilterSchema,
} from '../domain/informatieplicht';
import { riecAfstemmingSchema, riecBerichtSchema } from '../domain/riec';
import {
  criteriaVersieSchema,
  kandidaatSchema,
  reviewSchema,
  toetsingSchema,
  topxAntwoordSchema,
  topxInformatieverzoekSchema,
  topxLijstSchema,
  verwijderingSchema,
} from '../domain/topx';
import { dutchCalendarDate } from '../infra/calendar';
import { API_BASISPAD, API_VERSIE } from '../infra/api-versie';
import { KOPPELING_HEADERS } from '../infra/ondertekening';
import { aanwijzingSchema, intrekkingParams } from './aanwijzingen';
import { verlengingsakkoordAntwoord } from './verlengingsakkoorden';
import { auditlogQuerySchema } from './audit-routes';
import * as avg from './avg-verzoeken';
import { zvhAntwoordSchema } from './bekendheidscheck-zvh';
import { casusIdParam } from './casus-view';
import { codecBodySchema } from './codec-routes';
import * as datalek from './datalekken';
import * as klacht from './klachten';
import { miAntwoord } from './managementinformatie';
import { querySchema as verstrekkingsregistratieQuery } from './documentatieplicht';
import { importQuery } from './import';
import { idParam as informatieplichtParam } from './informatieplicht';
import * as informatieverzoek from './informatieverzoeken';
import { idParam as koppelingParam, koppelingWijzigingSchema, nieuweKoppelingSchema } from './koppelingen';
import { holdIdParam, legalHoldAntwoord, legalHoldSchema, lijstQuery as legalHoldQuery } from './legal-holds';
import * as register from './register-routes';
import { idParam as topxVerzoekParam } from './topx-verzoeken';
import {
  criteriaVersieAntwoord,
  lijstParam,
  topxLijstAntwoord,
  vermeldingParam,
  versieParam,
  verzoekParam,
} from './topx';
import { toezichtOpeningSchema } from './toezicht';
import * as toezichtExport from './toezicht-export';
import { params as verstrekkingParams } from './verstrekkingen';
import { casusLijstQuery, werkvoorraadQuery } from './werkvoorraad';

/**
 * The API's OpenAPI 3.1 document, generated from the zod schemas the routes validate with (zod-openapi): one
 * declaration per route below, keyed as Express writes the route. test/unit/openapi.test.ts fails for a route of
 * the app without an entry here, and runs the Logius Spectral ruleset (NL API Design Rules) against the result.
 */

type Beveiliging = 'bearer' | 'koppeling' | 'geen';

interface Operatie {
  samenvatting: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success status (default 200). */
  status?: number;
  /** The answer's body; without one a JSON object is documented. */
  antwoord?: z.ZodType;
  /** Other representations of the answer (e.g. a register as CSV, a letter as HTML). */
  mediatypen?: string[];
  beveiliging?: Beveiliging;
}

const leeg = z.strictObject({});
const vandaag = () => dutchCalendarDate(new Date());
const CSV = 'text/csv';
const HTML = 'text/html';

const casus = (samenvatting: string, body: z.ZodType, status = 200): Operatie => ({
  samenvatting,
  tag: 'Casussen',
  params: casusIdParam,
  body,
  status,
});

/** Every route of the API; unversioned paths (the probes) start with `/health`, all others lie under API_BASISPAD. */
export const operaties: Record<string, Operatie> = {
  'GET /health': { samenvatting: 'Postgres en Temporal bereikbaar', tag: 'Gezondheid', beveiliging: 'geen' },
  'GET /health/live': { samenvatting: 'Het API-proces antwoordt', tag: 'Gezondheid', beveiliging: 'geen' },
  'GET /health/ready': { samenvatting: 'Klaar om besluiten te verwerken', tag: 'Gezondheid', beveiliging: 'geen' },
  'GET /openapi.json': { samenvatting: 'Dit OpenAPI-document', tag: 'Documentatie', beveiliging: 'geen' },
  'GET /docs': {
    samenvatting: 'Dit document als webpagina',
    tag: 'Documentatie',
    beveiliging: 'geen',
    mediatypen: [HTML],
  },

  'POST /casussen': { samenvatting: 'Casus aanmelden', tag: 'Casussen', body: aanmeldingSchema, status: 201 },
  'GET /casussen/:id': { samenvatting: 'Casus raadplegen', tag: 'Casussen', params: casusIdParam },
  'GET /casussen': { samenvatting: 'Casussen die u mag zien', tag: 'Casussen', query: casusLijstQuery },
  'GET /werkvoorraad': { samenvatting: 'Uw werkvoorraad', tag: 'Werkvoorraad', query: werkvoorraadQuery },
  'POST /toezichtonderzoeken': {
    samenvatting: 'Toezichtonderzoek openen (FG)',
    tag: 'Toezicht',
    body: toezichtOpeningSchema,
    status: 201,
  },
  'GET /toezichtonderzoeken': { samenvatting: 'Toezichtonderzoeken van de FG', tag: 'Toezicht', query: leeg },
  'GET /toezichtonderzoeken/:id/casus': {
    samenvatting: 'Casus inzien voor een toezichtonderzoek',
    tag: 'Toezicht',
    params: casusIdParam,
  },
  'POST /toezichtonderzoeken/:id/sluiting': {
    samenvatting: 'Toezichtonderzoek sluiten',
    tag: 'Toezicht',
    params: casusIdParam,
    body: leeg,
  },
  'POST /casussen/import': {
    samenvatting: 'Casus uit het vorige systeem importeren',
    tag: 'Casussen',
    query: importQuery,
    body: legacyImportSchema,
    status: 201,
  },
  'POST /casussen/:id/intake-besluit': casus('Intakebesluit', intakeBesluitSchema),
  'POST /casussen/:id/eindbeoordeling': casus('Eindbeoordeling', eindbeoordelingSchema),
  'POST /casussen/:id/selectie': casus('Selectie van deelnemers', selectieSchema),
  'POST /casussen/:id/informatieverzoeken': casus('Informatie vragen', informatieverzoekSchema, 201),
  'POST /casussen/:id/gegevens': casus('Gegevens verstrekken', gegevenSchema, 201),
  'POST /casussen/:id/plan-van-aanpak': casus('Plan van aanpak', planVanAanpakSchema),
  'POST /casussen/:id/incidentele-deelnemers': casus('Incidentele deelnemer uitnodigen', uitnodigingIncidenteelSchema),
  'POST /casussen/:id/incidentele-deelnemers/:deelnemerId/verstrekkingen': {
    samenvatting: 'Verstrekking aan een incidentele deelnemer',
    tag: 'Casussen',
    params: verstrekkingParams,
    body: verstrekkingSchema,
    status: 201,
  },
  'POST /casussen/:id/afsluiting': casus('Casus afsluiten', afsluitingSchema),
  'POST /casussen/:id/heropening': casus('Casus heropenen', heropeningSchema),
  'POST /casussen/:id/afscherming-opheffing': casus('Afscherming opheffen', heropeningSchema),
  'POST /casussen/:id/verlenging': casus('Bewaartermijn verlengen', verlengingBesluitSchema),
  'POST /casussen/:id/verlengingsakkoorden': {
    ...casus('Akkoord van uw deelnemer op een verlenging', leeg, 201),
    antwoord: verlengingsakkoordAntwoord,
  },
  'POST /casussen/:id/verlengingsakkoorden/intrekking': {
    ...casus('Akkoord op een verlenging intrekken', leeg),
    antwoord: verlengingsakkoordAntwoord,
  },
  'POST /casussen/:id/procesregie': casus('Procesregie nemen', leeg),
  'POST /casussen/:id/aanwijzingen': casus('Medewerker aanwijzen', aanwijzingSchema, 201),
  'POST /casussen/:id/aanwijzingen/:medewerkerId/intrekking': {
    samenvatting: 'Aanwijzing intrekken',
    tag: 'Casussen',
    params: intrekkingParams,
    body: leeg,
  },
  'POST /casussen/:id/riec-afstemmingen': casus('Afstemmen met het RIEC', riecAfstemmingSchema, 202),
  'GET /casussen/:id/riec-afstemmingen': { samenvatting: 'RIEC-afstemmingen', tag: 'Casussen', params: casusIdParam },
  'POST /bekendheidscheck': { samenvatting: 'Bekendheidscheck', tag: 'Bekendheidscheck', body: bekendheidscheckSchema },
  'POST /bekendheidscheck/landelijk': {
    samenvatting: "Bekendheidscheck, ook bij andere ZVH's",
    tag: 'Bekendheidscheck',
    body: bekendheidscheckSchema,
  },

  'POST /koppeling/bekendheidscheck': {
    samenvatting: 'Bekendheidscheck van een ander ZVH',
    tag: 'Koppelingen',
    body: bekendheidscheckSchema,
    antwoord: zvhAntwoordSchema,
    beveiliging: 'koppeling',
  },
  'POST /koppeling/riec/berichten': {
    samenvatting: 'Bericht van het RIEC',
    tag: 'Koppelingen',
    body: riecBerichtSchema,
    beveiliging: 'koppeling',
  },
  'POST /koppeling/informatieverzoeken/:id/antwoord': {
    samenvatting: 'Antwoord van een deelnemersysteem op een informatieverzoek',
    tag: 'Koppelingen',
    params: informatieverzoek.idParam,
    body: gegevenSchema,
    status: 201,
    beveiliging: 'koppeling',
  },
  'GET /koppelingen': { samenvatting: 'Koppelingen', tag: 'Beheer', query: leeg },
  'POST /koppelingen': {
    samenvatting: 'Koppeling registreren',
    tag: 'Beheer',
    body: nieuweKoppelingSchema(false),
    status: 201,
  },
  'PATCH /koppelingen/:id': {
    samenvatting: 'Koppeling wijzigen',
    tag: 'Beheer',
    params: koppelingParam,
    body: koppelingWijzigingSchema(false),
  },

  'GET /legal-holds': {
    samenvatting: 'Legal holds',
    tag: 'Archief',
    query: legalHoldQuery,
    antwoord: z.strictObject({ legalHolds: z.array(legalHoldAntwoord) }),
  },
  'POST /legal-holds': {
    samenvatting: 'Legal hold leggen',
    tag: 'Archief',
    body: legalHoldSchema,
    status: 201,
    antwoord: legalHoldAntwoord,
  },
  'POST /legal-holds/:id/opheffing': {
    samenvatting: 'Legal hold opheffen',
    tag: 'Archief',
    params: holdIdParam,
    body: leeg,
    antwoord: legalHoldAntwoord,
  },
  'GET /auditlog': { samenvatting: 'Auditlog', tag: 'Verantwoording', query: auditlogQuerySchema, mediatypen: [CSV] },
  'GET /verstrekkingsregistraties': {
    samenvatting: 'Verstrekkingsregistraties (documentatieplicht)',
    tag: 'Verantwoording',
    query: verstrekkingsregistratieQuery,
  },
  'POST /codec/decode': {
    samenvatting: 'Payloads ontsleutelen (Temporal-codec)',
    tag: 'Beheer',
    body: codecBodySchema,
    antwoord: codecBodySchema,
    status: 200,
  },
  'POST /codec/encode': {
    samenvatting: 'Payloads versleutelen (Temporal-codec)',
    tag: 'Beheer',
    body: codecBodySchema,
    antwoord: codecBodySchema,
    status: 200,
  },
  'GET /deelnemers': {
    samenvatting: 'Deelnemers',
    tag: 'Beheer',
    query: leeg,
    antwoord: z.strictObject({ items: z.array(register.deelnemerAntwoord) }),
  },
  'POST /deelnemers': {
    samenvatting: 'Deelnemer registreren',
    tag: 'Beheer',
    body: register.nieuweDeelnemerSchema,
    status: 201,
    antwoord: register.deelnemerAntwoord,
  },
  'PATCH /deelnemers/:id': {
    samenvatting: 'Deelnemer wijzigen',
    tag: 'Beheer',
    params: register.deelnemerParam,
    body: register.deelnemerWijzigingSchema,
    antwoord: register.deelnemerAntwoord,
  },
  'GET /medewerkers': {
    samenvatting: 'Medewerkers',
    tag: 'Beheer',
    query: register.medewerkersQuery,
    antwoord: z.strictObject({ items: z.array(register.medewerkerAntwoord) }),
  },
  'POST /medewerkers': {
    samenvatting: 'Medewerker registreren',
    tag: 'Beheer',
    body: register.nieuweMedewerkerSchema,
    status: 201,
    antwoord: register.medewerkerAntwoord,
  },
  'PATCH /medewerkers/:id': {
    samenvatting: 'Medewerker wijzigen',
    tag: 'Beheer',
    params: register.medewerkerParam,
    body: register.medewerkerWijzigingSchema,
    antwoord: register.medewerkerAntwoord,
  },

  'GET /informatieverzoeken': {
    samenvatting: 'Informatieverzoeken',
    tag: 'Informatieverzoeken',
    query: informatieverzoek.lijstQuery,
  },
  'GET /informatieverzoeken/:id': {
    samenvatting: 'Informatieverzoek',
    tag: 'Informatieverzoeken',
    params: informatieverzoek.idParam,
  },
  'GET /topx-informatieverzoeken': { samenvatting: 'TopX-informatieverzoeken', tag: 'TopX', query: leeg },
  'GET /topx-informatieverzoeken/:id': {
    samenvatting: 'TopX-informatieverzoek',
    tag: 'TopX',
    params: topxVerzoekParam,
  },

  'GET /informatieplicht': {
    samenvatting: 'Werklijst informatieplicht',
    tag: 'Informatieplicht',
    query: werklijstFilterSchema,
  },
  'GET /informatieplicht/:id': {
    samenvatting: 'Informatieplicht',
    tag: 'Informatieplicht',
    params: informatieplichtParam,
  },
  'GET /informatieplicht/:id/brief': {
    samenvatting: 'Brief aan de betrokkene',
    tag: 'Informatieplicht',
    params: informatieplichtParam,
    mediatypen: [HTML],
  },
  'POST /informatieplicht/:id/verstrekt': {
    samenvatting: 'Informatie verstrekt',
    tag: 'Informatieplicht',
    params: informatieplichtParam,
    body: verstrektSchema,
  },
  'POST /informatieplicht/:id/uitstel': {
    samenvatting: 'Uitstel',
    tag: 'Informatieplicht',
    params: informatieplichtParam,
    body: uitstelSchema,
  },
  'POST /informatieplicht/:id/afzien': {
    samenvatting: 'Afzien van informeren',
    tag: 'Informatieplicht',
    params: informatieplichtParam,
    body: afzienSchema,
  },
  'POST /informatieplicht/:id/hertoetsing': {
    samenvatting: 'Hertoetsing',
    tag: 'Informatieplicht',
    params: informatieplichtParam,
    body: hertoetsingSchema,
  },

  'POST /datalekken': { samenvatting: 'Datalek melden', tag: 'Datalekken', body: datalekMeldingSchema, status: 201 },
  'GET /datalekken': { samenvatting: 'Datalekken', tag: 'Datalekken', query: datalek.lijstQuery },
  'GET /datalekken/:id': { samenvatting: 'Datalek', tag: 'Datalekken', params: datalek.idParam },
  'POST /datalekken/:id/beoordeling': {
    samenvatting: 'Beoordeling',
    tag: 'Datalekken',
    params: datalek.idParam,
    body: datalekBeoordelingSchema,
  },
  'POST /datalekken/:id/ap-melding': {
    samenvatting: 'Melding aan de AP',
    tag: 'Datalekken',
    params: datalek.idParam,
    body: apMeldingSchema,
  },
  'POST /datalekken/:id/betrokkenen-besluit': {
    samenvatting: 'Besluit over het informeren van betrokkenen',
    tag: 'Datalekken',
    params: datalek.idParam,
    body: betrokkenenBesluitSchema,
  },
  'POST /datalekken/:id/betrokkenen-geinformeerd': {
    samenvatting: 'Betrokkenen geïnformeerd',
    tag: 'Datalekken',
    params: datalek.idParam,
    body: betrokkenenGeinformeerdSchema,
  },
  'POST /datalekken/:id/afsluiting': {
    samenvatting: 'Datalek afsluiten',
    tag: 'Datalekken',
    params: datalek.idParam,
    body: datalekAfsluitingSchema,
  },
  'GET /datalekregister': {
    samenvatting: 'Datalekregister',
    tag: 'Datalekken',
    query: datalek.registerQuery,
    mediatypen: [CSV],
  },

  'POST /klachten': {
    samenvatting: 'Klacht registreren',
    tag: 'Klachten',
    body: klachtSchema(vandaag()),
    status: 201,
    antwoord: klacht.klachtAntwoord,
  },
  'GET /klachten': {
    samenvatting: 'Klachten',
    tag: 'Klachten',
    query: klacht.lijstQuery,
    antwoord: klacht.klachtLijstAntwoord,
  },
  'GET /klachten/register': {
    samenvatting: 'Klachtenregister',
    tag: 'Klachten',
    query: klacht.registerQuery,
    antwoord: klacht.klachtRegisterAntwoord,
    mediatypen: [CSV],
  },
  'GET /klachten/:id': {
    samenvatting: 'Klacht',
    tag: 'Klachten',
    params: klacht.idParam,
    antwoord: klacht.klachtAntwoord,
  },
  'POST /klachten/:id/reactie': {
    samenvatting: 'Reactie van een betrokken deelnemer',
    tag: 'Klachten',
    params: klacht.idParam,
    body: klachtReactieSchema,
    status: 201,
    antwoord: z.strictObject({ id: z.uuid(), klachtId: z.uuid() }).meta({ id: 'KlachtReactie' }),
  },
  'POST /klachten/:id/verdaging': {
    samenvatting: 'Afhandeling verdagen',
    tag: 'Klachten',
    params: klacht.idParam,
    body: klachtVerdagingSchema,
    antwoord: klacht.klachtAntwoord,
  },
  'POST /klachten/:id/afhandeling': {
    samenvatting: 'Klacht afhandelen',
    tag: 'Klachten',
    params: klacht.idParam,
    body: klachtAfhandelingSchema,
    antwoord: klacht.klachtAntwoord,
  },

  'GET /managementinformatie': {
    samenvatting: 'Managementinformatie (zonder persoonsgegevens)',
    tag: 'Managementinformatie',
    query: miQuerySchema,
    antwoord: miAntwoord,
    mediatypen: [CSV],
  },

  'GET /toezicht/autorisatiematrix': {
    samenvatting: 'Autorisatiematrix (FG)',
    tag: 'Toezicht',
    query: toezichtExport.exportQuery,
    antwoord: toezichtExport.autorisatiematrixAntwoord,
    mediatypen: [CSV],
  },
  'GET /toezicht/bewaartermijnen': {
    samenvatting: 'Overzicht bewaartermijnen (FG)',
    tag: 'Toezicht',
    query: toezichtExport.exportQuery,
    antwoord: toezichtExport.bewaartermijnenAntwoord,
    mediatypen: [CSV],
  },
  'GET /toezicht/verwerkingsregister': {
    samenvatting: 'Register van verwerkingsactiviteiten (AVG 30)',
    tag: 'Toezicht',
    query: leeg,
    antwoord: toezichtExport.verwerkingsregisterAntwoord,
  },

  'POST /avg-verzoeken': {
    samenvatting: 'AVG-verzoek registreren',
    tag: 'AVG-verzoeken',
    body: avgVerzoekSchema(vandaag()),
    status: 201,
  },
  'GET /avg-verzoeken': { samenvatting: 'AVG-verzoeken', tag: 'AVG-verzoeken', query: avg.lijstQuery },
  'GET /avg-verzoeken/register': {
    samenvatting: 'Register van AVG-verzoeken',
    tag: 'AVG-verzoeken',
    query: avg.registerQuery,
    mediatypen: [CSV],
  },
  'GET /avg-verzoeken/:id': { samenvatting: 'AVG-verzoek', tag: 'AVG-verzoeken', params: avg.idParam },
  'GET /avg-verzoeken/:id/inzage': {
    samenvatting: 'Inzage voor de betrokkene',
    tag: 'AVG-verzoeken',
    params: avg.idParam,
  },
  'POST /avg-verzoeken/:id/consultatie-antwoord': {
    samenvatting: 'Antwoord op een consultatie',
    tag: 'AVG-verzoeken',
    params: avg.idParam,
    body: consultatieAntwoordSchema,
  },
  'POST /avg-verzoeken/:id/herbeoordeling': {
    samenvatting: 'Herbeoordeling',
    tag: 'AVG-verzoeken',
    params: avg.idParam,
    body: herbeoordelingSchema,
  },
  'POST /avg-verzoeken/:id/verlenging': {
    samenvatting: 'Termijn verlengen',
    tag: 'AVG-verzoeken',
    params: avg.idParam,
    body: avgVerlengingSchema,
  },
  'POST /avg-verzoeken/:id/besluit': {
    samenvatting: 'Besluit',
    tag: 'AVG-verzoeken',
    params: avg.idParam,
    body: avgBesluitSchema,
  },

  'GET /topx-criteria': {
    samenvatting: 'Gepubliceerde TopX-criteria',
    tag: 'TopX',
    beveiliging: 'geen',
    mediatypen: [HTML],
  },
  'GET /topx-criteria.json': { samenvatting: 'Gepubliceerde TopX-criteria (JSON)', tag: 'TopX', beveiliging: 'geen' },
  'POST /topx-lijsten': {
    samenvatting: 'TopX-lijst aanmaken',
    tag: 'TopX',
    body: topxLijstSchema,
    status: 201,
    antwoord: topxLijstAntwoord,
  },
  'GET /topx-lijsten': {
    samenvatting: 'TopX-lijsten',
    tag: 'TopX',
    antwoord: z.strictObject({ items: z.array(topxLijstAntwoord) }),
  },
  'GET /topx-lijsten/:id': { samenvatting: 'TopX-lijst', tag: 'TopX', params: lijstParam },
  'GET /topx-lijsten/:id/cijfers': { samenvatting: 'Cijfers van een TopX-lijst', tag: 'TopX', params: lijstParam },
  'POST /topx-lijsten/:id/criteria': {
    samenvatting: 'Nieuwe versie van de criteria',
    tag: 'TopX',
    params: lijstParam,
    body: criteriaVersieSchema,
    status: 201,
    antwoord: criteriaVersieAntwoord,
  },
  'POST /topx-lijsten/:id/criteria/:versie/publicatie': {
    samenvatting: 'Criteria publiceren',
    tag: 'TopX',
    params: versieParam,
    body: leeg,
    antwoord: criteriaVersieAntwoord,
  },
  'POST /topx-lijsten/:id/vermeldingen': {
    samenvatting: 'Kandidaat aanmelden',
    tag: 'TopX',
    params: lijstParam,
    body: kandidaatSchema,
    status: 201,
  },
  'GET /topx-lijsten/:id/vermeldingen/:vermeldingId': {
    samenvatting: 'Vermelding',
    tag: 'TopX',
    params: vermeldingParam,
  },
  'POST /topx-lijsten/:id/vermeldingen/:vermeldingId/informatieverzoeken': {
    samenvatting: 'Gegevens vragen voor een vermelding',
    tag: 'TopX',
    params: vermeldingParam,
    body: topxInformatieverzoekSchema,
    status: 201,
  },
  'POST /topx-lijsten/:id/vermeldingen/:vermeldingId/informatieverzoeken/:verzoekId/antwoord': {
    samenvatting: 'Antwoord op een TopX-informatieverzoek',
    tag: 'TopX',
    params: verzoekParam,
    body: topxAntwoordSchema,
  },
  'POST /topx-lijsten/:id/vermeldingen/:vermeldingId/toetsing': {
    samenvatting: 'Toetsing',
    tag: 'TopX',
    params: vermeldingParam,
    body: toetsingSchema,
  },
  'POST /topx-lijsten/:id/vermeldingen/:vermeldingId/review': {
    samenvatting: 'Review',
    tag: 'TopX',
    params: vermeldingParam,
    body: reviewSchema,
  },
  'POST /topx-lijsten/:id/vermeldingen/:vermeldingId/verwijdering': {
    samenvatting: 'Verwijdering',
    tag: 'TopX',
    params: vermeldingParam,
    body: verwijderingSchema,
  },
};

/** Unversioned: probes, addressed by orchestrators outside the API's contract (api/app.ts). */
export const isOnversioneerd = (route: string): boolean => /^[A-Z]+ \/health(\/|$)/.test(route);

/** RFC 9457, as api/problem.ts writes it; `invalid-params` lists every schema error of a 400 (Logius /all-errors). */
const problemSchema = z
  .object({
    type: z.string().meta({ description: 'URN per soort probleem: urn:zvh-wgs:probleem:<slug>' }),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string(),
    'invalid-params': z
      .array(z.object({ name: z.string(), reason: z.string() }))
      .optional()
      .meta({ description: 'Bij 400: elke ongeldige invoer, met haar pad (name) en de reden.' }),
  })
  .meta({ id: 'Probleem' });

const versieHeader = {
  'API-Version': {
    description: 'De volledige versie van de API (Logius /core/version-header).',
    schema: { type: 'string' as const, example: API_VERSIE },
  },
};

const probleem = (description: string) => ({
  description,
  headers: versieHeader,
  content: { 'application/problem+json': { schema: problemSchema } },
});

function responses(route: string, o: Operatie, beveiliging: Beveiliging): ZodOpenApiOperationObject['responses'] {
  const [methode, pad] = route.split(' ') as [string, string];
  const status = o.status ?? 200;
  const json = o.antwoord ?? z.looseObject({});
  const uit: Record<string, ZodOpenApiResponseObject> = {
    [status]: {
      description: 'Gelukt',
      headers: versieHeader,
      content: {
        'application/json': { schema: json },
        ...Object.fromEntries((o.mediatypen ?? []).map((m) => [m, { schema: { type: 'string' as const } }])),
      },
    },
    400: probleem('Ongeldige invoer: elke fout staat in invalid-params'),
  };
  if (beveiliging !== 'geen') uit[401] = probleem('Niet geauthenticeerd');
  if (beveiliging === 'bearer') uit[403] = probleem('Niet bevoegd');
  if (pad.includes(':')) uit[404] = probleem('Niet gevonden');
  if (methode === 'POST' || methode === 'PATCH') {
    uit[409] = probleem('Past niet bij de huidige stand, of hetzelfde verzoek loopt nog (Idempotency-Key)');
    uit[415] = probleem('Geen application/json');
    uit[422] = probleem('Geweigerd door een regel van de wet of het register, of een hergebruikte Idempotency-Key');
  }
  uit[429] = probleem('Te veel verzoeken');
  uit[500] = probleem('Interne fout');
  uit[503] = probleem('Een afhankelijkheid is tijdelijk niet beschikbaar (Retry-After)');
  return uit;
}

const openApiPad = (pad: string) => pad.replace(/:(\w+)/g, '{$1}');

function operatie(route: string, o: Operatie): ZodOpenApiOperationObject {
  const beveiliging = o.beveiliging ?? 'bearer';
  const security = { bearer: [{ bearer: [] }], koppeling: [{ koppeling: [] }], geen: [] }[beveiliging];
  return {
    operationId: route
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/-$/, '')
      .toLowerCase(),
    summary: o.samenvatting,
    tags: [o.tag],
    security,
    requestParams: { ...(o.params ? { path: o.params } : {}), ...(o.query ? { query: o.query } : {}) },
    ...(o.body ? { requestBody: { required: true, content: { 'application/json': { schema: o.body } } } } : {}),
    responses: responses(route, o, beveiliging),
  };
}

const routePatronen = Object.keys(operaties).map((route) => {
  const [methode, pad] = route.split(' ') as [string, string];
  return { methode, patroon: new RegExp(`^${pad.replace(/:\w+/g, '[^/]+').replace(/\./g, '\\.')}$`), route };
});

/**
 * The documented body of a successful answer to `methode` on `pad` (a path as the client calls it, without the
 * version's base), or undefined when the route documents none: the tests check every answer against it.
 */
export function antwoordVoor(methode: string, pad: string): z.ZodType | undefined {
  const zonderQuery = pad.split('?')[0]!;
  const treffer = routePatronen.find((r) => r.methode === methode && r.patroon.test(zonderQuery));
  return treffer === undefined ? undefined : operaties[treffer.route]!.antwoord;
}

let document: ReturnType<typeof createDocument> | undefined;

/** The document, built once per process (it depends on nothing but the code). */
export function openApiDocument(): ReturnType<typeof createDocument> {
  if (document) return document;
  const paths: ZodOpenApiPathsObject = {};
  for (const [route, o] of Object.entries(operaties)) {
    const [methode, pad] = route.split(' ') as [string, string];
    // Paths outside the version's base carry their own server (OpenAPI path-level servers). So does a file name
    // in the first segment (`/topx-criteria.json`): the Logius kebab-case rule allows a dot only further down.
    const vanafRoot = isOnversioneerd(route) || pad.split('/')[1]?.includes('.') === true;
    const sleutel = openApiPad(isOnversioneerd(route) || !vanafRoot ? pad : `${API_BASISPAD}${pad}`);
    const item = (paths[sleutel] ??= vanafRoot ? { servers: [{ url: '/' }] } : {});
    (item as Record<string, ZodOpenApiOperationObject>)[methode.toLowerCase()] = operatie(route, o);
  }
  document = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'ZVH WGS',
      version: API_VERSIE,
      description:
        'Casusregistratie en procesondersteuning voor een Zorg- en Veiligheidshuis onder de Wet gegevensverwerking ' +
        'door samenwerkingsverbanden. Foutantwoorden zijn RFC 9457-problemen (application/problem+json).',
      contact: { name: 'Functioneel beheer ZVH', email: 'beheer@zvh.example', url: 'https://zvh.example/contact' },
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: API_BASISPAD, description: 'Deze API, versie 1' }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Toegangstoken van de OIDC-provider van het ZVH, met deelnemer en rollen.',
        },
        koppeling: {
          type: 'apiKey',
          in: 'header',
          name: KOPPELING_HEADERS.handtekening,
          description:
            `HMAC-SHA256-handtekening van een geregistreerd partnersysteem over methode, pad, tijd en body, met ` +
            `${KOPPELING_HEADERS.afzender} en ${KOPPELING_HEADERS.tijd} erbij (docs/koppelingen).`,
        },
      },
    },
    paths,
  });
  return document;
}
