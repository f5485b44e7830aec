import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { holdHeaders, solveChallenge } from '../support/challenge.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { createStaff, sessionCookie } from './identity-support.js';

/**
 * Nobody can hoard places (issue 16), over HTTP on both databases: a hold needs a solved,
 * unused challenge; live holds per client address and per browser session are counted by the
 * database, exactly, under concurrency; hold requests per address are rate limited; staff who
 * book for callers and signed-in citizens are exempt from the proof of work.
 */
describe.each(testDatabases)('fair access to holds on $name', (database) => {
  let server: TestServer;
  let deskId: string;
  let otherDesk: string;
  let slots: string[];
  let next = 0;
  const slot = () => slots[next++]!;
  const LIMITS = { perAddress: 2, perSession: 2, ratePerMinute: 12 };

  const hold = async (headers: Record<string, string>, start = slot(), desk = deskId) => {
    const res = await fetch(`${server.url}/api/desks/${desk}/holds`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ start, channel: 'phone' }),
    });
    return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type') };
  };
  const liveHolds = async () =>
    (await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE desk_id = $1 AND status = 'held'", [deskId])).rows[0]!.n;

  beforeAll(async () => {
    server = await startTestServer({ database, fairAccess: LIMITS });
    deskId = (await createTestDesk(server.db, { code: 'FA01', places: 3 })).deskId;
    otherDesk = (await createTestDesk(server.db, { code: 'FA02', key: 'altro', places: 3 })).deskId;
    const res = await fetch(`${server.url}/api/desks/${deskId}/slots?from=${localDate(2)}&to=${localDate(8)}`);
    const body = await res.json();
    slots = body.days.flatMap((d: any) => d.slots.filter((s: any) => s.state === 'open').map((s: any) => s.start));
    expect(slots.length).toBeGreaterThan(200);
  });
  afterAll(async () => server.close());

  it('needs a solved challenge for this desk, used once: missing 400, forged or replayed 403', async () => {
    const missing = await hold({ 'x-forwarded-for': '198.51.100.1' });
    expect([missing.status, missing.body.code, missing.type]).toEqual([400, 'challenge_required', 'application/problem+json; charset=utf-8']);
    expect(missing.body.messages.it).toMatch(/verifica anti-abuso/);
    const garbage = await hold({ 'x-forwarded-for': '198.51.100.1', 'x-altcha': 'bm90IGpzb24=' });
    expect([garbage.status, garbage.body.code]).toEqual([403, 'challenge_invalid']);

    const solved = await solveChallenge(server.url, deskId, { address: '198.51.100.1' });
    // a wrong counter, and the challenge of another desk, are refused
    const payload = JSON.parse(Buffer.from(solved.altcha, 'base64').toString());
    const wrong = Buffer.from(JSON.stringify({ ...payload, solution: { ...payload.solution, derivedKey: '00'.repeat(32) } })).toString('base64');
    expect((await hold({ 'x-forwarded-for': '198.51.100.1', 'x-altcha': wrong })).body.code).toBe('challenge_invalid');
    const elsewhere = await hold({ 'x-forwarded-for': '198.51.100.1', 'x-altcha': solved.altcha }, slot(), otherDesk);
    expect([elsewhere.status, elsewhere.body.code]).toEqual([403, 'challenge_invalid']);

    const first = await hold({ 'x-forwarded-for': '198.51.100.1', 'x-altcha': solved.altcha });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const replay = await hold({ 'x-forwarded-for': '198.51.100.2', 'x-altcha': solved.altcha });
    expect([replay.status, replay.body.code]).toEqual([403, 'challenge_invalid']);
    // the same solution sent twice at once: one hold
    const twin = await solveChallenge(server.url, deskId, { address: '198.51.100.3' });
    const both = await Promise.all([slot(), slot()].map((s, i) => hold({ 'x-forwarded-for': `198.51.100.${4 + i}`, 'x-altcha': twin.altcha }, s)));
    expect(both.map((r) => r.status).sort()).toEqual([201, 403]);
  });

  it('a full slot does not use up the challenge', async () => {
    const full = slot();
    for (let i = 0; i < 3; i++) expect((await hold(await holdHeaders(server.url, deskId, { address: `198.51.101.${i}` }), full)).status).toBe(201);
    const h = await holdHeaders(server.url, deskId, { address: '198.51.101.9' });
    expect((await hold(h, full)).body.code).toBe('slot_full');
    expect((await hold(h)).status).toBe(201);
  });

  it('10 holds at once from one address: exactly the limit (2) pass, the others 429 too_many_holds with Retry-After', async () => {
    const address = '203.0.113.7';
    const headers = await Promise.all(Array.from({ length: 10 }, () => holdHeaders(server.url, deskId, { address })));
    const before = await liveHolds();
    const results = await Promise.all(headers.map((h) => hold(h)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    const refused = results.filter((r) => r.status !== 201);
    expect(new Set(refused.map((r) => `${r.status} ${r.body.code}`))).toEqual(new Set(['429 too_many_holds']));
    for (const r of refused) {
      expect(r.type).toBe('application/problem+json; charset=utf-8');
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
      expect(Number(r.retryAfter)).toBeLessThanOrEqual(15 * 60);
      expect(r.body.retryAfter).toBe(Number(r.retryAfter));
      expect(r.body.messages.it).toMatch(/riprova tra/);
      expect(r.body.messages.en).toMatch(/try again in/);
    }
    expect(await liveHolds()).toBe(before + 2);
  });

  it('one place left under the limit, two holds at once: exactly one passes', async () => {
    const address = '203.0.113.8';
    expect((await hold(await holdHeaders(server.url, deskId, { address }))).status).toBe(201);
    const two = await Promise.all([holdHeaders(server.url, deskId, { address }), holdHeaders(server.url, deskId, { address })]);
    const results = await Promise.all(two.map((h) => hold(h)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 429]);
  });

  it('releasing or confirming a hold frees its count at once', async () => {
    const address = '203.0.113.9';
    const a = await hold(await holdHeaders(server.url, deskId, { address }));
    const b = await hold(await holdHeaders(server.url, deskId, { address }));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await hold(await holdHeaders(server.url, deskId, { address }))).status).toBe(429);
    const released = await fetch(`${server.url}/api/holds/${a.body.holdId}`, { method: 'DELETE', headers: { 'x-hold-token': a.body.holdToken } });
    expect(released.status).toBe(204);
    const c = await hold(await holdHeaders(server.url, deskId, { address }));
    expect(c.status).toBe(201);
    expect((await hold(await holdHeaders(server.url, deskId, { address }))).status).toBe(429);
    const booked = await fetch(`${server.url}/api/bookings`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hold: { id: b.body.holdId, token: b.body.holdToken }, taxCode: taxCodeFor(501), fullName: 'Persona Cinque', phone: '+39 347 1234567', channel: 'phone', language: 'it', consent: true }),
    });
    expect(booked.status).toBe(201);
    expect((await hold(await holdHeaders(server.url, deskId, { address }))).status).toBe(201);
  });

  it('counts the browser session across addresses (the session cookie)', async () => {
    const first = await solveChallenge(server.url, deskId, { address: '192.0.2.1' });
    expect(first.cookie).toMatch(/^sportello_hold=[A-Za-z0-9_-]{22}$/);
    const cookie = first.cookie!;
    expect((await hold({ 'x-forwarded-for': '192.0.2.1', 'x-altcha': first.altcha })).status).toBe(201);
    expect((await hold(await holdHeaders(server.url, deskId, { address: '192.0.2.2', cookie }))).status).toBe(201);
    const third = await hold(await holdHeaders(server.url, deskId, { address: '192.0.2.3', cookie }));
    expect([third.status, third.body.code, third.body.limit]).toEqual([429, 'too_many_holds', 'session']);
    expect(third.body.messages.en).toMatch(/from this browser/);
  });

  it('treats the addresses of one IPv6 /64 as one client', async () => {
    expect((await hold(await holdHeaders(server.url, deskId, { address: '2001:db8:1:2::a' }))).status).toBe(201);
    expect((await hold(await holdHeaders(server.url, deskId, { address: '2001:db8:1:2:ffff::b' }))).status).toBe(201);
    expect((await hold(await holdHeaders(server.url, deskId, { address: '2001:db8:1:2::c' }))).body.code).toBe('too_many_holds');
    expect((await hold(await holdHeaders(server.url, deskId, { address: '2001:db8:1:3::c' }))).status).toBe(201);
  });

  it('rate: the 13th hold request of a minute from one address is 429 hold_rate_limited with Retry-After', async () => {
    const address = '203.0.113.50';
    const results = [];
    for (let i = 0; i < 13; i++) results.push(await hold({ 'x-forwarded-for': address }));
    expect(results.slice(0, 12).map((r) => r.body.code)).toEqual(Array(12).fill('challenge_required'));
    const last = results[12]!;
    expect([last.status, last.body.code]).toEqual([429, 'hold_rate_limited']);
    expect(Number(last.retryAfter)).toBeGreaterThan(0);
    expect(Number(last.retryAfter)).toBeLessThanOrEqual(60);
    expect(last.body.messages.it).toMatch(/riprova tra \d+ second/);
    // Over its limit, the address is refused before its body is even read: a broken body is a
    // 429 too, not a 400; one too large for the route is not read on to keep the connection.
    const send = (body: string) => fetch(`${server.url}/api/desks/${deskId}/holds`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body,
    });
    const broken = await send('{"broken');
    expect([broken.status, ((await broken.json()) as { code: string }).code, broken.headers.get('connection')]).toEqual([429, 'hold_rate_limited', 'keep-alive']);
    const huge = await send(JSON.stringify({ start: slot(), channel: 'phone', notes: 'x'.repeat(100_000) }));
    expect([huge.status, ((await huge.json()) as { code: string }).code, huge.headers.get('connection')]).toEqual([429, 'hold_rate_limited', 'close']);
    // another address is not affected
    expect((await hold(await holdHeaders(server.url, deskId, { address: '203.0.113.51' }))).status).toBe(201);
  });

  it('staff who book for callers hold without a challenge and without limits; a citizen signed in needs no challenge', async () => {
    const settings = defaultIdentitySettings();
    const agent = await createStaff(server.db, { username: 'agente.fa', grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'TT' } }] });
    const staff = await sessionCookie(server.db, settings, { userId: agent });
    const address = '203.0.113.60';
    for (let i = 0; i < 14; i++) {
      const r = await hold({ cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'x-forwarded-for': address });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const events = await server.db.query<{ actor: string }>(
      "SELECT DISTINCT e.actor FROM booking_event e JOIN booking b ON b.id = e.booking_id WHERE b.client_key IS NULL AND b.status = 'held' AND b.desk_id = $1", [deskId]);
    expect(events.rows.map((e) => e.actor)).toEqual([`staff:${agent}`]);
    // a role that does not book for callers is treated as anyone
    const monitor = await createStaff(server.db, { username: 'urp.fa', grants: [{ role: 'urp_monitor', scope: { kind: 'province', code: 'TT' } }] });
    const urp = await sessionCookie(server.db, settings, { userId: monitor });
    expect((await hold({ cookie: urp.cookie, 'x-csrf-token': urp.csrf, 'x-forwarded-for': '203.0.113.61' })).body.code).toBe('challenge_required');
    // a citizen signed in with SPID/CIE: no challenge, but the limits of their session still count
    const citizen = await sessionCookie(server.db, settings, { taxCode: taxCodeFor(777) });
    const asCitizen = (i: number) => hold({ cookie: citizen.cookie, 'x-csrf-token': citizen.csrf, 'x-forwarded-for': `203.0.113.${70 + i}` });
    expect((await asCitizen(0)).status).toBe(201);
    expect((await asCitizen(1)).status).toBe(201);
    expect((await asCitizen(2)).body.code).toBe('too_many_holds');
  });
});

/** A local date n days after today (Europe/Rome): the test desk is open every day. */
function localDate(n: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(Date.now() + n * 86_400_000));
}
