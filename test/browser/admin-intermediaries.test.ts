// The admin screens for the intermediaries in a real Chromium against the real server: the
// regional administrator registers a patronato, adds its local office and links an operator
// (desktop, Italian; the list on a phone in English); the office administrator records a
// company, delegates it to a labour consultant and revokes another delegation after a
// confirmation — the consultant no longer sees that company (a phone in English, then a
// desktop in Italian). Axe (WCAG 2.1 A/AA) on every screen; screenshots in
// test-results/screenshots/admin-intermediaries-*.png.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { createStaff, sessionCookie } from '../integration/identity-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, h1, launchChromium, shoot, useServerClock, VIEWPORTS, watchErrors } from './support.js';

const POLL = { timeout: 15_000 };
type Session = { cookie: string; csrf: string };

let server: TestServer;
let browser: Browser;
let region: Session;
let officeAdmin: Session;
let consultant: Session;
let consultantId = '';
let lambro = '';

beforeAll(async () => {
  server = await startTestServer();
  const settings = defaultIdentitySettings();
  region = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'regione.intermediari', grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] }) });
  officeAdmin = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'admin.mi01', grants: [{ role: 'office_admin', scope: { kind: 'office', code: 'MI01' } }] }) });
  const operatorId = await createStaff(server.db, { username: 'pat.neri', grants: [{ role: 'patronato_operator', scope: { kind: 'province', code: 'MI' } }] });
  await server.db.query("UPDATE staff_user SET display_name = 'Lucia Neri' WHERE id = $1", [operatorId]);
  consultantId = await createStaff(server.db, { username: 'studio.verdi', grants: [{ role: 'labour_consultant', scope: { kind: 'province', code: 'MI' } }] });
  await server.db.query("UPDATE staff_user SET display_name = 'Studio Verdi' WHERE id = $1", [consultantId]);
  consultant = await sessionCookie(server.db, settings, { userId: consultantId });
  lambro = (await server.db.query<{ id: string }>("INSERT INTO drawer_company (matricola, name, office_id) SELECT '4900556677', 'Officine Lambro srl', id FROM office WHERE code = 'MI01' RETURNING id")).rows[0]!.id;
  await server.db.query('INSERT INTO drawer_delegation (company_id, consultant_id) VALUES ($1, $2)', [lambro, consultantId]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function pageAs(who: Session, vp: (typeof VIEWPORTS)[number], lang: 'it' | 'en' = 'it'): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: lang === 'it' ? 'it-IT' : 'en-GB', bypassCSP: true }); // axe is injected inline
  if (lang === 'en') await context.addInitScript(() => window.localStorage.setItem('sportello.lang', 'en'));
  await useServerClock(context, server.now);
  const [name, value] = who.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.url }]);
  const page = await context.newPage();
  return { page, context, errors: watchErrors(page) };
}

const consultantCompanies = async (): Promise<string[]> => {
  const res = await fetch(`${server.url}/api/drawer/companies`, { headers: { cookie: consultant.cookie } });
  return ((await res.json()) as { items: { id: string }[] }).items.map((c) => c.id);
};

