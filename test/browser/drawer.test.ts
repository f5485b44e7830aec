// The two-way drawer in a real Chromium against the real server: a labour consultant on a
// phone sees their companies, sends a request with a document and reads the office's answer;
// an operator of the office works the queue on a desktop (takes it in charge, writes an
// internal note, answers, closes with an outcome); the consultant never sees the note.
// Italian and English; axe (WCAG 2.1 A/AA) on every screen.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { createStaff, sessionCookie } from '../integration/identity-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, h1, launchChromium, shoot, useServerClock, VIEWPORTS, watchErrors } from './support.js';

const POLL = { timeout: 15_000 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let server: TestServer;
let browser: Browser;
let consultant: { cookie: string; csrf: string };
let operator: { cookie: string; csrf: string };
let urp: { cookie: string; csrf: string };
let colleagueId = '';
let outsiderId = '';

beforeAll(async () => {
  server = await startTestServer();
  const settings = defaultIdentitySettings();
  const cId = await createStaff(server.db, { username: 'studio.rossi', grants: [{ role: 'labour_consultant', scope: { kind: 'province', code: 'MI' } }] });
  await server.db.query("UPDATE staff_user SET display_name = 'Studio Rossi' WHERE id = $1", [cId]);
  const oId = await createStaff(server.db, { username: 'operatore.mi', grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }] });
  await server.db.query("UPDATE staff_user SET display_name = 'Giulia Verdi' WHERE id = $1", [oId]);
  consultant = await sessionCookie(server.db, settings, { userId: cId });
  urp = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'urp.mi', grants: [{ role: 'urp_monitor', scope: { kind: 'province', code: 'MI' } }] }) });
  operator = await sessionCookie(server.db, settings, { userId: oId });
  colleagueId = await createStaff(server.db, { username: 'collega.mi', grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }] });
  await server.db.query("UPDATE staff_user SET display_name = 'Marco Bianchi' WHERE id = $1", [colleagueId]);
  outsiderId = await createStaff(server.db, { username: 'operatore.co', grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } }] });
  await server.db.query("UPDATE staff_user SET display_name = 'Paola Como' WHERE id = $1", [outsiderId]);
  const c = await server.db.query<{ id: string }>("INSERT INTO drawer_company (matricola, name, office_id) SELECT '4900112233', 'Officine Lambro srl', id FROM office WHERE code = 'MI01' RETURNING id");
  await server.db.query('INSERT INTO drawer_delegation (company_id, consultant_id) VALUES ($1, $2)', [c.rows[0]!.id, cId]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function pageAs(who: { cookie: string }, vp: (typeof VIEWPORTS)[number], lang: 'it' | 'en' = 'it'): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: lang === 'it' ? 'it-IT' : 'en-GB', bypassCSP: true });
  if (lang === 'en') await context.addInitScript(() => window.localStorage.setItem('sportello.lang', 'en'));
  await useServerClock(context, server.now);
  const [name, value] = who.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.url }]);
  const page = await context.newPage();
  return { page, context, errors: watchErrors(page) };
}

