// The public pages in a real Chromium against the real server (fresh database,
// Lombardy's demo data, the built web app): home → province → office → desk,
// the language switch, error pages, and an accessibility scan of every page,
// on a phone and on a desktop screen.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, useServerClock } from './support.js';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const VIEWPORTS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
] as const;

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs axe-core in the page; fails on any serious or critical WCAG 2.1 A/AA violation. */
async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    AXE_TAGS,
  );
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `accessibility of ${label}`).toEqual([]);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** Errors logged by the page (failed requests, React errors, CSP refusals). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

for (const device of VIEWPORTS) {
  describe(`public pages on a ${device.name} (${device.viewport.width}×${device.viewport.height})`, () => {
    let context: BrowserContext;
    let page: Page;
    let errors: string[];
    const shot = (name: string) => shoot(page, `${device.name}-${name}`);

    beforeAll(async () => {
      // axe is injected as an inline script, which the server's CSP refuses:
      // bypass it here; the CSP itself is checked in its own test below.
      context = await browser.newContext({
        viewport: device.viewport,
        isMobile: device.isMobile,
        hasTouch: device.hasTouch,
        bypassCSP: true,
        locale: 'it-IT',
        timezoneId: 'UTC',
      });
      await useServerClock(context, server.now);
      page = await context.newPage();
      errors = watchErrors(page);
    });

    afterAll(async () => {
      await context?.close();
    });

    it('walks home → Milano → an office → a desk, in Italian', async () => {
      await page.goto(`${server.url}/`);
      await expect.poll(() => h1(page).textContent()).toBe('Prenota una richiamata dalla tua sede INPS');
      expect(await page.getAttribute('html', 'lang')).toBe('it');
      await expect.poll(() => page.getByRole('link', { name: 'Milano', exact: true }).count()).toBe(1);
      // Milan's reception number, as a phone link
      expect(await page.locator('a[href="tel:+390285622000"]').count()).toBe(1);
      expect(await page.getByRole('heading', { level: 2, name: 'Come funziona' }).count()).toBe(1);
      await shot('1-home');
      await expectAccessible(page, 'home');

      await page.getByRole('link', { name: 'Milano', exact: true }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Sedi della provincia di Milano');
      expect(page.url()).toBe(`${server.url}/province/MI`);
      const offices = page.locator('.office-list > li');
      await expect.poll(() => offices.count()).toBeGreaterThan(1);
      // search by town, accents and case ignored
      await page.getByLabel('Cerca per comune o nome della sede').fill('LEGN');
      await expect.poll(() => offices.count()).toBe(1);
      expect(await offices.first().textContent()).toContain('Legnano');
      expect(await page.getByRole('status').textContent()).toBe('1 sede');
      await page.getByLabel('Cerca per comune o nome della sede').fill('');
      await expect.poll(() => offices.count()).toBeGreaterThan(1);
      await shot('2-province');
      await expectAccessible(page, 'province page');

      await page.getByRole('link', { name: 'Milano', exact: true }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Milano');
      expect(page.url()).toMatch(/\/sedi\/[^/]+$/);
      expect(await page.getByRole('heading', { level: 2, name: 'Sportelli' }).count()).toBe(1);
      expect(await page.getByRole('heading', { level: 3, name: 'Sportello prestazioni' }).count()).toBe(1);
      await shot('3-office');
      await expectAccessible(page, 'office page');

      await page.getByRole('link', { name: 'Vedi gli orari disponibili: Sportello prestazioni' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Sportello prestazioni');
      expect(page.url()).toMatch(/\/sportelli\/[^/]+$/);
      const days = page.locator('.day-list .day');
      await expect.poll(() => days.count()).toBe(14);

      // Days with free slots; the first is open and lists its times with the places left.
      const free = page.locator('.day[data-kind="free"]');
      expect(await free.count()).toBeGreaterThan(3);
      const firstSlots = free.first().locator('.slot');
      expect(await firstSlots.count()).toBeGreaterThan(0);
      expect(await firstSlots.first().locator('.slot-places').textContent()).toMatch(/^(\d+ posti liberi|1 posto libero)$/);

      // Open another day: its times are Rome wall-clock times, as the weekly schedule says.
      const desk = page.url().split('/').pop()!;
      const weekly = (await (await fetch(`${server.url}/api/desks/${desk}`)).json()) as {
        weekly: { weekday: number; from: string }[];
      };
      const other = free.nth(1);
      const toggle = other.getByRole('button');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      const otherDate = (await other.getAttribute('data-date'))!;
      const weekday = new Date(`${otherDate}T12:00:00Z`).getUTCDay() || 7;
      const opening = weekly.weekly.filter((w) => w.weekday === weekday).map((w) => w.from).sort()[0];
      expect(await other.locator('.slot-time').first().textContent()).toBe(opening);

      // Weekends are closed, and say why.
      const weekend = await days.evaluateAll((nodes) =>
        nodes
          .map((n) => ({ date: n.getAttribute('data-date')!, kind: n.getAttribute('data-kind'), text: n.textContent ?? '' }))
          .filter((d) => [0, 6].includes(new Date(`${d.date}T12:00:00Z`).getUTCDay())),
      );
      expect(weekend.length).toBeGreaterThanOrEqual(2);
      for (const day of weekend) expect(day.kind, day.date).toBe('closed');
      expect(weekend.some((d) => d.text.includes('Chiuso') && d.text.includes('Lo sportello non è aperto in questo giorno'))).toBe(true);

      await shot('4-desk');
      await expectAccessible(page, 'desk page');
      expect(errors).toEqual([]);
    });

    it('switches to English, keeps the choice, and translates every page', async () => {
      const italianAddress = new URL(page.url()).pathname;
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Benefits desk');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      // English has its own addresses: the same page under /en.
      expect(new URL(page.url()).pathname).toBe(`/en${italianAddress}`);
      expect(await page.getByRole('heading', { level: 2, name: 'Availability in the next 14 days' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator('.day[data-kind="free"] .slot-places').first().textContent()).toMatch(/^(\d+ places left|1 place left)$/);
      expect(await page.locator('.day[data-kind="closed"]').first().textContent()).toContain('Closed');
      await shot('5-desk-en');
      await expectAccessible(page, 'desk page in English');

      await page.reload();
      await expect.poll(() => h1(page).textContent()).toBe('Benefits desk');
      expect(await page.getAttribute('html', 'lang')).toBe('en');

      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Home' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Book a call back from your INPS office');
      expect(new URL(page.url()).pathname).toBe('/en');
      // The choice is kept: an address without the prefix opens in English, at its /en address.
      await page.goto(`${server.url}/province/MI`);
      await expect.poll(() => h1(page).textContent()).toBe('Offices in the province of Milano');
      expect(new URL(page.url()).pathname).toBe('/en/province/MI');
      await page.goBack();
      await expect.poll(() => h1(page).textContent()).toBe('Book a call back from your INPS office');
      expect(await page.getByRole('heading', { level: 2, name: 'Choose your province' }).count()).toBe(1);
      await shot('6-home-en');
      await expectAccessible(page, 'home in English');

      await page.getByRole('button', { name: 'Italiano' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Prenota una richiamata dalla tua sede INPS');
      expect(await page.getAttribute('html', 'lang')).toBe('it');
      expect(new URL(page.url()).pathname).toBe('/');
      // An English address stays English whatever was chosen before (a link in an English message).
      await page.goto(`${server.url}/en/prenotazione`);
      await expect.poll(() => h1(page).textContent()).toBe('Your booking');
      await page.goto(`${server.url}/`);
      await expect.poll(() => h1(page).textContent()).toBe('Prenota una richiamata dalla tua sede INPS');
      expect(errors).toEqual([]);
    });

    it('opens in English on a first visit from a browser that prefers English (Accept-Language), in Italian otherwise', async () => {
      for (const [locale, heading, path] of [
        ['en-GB', 'Book a call back from your INPS office', '/en'],
        ['de-DE', 'Prenota una richiamata dalla tua sede INPS', '/'],
        ['it-IT', 'Prenota una richiamata dalla tua sede INPS', '/'],
      ] as const) {
        const fresh = await browser.newContext({ viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch, bypassCSP: true, locale });
        const p = await fresh.newPage();
        await p.goto(`${server.url}/`);
        await expect.poll(() => h1(p).textContent(), { message: locale }).toBe(heading);
        expect(new URL(p.url()).pathname, locale).toBe(path);
        if (locale === 'en-GB') await expectAccessible(p, 'home, first visit in English');
        await fresh.close();
      }
    });

    it('says "not found" with a link home for unknown pages, offices and desks', async () => {
      for (const path of ['/una-pagina-che-non-esiste', '/sedi/00000000-0000-4000-8000-000000000000', '/sportelli/not-an-id', '/province/XX']) {
        await page.goto(`${server.url}${path}`);
        await expect.poll(() => h1(page).textContent(), { message: path }).toBe('Pagina non trovata');
        expect(await page.getByRole('link', { name: 'Torna alla pagina iniziale' }).count()).toBe(1);
      }
      await shot('7-not-found');
      await expectAccessible(page, 'not found page');
      await page.getByRole('link', { name: 'Torna alla pagina iniziale' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Prenota una richiamata dalla tua sede INPS');
    });

    it('explains a network failure and retries', async () => {
      await page.route('**/api/provinces', (route) => route.abort('internetdisconnected'));
      await page.goto(`${server.url}/`);
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('Controlla la connessione a Internet e riprova');
      await shot('8-network-error');
      await expectAccessible(page, 'network error');
      await page.unroute('**/api/provinces');
      await page.getByRole('button', { name: 'Riprova' }).click();
      await expect.poll(() => page.getByRole('link', { name: 'Milano', exact: true }).count()).toBe(1);
    });
  });
}

describe('under the server’s Content-Security-Policy', () => {
  it('loads styles, fonts and scripts without a refusal', async () => {
    const context = await useServerClock(await browser.newContext({ viewport: { width: 1280, height: 800 } }), server.now);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/province/MI`);
    await expect.poll(() => h1(page).textContent()).toBe('Sedi della provincia di Milano');
    // Bootstrap Italia's stylesheet applied, and its font actually loaded from /fonts.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Titillium Web');
    await expect.poll(() => page.evaluate(() => document.fonts.check('16px "Titillium Web"'))).toBe(true);
    await expect
      .poll(() => page.evaluate(() => [...document.fonts].some((f) => f.family.includes('Titillium') && f.status === 'loaded')))
      .toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
