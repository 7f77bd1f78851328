import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  dataConverter,
  devPayloadKeys,
  EncryptionCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  loadPayloadCodecConfig,
} from '../../infra/codec';

const key = () => randomBytes(32).toString('base64');
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');
const codecFor = (env: Record<string, string>) => new EncryptionCodec(loadPayloadCodecConfig(env));
const value = { casusId: 'e7b77d10-28bc-4df6-81b1-f067a6b59cfb', fase: 'TRIAGE' };
const plain = (): Payload => defaultPayloadConverter.toPayload(value);

describe('EncryptionCodec', () => {
  const k1 = key();
  const codec = codecFor({ ZVH_PAYLOAD_KEYS: `k1:${k1}` });

  test('round trip: ciphertext with the key id in the metadata, decoded back to the exact payload', async () => {
    const original = [
      plain(),
      defaultPayloadConverter.toPayload(undefined),
      defaultPayloadConverter.toPayload('Jansen'),
    ];
    const encoded = await codec.encode(original);
    expect(encoded).toHaveLength(3);
    for (const p of encoded) {
      expect(text(p.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
      expect(text(p.metadata?.[KEY_ID_METADATA])).toBe('k1');
      expect(Object.keys(p.metadata ?? {}).sort()).toEqual([KEY_ID_METADATA, 'encoding'].sort());
      const raw = Buffer.from(p.data ?? []).toString('latin1');
      for (const leak of [value.casusId, 'TRIAGE', 'Jansen', 'json/plain']) expect(raw).not.toContain(leak);
    }
    const decoded = await codec.decode(encoded);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([value, undefined, 'Jansen']);
    expect(decoded.map((p) => text(p.metadata?.encoding))).toEqual(original.map((p) => text(p.metadata?.encoding)));
  });

  test('a fresh random IV per payload: the same value never gives the same ciphertext', async () => {
    const [a, b] = await codec.encode([plain(), plain()]);
    expect(Buffer.from(a?.data ?? []).equals(Buffer.from(b?.data ?? []))).toBe(false);
    expect(
      Buffer.from(a?.data ?? [])
        .subarray(0, 12)
        .equals(Buffer.from(b?.data ?? []).subarray(0, 12)),
    ).toBe(false);
  });

  test('rotation: with a new active key, payloads of the old key still decode and new ones use the new key', async () => {
    const old = await codec.encode([plain()]);
    const rotated = codecFor({ ZVH_PAYLOAD_KEYS: `k1:${k1},k2:${key()}`, ZVH_PAYLOAD_KEY_ACTIVE: 'k2' });
    expect((await rotated.decode(old)).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([value]);
    const fresh = await rotated.encode([plain()]);
    expect(text(fresh[0]?.metadata?.[KEY_ID_METADATA])).toBe('k2');
    expect((await rotated.decode(fresh)).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([value]);
    // The old codec cannot read what the new key wrote: a clear error naming the missing key id.
    await expect(codec.decode(fresh)).rejects.toThrow(/key id "k2", which is not configured \(known: k1\)/);
  });

  test('an unknown key id is a clear error', async () => {
    const other = codecFor({ ZVH_PAYLOAD_KEYS: `elders:${key()}` });
    await expect(other.decode(await codec.encode([plain()]))).rejects.toThrow(
      /key id "k1", which is not configured.*ZVH_PAYLOAD_KEYS/,
    );
  });

  test('tampered ciphertext, tag or IV fails GCM authentication', async () => {
    const [p] = await codec.encode([plain()]);
    const data = Buffer.from(p?.data ?? []);
    for (const at of [0, 12, Math.floor(data.length / 2), data.length - 1]) {
      const tampered = Buffer.from(data);
      tampered[at] = (tampered[at] ?? 0) ^ 0x01;
      await expect(codec.decode([{ ...p, data: tampered }])).rejects.toThrow(/failed authentication/);
    }
    await expect(codec.decode([{ ...p, data: data.subarray(0, 20) }])).rejects.toThrow(/too short/);
    // The same id with a different key is detected as well.
    const impostor = codecFor({ ZVH_PAYLOAD_KEYS: `k1:${key()}` });
    await expect(impostor.decode([p as Payload])).rejects.toThrow(/failed authentication/);
  });

  test('an encrypted payload without key id is an error', async () => {
    const [p] = await codec.encode([plain()]);
    await expect(
      codec.decode([{ metadata: { encoding: p?.metadata?.encoding as Uint8Array }, data: p?.data ?? null }]),
    ).rejects.toThrow(/without "encryption-key-id"/);
  });

  test('payloads that are not encrypted (histories from before encryption) pass through unchanged', async () => {
    const payloads = [
      plain(),
      defaultPayloadConverter.toPayload(null),
      { metadata: {}, data: new Uint8Array([1, 2]) },
      {},
    ];
    const decoded = await codec.decode(payloads);
    expect(decoded).toEqual(payloads);
    expect(decoded[0]).toBe(payloads[0]);
  });

  test('dataConverter gives client and worker the codec', () => {
    expect(dataConverter(loadPayloadCodecConfig({ ZVH_PAYLOAD_KEYS: `k1:${k1}` })).payloadCodecs).toEqual([
      expect.any(EncryptionCodec),
    ]);
  });
});

describe('loadPayloadCodecConfig', () => {
  const k = key();

  test('parses keys; the first is active unless ZVH_PAYLOAD_KEY_ACTIVE names another', () => {
    const one = loadPayloadCodecConfig({ ZVH_PAYLOAD_KEYS: ` a:${k} , b:${key()} ` });
    expect([...one.keys.keys()]).toEqual(['a', 'b']);
    expect(one.activeKeyId).toBe('a');
    expect(one.keys.get('a')).toEqual(Buffer.from(k, 'base64'));
    expect(
      loadPayloadCodecConfig({ ZVH_PAYLOAD_KEYS: `a:${k},b:${key()}`, ZVH_PAYLOAD_KEY_ACTIVE: 'b' }).activeKeyId,
    ).toBe('b');
    expect(loadPayloadCodecConfig({ ZVH_PAYLOAD_KEYS: `a:${k}`, ZVH_PAYLOAD_KEY_ACTIVE: '' }).activeKeyId).toBe('a');
  });

  test.each([
    ['missing', {}, /ZVH_PAYLOAD_KEYS: required/],
    ['empty', { ZVH_PAYLOAD_KEYS: ' , ' }, /ZVH_PAYLOAD_KEYS: no keys/],
    ['no key id', { ZVH_PAYLOAD_KEYS: k }, /entry 1: expected keyId:base64key/],
    ['bad key id', { ZVH_PAYLOAD_KEYS: `a b:${k}` }, /key id must be/],
    ['duplicate key id', { ZVH_PAYLOAD_KEYS: `a:${k},a:${key()}` }, /entry 2 \(key id "a"\): duplicate key id/],
    ['not base64', { ZVH_PAYLOAD_KEYS: 'a:not*base64!' }, /key id "a"\): key is not valid base64/],
    [
      '16-byte key',
      { ZVH_PAYLOAD_KEYS: `a:${randomBytes(16).toString('base64')}` },
      /key has 16 bytes, AES-256 needs exactly 32/,
    ],
    [
      'unknown active key',
      { ZVH_PAYLOAD_KEYS: `a:${k}`, ZVH_PAYLOAD_KEY_ACTIVE: 'b' },
      /ZVH_PAYLOAD_KEY_ACTIVE: "b" is not a key id in ZVH_PAYLOAD_KEYS/,
    ],
  ])('%s is a clear error', (_name, env, message) => {
    expect(() => loadPayloadCodecConfig(env)).toThrow(message);
  });

  test('errors never show key material', () => {
    const short = randomBytes(16).toString('base64');
    let message = '';
    try {
      loadPayloadCodecConfig({ ZVH_PAYLOAD_KEYS: `a:${short},b:${k},b:${k}` });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/invalid configuration/);
    expect(message).not.toContain(short);
    expect(message).not.toContain(k);
  });
});

describe('devPayloadKeys', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zvh-codec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('creates a valid key once (file mode 0600) and returns the same key on later calls', () => {
    const keysDir = join(dir, 'keys');
    const first = devPayloadKeys(keysDir);
    const config = loadPayloadCodecConfig(first);
    expect(config.keys.size).toBe(1);
    expect(config.activeKeyId).toBe(first.ZVH_PAYLOAD_KEY_ACTIVE);
    const file = join(keysDir, 'payload-keys.env');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(devPayloadKeys(keysDir)).toEqual(first);
    expect(readFileSync(file, 'utf8')).toContain(first.ZVH_PAYLOAD_KEYS);
  });
});
