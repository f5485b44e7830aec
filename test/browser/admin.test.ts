// The admin screens in a real Chromium: staff sign-in with the second factor, users and
// roles, the audit log; every screen passes axe (WCAG 2.1 A/AA), on a phone and a desktop; an
// account created with a role, then its roles, password, sessions and state changed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app.js';
import { deriveBookingSecret } from '../../src/booking/deps.js';
import { buildServer } from '../../src/http/server.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemoUsers } from '../../src/users/demo-users.js';
import { defaultIdentitySettings, DEV_AUTH_SECRET } from '../../src/auth/settings.js';
import { totpCode } from '../../src/auth/totp.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';
import { WEB_ROOT } from '../support/server.js';
import { expectAccessible, h1, launchChromium, shoot, VIEWPORTS, watchErrors } from './support.js';

let browser: Browser;
let db: Db;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  db = await testDatabases[0]!.open();
  await seedDemo(db);
  const settings = defaultIdentitySettings();
  await seedDemoUsers(db, settings.secrets);
  const app = await buildServer({ db, webRoot: WEB_ROOT, secret: deriveBookingSecret(DEV_AUTH_SECRET), identity: settings });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  close = async () => {
    await app.close();
    await db.close();
  };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await close?.();
});

async function signIn(page: Page, username: string, totpAt?: number): Promise<void> {
  await page.goto(`${url}/admin`);
  await expect.poll(() => h1(page).textContent()).toMatch(/Accesso del personale/);
  await page.getByLabel('Nome utente').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
  if (totpAt !== undefined) {
    await page.getByLabel('Codice di verifica').fill(totpCode(DEMO_TOTP_SECRET, totpAt));
    await page.getByRole('button', { name: 'Verifica' }).click();
  }
}

describe.each(VIEWPORTS)('admin screens on a $name', (vp) => {
  it('signs in with the second factor, manages a user and reads the audit log', async () => {
    const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'it-IT', bypassCSP: true }); // axe is injected inline
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${url}/admin`);
    await expect.poll(() => h1(page).textContent()).toMatch(/Accesso del personale/);
    await expectAccessible(page, `login (${vp.name})`);
    await shoot(page, `admin-login-${vp.name}`);

    // A wrong password is explained.
    await page.getByLabel('Nome utente').fill('admin.regione');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Nome utente o password non corretti/);

    // Each viewport uses its own 30 s step: a TOTP code is accepted once only.
    await signIn(page, 'admin.regione', Date.now() + (vp.name === 'phone' ? 0 : 30_000));
    await expect.poll(() => h1(page).textContent()).toMatch(/Utenti e ruoli/);
    await expect.poll(() => page.getByRole('link', { name: 'operatore.como' }).count()).toBe(1);
    await expectAccessible(page, `users (${vp.name})`);
    await shoot(page, `admin-users-${vp.name}`);

    await page.getByRole('link', { name: 'operatore.como' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('operatore.como');
    await expect.poll(() => page.getByLabel('Ruolo', { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page, `user (${vp.name})`);
    await shoot(page, `admin-user-${vp.name}`);
    await page.getByLabel('Nome e cognome').fill(`Operatore di Como ${vp.name}`);
    await page.getByRole('button', { name: 'Salva i dati' }).click();
    await expect.poll(() => page.getByRole('status').last().textContent()).toMatch(/Dati salvati/);

    await page.goto(`${url}/admin/utenti/nuovo`);
    await expect.poll(() => h1(page).textContent()).toBe('Nuovo utente');
    await expectAccessible(page, `new user (${vp.name})`);

    await page.goto(`${url}/admin/registro`);
    await expect.poll(() => h1(page).textContent()).toMatch(/Registro degli accessi/);
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible(page, `audit log (${vp.name})`);
    await shoot(page, `admin-audit-${vp.name}`);

    await page.getByRole('button', { name: 'Esci' }).click();
    await expect.poll(() => h1(page).textContent()).toMatch(/Accesso del personale/);
    expect(errors.filter((e) => !/401|403/.test(e))).toEqual([]);
    await context.close();
  });
});

describe('an account from start to end', () => {
  it('the office administrator creates an operator with a role, then saves its roles, sets its password, closes its sessions, disables and enables it', async () => {
    const vp = VIEWPORTS[1];
    const context = await browser.newContext({ viewport: vp.viewport, locale: 'it-IT', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    // admin.como: a sign-in code of its own (admin.regione's steps are the viewports' above).
    await signIn(page, 'admin.como', Date.now());
    await expect.poll(() => h1(page).textContent()).toMatch(/Utenti e ruoli/);
    const officeId = (await db.query<{ id: string }>("SELECT id FROM office WHERE code = 'CO01'")).rows[0]!.id;

    await page.goto(`${url}/admin/utenti/nuovo`);
    await expect.poll(() => h1(page).textContent()).toBe('Nuovo utente');
    await page.getByLabel('Nome utente').fill('operatore.prova');
    await page.getByLabel('Nome e cognome').fill('Operatore di prova');
    await page.getByLabel('Password iniziale').fill('una frase lunga per la prova 2026');
    await page.getByRole('button', { name: 'Aggiungi un ruolo' }).click();
    await page.getByLabel('Ruolo', { exact: true }).selectOption('desk_operator');
    await page.getByLabel('Sede', { exact: true }).selectOption(officeId);
    await page.getByRole('button', { name: 'Crea utente' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('operatore.prova');
    const user = (await db.query<{ id: string }>("SELECT id FROM staff_user WHERE username = 'operatore.prova'")).rows[0]!;
    const grants = async () => (await db.query<{ role: string; scope_kind: string; office_id: string }>('SELECT role, scope_kind, office_id FROM staff_grant WHERE user_id = $1', [user.id])).rows;
    expect(await grants()).toEqual([{ role: 'desk_operator', scope_kind: 'office', office_id: officeId }]);
    const status = () => page.getByRole('status').last().textContent();

    await page.getByRole('button', { name: 'Salva ruoli e ambiti' }).click();
    await expect.poll(status).toMatch(/Ruoli salvati/);
    expect(await grants()).toEqual([{ role: 'desk_operator', scope_kind: 'office', office_id: officeId }]);
    await page.getByLabel('Nuova password').fill('un\'altra frase lunga per la prova');
    await page.getByRole('button', { name: 'Imposta la password' }).click();
    await expect.poll(status).toMatch(/Password impostata/);
    await page.getByRole('button', { name: 'Chiudi tutte le sessioni' }).click();
    await expect.poll(status).toMatch(/Sessioni chiuse/);
    const active = async () => (await db.query<{ active: boolean }>('SELECT active FROM staff_user WHERE id = $1', [user.id])).rows[0]!.active;
    await page.getByRole('button', { name: "Disattiva l'account" }).click();
    await expect.poll(status).toMatch(/Account disattivato/);
    expect(await active()).toBe(false);
    await page.getByRole('button', { name: "Riattiva l'account" }).click();
    await expect.poll(status).toMatch(/Account riattivato/);
    expect(await active()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
