// The URP dashboard in a real Chromium against the real server: a regional URP monitor signs
// in, sees today's figures of a seeded, known sequence of activity at Como, drills down
// region → province → office → desk (the scope in the URL), exports the desks' table as XLSX
// (parsed here), reads the history charts and their table (the desks' totals exported as CSV),
// the slot-length report (every desk's histogram exported as CSV), saves the alert thresholds
// (a server refusal shown by its field).
// Axe (WCAG 2.1 A/AA) on every view, phone and desktop; screenshots in test-results/screenshots.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { DEV_AUTH_SECRET } from '../../src/auth/settings.js';
import { evaluateAlerts } from '../../src/monitoring/evaluate-alerts.js';
import { seedDemoActivity, type DemoActivitySummary } from '../../src/monitoring/seed-demo-activity.js';
import { createStaff } from '../integration/identity-support.js';
import { addDays } from '../../src/domain/schedule/time.js';
import { romeDay, romeTime, tickingClock, workingDay } from '../support/clock.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, h1, launchChromium, shoot, useServerClock, VIEWPORTS, watchErrors } from './support.js';

const PASSWORD = 'Monitoraggio-di-prova-2026';
const POLL = { timeout: 20_000 };
const it_ = (n: number) => new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0 }).format(n);
const pct = (x: number) => new Intl.NumberFormat('it-IT', { style: 'percent', maximumFractionDigits: 1 }).format(x);

let server: TestServer;
let browser: Browser;
let today: string;
let todayRun: DemoActivitySummary;
let pastRun: DemoActivitySummary;
let como: { officeId: string; desks: { id: string; name: string }[] };
/** Places offered today by the desks of Como (CO01), from the slot rows the seed wrote. */
let offeredToday: number;
let contactsToday: number;

