import { z } from 'zod';
import { TOKEN_AUDIENCE } from '../domain/identity';
import { policySchema, type Policy } from '../domain/policy';
import { mailConfigSchema, type MailConfig } from './mail';

/** Parses environment variables into typed configuration; errors list every offending variable at once. */
function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

const port = z.coerce.number().int().min(0).max(65535);

const temporalSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('zvh-casus'),
});

const commonSchema = temporalSchema.extend({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

/**
 * Koppelingen to this machine (http://127.0.0.1…): the simulator and a second local ZVH; npm start and tests only.
 * Checked where a koppeling is registered (API) and where a message is sent (API and worker).
 */
export const loopbackToegestaanSchema = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

/** Messages to partner systems (issue #7; docs/koppelingen.md). */
export const koppelingSchema = z.object({
  // Our name as partner systems know us: sent as ZVH-Sender on every signed request.
  ZVH_KOPPELING_AFZENDER: z
    .string()
    .regex(/^[a-z0-9-]{3,100}$/, 'must be 3–100 lower-case letters, digits or hyphens')
    .default('zvh'),
  // How long one call to a partner may take before it counts as failed (and is retried, where that helps).
  ZVH_KOPPELING_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // This API's base URL as partners and medewerkers reach it: answer links in requests and notification mails.
  ZVH_API_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
});
export type KoppelingConfig = z.infer<typeof koppelingSchema>;
export const standaardKoppeling: KoppelingConfig = koppelingSchema.parse({});

/** The longest a bearer token may be valid, `exp - iat` in seconds (a working day); `zvh token` keeps to it. */
export const tokenLevensduurSchema = z.coerce
  .number()
  .int()
  .min(60)
  .max(7 * 86_400)
  .default(12 * 3600);

const apiSchema = commonSchema
  .extend({
    ...koppelingSchema.shape,
    OIDC_ISSUER: z.url(),
    OIDC_AUDIENCE: z.string().min(1).default(TOKEN_AUDIENCE),
    OIDC_JWKS_URL: z.url().optional(),
    OIDC_MAX_TOKEN_LIFETIME_SECONDS: tokenLevensduurSchema,
    ZVH_KOPPELING_LOOPBACK_TOEGESTAAN: loopbackToegestaanSchema,
    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_PORT: port.default(3000),
    API_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/)
      .default('100kb'),
    API_SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
    // How long a request may wait on Temporal in all (start, Update, signal): past it, a 503 instead of a hang.
    API_TEMPORAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    // The most any request may take in all (default: API_TEMPORAL_TIMEOUT_MS + 4 s, room for its database work): past
    // it, a 503 — uitkomst-onbekend where a write may have happened — and its Idempotency-Key stays reserved.
    API_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(200).max(180_000).optional(),
    // How long one database query may wait for Postgres' answer (client side): a Postgres that stops answering on an
    // open connection gives 503 niet-beschikbaar past it, not a hang (the request's deadline bounds the sum).
    API_DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    // /health/ready wants a worker that polled the task queue this recently. Idle pollers renew once per long poll,
    // which Temporal holds up to a minute (the local dev server: 5 s, infra/temporal-dev-server.ts).
    API_READY_POLLER_MAX_AGE_MS: z.coerce.number().int().min(1000).max(600_000).default(90_000),
    // Whom a deelnemer contacts when the bekendheidscheck answers "bekend" (the ondersteunend bureau's procesregie).
    ZVH_PROCESREGIE_CONTACT: z.string().min(3).max(200).default('procesregie@localhost'),
    // The Temporal Web UI's origin as the browser sees it (scheme://host[:port]): the only origin the codec answers (CORS).
    TEMPORAL_UI_ORIGIN: z
      .url({ protocol: /^https?$/ })
      .refine(
        (u) => !URL.canParse(u) || (new URL(u).pathname === '/' && !/[?#]/.test(u)),
        'must be an origin, scheme://host[:port], without path',
      )
      .transform((u) => new URL(u).origin)
      .default('http://127.0.0.1:8233'),
  })
  .transform((c) => ({ ...c, API_REQUEST_TIMEOUT_MS: c.API_REQUEST_TIMEOUT_MS ?? c.API_TEMPORAL_TIMEOUT_MS + 4_000 }))
  .refine((c) => c.API_REQUEST_TIMEOUT_MS > c.API_TEMPORAL_TIMEOUT_MS, {
    path: ['API_REQUEST_TIMEOUT_MS'],
    message: 'must be longer than API_TEMPORAL_TIMEOUT_MS',
  });

/**
 * The web application (web/; docs/web.md): an OpenID Connect client of the ZVH's identity provider (OIDC_ISSUER),
 * on when ZVH_WEB_CLIENT_ID is set. Session policy: a session ends after ZVH_WEB_SESSIE_IDLE_MINUTEN without a
 * request, and at the latest after ZVH_WEB_SESSIE_MAX_UREN (or when its access token expires, if sooner).
 */
export const webSchema = z.object({
  // Where the browser reaches the web application (scheme://host[:port]); the IdP's redirect URIs start with it.
  ZVH_WEB_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/$/, ''))
    .optional(),
  ZVH_WEB_CLIENT_ID: z.string().min(1).max(200).optional(),
  ZVH_WEB_CLIENT_SECRET: z.string().min(16).max(500).optional(),
  // The scopes to ask for; an IdP that needs one for the API's audience (Entra ID: api://…/zvh) gets it here.
  ZVH_WEB_SCOPE: z.string().min(6).max(500).default('openid profile'),
  ZVH_WEB_SESSIE_IDLE_MINUTEN: z.coerce.number().int().min(1).max(480).default(15),
  ZVH_WEB_SESSIE_MAX_UREN: z.coerce.number().int().min(1).max(12).default(8),
});
export type WebConfig = z.infer<typeof webSchema>;
export const loadWebConfig = (env = process.env): WebConfig => parseEnv(webSchema, env);

/** Who the informatieplicht letter names (SPEC §4; Afspr. 14.11): the Contactpunt, the coördinerend FG, the archive. */
export const contactSchema = z.object({
  ZVH_CONTACTPUNT_CONTACT: z
    .string()
    .trim()
    .min(3)
    .max(500)
    .default('Contactpunt Zorg- en Veiligheidshuis, contactpunt@localhost'),
  ZVH_FG_CONTACT: z.string().trim().min(3).max(500).default('Functionaris gegevensbescherming, fg@localhost'),
  /** Where a person goes for his data once the casus is transferred to the archive (AVG 14 lid 2; Prot. 16.5 j). */
  ZVH_ARCHIEF_CONTACT: z
    .string()
    .trim()
    .min(3)
    .max(500)
    .default('Archiefbeheerder van de gemeente waar het Zorg- en Veiligheidshuis is gevestigd, archief@localhost'),
});
export type Contacten = z.infer<typeof contactSchema>;
export const standaardContacten: Contacten = contactSchema.parse({});

/** The archive transfer at the archiefdatum (SPEC §5; activities/archief.ts): where the package goes, what MDTO says. */
export const archiefSchema = z.object({
  // Where archive packages are delivered at the archiefdatum (the archiefbeheerder's intake folder; SPEC §5).
  ZVH_ARCHIEF_MAP: z.string().min(1).default('.data/archief'),
  // Set: the package is POSTed to the archiefbeheerder's intake endpoint instead of written to the folder.
  ZVH_ARCHIEF_URL: z.url({ protocol: /^https?$/ }).optional(),
  // The MDTO archiefvormer: the ZVH's name and, optionally, its identificatie (e.g. the OIN).
  ZVH_ARCHIEFVORMER: z.string().trim().min(1).max(200).default('Zorg- en Veiligheidshuis'),
  ZVH_ARCHIEFVORMER_ID: z.string().trim().min(1).max(100).optional(),
  // The archive's own retention after the transfer (MDTO bewaartermijn), per the archiefbeheerder's selectielijst.
  ZVH_ARCHIEF_BEWAARTERMIJN_JAREN: z.coerce.number().int().min(1).max(100).default(10),
});
export type ArchiefConfig = z.infer<typeof archiefSchema>;
export const standaardArchief: ArchiefConfig = archiefSchema.parse({});

/**
 * How much one worker process takes on (issue #15; README "Worker sizing"). The workflow cache bounds its memory:
 * an evicted workflow costs nothing until its next task, which replays its (short, continue-as-new) history.
 * The defaults hold 50,000 live casussen under 1 GiB RSS on a 2-core machine (docs/bench.md).
 */
export const workerSizingSchema = z.object({
  // Workflows kept in memory between tasks (Temporal's maxCachedWorkflows); 0 disables the cache.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(100),
  // Threads that run workflow code (workflowThreadPoolSize); the cache is shared among them.
  WORKER_WORKFLOW_THREADS: z.coerce.number().int().min(1).max(16).default(1),
  // V8 old-space limit (MiB) of the worker process (`node --max-old-space-size`, applied per isolate, so to the main
  // thread and each workflow thread): set by the stack's supervisor; elsewhere pass it to node yourself.
  WORKER_MAX_HEAP_MB: z.coerce.number().int().min(128).max(16_384).default(512),
  // Task slots (maxConcurrent…): activities share the database pool, so more slots than connections only queue.
  WORKER_MAX_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(20),
  WORKER_MAX_LOCAL_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(20),
  WORKER_MAX_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(1000).default(20),
  // How long a task waits on this worker's sticky queue before any worker may take it (then it replays there).
  WORKER_STICKY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
});
export type WorkerSizing = z.infer<typeof workerSizingSchema>;
export const loadWorkerSizing = (env = process.env): WorkerSizing => parseEnv(workerSizingSchema, env);

const workerSchema = commonSchema.extend({
  ...koppelingSchema.shape,
  ...archiefSchema.shape,
  ...workerSizingSchema.shape,
  WORKER_HEARTBEAT_FILE: z.string().min(1).optional(),
  // How long one database query of an activity may wait for Postgres' answer (client side): on a Postgres that stops
  // answering the attempt fails and Temporal retries it, instead of holding its slot and connection until it answers.
  // The default equals the longest a transaction may run (infra/db.ts).
  WORKER_DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  ZVH_KOPPELING_LOOPBACK_TOEGESTAAN: loopbackToegestaanSchema,
  // Hour (Dutch time) of the daily anonimisering sweep (workflows/sweep.ts).
  ZVH_SWEEP_UUR: z.coerce.number().int().min(0).max(23).default(2),
  // How often the worker starts registered workflows whose start is unconfirmed (infra/workflow-start.ts).
  ZVH_WORKFLOW_START_CONTROLE_SECONDEN: z.coerce.number().int().min(5).max(3600).default(60),
});

export type TemporalConfig = z.infer<typeof temporalSchema>;
export type ApiConfig = z.infer<typeof apiSchema> & { policy: Policy; contacten: Contacten; web: WebConfig };
export type WorkerConfig = z.infer<typeof workerSchema> & { policy: Policy; mail: MailConfig };

export const loadTemporalConfig = (env = process.env): TemporalConfig => parseEnv(temporalSchema, env);
export const loadApiConfig = (env = process.env): ApiConfig => ({
  ...parseEnv(apiSchema, env),
  policy: parseEnv(policySchema, env),
  contacten: parseEnv(contactSchema, env),
  web: loadWebConfig(env),
});
export const loadWorkerConfig = (env = process.env): WorkerConfig => ({
  ...parseEnv(workerSchema, env),
  policy: parseEnv(policySchema, env),
  mail: parseEnv(mailConfigSchema, env),
});
