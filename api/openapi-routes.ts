import { Router } from 'express';
import { endpoint } from './endpoints';
import { escapeHtml as escape } from '../infra/html';
import { openApiDocument } from './openapi';

interface Op {
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, unknown>>;
  responses?: Record<string, { description?: string }>;
}

/** A browsable reference rendered on the server from the document: no script, no external resource (the CSP stays). */
function pagina(): string {
  const doc = openApiDocument();
  const rijen: string[] = [];
  for (const [pad, item] of Object.entries(doc.paths ?? {})) {
    const basis = (item as { servers?: Array<{ url: string }> }).servers?.[0]?.url ?? doc.servers?.[0]?.url ?? '';
    for (const [methode, op] of Object.entries(item as Record<string, Op>)) {
      if (methode === 'servers') continue;
      const toegang = op.security?.length ? Object.keys(op.security[0] ?? {}).join(', ') : 'geen';
      const statussen = Object.keys(op.responses ?? {}).join(' ');
      rijen.push(
        `<tr><td>${escape(op.tags?.[0] ?? '')}</td><td><code>${methode.toUpperCase()} ` +
          `${escape(`${basis.replace(/\/$/, '')}${pad}`)}</code></td><td>${escape(op.summary ?? '')}</td>` +
          `<td>${escape(toegang)}</td><td>${statussen}</td></tr>`,
      );
    }
  }
  return [
    `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${escape(doc.info.title)} API</title></head>`,
    `<body><h1>${escape(doc.info.title)} API ${escape(doc.info.version)}</h1>`,
    `<p>${escape(doc.info.description ?? '')}</p>`,
    '<p>Het volledige OpenAPI-document, met alle schema&#39;s: <a href="openapi.json">openapi.json</a>.</p>',
    '<table><thead><tr><th>Onderdeel</th><th>Endpoint</th><th>Wat</th><th>Toegang</th><th>Antwoorden</th></tr>',
    `</thead><tbody>${rijen.join('')}</tbody></table></body></html>`,
  ].join('');
}

/**
 * The OpenAPI document at `/v1/openapi.json` (Logius /core/publish-openapi: without authentication, readable from
 * any origin) and a page listing it at `/v1/docs`.
 */
export function openApiRoutes(): Router {
  return Router()
    .get(
      '/openapi.json',
      endpoint('publiek', (_req, res) => {
        res.set('Access-Control-Allow-Origin', '*').json(openApiDocument());
      }),
    )
    .get(
      '/docs',
      endpoint('publiek', (_req, res) => void res.type('text/html; charset=utf-8').send(pagina())),
    );
}
