import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postOndertekend } from '../koppeling-http';
import { controleerHandtekening, KOPPELING_HEADERS } from '../ondertekening';
import { rollen } from './rollen';

/**
 * The partner simulator (issue #7): one HTTP server playing deelnemer systems, other ZVHs, RIECs and an archive,
 * for development (`npm start` with ZVH_SIMULATOR_PORT) and the integration tests. Each simulated partner lives
 * under `/<soort>/<id>/`, checks our signature exactly as a real one must, records what it received, and can be
 * told to be slow, to fail its first calls or to send its answers twice.
 */
export type SimSoort = 'deelnemer' | 'zvh' | 'riec' | 'archief';

export interface Gedrag {
  /** Wait this long before answering (to exceed our timeout, for instance)… */
  vertragingMs?: number;
  /** …only on the first n calls (after any failed ones); without it, on every call. */
  traagEerst?: number;
  /** Answer the first n calls with 503. */
  faalEerst?: number;
  /** Refuse every call with this status (a 4xx: the partner does not accept the message). */
  weigerMet?: number;
  /** Send each message back to us twice (same Idempotency-Key), as a partner that retries would. */
  dubbel?: boolean;
  /** Take requests, never answer them. */
  stil?: boolean;
}

export interface SimPartner {
  soort: SimSoort;
  /** How the ZVH knows this partner: its koppeling id, and the ZVH-Sender of what it sends. */
  id: string;
  /** The HMAC key shared with the ZVH. */
  sleutel: Buffer;
  gedrag?: Gedrag;
  /** What the role answers with (per role; see ./rollen). */
  script?: unknown;
}

export interface Ontvangen {
  partner: string;
  soort: SimSoort;
  pad: string;
  body: unknown;
  raw: Buffer;
  contentType?: string;
  idempotencyKey?: string;
  /** Whether the ZVH's signature checked out (an unsigned or forged call is answered 401 and recorded). */
  geldig: boolean;
  op: Date;
}

/** What a role handler gets: the partner, the request, and a way to send a signed message to the ZVH. */
export interface RolContext {
  partner: SimPartner;
  /** The path below `/<soort>/<id>`. */
  pad: string;
  body: unknown;
  idempotencyKey?: string;
  /** POSTs to the ZVH's API as this partner (signed with its key), twice when `gedrag.dubbel`; errors are recorded. */
  stuurNaarZvh(pad: string, body: unknown, idempotencyKey: string): void;
}

export type RolHandler = (ctx: RolContext) => Promise<{ status: number; body: unknown }>;

export interface SimulatorOptions {
  port?: number;
  /** The ZVH this simulator talks to: its API and its name (ZVH_KOPPELING_AFZENDER). */
  zvh: { apiUrl: string; afzender: string };
}

export interface Verstuurd {
  partner: string;
  pad: string;
  status: number | 'fout';
  body: unknown;
}

export interface PartnerSimulator {
  url: string;
  /** The base URL to register for a partner (its koppeling's url). */
  partnerUrl(soort: SimSoort, id: string): string;
  voegToe(partner: SimPartner): void;
  ontvangen(partnerId?: string): Ontvangen[];
  /** What the simulated partners sent the ZVH, with the ZVH's answers. */
  verstuurd(partnerId?: string): Verstuurd[];
  /** Resolves once every message sent so far has its answer. */
  rustig(): Promise<void>;
  stop(): Promise<void>;
}

const leesBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const delen: Buffer[] = [];
    req.on('data', (d: Buffer) => delen.push(d));
    req.on('end', () => resolve(Buffer.concat(delen)));
    req.on('error', reject);
  });

