import express from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Policy } from '../domain/policy';
import type { PayloadCodecConfig } from '../infra/codec';
import { API_BASISPAD, API_VERSIE } from '../infra/api-versie';
import { standaardContacten, standaardKoppeling, type Contacten, type KoppelingConfig } from '../infra/config';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import { auditRoutes } from './audit-routes';
import { avgVerzoekRoutes } from './avg-verzoeken';
import type { Authenticate } from './auth';
import { bekendheidscheckRoutes } from './bekendheidscheck';
import { besluitRoutes } from './besluiten';
import { casusRoutes } from './casussen';
import { codecRoutes, type CodecServerOptions } from './codec-routes';
import { documentatieRoutes } from './documentatieplicht';
import { datalekRoutes } from './datalekken';
import { verzoekDeadline } from './deadline';
import { hardening } from './hardening';
import { idempotentie } from './idempotentie';
import { healthRoutes } from './health';
import { toezichtRoutes } from './toezicht';
import { toezichtExportRoutes } from './toezicht-export';
import { werkvoorraadRoutes } from './werkvoorraad';
import { importRoutes } from './import';
import { informatieplichtRoutes } from './informatieplicht';
import { informatieverzoekRoutes } from './informatieverzoeken';
import { createKoppelingAuth, RAW_BODY, type MetRawBody } from './koppeling-auth';
import { klachtRoutes } from './klachten';
import { koppelingRoutes } from './koppelingen';
import { legalHoldRoutes } from './legal-holds';
import { managementinformatieRoutes } from './managementinformatie';
import { openApiRoutes } from './openapi-routes';
import { errorHandler, notFound, ONGELDIGE_UTF8, requireJson } from './problem';
import { registerRoutes } from './register-routes';
import { riecRoutes } from './riec';
import { topxRoutes } from './topx';
import { topxPubliekRoutes } from './topx-publiek';
import { topxVerzoekRoutes } from './topx-verzoeken';
import { triageRoutes } from './triage';
import { verstrekkingRoutes } from './verstrekkingen';
import { createWorkflows } from './workflows';

// Validation messages are read by people at the deelnemers: Dutch.
z.config(z.locales.nl());

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface AppDeps {
  db: Db;
  authenticate: Authenticate;
  temporal: Client;
  taskQueue: string;
  /** The ZVH's policy (domain/policy.ts), as the worker has it. */
  policy: Policy;
  /** Whom a deelnemer contacts when the bekendheidscheck answers "bekend". */
  procesregieContact: string;
  log: Logger;
  bodyLimit: string;
  rateLimitPerMinute: number;
  /** The remote codec for the Temporal Web UI (api/codec-routes.ts). */
  codecServer: CodecServerOptions;
  /** The Contactpunt and FG as the informatieplicht letter names them (default: the configuration's defaults). */
  contacten?: Contacten;
  /** The payload keys: they also encrypt the HMAC keys of partner systems (infra/koppeling-sleutel.ts). */
  sleutels: PayloadCodecConfig;
  /** Our name towards partner systems and the time a call to one may take. */
  koppeling?: KoppelingConfig;
  /** How long a request may wait on Temporal in all (API_TEMPORAL_TIMEOUT_MS). */
  temporalTimeoutMs?: number;
  /** How long a request may take in all (API_REQUEST_TIMEOUT_MS; default: the Temporal deadline + 4 s). */
  requestTimeoutMs?: number;
  /** How recently a worker must have polled for /health/ready (API_READY_POLLER_MAX_AGE_MS). */
  pollerMaxAgeMs?: number;
  /** Whether koppelingen may point at this machine (ZVH_KOPPELING_LOOPBACK_TOEGESTAAN; development only). */
  koppelingLoopbackToegestaan?: boolean;
  /**
   * The web application (web/app.ts), mounted before the API's JSON-only middleware, outside /v1; `interneSleutel`
   * marks its own calls to this API (api/hardening.ts). Absent: no web pages (and no route walk sees them).
   */
  web?: { router: express.Router; interneSleutel: string };
}

