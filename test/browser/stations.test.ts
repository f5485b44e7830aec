// Municipal stations in a real Chromium against the real server: the office admin registers a
// station's device (one-time code on the admin page), the kiosk enrols with it, shows today's
// appointments (first names only), checks a citizen in with the booking code and joins the room
// without typing, ends and resets; checked in early, waits and joins at the slot time (clocks moved
// forward, no real waiting); the truth when video cannot start; the reset after inactivity;
// a citizen books at the station from the office page; the reception console books a caller
// at the station (its slots, its address read out); a
// station silent in its hours raises the URP dashboard's alert and its citizens are to be phoned.
// Axe (WCAG 2.1 A/AA), phone and desktop, Italian and English; screenshots in test-results.
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { weekdayOf } from '../../src/domain/schedule/time.js';
import { DEV_AUTH_SECRET, defaultIdentitySettings } from '../../src/auth/settings.js';
import { evaluateAlerts } from '../../src/monitoring/evaluate-alerts.js';
import type { RoomLink } from '../../src/stations/index.js';
import { roomLinkForBooking } from '../../src/video/index.js';
import { createStaff, sessionCookie } from '../integration/identity-support.js';
import { romeTime, tickingClock, workingDay } from '../support/clock.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, h1, launchChromium, shoot, taxCode, useServerClock, VIEWPORTS, watchErrors } from './support.js';

const POLL = { timeout: 20_000 };
const day = workingDay(2);

let server: TestServer;
let browser: Browser;
let admin: { cookie: string; csrf: string };
let agent: { cookie: string; csrf: string };
let officeId: string;
let deskId: string;
let stationId: string;
let video = true;
const codes: string[] = [];
/** Moves the server's clock (and, through useServerClock, a new context's) forward: the waiting-screen test. */
let shiftMs = 0;
const ticking = tickingClock(romeTime(day, 8, 40));

async function staffCall(who: { cookie: string; csrf: string }, method: string, path: string, body?: unknown) {
  const res = await fetch(server.url + path, { method, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  server = await startTestServer({
    now: () => ticking() + shiftMs,
    // The real video rooms (src/video), switched off to show the kiosk's answer when video cannot start.
    stations: { video: { roomLinkForBooking: async (id: string, now: Date): Promise<RoomLink | null> => (video ? roomLinkForBooking(server.db, id, now.getTime()) : null) } },
  });
  const settings = defaultIdentitySettings();
  const r = await server.db.query<{ id: string; officeId: string }>(
    `UPDATE desk d SET channels = ARRAY['phone', 'video'], min_notice_minutes = 0 FROM office o
      WHERE o.id = d.office_id AND o.code = 'CO01' AND d.key = 'prestazioni' RETURNING d.id, d.office_id AS "officeId"`);
  deskId = r.rows[0]!.id;
  officeId = r.rows[0]!.officeId;
  // The room opens an hour before the slot here, so the kiosk joins at once on the test's clock.
  await server.db.query('UPDATE office SET video_open_minutes = 60 WHERE id = $1', [officeId]);
  server.calendarChanged(deskId);
  admin = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'admin.co.kiosk', grants: [{ role: 'office_admin', scope: { kind: 'office', code: 'CO01' } }] }) });
  agent = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'numero.co.kiosk', grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'CO' } }] }) });
  const made = await staffCall(admin, 'POST', `/api/staff/offices/${officeId}/stations`, {
    deskId, comune: 'Menaggio', name: 'Postazione comunale di Menaggio', address: 'Municipio, Via Lusardi 26, Menaggio',
    accessibility: 'Piano terra, senza gradini', hours: [{ weekday: weekdayOf(day), from: '08:30', to: '12:30' }],
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  stationId = made.body.id;
  const slots = (await (await fetch(`${server.url}/api/stations/${stationId}/slots?from=${day}&to=${day}`)).json()).days[0].slots as { start: string }[];
  for (const [i, name] of ['Giulia Verdi', 'Marco Bianchi', 'Anna Neri', 'Luca Rossi'].entries()) {
    const b = await staffCall(agent, 'POST', `/api/staff/stations/${stationId}/bookings`, {
      start: slots[2 + i]!.start, taxCode: taxCode(`KS${'ABCD'[i]}`), fullName: name, phone: '+39 333 765 4321', channel: 'video', language: 'it', consent: true,
    });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    codes.push(b.body.booking.code);
  }
  browser = await launchChromium({ fakeMedia: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// Every RTCPeerConnection a frame makes, kept so the test can read its statistics (as in video.test.ts).
const TRACK_PEERS = () => {
  const Original = window.RTCPeerConnection;
  const peers: RTCPeerConnection[] = [];
  (window as unknown as { __peers: RTCPeerConnection[] }).__peers = peers;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      peers.push(this);
    }
  };
};

/** Video frames received and decoded by a frame's connected peer connection (0 when none). */
function framesIn(frame: Frame): Promise<number> {
  return frame.evaluate(async () => {
    const pc = ((window as unknown as { __peers?: RTCPeerConnection[] }).__peers ?? []).filter((p) => p.connectionState === 'connected').pop();
    if (!pc) return 0;
    let frames = 0;
    (await pc.getStats()).forEach((x: Record<string, unknown>) => {
      if (x.type === 'inbound-rtp' && x.kind === 'video') frames += Math.min(Number(x.framesReceived ?? 0), Number(x.framesDecoded ?? 0));
    });
    return frames;
  });
}

async function newContext(vp: (typeof VIEWPORTS)[number], lang: 'it' | 'en'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: lang === 'it' ? 'it-IT' : 'en-GB', bypassCSP: true }); // axe is injected inline
  // (in every frame: the room's frame, refused by its frame-ancestors, has no storage)
  if (lang === 'en') await context.addInitScript(() => { try { window.localStorage.setItem('sportello.lang', 'en'); } catch { /* opaque frame */ } });
  return useServerClock(context, server.now);
}

