// Issue 21, the citizen's edges, in a real Chromium on a phone and a desktop screen, by
// accessible names only: any Lombard town finds its competent office, a need leads to its desk,
// with an axe-core scan and screenshots of every new page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, h1, launchChromium, shoot, useServerClock, VIEWPORTS, watchErrors } from './support.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

for (const device of VIEWPORTS) {
  describe(`the citizen's way in on a ${device.name}`, () => {
    let context: BrowserContext;
    let page: Page;
    let errors: string[];
    const shot = (name: string) => shoot(page, `citizen-${device.name}-${name}`);

    beforeAll(async () => {
      context = await useServerClock(await browser.newContext({
        viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch, bypassCSP: true, locale: 'it-IT', timezoneId: 'Europe/Rome',
      }), server.now);
      page = await context.newPage();
      errors = watchErrors(page);
    });
    afterAll(async () => context?.close());

    it('finds the competent office of a town without one, from the home page and the province page', async () => {
      await page.goto(`${server.url}/`);
      await page.getByRole('searchbox', { name: 'Il tuo comune' }).fill('Cernobbio');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'comune trovato' }).textContent()).toBe('1 comune trovato');
      const result = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Cernobbio (Como)' }) });
      await expect.poll(() => result.textContent()).toContain('Sede competente: Como');
      await expectAccessible(page, 'home: town found');
      await shot('1-home-town');

      await result.getByRole('link', { name: 'Tutte le sedi della provincia di Como' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Sedi della provincia di Como');
      await expect.poll(() => page.getByRole('searchbox', { name: 'Cerca per comune o nome della sede' }).inputValue()).toBe('Cernobbio');
      // The province's own example, not Legnano everywhere.
      await expect.poll(() => page.getByText(/^Ad esempio: /).first().textContent()).toBe('Ad esempio: Cucciago');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'sedi' }).textContent()).toBe('3 sedi');
      const first = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) }).first();
      await expect.poll(() => first.getByRole('heading').textContent()).toBe('Como');
      await expect.poll(() => first.textContent()).toContain('Sede competente per Cernobbio');

      await page.getByRole('searchbox', { name: 'Cerca per comune o nome della sede' }).fill('Menaggio');
      await expect.poll(() => first.textContent()).toContain('Sede competente per Menaggio');
      await expectAccessible(page, 'province: competent office');
      await shot('2-province-town');
      expect(errors).toEqual([]);
    });

    it('starts from the need: "La mia pensione" leads to the pensions desk', async () => {
      await page.goto(`${server.url}/`);
      await page.getByRole('link', { name: 'La mia pensione' }).click();
      await page.getByRole('button', { name: /^Como/ }).click();
      await page.getByRole('searchbox', { name: 'Cerca per comune' }).fill('Cantù');
      await page.getByRole('button', { name: /^Cantù/ }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Scegli lo sportello');
      await expect.poll(() => page.getByRole('searchbox', { name: 'Di cosa hai bisogno?' }).inputValue()).toBe('pensione');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'richiesta' }).textContent()).toBe('Per la tua richiesta: Sportello assicurato-pensionato/conto');
      await page.getByRole('searchbox', { name: 'Di cosa hai bisogno?' }).fill('NASpI');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'richiesta' }).textContent()).toBe('Per la tua richiesta: Sportello prestazioni');
      await expectAccessible(page, 'desk step: need');
      await shot('3-desk-need');
      expect(errors).toEqual([]);
    });
  });
}
