// Fair access on a phone (issue 16), in a real Chromium: the slot step solves the desk's
// proof-of-work challenge at its production difficulty in web workers while the citizen
// chooses, a hold is made with it, and a second browser from the same address, over the
// live-hold limit, is told why and when to try again — axe-clean throughout.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FAIR_ACCESS } from '../../src/booking/fair-access.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { deskOf, expectAccessible, h1, launchChromium, shoot, VIEWPORTS, watchErrors } from './support.js';

const phone = VIEWPORTS.find((v) => v.name === 'phone')!;

describe(`a hold with its anti-abuse check on a phone (${phone.viewport.width}×${phone.viewport.height})`, () => {
  let server: TestServer;
  let browser: Browser;
  let deskId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // The production challenge (cost and counter as shipped); one live hold per address.
    server = await startTestServer({ fairAccess: { cost: DEFAULT_FAIR_ACCESS.cost, counter: DEFAULT_FAIR_ACCESS.counter, perAddress: 1 } });
    browser = await launchChromium();
    deskId = await deskOf(server.url, 'VA', /^Varese$/, 1);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function slotStep(options: { csp?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: phone.viewport, isMobile: true, hasTouch: true, bypassCSP: !options.csp, locale: 'it-IT', timezoneId: 'UTC' });
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/prenota?sportello=${deskId}`);
    await expect.poll(() => h1(page).textContent()).toBe('Come vuoi essere contattato?');
    await page.getByRole('button', { name: 'Continua' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Scegli giorno e ora');
    return { page, errors };
  }

  it('solves the challenge while the slot is chosen, then holds the place with it', async () => {
    const { page, errors } = await slotStep();
    const status = page.getByTestId('hold-challenge');
    const t0 = Date.now();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000, interval: 100 }).toBe('ready');
    console.log(`challenge (cost ${DEFAULT_FAIR_ACCESS.cost}, counter ≤ ${DEFAULT_FAIR_ACCESS.counter}) solved in Chromium in ≈ ${Date.now() - t0} ms`);
    expect(await status.getAttribute('role')).toBe('status');
    expect(await status.textContent()).toBe('Verifica anti-abuso completata: puoi scegliere un orario.');
    await expectAccessible(page, 'slots: challenge solved');
    await shoot(page, 'hold-challenge-phone-1-ready');
    await page.getByRole('button', { name: 'Prenota il primo orario libero' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('I tuoi dati');
    const held = await server.db.query<{ client_key: string | null; client_session: string | null }>(
      "SELECT client_key, client_session FROM booking WHERE desk_id = $1 AND status = 'held'", [deskId]);
    expect(held.rows).toHaveLength(1);
    expect(held.rows[0]!.client_key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(held.rows[0]!.client_session).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(errors).toEqual([]);
  });

  it('a second browser from the same address, over the limit, is told why and when to try again', async () => {
    const { page } = await slotStep();
    await expect.poll(() => page.getByTestId('hold-challenge').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    await page.getByRole('button', { name: 'Prenota il primo orario libero' }).click();
    const alert = page.locator('.problem-alert');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toMatch(/Ci sono già troppi posti riservati da questa connessione.*riprova tra \d+ (secondi|minuti)/);
    expect(await h1(page).textContent()).toBe('Scegli giorno e ora');
    await expectAccessible(page, 'slots: hold refused (429)');
    await shoot(page, 'hold-challenge-phone-2-refused');
    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Book the first free time' }).click();
    await expect.poll(async () => (await alert.textContent()) ?? '').toMatch(/Too many places are already held from this connection.*try again in \d+ (seconds|minutes)/);
  });

  it("solves under the server's own Content-Security-Policy (the worker is a file of the site)", async () => {
    const { page, errors } = await slotStep({ csp: true });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await expect.poll(() => page.getByTestId('hold-challenge').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
