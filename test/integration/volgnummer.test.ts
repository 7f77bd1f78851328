import { volgnummer } from '../../infra/volgnummer';
import { stackClients } from '../support/stack-clients';

// Administrative numbers from their Postgres series, on the test stack's database.
const stack = stackClients();

test('one format for every kind of number: kind, Dutch calendar year, six digits from its own series', async () => {
  const eerste = await volgnummer(stack.db, 'DL', new Date('2026-06-01T12:00:00Z'));
  const tweede = await volgnummer(stack.db, 'DL', new Date('2026-06-01T12:00:00Z'));
  expect(eerste).toMatch(/^DL-2026-\d{6}$/);
  expect(Number(tweede.slice(-6))).toBeGreaterThan(Number(eerste.slice(-6)));
  // 23:30 UTC on New Year's Eve is already 1 January in the Netherlands.
  expect(await volgnummer(stack.db, 'ZVH', new Date('2026-12-31T23:30:00Z'))).toMatch(/^ZVH-2027-\d{6}$/);
  expect(await volgnummer(stack.db, 'AVG', new Date('2026-12-31T22:30:00Z'))).toMatch(/^AVG-2026-\d{6}$/);
  expect(await volgnummer(stack.db, 'TX', new Date('2027-01-01T00:30:00Z'))).toMatch(/^TX-2027-\d{6}$/);
});