const slaap = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startPartnerSimulator(opts: SimulatorOptions): Promise<PartnerSimulator> {
  const partners = new Map<string, SimPartner>();
  const aantalCalls = new Map<string, number>();
  const ontvangen: Ontvangen[] = [];
  const verstuurd: Verstuurd[] = [];
  const onderweg = new Set<Promise<void>>();
  const sleutelVan = (soort: SimSoort, id: string) => `${soort}/${id}`;

  const stuur = (partner: SimPartner, pad: string, body: unknown, idempotencyKey: string) => {
    const keer = partner.gedrag?.dubbel ? 2 : 1;
    for (let i = 0; i < keer; i++) {
      const p = postOndertekend({
        url: opts.zvh.apiUrl,
        pad,
        afzender: partner.id,
        sleutel: partner.sleutel,
        body,
        idempotencyKey,
        timeoutMs: 10_000,
      })
        .then(
          (a) => void verstuurd.push({ partner: partner.id, pad, status: a.status, body: a.body }),
          (err: { status?: number; message: string }) =>
            void verstuurd.push({ partner: partner.id, pad, status: err.status ?? 'fout', body: err.message }),
        )
        .finally(() => onderweg.delete(p));
      onderweg.add(p);
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const antwoord = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const raw = await leesBody(req);
      const url = new URL(req.url ?? '/', 'http://simulator');
      const [, soort, id, ...rest] = url.pathname.split('/');
      const partner = partners.get(sleutelVan(soort as SimSoort, id ?? ''));
      if (!partner) return antwoord(404, { title: 'Onbekende partner' });
      const header = (n: string) => (typeof req.headers[n] === 'string' ? (req.headers[n] as string) : undefined);
      const tijd = Number(header(KOPPELING_HEADERS.tijd));
      // The archive intake authenticates at the transport (TLS client certificate), not with our HMAC.
      const geldig =
        partner.soort === 'archief' ||
        (header(KOPPELING_HEADERS.afzender) === opts.zvh.afzender &&
          controleerHandtekening(
            partner.sleutel,
            {
              afzender: opts.zvh.afzender,
              methode: req.method ?? 'GET',
              pad: url.pathname + url.search,
              body: raw,
              tijd,
            },
            header(KOPPELING_HEADERS.handtekening) ?? '',
            Math.floor(Date.now() / 1000),
          ) === 'geldig');
      let body: unknown = null;
      try {
        body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : null;
      } catch {
        body = raw.toString('utf8');
      }
      const idempotencyKey = header(KOPPELING_HEADERS.idempotentie);
      ontvangen.push({
        partner: partner.id,
        soort: partner.soort,
        pad: `/${rest.join('/')}`,
        body,
        raw,
        contentType: header('content-type'),
        idempotencyKey,
        geldig,
        op: new Date(),
      });
      if (!geldig) return antwoord(401, { title: 'Handtekening ongeldig' });
      const n = (aantalCalls.get(partner.id) ?? 0) + 1;
      aantalCalls.set(partner.id, n);
      const g = partner.gedrag ?? {};
      if (g.weigerMet) return antwoord(g.weigerMet, { title: 'Bericht niet geaccepteerd' });
      if (n <= (g.faalEerst ?? 0)) return antwoord(503, { title: 'Tijdelijk niet beschikbaar' });
      if (g.vertragingMs && (g.traagEerst === undefined || n - (g.faalEerst ?? 0) <= g.traagEerst))
        await slaap(g.vertragingMs);
      const uit = await rollen[partner.soort]({
        partner,
        pad: `/${rest.join('/')}`,
        body,
        idempotencyKey,
        stuurNaarZvh: (pad, b, key) => (partner.gedrag?.stil ? undefined : stuur(partner, pad, b, key)),
      });
      antwoord(uit.status, uit.body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    partnerUrl: (soort, id) => `${url}/${soort}/${id}`,
    voegToe: (p) => void partners.set(sleutelVan(p.soort, p.id), p),
    ontvangen: (partnerId) => ontvangen.filter((o) => partnerId === undefined || o.partner === partnerId),
    verstuurd: (partnerId) => verstuurd.filter((v) => partnerId === undefined || v.partner === partnerId),
    rustig: async () => {
      while (onderweg.size > 0) await Promise.allSettled([...onderweg]);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
