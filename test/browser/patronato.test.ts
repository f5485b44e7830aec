// The patronato operator's pages in a real Chromium against the real server: a booking for a
// client under a mandate (the PIN shown once), the organisation's list of bookings with the
// call outcome, move and cancel; the reception line recognising a patronato caller by its
// number and booking for it. Axe (WCAG 2.1 A/AA) on phone and desktop, Italian and English.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { createStaff, sessionCookie } from '../integration/identity-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { deskOf, expectAccessible, h1, launchChromium, shoot, taxCode, useServerClock, VIEWPORTS, watchErrors } from './support.js';

const POLL = { timeout: 15_000 };

let server: TestServer;
let browser: Browser;
let operator: { cookie: string; csrf: string };
let agent: { cookie: string; csrf: string };
let deskId: string;

beforeAll(async () => {
  server = await startTestServer();
  const settings = defaultIdentitySettings();
  const org = await server.db.query<{ id: string }>("INSERT INTO patronato (name, accreditation_code, region_code) VALUES ('Patronato Lavoro e Previdenza', 'PLP-MI', 'LOM') RETURNING id");
  const patronatoId = org.rows[0]!.id;
  await server.db.query("INSERT INTO patronato_office (patronato_id, province_code, name, phone) VALUES ($1, 'MI', 'Sede di Milano Centro', '+390245450000')", [patronatoId]);
  await server.db.query("INSERT INTO patronato_line (province_code, phone) VALUES ('MI', '+390280000100')");
  const op = await createStaff(server.db, { username: 'patronato.mi', grants: [{ role: 'patronato_operator', scope: { kind: 'province', code: 'MI' } }] });
  await server.db.query('UPDATE staff_user SET patronato_id = $2 WHERE id = $1', [op, patronatoId]);
  operator = await sessionCookie(server.db, settings, { userId: op });
  agent = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'numero.mi', grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'MI' } }] }) });
  deskId = await deskOf(server.url, 'MI', /Milano/, 1);
  await server.db.query('UPDATE desk SET patronato_percent = 50, patronato_release_hours = 48 WHERE id = $1', [deskId]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function newContext(vp: (typeof VIEWPORTS)[number], lang: 'it' | 'en'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: lang === 'it' ? 'it-IT' : 'en-GB', bypassCSP: true }); // axe is injected inline
  if (lang === 'en') await context.addInitScript(() => window.localStorage.setItem('sportello.lang', 'en'));
  return useServerClock(context, server.now);
}

async function signedIn(context: BrowserContext, who: { cookie: string }, path: string): Promise<{ page: Page; errors: string[] }> {
  const [name, value] = who.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.url }]);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + path);
  await expect.poll(() => h1(page).count(), { message: errors.join('\n'), timeout: 30_000 }).toBe(1);
  return { page, errors };
}

/** Fills the booking form: the desk, its first free time, the client, the mandate. */
async function fillBooking(page: Page, seed: string, subject: string): Promise<void> {
  await page.locator('#pt-desk').selectOption(deskId);
  await expect.poll(() => page.locator('#pt-slot option').count(), POLL).toBeGreaterThan(1);
  await page.locator('#pt-slot').selectOption({ index: 1 });
  await page.locator('#pt-tax').fill(taxCode(seed));
  await page.locator('#pt-name').fill(`Cliente ${seed}`);
  await page.locator('#pt-phone').fill('+39 333 123 4567');
  await page.locator('#pt-msubject').fill(subject);
  await page.locator('label[for=pt-consent]').click(); // bootstrap-italia draws the box on the label
  expect(await page.locator('#pt-consent').isChecked()).toBe(true);
}

