// The citizen's upload page after a "documents needed" call, in a real Chromium (phone and
// desktop): the link from the notice opens the page with what the office asked for (Italian,
// then English), a disguised file is refused with the server's message and nothing stored,
// the real documents are sent once, the page then says the link was used; the operator sees
// what arrived in the console's call panel data. axe-core on every screen; screenshots in
// test-results/screenshots/uploads-*.png.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { WEB_ROOT } from '../support/server.js';
import { atSlot, bookToday, operatorOf, setTelephony, staffClient, startCallsServer, type CallsServer, type Client } from '../integration/calls-support.js';
import { SAMPLES } from '../integration/drawer-support.js';
import { expectAccessible, h1, launchChromium, shoot, VIEWPORTS, watchErrors } from './support.js';

let server: CallsServer;
let browser: Browser;
let op: Client;
let bookings: Awaited<ReturnType<typeof bookToday>>;
let next = 0;

beforeAll(async () => {
  server = await startCallsServer(testDatabases[0]!, { webRoot: WEB_ROOT });
  browser = await launchChromium();
  op = await staffClient(server, 'op.upload', operatorOf());
  await setTelephony(server, 'manual');
  bookings = await bookToday(server, 4);
  await server.db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'sms'");
  expect((await op.send('POST', '/api/staff/operator/duty', { deskId: server.deskId })).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A booking whose call ends in "documents needed": its upload link as the citizen receives it. */
async function linkFor(): Promise<{ bookingId: string; path: string }> {
  const b = bookings[next++]!;
  const item = (await op.get('/api/staff/operator/agenda')).body.items.find((i: any) => i.bookingId === b.id);
  atSlot(server, item);
  const c = await op.send('POST', '/api/staff/calls', { bookingId: b.id, adapter: 'manual' });
  await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'answered' });
  await op.send('POST', `/api/staff/agenda/bookings/${b.id}/identity`, { taxCode: b.taxCode, pin: b.pin });
  await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'ended' });
  expect((await op.send('POST', `/api/staff/agenda/bookings/${b.id}/outcome`, { outcome: 'needs_documents', documents: ['isee'] })).status).toBe(200);
  const data = (await server.db.query<{ data: any }>("SELECT data FROM notification_job WHERE booking_id = $1 AND kind = 'documents_needed' LIMIT 1", [b.id])).rows[0]!.data;
  return { bookingId: b.id, path: `/documenti/${data.uploadLinkId}#${data.uploadToken}` };
}

describe('citizen upload page', () => {
  for (const vp of VIEWPORTS) {
    it(`sends the documents once through the link, refuses a disguised file (${vp.name})`, async () => {
      const { bookingId, path } = await linkFor();
      const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'it-IT', bypassCSP: true }); // axe is injected inline
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${server.url}${path}`);
      await expect.poll(() => h1(page).textContent()).toMatch(/Invia i documenti richiesti/);
      await expect.poll(() => page.getByTestId('upload-requested').textContent()).toMatch(/ISEE/);
      await expectAccessible(page, `upload page ${vp.name}`);
      await shoot(page, `uploads-open-${vp.name}`);

      // A PNG named .pdf: refused by the server, its message shown, nothing stored.
      await page.getByLabel('Documenti', { exact: true }).setInputFiles([{ name: 'isee.pdf', mimeType: 'application/pdf', buffer: SAMPLES.png }]);
      await page.getByRole('button', { name: 'Invia i documenti' }).click();
      await expect.poll(() => page.getByTestId('upload-error').textContent()).toMatch(/Nessun documento è stato salvato/);
      expect((await server.db.query('SELECT 1 FROM booking_document WHERE booking_id = $1', [bookingId])).rows).toHaveLength(0);
      await expectAccessible(page, `upload refused ${vp.name}`);
      await shoot(page, `uploads-refused-${vp.name}`);

      // In English, the real documents.
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => h1(page).textContent()).toMatch(/Send the documents requested/);
      await page.getByLabel('Documents', { exact: true }).setInputFiles([
        { name: 'isee.pdf', mimeType: 'application/pdf', buffer: SAMPLES.pdf },
        { name: 'id.jpg', mimeType: 'image/jpeg', buffer: SAMPLES.jpeg },
      ]);
      await page.getByRole('button', { name: 'Send the documents' }).click();
      await expect.poll(() => page.getByTestId('upload-done').textContent()).toMatch(/Documents received/);
      await expectAccessible(page, `upload done ${vp.name}`);
      await shoot(page, `uploads-done-${vp.name}`);
      const docs = (await op.get(`/api/staff/agenda/bookings/${bookingId}/documents`)).body;
      expect(docs.items.map((d: any) => d.name)).toEqual(['isee.pdf', 'id.jpg']);

      // The link again (the same address: a reload): used.
      await page.reload();
      await expect.poll(() => page.getByTestId('upload-state').textContent().catch(() => '')).toMatch(/was used already|già stato usato/);
      expect(await page.getByRole('button', { name: /Send the documents|Invia i documenti/ }).count()).toBe(0);
      await expectAccessible(page, `upload used ${vp.name}`);
      await shoot(page, `uploads-used-${vp.name}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('a link with a wrong token says it is not found', async () => {
    const { path } = await linkFor();
    const page = await browser.newPage({ bypassCSP: true });
    await page.goto(`${server.url}${path.replace(/#.*/, '#' + 'x'.repeat(32))}`);
    await expect.poll(() => page.getByTestId('upload-error').textContent()).toMatch(/Collegamento per l’invio dei documenti non trovato/);
    await expectAccessible(page, 'upload not found');
    await page.close();
  });
});
