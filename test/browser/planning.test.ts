// The planner in the URP dashboard, in a real Chromium against the real server (issue 23):
// three weeks of demo activity at Como (every phase of the handling time), the "Pianificazione"
// tab with its plots and their tables, the answer in words computed by the server, axe clean on
// desktop and phone; the printable "Relazione sul servizio" rendered to PDF by Chromium and
// checked (text through pdftotext when poppler-utils is installed, and the print-media page).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoActivity } from '../../src/monitoring/seed-demo-activity.js';
import { createStaff } from '../integration/identity-support.js';
import { romeTime, tickingClock, workingDay } from '../support/clock.js';
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
