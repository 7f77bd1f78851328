import { Client } from '@temporalio/client';
import { dataConverter, EncryptionCodec, loadPayloadCodecConfig } from '../infra/codec';
import { loadApiConfig } from '../infra/config';
import { createDb } from '../infra/db';
import { createLogger } from '../infra/logger';
import { whenParentGone } from '../infra/processes';
import { connectClient } from '../infra/temporal';
import { createApp } from './app';
import { answerClientError } from './problem';
import { createAuthenticator } from './auth';
import { randomBytes } from 'node:crypto';
import type { ApiConfig } from '../infra/config';
import type { Logger } from '../infra/logger';
import { webRouter } from '../web/app';

/** The web application, when it is registered at the IdP as a client (ZVH_WEB_CLIENT_ID; docs/web.md). */
function webVoor(config: ApiConfig, log: Logger) {
  const { ZVH_WEB_CLIENT_ID, ZVH_WEB_CLIENT_SECRET, ZVH_WEB_URL } = config.web;
  if (!ZVH_WEB_CLIENT_ID) return undefined;
  if (!ZVH_WEB_CLIENT_SECRET || !ZVH_WEB_URL)
    throw new Error('ZVH_WEB_CLIENT_ID needs ZVH_WEB_CLIENT_SECRET and ZVH_WEB_URL');
  // The pages call this process's API over loopback, marked with a secret of this process (web/api.ts).
  const host = ['0.0.0.0', '::'].includes(config.API_HOST) ? '127.0.0.1' : config.API_HOST;
  const interneSleutel = randomBytes(32).toString('base64url');
  const router = webRouter({
    issuer: config.OIDC_ISSUER,
    clientId: ZVH_WEB_CLIENT_ID,
    clientSecret: ZVH_WEB_CLIENT_SECRET,
    webUrl: ZVH_WEB_URL,
    scope: config.web.ZVH_WEB_SCOPE,
    idleMinuten: config.web.ZVH_WEB_SESSIE_IDLE_MINUTEN,
    maxUren: config.web.ZVH_WEB_SESSIE_MAX_UREN,
    apiBasis: `http://${host.includes(':') ? `[${host}]` : host}:${config.API_PORT}`,
    interneSleutel,
    log,
  });
  return { router, interneSleutel };
}

async function main(): Promise<void> {
  // Under the local stack's supervisor: stop with it, however it ends (infra/supervisor.ts), as on SIGTERM (which
  // ends the process at once until its handler, or the Temporal SDK's, is installed).
  if (process.channel) whenParentGone(() => process.kill(process.pid, 'SIGTERM'));
  const config = loadApiConfig();
  const log = createLogger('api', config.LOG_LEVEL);
  const db = createDb(config.DATABASE_URL, { queryTimeoutMs: config.API_DB_QUERY_TIMEOUT_MS });
  const connection = await connectClient(config);
  const sleutels = loadPayloadCodecConfig();
  const temporal = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverter(sleutels),
  });
  const authenticate = createAuthenticator(db, {
    issuer: config.OIDC_ISSUER,
    audience: config.OIDC_AUDIENCE,
    jwksUrl: config.OIDC_JWKS_URL,
    maxLevensduurSeconden: config.OIDC_MAX_TOKEN_LIFETIME_SECONDS,
  });
  const app = createApp({
    web: webVoor(config, log),
    db,
    authenticate,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    policy: config.policy,
    procesregieContact: config.ZVH_PROCESREGIE_CONTACT,
    log,
    bodyLimit: config.API_BODY_LIMIT,
    rateLimitPerMinute: config.API_RATE_LIMIT_PER_MINUTE,
    codecServer: {
      codec: new EncryptionCodec(sleutels),
      uiOrigin: config.TEMPORAL_UI_ORIGIN,
      namespace: config.TEMPORAL_NAMESPACE,
    },
    contacten: config.contacten,
    sleutels,
    koppeling: {
      ZVH_KOPPELING_AFZENDER: config.ZVH_KOPPELING_AFZENDER,
      ZVH_KOPPELING_TIMEOUT_MS: config.ZVH_KOPPELING_TIMEOUT_MS,
      ZVH_API_URL: config.ZVH_API_URL,
    },
    temporalTimeoutMs: config.API_TEMPORAL_TIMEOUT_MS,
    requestTimeoutMs: config.API_REQUEST_TIMEOUT_MS,
    pollerMaxAgeMs: config.API_READY_POLLER_MAX_AGE_MS,
    koppelingLoopbackToegestaan: config.ZVH_KOPPELING_LOOPBACK_TOEGESTAAN,
  });

  const server = app.listen(config.API_PORT, config.API_HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.API_PORT;
    log.info('api listening', { url: `http://${config.API_HOST}:${port}` });
  });
  server.on('clientError', answerClientError);

  // Graceful shutdown: stop accepting, let in-flight requests finish (bounded), then close the connections.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('api stopping', { signal });
    const force = setTimeout(() => server.closeAllConnections(), config.API_SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      clearTimeout(force);
      void Promise.allSettled([db.$disconnect(), connection.close()]).then(() => {
        log.info('api stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  createLogger('api').error('api failed to start', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
