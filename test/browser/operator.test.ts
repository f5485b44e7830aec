// The operator console in a real Chromium against the real server (fresh database, a test
// office with bookings today, the simulated telephony): an operator signs in, signs on to
// the desk, sees the agenda, calls, checks identity (wrong then right PIN), hangs up,
// records "resolved"; then a citizen who does not answer (retry, then closed as no answer);
// then repeated failed checks that flag the booking — and the URP sees the flag. Every step
// shows in the booking's history on screen. axe-core on every screen, screenshots in
// test-results/screenshots/operator-*.png, on a desktop and a phone screen.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { WEB_ROOT } from '../support/server.js';
import { bookToday, setTelephony, staffClient, startCallsServer, todayAt, type CallsServer } from '../integration/calls-support.js';
import { expectAccessible, h1, launchChromium, shoot, useServerClock, VIEWPORTS, watchErrors } from './support.js';

const PASSWORD = 'operatore-di-prova-2026';
let server: CallsServer;
let browser: Browser;
let bookings: Awaited<ReturnType<typeof bookToday>>;

beforeAll(async () => {
  server = await startCallsServer(testDatabases[0]!, { webRoot: WEB_ROOT });
  browser = await launchChromium();
  await staffClient(server, 'op.browser', [{ role: 'desk_operator', scope: { kind: 'office', code: 'TT01' } }], PASSWORD);
  await staffClient(server, 'urp.browser', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'TT' } }], PASSWORD);
  bookings = await bookToday(server, 5);
  // The fourth is a video appointment (marked on the agenda).
  await server.db.query("UPDATE booking SET channel = 'video' WHERE id = $1", [bookings[3]!.id]);
  await setTelephony(server, 'simulated', { odds: { answer: 1 }, ringAfterMs: 300, resultAfterMs: 700 }, { maxAttempts: 2, retryDelayMinutes: 3, retryWindowMinutes: 30 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/operatore`);
  await expect.poll(() => h1(page).textContent()).toMatch(/Accesso del personale/);
  await page.getByLabel('Nome utente').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
}

const panel = (page: Page) => page.locator('section[aria-labelledby="op-call"]');
const history = (page: Page) => panel(page).getByTestId('history');

/** The booking open in the call panel (waiting until it is none of `not`). */
async function shown(page: Page, ...not: string[]) {
  let found: (typeof bookings)[number] | undefined;
  await expect
    .poll(async () => {
      const text = (await panel(page).getByRole('heading', { level: 2 }).textContent().catch(() => '')) ?? '';
      found = bookings.find((b) => text.includes(b.code) && !not.includes(b.code));
      return !!found;
    })
    .toBe(true);
  return found!;
}

describe('operator console', () => {
  it('signs in, signs on, calls, checks identity, records outcomes; the URP sees the flag', async () => {
    const context = await useServerClock(await browser.newContext({ viewport: VIEWPORTS[1].viewport, locale: 'it-IT', bypassCSP: true }), () => server.clock.now); // axe is injected inline
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, 'op.browser');
    await expect.poll(() => h1(page).textContent()).toBe('La mia agenda di oggi');
    await expectAccessible(page, 'operator console before duty');
    await shoot(page, 'operator-1-signed-in');

    // Sign on with the extension: today's five bookings arrive.
    await page.getByLabel(/Il tuo interno telefonico/).fill('201');
    await page.getByRole('button', { name: 'Entra in servizio' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(5);
    await expect.poll(() => page.getByTestId('video-badge').count()).toBe(1);
    // 09:00: too early to call the 10:00 booking (from 09:58, the slot start less the margin).
    await expect.poll(() => panel(page).getByTestId('call-window').textContent()).toMatch(/Puoi chiamare dalle 09:58/);
    expect(await panel(page).getByRole('button', { name: 'Chiama', exact: true }).isDisabled()).toBe(true);
    await shoot(page, 'operator-2a-too-early');
    server.clock.now = todayAt(10);
    await page.reload();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(5);
    await expect.poll(() => page.getByText('in servizio, interno 201, telefonia simulata').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Aggiornamenti in tempo reale attivi.').isVisible()).toBe(true);
    await expectAccessible(page, 'operator agenda');
    await shoot(page, 'operator-2-agenda');

    // 1. Answered: call, identity (wrong PIN, then right), hang up, resolved.
    const first = await shown(page);
    await expect.poll(() => panel(page).getByRole('button', { name: 'Chiama', exact: true }).isDisabled()).toBe(false);
    expect(await panel(page).getByTestId('identity-when').textContent()).toMatch(/durante la chiamata/);
    await panel(page).getByRole('button', { name: 'Chiama', exact: true }).click();
    await expect.poll(() => panel(page).getByTestId('call-state').textContent(), { timeout: 10_000 }).toMatch(/In conversazione/);
    const cf = panel(page).getByLabel('Codice fiscale detto dal cittadino');
    await cf.fill(first.taxCode);
    expect(await cf.getAttribute('type')).toBe('password');
    expect(await panel(page).getByTestId('masked-cf').textContent()).toMatch(/^[A-Z]{3}•+[A-Z0-9]{2}$/);
    await panel(page).getByLabel('PIN letto dal cittadino').fill(first.pin === '000000' ? '111111' : '000000');
    await panel(page).getByRole('button', { name: 'Verifica' }).click();
    await expect.poll(() => panel(page).getByTestId('identity-result').textContent()).toMatch(/PIN errato: restano 4 tentativi/);
    await panel(page).getByLabel('PIN letto dal cittadino').fill(first.pin);
    await panel(page).getByRole('button', { name: 'Verifica' }).click();
    await expect.poll(() => panel(page).getByTestId('identity-result').textContent()).toBe('Identità verificata.');
    // The PIN is nowhere in the page (the app's markup only: axe-core's injected source, in the head,
    // holds six-digit runs of its own) and no field keeps it.
    expect(await page.locator('#root').innerHTML()).not.toContain(first.pin);
    expect(await page.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).not.toContain(first.pin);
    await expectAccessible(page, 'operator call in progress');
    await shoot(page, 'operator-3-in-call');
    await panel(page).getByRole('button', { name: 'Riaggancia' }).click();
    await expect.poll(() => panel(page).getByTestId('call-state').textContent()).toMatch(/Chiamata terminata/);
    // The citizen answered: "no answer" is not on offer.
    expect(await panel(page).getByLabel('Nessuna risposta').isDisabled()).toBe(true);
    await panel(page).getByLabel('Risolta').check({ force: true });
    await panel(page).getByLabel('Note (facoltative)').fill('Spiegata la NASpI.');
    await panel(page).getByRole('button', { name: "Registra l'esito" }).click();
    await expect.poll(() => history(page).textContent()).toMatch(/esito: risolta/);
    const steps = (await history(page).textContent()) ?? '';
    for (const s of ['prenotata', 'assegnata', 'chiamata avviata', 'squilla', 'risposta', 'verifica dell\'identità non riuscita', 'identità verificata', 'chiamata terminata', 'esito: risolta']) {
      expect(steps, s).toContain(s);
    }
    await shoot(page, 'operator-4-resolved');

    // 2. No answer: a retry 3 minutes later, then (2 attempts at most here) closed as no answer.
    await setTelephony(server, 'simulated', { odds: { noAnswer: 1 }, ringAfterMs: 200, resultAfterMs: 500 }, { maxAttempts: 2, retryDelayMinutes: 3, retryWindowMinutes: 30 });
    await page.getByRole('button', { name: /Apri la prenotazione di Cittadino/ }).nth(1).click();
    const second = await shown(page, first.code);
    for (let attempt = 1; attempt <= 2; attempt++) {
      await panel(page).getByRole('button', { name: 'Chiama', exact: true }).click();
      await expect.poll(() => panel(page).textContent()).toMatch(attempt === 1 ? /1 chiamata fatta/ : /2 chiamate fatte/);
      await expect.poll(() => panel(page).getByTestId('call-state').textContent(), { timeout: 10_000 }).toMatch(/Chiamata non riuscita \(nessuna risposta\)/);
      // Nobody answered: "resolved" is not on offer.
      expect(await panel(page).getByLabel('Risolta').isDisabled()).toBe(true);
      await panel(page).getByLabel('Nessuna risposta').check({ force: true });
      await panel(page).getByRole('button', { name: "Registra l'esito" }).click();
      if (attempt === 1) {
        await expect.poll(() => panel(page).getByTestId('outcome-message').textContent()).toMatch(/Nuovo tentativo alle/);
        await shoot(page, 'operator-5-retry');
        server.clock.now += 3 * 60_000;
      }
    }
    await expect.poll(() => panel(page).textContent()).toMatch(/Conclusa: Nessuna risposta/);
    // The history reloads after the outcome is shown: wait for it rather than read it once.
    await expect.poll(() => history(page).textContent()).toMatch(/esito: nessuna risposta/);
    expect((await history(page).textContent()) ?? '').toContain('nuovo tentativo programmato');

    // 3. Three failed checks during a call: the booking is flagged for the URP.
    await setTelephony(server, 'simulated', { odds: { answer: 1 }, ringAfterMs: 200, resultAfterMs: 500 }, { maxAttempts: 2, retryDelayMinutes: 3, retryWindowMinutes: 30 });
    server.clock.now = todayAt(10, 10);
    await page.reload();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(5);
    await page.locator('tbody tr', { hasNot: page.getByTestId('video-badge') }).nth(2).getByRole('button').click();
    const third = await shown(page, first.code, second.code);
    await panel(page).getByRole('button', { name: 'Chiama', exact: true }).click();
    await expect.poll(() => panel(page).getByTestId('call-state').textContent(), { timeout: 10_000 }).toMatch(/In conversazione/);
    for (let i = 0; i < 3; i++) {
      await panel(page).getByLabel('Codice fiscale detto dal cittadino').fill(third.taxCode);
      await panel(page).getByLabel('PIN letto dal cittadino').fill(third.pin === '999999' ? '999998' : '999999');
      await panel(page).getByRole('button', { name: 'Verifica' }).click();
      await expect.poll(() => history(page).textContent()).toMatch(new RegExp(`(verifica dell'identità non riuscita[^]*){${i + 1}}`));
    }
    await expect.poll(() => panel(page).getByTestId('identity-result').textContent()).toMatch(/segnalata all'URP/);
    await shoot(page, 'operator-6-flagged');

    // The URP signs in and sees the flag.
    await page.getByRole('button', { name: 'Esci', exact: true }).click();
    await signIn(page, 'urp.browser');
    await expect.poll(() => h1(page).textContent()).toBe("Segnalazioni all'URP");
    await expect.poll(() => page.locator('tbody').textContent()).toContain(third.code);
    expect(await page.locator('tbody').textContent()).toContain('3 verifiche dell\'identità fallite');
    await expectAccessible(page, 'URP flags');
    await shoot(page, 'operator-7-urp-flags');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works on a phone screen', async () => {
    const phone = VIEWPORTS[0];
    const context = await useServerClock(await browser.newContext({ viewport: phone.viewport, isMobile: phone.isMobile, hasTouch: phone.hasTouch, locale: 'it-IT', bypassCSP: true }), () => server.clock.now); // axe is injected inline
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, 'op.browser');
    await expect.poll(() => h1(page).textContent()).toBe('La mia agenda di oggi');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(5);
    await expectAccessible(page, 'operator console on a phone');
    await shoot(page, 'operator-8-phone');

    // Manual mode: the operator dials; nothing claims their phone rings first.
    await setTelephony(server, 'manual', {}, { maxAttempts: 2, retryDelayMinutes: 3, retryWindowMinutes: 30 });
    server.clock.now = todayAt(10, 12);
    await page.reload();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(5);
    await page.locator('tbody tr', { has: page.getByTestId('video-badge') }).getByRole('button').click();
    const video = await shown(page, bookings[0]!.code, bookings[1]!.code, bookings[2]!.code, bookings[4]!.code);
    expect(video.code).toBe(bookings[3]!.code);
    expect(await panel(page).getByRole('button', { name: 'Chiamo da un altro telefono' }).count()).toBe(0);
    await panel(page).getByRole('button', { name: 'Chiama', exact: true }).click();
    await expect.poll(() => panel(page).getByTestId('call-state').textContent()).toMatch(/Componi il numero dal tuo telefono/);
    expect(await page.content()).not.toMatch(/squilla prima il tuo telefono/);
    await panel(page).getByRole('button', { name: 'Ha risposto', exact: true }).click();
    await expect.poll(() => panel(page).getByTestId('call-state').textContent()).toMatch(/In conversazione/);
    await panel(page).getByLabel('Codice fiscale detto dal cittadino').fill(video.taxCode);
    await panel(page).getByLabel('PIN letto dal cittadino').fill(video.pin);
    await panel(page).getByRole('button', { name: 'Verifica' }).click();
    await expect.poll(() => panel(page).getByTestId('identity-result').textContent()).toBe('Identità verificata.');
    await panel(page).getByRole('button', { name: 'Riaggancia' }).click();
    await expect.poll(() => panel(page).getByTestId('call-state').textContent()).toMatch(/Chiamata terminata/);
    // Documents: ticked from the desk's list.
    await panel(page).getByLabel('Servono documenti').check({ force: true });
    expect(await panel(page).getByRole('button', { name: "Registra l'esito" }).isDisabled()).toBe(true);
    await panel(page).getByLabel('Attestazione ISEE in corso di validità').check({ force: true });
    await expectAccessible(page, 'operator documents on a phone');
    await shoot(page, 'operator-9-documents-phone');
    await panel(page).getByRole('button', { name: "Registra l'esito" }).click();
    await expect.poll(() => history(page).textContent()).toMatch(/esito: servono documenti/);

    // Second level, without the PIN: a reason, then a free slot of the desk (never a typed time).
    await server.db.query('UPDATE desk SET max_active_per_person = 2 WHERE id = $1', [server.deskId]);
    server.clock.now = todayAt(10, 20);
    await page.reload();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(5);
    await page.getByRole('button', { name: /Apri la prenotazione di Cittadino/ }).nth(4).click();
    await shown(page, bookings[0]!.code, bookings[1]!.code, bookings[2]!.code, bookings[3]!.code);
    await panel(page).getByRole('button', { name: 'Chiama', exact: true }).click();
    await panel(page).getByRole('button', { name: 'Ha risposto', exact: true }).click();
    await expect.poll(() => panel(page).getByTestId('call-state').textContent()).toMatch(/In conversazione/);
    await panel(page).getByRole('button', { name: 'Riaggancia' }).click();
    await expect.poll(() => panel(page).getByTestId('call-state').textContent()).toMatch(/Chiamata terminata/);
    await panel(page).getByLabel("Serve un appuntamento di secondo livello").check({ force: true });
    await expect.poll(() => panel(page).getByTestId('identity-waiver').textContent()).toMatch(/non è stata verificata/);
    await panel(page).getByLabel('Motivo della mancata verifica').selectOption('pin_lost');
    const slot = panel(page).locator('fieldset', { hasText: "Fascia dell'appuntamento" }).getByRole('radio').first();
    await expect.poll(() => slot.count()).toBe(1);
    await slot.check({ force: true });
    expect(await panel(page).locator('input[type="datetime-local"]').count()).toBe(0);
    await expectAccessible(page, 'operator second level on a phone');
    await shoot(page, 'operator-10-second-level-phone');
    await panel(page).getByRole('button', { name: "Registra l'esito" }).click();
    await expect.poll(() => history(page).textContent()).toMatch(/esito: secondo livello/);
    await expect.poll(() => history(page).textContent()).toMatch(/identità non verificata \(Il cittadino non ha il PIN\)/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
