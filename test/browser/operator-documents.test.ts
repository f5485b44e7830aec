// The operator console's documents panel (BookingDocuments) in a real Chromium: a call ends in
// "documents needed"; before the citizen sends anything the panel says until when the link is
// valid and that nothing arrived; the citizen sends two documents through the one-time link (the
// upload page, as the notice gives it); the operator's panel then lists them, and the download
// gives back the very bytes sent (same SHA-256, as an attachment). On a desktop and a phone
// screen, Italian then English; axe-core on every screen, screenshots in
// test-results/screenshots/operator-documents-*.png.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { WEB_ROOT } from '../support/server.js';
import { atSlot, bookToday, operatorOf, setTelephony, staffClient, startCallsServer, type CallsServer, type Client } from '../integration/calls-support.js';
import { SAMPLES } from '../integration/drawer-support.js';
import { expectAccessible, h1, launchChromium, shoot, useServerClock, VIEWPORTS, watchErrors } from './support.js';

const PASSWORD = 'operatore-documenti-2026';
let server: CallsServer;
let browser: Browser;
let op: Client;
let bookings: Awaited<ReturnType<typeof bookToday>>;
let next = 0;

beforeAll(async () => {
  server = await startCallsServer(testDatabases[0]!, { webRoot: WEB_ROOT });
  browser = await launchChromium();
  op = await staffClient(server, 'op.documents', operatorOf(), PASSWORD);
  await setTelephony(server, 'manual');
  bookings = await bookToday(server, 2);
  await server.db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'sms'");
  expect((await op.send('POST', '/api/staff/operator/duty', { deskId: server.deskId })).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The next booking's call, ended with "documents needed": the booking and its upload link as the citizen receives it. */
async function documentsNeeded(): Promise<{ booking: (typeof bookings)[number]; path: string }> {
  const b = bookings[next++]!;
  const item = (await op.get('/api/staff/operator/agenda')).body.items.find((i: { bookingId: string }) => i.bookingId === b.id);
  atSlot(server, item, 60_000);
  const c = await op.send('POST', '/api/staff/calls', { bookingId: b.id, adapter: 'manual' });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'answered' });
  await op.send('POST', `/api/staff/agenda/bookings/${b.id}/identity`, { taxCode: b.taxCode, pin: b.pin });
  await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'ended' });
  expect((await op.send('POST', `/api/staff/agenda/bookings/${b.id}/outcome`, { outcome: 'needs_documents', documents: ['isee'] })).status).toBe(200);
  const data = (await server.db.query<{ data: { uploadLinkId: string; uploadToken: string } }>("SELECT data FROM notification_job WHERE booking_id = $1 AND kind = 'documents_needed' LIMIT 1", [b.id])).rows[0]!.data;
  return { booking: b, path: `/documenti/${data.uploadLinkId}#${data.uploadToken}` };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const docsPanel = (page: Page) => page.getByTestId('booking-documents');

