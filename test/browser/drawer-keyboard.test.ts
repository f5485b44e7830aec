// The two-way drawer with the keyboard only, in a real Chromium: a labour consultant reaches
// "new request" from their companies with Tab and Enter, chooses the subject with the arrow keys,
// types the request and sends it; an office operator opens it from the queue, takes it in charge
// and answers, all with Tab, Enter and typing — never a mouse click. Every focused control must
// show where the focus is (a visible outline or box shadow). Axe on the screens reached.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { createStaff, sessionCookie } from '../integration/identity-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, h1, launchChromium, shoot, useServerClock, VIEWPORTS, watchErrors } from './support.js';

const POLL = { timeout: 15_000 };

let server: TestServer;
let browser: Browser;
let consultant: { cookie: string };
let operator: { cookie: string };

beforeAll(async () => {
  server = await startTestServer();
  const settings = defaultIdentitySettings();
  const cId = await createStaff(server.db, { username: 'studio.tastiera', grants: [{ role: 'labour_consultant', scope: { kind: 'province', code: 'MI' } }] });
  const oId = await createStaff(server.db, { username: 'operatore.tastiera', grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }] });
  await server.db.query("UPDATE staff_user SET display_name = 'Anna Tasti' WHERE id = $1", [oId]);
  consultant = await sessionCookie(server.db, settings, { userId: cId });
  operator = await sessionCookie(server.db, settings, { userId: oId });
  const c = await server.db.query<{ id: string }>("INSERT INTO drawer_company (matricola, name, office_id) SELECT '4900778899', 'Tastiere Riunite srl', id FROM office WHERE code = 'MI01' RETURNING id");
  await server.db.query('INSERT INTO drawer_delegation (company_id, consultant_id) VALUES ($1, $2)', [c.rows[0]!.id, cId]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function pageAs(who: { cookie: string }): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const vp = VIEWPORTS[1];
  const context = await browser.newContext({ viewport: vp.viewport, locale: 'it-IT', bypassCSP: true }); // axe is injected inline
  await useServerClock(context, server.now);
  const [name, value] = who.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.url }]);
  const page = await context.newPage();
  return { page, context, errors: watchErrors(page) };
}

/** The focused element: its accessible text (label, aria-label or content) and whether the focus shows. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: '', visible: false };
    const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    const name = (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').trim();
    const style = getComputedStyle(el);
    const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow !== 'none' && style.boxShadow !== '');
    return { name, visible };
  });

/** Presses Tab until the focused control's name matches (at most `max` presses); checks the focus shows on it. */
async function tabTo(page: Page, name: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (name.test(f.name)) {
      expect(f.visible, `the focus on "${f.name}" is visible`).toBe(true);
      return;
    }
  }
  throw new Error(`Tab never reached ${name}`);
}

describe('two-way drawer with the keyboard only', () => {
  let protocol = '';

  it('a consultant sends a new request with the keyboard', async () => {
    const { page, context, errors } = await pageAs(consultant);
    await page.goto(`${server.url}/cassetto`);
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Le mie aziende');
    await page.getByText('Tastiere Riunite srl').first().waitFor(POLL);
    await tabTo(page, /^Nuova richiesta/);
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Nuova richiesta');
    await tabTo(page, /^Argomento/);
    await page.keyboard.press('ArrowDown'); // the first subject of the tree
    expect(await page.getByLabel('Argomento').inputValue()).not.toBe('');
    await tabTo(page, /^Oggetto/);
    await page.keyboard.type('Richiesta scritta da tastiera');
    await tabTo(page, /^Testo della richiesta/);
    await page.keyboard.type('Nessun mouse: solo Tab, frecce e Invio.');
    await expectAccessible(page, 'new request, keyboard');
    await shoot(page, 'drawer-keyboard-new-request');
    await tabTo(page, /^Invia la richiesta$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.alert-success').textContent(), POLL).toMatch(/Richiesta registrata con protocollo MI01-\d{4}-\d{6}/);
    protocol = ((await page.locator('.alert-success').textContent()) ?? '').match(/MI01-\d{4}-\d{6}/)![0];
    await expect.poll(() => h1(page).textContent(), POLL).toMatch(/Richiesta scritta da tastiera/);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the office takes it in charge and answers with the keyboard', async () => {
    const { page, context, errors } = await pageAs(operator);
    await page.goto(`${server.url}/cassetto`);
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Coda della sede');
    await page.getByRole('link', { name: new RegExp(protocol) }).waitFor(POLL);
    await tabTo(page, new RegExp(protocol), 120);
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page).textContent(), POLL).toMatch(/Richiesta scritta da tastiera/);
    await tabTo(page, /^Prendi in carico$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.alert-success').textContent(), POLL).toBe('Richiesta presa in carico.');
    await page.getByText('Assegnata a: Anna Tasti').waitFor(POLL);
    await tabTo(page, /^Il tuo messaggio$/);
    await page.keyboard.type('Risposta data senza mouse.');
    await tabTo(page, /^Invia$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.alert-success').textContent(), POLL).toBe('Messaggio inviato.');
    await page.getByText('Risposta data senza mouse.').waitFor(POLL);
    await expectAccessible(page, 'thread answered, keyboard');
    await shoot(page, 'drawer-keyboard-answered');
    const row = (await server.db.query<{ state: string; first_answer_at: Date | null }>('SELECT state, first_answer_at FROM drawer_thread WHERE protocol = $1', [protocol])).rows[0]!;
    expect(row.state).toBe('in_charge');
    expect(row.first_answer_at).not.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