export function createApp({
  db,
  authenticate,
  temporal,
  taskQueue,
  policy,
  procesregieContact,
  log,
  bodyLimit,
  rateLimitPerMinute,
  codecServer,
  contacten = standaardContacten,
  sleutels,
  koppeling = standaardKoppeling,
  temporalTimeoutMs = 10_000,
  requestTimeoutMs = temporalTimeoutMs + 4_000,
  pollerMaxAgeMs = 90_000,
  koppelingLoopbackToegestaan = false,
  web,
}: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(verzoekDeadline(requestTimeoutMs, log));
  // Logius /core/version-header: the full version on every answer, problems, 429s and probes included.
  app.use((_req, res, next) => {
    res.set('API-Version', API_VERSIE);
    next();
  });
  app.use(hardening({ rateLimitPerMinute, log, interneSleutel: web?.interneSleutel }));
  // Before the API's JSON-only body parsing: the pages take forms. They leave the API's and the probes' paths alone.
  if (web) app.use(web.router);
  app.use(requireJson);
  // The raw bytes are kept: a partner's signature covers them exactly (api/koppeling-auth.ts). Bytes that are not
  // UTF-8 are refused: express.json would turn them into U+FFFD and store text nobody sent.
  app.use(
    express.json({
      limit: bodyLimit,
      strict: true,
      verify: (req, _res, buf) => {
        try {
          utf8.decode(buf);
        } catch {
          throw Object.assign(new Error('body is not UTF-8'), { status: 400, type: ONGELDIGE_UTF8 });
        }
        (req as MetRawBody)[RAW_BODY] = buf;
      },
    }),
  );
  // One deadline for every Temporal call the request makes (start, Update, signal…): gRPC fails them with
  // DEADLINE_EXCEEDED once it passes, which the errorHandler answers with a 503, instead of waiting out an outage.
  app.use((_req, _res, next) => {
    void temporal.connection.withDeadline(Date.now() + temporalTimeoutMs, async () => next());
  });
  const herkenKoppeling = createKoppelingAuth(db, sleutels);
  const workflows = createWorkflows(db, temporal, taskQueue, log);
  // Probes stay unversioned: orchestrators and compose files address them, and they are no part of the API's contract.
  app.use(healthRoutes(db, temporal, { taskQueue, pollerMaxAgeMs }));
  const v1 = express.Router();
  v1.use(openApiRoutes());
  // A reservation outlives the longest request: its Temporal deadline plus waiting for database connections.
  v1.use(
    idempotentie({ db, authenticate, bewaarUren: policy.idempotencyKeyUren, bezigMs: temporalTimeoutMs + 20_000, log }),
  );
  v1.use(casusRoutes({ db, authenticate, workflows, policy }));
  v1.use(toezichtRoutes({ db, authenticate, policy }));
  v1.use(werkvoorraadRoutes({ db, authenticate, policy }));
  v1.use(importRoutes({ db, authenticate, workflows, policy }));
  v1.use(besluitRoutes({ db, authenticate, workflows, policy }));
  v1.use(verstrekkingRoutes({ db, authenticate, policy }));
  v1.use(triageRoutes({ db, authenticate, temporal, workflows, policy }));
  v1.use(informatieverzoekRoutes({ db, authenticate, temporal, herkenKoppeling }));
  v1.use(
    bekendheidscheckRoutes({
      db,
      authenticate,
      procesregieContact,
      sleutels,
      koppeling,
      log,
      herkenKoppeling,
      loopbackToegestaan: koppelingLoopbackToegestaan,
    }),
  );
  v1.use(legalHoldRoutes({ db, authenticate, temporal }));
  v1.use(auditRoutes({ db, authenticate }));
  v1.use(documentatieRoutes({ db, authenticate }));
  v1.use(codecRoutes({ db, authenticate, ...codecServer }));
  v1.use(registerRoutes({ db, authenticate }));
  v1.use(koppelingRoutes({ db, authenticate, sleutels, loopbackToegestaan: koppelingLoopbackToegestaan }));
  v1.use(avgVerzoekRoutes({ db, authenticate, workflows, policy }));
  v1.use(datalekRoutes({ db, authenticate, workflows, policy }));
  v1.use(klachtRoutes({ db, authenticate, workflows }));
  v1.use(managementinformatieRoutes({ db, authenticate, policy }));
  v1.use(toezichtExportRoutes({ db, authenticate, policy, contacten }));
  v1.use(informatieplichtRoutes({ db, authenticate, workflows, policy, contacten }));
  v1.use(topxPubliekRoutes({ db }));
  v1.use(topxRoutes({ db, authenticate, temporal, workflows }));
  v1.use(topxVerzoekRoutes({ db, authenticate }));
  v1.use(riecRoutes({ db, authenticate, workflows, herkenKoppeling, policy }));
  app.use(API_BASISPAD, v1);
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
