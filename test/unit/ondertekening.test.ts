import { randomBytes } from 'node:crypto';
import { isToegestaneKoppelingUrl } from '../../infra/koppeling-http';
import {
  nieuweKoppelingSleutel,
  ontsleutelKoppelingSleutel,
  versleutelKoppelingSleutel,
} from '../../infra/koppeling-sleutel';
import {
  controleerHandtekening,
  handtekening,
  ondertekenHeaders,
  TIJD_TOLERANTIE_SECONDEN,
  type Ondertekening,
} from '../../infra/ondertekening';

const sleutel = nieuweKoppelingSleutel();
const bericht: Ondertekening = {
  afzender: 'zvh-utrecht',
  methode: 'POST',
  pad: '/koppeling/bekendheidscheck',
  body: '{"bsn":"123456782"}',
  tijd: 1_800_000_000,
};

describe('HMAC signatures of partner messages', () => {
  test('a signature made with the key checks out at the moment it was made', () => {
    expect(controleerHandtekening(sleutel, bericht, handtekening(sleutel, bericht), bericht.tijd)).toBe('geldig');
    expect(ondertekenHeaders(sleutel, bericht)).toEqual({
      'zvh-sender': 'zvh-utrecht',
      'zvh-timestamp': '1800000000',
      'zvh-signature': handtekening(sleutel, bericht),
    });
  });

  test.each<[string, Partial<Ondertekening>]>([
    ['another body', { body: '{"bsn":"999999990"}' }],
    ['another path', { pad: '/koppeling/riec/berichten' }],
    ['another method', { methode: 'PUT' }],
    ['another sender', { afzender: 'zvh-amsterdam' }],
    ['another time', { tijd: bericht.tijd + 1 }],
  ])('the signature does not cover %s', (_, wijziging) => {
    expect(
      controleerHandtekening(sleutel, { ...bericht, ...wijziging }, handtekening(sleutel, bericht), bericht.tijd),
    ).toBe('ongeldig');
  });

  test('another key, or a malformed signature, is refused', () => {
    expect(
      controleerHandtekening(nieuweKoppelingSleutel(), bericht, handtekening(sleutel, bericht), bericht.tijd),
    ).toBe('ongeldig');
    expect(controleerHandtekening(sleutel, bericht, 'v1=00', bericht.tijd)).toBe('ongeldig');
  });

  test('outside the time window a valid signature is refused (replay)', () => {
    const h = handtekening(sleutel, bericht);
    expect(controleerHandtekening(sleutel, bericht, h, bericht.tijd + TIJD_TOLERANTIE_SECONDEN)).toBe('geldig');
    expect(controleerHandtekening(sleutel, bericht, h, bericht.tijd + TIJD_TOLERANTIE_SECONDEN + 1)).toBe(
      'buiten-tijdvenster',
    );
    expect(controleerHandtekening(sleutel, bericht, h, bericht.tijd - TIJD_TOLERANTIE_SECONDEN - 1)).toBe(
      'buiten-tijdvenster',
    );
  });
});

describe('koppeling keys at rest', () => {
  const config = {
    keys: new Map([
      ['k1', randomBytes(32)],
      ['k2', randomBytes(32)],
    ]),
    activeKeyId: 'k2',
  };

  test('encrypted under the active payload key, read back under the key id it names', () => {
    const opgeslagen = versleutelKoppelingSleutel(config, 'politie-mn', sleutel);
    expect(opgeslagen.sleutelId).toBe('k2');
    expect(Buffer.from(opgeslagen.sleutel).includes(sleutel)).toBe(false);
    expect(ontsleutelKoppelingSleutel({ ...config, activeKeyId: 'k1' }, 'politie-mn', opgeslagen)).toEqual(sleutel);
  });

  test('bound to its koppeling: moved to another row it does not decrypt', () => {
    const opgeslagen = versleutelKoppelingSleutel(config, 'politie-mn', sleutel);
    expect(() => ontsleutelKoppelingSleutel(config, 'ggd-regio', opgeslagen)).toThrow();
  });

  test('a missing payload key is named', () => {
    const opgeslagen = versleutelKoppelingSleutel(config, 'politie-mn', sleutel);
    expect(() =>
      ontsleutelKoppelingSleutel(
        { keys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1' },
        'politie-mn',
        opgeslagen,
      ),
    ).toThrow('"k2"');
  });
});

test('partner endpoints are https; plain http only on loopback', () => {
  expect(isToegestaneKoppelingUrl('https://partner.example.nl/zvh')).toBe(true);
  expect(isToegestaneKoppelingUrl('http://127.0.0.1:8080/x')).toBe(true);
  expect(isToegestaneKoppelingUrl('http://localhost/x')).toBe(true);
  expect(isToegestaneKoppelingUrl('http://partner.example.nl/zvh')).toBe(false);
  expect(isToegestaneKoppelingUrl('ftp://partner.example.nl')).toBe(false);
  expect(isToegestaneKoppelingUrl('geen url')).toBe(false);
});
