import express from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Policy } from '../domain/policy';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import { auditRoutes } from './audit-routes';
import type { Authenticate } from './auth';
import { bekendheidscheckRoutes } from './bekendheidscheck';
import { besluitRoutes } from './besluiten';
import { casusRoutes } from './casussen';
import { codecRoutes, type CodecServerOptions } from './codec-routes';
import { hardening } from './hardening';
import { healthRoutes } from './health';
import { importRoutes } from './import';
import { legalHoldRoutes } from './legal-holds';
import { errorHandler, notFound, requireJson } from './problem';
import { registerRoutes } from './register-routes';
import { triageRoutes } from './triage';
import { verstrekkingRoutes } from './verstrekkingen';

// Validation messages are read by people at the deelnemers: Dutch.
z.config(z.locales.nl());

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
}

export function createApp({ db, authenticate, temporal, taskQueue, policy, procesregieContact, log, bodyLimit, rateLimitPerMinute, codecServer }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(hardening({ rateLimitPerMinute, log }));
  app.use(requireJson);
  app.use(express.json({ limit: bodyLimit, strict: true }));
  app.use(healthRoutes(db, temporal));
  app.use(casusRoutes({ db, authenticate, temporal, taskQueue }));
  app.use(importRoutes({ db, authenticate, temporal, taskQueue, policy }));
  app.use(besluitRoutes({ db, authenticate, temporal }));
  app.use(verstrekkingRoutes({ db, authenticate }));
  app.use(triageRoutes({ db, authenticate, temporal }));
  app.use(bekendheidscheckRoutes({ db, authenticate, procesregieContact }));
  app.use(legalHoldRoutes({ db, authenticate, temporal }));
  app.use(auditRoutes({ db, authenticate }));
  app.use(codecRoutes({ db, authenticate, ...codecServer }));
  app.use(registerRoutes({ db, authenticate }));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
