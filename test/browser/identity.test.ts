// Issue 16 §3 in a real Chromium against the real server, with the e-mail channel on (a real
// SMTP server started here, the notification worker sending to it): on a phone and a desktop
// screen, a citizen confirms with the one-time code read from the mail received — a wrong code
// first, then the right one; a citizen signed in with SPID/CIE sees no code step and books with
// the identity provider's tax code (prefilled, read-only); the URP sees a contact refused for
// too many active bookings, masked. Axe (WCAG 2.1 A/AA) on every page; screenshots in test-results.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import type { NotificationWorker } from '../../src/notifications/worker.js';
import { startNotificationWorker } from '../../src/notifications/settings.js';
import { loadConfig } from '../../src/platform/config.js';
import { createStaff, sessionCookie } from '../integration/identity-support.js';
import { startSmtp, type TestSmtp } from '../integration/notifications-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { deskOf, expectAccessible, h1, launchChromium, shoot, taxCode, VIEWPORTS, watchErrors } from './support.js';

const PASSWORD = 'Limiti-per-contatto-2026';
const POLL = { timeout: 20_000 };
const REFUSED_PHONE = '+393401112223';

let server: TestServer;
let smtp: TestSmtp;
let worker: NotificationWorker;
let browser: Browser;
const desks: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  smtp = await startSmtp();
  // The e-mail channel as the server runs it (SMTP_URL): it carries contact_code, so web confirmations ask for a code.
  worker = await startNotificationWorker(server.db, loadConfig({ SMTP_URL: smtp.url, SMTP_FROM: 'INPS Sportello <noreply@sportello.test>', NOTIFY_POLL_MS: '100' }));
  desks['code-phone'] = await deskOf(server.url, 'LC', /^Lecco$/, 1);
  desks['code-desktop'] = await deskOf(server.url, 'SO', /^Sondrio$/, 1);
  desks['citizen-phone'] = await deskOf(server.url, 'PV', /^Pavia$/, 1);
  desks['citizen-desktop'] = await deskOf(server.url, 'MN', /^Mantova$/, 1);
  await createStaff(server.db, { username: 'urp.limiti', password: PASSWORD, grants: [{ role: 'urp_monitor', scope: { kind: 'region', code: 'LOM' } }] });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await smtp?.close();
  await server?.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as any };
}

/** From the desk's page address to the personal-data step, on the first free time. */
async function toPersonStep(page: Page, deskId: string): Promise<void> {
  await page.goto(`${server.url}/prenota?sportello=${deskId}`);
  await expect.poll(() => h1(page).textContent(), POLL).toBe('Come vuoi essere contattato?');
  await page.getByRole('button', { name: 'Continua' }).click();
  await expect.poll(() => h1(page).textContent(), POLL).toBe('Scegli giorno e ora');
  await page.getByRole('button', { name: 'Prenota il primo orario libero' }).click();
  await expect.poll(() => h1(page).textContent(), POLL).toBe('I tuoi dati');
}

