import type { Request } from 'express';
import type { KoppelingSoort, Prisma } from '../generated/prisma/client';
import { logAudit } from '../infra/audit';
import type { PayloadCodecConfig } from '../infra/codec';
import type { Db } from '../infra/db';
import { isHttpsKoppeling } from '../infra/koppeling-http';
import { ontsleutelKoppelingSleutel } from '../infra/koppeling-sleutel';
import { controleerHandtekening, KOPPELING_HEADERS, sha256Hex } from '../infra/ondertekening';
import { Problem, problems } from './problem';

/** A partner system whose signature checked out. */
export interface KoppelingAfzender {
  id: string;
  soort: KoppelingSoort;
  deelnemerId: string | null;
}

/** The body exactly as it arrived (api/app.ts keeps it): the signature covers these bytes, not a re-serialisation. */
export const RAW_BODY = Symbol('rawBody');
export type MetRawBody = Request & { [RAW_BODY]?: Buffer };
export const rawBodyVan = (req: Request): Buffer => (req as MetRawBody)[RAW_BODY] ?? Buffer.alloc(0);

const ONTVANGEN = 'koppeling.ontvangen';
const GRONDSLAG = 'WGS 2.28; WGS 2.29; WGS 1.7 (berichtenverkeer met partnersystemen)';
const afgewezen = (detail: string) => new Problem(401, 'koppeling-niet-herkend', 'Afzender niet herkend', detail);

/**
 * Recognises a signed request from a registered, active partner of the expected kind (infra/ondertekening.ts).
 * Every refusal is logged with the registered koppeling it claimed to be (an unknown name is not copied into the log).
 */
export function createKoppelingAuth(db: Db, sleutels: PayloadCodecConfig) {
  return async function herken(req: Request, soort: KoppelingSoort): Promise<KoppelingAfzender> {
    const header = (naam: string) => {
      const v = req.headers[naam];
      return typeof v === 'string' ? v : undefined;
    };
    const afzender = header(KOPPELING_HEADERS.afzender);
    const tijd = Number(header(KOPPELING_HEADERS.tijd));
    const ontvangen = header(KOPPELING_HEADERS.handtekening);
    const koppeling =
      afzender && afzender.length <= 100 ? await db.koppeling.findUnique({ where: { id: afzender } }) : null;
    const weiger = async (reden: string, detail: string): Promise<never> => {
      await logAudit(db, {
        medewerkerId: null,
        deelnemerId: koppeling?.deelnemerId ?? null,
        actie: ONTVANGEN,
        casusId: null,
        grondslag: GRONDSLAG,
        uitkomst: 'GEWEIGERD',
        detail: { koppelingId: koppeling?.id ?? 'onbekend', reden },
      });
      throw afgewezen(detail);
    };
    if (!afzender || !ontvangen || !Number.isInteger(tijd))
      return weiger(
        'HEADERS',
        `Onderteken het verzoek met de headers ${Object.values(KOPPELING_HEADERS).slice(0, 3).join(', ')}.`,
      );
    if (!koppeling || !koppeling.actief || koppeling.soort !== soort || !isHttpsKoppeling(koppeling))
      return weiger('ONBEKEND', 'Deze afzender is hier geen actieve koppeling van dit soort.');
    let sleutel: Buffer;
    try {
      sleutel = ontsleutelKoppelingSleutel(sleutels, koppeling.id, koppeling);
    } catch {
      // Its key is under a payload key no longer configured (or damaged): the systeembeheerder must issue a new one.
      return weiger(
        'SLEUTEL_ONLEESBAAR',
        'De sleutel van deze koppeling is hier niet bruikbaar; vraag de systeembeheerder om een nieuwe.',
      );
    }
    const controle = controleerHandtekening(
      sleutel,
      { afzender, methode: req.method, pad: req.originalUrl, body: rawBodyVan(req), tijd },
      ontvangen,
      Math.floor(Date.now() / 1000),
    );
    if (controle === 'buiten-tijdvenster')
      return weiger('TIJD', 'Het tijdstip van de ondertekening ligt te ver van nu; controleer de klok.');
    if (controle !== 'geldig') return weiger('HANDTEKENING', 'De handtekening klopt niet.');
    return { id: koppeling.id, soort: koppeling.soort, deelnemerId: koppeling.deelnemerId };
  };
}

export type HerkenKoppeling = ReturnType<typeof createKoppelingAuth>;

export interface Verwerkt {
  status: number;
  /** Ids and states only: it is kept to answer a repeat. */
  body: Prisma.InputJsonValue;
}

const idempotencyKey = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * Processes a partner's message once per Idempotency-Key (required): the work and the record of its answer commit
 * together, a repeat (also a concurrent one) gets that answer back with `herhaald`, and the same key with another
 * body is a 422. A refusal (a thrown Problem) stores nothing, so a corrected message can be sent under the same key.
 */
export async function eenmaal(
  db: Db,
  req: Request,
  afzender: KoppelingAfzender,
  verwerk: (tx: Prisma.TransactionClient) => Promise<Verwerkt>,
): Promise<Verwerkt & { herhaald: boolean }> {
  const key = req.headers[KOPPELING_HEADERS.idempotentie];
  if (typeof key !== 'string' || !idempotencyKey.test(key))
    throw new Problem(
      400,
      'idempotency-key-ontbreekt',
      'Idempotency-Key ontbreekt',
      'Geef elk bericht een vaste Idempotency-Key (8–200 tekens: letters, cijfers, . _ : -).',
    );
  const bodyHash = sha256Hex(rawBodyVan(req));
  const eerder = async () => {
    const o = await db.koppelingOntvangst.findUnique({
      where: { koppelingId_idempotencyKey: { koppelingId: afzender.id, idempotencyKey: key } },
    });
    if (!o) return null;
    if (o.bodyHash !== bodyHash)
      throw problems.idempotencyKeyHergebruikt('Deze Idempotency-Key hoort bij een ander bericht.');
    return { status: o.status, body: o.antwoord as Prisma.InputJsonValue, herhaald: true };
  };
  const al = await eerder();
  if (al) return al;
  try {
    const uitkomst = await db.$transaction(async (tx) => {
      const v = await verwerk(tx);
      await tx.koppelingOntvangst.create({
        data: { koppelingId: afzender.id, idempotencyKey: key, bodyHash, status: v.status, antwoord: v.body },
      });
      return v;
    });
    return { ...uitkomst, herhaald: false };
  } catch (err) {
    // A concurrent copy of this message committed first: answer as it was answered.
    if ((err as { code?: unknown }).code === 'P2002') {
      const gelijktijdig = await eerder();
      if (gelijktijdig) return gelijktijdig;
    }
    throw err;
  }
}
