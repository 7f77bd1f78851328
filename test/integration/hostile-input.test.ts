import { createSign, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { METHODS, request } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { importJWK, SignJWT, type JWK } from 'jose';
import { Client, Connection } from '@temporalio/client';
import { CODEC_TOKEN_COOKIE } from '../../api/codec-routes';
import { API_VERSIE } from '../../infra/api-versie';
import { dutchCalendarDate } from '../../infra/calendar';
import { dataConverter, EncryptionCodec, loadPayloadCodecConfig } from '../../infra/codec';
import { createDb, type Db } from '../../infra/db';
import { versleutelKoppelingSleutel } from '../../infra/koppeling-sleutel';
import { KOPPELING_HEADERS, ondertekenHeaders } from '../../infra/ondertekening';
import { bekendheidscheckSchema } from '../../domain/casus';
import { aanmelding, createMedewerker, criteria, requireEnv, schermNuAf, tokenFor } from '../support/fixtures';
import { apiPad } from '../support/http';
import { appRoutes } from '../support/routes';

/*
 * Hostile input (issue #6): random and malformed requests at every endpoint, with valid tokens (an overheids- and a
 * private medewerker, an FG, an operator, a systeembeheerder and an archiefbeheerder), invalid tokens and none. The
 * casus ids are this file's casussen in several phases (AANMELDING, TRIAGE, CASUSOVERLEG, AFGESCHAALD, AFGESCHERMD,
 * NIET_IN_BEHANDELING), registered so that valid bodies are accepted now and then and move them on. Properties, for
 * every answer:
 *   - never a 5xx (the stack is healthy, so a 503 is a failure too);
 *   - every 4xx is an RFC 9457 problem (application/problem+json with type, title and the same status);
 *   - the security headers are there;
 *   - a rejected request changes nothing: the casussen, betrokkenen, criteria and (not refused) besluiten of this
 *     file's deelnemers, the phases and dates of those casussen, their selected deelnemers, verlengingen, legal holds
 *     and archive transfers, and the legal holds this file's medewerkers set, are as before; a refused casus decision
 *     leaves no besluit (its record is the audit log). Refused proposals elsewhere (datalekken, AVG-verzoeken, TopX,
 *     informatieplicht) are kept on purpose as GEWEIGERD, so those are not counted.
 *     Likewise the register rows of this file: its deelnemers (and those it creates, `hostile-…`) and their medewerkers.
 * A global legal hold would stop the archiving of every casus in the shared database (other files' too): an accepted
 * one is lifted at once (see `check`), and the valid-shaped hold bodies always name a casus.
 * Requests go out with node:http, not fetch, so that paths are sent exactly as written (no normalisation of `..`).
 * fast-check prints the seed and path of a failure; FUZZ_SEED=<seed> replays a run, FUZZ_RUNS=<n> searches longer.
 */

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const runs = (numRuns: number) => ({ numRuns: process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : numRuns, seed });

let api: URL;
let db: Db;
let connection: Connection;
let overheid: { medewerkerId: string; deelnemerId: string };
let privaat: { medewerkerId: string; deelnemerId: string };
/** The register entries the fuzzer changes (PATCH): nobody acts with them, so their deactivation locks no one out. */
let doelwit: { medewerkerId: string; deelnemerId: string };
let casusId: string;
/** This file's casussen, one per phase the fuzzer starts from (casusId among them). */
let casusIds: string[] = [];
/** A legal hold on casusId, for POST /legal-holds/:id/opheffing. */
let holdId: string;
/** A datalek reported by this file's private medewerker, for the Contactpunt's decisions. */
let datalekId: string;
/** A klacht registered by this file's Contactpunt, naming its private deelnemer, for the actions on it. */
let klachtId: string;
/** When setup ran: a valid AP notification's time (after the discovery, not in the future). */
let setupOp: string;
let encrypted: string;
const tokens: Record<string, string> = {};
// What the API runs with unless the environment says otherwise (infra/config.ts).
const uiOrigin = process.env.TEMPORAL_UI_ORIGIN ?? 'http://127.0.0.1:8233';

// Every endpoint of the API, as path templates; `:id` is filled in by the fuzzer. The first test checks that this is
// the app's complete list of routes, so a new endpoint fails here until it is fuzzed too.
const endpoints = [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/health/live' },
  { method: 'GET', path: '/health/ready' },
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/docs' },
  { method: 'POST', path: '/casussen' },
  { method: 'GET', path: '/casussen/:id' },
  { method: 'POST', path: '/toezichtonderzoeken' },
  { method: 'GET', path: '/toezichtonderzoeken' },
  { method: 'GET', path: '/toezichtonderzoeken/:id/casus' },
  { method: 'POST', path: '/toezichtonderzoeken/:id/sluiting' },
  { method: 'GET', path: '/casussen' },
  { method: 'GET', path: '/werkvoorraad' },
  { method: 'POST', path: '/casussen/:id/intake-besluit' },
  { method: 'GET', path: '/auditlog' },
  { method: 'GET', path: '/verstrekkingsregistraties' },
  { method: 'POST', path: '/codec/decode' },
  { method: 'POST', path: '/codec/encode' },
  { method: 'GET', path: '/deelnemers' },
  { method: 'POST', path: '/deelnemers' },
  { method: 'PATCH', path: '/deelnemers/:id' },
  { method: 'GET', path: '/medewerkers' },
  { method: 'POST', path: '/medewerkers' },
  { method: 'PATCH', path: '/medewerkers/:id' },
  { method: 'GET', path: '/koppelingen' },
  { method: 'POST', path: '/koppelingen' },
  { method: 'PATCH', path: '/koppelingen/:id' },
  { method: 'GET', path: '/informatieverzoeken' },
  { method: 'GET', path: '/informatieverzoeken/:id' },
  { method: 'GET', path: '/topx-informatieverzoeken' },
  { method: 'GET', path: '/topx-informatieverzoeken/:id' },
  { method: 'POST', path: '/koppeling/informatieverzoeken/:id/antwoord' },
  { method: 'POST', path: '/casussen/:id/eindbeoordeling' },
  { method: 'POST', path: '/casussen/:id/selectie' },
  { method: 'POST', path: '/casussen/:id/informatieverzoeken' },
  { method: 'POST', path: '/casussen/:id/gegevens' },
  { method: 'POST', path: '/casussen/:id/plan-van-aanpak' },
  { method: 'POST', path: '/casussen/:id/incidentele-deelnemers' },
  { method: 'POST', path: '/casussen/:id/incidentele-deelnemers/:deelnemerId/verstrekkingen' },
  { method: 'POST', path: '/casussen/:id/afsluiting' },
  { method: 'POST', path: '/casussen/:id/heropening' },
  { method: 'POST', path: '/casussen/:id/afscherming-opheffing' },
  { method: 'POST', path: '/casussen/:id/verlenging' },
  { method: 'POST', path: '/casussen/:id/procesregie' },
  { method: 'POST', path: '/casussen/:id/aanwijzingen' },
  { method: 'POST', path: '/casussen/:id/verlengingsakkoorden' },
  { method: 'POST', path: '/casussen/:id/verlengingsakkoorden/intrekking' },
  { method: 'POST', path: '/casussen/:id/aanwijzingen/:medewerkerId/intrekking' },
  { method: 'POST', path: '/casussen/:id/riec-afstemmingen' },
  { method: 'GET', path: '/casussen/:id/riec-afstemmingen' },
  { method: 'POST', path: '/koppeling/riec/berichten' },
  { method: 'GET', path: '/legal-holds' },
  { method: 'POST', path: '/legal-holds' },
  { method: 'POST', path: '/legal-holds/:id/opheffing' },
  { method: 'POST', path: '/casussen/import' },
  { method: 'POST', path: '/bekendheidscheck' },
  { method: 'POST', path: '/bekendheidscheck/landelijk' },
  { method: 'POST', path: '/koppeling/bekendheidscheck' },
  { method: 'POST', path: '/datalekken' },
  { method: 'GET', path: '/datalekken' },
  { method: 'GET', path: '/datalekken/:id' },
  { method: 'POST', path: '/datalekken/:id/beoordeling' },
  { method: 'POST', path: '/datalekken/:id/ap-melding' },
  { method: 'POST', path: '/datalekken/:id/betrokkenen-besluit' },
  { method: 'POST', path: '/datalekken/:id/betrokkenen-geinformeerd' },
  { method: 'POST', path: '/datalekken/:id/afsluiting' },
  { method: 'GET', path: '/datalekregister' },
  { method: 'GET', path: '/managementinformatie' },
  { method: 'GET', path: '/toezicht/autorisatiematrix' },
  { method: 'GET', path: '/toezicht/bewaartermijnen' },
  { method: 'GET', path: '/toezicht/verwerkingsregister' },
  { method: 'POST', path: '/klachten' },
  { method: 'GET', path: '/klachten' },
  { method: 'GET', path: '/klachten/register' },
  { method: 'GET', path: '/klachten/:id' },
  { method: 'POST', path: '/klachten/:id/reactie' },
  { method: 'POST', path: '/klachten/:id/verdaging' },
  { method: 'POST', path: '/klachten/:id/afhandeling' },
  { method: 'GET', path: '/informatieplicht' },
  { method: 'GET', path: '/informatieplicht/:id' },
  { method: 'GET', path: '/informatieplicht/:id/brief' },
  { method: 'POST', path: '/informatieplicht/:id/verstrekt' },
  { method: 'POST', path: '/informatieplicht/:id/uitstel' },
  { method: 'POST', path: '/informatieplicht/:id/afzien' },
  { method: 'POST', path: '/informatieplicht/:id/hertoetsing' },
  { method: 'POST', path: '/avg-verzoeken' },
  { method: 'GET', path: '/avg-verzoeken' },
  { method: 'GET', path: '/avg-verzoeken/register' },
  { method: 'GET', path: '/avg-verzoeken/:id' },
  { method: 'GET', path: '/avg-verzoeken/:id/inzage' },
  { method: 'POST', path: '/avg-verzoeken/:id/consultatie-antwoord' },
  { method: 'POST', path: '/avg-verzoeken/:id/herbeoordeling' },
  { method: 'POST', path: '/avg-verzoeken/:id/verlenging' },
  { method: 'POST', path: '/avg-verzoeken/:id/besluit' },
  { method: 'GET', path: '/topx-criteria' },
  { method: 'GET', path: '/topx-criteria.json' },
  { method: 'POST', path: '/topx-lijsten' },
  { method: 'GET', path: '/topx-lijsten' },
  { method: 'GET', path: '/topx-lijsten/:id' },
  { method: 'GET', path: '/topx-lijsten/:id/cijfers' },
  { method: 'POST', path: '/topx-lijsten/:id/criteria' },
  { method: 'POST', path: '/topx-lijsten/:id/criteria/:versie/publicatie' },
  { method: 'POST', path: '/topx-lijsten/:id/vermeldingen' },
  { method: 'GET', path: '/topx-lijsten/:id/vermeldingen/:vermeldingId' },
  { method: 'POST', path: '/topx-lijsten/:id/vermeldingen/:vermeldingId/informatieverzoeken' },
  { method: 'POST', path: '/topx-lijsten/:id/vermeldingen/:vermeldingId/informatieverzoeken/:verzoekId/antwoord' },
  { method: 'POST', path: '/topx-lijsten/:id/vermeldingen/:vermeldingId/toetsing' },
  { method: 'POST', path: '/topx-lijsten/:id/vermeldingen/:vermeldingId/review' },
  { method: 'POST', path: '/topx-lijsten/:id/vermeldingen/:vermeldingId/verwijdering' },
] as const;

/** The decisions after the intake, each with a valid body (accepted when the phase and the deelnemer are right). */
const besluitBodies: Record<string, () => unknown> = {
  eindbeoordeling: () => ({ uitkomst: 'VOLDAAN', criteria, motivering: 'Na triage vastgesteld.' }),
  selectie: () => ({ deelnemers: [overheid.deelnemerId], motivering: 'Nodig voor het casusoverleg.' }),
  'incidentele-deelnemers': () => ({
    organisatie: 'Woningcorporatie',
    contactpersoon: 'W. Beheerder',
    reden: 'Huisvesting is deel van het plan.',
    geheimhoudingsverklaring: { getekendOp: '2026-01-05', getekendDoor: 'W. Beheerder' },
  }),
  'plan-van-aanpak': () => ({
    toestandsbeeld: 'Gezamenlijk beeld.',
    interventies: [{ omschrijving: 'Huisbezoek', uitvoerderDeelnemerId: privaat.deelnemerId }],
    casusregisseurDeelnemerId: overheid.deelnemerId,
    afschalingscriteria: 'Stabiel wonen.',
    evaluatiedatum: '2027-03-01',
  }),
  afsluiting: () => ({ uitkomst: 'DOELEN_BEREIKT', motivering: 'De criteria gelden niet meer.' }),
  heropening: () => ({ reden: 'Terugval.' }),
  'afscherming-opheffing': () => ({ reden: 'Terugval.' }),
  verlenging: () => ({
    reden: 'Groot risico op terugval.',
    criteriaGeldenNog: true,
    grootRisicoOpTerugval: true,
    opdrachtVanDeelnemers: true,
  }),
  procesregie: () => ({}),
};

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send the body with chunked transfer encoding instead of a Content-Length. */
  chunked?: boolean;
}

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(r: Req): Promise<Res> {
  return new Promise((ok, fail) => {
    // Framing is explicit: Node's client would send a GET's body without Content-Length, i.e. as a second request.
    const framing =
      r.body === undefined
        ? {}
        : r.chunked
          ? { 'transfer-encoding': 'chunked' }
          : { 'content-length': String(r.body.length) };
    const req = request(
      {
        host: api.hostname,
        port: api.port,
        method: r.method,
        path: apiPad(r.path),
        headers: { ...r.headers, ...framing },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    if (r.body !== undefined && r.chunked) {
      req.write(r.body);
      req.end();
    } else req.end(r.body);
  });
}

const describeReq = (r: Req) =>
  `${r.method} ${r.path.length > 200 ? `${r.path.slice(0, 200)}…` : r.path} ${JSON.stringify({ ...r.headers, authorization: r.headers.authorization?.slice(0, 40) })} body=${r.body?.subarray(0, 200).toString('latin1') ?? '-'}`;

/** What a rejected request must not change, scoped to this file's deelnemers (other files write concurrently). */
async function snapshot(): Promise<string> {
  const ours = [overheid.deelnemerId, privaat.deelnemerId];
  const register = [...ours, doelwit.deelnemerId];
  const medewerkers = [overheid.medewerkerId, privaat.medewerkerId];
  const [row] = await db.$queryRaw<Array<Record<string, unknown>>>`
    SELECT
      (SELECT count(*) FROM casus WHERE aanmelder_deelnemer_id = ANY(${ours}::text[]))::int AS casussen,
      (SELECT coalesce(string_agg(row(id, fase, afsluit_datum, archief_datum, afgeschermd_op, gearchiveerd_op, geanonimiseerd_op, vorige_casus_id, procesregisseur_medewerker_id)::text, ',' ORDER BY id), '') FROM casus
         WHERE aanmelder_deelnemer_id = ANY(${ours}::text[])) AS fasen,
      (SELECT coalesce(string_agg(row(d.casus_id, d.deelnemer_id, d.besluit_id)::text, ',' ORDER BY d.casus_id, d.deelnemer_id), '') FROM casus_deelnemer d
         JOIN casus c ON c.id = d.casus_id WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[])) AS geselecteerd,
      (SELECT coalesce(string_agg(row(v.besluit_id, v.datum, v.situatie, v.akkoord_van)::text, ',' ORDER BY v.besluit_id), '') FROM verlenging v
         JOIN casus c ON c.id = v.casus_id WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[])) AS verlengingen,
      (SELECT coalesce(string_agg(row(h.id, h.casus_id, h.reden, h.ingesteld_door, h.opgeheven_op, h.opgeheven_door)::text, ',' ORDER BY h.id), '') FROM legal_hold h
         LEFT JOIN casus c ON c.id = h.casus_id
         WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[]) OR h.ingesteld_door = ANY(${medewerkers}::uuid[])) AS legal_holds,
      (SELECT coalesce(string_agg(row(a.casus_id, a.locatie, a.sha256)::text, ',' ORDER BY a.casus_id), '') FROM archief_overdracht a
         JOIN casus c ON c.id = a.casus_id WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[])) AS archief,
      (SELECT count(*) FROM betrokkene b JOIN casus c ON c.id = b.casus_id
         WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[]))::int AS betrokkenen,
      (SELECT count(*) FROM besluit WHERE deelnemer_id = ANY(${ours}::text[]))::int AS besluiten,
      (SELECT count(*) FROM plan_van_aanpak p JOIN casus c ON c.id = p.casus_id
         WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[]))::int AS plannen,
      (SELECT count(*) FROM incidentele_deelnemer i JOIN casus c ON c.id = i.casus_id
         WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[]))::int AS incidenteel,
      (SELECT count(*) FROM verstrekking v JOIN casus c ON c.id = v.casus_id WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[]))::int AS verstrekkingen,
      (SELECT count(*) FROM informatieverzoek v JOIN casus c ON c.id = v.casus_id WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[]))::int AS verzoeken,
      (SELECT count(*) FROM gegeven g JOIN casus c ON c.id = g.casus_id WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[]))::int AS gegevens,
      (SELECT count(*) FROM riec_afstemming a JOIN casus c ON c.id = a.casus_id WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[]))::int AS riec_afstemmingen,
      (SELECT count(*) FROM riec_bericht b JOIN casus c ON c.id = b.casus_id WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[]) OR b.koppeling_id LIKE 'hostile-%')::int AS riec_berichten,
      (SELECT coalesce(string_agg(row(d.id, d.afgesloten_op)::text, ',' ORDER BY d.id), '') FROM datalek d WHERE d.melder_deelnemer_id = ANY(${ours}::text[])) AS datalekken,
      (SELECT coalesce(string_agg(row(b.id, b.status)::text, ',' ORDER BY b.id), '') FROM datalek_besluit b JOIN datalek d ON d.id = b.datalek_id
         WHERE d.melder_deelnemer_id = ANY(${ours}::text[]) AND b.status <> 'GEWEIGERD') AS datalekbesluiten,
      (SELECT coalesce(string_agg(row(k.id, k.verdaagd, k.deadline, k.afgehandeld_op)::text, ',' ORDER BY k.id), '') FROM klacht k WHERE k.deelnemer_id = ANY(${ours}::text[])) AS klachten,
      (SELECT coalesce(string_agg(row(h.id, h.status)::text, ',' ORDER BY h.id), '') FROM klacht_handeling h JOIN klacht k ON k.id = h.klacht_id
         WHERE k.deelnemer_id = ANY(${ours}::text[]) AND h.status <> 'GEWEIGERD') AS klachthandelingen,
      (SELECT count(*) FROM verstrekkingsregistratie WHERE verstrekker_deelnemer_id = ANY(${ours}::text[]))::int AS verstrekkingsregistraties,
      (SELECT coalesce(string_agg(row(h.id, h.status)::text, ',' ORDER BY h.id), '') FROM informatieplicht_handeling h JOIN informatieplicht i ON i.id = h.informatieplicht_id
         JOIN casus c ON c.id = i.casus_id WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[]) AND h.status <> 'GEWEIGERD') AS informatieplicht_handelingen,
      (SELECT count(*) FROM criterium_beoordeling k JOIN casus c ON c.id = k.casus_id
         WHERE c.aanmelder_deelnemer_id = ANY(${ours}::text[]))::int AS criteria,
      (SELECT coalesce(string_agg(row(v.id, v.fase, v.deadline, v.afgerond_op)::text, ',' ORDER BY v.id), '') FROM avg_verzoek v WHERE v.deelnemer_id = ANY(${ours}::text[])) AS avg_verzoeken,
      (SELECT coalesce(string_agg(row(c.verzoek_id, c.deelnemer_id, c.uitkomst, c.herbeoordeling_op, c.vervallen_op)::text, ',' ORDER BY c.verzoek_id, c.deelnemer_id), '') FROM avg_consultatie c
         WHERE c.deelnemer_id = ANY(${ours}::text[])) AS avg_consultaties,
      (SELECT count(*) FROM avg_handeling h WHERE h.deelnemer_id = ANY(${ours}::text[]) AND h.status <> 'GEWEIGERD')::int AS avg_handelingen,
      (SELECT coalesce(string_agg(row(l.id, l.naam, l.omschrijving)::text, ',' ORDER BY l.id), '') FROM topx_lijst l
         WHERE l.aangemaakt_door_deelnemer_id = ANY(${ours}::text[])) AS topx_lijsten,
      (SELECT coalesce(string_agg(row(v.id, v.versie, v.criteria, v.ingangsdatum, v.gepubliceerd_op)::text, ',' ORDER BY v.id), '') FROM topx_criteria_versie v
         WHERE v.vastgesteld_door_deelnemer_id = ANY(${ours}::text[])) AS topx_versies,
      (SELECT coalesce(string_agg(row(v.id, v.fase, v.criteria_versie_id, v.achternaam, v.bsn, v.volgende_review_op, v.casus_id, v.verwijderd_op)::text, ',' ORDER BY v.id), '') FROM topx_vermelding v
         WHERE v.aangemeld_door_deelnemer_id = ANY(${ours}::text[])) AS topx_vermeldingen,
      (SELECT coalesce(string_agg(row(r.id, r.status, r.antwoord)::text, ',' ORDER BY r.id), '') FROM topx_informatieverzoek r
         WHERE (r.deelnemer_id = ANY(${ours}::text[]) OR r.aan_deelnemer_id = ANY(${ours}::text[])) AND r.status <> 'GEWEIGERD') AS topx_verzoeken,
      (SELECT count(*) FROM topx_besluit b WHERE b.deelnemer_id = ANY(${ours}::text[]) AND b.status <> 'GEWEIGERD')::int AS topx_besluiten,
      (SELECT coalesce(string_agg(concat_ws('/', id, naam, type, actief, contact_email), ',' ORDER BY id), '') FROM deelnemer
         WHERE id = ANY(${register}::text[]) OR id LIKE 'hostile-%') AS deelnemers,
      (SELECT coalesce(string_agg(concat_ws('/', id, deelnemer_id, naam, actief, screening_soort, screening_datum), ',' ORDER BY id), '') FROM medewerker
         WHERE deelnemer_id = ANY(${register}::text[]) OR deelnemer_id LIKE 'hostile-%') AS medewerkers,
      (SELECT coalesce(string_agg(concat_ws('/', id, naam, soort, deelnemer_id, kanaal, url, email, actief, encode(sleutel, 'hex')), ',' ORDER BY id), '') FROM koppeling
         WHERE id LIKE 'hostile-%') AS koppelingen`;
  return JSON.stringify(row);
}

/** Sends the request and checks every property; returns the answer for further checks. */
async function check(r: Req): Promise<Res> {
  const before = await snapshot();
  const res = await send(r);
  await liftGlobalHold(res);
  const where = `${res.status} for ${describeReq(r)}`;
  if (res.status >= 500) throw new Error(`server error ${where}: ${res.body.subarray(0, 300).toString()}`);
  expectSecurityHeaders(res, where);
  if (res.status >= 400) {
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json'))
      throw new Error(`not a problem (${type}) ${where}: ${res.body.subarray(0, 300).toString()}`);
    if (r.method !== 'HEAD') {
      const p = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
      if (typeof p.type !== 'string' || !/^urn:zvh-wgs:probleem:[a-z0-9-]+$/.test(p.type))
        throw new Error(`problem without a valid type ${where}`);
      if (typeof p.title !== 'string' || p.title.length === 0) throw new Error(`problem without a title ${where}`);
      if (p.status !== res.status) throw new Error(`problem status ${String(p.status)} differs ${where}`);
    }
    const after = await snapshot();
    if (after !== before) throw new Error(`a rejected request changed state ${where}: ${before} → ${after}`);
  }
  return res;
}

/**
 * An accepted POST /legal-holds without a casus sets a global hold, which would stop every casus' archiving in the
 * shared database (other test files' workflows too): lift it at once.
 */
async function liftGlobalHold(res: Res): Promise<void> {
  if (res.status !== 201 || !String(res.headers.location ?? '').startsWith(apiPad('/legal-holds/'))) return;
  const hold = JSON.parse(res.body.toString('utf8')) as { id: string; globaal: boolean };
  if (hold.globaal)
    await db.legalHold.updateMany({
      where: { id: hold.id, opgehevenOp: null },
      data: { opgehevenOp: new Date(), opgehevenDoor: overheid.medewerkerId },
    });
}

function expectSecurityHeaders(res: Res, request: string): void {
  const h = res.headers;
  const where = `${request} (headers ${JSON.stringify(h)})`;
  if (h['x-content-type-options'] !== 'nosniff') throw new Error(`no x-content-type-options: nosniff ${where}`);
  if (!String(h['strict-transport-security'] ?? '').includes('max-age='))
    throw new Error(`no strict-transport-security ${where}`);
  if (h['x-powered-by'] !== undefined) throw new Error(`x-powered-by present ${where}`);
}

// ---- arbitraries ---------------------------------------------------------------------------------------------

const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  '\ufeff',
  '𝕳𝖊𝖑𝖑𝖔 👩‍👩‍👧‍👦',
  '..',
  '../..',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  "' OR 1=1 --",
  '"; DROP TABLE casus; --',
  '${jndi:ldap://x/a}',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '%s%s%s%n',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e999',
  '0x10',
];

/** Any text, from the tame to the nasty: control characters, lone surrogates, very long. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...hostileStrings),
  fc.integer({ min: 4000, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

/** A path segment as a client could send it: percent-encoded, raw ASCII, or broken percent-encoding. */
const segment = fc.oneof(
  {
    weight: 3,
    arbitrary: hostileString
      .filter((s) => s.length < 1500)
      .map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'))),
  },
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => s.replace(/[^\x21-\x7e]/g, '') || 'x'),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '%',
      '%Z',
      '%ZZ',
      '%E0%A4%A',
      '%C0%AF',
      '%FF',
      '%00',
      '%2e%2e',
      '%2e%2e%2f%2e%2e',
      '..%2f..%2f',
      '%252e',
      '.',
      '..',
      '...',
      ';',
      ';a=b',
      '*',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 2500 }).map((n) => 'a'.repeat(n)) },
);