for (const device of VIEWPORTS) {
  describe(`contact verification on a ${device.name} (${device.viewport.width}×${device.viewport.height})`, () => {
    let context: BrowserContext;
    let page: Page;
    let errors: string[];
    const shot = (name: string) => shoot(page, `identity-${device.name}-${name}`);

    beforeAll(async () => {
      context = await browser.newContext({
        viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch, bypassCSP: true, locale: 'it-IT', timezoneId: 'UTC',
      });
      page = await context.newPage();
      errors = watchErrors(page);
    });
    afterAll(async () => context?.close());

    it('confirms with the one-time code from the e-mail: a wrong code is refused, the right one lets the booking through', async () => {
      const tax = taxCode(device.name === 'phone' ? 'VRF' : 'CDC');
      const email = `verifica.${device.name}@example.it`;
      await toPersonStep(page, desks[`code-${device.name}`]!);
      await page.getByLabel('Codice fiscale').fill(tax);
      expect(await page.getByLabel('Codice fiscale').getAttribute('readonly')).toBeNull();
      await page.getByLabel('Nome e cognome').fill('Vera Verifica');
      await page.getByLabel('Numero di telefono').fill(device.name === 'phone' ? '347 555 0101' : '347 555 0202');
      await page.getByLabel('Indirizzo e-mail').fill(email);
      await page.getByLabel(/Ho letto l'informativa/).check();
      await page.getByRole('button', { name: 'Continua: controlla e conferma' }).click();

      // The summary asks for the code before the booking can be confirmed.
      await expect.poll(() => h1(page).textContent(), POLL).toBe('Controlla e conferma');
      const step = page.getByTestId('contact-code');
      await expect.poll(() => step.count(), POLL).toBe(1);
      expect(await step.textContent()).toContain("all'indirizzo e-mail che hai indicato");
      const confirm = page.getByRole('button', { name: 'Conferma la prenotazione' });
      expect(await confirm.isDisabled()).toBe(true);
      await expectAccessible(page, 'summary: code step');
      await shot('1-code-step');

      const before = smtp.messages.length;
      await page.getByRole('button', { name: 'Inviami il codice' }).click();
      await expect.poll(() => page.getByTestId('code-sent').textContent(), POLL).toContain('Codice inviato a v•••@example.it');
      await smtp.waitFor(before + 1);
      const mail = smtp.messages.slice(before).find((m) => (m.to && 'text' in m.to ? m.to.text : '').includes(email));
      expect(mail?.subject).toMatch(/^Codice di verifica INPS: \d{6}$/);
      const code = mail!.subject!.slice(-6);
      expect(mail!.text).toContain(code);

      // A wrong code first: refused, said in words, attempts left.
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      await page.getByLabel('Codice di verifica').fill(wrong);
      await page.getByRole('button', { name: 'Verifica il codice' }).click();
      await expect.poll(() => step.locator('.problem-alert').textContent(), POLL).toContain('Codice errato. Tentativi rimasti: 4.');
      expect(await confirm.isDisabled()).toBe(true);
      await expectAccessible(page, 'summary: wrong code');
      await shot('2-wrong-code');

      // Then the right one.
      await page.getByLabel('Codice di verifica').fill(code);
      await page.getByRole('button', { name: 'Verifica il codice' }).click();
      await expect.poll(() => page.getByTestId('contact-verified').textContent(), POLL).toBe('Recapito verificato: ora puoi confermare la prenotazione.');
      expect(await confirm.isDisabled()).toBe(false);
      await expectAccessible(page, 'summary: code verified');
      await shot('3-verified');
      await confirm.click();

      await expect.poll(() => h1(page).textContent(), POLL).toBe('Prenotazione confermata');
      const bookingCode = (await page.getByTestId('done-code').textContent())!;
      const row = await server.db.query<{ email: string; tax_code: string; status: string }>('SELECT email, tax_code, status FROM booking WHERE code = $1', [bookingCode]);
      expect(row.rows).toEqual([{ email, tax_code: tax, status: 'booked' }]);
      const v = await server.db.query<{ attempts: number; verified: boolean }>(
        'SELECT attempts, verified_at IS NOT NULL AS verified FROM contact_verification WHERE hold_id = (SELECT id FROM booking WHERE code = $1)', [bookingCode],
      );
      expect(v.rows).toEqual([{ attempts: 1, verified: true }]);
      await expectAccessible(page, 'confirmation after the code');
      await shot('4-done');
      expect(errors).toEqual([]);
    });

    it('a citizen signed in with SPID/CIE: tax code from the identity provider, read-only, and no code step', async () => {
      const tax = taxCode(device.name === 'phone' ? 'SPD' : 'CIE');
      const session = await sessionCookie(server.db, defaultIdentitySettings(), { taxCode: tax });
      const [name, value] = session.cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
      try {
        await toPersonStep(page, desks[`citizen-${device.name}`]!);
        const field = page.getByLabel('Codice fiscale');
        await expect.poll(() => field.inputValue(), POLL).toBe(tax);
        expect(await field.getAttribute('readonly')).not.toBeNull();
        const hint = (await field.getAttribute('aria-describedby'))!.split(' ')[0]!;
        expect(await page.locator(`[id="${hint}"]`).textContent()).toBe('Dal tuo accesso con SPID o CIE: non si può cambiare.');
        await page.getByLabel('Nome e cognome').fill('Carla Identità');
        await page.getByLabel('Numero di telefono').fill(device.name === 'phone' ? '347 555 0303' : '347 555 0404');
        await page.getByLabel('Indirizzo e-mail').fill(`spid.${device.name}@example.it`);
        await page.getByLabel(/Ho letto l'informativa/).check();
        await expectAccessible(page, 'signed-in citizen: personal data');
        await shot('5-citizen-person');
        await page.getByRole('button', { name: 'Continua: controlla e conferma' }).click();

        await expect.poll(() => h1(page).textContent(), POLL).toBe('Controlla e conferma');
        const confirm = page.getByRole('button', { name: 'Conferma la prenotazione' });
        await expect.poll(() => confirm.isDisabled(), POLL).toBe(false);
        // The e-mail channel carries codes (an anonymous visitor is asked for one above), but not this citizen.
        expect(await page.getByTestId('contact-code').count()).toBe(0);
        expect(await page.locator('.summary-block').nth(1).textContent()).toContain(tax);
        await expectAccessible(page, 'signed-in citizen: summary');
        await shot('6-citizen-summary');
        await confirm.click();

        await expect.poll(() => h1(page).textContent(), POLL).toBe('Prenotazione confermata');
        const bookingCode = (await page.getByTestId('done-code').textContent())!;
        const row = await server.db.query<{ tax_code: string; codes: number }>(
          'SELECT tax_code, (SELECT count(*)::int FROM contact_verification v WHERE v.hold_id = b.id) AS codes FROM booking b WHERE code = $1', [bookingCode],
        );
        expect(row.rows).toEqual([{ tax_code: tax, codes: 0 }]);
        expect(errors).toEqual([]);
      } finally {
        await context.clearCookies();
      }
    });
  });
}

describe('URP: contacts over the booking limit', () => {
  beforeAll(async () => {
    // One phone number on four web bookings (signed-in citizens, so no code is needed): the fourth is refused and recorded.
    const provinces: [string, RegExp][] = [['BS', /^Brescia$/], ['CR', /^Cremona$/], ['LO', /^Lodi$/], ['VA', /^Varese$/]];
    const statuses: (string | number)[] = [];
    for (const [i, [province, office]] of provinces.entries()) {
      const deskId = await deskOf(server.url, province, office, 1);
      const tax = taxCode(`LM${'ABCD'[i]}`);
      const session = await sessionCookie(server.db, defaultIdentitySettings(), { taxCode: tax });
      const first = (await (await fetch(`${server.url}/api/desks/${deskId}/first-available?channel=phone`)).json()) as { slot: { start: string } };
      // signed in, the hold needs no proof of work
      const hold = await post(`/api/desks/${deskId}/holds`, { start: first.slot.start, channel: 'phone' }, { cookie: session.cookie, 'x-csrf-token': session.csrf });
      const made = await post('/api/bookings', {
        hold: { id: hold.body.holdId, token: hold.body.holdToken }, taxCode: tax, fullName: 'Luca Limite', phone: REFUSED_PHONE,
        channel: 'phone', language: 'it', consent: true,
      }, { cookie: session.cookie, 'x-csrf-token': session.csrf });
      statuses.push(made.status === 201 ? 201 : made.body.code);
    }
    expect(statuses).toEqual([201, 201, 201, 'contact_limit']);
  });

  for (const device of VIEWPORTS) {
    it(`shows the refused contact, masked, to the URP on a ${device.name}`, async () => {
      const context = await browser.newContext({ viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch, bypassCSP: true, locale: 'it-IT' });
      const page = await context.newPage();
      const errors = watchErrors(page);
      try {
        await page.goto(`${server.url}/monitoraggio/limiti`);
        await expect.poll(() => h1(page).textContent(), POLL).toMatch(/Accesso del personale/);
        await page.getByLabel('Nome utente').fill('urp.limiti');
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Accedi', exact: true }).click();
        await expect.poll(() => h1(page).textContent(), POLL).toBe('Monitoraggio del servizio');
        await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Contatti oltre il limite di prenotazioni' }).count(), POLL).toBe(1);
        const table = page.getByTestId('limits-table');
        await expect.poll(() => table.count(), POLL).toBe(1);
        expect(await table.locator('caption').textContent()).toBe('Contatti rifiutati per troppe prenotazioni attive, ultimi 30 giorni');
        const row = table.locator('tbody tr').filter({ hasText: '+39•••••••223' });
        expect(await row.count()).toBe(1);
        const cells = await row.locator('th, td').allTextContents();
        expect(cells.slice(0, 4)).toEqual(['+39•••••••223', 'Telefono', '1', '1']);
        // The number itself is nowhere on the page.
        expect(await page.content()).not.toContain('1112223');
        expect(await page.getByRole('link', { name: 'Limite per contatto' }).getAttribute('aria-current')).toBe('page');
        await expectAccessible(page, `URP contact limits (${device.name})`);
        await shoot(page, `identity-${device.name}-7-urp-limits`);
        // Another period: the address keeps it.
        await page.getByLabel('Periodo').selectOption('7');
        await page.getByRole('button', { name: 'Mostra' }).click();
        await expect.poll(() => table.locator('caption').textContent(), POLL).toBe('Contatti rifiutati per troppe prenotazioni attive, ultimi 7 giorni');
        expect(new URL(page.url()).searchParams.get('giorni')).toBe('7');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