describe('two-way drawer', () => {
  let threadUrl = '';

  it('a consultant on a phone sends a request with a document', async () => {
    const { page, context, errors } = await pageAs(consultant, VIEWPORTS[0]);
    await page.goto(`${server.url}/cassetto`);
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Le mie aziende');
    await page.getByText('Officine Lambro srl').first().waitFor();
    await expectAccessible(page, 'consultant companies (phone)');
    await shoot(page, 'drawer-consultant-companies-phone');
    await page.getByRole('link', { name: 'Nuova richiesta per Officine Lambro srl' }).click();
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Nuova richiesta');
    await page.getByLabel('Argomento').selectOption({ label: 'Denunce UniEmens (risposta entro 10 giorni lavorativi)' });
    await page.getByLabel('Oggetto').fill('Denuncia di agosto scartata');
    await page.getByLabel('Testo della richiesta').fill('La denuncia UniEmens di agosto è stata scartata: potete verificare?');
    await page.getByLabel('Documenti (facoltativi)').setInputFiles([{ name: 'scarto.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    await expectAccessible(page, 'new request (phone)');
    await shoot(page, 'drawer-new-request-phone');
    await page.getByRole('button', { name: 'Invia la richiesta' }).click();
    await expect.poll(() => page.locator('.alert-success').textContent(), POLL).toMatch(/Richiesta registrata con protocollo MI01-\d{4}-000001/);
    await expect.poll(() => h1(page).textContent(), POLL).toMatch(/Denuncia di agosto scartata/);
    await page.getByRole('link', { name: /Scarica scarto\.pdf/ }).waitFor();
    await expectAccessible(page, 'thread, consultant (phone)');
    await shoot(page, 'drawer-thread-consultant-phone');
    threadUrl = page.url();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the office works it from the queue: takes it, notes, answers, closes', async () => {
    const { page, context, errors } = await pageAs(operator, VIEWPORTS[1]);
    await page.goto(`${server.url}/cassetto`);
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Coda della sede');
    await page.getByRole('link', { name: /MI01-\d{4}-000001/ }).waitFor();
    await expectAccessible(page, 'office queue (desktop)');
    await shoot(page, 'drawer-queue-desktop');
    await page.getByRole('link', { name: /MI01-\d{4}-000001/ }).click();
    await page.getByRole('button', { name: 'Prendi in carico' }).click();
    await expect.poll(() => page.locator('.alert-success').textContent(), POLL).toBe('Richiesta presa in carico.');
    await page.getByText('Assegnata a: Giulia Verdi').waitFor();
    await page.getByLabel('Il tuo messaggio').fill('Verificare con l’ufficio contributi il codice contratto.');
    await page.locator('label[for="r-internal"]').click();
    expect(await page.getByLabel('Nota interna (non visibile al consulente)').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Invia', exact: true }).click();
    await page.getByText('Nota interna · Giulia Verdi').waitFor(POLL);
    await page.getByLabel('Il tuo messaggio').fill('Correggete il codice contratto di due dipendenti e reinviate la denuncia.');
    await page.getByRole('button', { name: 'Invia', exact: true }).click();
    await page.getByText('Correggete il codice contratto').waitFor(POLL);
    await expectAccessible(page, 'thread, office (desktop)');
    await shoot(page, 'drawer-thread-office-desktop');
    await page.getByLabel('Esito').selectOption('resolved');
    await page.getByLabel('Nota per il consulente (facoltativa)').fill('Denuncia acquisita dopo la correzione.');
    await page.getByRole('button', { name: 'Chiudi la richiesta' }).click();
    await page.getByText('Esito: Risolta – Denuncia acquisita dopo la correzione.').waitFor(POLL);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the consultant reads the answer and the outcome, never the note (in English too)', async () => {
    const { page, context, errors } = await pageAs(consultant, VIEWPORTS[0], 'en');
    await page.goto(threadUrl);
    await expect.poll(() => page.getByText('Outcome: Resolved – Denuncia acquisita dopo la correzione.').count(), POLL).toBe(1);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Correggete il codice contratto');
    expect(text).not.toContain('ufficio contributi');
    expect(text).not.toContain('Giulia Verdi');
    await page.getByText('The request is closed: no more messages can be sent.').waitFor();
    await expectAccessible(page, 'closed thread, consultant, English (phone)');
    await shoot(page, 'drawer-thread-closed-en-phone');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the URP reads the response times in its dashboard (figures only)', async () => {
    const { page, context, errors } = await pageAs(urp, VIEWPORTS[1]);
    await page.goto(`${server.url}/monitoraggio/cassetto`);
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent(), POLL).toBe('Cassetto bidirezionale: tempi di risposta');
    const row = page.getByRole('row', { name: /^Milano/ });
    await row.waitFor(POLL);
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['1', '0', '0', '1']); // registered, open, overdue, closed
    // The period's requests as a CSV file for a spreadsheet: one row per request, no contents.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Scarica le richieste del periodo (CSV)' }).click()]);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv[0]).toMatch(/^protocollo;sede;codice_sede;matricola;azienda/);
    expect(csv).toHaveLength(2); // header + the one request of the period
    expect(download.suggestedFilename()).toBe('cassetto-richieste.csv');
    await expectAccessible(page, 'URP drawer SLA (desktop)');
    await shoot(page, 'drawer-urp-sla-desktop');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the office assigns a request to a colleague with the picker (desktop, then a phone in English)', async () => {
    // A second request, registered by the consultant through the API.
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(server.url + path, { method, headers: { cookie: consultant.cookie, 'x-csrf-token': consultant.csrf, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return res.json();
    };
    const company = (await api('GET', '/api/drawer/companies')).items[0];
    const subject = (await api('GET', '/api/drawer/subjects')).items[0].subjects[0];
    const made = await api('POST', '/api/drawer/threads', { companyId: company.id, subjectId: subject.id, title: 'Rimborso contributi', body: 'Chiediamo il rimborso di contributi versati due volte.' });
    expect(made.protocol).toMatch(/^MI01-/);

    const { page, context, errors } = await pageAs(operator, VIEWPORTS[1]);
    await page.goto(`${server.url}/cassetto/pratiche/${made.id}`);
    await expect.poll(() => h1(page).textContent(), POLL).toMatch(/Rimborso contributi/);
    const picker = page.getByLabel('Assegna a');
    await expect.poll(() => picker.locator('option').allTextContents(), POLL).toContain('Giulia Verdi (tu)');
    const offered = await picker.locator('option').allTextContents();
    expect(offered).toContain('Marco Bianchi');
    expect(offered).not.toContain('Paola Como'); // another office's operator
    expect(offered.join()).not.toContain('Studio Rossi'); // the consultant
    expect(await page.getByText('Le persone che possono lavorare le richieste di questa sede.').isVisible()).toBe(true);
    await expectAccessible(page, 'thread with the assignment picker (desktop)');
    await shoot(page, 'drawer-assign-desktop');
    await picker.selectOption({ label: 'Marco Bianchi' });
    await page.getByRole('button', { name: 'Assegna', exact: true }).click();
    await expect.poll(() => page.locator('.alert-success').textContent(), POLL).toBe('Richiesta assegnata a Marco Bianchi.');
    await page.getByText('Assegnata a: Marco Bianchi').waitFor(POLL);
    const row = (await server.db.query<{ assignee_id: string; state: string }>('SELECT assignee_id, state FROM drawer_thread WHERE id = $1', [made.id])).rows[0]!;
    expect(row).toEqual({ assignee_id: colleagueId, state: 'in_charge' });
    // The current assignee is named as such, and assigning to them again is not on offer.
    await picker.selectOption({ label: 'Marco Bianchi (ha già la richiesta)' });
    expect(await page.getByRole('button', { name: 'Assegna', exact: true }).isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();

    // On a phone, in English: back to oneself.
    const phone = await pageAs(operator, VIEWPORTS[0], 'en');
    await phone.page.goto(`${server.url}/cassetto/pratiche/${made.id}`);
    const en = phone.page.getByLabel('Assign to');
    await expect.poll(() => en.locator('option').allTextContents(), POLL).toContain('Giulia Verdi (you)');
    expect(await en.locator('option').allTextContents()).toContain('Marco Bianchi (current assignee)');
    await en.selectOption({ label: 'Giulia Verdi (you)' });
    await phone.page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => phone.page.locator('.alert-success').textContent(), POLL).toBe('Request assigned to Giulia Verdi.');
    await phone.page.getByText('Assigned to: Giulia Verdi').waitFor(POLL);
    await expectAccessible(phone.page, 'thread with the assignment picker, English (phone)');
    await shoot(phone.page, 'drawer-assign-en-phone');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  }, 120_000);
});
