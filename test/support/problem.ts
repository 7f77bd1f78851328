/** Asserts an RFC 9457 problem answer of the given status and kind; returns its body for further checks. */
export async function expectProblem(res: Response, status: number, slug: string): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ type: `urn:zvh-wgs:probleem:${slug}`, status });
  expect(typeof body.title).toBe('string');
  return body;
}