describe('patronato operator', () => {
  for (const [i, vp] of VIEWPORTS.entries()) {
    const lang = i === 0 ? 'it' : 'en';
    it(`books for a client under a mandate, sees it with its outcome, moves and cancels it (${vp.name}, ${lang})`, async () => {
      const context = await newContext(vp, lang);
      const { page, errors } = await signedIn(context, operator, '/patronato/prenota');
      await expect.poll(() => page.getByText('Patronato Lavoro e Previdenza').count(), POLL).toBeGreaterThan(0);
      await expect.poll(() => page.getByText('+390280000100').count(), POLL).toBe(1);
      await fillBooking(page, `PT${"AB"[i]}`, 'Domanda di assegno unico');
      await expectAccessible(page, `patronato new booking (${vp.name})`);
      await shoot(page, `patronato-book-${vp.name}`);
      await page.locator('form button[type=submit]').last().click();
      const done = page.getByRole('status').filter({ hasText: /PIN/ });
      await expect.poll(() => done.count(), { ...POLL, message: errors.join('\n') }).toBe(1);
      const text = (await done.textContent()) ?? '';
      expect(text).toMatch(/\b\d{6}\b/);
      const code = /([A-Z0-9]{2,10}-\d{1,3}-[2-9A-HJKMNP-Z]{5})/.exec(text)![1]!;
      const row = await server.db.query<{ source: string; subject: string }>(
        'SELECT b.source, m.subject FROM booking b JOIN patronato_mandate m ON m.booking_id = b.id WHERE b.code = $1', [code]);
      expect(row.rows[0]).toEqual({ source: 'patronato', subject: 'Domanda di assegno unico' });
      await expectAccessible(page, `patronato booked (${vp.name})`);

      // The desk records the call's outcome (no answer): the patronato sees it in its list.
      await server.db.query(
        `INSERT INTO call_assignment (booking_id, desk_id, day, starts_at, ends_at, state, attempts, outcome, closed_at)
         SELECT id, desk_id, (starts_at AT TIME ZONE 'Europe/Rome')::date, starts_at, ends_at, 'done', 3, 'no_answer', ends_at + interval '35 minutes' FROM booking WHERE code = $1`, [code]); // closed after its last attempt, never before the slot
      await page.goto(`${server.url}/patronato`);
      await page.locator('#pt-days').selectOption('31');
      await page.locator('#pt-days').press('Enter');
      const card = page.locator('li.card').filter({ hasText: code });
      await expect.poll(() => card.count(), POLL).toBe(1);
      expect(await card.textContent()).toMatch(lang === 'it' ? /non ha risposto/ : /no answer/);
      expect(await card.textContent()).toContain('Domanda di assegno unico');
      await expectAccessible(page, `patronato bookings (${vp.name})`);
      await shoot(page, `patronato-list-${vp.name}`);

      // Move to another time, then cancel.
      await card.getByRole('button', { name: lang === 'it' ? 'Sposta' : 'Move' }).click();
      const select = card.locator('select');
      await expect.poll(() => select.locator('option').count(), POLL).toBeGreaterThan(2);
      const target = await select.locator('option').nth(2).getAttribute('value');
      await select.selectOption(target!);
      await expectAccessible(page, `patronato move (${vp.name})`);
      await card.locator('form button[type=submit]').click();
      await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain(code);
      const moved = await server.db.query<{ startsAt: Date }>('SELECT starts_at AS "startsAt" FROM booking WHERE code = $1', [code]);
      expect(moved.rows[0]!.startsAt.toISOString()).toBe(new Date(target!).toISOString());
      const again = page.locator('li.card').filter({ hasText: code });
      await again.getByRole('button', { name: lang === 'it' ? 'Annulla' : 'Cancel' }).click();
      await again.locator('form button[type=submit]').click();
      await expect.poll(async () => (await server.db.query<{ status: string }>('SELECT status FROM booking WHERE code = $1', [code])).rows[0]!.status, POLL).toBe('cancelled');
      expect(errors).toEqual([]);
      await context.close();
    }, 180_000);
  }
});

describe('reception line answering the patronati', () => {
  it('recognises the calling patronato by its number and books for it', async () => {
    const context = await newContext(VIEWPORTS[1], 'it');
    const { page, errors } = await signedIn(context, agent, '/patronato/prenota');
    await page.locator('#pt-caller').fill('02 4545 0000');
    await page.getByRole('button', { name: 'Riconosci' }).click();
    await expect.poll(() => page.getByText(/Chiama Patronato Lavoro e Previdenza – Sede di Milano Centro/).count(), POLL).toBe(1);
    await fillBooking(page, 'RCP', 'Domanda di pensione');
    await expectAccessible(page, 'reception books for a patronato');
    await shoot(page, 'patronato-reception');
    await page.locator('form button[type=submit]').last().click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /PIN/ }).count(), POLL).toBe(1);
    const row = await server.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM booking b JOIN patronato p ON p.id = b.patronato_id WHERE p.accreditation_code = 'PLP-MI' AND b.tax_code = $1", [taxCode('RCP')]);
    expect(row.rows[0]!.n).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

describe("an office's administrator", () => {
  it("sets a desk's patronato share on the desk's page", async () => {
    const settings = defaultIdentitySettings();
    const officeId = (await server.db.query<{ officeId: string; code: string }>('SELECT d.office_id AS "officeId", o.code FROM desk d JOIN office o ON o.id = d.office_id WHERE d.id = $1', [deskId])).rows[0]!;
    const admin = await sessionCookie(server.db, settings, {
      userId: await createStaff(server.db, { username: 'admin.mi', grants: [{ role: 'office_admin', scope: { kind: 'office', code: officeId.code } }] }),
    });
    const context = await newContext(VIEWPORTS[0], 'it');
    const { page, errors } = await signedIn(context, admin, `/admin/sedi/${officeId.officeId}/sportelli/${deskId}`);
    await page.locator('#ps-percent').waitFor(POLL);
    expect(await page.locator('#ps-percent').inputValue()).toBe('50');
    await page.locator('#ps-percent').fill('100');
    await page.locator('#ps-release').fill('24');
    await page.getByRole('button', { name: 'Salva la quota' }).click();
    await expect.poll(async () => (await server.db.query<{ p: number; h: number }>('SELECT patronato_percent AS p, patronato_release_hours AS h FROM desk WHERE id = $1', [deskId])).rows[0], POLL)
      .toEqual({ p: 100, h: 24 });
    // The page re-renders after the save: scroll once the heading stays attached.
    await expect.poll(() => page.locator('#patronato-share-title').scrollIntoViewIfNeeded({ timeout: 2000 }).then(() => true, () => false)).toBe(true);
    await expectAccessible(page, 'patronato share (phone)');
    await shoot(page, 'patronato-share-phone', false);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
