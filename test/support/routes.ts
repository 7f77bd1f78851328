import { createApp } from '../../api/app';
import { TOEGANG, type Toegang } from '../../api/endpoints';
import { standaardPolicy } from '../../domain/policy';
import { createLogger } from '../../infra/logger';

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: unknown }> };
  handle?: { stack?: Layer[] };
  /** The path a router is mounted at (`app.use('/v1', router)`); '/' when mounted without one. */
  rawPath?: unknown;
}

/**
 * Every route the API really has ("METHOD /path"), with the access its handler declares (undefined when it declares
 * none): Express 5's router tree of an app built with inert dependencies (nothing is called).
 */
export function appRoutes(): Record<string, Toegang | undefined> {
  const app = createApp({
    db: {} as never,
    authenticate: () => Promise.reject(new Error('not used')),
    temporal: {} as never,
    taskQueue: 'unused',
    policy: standaardPolicy,
    procesregieContact: 'procesregie@localhost',
    log: createLogger('test', 'error'),
    bodyLimit: '1kb',
    rateLimitPerMinute: 1,
    codecServer: {
      codec: { encode: async (p) => p, decode: async (p) => p },
      uiOrigin: 'http://127.0.0.1:8233',
      namespace: 'default',
    },
    sleutels: { keys: new Map([['unused', Buffer.alloc(32)]]), activeKeyId: 'unused' },
  });
  const found: Record<string, Toegang | undefined> = {};
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const declared = layer.route.stack
          .map((l) => (l.handle as { [TOEGANG]?: Toegang })[TOEGANG])
          .find((t) => t !== undefined);
        for (const method of Object.keys(layer.route.methods))
          found[`${method.toUpperCase()} ${prefix}${layer.route.path}`] = declared;
      } else if (layer.handle?.stack) {
        walk(
          layer.handle.stack,
          typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? `${prefix}${layer.rawPath}` : prefix,
        );
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found;
}
