// The planner in the URP dashboard, in a real Chromium against the real server (issue 23):
// three weeks of demo activity at Como (every phase of the handling time), the "Pianificazione"
// tab with its plots and their tables, the answer in words computed by the server, axe clean on
// desktop and phone; the printable "Relazione sul servizio" rendered to PDF by Chromium and
// checked (text through pdftotext when poppler-utils is installed, and the print-media page);
// the what-if simulation: a past period replayed as it was (its prediction error in words) and
// with a longer slot and another number of operators, a plot with its table, on desktop and phone.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoActivity } from '../../src/monitoring/seed-demo-activity.js';
import { createStaff } from '../integration/identity-support.js';
import { romeDay, romeTime, tickingClock, workingDay } from '../support/clock.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, h1, launchChromium, SCREENSHOTS, shoot, useServerClock, VIEWPORTS, watchErrors } from './support.js';

const PASSWORD = 'Pianificazione-di-prova-2026';
const POLL = { timeout: 30_000 };

let server: TestServer;
let browser: Browser;
let officeId: string;
let answer: { it: string; en: string };

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  server = await startTestServer({ now: tickingClock(romeTime(workingDay(), 12)) });
  await createStaff(server.db, { username: 'urp.lombardia', password: PASSWORD, grants: [{ role: 'urp_monitor', scope: { kind: 'region', code: 'LOM' } }] });
  await seedDemoActivity(server.db, { offices: ['CO01'], days: 21, now: server.now(), seed: 11 });
  officeId = (await server.db.query<{ id: string }>("SELECT id FROM office WHERE code = 'CO01'")).rows[0]!.id;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(vp: (typeof VIEWPORTS)[number], path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'it-IT', bypassCSP: true });
  await useServerClock(context, server.now);
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  await expect.poll(() => h1(page).textContent(), POLL).toMatch(/Accesso del personale/);
  await page.getByLabel('Nome utente').fill('urp.lombardia');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
  await expect.poll(() => h1(page).textContent(), POLL).toBe('Monitoraggio del servizio');
  return page;
}

