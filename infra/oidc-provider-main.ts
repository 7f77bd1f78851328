import { createLogger } from './logger';
import { startLocalProvider } from './oidc-provider';
import { whenParentGone } from './processes';

/** The local OpenID Provider as a process of the stack (infra/stack.ts); its settings come from the environment. */
async function main(): Promise<void> {
  if (process.channel) whenParentGone(() => process.exit(0));
  const env = (name: string): string => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set`);
    return v;
  };
  const server = await startLocalProvider({
    dir: env('ZVH_ISSUER_DIR'),
    port: Number(env('ZVH_ISSUER_PORT')),
    webUrl: env('ZVH_WEB_URL'),
    webClientId: env('ZVH_WEB_CLIENT_ID'),
    webClientSecret: env('ZVH_WEB_CLIENT_SECRET'),
    accessTokenSeconden: Number(env('ZVH_ISSUER_TOKEN_SECONDEN')),
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  createLogger('issuer').info('openid provider listening', { port: env('ZVH_ISSUER_PORT') });
}

main().catch((err: unknown) => {
  createLogger('issuer').error('openid provider failed', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
