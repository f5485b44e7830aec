// Issue 21, the citizen's edges, in a real Chromium on a phone and a desktop screen, by
// accessible names only: any Lombard town finds its competent office, a need leads to its desk,
// with an axe-core scan and screenshots of every new page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotificationWorker } from '../../src/notifications/settings.js';
import type { NotificationWorker } from '../../src/notifications/worker.js';
import { loadConfig } from '../../src/platform/config.js';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { holdHeaders } from '../support/challenge.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createStaff, sessionCookie } from '../integration/identity-support.js';
import { deskOf, expectAccessible, h1, launchChromium, shoot, taxCode, useServerClock, VIEWPORTS, watchErrors } from './support.js';

let server: TestServer;
let browser: Browser;
let worker: NotificationWorker;

beforeAll(async () => {
  // Every context here comes from 127.0.0.1 and holds places and books: the live-hold limits and the
  // per-address confirmation rate are off (hold-challenge.test.ts and booking-identity prove them).
  const identity = defaultIdentitySettings();
  server = await startTestServer({
    fairAccess: { perAddress: 0, perSession: 0, ratePerMinute: 0, challengesPerMinute: 0 },
    identity: { ...identity, rateLimits: { ...identity.rateLimits, booking: { max: 0, timeWindow: 60_000 } } },
  });
  // The embedded demo: no channel configured, so messages go to the demo outbox.
  worker = await startNotificationWorker(server.db, loadConfig({ NOTIFY_POLL_MS: '200' }), undefined, { now: server.now });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await server?.close();
});

