// Issue 16 §3: sixty confirmations with other people's tax codes from one address were all
// answered 201. Anonymous POST /api/bookings is now limited per client address
// (BOOKING_RATE_PER_MINUTE, 10 by default): the 11th in a minute is 429 problem+json with
// Retry-After, in Italian and English; another address is not affected; a retry of the same
// confirmation with its Idempotency-Key is counted once; staff and signed-in citizens are not
// counted; 0 turns it off. Addresses come from X-Forwarded-For through the loopback proxy
// (TRUST_PROXY=loopback), as behind the production proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identitySettingsFromConfig } from '../../src/auth/settings.js';
import { loadConfig } from '../../src/platform/config.js';
import { PROMPT_REFUSALS } from '../../src/booking/limit-per-address.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { createStaff, sessionCookie, startIdentityServer, testSettings, type IdentityTestServer } from './identity-support.js';

const DELAY_MS = 400;

describe.each(testDatabases)('confirmations per address on $name', (database) => {
  let s: IdentityTestServer;
  let deskId: string;
  let open: string[];
  let next = 0;
  let person = 500;

  beforeAll(async () => {
    const base = testSettings();
    // Holds are not what is measured here: their own limits (booking-fair-access.test.ts) are off.
    s = await startIdentityServer(database, testSettings({ rateLimits: { ...base.rateLimits, booking: { max: 10, timeWindow: 60_000 } } }), {
      fairAccess: { challenge: false, perAddress: 0, perSession: 0, ratePerMinute: 0, challengesPerMinute: 0, refusalDelayMs: DELAY_MS },
    });
    deskId = (await createTestDesk(s.db, { code: 'RL01', places: 1 })).deskId;
    const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const slots = await (await fetch(`${s.url}/api/desks/${deskId}/slots?from=${from}&to=${to}`)).json();
    open = slots.days.flatMap((d: any) => d.slots.filter((x: any) => x.state === 'open').map((x: any) => x.start));
    expect(open.length).toBeGreaterThan(100);
  });
  afterAll(async () => s.close());

  async function post(path: string, body: unknown, headers: Record<string, string>) {
    const r = await fetch(s.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: r.status, headers: r.headers, body: await r.json() };
  }

  /** A hold on a fresh slot and the confirmation body for a new person (own phone). */
  async function held(ip: string) {
    const hold = await post(`/api/desks/${deskId}/holds`, { start: open[next++], channel: 'phone' }, { 'x-forwarded-for': ip });
    expect(hold.status).toBe(201);
    const i = person++;
    return {
      hold: { id: hold.body.holdId, token: hold.body.holdToken }, taxCode: taxCodeFor(i), fullName: `Persona ${i}`,
      phone: `+39 347 ${String(2000000 + i).slice(-7)}`, channel: 'phone', language: 'it', consent: true,
    };
  }

  it('the 11th confirmation in a minute from one address is refused (429, Retry-After, it/en); another address is served', async () => {
    const ip = '198.51.100.10';
    for (let n = 0; n < 10; n++) expect((await post('/api/bookings', await held(ip), { 'x-forwarded-for': ip })).status).toBe(201);
    const body = await held(ip);
    const refused = await post('/api/bookings', body, { 'x-forwarded-for': ip });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.body.code).toBe('too_many_bookings');
    expect(refused.body.messages.it).toMatch(/^Troppe prenotazioni da questa connessione: riprova tra 1 minuto\.$/);
    // over its limit, the address is refused before its body is even read: a broken body is a 429 too, not a 400
    const flood = await fetch(`${s.url}/api/bookings`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: '{"broken' });
    expect([flood.status, ((await flood.json()) as { code: string }).code]).toEqual([429, 'too_many_bookings']);
    expect(refused.body.messages.en).toMatch(/^Too many bookings from this connection: try again in 1 minute\.$/);
    // Nothing was booked for the refused request.
    const n = await s.db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE tax_code = $1 AND status = 'booked'", [body.taxCode]);
    expect(n.rows[0]!.n).toBe(0);
    // Another address is not affected.
    expect((await post('/api/bookings', await held('198.51.100.11'), { 'x-forwarded-for': '198.51.100.11' })).status).toBe(201);
  });

  it('a retry with the same Idempotency-Key and body counts once; the same key with another body counts again', async () => {
    const ip = '198.51.100.20';
    const first = await held(ip);
    const key = 'retry-of-one-confirmation';
    for (let n = 0; n < 5; n++) {
      const r = await post('/api/bookings', first, { 'x-forwarded-for': ip, 'idempotency-key': key });
      expect([r.status, r.headers.get('idempotent-replayed')]).toEqual([201, n === 0 ? 'false' : 'true']);
    }
    // Five answers, one count: nine more confirmations fit in the minute.
    for (let n = 0; n < 9; n++) {
      expect((await post('/api/bookings', await held(ip), { 'x-forwarded-for': ip, 'idempotency-key': `other-${n}-confirmation` })).status).toBe(201);
    }
    // The first confirmation's retry is still answered (already counted)…
    const again = await post('/api/bookings', first, { 'x-forwarded-for': ip, 'idempotency-key': key });
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    // …but the key cannot carry another confirmation past the limit.
    const probe = await post('/api/bookings', await held(ip), { 'x-forwarded-for': ip, 'idempotency-key': key });
    expect([probe.status, probe.body.code]).toEqual([429, 'too_many_bookings']);
  });

  it('invalid confirmations use up the turns too: a flood of bad bytes is refused before it is read', async () => {
    const ip = '198.51.100.40';
    const bad = () => fetch(`${s.url}/api/bookings`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ hold: { id: crypto.randomUUID(), token: 'x'.repeat(43) }, fullName: 'A\u0000B' }) });
    const statuses: number[] = [];
    for (let n = 0; n < 12; n++) statuses.push((await bad()).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses.slice(11)).toEqual([429]);
  });

  it(`a script that goes on after ${PROMPT_REFUSALS} refusals waits ${DELAY_MS} ms for each next one; other addresses are answered meanwhile`, async () => {
    const ip = '198.51.100.50';
    const bad = () => fetch(`${s.url}/api/bookings`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: '{"broken' });
    // Over its limit: ten turns used up by broken bodies (400), then refused.
    let status = 400;
    for (let n = 0; n < 12 && status !== 429; n++) status = (await bad()).status;
    expect(status).toBe(429);
    const timed = async () => {
      const t0 = performance.now();
      const r = await bad();
      return { status: r.status, code: ((await r.json()) as { code: string }).code, retryAfter: Number(r.headers.get('retry-after')), ms: performance.now() - t0 };
    };
    // The block's first refusal was the one above: PROMPT_REFUSALS - 1 more at once, then each held.
    for (let n = 1; n < PROMPT_REFUSALS; n++) {
      const r = await timed();
      expect([r.status, r.code]).toEqual([429, 'too_many_bookings']);
      expect(r.ms).toBeLessThan(DELAY_MS);
    }
    const waiting = timed();
    let answered = false;
    void waiting.then(() => { answered = true; });
    // While its refusal waits, another address is served (a timer, not a busy server).
    const other = await post('/api/bookings', await held('198.51.100.51'), { 'x-forwarded-for': '198.51.100.51' });
    expect(other.status).toBe(201);
    expect(answered).toBe(false);
    const r = await waiting;
    expect([r.status, r.code]).toEqual([429, 'too_many_bookings']);
    expect(r.ms).toBeGreaterThanOrEqual(DELAY_MS - 5);
    expect(r.retryAfter).toBeGreaterThan(0);
    expect((await timed()).ms).toBeGreaterThanOrEqual(DELAY_MS - 5);
  });

  it('staff with a role and signed-in citizens are not counted', async () => {
    const ip = '198.51.100.30';
    const userId = await createStaff(s.db, { username: `rl.reception.${database.name}`, grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'BG' } }] });
    const staff = await sessionCookie(s.db, s.settings, { userId });
    for (let n = 0; n < 12; n++) {
      const r = await post('/api/bookings', await held(ip), { 'x-forwarded-for': ip, cookie: staff.cookie, 'x-csrf-token': staff.csrf });
      expect(r.status).toBe(201);
    }
    // The same address without the session: its own ten are still there.
    expect((await post('/api/bookings', await held(ip), { 'x-forwarded-for': ip })).status).toBe(201);
    // A citizen signed in with SPID/CIE books with their own tax code only: not counted either.
    const ipCitizen = '198.51.100.31';
    for (let n = 0; n < 11; n++) {
      const body = await held(ipCitizen);
      const citizen = await sessionCookie(s.db, s.settings, { taxCode: body.taxCode });
      expect((await post('/api/bookings', body, { 'x-forwarded-for': ipCitizen, cookie: citizen.cookie, 'x-csrf-token': citizen.csrf })).status).toBe(201);
    }
  });

  it('BOOKING_RATE_PER_MINUTE: 10 by default, 0 turns the limit off, a bad value is refused', () => {
    expect(identitySettingsFromConfig(loadConfig({})).rateLimits.booking).toEqual({ max: 10, timeWindow: 60_000 });
    expect(identitySettingsFromConfig(loadConfig({ BOOKING_RATE_PER_MINUTE: '0' })).rateLimits.booking.max).toBe(0);
    expect(() => loadConfig({ BOOKING_RATE_PER_MINUTE: '-1' })).toThrow(/BOOKING_RATE_PER_MINUTE/);
  });
});

describe('confirmations per address with the limit off', () => {
  let s: IdentityTestServer;
  afterAll(async () => s?.close());

  it('BOOKING_RATE_PER_MINUTE=0: twelve confirmations from one address are all served', async () => {
    const base = testSettings();
    s = await startIdentityServer(testDatabases[0]!, testSettings({ rateLimits: { ...base.rateLimits, booking: { max: 0, timeWindow: 60_000 } } }));
    const deskId = (await createTestDesk(s.db, { code: 'RL02', places: 1 })).deskId;
    const slots = await (await fetch(`${s.url}/api/desks/${deskId}/first-available?channel=phone`)).json();
    expect(slots.slot).not.toBeNull();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      // Probes on a hold that does not exist: the limit would answer 429 before the 404.
      const r = await fetch(`${s.url}/api/bookings`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.40' },
        body: JSON.stringify({
          hold: { id: '00000000-0000-4000-8000-000000000000', token: 'a'.repeat(43) }, taxCode: taxCodeFor(900 + i), fullName: 'Sonda',
          phone: '+39 347 0000000', channel: 'phone', language: 'it', consent: true,
        }),
      });
      statuses.push(r.status);
    }
    expect(statuses.every((x) => x === 404)).toBe(true);
  });
});
