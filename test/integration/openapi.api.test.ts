import { API_VERSIE } from '../../infra/api-versie';
import { requireEnv } from '../support/fixtures';

const api = () => requireEnv('ZVH_TEST_API_URL');

test('the OpenAPI document is served without a token, readable from any origin, with the version it documents', async () => {
  const res = await fetch(`${api()}/v1/openapi.json`, { headers: { origin: 'https://ergens.example' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*'); // Logius /core/publish-openapi
  expect(res.headers.get('api-version')).toBe(API_VERSIE);
  const doc = (await res.json()) as { openapi: string; info: { version: string }; paths: Record<string, unknown> };
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.info.version).toBe(API_VERSIE);
  expect(Object.keys(doc.paths)).toContain('/casussen/{id}/intake-besluit');
});

test('the reference page lists every path of the document and loads nothing from elsewhere', async () => {
  const doc = (await (await fetch(`${api()}/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
  const res = await fetch(`${api()}/v1/docs`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  const html = await res.text();
  expect(html).not.toMatch(/<script|<link|src=/);
  for (const pad of Object.keys(doc.paths))
    expect(html).toContain(pad.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`));
});

test("the old unversioned paths are not the API's any more: the web application has them, and asks to log in", async () => {
  const res = await fetch(`${api()}/casussen/00000000-0000-4000-8000-000000000000`, { redirect: 'manual' });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toMatch(/^\/inloggen\?/);
  // Under the version prefix, what the API does not know is a 404 problem with the version header.
  const onbekend = await fetch(`${api()}/v1/bestaat-niet`);
  expect(onbekend.status).toBe(404);
  expect(onbekend.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(onbekend.headers.get('api-version')).toBe(API_VERSIE);
});
