import type { Express } from 'express';
import { acties } from '../../domain/autorisatie';
import { createApp } from '../../api/app';
import { TOEGANG, type Toegang } from '../../api/endpoints';
import { createLogger } from '../../infra/logger';

// Every route of the API is declared with its policy action (or as public), and this list is the complete API:
// a new endpoint fails here until it is declared and listed, so it cannot bypass domain/autorisatie.ts.
const expected: Record<string, Toegang> = {
  'GET /health': 'publiek',
  'POST /casussen': 'casus.aanmelden',
  'GET /casussen/:id': 'casus.raadplegen',
  'POST /casussen/:id/intake-besluit': 'casus.intakebesluit',
  'GET /auditlog': 'auditlog.raadplegen',
  'POST /codec/decode': 'codec.gebruiken',
  'POST /codec/encode': 'codec.gebruiken',
};

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: unknown }> };
  handle?: { stack?: Layer[] };
}

/** Walks Express 5's router tree (routers mounted with app.use) and reads each route's declared access. */
function routes(app: Express): Record<string, Toegang | undefined> {
  const found: Record<string, Toegang | undefined> = {};
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const declared = layer.route.stack.map((l) => (l.handle as { [TOEGANG]?: Toegang })[TOEGANG]).find((t) => t !== undefined);
        for (const method of Object.keys(layer.route.methods)) found[`${method.toUpperCase()} ${layer.route.path}`] = declared;
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

const app = createApp({
  db: {} as never,
  authenticate: () => Promise.reject(new Error('not used')),
  temporal: {} as never,
  taskQueue: 'unused',
  log: createLogger('test', 'error'),
  bodyLimit: '1kb',
  rateLimitPerMinute: 1,
  codecServer: { codec: { encode: async (p) => p, decode: async (p) => p }, uiOrigin: 'http://127.0.0.1:8233', namespace: 'default' },
});

test('the API has exactly the listed endpoints, each declared with the listed access', () => {
  expect(routes(app)).toStrictEqual(expected); // strict: an undeclared route maps to undefined
});

test('every declared action is in the policy, and every policy action has an endpoint', () => {
  const used = new Set(Object.values(expected));
  for (const toegang of used) expect(['publiek', ...acties]).toContain(toegang);
  for (const actie of acties) expect(used).toContain(actie);
});