const id = () =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...casusIds) },
    { weight: 1, arbitrary: fc.constantFrom(...casusIds).map((i) => i.toUpperCase()) },
    { weight: 1, arbitrary: fc.constant(holdId) },
    { weight: 2, arbitrary: fc.uuid() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '00000000-0000-0000-0000-000000000000',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
        `${casusId}x`,
        `{${casusId}}`,
        casusId.replace(/-/g, ''),
      ),
    },
    { weight: 3, arbitrary: segment },
  );

const query = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '?',
      '?a=1&a=2',
      '?__proto__[x]=1',
      '?constructor[prototype][x]=1',
      '?a[b][c][d][e][f]=1',
      '?%ZZ=%ZZ',
      `?${'a=1&'.repeat(500)}`,
    ),
  },
  { weight: 1, arbitrary: segment.map((s) => `?q=${s}`) },
);

/** Every endpoint, with hostile ids, suffixes and near-misses of the real paths. */
const path = () =>
  fc
    .oneof(
      {
        weight: 6,
        arbitrary: fc
          .tuple(fc.constantFrom(...endpoints.map((e) => e.path)), id())
          .map(([p, i]) => p.replace(':id', i)),
      },
      { weight: 1, arbitrary: auditQuery().map((q) => `/auditlog${q}`) },
      { weight: 1, arbitrary: fc.tuple(id(), segment).map(([i, s]) => `/casussen/${i}/${s}`) },
      { weight: 1, arbitrary: segment.map((s) => `/${s}`) },
      { weight: 1, arbitrary: fc.array(segment, { maxLength: 3 }).map((s) => `/${s.join('/')}`) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '/',
          '//',
          '/casussen/',
          '//casussen',
          '/CASUSSEN',
          '/Health',
          '/health/',
          '/health/x',
          '/casussen/../health',
          '/casussen/./',
          '/./casussen',
          '/casussen//intake-besluit',
          '/casussen/%2F/intake-besluit',
        ),
      },
    )
    .chain((p) => query.map((q) => p + q));

