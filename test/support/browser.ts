import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { voegLokaleAccountsToe } from '../../infra/local-issuer';
import { repoRoot } from '../../infra/tools';
import { requireEnv, type Wie } from './fixtures';

/**
 * A real browser on the test stack: Debian's chromium driven by playwright-core (.ci/run installs it), logging in
 * through the stack's local OpenID Provider like a person would. Every page a test visits goes through `bekijk`,
 * which has axe-core check it against WCAG 2.1 A and AA.
 */
export const CHROMIUM = process.env.ZVH_CHROMIUM ?? '/usr/bin/chromium';

export const startBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });

/** The web application's address on the test stack (the API process serves it). */
export const webUrl = (pad = '/'): string => `${requireEnv('ZVH_TEST_API_URL')}${pad}`;

/** Offers `wie` on the local provider's login page under `naam`. */
export function alsAccount(wie: Wie, naam: string): Wie & { naam: string } {
  voegLokaleAccountsToe(requireEnv('ZVH_TEST_ISSUER_DIR'), [
    {
      medewerkerId: wie.medewerkerId,
      deelnemerId: wie.deelnemerId,
      rollen: wie.rollen ?? [],
      naam,
      omschrijving: wie.deelnemerId,
    },
  ]);
  return { ...wie, naam };
}

/** Zero axe violations of WCAG 2.1 A/AA on the page as it is now; the message lists each rule and its elements. */
export async function bekijk(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const lijst = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect({ pagina: page.url(), schendingen: lijst }).toEqual({ pagina: page.url(), schendingen: [] });
}

/** With ZVH_SCREENSHOTS=1 the main pages are saved to docs/img (for docs/web.md and the README). */
export async function schermafdruk(page: Page, naam: string): Promise<void> {
  if (process.env.ZVH_SCREENSHOTS !== '1') return;
  const dir = join(repoRoot, 'docs', 'img');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${naam}.png`), fullPage: true });
}

/** Logs in as the account named `naam` on the provider's login page, from any page of the web application. */
export async function login(page: Page, naam: string, pad = '/werkvoorraad'): Promise<void> {
  await page.goto(webUrl(pad));
  await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
  await bekijk(page);
  await page.getByRole('button', { name: new RegExp(`^${naam}\\b`) }).click();
  await page.waitForURL((u) => u.href.startsWith(webUrl(pad)));
}

/** Presses Tab until `doel` has the focus (at most `max` times): proof it is reachable by keyboard alone. */
export async function tabNaar(page: Page, doel: Locator, max = 300): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const gefocust = await doel.evaluate(
      (el: unknown) => el === (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement,
    );
    if (gefocust) return;
  }
  throw new Error(`not reachable with Tab: ${String(doel)}`);
}
