// Telephony from home in a real Chromium against the real server and a local Wildix PBX:
// the office admin tests the connection (plain words, the extension checked), and a reception
// agent on a phone screen gets an incoming call at their extension opened on the console —
// the caller's number in the search, their bookings shown, the conversation timed by the PBX.
// axe-core on each screen; screenshots in test-results/screenshots/telephony-*.png.
import { createHmac } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { WEB_ROOT } from '../support/server.js';
import { bookToday, setTelephony, staffClient, startCallsServer, type CallsServer } from '../integration/calls-support.js';
import { fakeWildixPbx } from '../integration/pbx-fakes.js';
import { DEMO_TOTP_SECRET } from '../../src/users/demo-users.js';
import { totpCode } from '../../src/auth/totp.js';
import { createStaff } from '../integration/identity-support.js';
import { expectAccessible, h1, launchChromium, shoot, VIEWPORTS, watchErrors } from './support.js';

const PASSWORD = 'telefonia-di-prova-2026';
const API_KEY = `wsk-v1-${'Br0'.repeat(31)}`;
const SECRET = 'browser-webhook-secret';
let server: CallsServer;
let browser: Browser;
let pbx: ReturnType<typeof fakeWildixPbx>;
let callerPhone: string;

beforeAll(async () => {
  pbx = fakeWildixPbx({ apiKey: API_KEY, extensions: ['201', '202', '300'] });
  const base = await pbx.start();
  server = await startCallsServer(testDatabases[0]!, { webRoot: WEB_ROOT, calls: { env: { BR_WILDIX_KEY: API_KEY, BR_WILDIX_SECRET: SECRET } } });
  server.clock.now = Date.now();
  browser = await launchChromium();
  // Administrators sign in with a second factor.
  await createStaff(server.db, { username: 'admin.tel', password: PASSWORD, totpSecret: DEMO_TOTP_SECRET, grants: [{ role: 'office_admin', scope: { kind: 'office', code: 'TT01' } }] });
  await staffClient(server, 'agente.tel', [{ role: 'reception_agent', scope: { kind: 'province', code: 'TT' } }], PASSWORD);
  const [b] = await bookToday(server, 1, { hh: 16, mm: 0 });
  callerPhone = (await server.db.query<{ phone: string }>('SELECT phone FROM booking WHERE id = $1', [b!.id])).rows[0]!.phone;
  await setTelephony(server, 'wildix', { baseUrl: base, apiKeyEnv: 'BR_WILDIX_KEY', webhookSecretEnv: 'BR_WILDIX_SECRET', receptionExtensions: ['300'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await pbx?.close();
});

async function signIn(page: Page, path: string, username: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await expect.poll(() => h1(page).textContent()).toMatch(/Accesso del personale/);
  await page.getByLabel('Nome utente').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
}

function webhook(body: Record<string, unknown>): Promise<Response> {
  const text = JSON.stringify(body);
  return fetch(`${server.url}/api/telephony/wildix/${server.officeId}/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': createHmac('sha256', SECRET).update(text).digest('hex') }, body: text,
  });
}

describe('telephony from home', () => {
  it('the office admin tests the connection and reads the answer in plain words', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS[1].viewport, locale: 'it-IT', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, '/admin', 'admin.tel');
    await page.getByLabel('Codice di verifica').fill(totpCode(DEMO_TOTP_SECRET, Date.now()));
    await page.getByRole('button', { name: 'Verifica' }).click();
    await expect.poll(() => h1(page).textContent()).toMatch(/Utenti e ruoli/);
    await page.goto(`${server.url}/admin/sedi/${server.officeId}`);
    await page.getByLabel('Interno da verificare (facoltativo)').fill('201');
    await page.getByRole('button', { name: 'Prova la connessione' }).click();
    const result = page.getByTestId('tel-test-result');
    await expect.poll(() => result.textContent()).toMatch(/Collegamento riuscito.*3 utenti.*L'interno 201 esiste/);
    await page.getByLabel('Interno da verificare (facoltativo)').fill('999');
    await page.getByRole('button', { name: 'Prova la connessione' }).click();
    await expect.poll(() => result.textContent()).toMatch(/L'interno 999 non esiste nel centralino/);
    await expect.poll(() => page.getByLabel('Prefisso per nascondere il numero').isVisible()).toBe(true);
    await expectAccessible(page, 'office telephony with the connection test');
    await page.getByTestId('tel-test-result').scrollIntoViewIfNeeded();
    await shoot(page, 'telephony-admin-test', false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an incoming call at the agent\'s extension opens the caller on the reception console (phone screen)', async () => {
    const context = await browser.newContext({ ...VIEWPORTS[0], locale: 'it-IT', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, '/reception', 'agente.tel');
    await expect.poll(() => h1(page).textContent()).toMatch(/Console di accoglienza/);
    await page.getByLabel('Il tuo interno di accoglienza').fill('300');
    await expect.poll(() => page.getByTestId('incoming-status').textContent()).toMatch(/Nessuna chiamata in arrivo/);

    const t0 = Date.now();
    const flow = { flowIndex: 0, direction: 'INBOUND', caller: { type: 'REMOTE', phone: callerPhone }, callee: { type: 'LOCAL', userExtension: '300', phone: '300' }, destination: '300' };
    expect((await webhook({ id: 'br-in-1', time: t0, type: 'call:live:progress', data: { eventTrigger: 'call.start', start: new Date(t0).toISOString(), flows: [{ ...flow, status: 'RINGING' }] } })).status).toBe(200);
    await expect.poll(() => page.getByTestId('incoming-status').textContent(), { timeout: 10_000 }).toContain(callerPhone);
    await expect.poll(() => page.getByLabel(/Codice fiscale, telefono o codice/).inputValue().catch(() => page.locator('#rc-find').inputValue())).toContain(callerPhone.slice(-7));
    await expect.poll(() => page.locator('#rc-found-title').textContent()).toMatch(/1 prenotazione trovata/);

    await webhook({ id: 'br-in-1', time: Date.now(), type: 'call:live:progress', data: { eventTrigger: 'call.answer', flows: [{ ...flow, status: 'TALKING', talkTime: 1 }] } });
    await expect.poll(() => page.getByTestId('incoming-status').textContent(), { timeout: 10_000 }).toMatch(/In conversazione da/);
    await expectAccessible(page, 'reception console with an incoming call');
    await shoot(page, 'telephony-reception-incoming');

    await webhook({
      id: 'br-in-1', time: t0 + 62_000, type: 'call:completed',
      data: { endCause: '16', flows: [{ ...flow, startTime: t0, endTime: t0 + 62_000, talkTime: 54_000, callStatus: 'COMPLETED' }] },
    });
    await expect.poll(() => page.getByTestId('incoming-status').textContent(), { timeout: 10_000 }).toMatch(/durata della conversazione 0:54/);
    // Logged as "redirected": the contact's duration is the call's 54 seconds, from the PBX.
    await page.locator('label[for="rc-reason-redirected"]').click();
    await page.getByRole('button', { name: /Registra/ }).click();
    await expect.poll(async () => (await server.db.query<{ d: number; s: string }>("SELECT duration_seconds AS d, duration_source AS s FROM reception_contact WHERE inbound_call_id IS NOT NULL")).rows).toEqual([{ d: 54, s: 'telephony' }]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a call from a patronato\'s local office: the console says who is calling and books for it from the patronato share', async () => {
    const org = (await server.db.query<{ id: string }>("INSERT INTO patronato (name, accreditation_code, region_code) VALUES ('Patronato Prova', 'PPR-TT', 'LOM') RETURNING id")).rows[0]!.id;
    await server.db.query("INSERT INTO patronato_office (patronato_id, province_code, name, phone) VALUES ($1, 'TT', 'Sede di Provalandia', '+390212345678')", [org]);
    const context = await browser.newContext({ ...VIEWPORTS[1], locale: 'it-IT', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, '/reception', 'agente.tel');
    await expect.poll(() => h1(page).textContent()).toMatch(/Console di accoglienza/);
    await page.getByLabel('Il tuo interno di accoglienza').fill('300');
    const t0 = Date.now();
    const flow = { flowIndex: 0, direction: 'INBOUND', caller: { type: 'REMOTE', phone: '+390212345678' }, callee: { type: 'LOCAL', userExtension: '300', phone: '300' }, destination: '300' };
    expect((await webhook({ id: 'br-in-2', time: t0, type: 'call:live:progress', data: { eventTrigger: 'call.start', start: new Date(t0).toISOString(), flows: [{ ...flow, status: 'RINGING' }] } })).status).toBe(200);
    const banner = page.getByTestId('patronato-caller');
    await expect.poll(() => banner.textContent().catch(() => ''), { timeout: 10_000 }).toMatch(/Chiama un patronato: Patronato Prova – Sede di Provalandia/);
    await expectAccessible(page, 'reception console with a patronato calling');
    await shoot(page, 'telephony-reception-patronato');
    await banner.getByRole('link', { name: 'Prenota per il patronato' }).click();
    // The patronati's booking page, the caller already recognised: its desks and the form, no number to type.
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Patronato Prova – Sede di Provalandia/ }).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('#pt-caller').inputValue()).toBe('+390212345678');
    expect(errors).toEqual([]);
    await context.close();
  });
});