// Every method Node's HTTP parser accepts; CONNECT is a tunnel request (the server closes it, as it should).
const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'POST') },
  { weight: 2, arbitrary: fc.constantFrom('HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') },
  { weight: 1, arbitrary: fc.constantFrom(...METHODS.filter((m) => m !== 'CONNECT')) },
);

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A token with exactly these claims, signed with the key of the stack's local issuer (infra/local-issuer.ts). */
async function tekenAlsIssuer(claims: Record<string, unknown>): Promise<string> {
  const { privateJwk } = JSON.parse(readFileSync(join(requireEnv('ZVH_TEST_ISSUER_DIR'), 'key.json'), 'utf8')) as {
    privateJwk: JWK;
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid })
    .sign(await importJWK(privateJwk, 'ES256'));
}

/** The Authorization header: valid tokens of both medewerkers, a range of invalid ones, or none at all. */
const authorization = (validWeight = 4) => {
  const valid = fc.constantFrom(
    `Bearer ${tokens.overheid}`,
    `Bearer ${tokens.privaat}`,
    `Bearer ${tokens.fg}`,
    `Bearer ${tokens.operator}`,
    `Bearer ${tokens.beheer}`,
    `Bearer ${tokens.archief}`,
  );
  const invalidTokens = [
    tokens.expired,
    tokens.onbekend,
    tokens.verkeerdeDeelnemer,
    tokens.vreemdeSleutel,
    tokens.vervalst,
    tokens.zonderExp,
    tokens.zonderIat,
    tokens.vijftigJaar,
    tokens.iatInDeToekomst,
    `${b64url({ alg: 'none', typ: 'JWT' })}.${tokens.overheid!.split('.')[1]}.`,
    `${b64url({ alg: 'HS256', typ: 'JWT' })}.${tokens.overheid!.split('.')[1]}.${'A'.repeat(43)}`,
    tokens.overheid!.split('.').slice(0, 2).join('.'),
    'a.b.c',
    '...',
  ].map((t) => `Bearer ${t}`);
  return fc.oneof(
    { weight: validWeight, arbitrary: valid },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constantFrom(...invalidTokens) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'Bearer',
        'Bearer ',
        'bearer x',
        `Basic ${Buffer.from('a:b').toString('base64')}`,
        `Bearer  ${tokens.overheid}`,
        `Bearer ${tokens.overheid} extra`,
        `Bearer ${'A'.repeat(4000)}`,
        'Bearer ===',
        '',
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: 'binary-ascii', maxLength: 200 })
        .map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, '')}`),
    },
  );
};

/** JSON texts of any shape, including deep nesting, huge numbers and prototype-pollution keys. */
const jsonText = fc.oneof(
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }) },
  {
    weight: 2,
    arbitrary: fc
      .anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true })
      .map((v) => JSON.stringify(v) ?? 'null'),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 15_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"a":1e999}',
      '{"a":-1e999}',
      '{"a":123456789012345678901234567890}',
      '{"a":1,"a":2}',
      '"string"',
      '123',
      'true',
      'null',
      '[]',
      '{}',
    ),
  },
);

/** Text with something nasty inside: control characters (NUL), lone surrogates, escape sequences. */
const hostileText = fc.oneof(
  { weight: 1, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 10 }),
        fc.constantFrom('\u0000', '\ud800', '\udfff', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u2028', '\r\n'),
        fc.string({ maxLength: 10 }),
      )
      .map((p) => p.join('')),
  },
);

/** Date-like strings: real and unreal dates, years 0000–9999, other formats. */
const dateLike = fc.oneof(
  fc.constantFrom(
    '0000-01-01',
    '0000-12-31',
    '0001-01-01',
    '2024-02-30',
    '2023-02-29',
    '2024-02-29',
    '9999-12-31',
    '2024-13-01',
    '2024-1-1',
    '20240101',
    '2024-01-01T00:00:00Z',
    '+275760-09-13',
    '-000001-01-01',
  ),
  fc
    .record({
      y: fc.integer({ min: 0, max: 9999 }),
      m: fc.integer({ min: 0, max: 13 }),
      d: fc.integer({ min: 0, max: 32 }),
    })
    .map(({ y, m, d }) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
);

/** A valid body with one thing wrong (or, now and then, nothing wrong at all). */
function mutated(valid: () => unknown): fc.Arbitrary<string> {
  const replacement = fc.oneof(
    hostileText,
    fc.constantFrom(null, true, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, [[[[]]]]),
    dateLike,
    fc.constantFrom(
      '111222333',
      '000000000',
      '123456789',
      '11122233',
      '1112223333',
      '１１１２２２３３３',
      '111 222 333',
    ),
    fc.constantFrom(
      'BETROKKENE',
      'GEZINSLID',
      'VOLDAAN',
      'NIET_VOLDAAN',
      'IN_BEHANDELING',
      'NIET_IN_BEHANDELING',
      'voldaan',
      'ADMIN',
      'GESELECTEERD',
      'HEROPEND',
      'AFGESCHERMD',
    ),
    // Ids: this file's deelnemers and casussen, an unknown deelnemer (mutated is only called in tests, after setup).
    // The unknown one is this file's own: a register body may create it, and no other test file may then find it.
    fc.constantFrom(
      overheid.deelnemerId,
      privaat.deelnemerId,
      doelwit.deelnemerId,
      `hostile-${run}-onbekend`,
      ...casusIds,
    ),
    fc.anything({ maxDepth: 2 }),
  );
  const pollution = fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'id',
    'fase',
    'status',
    'casusId',
    'aanmelderDeelnemerId',
    'medewerkerId',
  );
  const op = fc.oneof(
    { weight: 4, arbitrary: fc.constant('text' as const) },
    { weight: 2, arbitrary: fc.constant('date' as const) },
    { weight: 2, arbitrary: fc.constant('replace' as const) },
    { weight: 1, arbitrary: fc.constant('bsn' as const) },
    { weight: 1, arbitrary: fc.constant('delete' as const) },
    { weight: 1, arbitrary: fc.constant('add' as const) },
    { weight: 1, arbitrary: fc.constant('many' as const) },
    { weight: 1, arbitrary: fc.constant('none' as const) },
  );
  return fc
    .record({
      op,
      pick: fc.nat(),
      replacement,
      text: hostileText,
      date: dateLike,
      bsn: fc.oneof(fc.stringMatching(/^\d{9}$/), fc.string({ maxLength: 12 })),
      key: fc.oneof(pollution, fc.string({ maxLength: 10 })),
      many: fc.integer({ min: 0, max: 60 }),
      everywhere: fc.boolean(),
    })
    .map(({ op, pick, replacement, text, date, bsn, key, many, everywhere }) => {
      const body = structuredClone(valid()) as Record<string, unknown>; // the fixtures share nested objects
      // Every value in the body, as the object or array that holds it and its key.
      const leaves: Array<[Record<string, unknown>, string]> = [];
      const walk = (v: unknown) => {
        if (v && typeof v === 'object') {
          for (const [k, child] of Object.entries(v)) {
            leaves.push([v as Record<string, unknown>, k]);
            walk(child);
          }
        }
      };
      walk(body);
      const strings = leaves.filter(([h, k]) => typeof h[k] === 'string');
      const betrokkene = Array.isArray(body.betrokkenen)
        ? (body.betrokkenen[pick % body.betrokkenen.length] as Record<string, unknown>)
        : undefined;
      const at = <T>(list: T[]) => list[pick % Math.max(list.length, 1)];
      if (op === 'text') {
        const leaf = at(strings);
        if (leaf) leaf[0][leaf[1]] = text;
      }
      if (op === 'replace' || op === 'delete') {
        const leaf = at(leaves);
        if (leaf && op === 'replace') leaf[0][leaf[1]] = replacement;
        if (leaf && op === 'delete') delete leaf[0][leaf[1]];
      }
      if (op === 'date' && betrokkene) betrokkene.geboortedatum = date;
      if (op === 'bsn' && betrokkene) betrokkene.bsn = bsn;
      if (op === 'many' && betrokkene)
        body.betrokkenen = [
          betrokkene,
          ...Array.from({ length: many }, () => ({ rol: 'GEZINSLID', achternaam: 'Jansen' })),
        ];
      let json = JSON.stringify(body);
      // An added key goes in as text, so that "__proto__" becomes a real own key, as JSON.parse makes it.
      if (op === 'add')
        json = json
          .replace(/\{/g, (m, offset: number) =>
            offset === 0 || everywhere ? `{${JSON.stringify(key)}:${JSON.stringify(replacement) ?? 'null'},` : m,
          )
          .replace(/,\}/g, '}');
      return json;
    });
}

const intake = () => ({ uitkomst: 'IN_BEHANDELING', criteria, motivering: 'Criteria aannemelijk.' });
/** A re-aanmelding: the vorige casus is this file's closed (NIET_IN_BEHANDELING) one, or an open one (409). */
const heraanmelding = () => ({ ...aanmelding(), vorigeCasusId: casusIds[casusIds.length - 1] });
/** Always on a casus: a valid body without one would set a global hold (lifted at once by `check`, but still). */
const legalHold = () => ({ casusId: casusIds[0], reden: 'WOB-verzoek' });
/** A datalek discovered an hour before setup, and valid bodies for each of the Contactpunt's decisions on it. */
const datalekMelding = () => ({
  ontdektOp: new Date(Date.parse(setupOp) - 3_600_000).toISOString(),
  omschrijving: 'Map met dossiers op de trein laten liggen.',
  aard: ['VERTROUWELIJKHEID', 'BESCHIKBAARHEID'],
  categorieenGegevens: ['IDENTIFICEREND', 'BIJZONDER'],
  categorieenBetrokkenen: ['BETROKKENE'],
  geschatAantalBetrokkenen: 3,
  versleuteld: false,
  contactpersoon: 'Balie, 030-1111111',
  mogelijkeMaatregelen: 'Map terugvragen bij gevonden voorwerpen.',
  mogelijkeGevolgen: 'Inzage door een vinder.',
  genomenMaatregelen: 'Gevonden voorwerpen gebeld.',
  casusIds: [casusIds[0]],
});
const datalekBodies: Record<string, () => unknown> = {
  beoordeling: () => ({ risico: 'HOOG_RISICO', motivering: 'Bijzondere gegevens.' }),
  'ap-melding': () => ({ gemeldOp: setupOp, meldnummer: 'AP-2026-9', redenVertraging: 'Geen.' }),
  'betrokkenen-besluit': () => ({
    informeren: false,
    uitzondering: 'AVG_34_3_C',
    motivering: 'Onevenredige inspanning; publieke mededeling.',
  }),
  'betrokkenen-geinformeerd': () => ({ geinformeerdOp: setupOp, wijze: 'OPENBARE_MEDEDELING', aantal: 0 }),
  afsluiting: () => ({ feiten: 'Map kwijt.', gevolgen: 'Onbekend.', maatregelen: 'Geen papieren dossiers meer mee.' }),
};

/** A klacht received today, and valid bodies for each action on it. */
const klachtMelding = () => ({
  ontvangenOp: dutchCalendarDate(new Date()),
  kanaal: 'EMAIL',
  klager: { naam: 'K. Lager', adres: 'Postbus 1\n1000 AA Ergens', email: 'klager@example.nl' },
  omschrijving: 'Mijn gegevens zijn zonder reden gedeeld.',
  deelnemerIds: [privaat.deelnemerId],
  casusId: casusIds[0],
});
const klachtBodies: Record<string, () => unknown> = {
  reactie: () => ({ reactie: 'Wij hebben de gegevens op verzoek van de procesregie gedeeld.' }),
  verdaging: () => ({ reden: 'Het onderzoek bij de deelnemer loopt nog.' }),
  afhandeling: () => ({
    oordeel: 'DEELS_GEGROND',
    bevindingen: 'Gedeeld binnen de casus.',
    conclusies: 'Uitleg gegeven.',
  }),
};

// Valid register bodies. New deelnemers get fresh ids under `hostile-` (so the snapshot sees them); a body that is
// accepted unchanged creates one, as it should.
const run = randomUUID().slice(0, 8);
let volgnummer = 0;
const nieuweDeelnemer = () => ({ id: `hostile-${run}-${++volgnummer}`, naam: 'Hostile deelnemer', type: 'PRIVAAT' });
const deelnemerWijziging = () => ({ naam: 'Doelwit', actief: true });
const nieuweMedewerker = () => ({
  naam: 'Hostile Medewerker',
  deelnemerId: doelwit.deelnemerId,
  screening: { soort: 'VOG', datum: '2026-01-01' },
});
const medewerkerWijziging = () => ({
  naam: 'Doelwit',
  actief: true,
  screening: { soort: 'GELIJKWAARDIG', datum: '2025-06-01' },
});
/** The koppeling the fuzzer changes (created in setup) and valid bodies for new ones (ids under `hostile-`). */
const doelwitKoppeling = `hostile-${run}-koppeling`;
const nieuweKoppeling = () => ({
  id: `hostile-${run}-${++volgnummer}`,
  naam: 'Hostile ZVH',
  soort: 'ZVH',
  kanaal: 'HTTPS',
  url: 'https://zvh.example.nl/api',
});
const koppelingWijziging = () => ({
  naam: 'Doelwit',
  url: 'https://zvh.example.nl/v2',
  actief: false,
  nieuweSleutel: true,
});

/** Bytes that are not (valid UTF-8) JSON. */
const rawBody = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.constantFrom(
    Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
    Buffer.from('{"wettelijkeTaak":"\xe2\x82"}', 'latin1'),
    Buffer.from('{"a":"\xc0\x80"}', 'latin1'),
    Buffer.from('{"a":"\xed\xa0\x80"}', 'latin1'),
    Buffer.from([0x80, 0x81, 0x82]),
    Buffer.from('\ufeff{}', 'utf8'),
    Buffer.from('{}', 'utf16le'),
    Buffer.from(JSON.stringify(aanmelding()), 'utf16le'),
    Buffer.from('{"a":'),
    Buffer.from('{} trailing'),
    Buffer.from('a=1&b=2'),
    Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
    Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'),
    gzipSync(Buffer.from(JSON.stringify(aanmelding()))),
    gzipSync(Buffer.from('not json')),
    Buffer.alloc(0),
    Buffer.alloc(150_000, 0x20),
    Buffer.from(`{"a":"${'x'.repeat(120_000)}"}`),
  ),
  jsonText.map((t) => Buffer.from(t)),
);

const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON; CHARSET=UTF-8',
  'application/json; charset=utf-16',
  'application/json; charset=utf-16le',
  'application/json; charset=utf-32',
  'application/json; charset=utf-7',
  'application/json; charset=utf-bogus',
  'application/json; charset=latin1',
  'application/json; charset="',
  'application/json;;',
  'application/json; charset=utf-8; charset=latin1',
  'application/json, text/plain',
  'application/merge-patch+json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/plain',
  'text/html',
  'application/xml',
  '*/*',
  '',
  ';',
  'json',
);

const contentEncoding = fc.constantFrom(
  undefined,
  undefined,
  undefined,
  'identity',
  'gzip',
  'deflate',
  'br',
  'x-gzip',
  'bogus',
  'gzip, gzip',
  'GZIP',
  'zstd',
);

const extraHeaders = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Record<string, string>>(
        { 'x-forwarded-for': '1.2.3.4' },
        { accept: 'text/html' },
        { accept: 'application/xml' },
        { 'accept-charset': 'utf-16' },
        { 'accept-encoding': 'gzip, br' },
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { origin: uiOrigin },
        { origin: uiOrigin, cookie: `${CODEC_TOKEN_COOKIE}=${tokens.operator}` },
        { origin: uiOrigin, cookie: `${CODEC_TOKEN_COOKIE}=x; ${CODEC_TOKEN_COOKIE}=${tokens.fg}` },
        { cookie: `${CODEC_TOKEN_COOKIE}=${tokens.operator}` },
        { 'x-namespace': 'default' },
        { 'x-namespace': 'andere' },
        { 'x-namespace': '' },
        { 'access-control-request-method': 'POST', origin: uiOrigin },
        { 'x-http-method-override': 'DELETE' },
        { cookie: 'a=b' },
        { range: 'bytes=0-10' },
        { 'if-none-match': '*' },
      ),
    },
  );

/** Query strings for GET /auditlog: its filters with hostile values, repeated, nested and unknown parameters. */
const auditQuery = () => {
  const value = fc.oneof(
    { weight: 3, arbitrary: hostileString.filter((v) => v.length < 500) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '0',
        '1',
        '-1',
        '1000',
        '1001',
        '1e3',
        '0x10',
        'NaN',
        'Infinity',
        '9223372036854775807',
        '9223372036854775808',
        '99999999999999999999',
        '',
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '2026-01-01T00:00:00Z',
        '0000-01-01T00:00:00Z',
        '0001-01-01T00:00:00Z',
        '9999-12-31T23:59:59.999Z',
        '2026-02-30T00:00:00Z',
        '2026-01-01T00:00:00+14:00',
        '2026-01-01T00:00:00-23:59',
        '2026-01-01',
        '1970-01-01T00:00:00Z',
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('TOEGESTAAN', 'GEWEIGERD', 'json', 'csv', 'xml', 'casus.raadplegen', casusId),
    },
    { weight: 1, arbitrary: fc.uuid() },
  );
  const key = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        'van',
        'tot',
        'medewerkerId',
        'deelnemerId',
        'casusId',
        'casusPseudoniem',
        'actie',
        'uitkomst',
        'limiet',
        'na',
        'formaat',
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'van[a]', 'limiet[]', 'zout', 'hash', '') },
  );
  return fc
    .array(fc.tuple(key, value), { maxLength: 6 })
    .map((pairs) =>
      pairs.length
        ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'))}`).join('&')}`
        : '',
    );
};

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');

/** Bodies for the codec: valid payloads (plain and encrypted by the stack's key) with one thing wrong, or any JSON. */
const codecBody = () => {
  const plain = () => ({
    payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify({ casusId })) }],
  });
  const enc = () => ({ payloads: [JSON.parse(encrypted) as unknown] });
  const base64ish = fc.oneof(
    fc.base64String({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString('base64')),
    fc.constantFrom(
      '',
      '=',
      '===',
      'A',
      'AA=',
      '-_',
      '!!',
      b64('binary/encrypted'),
      b64('json/plain'),
      b64('binary/null'),
    ),
  );
  const payload = fc.record(
    {
      metadata: fc.dictionary(
        fc.oneof(
          fc.constantFrom('encoding', 'encryption-key-id', '__proto__', 'constructor', ''),
          fc.string({ maxLength: 20 }),
        ),
        base64ish,
        { maxKeys: 4 },
      ),
      data: base64ish,
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.oneof(mutated(plain), mutated(enc)) },
    { weight: 2, arbitrary: fc.array(payload, { maxLength: 5 }).map((payloads) => JSON.stringify({ payloads })) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1000, max: 1100 })
        .map((n) => JSON.stringify({ payloads: Array.from({ length: n }, () => ({})) })),
    },
    { weight: 2, arbitrary: jsonText },
  );
};

function withHeaders(
  base: Omit<Req, 'headers'>,
  auth: string | undefined,
  type: string | undefined,
  encoding: string | undefined,
  extra: Record<string, string>,
): Req {
  const headers: Record<string, string> = { ...extra };
  if (auth !== undefined) headers.authorization = auth;
  if (type !== undefined) headers['content-type'] = type;
  if (encoding !== undefined) headers['content-encoding'] = encoding;
  return { ...base, headers };
}

// ---- signed partner requests (/koppeling/*) -------------------------------------------------------------------

/** How the fuzzer signs a message to a /koppeling endpoint: only `geldig` is rightly signed with an Idempotency-Key. */
const handtekeningSoort = fc.constantFrom(
  'geen',
  'geldig',
  'geldig',
  'geldig',
  'vreemde-sleutel',
  'onbekende-afzender',
  'verlopen',
  'ander-pad',
  'zonder-idempotency-key',
  'rommel',
);
const rommelHeaders = fc.record({
  afzender: hostileString,
  tijd: fc.oneof(fc.integer().map(String), hostileString),
  handtekening: fc.oneof(fc.constant('v1='), hostileString),
});
const headerTekst = (s: string) => s.replace(/[^\x20-\x7e]/g, '').slice(0, 2000);

function ondertekend(
  soort: string,
  sleutel: Buffer,
  afzender: string,
  pad: string,
  body: string,
  rommel: { afzender: string; tijd: string; handtekening: string },
): Record<string, string> {
  const nu = Math.floor(Date.now() / 1000);
  const getekendPad = apiPad(pad); // what the request's line carries (send)
  const teken = (k: Buffer, van: string, tijd = nu, op = getekendPad) => ({
    ...ondertekenHeaders(k, { afzender: van, methode: 'POST', pad: op, body, tijd }),
    [KOPPELING_HEADERS.idempotentie]: `hostile-${randomUUID()}`,
  });
  switch (soort) {
    case 'geldig':
      return teken(sleutel, afzender);
    case 'vreemde-sleutel':
      return teken(randomBytes(32), afzender);
    case 'onbekende-afzender':
      return teken(sleutel, `hostile-${run}-onbekend`);
    case 'verlopen':
      return teken(sleutel, afzender, nu - 3600);
    case 'ander-pad':
      return teken(sleutel, afzender, nu, '/koppeling/andere');
    case 'zonder-idempotency-key':
      return ondertekenHeaders(sleutel, { afzender, methode: 'POST', pad: getekendPad, body, tijd: nu });
    case 'rommel':
      return {
        [KOPPELING_HEADERS.afzender]: headerTekst(rommel.afzender),
        [KOPPELING_HEADERS.tijd]: headerTekst(rommel.tijd),
        [KOPPELING_HEADERS.handtekening]: headerTekst(rommel.handtekening),
      };
    default:
      return {};
  }
}

// ---- setup ---------------------------------------------------------------------------------------------------

beforeAll(async () => {
  api = new URL(requireEnv('ZVH_TEST_API_URL'));
  db = createDb(requireEnv('DATABASE_URL'));
  overheid = await createMedewerker(db, 'OVERHEID');
  privaat = await createMedewerker(db, 'PRIVAAT');
  doelwit = await createMedewerker(db, 'PRIVAAT');
  await db.koppeling.create({
    data: {
      id: doelwitKoppeling,
      naam: 'Doelwit',
      soort: 'ZVH',
      kanaal: 'HTTPS',
      url: 'https://zvh.example.nl/api',
      sleutel: new Uint8Array(60),
      sleutelId: 'onleesbaar',
    },
  });
  tokens.overheid = await tokenFor(overheid, ['procesregisseur'], '30m');
  tokens.privaat = await tokenFor(privaat, [], '30m');
  tokens.fg = await tokenFor(overheid, ['fg'], '30m');
  tokens.operator = await tokenFor(privaat, ['operator'], '30m');
  tokens.beheer = await tokenFor(privaat, ['systeembeheerder'], '30m');
  tokens.archief = await tokenFor(overheid, ['archiefbeheerder'], '30m');
  tokens.expired = await tokenFor(overheid, [], '-1h');
  tokens.onbekend = await tokenFor(
    { medewerkerId: '00000000-0000-4000-8000-00000000dead', deelnemerId: overheid.deelnemerId },
    [],
    '30m',
  );
  tokens.verkeerdeDeelnemer = await tokenFor(
    { medewerkerId: overheid.medewerkerId, deelnemerId: privaat.deelnemerId },
    [],
    '30m',
  );
  // Right header (kid) and claims, wrong key: the signature cannot verify.
  const [header, payload] = tokens.overheid.split('.') as [string, string];
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signature = createSign('SHA256')
    .update(`${header}.${payload}`)
    .sign({ key: privateKey, dsaEncoding: 'ieee-p1363' });
  tokens.vreemdeSleutel = `${header}.${payload}.${signature.toString('base64url')}`;
  // Claims changed after signing.
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  tokens.vervalst = `${header}.${b64url({ ...claims, zvh_deelnemer: privaat.deelnemerId })}.${tokens.overheid.split('.')[2]}`;
  // Signed by the stack's own issuer, but without an expiry or issue time, or valid far longer than the API allows.
  const nu = Math.floor(Date.now() / 1000);
  const { exp: _exp, iat: _iat, ...zonderTijden } = claims;
  tokens.zonderExp = await tekenAlsIssuer({ ...zonderTijden, iat: nu });
  tokens.zonderIat = await tekenAlsIssuer({ ...zonderTijden, exp: nu + 600 });
  tokens.vijftigJaar = await tekenAlsIssuer({ ...zonderTijden, iat: nu, exp: nu + 50 * 366 * 86_400 });
  tokens.iatInDeToekomst = await tekenAlsIssuer({ ...zonderTijden, iat: nu + 3600, exp: nu + 7200 });

  // The casussen of this file, for the ids the fuzzer uses: one in AANMELDING registered by the private deelnemer,
  // and the overheidsdeelnemer's (so its decisions can be accepted) in later phases, the private one selected.
  const post = async (path: string, token: string | undefined, body: unknown, status = 200) => {
    const res = await send({
      method: 'POST',
      path,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(body)),
    });
    expect(`${res.status} ${path}`).toBe(`${status} ${path}`);
    return JSON.parse(res.body.toString()) as { id: string };
  };
  const nieuweCasus = async (token: string | undefined, ...besluiten: Array<[string, unknown]>) => {
    const { id: nieuw } = await post('/casussen', token, aanmelding(), 201);
    for (const [pad, body] of besluiten) await post(`/casussen/${nieuw}/${pad}`, tokens.overheid, body);
    return nieuw;
  };
  const inBehandeling: Array<[string, unknown]> = [
    ['intake-besluit', intake()],
    ['eindbeoordeling', besluitBodies.eindbeoordeling!()],
    ['selectie', { deelnemers: [privaat.deelnemerId] }],
  ];
  casusId = await nieuweCasus(tokens.privaat);
  casusIds = [
    casusId,
    await nieuweCasus(tokens.overheid, ['intake-besluit', intake()]),
    await nieuweCasus(tokens.overheid, ...inBehandeling),
    await nieuweCasus(tokens.overheid, ...inBehandeling, ['afsluiting', besluitBodies.afsluiting!()]),
    await nieuweCasus(tokens.overheid, ...inBehandeling, ['afsluiting', besluitBodies.afsluiting!()]), // made AFGESCHERMD below
    await nieuweCasus(tokens.overheid, ['intake-besluit', { ...intake(), uitkomst: 'NIET_IN_BEHANDELING' }]), // last: the closed one
  ];
  connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  await schermNuAf(
    db,
    new Client({
      connection,
      namespace: requireEnv('TEMPORAL_NAMESPACE'),
      dataConverter: dataConverter(loadPayloadCodecConfig()),
    }),
    casusIds[4]!,
  );
  holdId = (await post('/legal-holds', tokens.archief, legalHold(), 201)).id;
  tokens.contactpunt = await tokenFor(overheid, ['contactpunt'], '30m');
  setupOp = new Date().toISOString();
  datalekId = (await post('/datalekken', tokens.privaat, datalekMelding(), 201)).id;
  klachtId = (await post('/klachten', tokens.contactpunt, klachtMelding(), 201)).id;
  // A payload as the stack encrypts it (its keys: test/support/global-setup.ts), for the codec bodies.
  const [sealed] = await new EncryptionCodec(loadPayloadCodecConfig()).encode([
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify({ casusId })) },
  ]);
  encrypted = JSON.stringify({
    metadata: Object.fromEntries(Object.entries(sealed?.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
    data: b64(sealed?.data ?? new Uint8Array()),
  });
});

afterAll(async () => {
  await connection?.close();
  await db?.$disconnect();
});

// ---- plain checks --------------------------------------------------------------------------------------------

test('the fuzzer knows every endpoint of the app', () => {
  expect(Object.keys(appRoutes()).sort()).toEqual(endpoints.map((e) => `${e.method} ${apiPad(e.path)}`).sort());
});

test('security headers on answers, problems included; no x-powered-by', async () => {
  const requests: Req[] = [
    { method: 'GET', path: '/health', headers: {} },
    { method: 'GET', path: `/casussen/${casusId}`, headers: { authorization: `Bearer ${tokens.privaat}` } },
    { method: 'GET', path: `/casussen/${casusId}`, headers: {} },
    { method: 'GET', path: '/bestaat-niet', headers: {} },
  ];
  for (const r of requests) {
    const res = await send(r);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['api-version']).toBe(API_VERSIE); // Logius /core/version-header, problems and probes too
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
  }
});

test('prototype-pollution keys in an otherwise valid aanmelding are rejected', async () => {
  const valid = JSON.stringify(aanmelding());
  for (const body of [
    `{"__proto__":{"id":"x"},${valid.slice(1)}`,
    `{"constructor":{"prototype":{"x":1}},${valid.slice(1)}`,
    valid.replace('"rol":"BETROKKENE"', '"__proto__":{"rol":"X"},"rol":"BETROKKENE"'),
  ]) {
    const res = await check({
      method: 'POST',
      path: '/casussen',
      headers: { authorization: `Bearer ${tokens.overheid}`, 'content-type': 'application/json' },
      body: Buffer.from(body),
    });
    expect(res.status).toBe(400);
  }
});

test('control characters and lone surrogates in deelnemer ids are a 400 problem, never a 500', async () => {
  const bodies: Array<[string, unknown]> = [
    ['selectie', { deelnemers: ['\u0000'] }],
    ['selectie', { deelnemers: [`${overheid.deelnemerId}\u0000`] }],
    ['selectie', { deelnemers: ['a\ud800'] }],
  ];
  for (const [pad, body] of bodies) {
    for (const i of [casusIds[2], randomUUID()]) {
      const res = await check({
        method: 'POST',
        path: `/casussen/${i}/${pad}`,
        headers: { authorization: `Bearer ${tokens.overheid}`, 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(body)),
      });
      expect(`${pad} ${JSON.stringify(body)}: ${res.status}`).toBe(`${pad} ${JSON.stringify(body)}: 400`);
    }
  }
});

// Issue 13 item 8: each of these was accepted (201, 200) before.
test('bidi, zero-width and control characters in names and free text, an all-zero BSN, impossible birth dates: 400 naming the field', async () => {
  const met = (over: Record<string, unknown>) => ({
    ...aanmelding(),
    betrokkenen: [{ rol: 'BETROKKENE', achternaam: 'Jansen', ...over }],
  });
  const morgen = new Date(Date.now() + 36 * 3600 * 1000).toISOString().slice(0, 10);
  const gevallen: Array<[string, unknown, string]> = [
    ['a bidi override (U+202E)', met({ achternaam: 'Jan\u202Esen' }), 'betrokkenen.0.achternaam'],
    ['bidi isolates (U+2066, U+2069)', met({ voornamen: '\u2066Piet\u2069' }), 'betrokkenen.0.voornamen'],
    ['a zero-width space (U+200B)', met({ achternaam: 'Jan\u200Bsen' }), 'betrokkenen.0.achternaam'],
    ['a zero-width joiner (U+200D)', met({ achternaam: 'Jan\u200Dsen' }), 'betrokkenen.0.achternaam'],
    ['a word joiner (U+2060)', met({ achternaam: 'Jan\u2060sen' }), 'betrokkenen.0.achternaam'],
    ['a BOM inside (U+FEFF)', met({ achternaam: 'Jan\uFEFFsen' }), 'betrokkenen.0.achternaam'],
    ['a C1 control (U+0085)', met({ achternaam: 'Jan\u0085sen' }), 'betrokkenen.0.achternaam'],
    ['a C1 control (U+009B)', met({ voornamen: 'Jan\u009B' }), 'betrokkenen.0.voornamen'],
    ['a line break in a name', met({ achternaam: 'Jan\nsen' }), 'betrokkenen.0.achternaam'],
    ['a tab in a name', met({ achternaam: 'Jan\tsen' }), 'betrokkenen.0.achternaam'],
    ['a C0 control in free text', { ...aanmelding(), wettelijkeTaak: 'Openbare\u0007orde' }, 'wettelijkeTaak'],
    ['a carriage return in free text', { ...aanmelding(), wettelijkeTaak: 'Openbare\rorde' }, 'wettelijkeTaak'],
    [
      'a bidi override in free text',
      { ...aanmelding(), criteria: { ...criteria, A: { mate: 'VOLDAAN', toelichting: 'Zie \u202Eonder' } } },
      'criteria.A.toelichting',
    ],
    ['an all-zero BSN', met({ bsn: '000000000' }), 'betrokkenen.0.bsn'],
    ['a birth date in 2099', met({ geboortedatum: '2099-01-01' }), 'betrokkenen.0.geboortedatum'],
    ['a birth date tomorrow', met({ geboortedatum: morgen }), 'betrokkenen.0.geboortedatum'],
    ['a birth date in the year 1', met({ geboortedatum: '0001-01-01' }), 'betrokkenen.0.geboortedatum'],
    ['a birth date before 1900', met({ geboortedatum: '1899-12-31' }), 'betrokkenen.0.geboortedatum'],
  ];
  const aanmelden = (body: unknown) =>
    check({
      method: 'POST',
      path: '/casussen',
      headers: { authorization: `Bearer ${tokens.overheid}`, 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(body)),
    });
  for (const [wat, body, pad] of gevallen) {
    const res = await aanmelden(body);
    type Fouten = { 'invalid-params': Array<{ name: string }> };
    const fouten =
      res.status === 400 ? (JSON.parse(res.body.toString()) as Fouten)['invalid-params'].map((f) => f.name) : [];
    expect(`${wat}: ${res.status} ${fouten.join(' ')}`).toBe(`${wat}: 400 ${pad}`);
  }
  const vraag = await check({
    method: 'POST',
    path: '/bekendheidscheck',
    headers: { authorization: `Bearer ${tokens.overheid}`, 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ achternaam: 'Jansen', geboortedatum: '2099-01-01' })),
  });
  expect(vraag.status).toBe(400);
  // The edges that stay valid: line breaks and tabs in free text, a birth date in 1900 or today.
  const vandaag = dutchCalendarDate(new Date());
  const criteriumMetRegels = { mate: 'VOLDAAN', toelichting: 'Eerste regel.\n\tTweede regel.' };
  for (const geboortedatum of ['1900-01-01', vandaag]) {
    expect(
      (await aanmelden({ ...met({ geboortedatum }), criteria: { ...criteria, A: criteriumMetRegels } })).status,
    ).toBe(201);
  }
});

test('a body that is not UTF-8 is a 400 problem and stores nothing (it was stored with U+FFFD)', async () => {
  const [voor, na] = JSON.stringify(aanmelding()).replace('"Jansen"', '"Jan§sen"').split('§') as [string, string];
  for (const bytes of [[0xc3, 0x28], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
    const body = Buffer.concat([Buffer.from(voor), Buffer.from(bytes), Buffer.from(na)]);
    const res = await check({
      method: 'POST',
      path: '/casussen',
      headers: { authorization: `Bearer ${tokens.overheid}`, 'content-type': 'application/json' },
      body,
    });
    expect(`${bytes.join(',')}: ${res.status} ${(JSON.parse(res.body.toString()) as { type?: string }).type}`).toBe(
      `${bytes.join(',')}: 400 urn:zvh-wgs:probleem:ongeldige-codering`,
    );
  }
});

test('a token without exp or iat, with an iat to come, or valid longer than OIDC_MAX_TOKEN_LIFETIME_SECONDS is a 401', async () => {
  for (const soort of ['zonderExp', 'zonderIat', 'vijftigJaar', 'iatInDeToekomst']) {
    const res = await check({
      method: 'GET',
      path: `/casussen/${casusId}`,
      headers: { authorization: `Bearer ${tokens[soort]}` },
    });
    expect(`${soort}: ${res.status}`).toBe(`${soort}: 401`);
  }
  // The default maximum is 12 hours: a token for exactly that long is taken.
  const twaalfUur = await check({
    method: 'GET',
    path: `/casussen/${casusId}`,
    headers: { authorization: `Bearer ${await tokenFor(overheid, [], '12h')}` },
  });
  expect(twaalfUur.status).toBe(200);
});

// ---- properties ----------------------------------------------------------------------------------------------

test('random methods, paths, ids and tokens at every endpoint', async () => {
  await fc.assert(
    fc.asyncProperty(
      method,
      path(),
      authorization(),
      fc.option(jsonText, { freq: 3 }),
      extraHeaders(),
      async (m, p, auth, body, extra) => {
        await check(
          withHeaders(
            { method: m, path: p, body: body === null ? undefined : Buffer.from(body) },
            auth,
            body === null ? undefined : 'application/json',
            undefined,
            extra,
          ),
        );
      },
    ),
    runs(250),
  );
});

test('random JSON bodies at POST /casussen', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(jsonText, mutated(aanmelding), mutated(aanmelding), mutated(heraanmelding)),
      authorization(12),
      async (body, auth) => {
        await check(
          withHeaders(
            { method: 'POST', path: '/casussen', body: Buffer.from(body) },
            auth,
            'application/json',
            undefined,
            {},
          ),
        );
      },
    ),
    runs(200),
  );
});

test('random JSON bodies at POST /casussen/:id/intake-besluit', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(jsonText, mutated(intake), mutated(intake)),
      id(),
      authorization(12),
      async (body, i, auth) => {
        await check(
          withHeaders(
            { method: 'POST', path: `/casussen/${i}/intake-besluit`, body: Buffer.from(body) },
            auth,
            'application/json',
            undefined,
            {},
          ),
        );
      },
    ),
    runs(200),
  );
});

test('random JSON bodies at the decisions after the intake (POST /casussen/:id/eindbeoordeling, selectie, …)', async () => {
  // Valid bodies and this file's casussen often, so that decisions are also accepted and move the casussen on.
  const body = (pad: string) =>
    fc.oneof(
      { weight: 1, arbitrary: jsonText },
      { weight: 3, arbitrary: mutated(besluitBodies[pad]!) },
      { weight: 1, arbitrary: fc.constant(pad).map((p) => JSON.stringify(besluitBodies[p]!())) },
    );
  const verzoek = fc.constantFrom(...Object.keys(besluitBodies)).chain((pad) => fc.tuple(fc.constant(pad), body(pad)));
  const casus = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...casusIds) }, { weight: 1, arbitrary: id() });
  await fc.assert(
    fc.asyncProperty(verzoek, casus, authorization(12), async ([pad, body], i, auth) => {
      await check(
        withHeaders(
          { method: 'POST', path: `/casussen/${i}/${pad}`, body: Buffer.from(body) },
          auth,
          'application/json',
          undefined,
          {},
        ),
      );
    }),
    runs(300),
  );
});

test('random bodies, ids and filters at the datalekken (/datalekken, /datalekregister)', async () => {
  // The Contactpunt's token and this file's datalek often, so that reports and decisions are also accepted.
  const auth = fc.oneof(
    { weight: 3, arbitrary: fc.constant(`Bearer ${tokens.contactpunt}`) },
    { weight: 1, arbitrary: authorization() },
  );
  const datalek = fc.oneof({ weight: 3, arbitrary: fc.constant(datalekId) }, { weight: 1, arbitrary: id() });
  const besluit = fc
    .constantFrom(...Object.keys(datalekBodies))
    .chain((pad) =>
      fc.tuple(
        fc.constant(pad),
        fc.oneof(jsonText, mutated(datalekBodies[pad]!), fc.constant(JSON.stringify(datalekBodies[pad]!()))),
      ),
    );
  const lijst = fc.oneof(
    query,
    fc.constantFrom('?open=true', '?open=false', '?open=ja', '?open=true&open=false', '?formaat=csv'),
  );
  const verzoek = fc.oneof(
    fc.tuple(
      fc.constant('POST'),
      fc.constant('/datalekken'),
      fc.oneof(jsonText, mutated(datalekMelding), mutated(datalekMelding)),
    ),
    fc
      .tuple(datalek, besluit)
      .map(([i, [pad, body]]): [string, string, string | undefined] => ['POST', `/datalekken/${i}/${pad}`, body]),
    fc.tuple(
      fc.constant('GET'),
      fc.oneof(
        lijst.map((q) => `/datalekken${q}`),
        datalek.map((i) => `/datalekken/${i}`),
      ),
      fc.constant(undefined),
    ),
    fc.tuple(
      fc.constant('GET'),
      fc
        .oneof(lijst, fc.constantFrom('?formaat=json', '?formaat=xml', '?formaat=csv&formaat=json'))
        .map((q) => `/datalekregister${q}`),
      fc.constant(undefined),
    ),
  );
  await fc.assert(
    fc.asyncProperty(
      verzoek,
      auth,
      fc.constantFrom(undefined, 'text/csv', 'application/json', '*/*'),
      async ([m, p, body], a, accept) => {
        await check(
          withHeaders(
            { method: m, path: p, body: body === undefined ? undefined : Buffer.from(body) },
            a,
            body === undefined ? undefined : 'application/json',
            undefined,
            accept ? { accept } : {},
          ),
        );
      },
    ),
    runs(200),
  );
});

test('random bodies, ids and filters at the klachten (/klachten)', async () => {
  // The Contactpunt's and the named deelnemer's tokens and this file's klacht often, so that actions are accepted too.
  const auth = fc.oneof(
    { weight: 2, arbitrary: fc.constant(`Bearer ${tokens.contactpunt}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${tokens.privaat}`) },
    { weight: 1, arbitrary: authorization() },
  );
  const klacht = fc.oneof({ weight: 3, arbitrary: fc.constant(klachtId) }, { weight: 1, arbitrary: id() });
  const handeling = fc
    .constantFrom(...Object.keys(klachtBodies))
    .chain((pad) =>
      fc.tuple(
        fc.constant(pad),
        fc.oneof(jsonText, mutated(klachtBodies[pad]!), fc.constant(JSON.stringify(klachtBodies[pad]!()))),
      ),
    );
  const lijst = fc.oneof(
    query,
    fc.constantFrom('?open=true', '?open=false', '?open=ja', '?formaat=csv', '?formaat=xml'),
  );
  const verzoek = fc.oneof(
    fc.tuple(fc.constant('POST'), fc.constant('/klachten'), fc.oneof(jsonText, mutated(klachtMelding))),
    fc
      .tuple(klacht, handeling)
      .map(([i, [pad, body]]): [string, string, string | undefined] => ['POST', `/klachten/${i}/${pad}`, body]),
    fc.tuple(
      fc.constant('GET'),
      fc.oneof(
        lijst.map((q) => `/klachten${q}`),
        lijst.map((q) => `/klachten/register${q}`),
        klacht.map((i) => `/klachten/${i}`),
      ),
      fc.constant(undefined),
    ),
  );
  await fc.assert(
    fc.asyncProperty(verzoek, auth, fc.constantFrom(undefined, 'text/csv', '*/*'), async ([m, p, body], a, accept) => {
      await check(
        withHeaders(
          { method: m, path: p, body: body === undefined ? undefined : Buffer.from(body) },
          a,
          body === undefined ? undefined : 'application/json',
          undefined,
          accept ? { accept } : {},
        ),
      );
    }),
    runs(150),
  );
});

test('random periods and formats at the management information and the FG exports', async () => {
  const fg = await tokenFor(overheid, ['fg'], '30m');
  const auth = fc.oneof(
    { weight: 3, arbitrary: fc.constant(`Bearer ${fg}`) },
    { weight: 1, arbitrary: authorization() },
  );
  const dag = fc.oneof(
    fc
      .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    fc.constantFrom('2026-02-30', '0000-01-01', '2026-13-01', '', 'gisteren', '2026-1-1'),
  );
  const pad = fc.oneof(
    fc
      .tuple(dag, dag, fc.constantFrom('', '&formaat=csv', '&formaat=xml', '&naam=x', '&van=2026-01-01'))
      .map(([van, tot, extra]) => `/managementinformatie?van=${van}&tot=${tot}${extra}`),
    query.map((q) => `/managementinformatie${q}`),
    fc
      .tuple(
        fc.constantFrom('autorisatiematrix', 'bewaartermijnen', 'verwerkingsregister'),
        fc.oneof(query, fc.constantFrom('?formaat=csv', '?formaat=pdf', '')),
      )
      .map(([wat, q]) => `/toezicht/${wat}${q}`),
  );
  await fc.assert(
    fc.asyncProperty(pad, auth, async (p, a) => {
      await check(withHeaders({ method: 'GET', path: p }, a, undefined, undefined, {}));
    }),
    runs(60),
  );
});

test('random bodies, ids and filters at the legal holds (/legal-holds)', async () => {
  const auth = fc.oneof(
    { weight: 3, arbitrary: fc.constant(`Bearer ${tokens.archief}`) },
    { weight: 1, arbitrary: authorization() },
  );
  const holdBody = mutated(legalHold).filter((b) => b.includes('"casusId"'));
  const actief = fc.oneof(
    query,
    fc.constantFrom(
      '?actief=true',
      '?actief=false',
      '?actief=TRUE',
      '?actief=1',
      '?actief=true&actief=false',
      '?actief[]=true',
      '?casusId=x',
    ),
  );
  const verzoek = fc.oneof(
    fc.tuple(fc.constant('POST'), fc.constant('/legal-holds'), fc.oneof(jsonText, holdBody, holdBody)),
    fc.tuple(
      fc.constant('POST'),
      id().map((i) => `/legal-holds/${i}/opheffing`),
      fc.oneof(fc.constant('{}'), jsonText),
    ),
    fc.tuple(
      fc.constant('GET'),
      actief.map((q) => `/legal-holds${q}`),
      fc.constant(undefined),
    ),
  );
  await fc.assert(
    fc.asyncProperty(verzoek, auth, async ([m, p, body], a) => {
      await check(
        withHeaders(
          { method: m, path: p, body: body === undefined ? undefined : Buffer.from(body) },
          a,
          body === undefined ? undefined : 'application/json',
          undefined,
          {},
        ),
      );
    }),
    runs(150),
  );
});

test('non-JSON and malformed bodies, wrong content types and encodings, invalid UTF-8', async () => {
  const target = fc.constantFrom(
    '/casussen',
    `/casussen/${casusId}/intake-besluit`,
    `/casussen/${casusId}`,
    '/health',
    '/deelnemers',
    `/medewerkers/${doelwit.medewerkerId}`,
    ...Object.keys(besluitBodies).map((pad) => `/casussen/${casusIds[2]}/${pad}`),
    '/legal-holds',
    `/legal-holds/${holdId}/opheffing`,
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('POST', 'POST', 'PUT', 'PATCH', 'GET'),
      target,
      rawBody,
      contentType,
      contentEncoding,
      authorization(),
      fc.boolean(),
      async (m, p, body, type, encoding, auth, chunked) => {
        await check(withHeaders({ method: m, path: p, body, chunked }, auth, type, encoding, {}));
      },
    ),
    runs(200),
  );
});

test('random filters at GET /auditlog', async () => {
  const auth = fc.oneof(
    { weight: 3, arbitrary: fc.constant(`Bearer ${tokens.fg}`) },
    { weight: 1, arbitrary: authorization() },
  );
  await fc.assert(
    fc.asyncProperty(
      auditQuery(),
      auth,
      fc.constantFrom(undefined, 'text/csv', 'application/json', 'text/html', '*/*'),
      async (q, a, accept) => {
        await check(
          withHeaders({ method: 'GET', path: `/auditlog${q}` }, a, undefined, undefined, accept ? { accept } : {}),
        );
      },
    ),
    runs(150),
  );
});

test('random payloads, namespaces, origins and cookies at POST /codec/decode and /codec/encode', async () => {
  const auth = fc.oneof(
    { weight: 3, arbitrary: fc.constant(`Bearer ${tokens.operator}`) },
    { weight: 1, arbitrary: authorization() },
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('/codec/decode', '/codec/encode'),
      codecBody(),
      auth,
      extraHeaders(),
      async (p, body, a, extra) => {
        await check(
          withHeaders({ method: 'POST', path: p, body: Buffer.from(body) }, a, 'application/json', undefined, extra),
        );
      },
    ),
    runs(150),
  );
});

test('random bodies, ids and filters at the register (/deelnemers, /medewerkers, /koppelingen)', async () => {
  const auth = fc.oneof(
    { weight: 3, arbitrary: fc.constant(`Bearer ${tokens.beheer}`) },
    { weight: 1, arbitrary: authorization() },
  );
  const deelnemerId = fc.oneof(
    { weight: 2, arbitrary: fc.constant(doelwit.deelnemerId) },
    { weight: 1, arbitrary: fc.constantFrom('onbekende-deelnemer', doelwit.deelnemerId.toUpperCase(), 'ab') },
    { weight: 1, arbitrary: segment },
  );
  const medewerkerId = fc.oneof(
    { weight: 2, arbitrary: fc.constant(doelwit.medewerkerId) },
    { weight: 1, arbitrary: fc.constant(doelwit.medewerkerId.toUpperCase()) },
    { weight: 1, arbitrary: id() },
  );
  const verzoek = fc.oneof(
    fc.tuple(
      fc.constant('POST'),
      fc.constant('/deelnemers'),
      fc.oneof(jsonText, mutated(nieuweDeelnemer), mutated(nieuweDeelnemer)),
    ),
    fc.tuple(
      fc.constant('PATCH'),
      deelnemerId.map((i) => `/deelnemers/${i}`),
      fc.oneof(jsonText, mutated(deelnemerWijziging), mutated(deelnemerWijziging)),
    ),
    fc.tuple(
      fc.constant('POST'),
      fc.constant('/medewerkers'),
      fc.oneof(jsonText, mutated(nieuweMedewerker), mutated(nieuweMedewerker)),
    ),
    fc.tuple(
      fc.constant('PATCH'),
      medewerkerId.map((i) => `/medewerkers/${i}`),
      fc.oneof(jsonText, mutated(medewerkerWijziging), mutated(medewerkerWijziging)),
    ),
    fc.tuple(
      fc.constant('GET'),
      fc
        .oneof(
          query,
          deelnemerId.map((i) => `?deelnemerId=${i}`),
        )
        .map((q) => `/medewerkers${q}`),
      fc.constant(undefined),
    ),
    fc.tuple(
      fc.constant('GET'),
      query.map((q) => `/deelnemers${q}`),
      fc.constant(undefined),
    ),
    fc.tuple(
      fc.constant('POST'),
      fc.constant('/koppelingen'),
      fc.oneof(jsonText, mutated(nieuweKoppeling), mutated(nieuweKoppeling)),
    ),
    fc.tuple(
      fc.constant('PATCH'),
      fc.oneof(fc.constant(doelwitKoppeling), segment).map((i) => `/koppelingen/${i}`),
      fc.oneof(jsonText, mutated(koppelingWijziging), mutated(koppelingWijziging)),
    ),
    fc.tuple(
      fc.constant('GET'),
      query.map((q) => `/koppelingen${q}`),
      fc.constant(undefined),
    ),
  );
  await fc.assert(
    fc.asyncProperty(verzoek, auth, async ([m, p, body], a) => {
      await check(
        withHeaders(
          { method: m, path: p, body: body === undefined ? undefined : Buffer.from(body) },
          a,
          body === undefined ? undefined : 'application/json',
          undefined,
          {},
        ),
      );
    }),
    runs(200),
  );
});

test('random, unsigned and wrongly signed questions at POST /koppeling/bekendheidscheck; random ones at POST /bekendheidscheck/landelijk', async () => {
  // A ZVH the fuzzer signs as; its URL is closed, so the landelijk checks find it unreachable at once.
  const zvhId = `hostile-${run}-zvh`;
  const sleutel = randomBytes(32);
  await db.koppeling.create({
    data: {
      id: zvhId,
      naam: 'Hostile ZVH',
      soort: 'ZVH',
      kanaal: 'HTTPS',
      url: 'http://127.0.0.1:9',
      ...versleutelKoppelingSleutel(loadPayloadCodecConfig(), zvhId, sleutel),
    },
  });
  const pad = '/koppeling/bekendheidscheck';
  const vraag = fc.oneof(
    jsonText,
    mutated(() => ({ bsn: '111222333' })),
    mutated(() => ({ achternaam: 'Jansen', geboortedatum: '1990-04-01' })),
  );
  const isVraag = (body: string) => {
    try {
      return bekendheidscheckSchema.safeParse(JSON.parse(body)).success;
    } catch {
      return false;
    }
  };
  await fc.assert(
    fc.asyncProperty(vraag, handtekeningSoort, rommelHeaders, async (body, s, r) => {
      const headers = ondertekend(s, sleutel, zvhId, pad, body, r);
      const res = await check(
        withHeaders(
          { method: 'POST', path: pad, body: Buffer.from(body) },
          undefined,
          'application/json',
          undefined,
          headers,
        ),
      );
      // Only a signed question is answered (a question needs no Idempotency-Key); every other request is refused
      // before the body matters (401), or, when it is no JSON object at all, by the body parser (400).
      if (s === 'geldig' || s === 'zonder-idempotency-key')
        expect(`${s} ${res.status}`).toBe(`${s} ${isVraag(body) ? 200 : 400}`);
      else expect([400, 401]).toContain(res.status);
    }),
    runs(150),
  );
  await fc.assert(
    fc.asyncProperty(vraag, authorization(), async (body, auth) => {
      await check(
        withHeaders(
          { method: 'POST', path: '/bekendheidscheck/landelijk', body: Buffer.from(body) },
          auth,
          'application/json',
          undefined,
          {},
        ),
      );
    }),
    runs(60),
  );
});

test('random bodies at POST/GET /casussen/:id/riec-afstemmingen; random, unsigned and wrongly signed messages at POST /koppeling/riec/berichten', async () => {
  // A RIEC the fuzzer offers afstemmingen to and signs as; its URL is closed, so deliveries just wait for retries.
  const riecId = `hostile-${run}-riec`;
  const sleutel = randomBytes(32);
  await db.koppeling.create({
    data: {
      id: riecId,
      naam: 'Hostile RIEC',
      soort: 'RIEC',
      kanaal: 'HTTPS',
      url: 'http://127.0.0.1:9',
      ...versleutelKoppelingSleutel(loadPayloadCodecConfig(), riecId, sleutel),
    },
  });
  // One afstemming it received, so that a rightly signed reply to it can be accepted.
  const afstemmingId = randomUUID();
  await db.riecAfstemming.create({
    data: {
      id: afstemmingId,
      casusId: casusIds[2]!,
      koppelingId: riecId,
      onderwerp: 'Hostile',
      toelichting: 'Hostile',
      medewerkerId: overheid.medewerkerId,
      deelnemerId: overheid.deelnemerId,
      status: 'AFGELEVERD',
      afgeleverdOp: new Date(),
    },
  });
  const afstemming = () => ({
    riec: riecId,
    onderwerp: 'Afstemming',
    toelichting: 'Past dit bij uw interventies?',
    gegevenIds: [],
  });
  const casus = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...casusIds) }, { weight: 1, arbitrary: id() });
  const auth = fc.oneof(
    { weight: 2, arbitrary: fc.constant(`Bearer ${tokens.overheid}`) },
    { weight: 1, arbitrary: authorization(12) },
  );
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(jsonText, mutated(afstemming), mutated(afstemming)),
      casus,
      auth,
      fc.boolean(),
      async (body, i, a, lees) => {
        const r = lees
          ? { method: 'GET', path: `/casussen/${i}/riec-afstemmingen` }
          : { method: 'POST', path: `/casussen/${i}/riec-afstemmingen`, body: Buffer.from(body) };
        await check(withHeaders(r, a, lees ? undefined : 'application/json', undefined, {}));
      },
    ),
    runs(150),
  );

  const pad = '/koppeling/riec/berichten';
  const bericht = fc.oneof(
    jsonText,
    mutated(() => ({ afstemmingId, onderwerp: 'Reactie', inhoud: 'Akkoord.' })),
    mutated(() => ({ casusnummer: 'ZVH-2026-000001', onderwerp: 'Signaal', inhoud: 'x' })),
  );
  await fc.assert(
    fc.asyncProperty(bericht, handtekeningSoort, rommelHeaders, async (body, s, r) => {
      const headers = ondertekend(s, sleutel, riecId, pad, body, r);
      const res = await check(
        withHeaders(
          { method: 'POST', path: pad, body: Buffer.from(body) },
          undefined,
          'application/json',
          undefined,
          headers,
        ),
      );
      // Only a rightly signed message gets past the signature (then: stored, bad body, unknown, or casus closed).
      if (s === 'geldig') expect([201, 400, 404, 409]).toContain(res.status);
      else if (s === 'zonder-idempotency-key') expect([400]).toContain(res.status);
      else expect([400, 401]).toContain(res.status);
    }),
    runs(150),
  );
});

test('random filters and ids at GET /informatieverzoeken and /topx-informatieverzoeken; random, unsigned and wrongly signed answers at POST /koppeling/informatieverzoeken/:id/antwoord', async () => {
  // The private deelnemer's own system, which the fuzzer signs as, and a request to it in a casus in the casusoverleg.
  const systeemId = `hostile-${run}-systeem`;
  const sleutel = randomBytes(32);
  await db.koppeling.create({
    data: {
      id: systeemId,
      naam: 'Hostile systeem',
      soort: 'DEELNEMER',
      deelnemerId: privaat.deelnemerId,
      kanaal: 'HTTPS',
      url: 'http://127.0.0.1:9',
      ...versleutelKoppelingSleutel(loadPayloadCodecConfig(), systeemId, sleutel),
    },
  });
  const verzoekId = randomUUID();
  await db.informatieverzoek.create({
    data: {
      id: verzoekId,
      casusId: casusIds[2]!,
      aanDeelnemerId: privaat.deelnemerId,
      namensDeelnemerId: overheid.deelnemerId,
      taak: 'Zorg.',
      doel: 'Beeld.',
      reden: 'Fuzz.',
      medewerkerId: overheid.medewerkerId,
      termijnOp: new Date(Date.now() + 86_400_000),
    },
  });

  const auth = fc.oneof(
    { weight: 2, arbitrary: fc.constant(`Bearer ${tokens.privaat}`) },
    { weight: 1, arbitrary: authorization(12) },
  );
  const lijst = fc.constantFrom('/informatieverzoeken', '/topx-informatieverzoeken');
  const lezen = fc.oneof(
    fc.tuple(lijst, query).map(([l, q]) => `${l}${q}`),
    fc.constantFrom('/informatieverzoeken?open=true', '/informatieverzoeken?open=ja'),
    fc.tuple(lijst, fc.oneof(fc.constant(verzoekId), id())).map(([l, i]) => `${l}/${i}`),
  );
  await fc.assert(
    fc.asyncProperty(lezen, auth, async (p, a) => {
      await check(withHeaders({ method: 'GET', path: p }, a, undefined, undefined, {}));
    }),
    runs(100),
  );

  const antwoord = () => ({
    grondslag: 'WGS 2.29 lid 1',
    categorie: 'GEWOON',
    inhoud: 'Bekend.',
    voorwaarden: { nietAanDerden: true },
  });
  const doel = fc.oneof({ weight: 3, arbitrary: fc.constant(verzoekId) }, { weight: 1, arbitrary: id() });
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(jsonText, mutated(antwoord), mutated(antwoord)),
      doel,
      handtekeningSoort,
      rommelHeaders,
      async (body, i, s, r) => {
        const pad = `/koppeling/informatieverzoeken/${i}/antwoord`;
        const res = await check(
          withHeaders(
            { method: 'POST', path: pad, body: Buffer.from(body) },
            undefined,
            'application/json',
            undefined,
            ondertekend(s, sleutel, systeemId, pad, body, r),
          ),
        );
        // Past the signature only when rightly signed (then: stored, bad body, unknown request, a person not yet
        // informed or not of the casus, or the casus moved on — the other fuzz tests decide on this file's casussen).
        if (s === 'geldig') expect([201, 400, 404, 409, 422]).toContain(res.status);
        else expect([400, 401, 404]).toContain(res.status); // 404: an empty id matches no route
      },
    ),
    runs(150),
  );
});
