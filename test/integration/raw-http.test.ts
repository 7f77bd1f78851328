import { connect } from 'node:net';
import { requireEnv } from '../support/fixtures';

// Requests that Node's HTTP parser rejects before Express sees them still get a problem answer.
function raw(request: string): Promise<string> {
  const { hostname, port } = new URL(requireEnv('ZVH_TEST_API_URL'));
  return new Promise((ok, fail) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.on('end', () => ok(answer));
    socket.on('error', fail);
  });
}

test.each([
  ['a malformed request line', 'GARBAGE\r\n\r\n', 400],
  ['headers over the size limit', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
])('%s → %i problem', async (_name, request, status) => {
  const answer = await raw(request);
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  expect(head.split('\r\n')[0]).toBe(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`,
  );
  expect(head.toLowerCase()).toContain('content-type: application/problem+json');
  expect(JSON.parse(body)).toMatchObject({ type: 'urn:zvh-wgs:probleem:onleesbaar-verzoek', status });
});
