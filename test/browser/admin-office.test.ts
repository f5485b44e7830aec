// Office administration in a real Chromium: an office admin adds an opening afternoon,
// previews the new slots and saves; closes a day that has bookings, chooses "move", and every
// citizen gets the nearest free place and a queued notification; the audit log shows it.
// The other forms of an office and a desk (a new desk, its settings, a roster shift, an
// absence, the office file exported and checked) save what they say.
// Every screen passes axe (WCAG 2.1 A/AA), on a desktop and a phone.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app.js';
import { bookPlace } from '../../src/booking/book-place.js';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { buildServer } from '../../src/http/server.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemoUsers } from '../../src/users/demo-users.js';
import { defaultIdentitySettings, DEV_AUTH_SECRET } from '../../src/auth/settings.js';
import { totpCode } from '../../src/auth/totp.js';
import { NOTIFICATION_KINDS } from '../../src/notifications/kinds.js';
import { syncChannels } from '../../src/notifications/queue.js';
import type { Db } from '../../src/storage/db.js';
import { addDays } from '../../src/domain/schedule/time.js';
import { romeDay, romeTime, tickingClock, workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { WEB_ROOT } from '../support/server.js';
import { expectAccessible, h1, launchChromium, shoot, taxCode, useServerClock, VIEWPORTS, watchErrors } from './support.js';

let browser: Browser;
let db: Db;
let url: string;
let close: () => Promise<void>;
let officeId: string;
let deskId: string;
/** The server's clock: a working day at 09:00 (Europe/Rome), running (sign-in codes stay on the real clock). */
const now = tickingClock(romeTime(workingDay(), 9));

beforeAll(async () => {
  db = await testDatabases[0]!.open();
  await seedDemo(db);
  const settings = defaultIdentitySettings();
  await seedDemoUsers(db, settings.secrets);
  // The SMS channel is on (as a sending process records it): moves queue a message each.
  const kinds = [...NOTIFICATION_KINDS];
  await syncChannels(db, { email: { enabled: false, kinds }, sms: { enabled: true, kinds }, appio: { enabled: false, kinds } });
  const app = await buildServer({ db, webRoot: WEB_ROOT, secret: deriveBookingSecret(DEV_AUTH_SECRET), identity: settings, now });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  close = async () => {
    await app.close();
    await db.close();
  };
  officeId = (await db.query<{ id: string }>("SELECT id FROM office WHERE code = 'CO01'")).rows[0]!.id;
  deskId = (await db.query<{ id: string }>('SELECT id FROM desk WHERE office_id = $1 AND number = 1', [officeId])).rows[0]!.id;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await close?.();
});

async function signIn(page: Page, at: number, username = 'admin.como'): Promise<void> {
  await page.goto(`${url}/admin`);
  await expect.poll(() => h1(page).textContent()).toMatch(/Accesso del personale/);
  await page.getByLabel('Nome utente').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
  await page.getByLabel('Codice di verifica').fill(totpCode(DEMO_TOTP_SECRET, at));
  await page.getByRole('button', { name: 'Verifica' }).click();
  await expect.poll(() => h1(page).textContent()).toMatch(/Utenti e ruoli/);
}

interface DaySlots { date: string; status: string; slots: { start: string; state: string; remaining: number }[] }
const slotsOf = async (from: string, to: string): Promise<DaySlots[]> =>
  ((await (await fetch(`${url}/api/desks/${deskId}/slots?from=${from}&to=${to}`)).json()) as { days: DaySlots[] }).days;

describe('office administration', () => {
  it('adds an opening afternoon with a preview, then closes a booked day moving every booking to the nearest free place', async () => {
    const vp = VIEWPORTS[1];
    const context = await useServerClock(await browser.newContext({ viewport: vp.viewport, locale: 'it-IT', bypassCSP: true }), now);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, Date.now());

    await page.getByRole('link', { name: 'Sedi e sportelli' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Sedi e sportelli');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1); // an office admin sees their office only
    await expectAccessible(page, 'offices');
    await page.getByRole('link', { name: 'Como' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Sede di Como');
    await expectAccessible(page, 'office');
    await shoot(page, 'admin-office-desktop');
    await page.getByRole('link', { name: 'Modifica Sportello prestazioni' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Sportello prestazioni');

    // A Wednesday afternoon, 14:00–15:36 (twelve 8-minute slots): preview, then save.
    const weekly = page.locator('section[aria-labelledby="weekly-title"]');
    const before = await weekly.locator('fieldset').count();
    await weekly.getByRole('button', { name: 'Aggiungi una fascia' }).click();
    await expect.poll(() => weekly.locator('fieldset').count()).toBe(before + 1);
    await weekly.locator(`#w-day-${before}`).selectOption('3');
    await weekly.locator(`#w-from-${before}`).fill('14:00');
    await weekly.locator(`#w-to-${before}`).fill('15:36');
    await weekly.getByRole('button', { name: 'Anteprima' }).click();
    const preview = weekly.getByRole('region', { name: 'Anteprima del nuovo orario' });
    await expect.poll(() => preview.textContent()).toMatch(/Nuovi slot/);
    const previewText = (await preview.textContent())!;
    expect(previewText).toMatch(/mercoledì[^:]*: 14:00, 14:08, 14:16/);
    expect(previewText).toMatch(/Slot aggiunti: (\d+) · slot tolti o ridotti: 0/);
    expect(Number(/Slot aggiunti: (\d+)/.exec(previewText)![1]) % 12).toBe(0);
    expect(previewText).toMatch(/Non è stato salvato nulla/);
    expect((await db.query("SELECT 1 FROM desk_opening WHERE desk_id = $1 AND weekday = 3 AND opens = '14:00'", [deskId])).rows).toHaveLength(0);
    await expectAccessible(page, 'weekly preview');
    await shoot(page, 'admin-desk-preview-desktop');
    await weekly.getByRole('button', { name: "Salva l'orario" }).click();
    await expect.poll(() => weekly.getByRole('status').textContent()).toMatch(/Modifica salvata/);
    expect((await db.query("SELECT 1 FROM desk_opening WHERE desk_id = $1 AND weekday = 3 AND opens = '14:00' AND closes = '15:36'", [deskId])).rows).toHaveLength(1);

    // Three citizens book the first places of an open day at least two days ahead.
    const today = romeDay(now());
    const days = await slotsOf(today, addDays(today, 20));
    const day = days.find((d, i) => i >= 3 && d.status === 'open' && days[i - 1]?.status === 'open' && days[i + 1]?.status === 'open')!;
    const [s1, s2] = day.slots.filter((s) => s.state === 'open');
    const deps = bookingDeps(db, deriveBookingSecret(DEV_AUTH_SECRET), { now });
    const book = (start: string, seed: string, name: string) => bookPlace(deps, {
      deskId, startMs: Date.parse(start), taxCode: taxCode(seed), fullName: name, phone: '+39 347 1234567', channel: 'phone',
      language: 'it', consent: true, source: 'web', actor: 'citizen',
    });
    const booked = [await book(s1!.start, 'AAA', 'Anna Bianchi'), await book(s1!.start, 'BBB', 'Bruno Verdi'), await book(s2!.start, 'CCC', 'Carla Neri')];
    const codes = booked.map((b) => b.booking.code);
    const originalStart = new Map([[codes[0]!, s1!.start], [codes[1]!, s1!.start], [codes[2]!, s2!.start]]);

    // Close that day: the change is refused until the admin chooses; the dialog lists the bookings, names masked.
    await page.reload();
    await expect.poll(() => h1(page).textContent()).toBe('Sportello prestazioni');
    const exceptions = page.locator('section[aria-labelledby="exc-title"]');
    await exceptions.getByLabel('Data', { exact: true }).fill(day.date);
    await exceptions.getByLabel('Tipo').selectOption('closed');
    await exceptions.getByLabel('Motivo (facoltativo)').fill('Sciopero');
    await exceptions.getByRole('button', { name: "Salva l'eccezione" }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('heading').textContent()).toBe('La modifica tocca 3 prenotazioni');
    const dialogText = (await dialog.textContent())!;
    for (const code of codes) expect(dialogText).toContain(code);
    expect(dialogText).toContain('Anna B.');
    expect(dialogText).not.toContain('Bianchi');
    expect((await db.query('SELECT 1 FROM desk_exception WHERE desk_id = $1 AND day = $2', [deskId, day.date])).rows).toHaveLength(0);
    await expectAccessible(page, 'affected bookings dialog');
    await shoot(page, 'admin-affected-dialog-desktop', false);
    // The dialog has the focus on its title and keeps the keyboard inside.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    for (let i = 0; i < 10; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).toBe(true);
    await dialog.getByLabel(/Spostale al posto libero più vicino/).check();
    await dialog.getByLabel('Motivo (arriva al cittadino)').fill('Sciopero');
    await dialog.getByRole('button', { name: 'Sposta e salva' }).click();
    await expect.poll(() => exceptions.getByRole('status').textContent()).toMatch(/Prenotazioni spostate: 3 · annullate: 0/);
    // The SMS channel carries messages: the result says every citizen is told.
    await expect.poll(() => exceptions.getByRole('status').textContent()).toMatch(/Ogni cittadino riceve un avviso con il nuovo orario o l'annullamento\./);
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expectAccessible(page, 'change result');
    await shoot(page, 'admin-change-result-desktop');

    // Every citizen: still booked, off the closed day, at the nearest place that was free (no
    // open slot with a place left is nearer to their old time), with a "moved" message queued.
    const rows = (await db.query<{ code: string; status: string; startsAt: Date; id: string }>(
      'SELECT id, code, status, starts_at AS "startsAt" FROM booking WHERE code = ANY($1::text[])', [codes],
    )).rows;
    const around = await slotsOf(days[Math.max(0, days.indexOf(day) - 3)]!.date, days[days.indexOf(day) + 3]!.date);
    const freeStarts = around.flatMap((d) => d.slots).filter((s) => s.state === 'open' && s.remaining > 0).map((s) => Date.parse(s.start));
    for (const r of rows) {
      expect(r.status).toBe('booked');
      const now = new Date(r.startsAt).getTime();
      const old = Date.parse(originalStart.get(r.code)!);
      expect(new Date(now).toLocaleDateString('sv-SE', { timeZone: 'Europe/Rome' })).not.toBe(day.date);
      expect(freeStarts.filter((s) => Math.abs(s - old) < Math.abs(now - old))).toEqual([]);
      const jobs = await db.query<{ state: string }>("SELECT state FROM notification_job WHERE booking_id = $1 AND kind = 'booking_moved' AND channel = 'sms'", [r.id]);
      expect(jobs.rows.map((j) => j.state)).toEqual(['pending']);
    }
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM slot WHERE taken > capacity')).rows[0]!.n).toBe(0);

    // The audit log shows both changes of the desk's calendar.
    await page.goto(`${url}/admin/registro`);
    await expect.poll(() => h1(page).textContent()).toMatch(/Registro degli accessi/);
    await expect.poll(() => page.locator('tbody tr', { hasText: `desk_calendar ${deskId}` }).count()).toBeGreaterThanOrEqual(2);
    await shoot(page, 'admin-office-audit-desktop');
    expect(errors.filter((e) => !/409/.test(e))).toEqual([]);
    await context.close();
  });

  it("the office's and a desk's other forms: a new desk, its settings, a roster shift, an absence, the office file out and back in", async () => {
    const vp = VIEWPORTS[1];
    const context = await useServerClock(await browser.newContext({ viewport: vp.viewport, locale: 'it-IT', bypassCSP: true }), now);
    const page = await context.newPage();
    const errors = watchErrors(page);
    // The regional administrator (a sign-in code of their own: admin.como's are used once each by the other tests).
    await signIn(page, Date.now(), 'admin.regione');
    await page.goto(`${url}/admin/sedi/${officeId}`);
    await expect.poll(() => h1(page).textContent()).toBe('Sede di Como');

    // The office file: downloaded, then checked as it is (a dry run saves nothing).
    const file = page.locator('section[aria-labelledby="file-title"]');
    const [download] = await Promise.all([page.waitForEvent('download'), file.getByRole('button', { name: 'Scarica il file della sede CO01' }).click()]);
    expect(download.suggestedFilename()).toBe('sede-CO01.json');
    const exported = await readFile(await download.path(), 'utf8');
    expect((JSON.parse(exported) as { offices: { code: string }[] }).offices[0]!.code).toBe('CO01');
    await file.getByLabel('Contenuto del file').fill(exported);
    await file.getByRole('button', { name: 'Controlla il file' }).click();
    await expect.poll(() => file.getByRole('status').textContent()).toBe("Il file è corretto: 1 sede pronta per l'importazione.");

    // An operator's absence on a working day ahead, then removed.
    const absences = page.locator('section[aria-labelledby="absences-title"]');
    const absent = workingDay(25, now());
    await absences.getByLabel('Dal', { exact: true }).fill(absent);
    await absences.getByLabel('Motivo', { exact: true }).selectOption('training');
    await absences.getByRole('button', { name: "Registra l'assenza" }).click();
    await expect.poll(() => absences.getByRole('status').textContent()).toMatch(/Modifica salvata/);
    const recorded = await db.query<{ kind: string; starts: string; ends: string }>('SELECT kind, starts_on::text AS starts, ends_on::text AS ends FROM staff_absence WHERE office_id = $1', [officeId]);
    expect(recorded.rows).toEqual([{ kind: 'training', starts: absent, ends: absent }]);
    await absences.getByRole('button', { name: /^Rimuovi l'assenza di / }).click();
    await expect.poll(async () => (await db.query('SELECT 1 FROM staff_absence WHERE office_id = $1', [officeId])).rows.length).toBe(0);

    // A roster shift added to the first desk, then taken away again.
    const shifts = async () => (await db.query('SELECT 1 FROM roster_shift WHERE desk_id = $1', [deskId])).rows.length;
    const before = await shifts();
    await page.goto(`${url}/admin/sedi/${officeId}/sportelli/${deskId}`);
    await expect.poll(() => h1(page).textContent()).toBe('Sportello prestazioni');
    const roster = page.locator('section[aria-labelledby="roster-title"]');
    await roster.getByRole('button', { name: 'Aggiungi un turno' }).click();
    await roster.getByRole('button', { name: 'Salva i turni' }).click();
    await expect.poll(() => roster.getByRole('status').textContent()).toMatch(/Modifica salvata/);
    expect(await shifts()).toBe(before + 1);
    await roster.getByRole('button', { name: `Rimuovi il turno ${before + 1}` }).click();
    await roster.getByRole('button', { name: 'Salva i turni' }).click();
    await expect.poll(shifts).toBe(before);

    // A new desk: created, opened, its booking horizon changed.
    await page.goto(`${url}/admin/sedi/${officeId}`);
    await expect.poll(() => h1(page).textContent()).toBe('Sede di Como');
    const desk = page.locator('section[aria-labelledby="newdesk-title"]');
    await desk.getByText('Apri un nuovo sportello').click();
    await desk.getByLabel('Nome (italiano)').fill('Sportello di prova');
    await desk.getByLabel('Nome (inglese)').fill('Test desk');
    await desk.getByLabel('Chiave').fill('sportello-prova');
    await desk.getByRole('button', { name: 'Crea lo sportello' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Sportello di prova');
    const created = (await db.query<{ id: string; horizon: number }>("SELECT id, horizon_days AS horizon FROM desk WHERE office_id = $1 AND key = 'sportello-prova'", [officeId])).rows[0]!;
    expect(page.url()).toBe(`${url}/admin/sedi/${officeId}/sportelli/${created.id}`);
    const settings = page.locator('section[aria-labelledby="settings-title"]');
    await settings.getByLabel('Prenotabile fino a (giorni)').fill(String(created.horizon + 7));
    await settings.getByRole('button', { name: 'Salva i dati' }).click();
    await expect.poll(() => settings.getByRole('status').textContent()).toMatch(/Modifica salvata/);
    expect((await db.query<{ horizon: number }>('SELECT horizon_days AS horizon FROM desk WHERE id = $1', [created.id])).rows[0]!.horizon).toBe(created.horizon + 7);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is usable and accessible on a phone', async () => {
    const vp = VIEWPORTS[0];
    const context = await useServerClock(await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'it-IT', bypassCSP: true }), now);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, Date.now() + 30_000);
    await page.goto(`${url}/admin/sedi/${officeId}`);
    await expect.poll(() => h1(page).textContent()).toBe('Sede di Como');
    await expectAccessible(page, 'office (phone)');
    await shoot(page, 'admin-office-phone');
    // A local holiday added, then removed: a working day a few weeks ahead of the server's clock.
    const closure = workingDay(30, now());
    const closureText = new Intl.DateTimeFormat('it-IT', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Rome' }).format(romeTime(closure, 12));
    const holidays = page.locator('section[aria-labelledby="holidays-title"]');
    await holidays.getByLabel('Data').fill(closure);
    await holidays.getByLabel('Nome').fill('Chiusura straordinaria');
    await holidays.getByRole('button', { name: 'Aggiungi la festività' }).click();
    await expect.poll(() => holidays.getByRole('status').textContent()).toMatch(/Modifica salvata/);
    await expect.poll(() => holidays.getByText(closureText).count()).toBe(1);
    await holidays.getByRole('button', { name: 'Rimuovi la festività Chiusura straordinaria' }).click();
    await expect.poll(() => holidays.getByText(closureText).count()).toBe(0);
    expect((await db.query('SELECT 1 FROM office_holiday WHERE office_id = $1 AND day = $2', [officeId, closure])).rows).toHaveLength(0);
    // The office's call policy, through the calls capability's route.
    const telephony = page.locator('section[aria-labelledby="tel-title"]');
    await telephony.getByLabel('Tentativi di chiamata').fill('4');
    await telephony.getByRole('button', { name: 'Salva la telefonia' }).click();
    await expect.poll(() => telephony.getByRole('status').textContent()).toMatch(/Impostazioni salvate/);
    expect((await db.query<{ n: number }>('SELECT max_attempts AS n FROM office_telephony WHERE office_id = $1', [officeId])).rows[0]!.n).toBe(4);
    await page.goto(`${url}/admin/sedi/${officeId}/sportelli/${deskId}`);
    await expect.poll(() => h1(page).textContent()).toBe('Sportello prestazioni');
    const exceptions = page.locator('section[aria-labelledby="exc-title"]');
    await expect.poll(() => exceptions.getByText('Sciopero').count()).toBeGreaterThan(0);
    // A bad input is explained, nothing saved: an exception in the past.
    await exceptions.getByLabel('Data', { exact: true }).fill('2020-01-02');
    await exceptions.getByRole('button', { name: "Salva l'eccezione" }).click();
    await expect.poll(() => exceptions.getByRole('alert').textContent()).toMatch(/Non si può aggiungere un’eccezione a un giorno passato/);
    // A desk's reminders, through the notifications capability's route.
    const reminders = page.locator('section[aria-labelledby="rem-title"]');
    await expect.poll(() => reminders.getByLabel(/Promemoria/).inputValue()).toBe('1440, 60');
    await reminders.getByLabel(/Promemoria/).fill('1440, 120');
    await reminders.getByRole('button', { name: 'Salva gli avvisi' }).click();
    await expect.poll(() => reminders.getByRole('status').textContent()).toMatch(/Impostazioni salvate/);
    expect((await db.query<{ m: number[] }>('SELECT reminder_minutes AS m FROM desk WHERE id = $1', [deskId])).rows[0]!.m).toEqual([1440, 120]);
    await expectAccessible(page, 'desk (phone)');
    await shoot(page, 'admin-desk-phone');
    expect(errors.filter((e) => !/422/.test(e))).toEqual([]);
    await context.close();
  });
});
