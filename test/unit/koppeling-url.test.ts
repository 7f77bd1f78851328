import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { postAanKoppeling, type KoppelingOpties } from '../../activities/koppeling';
import { nieuweKoppelingSchema } from '../../api/koppelingen';
import { nieuweKoppelingSleutel, versleutelKoppelingSleutel } from '../../infra/koppeling-sleutel';

// A koppeling on this machine (loopback) is for development only: the simulator, a second local ZVH. Production
// runs without ZVH_KOPPELING_LOOPBACK_TOEGESTAAN, so such a URL cannot be registered there.
const koppeling = (url: string) => ({ id: 'partner-systeem', naam: 'Partner', soort: 'ZVH', kanaal: 'HTTPS', url });
const fouten = (loopbackToegestaan: boolean, url: string) =>
  nieuweKoppelingSchema(loopbackToegestaan)
    .safeParse(koppeling(url))
    .error?.issues.map((i) => i.path.join('.')) ?? [];

const loopback = [
  'http://127.0.0.1:4000/zvh',
  'https://127.0.0.1/zvh',
  'http://localhost:3000',
  'https://zvh.localhost',
  'http://127.1:3000',
  'http://0x7f.0.0.1',
  'http://[::1]:3000',
  'http://[::ffff:127.0.0.1]',
  'http://0.0.0.0:3000',
];

test.each(loopback)('without the flag, %s is refused, naming the url', (url) => {
  expect(fouten(false, url)).toEqual(['url']);
});

test.each(loopback)('with the flag (development), %s is taken', (url) => {
  expect(fouten(true, url)).toEqual([]);
});

test('an https partner elsewhere is taken either way; plain http elsewhere never', () => {
  expect(fouten(false, 'https://zvh.buurregio.example/api')).toEqual([]);
  expect(fouten(true, 'https://zvh.buurregio.example/api')).toEqual([]);
  expect(fouten(true, 'http://zvh.buurregio.example/api')).toEqual(['url']);
});

describe('at sending, the same rule holds (a koppeling registered while loopback was allowed)', () => {
  // A real partner on this machine that counts what reaches it.
  let server: Server;
  let ontvangen = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      ontvangen += 1;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const sleutels = { keys: new Map([['k1', Buffer.alloc(32, 7)]]), activeKeyId: 'k1' };
  const verstuur = (loopbackToegestaan: boolean) => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/zvh`;
    const k = {
      id: 'partner-lokaal',
      url,
      ...versleutelKoppelingSleutel(sleutels, 'partner-lokaal', nieuweKoppelingSleutel()),
    };
    const opties: KoppelingOpties = {
      sleutels,
      afzender: 'zvh',
      timeoutMs: 5_000,
      apiUrl: 'http://127.0.0.1:1',
      loopbackToegestaan,
    };
    return postAanKoppeling(opties, k, 'meldingen', { melding: 1 }, 'melding-1');
  };

  test('without the flag nothing is sent, and the refusal is final (non-retryable)', async () => {
    const voor = ontvangen;
    const fout = await verstuur(false).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(fout).toBeInstanceOf(ApplicationFailure);
    expect(fout).toMatchObject({ type: 'KOPPELING_NIET_TOEGESTAAN', nonRetryable: true });
    expect(ontvangen).toBe(voor);
  });

  test('with the flag (development) the message arrives', async () => {
    const voor = ontvangen;
    await expect(verstuur(true)).resolves.toMatchObject({ status: 200, body: { ok: true } });
    expect(ontvangen).toBe(voor + 1);
  });
});