beforeAll(async () => {
  // The server's clock: a working day at noon (Europe/Rome), running; the browser's clock is set to it (newContext).
  server = await startTestServer({ now: tickingClock(romeTime(workingDay(), 12)) });
  await createStaff(server.db, { username: 'urp.lombardia', password: PASSWORD, grants: [{ role: 'urp_monitor', scope: { kind: 'region', code: 'LOM' } }] });
  await createStaff(server.db, { username: 'agente.co', password: PASSWORD, grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'CO' } }] });
  today = romeDay(server.now());
  // Today's activity at Como: the seed fills the days before `now`, so "now" is tomorrow at noon.
  todayRun = await seedDemoActivity(server.db, { offices: ['CO01'], days: 1, now: romeTime(addDays(today, 1), 12), seed: 3, fill: 0.6 });
  // And the six days before.
  pastRun = await seedDemoActivity(server.db, { offices: ['CO01'], days: 6, now: server.now(), seed: 5, fill: 0.5 });
  const office = await server.db.query<{ id: string }>("SELECT id FROM office WHERE code = 'CO01'");
  const officeId = office.rows[0]!.id;
  const desks = await server.db.query<{ id: string; name: string }>('SELECT id, name_it AS name FROM desk WHERE office_id = $1 AND active ORDER BY number', [officeId]);
  como = { officeId, desks: desks.rows };
  const offered = await server.db.query<{ n: number }>(
    `SELECT coalesce(sum(s.capacity), 0)::int AS n FROM slot s JOIN desk d ON d.id = s.desk_id
      WHERE d.office_id = $1 AND (s.starts_at AT TIME ZONE 'Europe/Rome')::date = $2::date`,
    [officeId, today],
  );
  offeredToday = offered.rows[0]!.n;
  const contacts = await server.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM reception_contact WHERE province_code = 'CO' AND (created_at AT TIME ZONE 'Europe/Rome')::date = $1::date`,
    [today],
  );
  contactsToday = contacts.rows[0]!.n;
  // One run of the alert job, as the server's timer would: the open alerts (exported) are today's.
  const alerts = await evaluateAlerts({ db: server.db, booking: bookingDeps(server.db, deriveBookingSecret(DEV_AUTH_SECRET), { now: server.now }), now: server.now, pushSeconds: 5 });
  expect(alerts.open).toBeGreaterThan(0);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A browser context whose clock is the server's (`clock: false`: the test installs its own). */
async function newContext(vp: (typeof VIEWPORTS)[number], clock = true): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'it-IT', bypassCSP: true, acceptDownloads: true }); // axe is injected inline
  if (clock) await useServerClock(context, server.now);
  return context;
}

async function signIn(page: Page, path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await expect.poll(() => h1(page).textContent(), POLL).toMatch(/Accesso del personale/);
  await page.getByLabel('Nome utente').fill('urp.lombardia');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
  await expect.poll(() => h1(page).textContent(), POLL).toBe('Monitoraggio del servizio');
}

const crumbs = (page: Page) => page.getByRole('navigation', { name: 'Livello osservato' }).locator('li').allTextContents();
const current = (page: Page) => page.getByRole('navigation', { name: 'Livello osservato' }).locator('[aria-current="page"]').textContent();
const fig = (page: Page, id: string) => page.getByTestId(`fig-${id}`).textContent();
const scopeOfUrl = (page: Page) => new URL(page.url()).searchParams.get('scope');

describe('URP dashboard', () => {
  it('seeded activity is what the test expects (the seed ran)', () => {
    expect(todayRun.bookings).toBeGreaterThan(0);
    expect(pastRun.bookings).toBeGreaterThan(0);
    expect(offeredToday).toBeGreaterThanOrEqual(todayRun.bookings);
    expect(como.desks.length).toBeGreaterThanOrEqual(2);
  });

  it('signs in, shows today live with exact figures, drills down region → province → office → desk, exports XLSX', async () => {
    const context = await newContext(VIEWPORTS[1]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, '/monitoraggio');

    // Region (the monitor's widest grant): provinces as links, updated-at visible, live region present.
    await expect.poll(() => current(page), POLL).toBe('Regione: Lombardia');
    await expect.poll(() => page.getByTestId('updated-at').textContent(), POLL).toMatch(/^Aggiornato alle \d{2}:\d{2}:\d{2} · (in diretta|aggiornamento ogni 15 secondi)$/);
    expect(await page.getByTestId('announcer').getAttribute('aria-live')).toBe('polite');
    expect(await page.getByTestId('children-table').locator('tbody tr').count()).toBe(12); // Lombardy's provinces
    await expectAccessible(page, 'live, region (desktop)');
    await shoot(page, 'monitoring-region-desktop');

    // → province of Como
    await page.getByTestId('children-table').getByRole('link', { name: 'Como', exact: true }).click();
    await expect.poll(() => current(page), POLL).toBe('Provincia: Como');
    expect(scopeOfUrl(page)).toBe('province:CO');
    expect(await crumbs(page)).toEqual(['Regione: Lombardia/', 'Provincia: Como']);
    // Reception contacts of the province today, by reason: they add up to what the seed logged.
    if (contactsToday > 0) {
      const counts = await page.getByTestId('contacts-table').locator('tbody td').allTextContents();
      expect(counts.reduce((s, c) => s + Number(c.replace(/\./g, '')), 0)).toBe(contactsToday);
    }
    await expectAccessible(page, 'live, province (desktop)');

    // → office of Como: today's figures exactly as seeded.
    await page.getByTestId('children-table').getByRole('link', { name: 'Como', exact: true }).click();
    await expect.poll(() => current(page), POLL).toBe('Sede: Como');
    expect(scopeOfUrl(page)).toBe(`office:${como.officeId}`);
    const booked = todayRun.bookings - todayRun.cancelled;
    const served = booked - todayRun.noAnswer;
    await expect.poll(() => fig(page, 'booked'), POLL).toBe(it_(booked));
    expect(await fig(page, 'offered')).toBe(it_(offeredToday));
    expect(await fig(page, 'cancelled')).toBe(it_(todayRun.cancelled));
    expect(await fig(page, 'noAnswer')).toBe(it_(todayRun.noAnswer));
    expect(await fig(page, 'served')).toBe(it_(served));
    expect(await fig(page, 'fillRate')).toBe(pct(offeredToday ? booked / offeredToday : 0));
    expect(await page.getByTestId('children-table').locator('tbody tr').count()).toBe(como.desks.length);
    // The stream pushes again (every 5 s): the time moves on, the screen reader hears nothing (no significant change).
    const first = await page.getByTestId('updated-at').textContent();
    await expect.poll(() => page.getByTestId('updated-at').textContent(), POLL).not.toBe(first);
    expect(await page.getByTestId('announcer').textContent()).toBe('');
    await expectAccessible(page, 'live, office (desktop)');
    await shoot(page, 'monitoring-office-desktop');

    // XLSX of the desks' table: downloaded, parsed, one row per desk, bookings adding up.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-live-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    const header = rows[0]!;
    const bookedCol = header.findIndex((h) => /^prenotat/i.test(h));
    expect(bookedCol, `columns: ${header.join(' | ')}`).toBeGreaterThanOrEqual(0);
    const deskRows = rows.slice(1).filter((r) => como.desks.some((d) => r.includes(d.name)));
    expect(deskRows.length, `rows: ${JSON.stringify(rows)}`).toBe(como.desks.length);
    expect(deskRows.reduce((s, r) => s + Number(r[bookedCol]), 0)).toBe(booked);

    // The open alerts as CSV (Excel in Italy: BOM, semicolons), one line per alert shown.
    const shown = await page.getByTestId('alerts').locator('li').count();
    expect(shown).toBeGreaterThan(0); // the seeded calls overrun the 8-minute slots
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-alerts-csv').click()]);
    const text = await readFile(await csv.path(), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toContain(';');
    expect(lines.length - 1).toBe(shown);

    // → desk: its own slot length, no children table, the breadcrumb complete.
    const desk = como.desks[0]!;
    await page.getByTestId('children-table').getByRole('link', { name: desk.name, exact: true }).click();
    await expect.poll(() => current(page), POLL).toBe(`Sportello: ${desk.name}`);
    expect(scopeOfUrl(page)).toBe(`desk:${desk.id}`);
    expect(await crumbs(page)).toEqual(['Regione: Lombardia/', 'Provincia: Como/', 'Sede: Como/', `Sportello: ${desk.name}`]);
    await expect.poll(() => page.getByTestId('slot-length').textContent(), POLL).toMatch(/^Slot dello sportello: \d+ min$/);
    expect(await page.getByTestId('children-table').count()).toBe(0);
    await expectAccessible(page, 'live, desk (desktop)');
    await shoot(page, 'monitoring-desk-desktop');

    // A bookmarked address opens the same node; the breadcrumb goes back up.
    await page.goto(`${server.url}/monitoraggio?scope=office:${como.officeId}`);
    await expect.poll(() => current(page), POLL).toBe('Sede: Como');
    await page.getByRole('navigation', { name: 'Livello osservato' }).getByRole('link', { name: 'Provincia: Como' }).click();
    await expect.poll(() => current(page), POLL).toBe('Provincia: Como');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the history of the office as charts with their data table, and the slot-length report', async () => {
    const context = await newContext(VIEWPORTS[1]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, `/monitoraggio/storico?scope=office:${como.officeId}`);
    await expect.poll(() => current(page), POLL).toBe('Sede: Como');
    await page.getByRole('button', { name: 'Ultimi 7 giorni' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('to'), POLL).toBe(today);
    expect(new URL(page.url()).searchParams.get('granularity')).toBe('day');
    await expect.poll(() => page.getByTestId('history-table').locator('tbody tr').count(), POLL).toBe(7);
    expect(await page.locator('[data-testid="chart-bookings"] canvas[role="img"]').count()).toBe(1);
    expect(await page.locator('[data-testid="chart-rates"] canvas[role="img"]').count()).toBe(1);
    // The table holds the chart's figures: bookings per day add up to the seeded ones (column 3: booked).
    const bookedPerDay = await page.getByTestId('history-table').locator('tbody tr td:nth-child(3)').allTextContents();
    const expected = todayRun.bookings - todayRun.cancelled + pastRun.bookings - pastRun.cancelled;
    expect(bookedPerDay.reduce((s, c) => s + Number(c.replace(/\./g, '')), 0)).toBe(expected);
    // The desks' totals over the range as CSV, linked beside their table: one line per desk, the same bookings.
    const [childrenCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-history-children-csv').click()]);
    expect(childrenCsv.suggestedFilename()).toMatch(/^sportello-dettaglio-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const childLines = (await readFile(await childrenCsv.path(), 'utf8')).slice(1).split('\r\n').filter(Boolean).map((l) => l.split(';'));
    expect(childLines[0]!.slice(0, 4)).toEqual(['Livello', 'Nome', 'Posti offerti', 'Prenotati']);
    expect(childLines.slice(1).map((l) => l[1]).sort()).toEqual(como.desks.map((d) => d.name).sort());
    expect(childLines.slice(1).reduce((s, l) => s + Number(l[3]), 0)).toBe(expected);
    await expectAccessible(page, 'history, office (desktop)');
    await shoot(page, 'monitoring-history-desktop');

    // Slot-length report over the same range: each desk with calls has its sentence and histogram.
    await page.getByRole('link', { name: 'Durata delle chiamate' }).click();
    await expect.poll(() => page.getByTestId('slot-table').locator('tbody tr').count(), POLL).toBe(como.desks.length);
    const sentences = await page.getByTestId('slot-sentence').allTextContents();
    expect(sentences.length).toBeGreaterThan(0);
    for (const s of sentences) expect(s).toMatch(/^Il 90% delle chiamate dura al massimo \d+ minut[oi]: lo slot è di \d+\. Lo slot (basta|è corto)/);
    expect(await page.locator('[data-testid^="histogram-"] canvas[role="img"]').count()).toBe(sentences.length);
    // Every desk's histogram as one CSV, linked once above them: its calls add up to the report's.
    const [histCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-slot-length-histogram-csv').click()]);
    expect(histCsv.suggestedFilename()).toMatch(/^sportello-durate-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const histLines = (await readFile(await histCsv.path(), 'utf8')).slice(1).split('\r\n').filter(Boolean).map((l) => l.split(';'));
    expect(histLines[0]).toEqual(['Sede', 'Sportello', 'Durata slot (min)', 'Da minuto', 'A minuto (escluso)', 'Chiamate', 'Quota', 'Oltre lo slot']);
    const reportCalls = await page.getByTestId('slot-table').locator('tbody tr td:nth-child(3)').allTextContents();
    expect(histLines.slice(1).reduce((n, l) => n + Number(l[5]), 0)).toBe(reportCalls.reduce((n, c) => n + Number(c.replace(/\./g, '')), 0));
    await expectAccessible(page, 'slot length, office (desktop)');
    await shoot(page, 'monitoring-slot-length-desktop');
    // Per operator over the same range: the seeded calls name no operator, so the section says so.
    await page.getByRole('link', { name: 'Operatori' }).click();
    await expect.poll(() => page.getByText('Nessuna attività degli operatori nel periodo.').isVisible(), POLL).toBe(true);
    expect(new URL(page.url()).searchParams.get('scope')).toBe(`office:${como.officeId}`);
    await expectAccessible(page, 'operators, office (desktop)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('saves the alert thresholds and shows a refused address by its field', async () => {
    const context = await newContext(VIEWPORTS[1]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, '/monitoraggio/soglie?scope=province:CO');
    const emails = page.getByLabel('Destinatari delle e-mail');
    await emails.waitFor(POLL);
    await page.getByLabel('Mancate risposte oltre (%)').fill('25');
    await emails.fill('urp.como@example.org\nnon-un-indirizzo');
    await page.getByRole('button', { name: 'Salva le soglie' }).click();
    await expect.poll(() => emails.getAttribute('aria-invalid'), POLL).toBe('true');
    await expect.poll(() => page.getByRole('alert').count(), POLL).toBeGreaterThan(0);
    await expectAccessible(page, 'alert settings, refused');
    await emails.fill('urp.como@example.org');
    await page.getByRole('button', { name: 'Salva le soglie' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Soglie salvate.' }).count(), POLL).toBe(1);
    const saved = await page.evaluate(async () => (await (await fetch('/api/monitoring/alert-settings?scope=province:CO')).json()) as unknown);
    expect(saved).toMatchObject({ noAnswerRate: 0.25, emails: ['urp.como@example.org'] });
    // An office of the province without its own thresholds shows that the province's apply.
    await page.goto(`${server.url}/monitoraggio/soglie?scope=office:${como.officeId}`);
    await expect.poll(() => page.getByTestId('inherited').textContent(), POLL).toBe('Qui valgono le soglie di «Provincia: Como»: salvandole, questo livello avrà le sue.');
    expect(await page.getByLabel('Mancate risposte oltre (%)').inputValue()).toBe('25');
    await expectAccessible(page, 'alert settings, inherited');
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    await context.close();
  });

  it('works on a phone: cards stack, tables scroll, axe clean', async () => {
    const context = await newContext(VIEWPORTS[0]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, `/monitoraggio?scope=office:${como.officeId}`);
    await expect.poll(() => fig(page, 'booked'), POLL).toBe(it_(todayRun.bookings - todayRun.cancelled));
    // No horizontal scrolling of the page itself (only inside the tables).
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(page, 'live, office (phone)');
    await shoot(page, 'monitoring-office-phone');
    await page.getByRole('link', { name: 'Storico' }).click();
    await expect.poll(() => page.getByTestId('history-table').locator('tbody tr').count(), POLL).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(page, 'history, office (phone)');
    await shoot(page, 'monitoring-history-phone');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('falls back to polling when the live stream fails, tries the stream again, and speaks English', async () => {
    const context = await newContext(VIEWPORTS[1], false);
    await context.addInitScript(() => window.localStorage.setItem('sportello.lang', 'en'));
    const page = await context.newPage();
    await page.clock.install({ time: server.now() });
    let refused = 0;
    await page.route('**/api/monitoring/live/stream**', (route) => {
      if (refused > 0) return route.continue();
      refused += 1;
      return route.abort();
    });
    await page.goto(`${server.url}/monitoraggio?scope=desk:${como.desks[1]!.id}`);
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Staff sign-in');
    await page.getByLabel('Username').fill('urp.lombardia');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Service monitoring');
    await expect.poll(() => page.getByTestId('updated-at').textContent(), POLL).toMatch(/^Updated at \d{2}:\d{2}:\d{2} · refreshed every 15 seconds$/);
    expect(await page.getByRole('navigation', { name: 'Level shown' }).locator('[aria-current="page"]').textContent()).toBe(`Desk: ${como.desks[1]!.name}`);
    expect(await page.getByText('Places offered').count()).toBe(1);
    await expectAccessible(page, 'live, desk, English (desktop)');
    await shoot(page, 'monitoring-desk-english');
    // A minute of polling later the stream is tried again, and the view is live again.
    await page.clock.runFor(61_000);
    await expect.poll(() => page.getByTestId('updated-at').textContent(), POLL).toMatch(/ · live$/);
    expect(refused).toBe(1);
    await context.close();
  });
});
