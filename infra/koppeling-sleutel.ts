import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { PayloadCodecConfig } from './codec';

/**
 * The HMAC keys shared with partner systems, encrypted at rest (AES-256-GCM) under a key derived (HKDF) from the
 * payload key: one secret to manage and rotate for the deployment, while a database dump alone cannot forge a
 * partner's messages. The koppeling's id is bound in as associated data, so a key cannot be moved to another row.
 */
export const KOPPELING_SLEUTEL_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const afgeleid = (payloadKey: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', payloadKey, Buffer.alloc(0), 'zvh-wgs koppeling-sleutel v1', 32));

export interface VersleuteldeSleutel {
  sleutel: Uint8Array<ArrayBuffer>;
  sleutelId: string;
}

export function nieuweKoppelingSleutel(): Buffer {
  return randomBytes(KOPPELING_SLEUTEL_BYTES);
}

export function versleutelKoppelingSleutel(
  config: PayloadCodecConfig,
  koppelingId: string,
  sleutel: Buffer,
): VersleuteldeSleutel {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', afgeleid(config.keys.get(config.activeKeyId) as Buffer), iv, {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(Buffer.from(koppelingId, 'utf8'));
  const data = Buffer.concat([iv, cipher.update(sleutel), cipher.final(), cipher.getAuthTag()]);
  return { sleutel: new Uint8Array(data), sleutelId: config.activeKeyId };
}

export function ontsleutelKoppelingSleutel(
  config: PayloadCodecConfig,
  koppelingId: string,
  opgeslagen: { sleutel: Uint8Array; sleutelId: string },
): Buffer {
  const payloadKey = config.keys.get(opgeslagen.sleutelId);
  if (!payloadKey)
    throw new Error(
      `koppeling ${koppelingId}: its key is encrypted under payload key id "${opgeslagen.sleutelId}", which is not configured`,
    );
  const data = Buffer.from(opgeslagen.sleutel);
  const decipher = createDecipheriv('aes-256-gcm', afgeleid(payloadKey), data.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(koppelingId, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
}