/** The admin page gives a one-time code; the kiosk enrols with it. */
async function enrolledKiosk(context: BrowserContext, vp: string): Promise<{ page: Page; errors: string[] }> {
  const [name, value] = admin.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.url }]);
  const adminPage = await context.newPage();
  await adminPage.goto(`${server.url}/admin/sedi/${officeId}`);
  await expect.poll(() => adminPage.getByTestId('station-list').locator('li').count(), POLL).toBeGreaterThan(0);
  await adminPage.getByRole('button', { name: /Codice di attivazione|Enrolment code/ }).first().click();
  await expect.poll(() => adminPage.getByTestId('enrolment-code').count(), POLL).toBe(1);
  const code = (await adminPage.getByTestId('enrolment-code').textContent())!.trim();
  await adminPage.locator('#stations-title').scrollIntoViewIfNeeded();
  await expectAccessible(adminPage, `admin stations (${vp})`);
  await shoot(adminPage, `stations-admin-${vp}`);
  await adminPage.close();
  await context.clearCookies();

  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/postazione?inattivita=5`);
  await expect.poll(() => page.locator('#enrol-code').count(), POLL).toBe(1);
  await expectAccessible(page, `kiosk enrolment (${vp})`);
  await page.locator('#enrol-code').fill(code.toLowerCase());
  await page.locator('#enrol-code').press('Enter');
  await expect.poll(() => page.locator('#kiosk-code').count(), POLL).toBe(1);
  return { page, errors };
}

describe('municipal station kiosk', () => {
  for (const [i, vp] of VIEWPORTS.entries()) {
    const lang = i === 0 ? 'it' : 'en';
    it(`enrols, shows first names only, checks in and joins the room, resets (${vp.name}, ${lang})`, async () => {
      video = true;
      const context = await newContext(vp, lang);
      const { page, errors } = await enrolledKiosk(context, vp.name);
      const list = page.getByTestId('kiosk-appointments');
      await expect.poll(() => list.locator('li').count(), POLL).toBeGreaterThan(1);
      const text = (await list.textContent()) ?? '';
      expect(text).toContain('Giulia');
      expect(text).not.toMatch(/Verdi|Bianchi|\+39/);
      await expectAccessible(page, `kiosk idle (${vp.name}, ${lang})`);
      await shoot(page, `stations-kiosk-idle-${vp.name}-${lang}`);

      // Check-in by keyboard, the code typed loosely: the room opens by itself (no typing).
      await page.locator('#kiosk-code').fill(codes[i]!.toLowerCase().replace(/-/g, ' '));
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('iframe.kiosk-frame').count(), POLL).toBe(1);
      expect(await page.locator('iframe.kiosk-frame').getAttribute('src')).toMatch(/^\/video\/r\/[A-Za-z0-9_-]+$/);
      // The room's own page loads inside the kiosk (framing allowed to this origin only).
      await expect.poll(() => page.frameLocator('iframe.kiosk-frame').locator('h1').count(), POLL).toBeGreaterThan(0);
      await expectAccessible(page, `kiosk call (${vp.name}, ${lang})`);
      await shoot(page, `stations-kiosk-call-${vp.name}-${lang}`);
      // Ended: back to the start, nothing of the citizen left on screen.
      await page.getByRole('button', { name: /Termina|End/ }).click();
      await expect.poll(() => page.locator('#kiosk-code').inputValue(), POLL).toBe('');
      expect(await page.locator('iframe').count()).toBe(0);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toMatch(/Giulia|Marco/);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }

  it('says the truth when the video cannot start, then resets after inactivity', async () => {
    video = false;
    const context = await newContext(VIEWPORTS[0], 'it');
    const { page } = await enrolledKiosk(context, 'phone-novideo');
    await page.locator('#kiosk-code').fill(codes[2]!);
    await page.getByRole('button', { name: 'Entra' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toMatch(/non è potuta partire.*ti chiamerà al telefono/);
    await expectAccessible(page, 'kiosk video unavailable');
    await shoot(page, 'stations-kiosk-novideo-phone');
    const flagged = await server.db.query<{ reason: string }>('SELECT phone_instead_reason AS reason FROM booking WHERE code = $1', [codes[2]]);
    expect(flagged.rows[0]!.reason).toBe('video_unavailable');
    // Left alone: the notice goes, the start screen comes back; a half-typed code is cleared too.
    await page.getByRole('button', { name: 'Annulla' }).click();
    await page.locator('#kiosk-code').fill('CO01-1');
    await expect.poll(() => page.locator('#kiosk-code').inputValue(), { timeout: 20_000 }).toBe('');
    await expect.poll(() => h1(page).textContent(), POLL).toMatch(/Benvenut/);
    await context.close();
  }, 120_000);

  it('a citizen books at the station from the office page: its hours, its address on the summary and the confirmation (phone, it)', async () => {
    const context = await newContext(VIEWPORTS[0], 'it');
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/sedi/${officeId}`);
    const list = page.getByTestId('station-list');
    await expect.poll(() => list.textContent(), POLL).toMatch(/Postazione comunale di Menaggio.*Municipio, Via Lusardi 26, Menaggio.*Piano terra, senza gradini/);
    await expectAccessible(page, 'office page with its station (phone)');
    await list.getByRole('link', { name: 'Prenota presso la postazione di Menaggio' }).click();
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Scegli giorno e ora');
    await expect.poll(() => page.getByTestId('hold-challenge').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    await page.getByRole('button', { name: 'Prenota il primo orario libero' }).click();
    await expect.poll(() => h1(page).textContent(), POLL).toBe('I tuoi dati');
    await page.getByLabel('Codice fiscale').fill(taxCode('KSW'));
    await page.getByLabel('Nome e cognome').fill('Elena Conti');
    await page.getByLabel('Numero di telefono').fill('333 222 1144');
    await page.getByLabel(/Ho letto l'informativa/).check();
    await page.getByRole('button', { name: 'Continua: controlla e conferma' }).click();
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Controlla e conferma');
    expect(await page.getByTestId('summary-station').textContent()).toBe('Postazione comunale di Menaggio, Municipio, Via Lusardi 26, Menaggio');
    await page.getByRole('button', { name: 'Conferma la prenotazione' }).click();
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Prenotazione confermata');
    expect(await page.locator('.what-next').textContent()).toContain('ti aspettiamo alla Postazione comunale di Menaggio, Municipio, Via Lusardi 26, Menaggio: arriva qualche minuto prima e scrivi il codice di prenotazione sullo schermo della postazione');
    const code = (await page.getByTestId('done-code').textContent())!;
    const row = await server.db.query<{ station_id: string; channel: string; start: Date }>('SELECT station_id, channel, starts_at AS start FROM booking WHERE code = $1', [code]);
    expect(row.rows[0]).toMatchObject({ station_id: stationId, channel: 'video' });
    const local = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit' }).format(row.rows[0]!.start);
    expect(local >= '08:30' && local < '12:30', local).toBe(true);
    await expectAccessible(page, 'booked at the station (phone)');
    await shoot(page, 'stations-web-booked-phone');
    expect(errors).toEqual([]);
    await context.close();

    // Later, on another device: "manage my booking" with the code and the tax code says where to go.
    const later = await newContext(VIEWPORTS[0], 'it');
    const manage = await later.newPage();
    const manageErrors = watchErrors(manage);
    await manage.goto(`${server.url}/prenotazione`);
    await manage.getByLabel('Codice di prenotazione').fill(code);
    await manage.getByLabel('Codice fiscale').fill(taxCode('KSW'));
    await manage.getByRole('button', { name: 'Cerca la prenotazione' }).click();
    await expect.poll(() => manage.locator('.what-next').textContent(), POLL)
      .toContain('ti aspettiamo alla Postazione comunale di Menaggio, Municipio, Via Lusardi 26, Menaggio: arriva qualche minuto prima');
    const api = await manage.evaluate(async ([c, t]) => {
      const r = await fetch('/api/bookings/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: c, taxCode: t }) });
      return { status: r.status, body: await r.json() as { station?: unknown } };
    }, [code, taxCode('KSW')] as const);
    expect(api).toMatchObject({ status: 200, body: { station: { id: stationId, name: 'Postazione comunale di Menaggio', address: 'Municipio, Via Lusardi 26, Menaggio', comune: 'Menaggio' } } });
    await expectAccessible(manage, 'manage a booking at the station (phone)');
    expect(manageErrors).toEqual([]);
    await later.close();
  }, 120_000);

  it('a station silent during its hours: the URP dashboard alert, its next citizens offered a phone call', async () => {
    // A device of its own (the test stands alone), heard once, then silent for ten minutes of opening hours.
    const issued = await staffCall(admin, 'POST', `/api/staff/stations/${stationId}/enrolment-codes`);
    const enrolled = await (await fetch(`${server.url}/api/station/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: issued.body.code }) })).json();
    const kiosk = (path: string, method = 'GET') => fetch(server.url + path, { method, headers: { authorization: `Bearer ${enrolled.token}` } });
    expect((await kiosk('/api/station/heartbeat', 'POST')).status).toBe(200);
    await server.db.query('UPDATE station_device SET last_seen_at = $2 WHERE station_id = $1', [stationId, new Date(server.now() - 10 * 60_000)]);
    // One run of the alert job, as the server's timer would.
    const run = await evaluateAlerts({ db: server.db, booking: bookingDeps(server.db, deriveBookingSecret(DEV_AUTH_SECRET), { now: server.now }), now: server.now, pushSeconds: 5 });
    expect(run.phoneInstead).toBeGreaterThan(0);
    const next = (await (await kiosk('/api/station/appointments')).json()).appointments as { phoneInstead: boolean }[];
    expect(next.some((a) => a.phoneInstead)).toBe(true);

    const urp = await sessionCookie(server.db, defaultIdentitySettings(), { userId: await createStaff(server.db, { username: 'urp.co.kiosk', grants: [{ role: 'urp_monitor', scope: { kind: 'province', code: 'CO' } }] }) });
    const context = await newContext(VIEWPORTS[0], 'it');
    const [name, value] = urp.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/monitoraggio?scope=desk:${deskId}`);
    await expect.poll(() => page.getByTestId('alerts').textContent(), POLL)
      .toMatch(/Postazione comunale non raggiungibile durante l'orario di apertura: Menaggio \(ultimo segnale alle \d\d:\d\d\)\. I prossimi cittadini saranno chiamati al telefono/);
    await expectAccessible(page, 'URP dashboard, station offline (phone)');
    await shoot(page, 'stations-offline-urp-phone');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('reception books a caller at the station: its slots, its address read out (desktop, English)', async () => {
    const context = await newContext(VIEWPORTS[1], 'en');
    const [name, value] = agent.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/reception`);
    await page.locator('#rc-slot-1').waitFor(POLL);
    await page.locator('#rc-tax').fill(taxCode('KSE'));
    await page.locator('#rc-name').fill('Paolo Galli');
    await page.locator('#rc-phone').fill('333 765 4321');
    await page.locator('#rc-station').selectOption({ label: 'Menaggio — Postazione comunale di Menaggio' });
    expect(await page.locator('#rc-desk').isDisabled()).toBe(true);
    // The slots are the station's: inside its hours (08:30–12:30), not the desk's whole day.
    await expect.poll(() => page.locator('#rc-slot-1').inputValue(), POLL).toMatch(/T(0[89]|1[0-2]):/);
    const first = await page.locator('#rc-slot-1').inputValue();
    const open = await (await fetch(`${server.url}/api/stations/${stationId}/slots?from=${day}&to=${day}`)).json();
    expect(open.days[0].slots.map((x: { start: string }) => x.start)).toContain(first);
    await expectAccessible(page, 'reception, station chosen (desktop, en)');
    await page.locator('#rc-slot-1').focus();
    await page.keyboard.press('1');
    await page.keyboard.press('Alt+I');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('booking-station').textContent(), POLL)
      .toMatch(/Station: Postazione comunale di Menaggio, Municipio, Via Lusardi 26, Menaggio\..*type the booking code on the station's screen/);
    const code = (await page.getByTestId('booking-code').textContent())!;
    const row = await server.db.query<{ station_id: string; channel: string; source: string; start: string }>(
      'SELECT station_id, channel, source, starts_at AS start FROM booking WHERE code = $1', [code]);
    expect(row.rows[0]).toMatchObject({ station_id: stationId, channel: 'video', source: 'reception' });
    expect(new Date(row.rows[0]!.start).toISOString()).toBe(new Date(first).toISOString());
    await expectAccessible(page, 'reception, booked at the station (desktop, en)');
    await shoot(page, 'stations-reception-booked');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
  it('a citizen checked in before the slot waits on the kiosk, and the room opens by itself at the slot time (phone, it)', async () => {
    video = true; // (the test before switched the rooms off)
    // The room opens at the slot itself here; the clocks move on, nobody waits minutes.
    await server.db.query('UPDATE office SET video_open_minutes = 0 WHERE id = $1', [officeId]);
    try {
      const free = (await (await fetch(`${server.url}/api/stations/${stationId}/slots?from=${day}&to=${day}`)).json()).days[0].slots as { start: string }[];
      const slot = free.at(-1)!;
      const b = await staffCall(agent, 'POST', `/api/staff/stations/${stationId}/bookings`, {
        start: slot.start, taxCode: taxCode('KSP'), fullName: 'Paola Ferri', phone: '+39 333 765 4322', channel: 'video', language: 'it', consent: true,
      });
      expect(b.status, JSON.stringify(b.body)).toBe(201);
      const startMs = Date.parse(slot.start);
      shiftMs += startMs - 10 * 60_000 - server.now(); // ten minutes before the slot
      const context = await newContext(VIEWPORTS[0], 'it');
      await context.addInitScript(TRACK_PEERS);
      const { page, errors } = await enrolledKiosk(context, 'phone-waiting');
      const answers: string[] = [];
      page.on('response', (r) => { if (r.url().endsWith('/api/station/check-in')) void r.text().then((t) => answers.push(`${r.status()} ${t}`)); });
      await page.locator('#kiosk-code').fill(b.body.booking.code);
      await page.keyboard.press('Enter');
      // (the screen and any refusal the kiosk shows, so a failure says why)
      const shown = async () => `${await page.locator('.kiosk').getAttribute('data-screen')}|${(await page.locator('.kiosk-error, .kiosk-notice').allTextContents()).join(' ')}${answers.join(' ')}`;
      await expect.poll(shown, POLL).toMatch(/^waiting\|/);
      expect(await h1(page).textContent()).toContain('Paola');
      expect(await page.getByRole('timer').textContent()).toBe('Si apre tra 10 minuti.');
      expect(await page.locator('iframe').count()).toBe(0);
      await expectAccessible(page, 'kiosk waiting for the slot (phone)');
      await shoot(page, 'stations-kiosk-waiting-phone');
      // Five minutes on: still waiting, the countdown down.
      shiftMs += 5 * 60_000;
      await page.clock.fastForward(5 * 60_000);
      await expect.poll(() => page.getByRole('timer').textContent(), POLL).toBe('Si apre tra 5 minuti.');
      expect(await page.locator('.kiosk').getAttribute('data-screen')).toBe('waiting');
      expect(await page.locator('iframe').count()).toBe(0);
      // The slot's time: the room opens without a touch.
      shiftMs += 5 * 60_000 + 2_000;
      await page.clock.fastForward(5 * 60_000 + 2_000);
      await expect.poll(() => page.locator('iframe.kiosk-frame').count(), POLL).toBe(1);
      expect(await page.locator('.kiosk').getAttribute('data-screen')).toBe('call');
      await expect.poll(() => page.frameLocator('iframe.kiosk-frame').locator('h1').count(), POLL).toBeGreaterThan(0);

      // The operator joins the same room from home: video flows both ways (frames received and decoded).
      const bookingId = (await server.db.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [b.body.booking.code])).rows[0]!.id;
      const operator = await sessionCookie(server.db, defaultIdentitySettings(), { userId: await createStaff(server.db, { username: 'operatore.co.kiosk', grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } }] }) });
      const opContext = await useServerClock(await browser.newContext({ viewport: VIEWPORTS[1].viewport, locale: 'it-IT', permissions: ['camera', 'microphone'] }), server.now);
      await opContext.addInitScript(TRACK_PEERS);
      const [cookieName, cookieValue] = operator.cookie.split('=') as [string, string];
      await opContext.addCookies([{ name: cookieName, value: cookieValue, url: server.url }]);
      const opPage = await opContext.newPage();
      const opErrors = watchErrors(opPage);
      await opPage.goto(`${server.url}/operatore/video/${bookingId}`);
      const kioskRoom = page.frames().find((f) => f.url().includes('/video/r/'))!;
      expect(kioskRoom).toBeTruthy();
      for (const [who, frame] of [['operator', opPage.mainFrame()], ['kiosk', kioskRoom]] as const) {
        await expect.poll(() => framesIn(frame), { timeout: 30_000, message: `video frames received by the ${who}` }).toBeGreaterThan(0);
      }
      await shoot(page, 'stations-kiosk-call-with-operator-phone', false);
      expect(opErrors).toEqual([]);
      await opContext.close();
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      shiftMs = 0;
      await server.db.query('UPDATE office SET video_open_minutes = 60 WHERE id = $1', [officeId]);
    }
  }, 120_000);
});