describe('admin screens for patronati and the drawer', () => {
  it('the regional administrator registers a patronato, its local office and its operator (desktop)', async () => {
    const { page, context, errors } = await pageAs(region, VIEWPORTS[1]);
    await page.goto(`${server.url}/admin`);
    await page.getByRole('link', { name: 'Patronati', exact: true }).click();
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Patronati');
    await page.getByLabel('Nome', { exact: true }).fill('Patronato di Prova');
    await page.getByLabel('Codice di accreditamento').fill('prova-mi');
    await expectAccessible(page, 'patronati list (desktop)');
    await shoot(page, 'admin-intermediaries-patronati-desktop');
    await page.getByRole('button', { name: 'Registra il patronato' }).click();
    await expect.poll(() => h1(page).textContent(), POLL).toBe('PROVA-MIPatronato di Prova');
    await expect.poll(() => page.getByRole('status').first().textContent(), POLL).toBe('Patronato Patronato di Prova registrato.');

    // A duplicate code is refused with the server's message (back on the list).
    await page.getByRole('link', { name: 'Torna ai patronati' }).click();
    await page.getByLabel('Nome', { exact: true }).fill('Doppione');
    await page.getByLabel('Codice di accreditamento').fill('PROVA-MI');
    await page.getByRole('button', { name: 'Registra il patronato' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toMatch(/codice/i);
    await page.getByRole('link', { name: 'Gestisci Patronato di Prova' }).click();

    // Its local office, with the number it calls from.
    await page.getByLabel('Provincia').selectOption('MI');
    await page.getByLabel('Nome della sede').fill('Sede zonale Milano Nord');
    await page.getByLabel('Telefono da cui chiama (facoltativo)').fill('02 1234 5678');
    await page.getByRole('button', { name: 'Aggiungi la sede' }).click();
    await page.locator('li strong', { hasText: 'Sede zonale Milano Nord' }).waitFor(POLL);
    await page.getByText('Sede zonale aggiunta: Sede zonale Milano Nord.').waitFor(POLL);
    await expect.poll(() => page.getByText('+390212345678').count(), POLL).toBe(1);

    // Its operator: an account with the patronato operator role, from the list.
    await page.getByLabel('Operatore da collegare').selectOption({ label: 'Lucia Neri (pat.neri)' });
    await page.getByRole('button', { name: 'Collega l’operatore' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Scollega Lucia Neri' }).count(), POLL).toBe(1);
    await expectAccessible(page, 'patronato page (desktop)');
    await shoot(page, 'admin-intermediaries-patronato-desktop');
    const row = (await server.db.query<{ accreditation_code: string; offices: number; operators: number }>(
      `SELECT p.accreditation_code, (SELECT count(*)::int FROM patronato_office o WHERE o.patronato_id = p.id) AS offices,
              (SELECT count(*)::int FROM staff_user u WHERE u.patronato_id = p.id) AS operators
         FROM patronato p WHERE p.name = 'Patronato di Prova'`)).rows;
    expect(row).toEqual([{ accreditation_code: 'PROVA-MI', offices: 1, operators: 1 }]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the patronati list on a phone, in English', async () => {
    const { page, context, errors } = await pageAs(region, VIEWPORTS[0], 'en');
    await page.goto(`${server.url}/admin/patronati`);
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Patronati');
    await page.getByRole('link', { name: 'Manage Patronato di Prova' }).waitFor(POLL);
    await expectAccessible(page, 'patronati list, English (phone)');
    await shoot(page, 'admin-intermediaries-patronati-en-phone');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the office administrator records a company, delegates it and revokes a delegation (phone, English)', async () => {
    const { page, context, errors } = await pageAs(officeAdmin, VIEWPORTS[0], 'en');
    await page.goto(`${server.url}/admin/cassetto`);
    await expect.poll(() => h1(page).textContent(), POLL).toBe("The drawer's companies and delegations");
    await page.getByText('Officine Lambro srl').first().waitFor(POLL);
    // The patronati screen is the region's: not in an office administrator's menu.
    expect(await page.getByRole('link', { name: 'Patronati', exact: true }).count()).toBe(0);

    await page.getByLabel('Matricola').fill('4900111222');
    await page.getByLabel('Company name').fill('Nuova Meccanica srl');
    await page.getByLabel('Competent office').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Register the company' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), POLL).toBe('Company Nuova Meccanica srl registered.');

    await page.getByLabel('Company', { exact: true }).selectOption({ label: 'Nuova Meccanica srl (4900111222)' });
    await page.getByLabel('Labour consultant').selectOption({ label: 'Studio Verdi (studio.verdi)' });
    await page.getByRole('button', { name: 'Grant the delegation' }).click();
    await page.getByRole('status').filter({ hasText: 'Delegation granted to Studio Verdi.' }).waitFor(POLL);
    await expect.poll(() => page.getByTestId('delegation').count(), POLL).toBe(2);
    await expectAccessible(page, 'drawer admin, English (phone)');
    await shoot(page, 'admin-intermediaries-drawer-en-phone');

    // Revoke: a confirmation first, then the consultant no longer sees the company.
    expect(await consultantCompanies()).toContain(lambro);
    await page.getByRole('button', { name: 'Revoke the delegation of Studio Verdi for Officine Lambro srl' }).click();
    await page.getByRole('alertdialog').waitFor(POLL);
    await expectAccessible(page, 'revocation confirmation, English (phone)');
    await shoot(page, 'admin-intermediaries-revoke-en-phone');
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.getByRole('status').filter({ hasText: 'Delegation revoked: Studio Verdi no longer sees Officine Lambro srl.' }).waitFor(POLL);
    await expect.poll(() => page.getByTestId('delegation').count(), POLL).toBe(1);
    expect(await consultantCompanies()).not.toContain(lambro);
    const revoked = await server.db.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM drawer_delegation WHERE company_id = $1', [lambro]);
    expect(revoked.rows.every((r) => r.revoked_at !== null)).toBe(true);
    // The revoked one is still there when asked for.
    await page.getByLabel('Show revoked delegations too').check({ force: true });
    await expect.poll(() => page.getByTestId('delegation').filter({ hasText: /revoked on/ }).count(), POLL).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the drawer admin screen on a desktop, in Italian', async () => {
    const { page, context, errors } = await pageAs(officeAdmin, VIEWPORTS[1]);
    await page.goto(`${server.url}/admin/cassetto`);
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Aziende e deleghe del cassetto');
    await page.getByRole('row', { name: /Nuova Meccanica srl/ }).getByText('1 delega attiva').waitFor(POLL);
    await page.getByRole('row', { name: /Officine Lambro srl/ }).getByText('0 deleghe attive').waitFor(POLL);
    await expectAccessible(page, 'drawer admin (desktop)');
    await shoot(page, 'admin-intermediaries-drawer-desktop');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("the regional administrator keeps the drawer's subject tree (desktop, then a phone in English)", async () => {
    const { page, context, errors } = await pageAs(region, VIEWPORTS[1]);
    await page.goto(`${server.url}/admin`);
    await page.getByRole('link', { name: 'Argomenti del cassetto' }).click();
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Argomenti del cassetto bidirezionale');
    const newArea = page.locator('section', { has: page.getByRole('heading', { name: 'Nuova area' }) });
    await newArea.getByLabel('Chiave', { exact: true }).fill('sostegno-reddito');
    await newArea.getByLabel('Nome in italiano').fill('Sostegno al reddito');
    await newArea.getByLabel('Nome in inglese').fill('Income support');
    await newArea.getByRole('button', { name: 'Aggiungi l’area' }).click();
    await page.getByRole('status').filter({ hasText: 'Aggiunto: Sostegno al reddito.' }).waitFor(POLL);

    const area = page.getByTestId('subject-area').filter({ has: page.getByRole('heading', { name: /^Sostegno al reddito/ }) });
    await area.getByRole('button', { name: 'Nuovo argomento in Sostegno al reddito' }).click();
    await area.getByLabel('Chiave', { exact: true }).fill('cig-ordinaria');
    await area.getByLabel('Nome in italiano').fill('Cassa integrazione ordinaria');
    await area.getByLabel('Nome in inglese').fill('Ordinary wage guarantee');
    await area.getByLabel('Giorni lavorativi per rispondere').fill('7');
    await area.getByRole('button', { name: 'Aggiungi l’argomento' }).click();
    await area.getByText(/Cassa integrazione ordinaria cig-ordinaria · 7 giorni lavorativi · coda della sede · 0 richieste/).waitFor(POLL);

    // A new SLA: edited in place.
    await area.getByRole('button', { name: 'Modifica Cassa integrazione ordinaria' }).click();
    await area.getByLabel('Giorni lavorativi per rispondere').first().fill('5');
    await area.getByRole('button', { name: 'Salva' }).click();
    await area.getByText(/Cassa integrazione ordinaria cig-ordinaria · 5 giorni lavorativi/).waitFor(POLL);
    await expectAccessible(page, 'drawer subjects (desktop)');
    await shoot(page, 'admin-intermediaries-subjects-desktop');

    // What consultants now choose from.
    const tree = (await (await fetch(`${server.url}/api/drawer/subjects`, { headers: { cookie: consultant.cookie } })).json()) as { items: { it: string; subjects: { it: string; slaDays: number }[] }[] };
    expect(tree.items.find((a) => a.it === 'Sostegno al reddito')?.subjects).toEqual([expect.objectContaining({ it: 'Cassa integrazione ordinaria', slaDays: 5 })]);
    expect(errors).toEqual([]);
    await context.close();

    const phone = await pageAs(region, VIEWPORTS[0], 'en');
    await phone.page.goto(`${server.url}/admin/argomenti`);
    await expect.poll(() => h1(phone.page).textContent(), POLL).toBe('Subjects of the two-way drawer');
    const en = phone.page.getByTestId('subject-area').filter({ has: phone.page.getByRole('heading', { name: /^Income support/ }) });
    await en.getByText(/Ordinary wage guarantee cig-ordinaria · 5 working days/).waitFor(POLL);
    // An unused subject can go.
    await en.getByRole('button', { name: 'Delete Ordinary wage guarantee' }).click();
    await phone.page.getByRole('status').filter({ hasText: 'Deleted: Ordinary wage guarantee.' }).waitFor(POLL);
    await en.getByText('No subject in this area.').waitFor(POLL);
    await expectAccessible(phone.page, 'drawer subjects, English (phone)');
    await shoot(phone.page, 'admin-intermediaries-subjects-en-phone');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  }, 120_000);
});
