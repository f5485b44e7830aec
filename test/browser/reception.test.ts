// The reception console in a real Chromium against the real server: an agent of Bergamo
// books for a caller with the keyboard only (keystrokes beyond the caller's data counted),
// finds, moves and cancels bookings, reads out a short answer, logs each call in two
// keystrokes; a slot taken meanwhile proposes the next one; Brescia is out of reach.
// The URP manages the short answers. Axe (WCAG 2.1 A/AA) on phone and desktop.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { createStaff, sessionCookie } from '../integration/identity-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { deskOf, expectAccessible, h1, launchChromium, shoot, taxCode, useServerClock, VIEWPORTS, watchErrors } from './support.js';

const PASSWORD = 'Accoglienza-di-prova-2026';
const KEYSTROKE_TARGET = 12;
/** Polls wait for the page for up to 15 s (the machine is shared; the default is 1 s). */
const POLL = { timeout: 15_000 };

let server: TestServer;
let browser: Browser;
let agentCookie: { cookie: string; csrf: string };
let otherAgent: { cookie: string; csrf: string };
let urpCookie: { cookie: string; csrf: string };

const api = async (who: { cookie: string; csrf: string }, method: string, path: string, body?: unknown) => {
  const res = await fetch(server.url + path, {
    method,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  server = await startTestServer();
  const settings = defaultIdentitySettings();
  const bg = [{ role: 'reception_agent' as const, scope: { kind: 'province' as const, code: 'BG' } }];
  const agentId = await createStaff(server.db, { username: 'agente.bg', password: PASSWORD, grants: bg });
  agentCookie = await sessionCookie(server.db, settings, { userId: agentId });
  otherAgent = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'agente2.bg', grants: bg }) });
  await createStaff(server.db, { username: 'urp.bg', password: PASSWORD, grants: [{ role: 'urp_monitor', scope: { kind: 'province', code: 'BG' } }] });
  urpCookie = await sessionCookie(server.db, settings, { userId: (await server.db.query<{ id: string }>("SELECT id FROM staff_user WHERE username = 'urp.bg'")).rows[0]!.id });
  for (const a of [
    { title: 'Domanda di pensione di vecchiaia', body: "Si presenta online con SPID, CIE o CNS, oppure tramite un patronato. Serve l'estratto conto contributivo aggiornato.", tags: ['pensione'], provinceCode: 'BG' },
    { title: 'Cedolino della pensione', body: 'Il cedolino si scarica dal sito INPS con SPID, nella sezione Cedolino della pensione.', tags: ['cedolino'], provinceCode: 'BG' },
    { title: 'NASpI: quando arriva il pagamento', body: 'Il primo pagamento arriva di solito entro un mese dalla domanda accolta.', tags: ['naspi', 'disoccupazione'], provinceCode: 'BG' },
  ]) {
    expect((await api(urpCookie, 'POST', '/api/staff/answers', a)).status).toBe(201);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function newContext(vp: (typeof VIEWPORTS)[number], lang: 'it' | 'en' = 'it'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: lang === 'it' ? 'it-IT' : 'en-GB', bypassCSP: true }); // axe is injected inline
  if (lang === 'en') await context.addInitScript(() => window.localStorage.setItem('sportello.lang', 'en'));
  return useServerClock(context, server.now);
}