describe('operator console: documents sent by the citizen', () => {
  for (const vp of VIEWPORTS) {
    it(`shows the link, then the documents the citizen sent, and downloads them (${vp.name})`, async () => {
      const { booking, path } = await documentsNeeded();
      const options = { viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, bypassCSP: true }; // axe is injected inline
      const staff = await useServerClock(await browser.newContext({ ...options, locale: 'it-IT', acceptDownloads: true }), () => server.clock.now);
      const page = await staff.newPage();
      const errors = watchErrors(page);
      await page.goto(`${server.url}/operatore`);
      await expect.poll(() => h1(page).textContent()).toMatch(/Accesso del personale/);
      await page.getByLabel('Nome utente').fill('op.documents');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Accedi' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('La mia agenda di oggi');
      // Both bookings are at the same time: the row of this one is the one with its code.
      await page.locator('tr', { hasText: booking.code }).getByRole('button', { name: /Apri la prenotazione di Cittadino/ }).click();
      await expect.poll(() => page.locator('section[aria-labelledby="op-call"]').getByRole('heading', { level: 2 }).textContent()).toContain(booking.code);

      // Nothing arrived yet: the link is open, the panel says so.
      await expect.poll(() => docsPanel(page).textContent().catch(() => '')).toMatch(/Collegamento per l’invio valido fino al/);
      expect(await docsPanel(page).textContent()).toContain('Nessun documento ricevuto finora.');
      expect(await docsPanel(page).getByRole('link').count()).toBe(0);
      await expectAccessible(page, `documents panel, link open (${vp.name})`);
      await shoot(page, `operator-documents-1-waiting-${vp.name}`);

      // The citizen sends two documents through the link, on a page of their own.
      const citizen = await browser.newContext({ ...options, locale: 'it-IT' });
      const upload = await citizen.newPage();
      await upload.goto(`${server.url}${path}`);
      await expect.poll(() => h1(upload).textContent()).toMatch(/Invia i documenti richiesti/);
      await upload.getByLabel('Documenti', { exact: true }).setInputFiles([
        { name: 'ISEE 2026.pdf', mimeType: 'application/pdf', buffer: SAMPLES.pdf },
        { name: 'documento.jpg', mimeType: 'image/jpeg', buffer: SAMPLES.jpeg },
      ]);
      await upload.getByRole('button', { name: 'Invia i documenti' }).click();
      await expect.poll(() => upload.getByTestId('upload-done').textContent()).toMatch(/Documenti ricevuti/);
      await citizen.close();

      // The operator's panel (a reload: what the console shows on opening the booking).
      await page.reload();
      // Both bookings are at the same time: the row of this one is the one with its code.
      await page.locator('tr', { hasText: booking.code }).getByRole('button', { name: /Apri la prenotazione di Cittadino/ }).click();
      await expect.poll(() => docsPanel(page).getByRole('link').count()).toBe(2);
      expect(await docsPanel(page).textContent()).toMatch(/Documenti ricevuti il/);
      const links = docsPanel(page).getByRole('link');
      expect(await links.nth(0).textContent()).toMatch(/^Scarica ISEE 2026\.pdf \(/);
      expect(await links.nth(1).textContent()).toMatch(/^Scarica documento\.jpg \(/);
      expect(await docsPanel(page).textContent()).toContain('nessun antivirus configurato');
      await expectAccessible(page, `documents panel, documents received (${vp.name})`);
      await shoot(page, `operator-documents-2-received-${vp.name}`);

      // The download: an attachment with the name and the very bytes the citizen sent.
      const [download] = await Promise.all([page.waitForEvent('download'), links.nth(0).click()]);
      expect(download.suggestedFilename()).toBe('ISEE 2026.pdf');
      expect(sha256(await readFile((await download.path())!))).toBe(sha256(SAMPLES.pdf));
      const [image] = await Promise.all([page.waitForEvent('download'), links.nth(1).click()]);
      expect(sha256(await readFile((await image.path())!))).toBe(sha256(SAMPLES.jpeg));
      // The staff download is audited (personal data).
      const audited = await server.db.query("SELECT 1 FROM audit_log WHERE resource_type LIKE '%/booking-documents/:id' AND outcome = 'success'");
      expect(audited.rows.length).toBeGreaterThanOrEqual(2);

      // In English (the staff pages follow the language chosen on the site).
      await page.evaluate(() => window.localStorage.setItem('sportello.lang', 'en'));
      await page.reload();
      await page.locator('tr', { hasText: booking.code }).getByRole('button', { name: /Open the booking of Cittadino/ }).click();
      await expect.poll(() => docsPanel(page).getByRole('heading').textContent()).toBe('Documents sent by the citizen');
      expect(await docsPanel(page).getByRole('link').nth(0).textContent()).toMatch(/^Download ISEE 2026\.pdf \(/);
      await expectAccessible(page, `documents panel in English (${vp.name})`);
      await shoot(page, `operator-documents-3-english-${vp.name}`);
      expect(errors).toEqual([]);
      await staff.close();
    });
  }
});
