import { foutenVan, naarBody, type Veld } from '../../web/formulier';
import { html } from '../../web/html';
import { SessieOpslag } from '../../web/sessie';
import { aanmeldVelden } from '../../web/velden';

// The web application's pure parts: forms become the API's request body by their field names, the API's messages
// find their fields again, text is escaped, and a session ends on its idle timeout and its maximum.

test('an aanmelding form becomes the body POST /casussen takes; empty fields and rows stay out', () => {
  const form = {
    _csrf: 'x',
    wettelijkeTaak: 'Openbare orde',
    'criteria.A.mate': 'VOLDAAN',
    'criteria.A.toelichting': 'Feiten.',
    'criteria.B.mate': '',
    'betrokkenen.0.rol': 'BETROKKENE',
    'betrokkenen.0.achternaam': 'Jansen',
    'betrokkenen.0.bsn': '',
    'betrokkenen.1.rol': 'GEZINSLID',
    'betrokkenen.1.achternaam': 'De Vries',
    'betrokkenen.2.rol': '',
  };
  expect(naarBody(form, aanmeldVelden())).toEqual({
    wettelijkeTaak: 'Openbare orde',
    criteria: { A: { mate: 'VOLDAAN', toelichting: 'Feiten.' } },
    betrokkenen: [
      { rol: 'BETROKKENE', achternaam: 'Jansen' },
      { rol: 'GEZINSLID', achternaam: 'De Vries' },
    ],
  });
});

test('checkboxes are booleans and lists are split on commas; fields not on the form are ignored', () => {
  const velden: Veld[] = [
    { soort: 'vinkje', naam: 'voorwaarden.nietAanDerden', label: 'x' },
    { soort: 'vinkje', naam: 'voorwaarden.nietVoorCasusoverleg', label: 'y' },
    { soort: 'lijst', naam: 'voorwaarden.nietAanDeelnemers', label: 'z' },
  ];
  const form = { 'voorwaarden.nietAanDerden': 'true', 'voorwaarden.nietAanDeelnemers': 'a-b, c-d,', extra: 'nee' };
  expect(naarBody(form, velden)).toEqual({
    voorwaarden: { nietAanDerden: true, nietVoorCasusoverleg: false, nietAanDeelnemers: ['a-b', 'c-d'] },
  });
});

test("the API's messages per field, several for one field joined", () => {
  const fouten = foutenVan({
    status: 400,
    title: 'Ongeldige invoer',
    'invalid-params': [
      { name: 'criteria.A.toelichting', reason: 'verplicht' },
      { name: 'criteria.A.toelichting', reason: 'te kort' },
      { name: 'betrokkenen', reason: 'precies één betrokkene' },
      { name: 'criteria.B', reason: 'Ongeldige invoer: verwacht object, ontving undefined' },
    ],
  });
  expect([...fouten]).toEqual([
    ['criteria.A.toelichting', 'verplicht; te kort'],
    ['betrokkenen', 'precies één betrokkene'],
    ['criteria.B', 'Vul dit in.'],
  ]);
});

test('text from the API is escaped; markup made by html stays', () => {
  const vanApi = '<script>"x" & \'y\'</script>';
  const opmaak = html`<b>ok</b>`;
  const uit = html`<p>${vanApi}</p>`.tekst + html`${opmaak}`.tekst;
  expect(uit).toBe('<p>&#60;script&#62;&#34;x&#34; &#38; &#39;y&#39;&#60;/script&#62;</p><b>ok</b>');
});

describe('sessions', () => {
  const nieuw = (opslag: SessieOpslag, eindeOp: number) =>
    opslag.maak({
      accessToken: 't',
      idToken: 'i',
      medewerkerId: 'm',
      naam: 'n',
      deelnemerId: 'd',
      rollen: [],
      eindeOp,
    });

  test('a request within the idle timeout keeps the session alive; after it, the session is gone', () => {
    const opslag = new SessieOpslag(15 * 60_000);
    const s = nieuw(opslag, Date.now() + 8 * 3_600_000);
    const t0 = s.laatst;
    expect(opslag.gebruik(s.id, t0 + 14 * 60_000)).toBe(s);
    expect(opslag.gebruik(s.id, t0 + 28 * 60_000)).toBe(s); // 14 minutes after the last request
    expect(opslag.gebruik(s.id, t0 + 44 * 60_000)).toBe('verlopen');
    expect(opslag.gebruik(s.id, t0 + 44 * 60_000)).toBeUndefined();
  });

  test('the maximum ends a session however active it is; ids and CSRF tokens are random and distinct', () => {
    const opslag = new SessieOpslag(15 * 60_000);
    const s = nieuw(opslag, Date.now() + 60_000);
    expect(opslag.gebruik(s.id, s.laatst + 59_000)).toBe(s);
    expect(opslag.gebruik(s.id, s.laatst + 61_000)).toBe('verlopen');
    const t = nieuw(opslag, Date.now() + 60_000);
    expect(t.id).not.toBe(s.id);
    expect(t.csrf).not.toBe(t.id);
    expect(t.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('a login attempt is taken once', () => {
    const opslag = new SessieOpslag(60_000);
    opslag.begin('state', { verifier: 'v', nonce: 'n', terugNaar: '/', eindeOp: Date.now() + 60_000 });
    expect(opslag.neem('state')).toMatchObject({ verifier: 'v' });
    expect(opslag.neem('state')).toBeUndefined();
  });
});
