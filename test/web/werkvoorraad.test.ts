import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../infra/db';
import { aanmelding, createMedewerker, criteria, nieuwBsn, type Wie } from '../support/fixtures';
import { call, informeerIedereen, ok } from '../support/http';
import { stackClients } from '../support/stack-clients';
import { alsAccount, bekijk, login, schermafdruk, startBrowser, tabNaar, webUrl } from '../support/browser';

// The werkvoorraad web application in a real browser (chromium) on the real stack: login through the local OpenID
// Provider, the pages on the API, the forms posting to it. Each journey has a fresh browser context (its own
// cookies), as a different person at another desk would.
const stack = stackClients();
let db: Db;
let browser: Browser;

beforeAll(async () => {
  ({ db } = stack);
  browser = await startBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const metRollen = (m: Wie, ...rollen: NonNullable<Wie['rollen']>): Wie => ({ ...m, rollen });
const uniek = () => Math.random().toString(36).slice(2, 8);

async function nieuwePagina(): Promise<Page> {
  const context = await browser.newContext({ locale: 'nl-NL' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

/** Fills the four criteria of the form on the page with one degree and the same toelichting. */
async function vulCriteria(page: Page, mate: 'Voldaan' | 'Niet voldaan'): Promise<void> {
  for (const c of ['a', 'b', 'c', 'd']) {
    const groep = page.getByRole('group', { name: `Criterium ${c} (artikel 2.20 lid 1 BGS)` });
    await groep.getByLabel('In welke mate is het criterium voldaan?').selectOption({ label: mate });
    await groep.getByLabel('Toelichting').fill('Objectieve informatie uit het dossier.');
  }
}

test('politie registers a casus and decides its intake; another overheidsdeelnemer does not see it', async () => {
  const politie = alsAccount(await createMedewerker(db, 'OVERHEID'), `Politie ${uniek()}`);
  const page = await nieuwePagina();
  await login(page, politie.naam);
  await page.getByRole('heading', { name: 'Mijn werkvoorraad' }).waitFor();
  await bekijk(page);

  await page.getByRole('link', { name: 'Aanmelden' }).click();
  await page.getByRole('heading', { name: 'Casus aanmelden' }).waitFor();
  await bekijk(page);
  // Sent half filled in: the API's messages appear at the fields they are about, nothing is stored.
  await page.getByLabel('Wettelijke taak van uw organisatie').fill('Handhaving van de openbare orde');
  const criteriumA = page.getByRole('group', { name: 'Criterium a (artikel 2.20 lid 1 BGS)' });
  await criteriumA.getByLabel('In welke mate is het criterium voldaan?').selectOption({ label: 'Voldaan' });
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  const samenvatting = page.getByRole('alert');
  await samenvatting.waitFor();
  await expect(samenvatting.textContent()).resolves.toContain('Criterium a (artikel 2.20 lid 1 BGS) – Toelichting:');
  await expect(criteriumA.getByLabel('Toelichting').getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(
    samenvatting
      .getByRole('link', { name: /Toelichting/ })
      .first()
      .getAttribute('href'),
  ).resolves.toBe('#veld-criteria-A-toelichting');
  await expect(page.getByLabel('Wettelijke taak van uw organisatie').inputValue()).resolves.toBe(
    'Handhaving van de openbare orde',
  ); // what was typed stays
  await bekijk(page);
  await schermafdruk(page, 'aanmelden-fouten');

  await vulCriteria(page, 'Niet voldaan');
  const betrokkene = page.getByRole('group', { name: 'De betrokkene' });
  await betrokkene.getByLabel('Voornamen').fill('Jan');
  await betrokkene.getByLabel('Achternaam').fill('Jansen');
  const gezinslid = page.getByRole('group', { name: 'Gezinslid of sociale omgeving 1' });
  await gezinslid.getByLabel('Rol').selectOption({ label: 'Gezinslid' });
  await gezinslid.getByLabel('Achternaam').fill('Jansen-de Vries');
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  const kop = page.getByRole('heading', { level: 1, name: /^Casus / });
  await kop.waitFor();
  const casusnummer = (await kop.textContent())!.replace('Casus ', '');
  const casusId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('table', { name: 'Betrokkenen bij de casus' }).textContent()).resolves.toContain(
    'Jansen-de Vries',
  );
  await expect(page.locator('[aria-current="step"]').textContent()).resolves.toContain('Aanmelding');
  await bekijk(page);
  await schermafdruk(page, 'casus');

  await page.getByRole('link', { name: 'Werkvoorraad' }).click();
  await page.getByRole('link', { name: 'Intakebesluit nemen' }).first().waitFor();
  await expect(page.getByRole('table').textContent()).resolves.toContain(casusnummer);
  await bekijk(page);
  await schermafdruk(page, 'werkvoorraad');

  await page.goto(webUrl(`/casussen/${casusId}`));
  await page.getByRole('link', { name: 'Intakebesluit nemen' }).click();
  await page.getByRole('heading', { name: 'Intakebesluit' }).waitFor();
  await bekijk(page);
  await page.getByLabel('Besluit').selectOption({ label: 'Niet in behandeling nemen' });
  await vulCriteria(page, 'Niet voldaan');
  await page.getByLabel('Motivering').fill('De criteria zijn niet voldaan.');
  await page.getByRole('button', { name: 'Besluit vastleggen' }).click();
  await page.locator('[aria-current="step"]', { hasText: 'Niet in behandeling' }).waitFor();
  await bekijk(page);
  const vastgelegd = await ok<{ fase: string }>(call('GET', `/casussen/${casusId}`, politie));
  expect(vastgelegd.fase).toBe('NIET_IN_BEHANDELING');

  // Logging out ends the session here and at the provider: the pages ask for a login again.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).click(); // the provider's confirmation
  await page.getByRole('heading', { name: 'U bent uitgelogd' }).waitFor();
  await bekijk(page);
  await page.goto(webUrl('/werkvoorraad'));
  await page.getByRole('heading', { name: 'Inloggen' }).waitFor();

  const gemeente = alsAccount(await createMedewerker(db, 'OVERHEID'), `Gemeente ${uniek()}`);
  const ander = await nieuwePagina();
  await login(ander, gemeente.naam, '/casussen');
  await ander.getByLabel('Casusnummer').fill(casusnummer);
  await ander.getByRole('button', { name: 'Zoeken' }).click();
  await ander.getByText('0 casussen gevonden.').waitFor();
  await bekijk(ander);
  // Not by its address either: the API's 404 of an unknown id.
  const direct = await ander.goto(webUrl(`/casussen/${casusId}`));
  expect(direct?.status()).toBe(404);
  await bekijk(ander);
});

test('the bekendheidscheck is a POST (no BSN in any URL): yes or no; a bad BSN refused at its field', async () => {
  const politie = alsAccount(await createMedewerker(db, 'OVERHEID'), `Check ${uniek()}`);
  const bsn = nieuwBsn();
  const { betrokkenen, ...rest } = aanmelding();
  await ok(call('POST', '/casussen', politie, { ...rest, betrokkenen: [{ ...betrokkenen[0], bsn }] }), 201);
  const page = await nieuwePagina();
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await login(page, politie.naam, '/bekendheidscheck');
  await bekijk(page);
  await page.getByLabel('BSN').fill('123456789');
  await page.getByRole('button', { name: 'Controleren' }).click();
  await page.getByRole('alert').waitFor();
  await expect(page.getByLabel('BSN').getAttribute('aria-invalid')).resolves.toBe('true');
  await bekijk(page);
  await page.getByLabel('BSN').fill(bsn);
  await page.getByRole('button', { name: 'Controleren' }).click();
  await page.getByText('Deze persoon is bekend in een lopende casus.', { exact: false }).waitFor();
  await bekijk(page);
  await page.getByLabel('BSN').fill(nieuwBsn());
  await page.getByRole('button', { name: 'Controleren' }).click();
  await page.getByText('Deze persoon is niet bekend in een lopende casus').waitFor();
  expect(urls.filter((u) => u.includes(bsn) || u.includes('123456789'))).toEqual([]);
});

test('a private deelnemer answers an informatieverzoek from its werkvoorraad', async () => {
  const politie = await createMedewerker(db, 'OVERHEID');
  const prive = alsAccount(await createMedewerker(db, 'PRIVAAT'), `Reclassering ${uniek()}`);
  const casus = await ok<{ id: string; casusnummer: string }>(call('POST', '/casussen', politie, aanmelding()), 201);
  await ok(call('POST', `/casussen/${casus.id}/intake-besluit`, politie, { uitkomst: 'IN_BEHANDELING', criteria }));
  await ok(
    call('POST', `/casussen/${casus.id}/informatieverzoeken`, politie, {
      aanDeelnemerId: prive.deelnemerId,
      namensDeelnemerId: politie.deelnemerId,
      taak: 'Reclasseringstoezicht',
      doel: 'Beeld van de lopende begeleiding',
      reden: 'Nodig voor de triage',
    }),
    201,
  );
  await informeerIedereen(db, casus.id); // data about the people may be shared only after that (Prot. 16.1)

  const page = await nieuwePagina();
  await login(page, prive.naam);
  await page.getByRole('link', { name: 'Informatieverzoek beantwoorden' }).first().click();
  await page.getByRole('heading', { name: `Informatieverzoek in casus ${casus.casusnummer}` }).waitFor();
  await bekijk(page);
  await schermafdruk(page, 'informatieverzoek');
  await page.getByLabel('Grondslag').fill('Artikel 2.29 WGS');
  await page.getByLabel('Soort gegevens').selectOption({ label: 'Gewone persoonsgegevens' });
  await page.getByLabel('Uw antwoord').fill('Betrokkene staat onder toezicht; afspraken worden nagekomen.');
  await page.getByLabel('Niet delen met derden').check();
  await page.getByRole('button', { name: 'Antwoord versturen' }).click();
  await page.getByText(/Uw organisatie heeft dit verzoek beantwoord op/).waitFor();
  await bekijk(page);

  const gezien = await ok<{ gegevens: Array<{ inhoud: string; voorwaarden: { nietAanDerden: boolean } }> }>(
    call('GET', `/casussen/${casus.id}`, politie),
  );
  expect(gezien.gegevens).toEqual([
    expect.objectContaining({
      inhoud: 'Betrokkene staat onder toezicht; afspraken worden nagekomen.',
      voorwaarden: expect.objectContaining({ nietAanDerden: true }),
    }),
  ]);
});

test('the Contactpunt marks an informatieplicht verstrekt', async () => {
  const politie = await createMedewerker(db, 'OVERHEID');
  const contactpunt = alsAccount(
    metRollen(await createMedewerker(db, 'OVERHEID'), 'contactpunt'),
    `Contactpunt ${uniek()}`,
  );
  const casus = await ok<{ id: string; casusnummer: string }>(call('POST', '/casussen', politie, aanmelding()), 201);
  await ok(call('POST', `/casussen/${casus.id}/intake-besluit`, politie, { uitkomst: 'IN_BEHANDELING', criteria }));

  const page = await nieuwePagina();
  await login(page, contactpunt.naam, '/contactpunt');
  // One obligation per person of the casus: the betrokkene's here.
  const actie = page.getByRole('link', { name: `Verstrekt vastleggen (${casus.casusnummer}, Betrokkene)` });
  // The obligation is created by its workflow right after the intake: reload until it is there.
  for (let i = 0; i < 60 && (await actie.count()) === 0; i++) await page.reload();
  await bekijk(page);
  await schermafdruk(page, 'contactpunt');
  await actie.click();
  await page.getByRole('heading', { name: 'Informatieplicht verstrekt' }).waitFor();
  await bekijk(page);
  // A date in the future: the API's message at the field.
  await page.getByLabel('Datum waarop de betrokkene is geïnformeerd').fill('2999-01-01');
  await page.getByLabel('Hoe is de betrokkene geïnformeerd?').selectOption({ label: 'Per brief' });
  await page.getByRole('button', { name: 'Vastleggen' }).click();
  await page.getByRole('alert').waitFor();
  await expect(
    page.getByLabel('Datum waarop de betrokkene is geïnformeerd').getAttribute('aria-invalid'),
  ).resolves.toBe('true');
  await bekijk(page);
  const vandaag = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  await page.getByLabel('Datum waarop de betrokkene is geïnformeerd').fill(vandaag);
  await page.getByRole('button', { name: 'Vastleggen' }).click();
  await page.getByRole('heading', { name: 'Informatieplicht', exact: true }).waitFor();
  await expect(actie.count()).resolves.toBe(0);
  await page.getByRole('link', { name: `Verstrekt vastleggen (${casus.casusnummer}, Gezinslid)` }).waitFor();

  const { items } = await ok<{ items: Array<{ status: string; rol: string | null }> }>(
    call('GET', `/informatieplicht?casusId=${casus.id}`, contactpunt),
  );
  expect(items.find((p) => p.rol === 'BETROKKENE')?.status).toBe('VERSTREKT');
  expect(items.find((p) => p.rol === 'GEZINSLID')?.status).toBe('OPEN');
});

test('the archiefbeheerder lifts a legal hold', async () => {
  const politie = await createMedewerker(db, 'OVERHEID');
  const archief = alsAccount(
    metRollen(await createMedewerker(db, 'OVERHEID'), 'archiefbeheerder'),
    `Archief ${uniek()}`,
  );
  const casus = await ok<{ id: string }>(call('POST', '/casussen', politie, aanmelding()), 201);
  const reden = `Lopende procedure ${uniek()}`;
  const hold = await ok<{ id: string }>(call('POST', '/legal-holds', archief, { casusId: casus.id, reden }), 201);

  const page = await nieuwePagina();
  await login(page, archief.naam, '/archief');
  await bekijk(page);
  await schermafdruk(page, 'archiefbeheer');
  await page.getByRole('button', { name: `Opheffen: ${reden}` }).click();
  await page.getByRole('heading', { name: 'Archiefbeheer' }).waitFor();
  await expect(page.getByRole('button', { name: `Opheffen: ${reden}` }).count()).resolves.toBe(0);
  await bekijk(page);

  const { legalHolds } = await ok<{ legalHolds: Array<{ id: string; opgehevenOp: string | null }> }>(
    call('GET', '/legal-holds', archief),
  );
  expect(legalHolds.find((h) => h.id === hold.id)?.opgehevenOp).not.toBeNull();
});

test('keyboard only: log in, register a casus and decide its intake without a mouse', async () => {
  const politie = alsAccount(await createMedewerker(db, 'OVERHEID'), `Toetsenbord ${uniek()}`);
  const page = await nieuwePagina();
  await page.goto(webUrl('/aanmelden'));
  await tabNaar(page, page.getByRole('button', { name: new RegExp(`^${politie.naam}\\b`) }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Casus aanmelden' }).waitFor();

  const typ = async (label: RegExp | string, tekst: string, binnen = page.locator('main')) => {
    await tabNaar(page, binnen.getByLabel(label).first());
    await page.keyboard.type(tekst);
  };
  await typ('Wettelijke taak van uw organisatie', 'Handhaving van de openbare orde');
  for (const c of ['a', 'b', 'c', 'd']) {
    const groep = page.getByRole('group', { name: `Criterium ${c} (artikel 2.20 lid 1 BGS)` });
    await typ('In welke mate is het criterium voldaan?', 'Voldaan', groep); // type-ahead picks the option
    await typ('Toelichting', 'Objectieve informatie.', groep);
  }
  await typ('Achternaam', 'Pietersen', page.getByRole('group', { name: 'De betrokkene' }));
  await tabNaar(page, page.getByRole('button', { name: 'Aanmelden' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /^Casus / }).waitFor();

  await tabNaar(page, page.getByRole('link', { name: 'Intakebesluit nemen' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Intakebesluit' }).waitFor();
  await typ('Besluit', 'In');
  for (const c of ['a', 'b', 'c', 'd']) {
    const groep = page.getByRole('group', { name: `Criterium ${c} (artikel 2.20 lid 1 BGS)` });
    await typ('In welke mate is het criterium voldaan?', 'Voldaan', groep);
    await typ('Toelichting', 'Objectieve informatie.', groep);
  }
  await tabNaar(page, page.getByRole('button', { name: 'Besluit vastleggen' }));
  await page.keyboard.press('Enter');
  await page.locator('[aria-current="step"]', { hasText: 'Triage' }).waitFor();
  await bekijk(page);
});