/** Signed in as the Bergamo agent without the login page (the session made in the database). */
async function agentPage(context: BrowserContext, who = agentCookie): Promise<{ page: Page; errors: string[] }> {
  const [name, value] = who.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.url }]);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/reception`);
  await expect.poll(() => h1(page).count(), { message: errors.join('\n'), timeout: 30_000 }).toBe(1);
  await expect.poll(() => h1(page).textContent(), POLL).toMatch(/Console di accoglienza|Reception console/);
  await page.locator('#rc-slot-1').waitFor();
  return { page, errors };
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const mine = (page: Page) => page.evaluate(async () => (await (await fetch('/api/staff/contacts/mine')).json()) as { total: number; byReason: Record<string, number>; answers: { title: string }[] });

describe('reception console', () => {
  it('signs in on the login page and books for a caller with the keyboard only, within the keystroke target', async () => {
    const context = await newContext(VIEWPORTS[1]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/reception`);
    await expect.poll(() => h1(page).textContent(), POLL).toMatch(/Accesso del personale/);
    await page.getByLabel('Nome utente').fill('agente.bg');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Console di accoglienza');
    await page.locator('#rc-slot-1').waitFor();
    await expectAccessible(page, 'console, empty (desktop)');
    await shoot(page, 'reception-console-desktop');

    // The tax code field has the focus on arrival; only the caller's data is typed, every other key is counted.
    expect(await focusedId(page)).toBe('rc-tax');
    const pressed: string[] = [];
    const press = async (key: string) => {
      pressed.push(key);
      await page.keyboard.press(key);
    };
    const data = (text: string) => page.keyboard.type(text);

    const cf = taxCode('BNC');
    await data(cf);
    await expect.poll(() => page.locator('.rc-existing').textContent(), POLL).toMatch(/Nessuna prenotazione/);
    await press('Tab');
    expect(await focusedId(page)).toBe('rc-name');
    await data('Maria Bianchi');
    await press('Tab');
    await data('035 123 4567');
    await press('Enter'); // "next": no slot chosen yet, the focus goes to the slots
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), POLL).toBe('rc-slot');
    const firstSlot = await page.locator('#rc-slot-1').inputValue();
    await press('1');
    await press('Alt+I'); // privacy notice read out
    await press('Enter');
    await expect.poll(() => page.getByTestId('booking-code').textContent(), { timeout: 15_000 }).toMatch(/^BG01-1-[2-9A-Z]{5}$/);
    const code = (await page.getByTestId('booking-code').textContent())!;
    const pin = (await page.getByTestId('booking-pin').textContent())!;
    expect(pin).toMatch(/^\d{3} \d{3}$/);
    const chords = pressed.length;
    const withModifiers = pressed.reduce((n, k) => n + k.split('+').length, 0);
    console.log(`[reception] keyboard-only booking: ${chords} keystrokes beyond the caller's data (${withModifiers} counting Alt separately): ${pressed.join(', ')} — target ≤ ${KEYSTROKE_TARGET}`);
    expect(chords).toBeLessThanOrEqual(KEYSTROKE_TARGET);
    expect(withModifiers).toBeLessThanOrEqual(KEYSTROKE_TARGET);

    const found = await api(agentCookie, 'GET', `/api/staff/bookings?code=${code}`);
    expect(found.body.items.map((b: any) => [b.code, b.start, b.source, b.fullName, b.phone])).toEqual([[code, firstSlot, 'reception', 'Maria Bianchi', '+390351234567']]);
    await expectAccessible(page, 'console, booked (desktop)');
    await shoot(page, 'reception-booked-desktop');

    // The contact log proposes "booked" with the code: two keystrokes end the call.
    expect(await focusedId(page)).toBe('rc-reason-booked');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Contatto registrato' }).count(), POLL).toBe(1);
    await expect.poll(() => page.getByTestId('summary-total').textContent(), POLL).toMatch(/^1 chiamata/);
    expect(await focusedId(page)).toBe('rc-tax'); // ready for the next caller
    const day = await mine(page);
    expect([day.total, day.byReason.booked]).toEqual([1, 1]);
    const logged = (await server.db.query<{ reason: string; booking_code: string; duration_seconds: number }>('SELECT reason, booking_code, duration_seconds FROM reception_contact ORDER BY created_at DESC LIMIT 1')).rows[0]!;
    expect([logged.reason, logged.booking_code]).toEqual(['booked', code]);
    expect(logged.duration_seconds).toBeGreaterThanOrEqual(0); // timed from the first key of the call
    expect(errors).toEqual([]);
    await context.close();
  });

  it('catches a wrong tax code and phone as typed, proposes the office of the caller\'s town, and offers Bergamo only', async () => {
    const context = await newContext(VIEWPORTS[1]);
    const { page, errors } = await agentPage(context);
    const cf = taxCode('VRD');
    const wrong = cf.slice(0, 15) + (cf[15] === 'A' ? 'B' : 'A');
    await page.keyboard.type(wrong);
    await expect.poll(() => page.locator('#rc-tax-msg').textContent(), POLL).toMatch(/lettera \(di controllo\)/);
    expect(await page.locator('#rc-tax').getAttribute('aria-invalid')).toBe('true');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(cf[15]!);
    await expect.poll(() => page.locator('#rc-tax-msg').textContent(), POLL).toBe('');
    await page.locator('#rc-phone').fill('1234567890');
    await expect.poll(() => page.locator('#rc-phone-msg').textContent(), POLL).toMatch(/non è un numero di telefono valido/);
    await page.locator('#rc-phone').fill('035 12a');
    await expect.poll(() => page.locator('#rc-phone-msg').textContent(), POLL).toMatch(/solo cifre/);

    // Offices: Bergamo's only; the direzione provinciale by default, Treviglio's office for a caller from Treviglio.
    const offices = await page.locator('#rc-office option').allTextContents();
    expect(offices.length).toBe(7);
    expect(offices.some((o) => /Brescia/.test(o))).toBe(false);
    expect(await page.locator('#rc-office option:checked').textContent()).toMatch(/^Bergamo \(direzione provinciale\)/);
    await page.keyboard.press('Alt+C');
    expect(await focusedId(page)).toBe('rc-town');
    await page.keyboard.type('treviglio');
    await expect.poll(() => page.locator('#rc-office option:checked').textContent(), POLL).toMatch(/^Treviglio/);
    await page.locator('#rc-town').fill('Dalmine');
    await expect.poll(() => page.locator('#rc-office option:checked').textContent(), POLL).toMatch(/^Bergamo/);

    // Forced through the API with the page's own session: refused.
    const deskBS = await deskOf(server.url, 'BS', /Brescia/, 1);
    const start = ((await (await fetch(`${server.url}/api/desks/${deskBS}/first-available`)).json()) as { slot: { start: string } }).slot.start;
    const forced = await page.evaluate(async ({ deskId, start, taxCode }) => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const res = await fetch('/api/staff/bookings', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken, 'idempotency-key': 'forced-brescia-1' },
        body: JSON.stringify({ deskId, start, taxCode, fullName: 'Chiamante Brescia', phone: '030 123 4567', channel: 'phone', language: 'it', consent: true }),
      });
      return { status: res.status, code: ((await res.json()) as { code: string }).code };
    }, { deskId: deskBS, start, taxCode: cf });
    expect(forced).toEqual({ status: 403, code: 'forbidden' });
    expect(errors.filter((e) => !/403/.test(e))).toEqual([]);
    await context.close();
  });

  it('proposes the next free slot when the chosen one is taken meanwhile', async () => {
    const context = await newContext(VIEWPORTS[1]);
    const { page, errors } = await agentPage(context);
    await page.keyboard.type(taxCode('GLL'));
    await page.keyboard.press('Tab');
    await page.keyboard.type('Luca Galli');
    await page.keyboard.press('Tab');
    await page.keyboard.type('333 1234567');
    await page.keyboard.press('Enter');
    await page.keyboard.press('1');
    const chosen = await page.locator('#rc-slot-1').inputValue();
    // Another agent fills that slot meanwhile.
    const deskId = await deskOf(server.url, 'BG', /Bergamo/, 1);
    for (let i = 0; i < 5; i++) {
      const r = await api(otherAgent, 'POST', '/api/staff/bookings', { deskId, start: chosen, taxCode: taxCode(`ZZ${'AEIOU'[i]}`), fullName: `Altro Chiamante`, phone: '02 1234 5678', channel: 'phone', language: 'it', consent: true });
      if (r.status === 409 && r.body.code === 'slot_full') break;
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    await page.keyboard.press('Alt+I');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#rc-book-notice').textContent(), POLL).toMatch(/appena stato preso/);
    const proposed = await page.locator('input[name="rc-slot"]:checked').inputValue();
    expect(proposed > chosen).toBe(true);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('rc-slot');
    await shoot(page, 'reception-slot-taken-desktop');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('booking-code').textContent(), { timeout: 15_000 }).toMatch(/^BG01-1-/);
    const code = (await page.getByTestId('booking-code').textContent())!;
    expect((await api(agentCookie, 'GET', `/api/staff/bookings?code=${code}`)).body.items[0].start).toBe(proposed);
    expect(errors.filter((e) => !/409/.test(e))).toEqual([]);
    await context.close();
  });

  it('finds bookings by code, phone and tax code, moves and cancels them, and logs each call in two keystrokes', async () => {
    const deskId = await deskOf(server.url, 'BG', /Treviglio/, 2);
    const slots = ((await (await fetch(`${server.url}/api/desks/${deskId}/slots`)).json()) as { days: { slots: { start: string; state: string }[] }[] }).days
      .flatMap((d) => d.slots).filter((s) => s.state === 'open');
    const cf = taxCode('FRR');
    const made = await api(agentCookie, 'POST', '/api/staff/bookings', { deskId, start: slots[0]!.start, taxCode: cf, fullName: 'Anna Ferri', phone: '0363 123456', channel: 'phone', language: 'it', consent: true });
    expect(made.status).toBe(201);
    const code = made.body.booking.code as string;

    const context = await newContext(VIEWPORTS[1]);
    const { page, errors } = await agentPage(context);
    await page.keyboard.press('Alt+N');
    await page.keyboard.press('Alt+R');
    expect(await focusedId(page)).toBe('rc-find');
    await page.keyboard.type(code.toLowerCase().replace(/-/g, ' '));
    await expect.poll(() => page.locator('#rc-find-hint').textContent(), POLL).toMatch(/codice di prenotazione/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#rc-found-title').textContent(), POLL).toBe('1 prenotazione trovata');
    await expectAccessible(page, 'find (desktop)');

    // Move to the second time offered, with its number key.
    await page.getByRole('button', { name: `Sposta ${code}` }).focus();
    await page.keyboard.press('Enter');
    await page.locator(`[name="rc-move-${code}"]`).first().waitFor();
    await page.keyboard.press('2');
    const target = await page.locator(`[name="rc-move-${code}"]:checked`).inputValue();
    await shoot(page, 'reception-move-desktop');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.rc-booking').first().textContent(), POLL).toMatch(/spostata/);
    expect((await api(agentCookie, 'GET', `/api/staff/bookings?code=${code}`)).body.items[0].start).toBe(target);
    expect(await focusedId(page)).toBe('rc-reason-moved');
    await page.keyboard.press('2');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Contatto registrato: Spostato' }).count(), POLL).toBe(1);

    // By phone, then cancel.
    await page.keyboard.press('Alt+R');
    await page.keyboard.type('0363 123456');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#rc-found-title').textContent(), POLL).toBe('1 prenotazione trovata');
    await page.getByRole('button', { name: `Annulla ${code}` }).focus();
    await page.keyboard.press('Enter');
    expect(await page.getByLabel('Motivo dell’annullamento').inputValue()).toBe('Richiesta del chiamante');
    await page.keyboard.press('Enter'); // the focus is on "confirm"
    await expect.poll(() => page.locator('.rc-booking').first().textContent(), POLL).toMatch(/annullata/);
    expect((await api(agentCookie, 'GET', `/api/staff/bookings?code=${code}`)).body.items[0].status).toBe('cancelled');
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Contatto registrato: Annullato' }).count(), POLL).toBe(1);

    // By tax code: the cancelled booking is listed as such.
    await page.keyboard.press('Alt+R');
    expect(await focusedId(page)).toBe('rc-find');
    await page.keyboard.type(cf);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.rc-booking').first().textContent(), POLL).toMatch(/annullata/);
    const day = await mine(page);
    expect([day.byReason.moved, day.byReason.cancelled]).toEqual([1, 1]);

    // The same caller phones again: their bookings appear as soon as the tax code is typed.
    await page.keyboard.press('Alt+N');
    expect(await focusedId(page)).toBe('rc-tax');
    await page.keyboard.type(cf);
    await expect.poll(() => page.locator('.rc-existing .rc-booking').first().textContent(), POLL).toMatch(new RegExp(`${code.split('-').join('.*')}.*annullata`));
    expect(errors).toEqual([]);
    await context.close();
  });

  it("answers 'orari sede' from the office's own data, and logs it as 'other'", async () => {
    const context = await newContext(VIEWPORTS[0]);
    const { page, errors } = await agentPage(context);
    const before = await mine(page);
    await page.keyboard.press('Alt+N');
    await page.keyboard.press('Alt+A');
    await page.keyboard.type('orari sede');
    await expect.poll(() => page.locator('.rc-answer-item').first().textContent(), POLL).toMatch(/Sede di Bergamo: orari e indirizzo/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('answer-body').textContent(), POLL).toMatch(/Orari degli appuntamenti allo sportello .*lunedì/);
    expect(await page.getByText('Dai dati della sede (orari dal suo calendario): sempre aggiornata').isVisible()).toBe(true);
    await expectAccessible(page, 'office answer (phone)');
    await page.getByRole('button', { name: 'Risposta data: registra il contatto' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Contatto registrato: Altro' }).count(), POLL).toBe(1);
    await expect.poll(async () => (await mine(page)).total, POLL).toBe(before.total + 1);
    expect((await mine(page)).byReason.other).toBe((before.byReason.other ?? 0) + 1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('searches short answers as typed, marks one used, and logs another with reason 4 + Enter', async () => {
    const context = await newContext(VIEWPORTS[1]);
    const { page, errors } = await agentPage(context);
    const before = await mine(page);
    await page.keyboard.press('Alt+N');
    await page.keyboard.press('Alt+A');
    expect(await focusedId(page)).toBe('rc-answer-q');
    await page.keyboard.type('pensioni');
    await expect.poll(() => page.locator('.rc-answer-item').first().textContent(), POLL).toMatch(/Domanda di pensione di vecchiaia/);
    expect(await page.locator('.rc-answer-item').count()).toBe(2); // "pensione" stemmed, best match first
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('answer-body').textContent(), POLL).toMatch(/estratto conto contributivo/);
    await expectAccessible(page, 'short answers (desktop)');
    await shoot(page, 'reception-answers-desktop');
    await page.getByRole('button', { name: 'Risposta data: registra il contatto' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Contatto registrato: Risposta breve' }).count(), POLL).toBe(1);

    // The next caller: an answer opened, then the log in two keystrokes (4, Enter).
    await page.keyboard.press('Alt+A');
    await page.keyboard.type('naspi');
    await expect.poll(() => page.locator('.rc-answer-item').first().textContent(), POLL).toMatch(/NASpI/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('answer-body').textContent(), POLL).toMatch(/primo pagamento/);
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('4');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await mine(page)).total, POLL).toBe(before.total + 2);
    const day = await mine(page);
    expect(day.byReason.short_answer).toBe((before.byReason.short_answer ?? 0) + 2);
    expect(day.answers.map((a) => a.title).sort()).toEqual(['Domanda di pensione di vecchiaia', 'NASpI: quando arriva il pagamento']);
    await expect.poll(() => page.locator('#rc-summary-title + p').textContent(), POLL).toMatch(new RegExp(`^${day.total} chiamate`));
    await shoot(page, 'reception-logged-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const vp of VIEWPORTS) {
    it(`works on a ${vp.name} in Italian and English`, async () => {
      for (const lang of ['it', 'en'] as const) {
        const context = await newContext(vp, lang);
        const { page, errors } = await agentPage(context);
        expect(await h1(page).textContent()).toBe(lang === 'it' ? 'Console di accoglienza' : 'Reception console');
        await expectAccessible(page, `console (${vp.name}, ${lang})`);
        await shoot(page, `reception-console-${vp.name}-${lang}`);
        await page.keyboard.type(taxCode({ phone: { it: 'PHN', en: 'SMT' }, desktop: { it: 'DSK', en: 'DNG' } }[vp.name][lang]));
        await page.keyboard.press('Tab');
        await page.keyboard.type(lang === 'it' ? 'Paolo Neri' : 'John Smith');
        await page.keyboard.press('Tab');
        await page.keyboard.type('340 123 4567');
        await page.keyboard.press('Enter');
        await page.keyboard.press('3');
        await page.keyboard.press('Alt+I');
        await page.keyboard.press('Enter');
        await expect.poll(() => page.getByTestId('booking-code').textContent(), { timeout: 15_000 }).toMatch(/^BG01-1-/);
        await expectAccessible(page, `booked (${vp.name}, ${lang})`);
        await shoot(page, `reception-booked-${vp.name}-${lang}`);
        await page.keyboard.press('Enter'); // "booked" is proposed: Enter alone logs it
        await expect.poll(() => page.getByRole('status').filter({ hasText: lang === 'it' ? 'Contatto registrato' : 'Contact logged' }).count(), POLL).toBe(1);
        expect(errors).toEqual([]);
        await context.close();
      }
    });
  }
});

describe('short answers for the URP', () => {
  it('lists, creates, edits (409 when changed meanwhile), shows the history and retires', async () => {
    const context = await newContext(VIEWPORTS[1]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/reception/risposte`);
    await expect.poll(() => h1(page).textContent(), POLL).toMatch(/Accesso del personale/);
    await page.getByLabel('Nome utente').fill('urp.bg');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await expect.poll(() => h1(page).textContent(), POLL).toBe('Risposte brevi');
    await expect.poll(() => page.locator('.rc-admin-item').count(), POLL).toBeGreaterThanOrEqual(3);

    await page.getByRole('button', { name: 'Nuova risposta' }).click();
    await page.getByLabel('Titolo').fill('Certificazione Unica');
    await page.getByLabel('Testo da leggere').fill('La Certificazione Unica si scarica dal sito INPS con SPID dal 16 marzo.');
    await page.getByLabel('Parole chiave').fill('CU, certificazione');
    await expectAccessible(page, 'short answers, new (desktop)');
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), POLL).toBe('Risposta creata.');
    await shoot(page, 'reception-answers-admin-desktop');

    // Someone else edits it meanwhile: saving says so and offers to reload.
    const created = (await api(urpCookie, 'GET', '/api/staff/answers?q=certificazione')).body.items[0];
    await page.getByRole('button', { name: 'Modifica: Certificazione Unica' }).click();
    expect((await api(urpCookie, 'PATCH', `/api/staff/answers/${created.id}`, { version: 1, body: 'Testo cambiato da un collega.' })).status).toBe(200);
    await page.getByLabel('Titolo').fill('Certificazione Unica (CU)');
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent(), POLL).toMatch(/modificato questa risposta nel frattempo/);
    await page.getByRole('button', { name: 'Ricarica la versione attuale' }).click();
    await expect.poll(() => page.getByLabel('Testo da leggere').inputValue(), POLL).toBe('Testo cambiato da un collega.');
    await page.getByLabel('Titolo').fill('Certificazione Unica (CU)');
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), POLL).toBe('Risposta salvata.');

    await page.getByRole('button', { name: 'Storia: Certificazione Unica (CU)' }).click();
    await expect.poll(() => page.locator('.rc-history li').count(), POLL).toBe(3);
    await expectAccessible(page, 'short answers, history (desktop)');

    await page.getByRole('button', { name: 'Modifica: Certificazione Unica (CU)' }).click();
    await page.getByRole('button', { name: 'Ritira' }).click();
    await page.getByRole('button', { name: 'Conferma: ritira la risposta' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), POLL).toMatch(/Risposta ritirata/);
    expect((await api(agentCookie, 'GET', '/api/staff/answers?q=certificazione')).body.items).toEqual([]);
    expect(errors.filter((e) => !/409/.test(e))).toEqual([]);
    await context.close();
  });
});
