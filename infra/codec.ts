import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';

/**
 * Encryption of every Temporal payload (workflow and activity inputs and results, Update arguments, query results,
 * memos, failure details) before it leaves the client or worker, so that the Temporal server, its database and its UI
 * hold only ciphertext (issue #6, "Temporal payloads").
 *
 * Format of an encrypted payload:
 *   metadata  encoding = "binary/encrypted", encryption-key-id = <key id>
 *   data      IV (12 random bytes) ‖ AES-256-GCM ciphertext ‖ GCM tag (16 bytes)
 * The plaintext is the whole original payload (its metadata and data) serialised as a temporal.api.common.v1.Payload,
 * so decoding restores it exactly. Decoding picks the key by the id in the metadata: after a rotation, payloads
 * written with an older key keep decoding as long as that key stays configured. Payloads without the
 * "binary/encrypted" encoding (histories recorded before encryption) pass through unchanged.
 */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const ALGORITHM = 'aes-256-gcm';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined): string | undefined =>
  b ? Buffer.from(b).toString('utf8') : undefined;

export interface PayloadCodecConfig {
  /** Every key that may have encrypted a stored payload, by id. */
  keys: ReadonlyMap<string, Buffer>;
  /** The id of the key new payloads are encrypted with. */
  activeKeyId: string;
}

export class EncryptionCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly activeKeyId: string;

  constructor(config: PayloadCodecConfig) {
    const active = config.keys.get(config.activeKeyId);
    if (!active)
      throw new Error(`payload encryption: active key id "${config.activeKeyId}" is not among the configured keys`);
    for (const [id, key] of config.keys) {
      if (key.length !== KEY_BYTES)
        throw new Error(`payload encryption: key "${id}" has ${key.length} bytes, AES-256 needs ${KEY_BYTES}`);
    }
    this.keys = new Map(config.keys);
    this.activeKeyId = config.activeKeyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.activeKeyId) as Buffer;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(this.activeKeyId) },
        data: new Uint8Array(data),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload; // not ours: as is
      const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
      if (!keyId) throw new Error(`payload encryption: encrypted payload without "${KEY_ID_METADATA}" metadata`);
      const key = this.keys.get(keyId);
      if (!key) {
        throw new Error(
          `payload encryption: payload was encrypted with key id "${keyId}", which is not configured (known: ${[...this.keys.keys()].join(', ')}); add it to ZVH_PAYLOAD_KEYS`,
        );
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES)
        throw new Error(`payload encryption: encrypted payload (key id "${keyId}") is too short`);
      const decipher = createDecipheriv(ALGORITHM, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plaintext: Buffer;
      try {
        plaintext = Buffer.concat([
          decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
          decipher.final(),
        ]);
      } catch {
        throw new Error(
          `payload encryption: payload with key id "${keyId}" failed authentication (tampered, or a different key under that id)`,
        );
      }
      const decoded = temporal.api.common.v1.Payload.decode(plaintext);
      return { metadata: decoded.metadata, data: decoded.data };
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------------------------------

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** `keyId:base64key,…` → key map. Messages name the key id, never the key material. */
const keysSchema = z
  .string({
    error:
      'required: comma-separated keyId:base64key entries, each key 32 random bytes (e.g. `openssl rand -base64 32`)',
  })
  .transform((raw, ctx) => {
    const keys = new Map<string, Buffer>();
    const entries = raw
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    if (entries.length === 0)
      ctx.addIssue({ code: 'custom', message: 'no keys: expected comma-separated keyId:base64key entries' });
    entries.forEach((entry, i) => {
      const colon = entry.indexOf(':');
      const id = colon < 0 ? '' : entry.slice(0, colon);
      const b64 = colon < 0 ? '' : entry.slice(colon + 1);
      const fail = (message: string) =>
        ctx.addIssue({ code: 'custom', message: `entry ${i + 1}${id ? ` (key id "${id}")` : ''}: ${message}` });
      if (colon < 0) return fail('expected keyId:base64key');
      if (!KEY_ID.test(id)) return fail('key id must be 1–64 characters of A-Z a-z 0-9 . _ -');
      if (keys.has(id)) return fail('duplicate key id');
      if (!BASE64.test(b64) || b64.length % 4 !== 0) return fail('key is not valid base64');
      const key = Buffer.from(b64, 'base64');
      if (key.length !== KEY_BYTES) return fail(`key has ${key.length} bytes, AES-256 needs exactly ${KEY_BYTES}`);
      keys.set(id, key);
    });
    return keys;
  });

const codecEnvSchema = z
  .object({
    ZVH_PAYLOAD_KEYS: keysSchema,
    ZVH_PAYLOAD_KEY_ACTIVE: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined), // empty = unset: the first key
  })
  .transform((env, ctx): PayloadCodecConfig => {
    const activeKeyId = env.ZVH_PAYLOAD_KEY_ACTIVE ?? [...env.ZVH_PAYLOAD_KEYS.keys()][0] ?? '';
    if (!env.ZVH_PAYLOAD_KEYS.has(activeKeyId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ZVH_PAYLOAD_KEY_ACTIVE'],
        message: `"${activeKeyId}" is not a key id in ZVH_PAYLOAD_KEYS`,
      });
    }
    return { keys: env.ZVH_PAYLOAD_KEYS, activeKeyId };
  });

/** Reads ZVH_PAYLOAD_KEYS and ZVH_PAYLOAD_KEY_ACTIVE; an invalid value throws an error naming the variable. */
export function loadPayloadCodecConfig(env: NodeJS.ProcessEnv = process.env): PayloadCodecConfig {
  const result = codecEnvSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** The data converter for every Temporal Client and Worker of this project: default JSON payloads, encrypted. */
export const dataConverter = (config: PayloadCodecConfig): DataConverter => ({
  payloadCodecs: [new EncryptionCodec(config)],
  failureConverterPath: require.resolve('./failure-converter'),
});

/**
 * For `npm start` and the tests only: a payload key generated once into `<dir>/payload-keys.env` (mode 0600) and
 * read back on later runs, so that a persistent local Temporal keeps decoding. Returns the environment values.
 * Production keys come from the deployment's secret store, never from this file.
 */
export function devPayloadKeys(dir: string): { ZVH_PAYLOAD_KEYS: string; ZVH_PAYLOAD_KEY_ACTIVE: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'payload-keys.env');
  const id = `dev-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
  const content = `# Local development payload key (npm start, tests). Never use in production.\nZVH_PAYLOAD_KEYS=${id}:${randomBytes(KEY_BYTES).toString('base64')}\nZVH_PAYLOAD_KEY_ACTIVE=${id}\n`;
  try {
    writeFileSync(file, content, { mode: 0o600, flag: 'wx' }); // wx: never overwrite an existing key
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const values = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]),
  );
  const env = {
    ZVH_PAYLOAD_KEYS: values.ZVH_PAYLOAD_KEYS ?? '',
    ZVH_PAYLOAD_KEY_ACTIVE: values.ZVH_PAYLOAD_KEY_ACTIVE ?? '',
  };
  try {
    loadPayloadCodecConfig(env);
  } catch (err) {
    throw new Error(
      `${file} holds no valid payload key (deleting it generates a new one, but what the old key encrypted can then no longer be read): ${(err as Error).message}`,
    );
  }
  return env;
}