async function api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const r = await fetch(`${server.url}${path}`, {
    method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Books the first free place of Mantova's first desk through the API, with phone and e-mail. */
async function bookThroughApi(tax: string, n: number): Promise<string> {
  const offices = await api('GET', '/api/offices?province=MN');
  const deskId = (await api('GET', `/api/offices/${offices.body.items[0].id}`)).body.desks[0].id as string;
  const first = await api('GET', `/api/desks/${deskId}/first-available?channel=phone`);
  const hold = await api('POST', `/api/desks/${deskId}/holds`, { start: first.body.slot.start, channel: 'phone' }, await holdHeaders(server.url, deskId));
  const booked = await api('POST', '/api/bookings', {
    hold: { id: hold.body.holdId, token: hold.body.holdToken }, taxCode: tax, fullName: 'Anna Verdi', phone: `+39 347 ${String(7000000 + n)}`,
    email: `anna.verdi${n}@example.it`, channel: 'phone', language: 'it', consent: true,
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return booked.body.booking.code as string;
}

for (const device of VIEWPORTS) {
  describe(`the citizen's way in on a ${device.name}`, () => {
    let context: BrowserContext;
    let page: Page;
    let errors: string[];
    const shot = (name: string) => shoot(page, `citizen-${device.name}-${name}`);

    beforeAll(async () => {
      context = await useServerClock(await browser.newContext({
        viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch, bypassCSP: true, locale: 'it-IT', timezoneId: 'Europe/Rome',
      }), server.now);
      page = await context.newPage();
      errors = watchErrors(page);
    });
    afterAll(async () => context?.close());

    it('finds the competent office of a town without one, from the home page and the province page', async () => {
      await page.goto(`${server.url}/`);
      await page.getByRole('searchbox', { name: 'Il tuo comune' }).fill('Cernobbio');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'comune trovato' }).textContent()).toBe('1 comune trovato');
      const result = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Cernobbio (Como)' }) });
      await expect.poll(() => result.textContent()).toContain('Sede competente: Como');
      await expectAccessible(page, 'home: town found');
      await shot('1-home-town');

      await result.getByRole('link', { name: 'Tutte le sedi della provincia di Como' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Sedi della provincia di Como');
      await expect.poll(() => page.getByRole('searchbox', { name: 'Cerca per comune o nome della sede' }).inputValue()).toBe('Cernobbio');
      // The province's own example, not Legnano everywhere.
      await expect.poll(() => page.getByText(/^Ad esempio: /).first().textContent()).toBe('Ad esempio: Cucciago');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'sedi' }).textContent()).toBe('3 sedi');
      const first = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) }).first();
      await expect.poll(() => first.getByRole('heading').textContent()).toBe('Como');
      await expect.poll(() => first.textContent()).toContain('Sede competente per Cernobbio');

      await page.getByRole('searchbox', { name: 'Cerca per comune o nome della sede' }).fill('Menaggio');
      await expect.poll(() => first.textContent()).toContain('Sede competente per Menaggio');
      await expectAccessible(page, 'province: competent office');
      await shot('2-province-town');
      expect(errors).toEqual([]);
    });

    it('has the public-sector footer: accessibility statement with its feedback link, privacy, legal notes, contacts (Italian and English)', async () => {
      await page.goto(`${server.url}/`);
      const footer = page.getByRole('navigation', { name: 'Collegamenti del piè di pagina' });
      await footer.getByRole('link', { name: 'Dichiarazione di accessibilità' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Dichiarazione di accessibilità');
      await expect.poll(() => page.getByRole('heading', { name: 'Meccanismo di feedback e recapiti' }).count()).toBe(1);
      await expectAccessible(page, 'accessibility statement');
      await shot('6-accessibility');
      await page.getByRole('link', { name: 'Segnala un problema di accessibilità' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Contatti');
      const lines = page.getByRole('list', { name: 'Numeri di accoglienza per provincia' }).getByRole('listitem');
      await expect.poll(() => lines.count()).toBe(12);
      for (const text of await lines.allTextContents()) expect(text).toMatch(/Numero di accoglienza: \+39/);
      await expectAccessible(page, 'contacts');
      for (const [link, title] of [['Informativa privacy', 'Informativa sul trattamento dei dati personali'], ['Note legali', 'Note legali']] as const) {
        await footer.getByRole('link', { name: link }).click();
        await expect.poll(() => h1(page).textContent()).toBe(title);
        await expectAccessible(page, title);
      }
      await footer.getByRole('link', { name: 'Dichiarazione di accessibilità' }).click();
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Accessibility statement');
      await expectAccessible(page, 'accessibility statement (English)');
      await shot('7-accessibility-en');
      await page.getByRole('button', { name: 'Italiano' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Dichiarazione di accessibilità');
      expect(errors).toEqual([]);
    });

    it('gives more time once while the place is held (WCAG 2.2.1)', async () => {
      const offices = await api('GET', '/api/offices?province=PV');
      const deskId = (await api('GET', `/api/offices/${offices.body.items[0].id}`)).body.desks[device.name === 'phone' ? 0 : 1].id as string;
      await page.goto(`${server.url}/prenota?sportello=${deskId}`);
      await expect.poll(() => h1(page).textContent()).toBe('Come vuoi essere contattato?');
      await page.getByRole('button', { name: 'Continua' }).click();
      await page.getByRole('button', { name: 'Prenota il primo orario libero' }).click();
      const timer = page.getByRole('timer');
      await expect.poll(() => timer.count(), { timeout: 30_000 }).toBe(1);
      const seconds = async () => {
        const [m, s2] = ((await timer.textContent()) ?? '0:0').split(':').map(Number);
        return m! * 60 + s2!;
      };
      const before = await seconds();
      await page.getByRole('button', { name: /^Mi serve più tempo/ }).click();
      await expect.poll(seconds).toBeGreaterThan(before + 9 * 60);
      await expect.poll(() => page.getByTestId('hold-announcer').textContent()).toMatch(/^Ti abbiamo dato 10 minuti in più: tempo rimasto \d+ minuti( e \d+ second[oi])?\.$/);
      expect(await page.getByRole('button', { name: /^Mi serve più tempo/ }).count()).toBe(0);
      await expectAccessible(page, 'hold extended');
      await shot('8-hold-extended');
      expect(errors).toEqual([]);
    });

    /**
     * The refusals at the personal-data and summary steps: Italian on the phone, English (at the
     * /en addresses) on the desktop, by the accessible names of each language.
     */
    const T = device.name === 'phone'
      ? {
        prefix: '', channel: 'Come vuoi essere contattato?', go: 'Continua', first: 'Prenota il primo orario libero', name: 'Nome e cognome',
        tax: 'Codice fiscale', phone: 'Numero di telefono', consent: /Ho letto l'informativa/, next: 'Continua: controlla e conferma',
        person: 'I tuoi dati', summary: 'Controlla e conferma', confirm: 'Conferma la prenotazione', retry: 'Riprova a confermare',
        already: 'Risulta già una prenotazione attiva a questo sportello', manage: 'Vedi, sposta o annulla la prenotazione che hai già',
        released: 'Questo orario non è più riservato per te', back: 'Scegli di nuovo un orario', slots: 'Scegli giorno e ora', edit: /^Modifica/,
      }
      : {
        prefix: '/en', channel: 'How would you like to be contacted?', go: 'Continue', first: 'Book the first free time', name: 'Full name',
        tax: 'Tax code (codice fiscale)', phone: 'Phone number', consent: /I have read the privacy notice/, next: 'Continue: check and confirm',
        person: 'Your details', summary: 'Check and confirm', confirm: 'Confirm the booking', retry: 'Try confirming again',
        already: 'There is already an active booking at this desk', manage: 'See, move or cancel the booking you already have',
        released: 'This time is no longer held for you', back: 'Choose a time again', slots: 'Choose a day and time', edit: /^Change/,
      };

    /** From the desk's booking address to the personal-data step, on Mantova's first desk; fills the form. */
    async function fillPersonStep(tax: string, phone: string): Promise<void> {
      const offices = await api('GET', '/api/offices?province=MN');
      const deskId = (await api('GET', `/api/offices/${offices.body.items[0].id}`)).body.desks[0].id as string;
      await page.goto(`${server.url}${T.prefix}/prenota?sportello=${deskId}`);
      await expect.poll(() => h1(page).textContent()).toBe(T.channel);
      await page.getByRole('button', { name: T.go, exact: true }).click();
      await page.getByRole('button', { name: T.first }).click();
      await expect.poll(() => page.getByLabel(T.name).count(), { timeout: 30_000 }).toBe(1);
      await page.getByLabel(T.tax).fill(tax);
      await page.getByLabel(T.name).fill('Anna Verdi');
      await page.getByLabel(T.phone).fill(phone);
      await page.getByLabel(T.consent).check();
      await page.getByRole('button', { name: T.next }).click();
    }

    it('says "already booked at this desk" before the last step, and the place goes back', async () => {
      const tax = taxCode(device.name === 'phone' ? 'GPH' : 'GDS');
      await bookThroughApi(tax, device.name === 'phone' ? 13 : 14);
      await fillPersonStep(tax, `+39 347 ${String(7100000 + (device.name === 'phone' ? 13 : 14))}`);
      // Still the personal-data step: the confirmation's own answer, naming nothing.
      const problem = page.getByRole('alert').filter({ hasText: T.already });
      await expect.poll(() => problem.count()).toBe(1);
      expect(await h1(page).textContent()).toBe(T.person);
      await expect.poll(() => problem.getByRole('link', { name: T.manage }).count()).toBe(1);
      // The place went back: no countdown, no way on with this hold, a way back to the times.
      expect(await page.getByRole('timer').count()).toBe(0);
      expect(await page.getByTestId('hold-released').textContent()).toContain(T.released);
      expect(await page.getByRole('button', { name: T.next }).count()).toBe(0);
      await expectAccessible(page, 'person step: already booked');
      await shot('9-already-booked');
      await page.getByRole('button', { name: T.back }).click();
      await expect.poll(() => h1(page).textContent()).toBe(T.slots);
      expect(new URL(page.url()).pathname.startsWith(`${T.prefix}/prenota`)).toBe(true);
      expect(errors).toEqual([]);
    });

    it('does not offer to confirm again when the answer can only be the same (too many bookings on one phone)', async () => {
      // Three active web bookings on one phone number (the demo's limit), then a fourth person with it.
      const n = device.name === 'phone' ? 15 : 16;
      const d = device.name === 'phone' ? 'P' : 'D';
      for (const who of ['CB', 'CD', 'CF']) await bookThroughApi(taxCode(`${who}${d}`), n);
      await fillPersonStep(taxCode(`CX${d}`), `+39 347 ${String(7000000 + n)}`);
      await expect.poll(() => h1(page).textContent()).toBe(T.summary);
      await page.getByRole('button', { name: T.confirm }).click();
      const problem = page.locator('.problem-alert');
      await expect.poll(() => problem.count()).toBe(1);
      expect(await problem.getAttribute('role')).toBe('alert');
      // Neither "confirm" nor "retry": the same request would be refused again.
      expect(await page.getByRole('button', { name: T.confirm, exact: true }).count()).toBe(0);
      expect(await page.getByRole('button', { name: T.retry, exact: true }).count()).toBe(0);
      // The refusal released the hold: no countdown claims the place is still held.
      expect(await page.getByRole('timer').count()).toBe(0);
      expect(await page.getByTestId('hold-released').textContent()).toContain(T.released);
      // The place was released: no "Modifica" back into it; "Scegli di nuovo un orario" keeps the details.
      expect(await page.getByRole('link', { name: T.edit }).count()).toBe(0);
      await expectAccessible(page, 'summary: contact limit');
      await shot('9-contact-limit');
      await page.getByRole('button', { name: T.back }).click();
      await expect.poll(() => h1(page).textContent()).toBe(T.slots);
      expect(errors).toEqual([]);
    });

    it('suggests the nearest offices with a free place when a desk is full, beside the waiting list', async () => {
      // Sondrio's or Luino's benefits desk: every ordinary place kept for priority citizens, so nothing is free.
      const [province, office, nearest] = device.name === 'phone' ? ['SO', /^Sondrio$/, 'Clusone'] : ['VA', /^Luino$/, 'Varese'];
      const deskId = await deskOf(server.url, province, office, 1);
      await server.db.query('UPDATE desk SET priority_percent = 100, priority_release_hours = 0 WHERE id = $1', [deskId]);
      server.calendarChanged(deskId);
      await expect
        .poll(async () => (await api<{ slot: unknown }>('GET', `/api/desks/${deskId}/first-available?channel=phone`)).body.slot, { timeout: 15_000, interval: 500 })
        .toBe(null);

      await page.goto(`${server.url}/prenota?sportello=${deskId}`);
      await expect.poll(() => h1(page).textContent()).toBe('Come vuoi essere contattato?');
      await page.getByRole('button', { name: 'Continua' }).click();
      await expect.poll(() => page.getByTestId('waitlist-offer').count()).toBe(1);
      const nearby = page.getByRole('region', { name: 'Sedi vicine con posti liberi' });
      await expect.poll(() => nearby.getByRole('link').count()).toBe(3);
      const first = nearby.getByRole('listitem').first();
      expect(await first.getByRole('heading').textContent()).toBe(nearest);
      await expect.poll(() => first.textContent()).toMatch(/a \d+ kmPrimo posto libero: \S+ \d+ \S+, \d\d:\d\d/);
      await expectAccessible(page, 'flow: all full, nearby offices');
      await shot('9-nearby-offices');
      await page.getByRole('button', { name: 'English' }).click();
      const nearbyEn = page.getByRole('region', { name: 'Nearby offices with free places' });
      await expect.poll(() => nearbyEn.getByRole('listitem').first().textContent()).toMatch(new RegExp(`^${nearest}\\d+ km awayFirst free place: \\S+ \\d+ \\S+, \\d\\d:\\d\\dBook at ${nearest}$`));
      await expectAccessible(page, 'flow: all full, nearby offices (English)');
      await page.getByRole('button', { name: 'Italiano' }).click();

      await first.getByRole('link', { name: `Prenota a ${nearest}` }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Come vuoi essere contattato?');
      await page.getByRole('button', { name: 'Continua' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Scegli giorno e ora');
      await expect.poll(() => page.getByText(`sede di ${nearest}.`).count()).toBe(1);
      await expect.poll(() => page.getByTestId('first-available').count()).toBe(1);
      expect(await page.getByTestId('waitlist-offer').count()).toBe(0);
      expect(errors).toEqual([]);
    });

    it('starts from the need: "La mia pensione" leads to the pensions desk', async () => {
      await page.goto(`${server.url}/`);
      await page.getByRole('link', { name: 'La mia pensione' }).click();
      await page.getByRole('button', { name: /^Como/ }).click();
      await page.getByRole('searchbox', { name: 'Cerca per comune' }).fill('Cantù');
      await page.getByRole('button', { name: /^Cantù/ }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Scegli lo sportello');
      await expect.poll(() => page.getByRole('searchbox', { name: 'Di cosa hai bisogno?' }).inputValue()).toBe('pensione');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'richiesta' }).textContent()).toBe('Per la tua richiesta: Sportello assicurato-pensionato/conto');
      await page.getByRole('searchbox', { name: 'Di cosa hai bisogno?' }).fill('NASpI');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'richiesta' }).textContent()).toBe('Per la tua richiesta: Sportello prestazioni');
      await expectAccessible(page, 'desk step: need');
      await shot('3-desk-need');
      expect(errors).toEqual([]);
    });

    it('shows where the confirmation went and, in the demo, the messages themselves with the .ics', async () => {
      const tax = taxCode(device.name === 'phone' ? 'VRD' : 'NRE');
      const code = await bookThroughApi(tax, device.name === 'phone' ? 11 : 12);
      await page.goto(`${server.url}/prenotazione`);
      await page.getByLabel('Codice di prenotazione').fill(code);
      await page.getByLabel('Codice fiscale').fill(tax);
      await page.getByRole('button', { name: 'Cerca la prenotazione' }).click();
      const messages = page.getByRole('region', { name: 'Messaggi di conferma' });
      await expect.poll(() => messages.textContent(), { timeout: 20_000 }).toContain(`E-mail a a•••@example.it: inviato`);
      await expect.poll(() => messages.textContent()).toContain('(solo nella casella dimostrativa)');
      await expectAccessible(page, 'manage: messages');
      await messages.getByRole('link', { name: 'Apri la casella dimostrativa' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Casella dimostrativa');
      const email = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'E-mail — Conferma della prenotazione' }) });
      await expect.poll(() => email.textContent()).toContain(code);
      await expect.poll(() => email.getByRole('link', { name: 'Scarica il file del calendario (.ics)' }).getAttribute('href')).toContain('BEGIN%3AVCALENDAR');
      await expect.poll(() => page.getByRole('heading', { name: 'SMS — Conferma della prenotazione' }).count()).toBe(1);
      await expectAccessible(page, 'demo outbox');
      await shot('4-demo-outbox');

      // "I lost my code": the same answer either way; the code goes to the booking's own contact.
      await page.goto(`${server.url}/prenotazione`);
      await page.getByRole('button', { name: "Cerca un'altra prenotazione" }).click();
      await page.getByRole('button', { name: 'Rimandami i codici delle mie prenotazioni' }).click();
      const lost = page.getByRole('region', { name: 'Hai perso il codice?' });
      await lost.getByLabel('Codice fiscale').fill(tax.toLowerCase());
      await lost.getByLabel('Telefono o e-mail usati per prenotare').fill(`anna.verdi${device.name === 'phone' ? 11 : 12}@example.it`);
      await lost.getByRole('button', { name: 'Rimandami i codici', exact: true }).click();
      await expect.poll(() => lost.getByRole('status').textContent()).toContain('Se hai prenotazioni attive con questi dati');
      await expectAccessible(page, 'manage: lost code');
      await shot('5-lost-code');
      const resent = async () => (await server.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM demo_outbox_message o JOIN booking b ON b.id = o.booking_id WHERE b.code = $1 AND o.kind = 'booking_resent'", [code],
      )).rows[0]!.n;
      await expect.poll(resent, { timeout: 20_000 }).toBe(2);
      expect(errors).toEqual([]);
    });
  });
}

describe('the demo outbox for staff', () => {
  it('lists every message with its recipient, for a regional administrator', async () => {
    const userId = await createStaff(server.db, { username: 'outbox.admin', grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] });
    const { cookie } = await sessionCookie(server.db, defaultIdentitySettings(), { userId });
    const [name, value] = cookie.split('=') as [string, string];
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: 'it-IT' });
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/casella`);
    await expect.poll(() => h1(page).textContent()).toBe('Casella dimostrativa');
    await expect.poll(() => page.getByRole('article').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    await expect.poll(() => page.getByRole('article').first().textContent()).toMatch(/@example\.it|\+39347/);
    await expectAccessible(page, 'staff demo outbox');
    await shoot(page, 'citizen-staff-outbox');
    await context.close();
  });
});