describe('the planner', () => {
  it('plots with their tables and the computed answer, on desktop and phone, axe clean', async () => {
    for (const vp of VIEWPORTS) {
      const page = await open(vp, `/monitoraggio/pianificazione?scope=office:${officeId}`);
      const errors = watchErrors(page);
      const said = page.getByTestId(`answer-${officeId}`);
      await expect.poll(() => said.textContent(), POLL).toMatch(/^Con 8 minuti, il \d+ % delle chiamate sfora la fascia; \d+ minuti coprirebbero il 90 % delle chiamate\. Per tenere l’attesa entro 3 giorni lavorativi a Como con fasce di \d+ minuti servono \d+ operatori tra le 9 e le 12\./);
      // The answer is the server's, computed from the data (the same sentence the API gives).
      const res = await page.evaluate(async (id) => (await fetch(`/api/monitoring/planning?scope=office:${id}`)).json(), officeId);
      answer = res.offices[0].answer;
      expect(await said.textContent()).toBe(answer.it);
      // The distribution with the slot drawn on it, and its table.
      const dist = page.getByTestId('node-distribution');
      await expect.poll(() => dist.locator('rect').count(), POLL).toBeGreaterThan(5);
      expect(await dist.getAttribute('aria-label')).toMatch(/slot di 8 minuti/);
      expect(await dist.locator('text', { hasText: 'slot 8 min' }).count()).toBe(1);
      expect(await page.getByTestId('node-distribution-table').locator('tbody tr').count()).toBeGreaterThan(5);
      expect(await page.getByTestId('node-phases').locator('tbody tr').count()).toBe(5);
      // The demand the calendar hides, with the demo's refusals because the desk was full, per source.
      const hidden = page.getByTestId('node-hidden');
      expect(await hidden.locator('caption').textContent()).toBe('La domanda che il calendario non mostra');
      const refused = hidden.getByTestId('node-full-refusals');
      expect(await refused.locator('th').textContent()).toBe('Richieste respinte: sportello pieno');
      const count = async (l: typeof refused) => Number((await l.locator('td').textContent())!.replace(/\D/g, ''));
      const total = await count(refused);
      expect(total).toBeGreaterThan(0);
      expect(await hidden.getByTestId('node-full-refusals-web').locator('th').textContent()).toBe('di cui dal web');
      let bySource = 0;
      for (const k of ['web', 'reception', 'patronato', 'staff']) bySource += await count(hidden.getByTestId(`node-full-refusals-${k}`));
      expect(bySource).toBe(total);
      expect(await page.getByTestId('plan-children').locator('thead th').last().textContent()).toBe('Respinte: sportello pieno');
      // Lead time ahead per option, and operators per hour, each with its table.
      expect(await page.getByTestId(`lead-${officeId}`).locator('polyline').count()).toBe(4);
      expect(await page.getByTestId(`lead-table-${officeId}`).locator('tbody tr').count()).toBeGreaterThan(5);
      expect(await page.getByTestId(`operators-${officeId}`).locator('rect').count()).toBeGreaterThan(4);
      const hours = await page.getByTestId(`operators-table-${officeId}`).locator('tbody th').allTextContents();
      expect(hours).toContain('9–10');
      await expectAccessible(page, `planning (${vp.name})`);
      await shoot(page, `planning-${vp.name}`);
      // No horizontal scroll on the phone: the plots scale to the width.
      if (vp.name === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }, 240_000);

  it('the what-if simulation: the form, the prediction error in words, the change in a plot and its table; desktop and phone, axe clean', async () => {
    const DAY = 86_400_000;
    const today = romeDay(server.now());
    const from = romeDay(server.now() - 21 * DAY);
    const to = romeDay(server.now() - DAY);
    for (const vp of VIEWPORTS) {
      const page = await open(vp, `/monitoraggio/pianificazione?scope=office:${officeId}`);
      const errors = watchErrors(page);
      const panel = page.getByRole('region', { name: 'Simulazione (what-if)' });
      await expect.poll(() => panel.count(), POLL).toBe(1);
      // The office looked at, and the last 4 complete weeks (Monday to Sunday, before this week).
      expect(await panel.getByLabel('Sede o sportello', { exact: true }).locator('option:checked').textContent()).toBe('Como');
      const dflt = { from: await panel.getByLabel('Dal', { exact: true }).inputValue(), to: await panel.getByLabel('Al', { exact: true }).inputValue() };
      const weekday = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay();
      expect([weekday(dflt.from), weekday(dflt.to)]).toEqual([1, 0]);
      expect(dflt.to < today).toBe(true);
      expect((Date.parse(today) - Date.parse(dflt.to)) / DAY).toBeLessThanOrEqual(7);
      expect((Date.parse(dflt.to) - Date.parse(dflt.from)) / DAY).toBe(27);
      if (vp.name !== 'phone') {
        // A period the server does not replay: its problem, in words.
        await panel.getByLabel('Dal', { exact: true }).fill(romeDay(server.now() - 100 * DAY));
        await panel.getByLabel('Al', { exact: true }).fill(to);
        await panel.getByRole('button', { name: 'Simula' }).click();
        await expect.poll(() => panel.getByRole('alert').textContent(), POLL).toContain('Al massimo 62 giorni.');
        // A period upside down is told before asking.
        await panel.getByLabel('Dal', { exact: true }).fill(to);
        await panel.getByLabel('Al', { exact: true }).fill(from);
        await panel.getByRole('button', { name: 'Simula' }).click();
        await expect.poll(() => panel.getByRole('alert').first().textContent(), POLL).toBe('La data di inizio viene dopo quella di fine.');
        // A period before the demo's activity: nothing to replay, said so.
        await panel.getByLabel('Dal', { exact: true }).fill(romeDay(server.now() - 60 * DAY));
        await panel.getByLabel('Al', { exact: true }).fill(romeDay(server.now() - 40 * DAY));
        await panel.getByRole('button', { name: 'Simula' }).click();
        await expect.poll(() => panel.getByTestId('what-if-empty').textContent(), POLL).toBe('Nessuna prenotazione fatta nel periodo: non c’è niente da rigiocare. Scegli un altro periodo.');
        expect(await panel.getByRole('table', { name: 'Le cifre della simulazione' }).count()).toBe(0);
      }
      await panel.getByLabel('Dal', { exact: true }).fill(from);
      await panel.getByLabel('Al', { exact: true }).fill(to);
      await panel.getByLabel('Durata dello slot', { exact: true }).selectOption({ label: '12 minuti' });
      await panel.getByLabel('Operatori per fascia', { exact: true }).fill('2');
      await panel.getByRole('button', { name: 'Simula' }).click();
      const result = panel.getByTestId('what-if-result');
      await expect.poll(() => result.getByRole('heading', { level: 3 }).textContent(), POLL).toMatch(/^Risultato: Como, dal \d+ \S+ \d{4} al \d+ \S+ \d{4}$/);
      expect(await panel.getByRole('alert').count()).toBe(0);
      expect(await result.getByTestId('what-if-calendar').textContent()).toMatch(/^Calendario di allora: slot di 8 minuti, operatori per fascia: [\d–]+\. Modifica simulata: slot di 12 minuti, operatori per fascia: 2\.$/);
      // The server's figures for the same question.
      const api = await page.evaluate(async (q) => (await fetch(`/api/monitoring/what-if?${q}`)).json(),
        `scope=office:${officeId}&from=${from}&to=${to}&slotMinutes=12&operators=2&seed=1`);
      expect(api.actual.bookings).toBeGreaterThan(0);
      const num = (s: string) => Number(s.replace(/\./g, '').replace(',', '.').replace('−', '-').replace(/[^\d.+-]/g, ''));
      // The prediction error, stated plainly: predicted, real, their difference.
      const said = await result.getByTestId('what-if-error').locator('li').allTextContents();
      const lead = said[0]!.match(/^Attesa media per il posto: la simulazione prevede ([\d,]+) giorni lavorativi, in realtà ([\d,]+); errore ([+−]?[\d,]+) giorni\.$/);
      expect(lead, said[0]).not.toBeNull();
      expect(num(lead![3]!)).toBeCloseTo(api.error.leadMeanDays, 1);
      const over = said[1]!.match(/^Chiamate oltre lo slot: la simulazione ne prevede il ([\d,]+) ?%, in realtà il ([\d,]+) ?%; errore ([+−]?[\d,]+) punti percentuali\.$/);
      expect(over, said[1]).not.toBeNull();
      expect(num(over![3]!)).toBeCloseTo(api.error.overrunShare * 100, 0);
      // The table, read by its accessible names: reality, the period as it was, with the change.
      const table = result.getByRole('table', { name: 'Le cifre della simulazione' });
      expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Cifra', 'Realtà', 'Com’era (simulato)', 'Con la modifica']);
      const cells = async (name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell').allTextContents();
      expect((await cells('Prenotazioni richieste')).map(num)).toEqual([api.actual.bookings, api.baseline.arrivals, api.whatIf.arrivals]);
      const waits = await cells('Attesa media \\(giorni lavorativi\\)');
      expect(waits.map(num)).toEqual([api.actual.leadMean, api.baseline.leadMean, api.whatIf.leadMean].map((v: number) => Math.round(v * 10) / 10));
      const overruns = (await cells('Chiamate oltre lo slot')).map(num);
      expect(overruns.every((v) => Number.isFinite(v) && v >= 0 && v <= 100)).toBe(true);
      // Longer slots: no more calls over the slot than with 8 minutes.
      expect(overruns[2]).toBeLessThanOrEqual(overruns[1]!);
      const served = (await cells('Servite')).slice(1).map(num);
      expect(served.every((v) => v > 0)).toBe(true);
      // The plot: a bar per scenario and figure, its summary saying the same figures.
      const plot = result.getByRole('img', { name: /^Grafico a barre\. Attesa media in giorni lavorativi: Realtà / });
      expect(await plot.locator('rect').count()).toBe(6);
      expect(await plot.getAttribute('aria-label')).toContain(`Con la modifica ${waits[2]}`);
      expect(await result.getByRole('table', { name: 'Per sportello' }).locator('tbody tr').count()).toBeGreaterThan(1);
      await expectAccessible(page, `what-if (${vp.name})`);
      await result.scrollIntoViewIfNeeded();
      await shoot(page, `planning-what-if-${vp.name}`);
      if (vp.name === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }, 240_000);

  it('the printable report: question, data, answer, method; rendered to PDF by Chromium', async () => {
    const page = await open(VIEWPORTS[1], `/monitoraggio/pianificazione?scope=office:${officeId}`);
    // The dashboard's figure of requests refused because the desk was full: the report states the same.
    const dashboardRefused = page.getByTestId('node-full-refusals').locator('td');
    await expect.poll(() => dashboardRefused.count(), POLL).toBe(1);
    const refusedText = (await dashboardRefused.textContent())!.trim();
    expect(Number(refusedText.replace(/\D/g, ''))).toBeGreaterThan(0);
    await page.getByTestId(`report-link-${officeId}`).click();
    const report = page.getByTestId('service-report');
    await expect.poll(() => report.getByRole('heading', { level: 2 }).textContent(), POLL).toBe('Relazione sul servizio: Como');
    for (const name of ['La domanda', 'La risposta', 'I dati', 'Il metodo']) {
      expect(await report.getByRole('heading', { level: 3, name }).count()).toBe(1);
    }
    await expect.poll(() => page.getByTestId(`answer-${officeId}`).textContent(), POLL).toBe(answer.it);
    await expect.poll(() => page.getByTestId(`lead-${officeId}`).locator('polyline').count(), POLL).toBe(4);
    // The hidden demand in words, with the dashboard's figure and what it means; the table agrees.
    const hiddenText = (await report.getByTestId('report-hidden-text').textContent())!;
    expect(hiddenText).toMatch(/^Nello stesso periodo ([\d.]+) richieste sono state respinte perché lo sportello era pieno \(([\d.]+) dal web, ([\d.]+) dall’accoglienza, ([\d.]+) dai patronati, ([\d.]+) da altro personale\) e ([\d.]+) iscrizioni alla lista d’attesa\. È domanda che il calendario non mostra: /);
    const [, said, ...parts] = hiddenText.match(/^Nello stesso periodo ([\d.]+) .*?\(([\d.]+) dal web, ([\d.]+) dall’accoglienza, ([\d.]+) dai patronati, ([\d.]+) da altro personale\)/)!;
    expect(said).toBe(refusedText);
    expect(parts.reduce((s, x) => s + Number(x.replace(/\D/g, '')), 0)).toBe(Number(refusedText.replace(/\D/g, '')));
    expect((await report.getByTestId('report-full-refusals').locator('td').textContent())!.trim()).toBe(refusedText);
    await expectAccessible(page, 'service report');
    // Print media: the dashboard's navigation and the print button are gone, the report stays.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Stampa la relazione' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Sezioni del monitoraggio' }).isVisible()).toBe(false);
    expect(await report.isVisible()).toBe(true);
    await shoot(page, 'planning-report-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(2);
    const file = `${SCREENSHOTS}relazione-como.pdf`;
    writeFileSync(file, pdf);
    if (hasPdftotext()) {
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8').replace(/\s+/g, ' ');
      expect(text).toContain('Relazione sul servizio: Como');
      expect(text).toContain('La domanda');
      expect(text).toContain('Il metodo');
      expect(text).toMatch(/Con 8 minuti, il \d+ % delle chiamate sfora la fascia/);
      expect(text).toContain(`Nello stesso periodo ${refusedText} richieste sono state respinte perché lo sportello era pieno`);
      expect(text).toContain('È domanda che il calendario non mostra');
      expect(text).not.toContain('Sezioni del monitoraggio');
    }
    await page.context().close();
  }, 240_000);
});
