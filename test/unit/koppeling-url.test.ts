import { nieuweKoppelingSchema } from '../../api/koppelingen';

// A koppeling on this machine (loopback) is for development only: the simulator, a second local ZVH. Production
// runs without ZVH_KOPPELING_LOOPBACK_TOEGESTAAN, so such a URL cannot be registered there.
const koppeling = (url: string) => ({ id: 'partner-systeem', naam: 'Partner', soort: 'ZVH', kanaal: 'HTTPS', url });
const fouten = (loopbackToegestaan: boolean, url: string) =>
  nieuweKoppelingSchema(loopbackToegestaan).safeParse(koppeling(url)).error?.issues.map((i) => i.path.join('.')) ?? [];

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
