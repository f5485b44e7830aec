import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { holdHeaders } from '../support/challenge.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { taxCodeFor } from '../support/test-desk.js';
import { createStaff, sessionCookie } from './identity-support.js';

describe.each(testDatabases)('bookings by staff on $name', (database) => {
  let server: TestServer;
  let bergamo: { cookie: string; csrf: string };
  let deskBG: string;
  let deskBS: string;
  const settings = defaultIdentitySettings();

  const call = async (method: string, path: string, who: { cookie: string; csrf: string }, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json() };
  };
  const deskOf = async (officeCode: string) =>
    (await server.db.query<{ id: string }>('SELECT d.id FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = $1 ORDER BY d.number LIMIT 1', [officeCode])).rows[0]!.id;
  const firstSlot = async (deskId: string) => (await (await fetch(`${server.url}/api/desks/${deskId}/first-available`)).json()).slot.start as string;
  const caller = (i: number) => ({ taxCode: taxCodeFor(i), fullName: `Chiamante ${i}`, phone: '02 1234 5678', channel: 'phone', language: 'it', consent: true });

  beforeAll(async () => {
    server = await startTestServer({ database });
    const agent = await createStaff(server.db, { username: 'agente.bg', grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'BG' } }] });
    bergamo = await sessionCookie(server.db, settings, { userId: agent });
    deskBG = await deskOf('BG01');
    deskBS = await deskOf('BS01');
  });
  afterAll(async () => server.close());

  it("books for a caller in the agent's province, with source 'reception', and finds it by tax code, phone and code", async () => {
    const made = await call('POST', '/api/staff/bookings', bergamo, { deskId: deskBG, start: await firstSlot(deskBG), ...caller(1) });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect([made.body.booking.source, made.body.booking.phone, made.body.booking.taxCode]).toEqual(['reception', '+390212345678', 'RSS•••••••••205' + taxCodeFor(1).slice(15)]);
    expect(made.body.pin).toMatch(/^\d{6}$/);
    for (const q of [`taxCode=${taxCodeFor(1).toLowerCase()}`, 'phone=02%2012345678', `code=${made.body.booking.code}`]) {
      const found = await call('GET', `/api/staff/bookings?${q}`, bergamo);
      expect(found.body.items.map((b: any) => b.code)).toEqual([made.body.booking.code]);
    }
    const audit = await server.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action = 'staff.bookings.read'");
    expect(audit.rows.length).toBeGreaterThanOrEqual(3);
    const events = await server.db.query<{ actor: string }>(
      'SELECT e.actor FROM booking_event e JOIN booking b ON b.id = e.booking_id WHERE b.code = $1', [made.body.booking.code]);
    expect(events.rows.map((e) => e.actor)).toEqual([expect.stringMatching(/^staff:/)]);

    const moved = await call('POST', `/api/staff/bookings/${made.body.booking.code}/move`, bergamo, {
      start: (await (await fetch(`${server.url}/api/desks/${deskBG}/slots`)).json()).days.flatMap((d: any) => d.slots).filter((s: any) => s.state === 'open')[5].start,
    });
    expect([moved.status, moved.body.code]).toEqual([200, made.body.booking.code]);
    const cancelled = await call('POST', `/api/staff/bookings/${made.body.booking.code}/cancel`, bergamo, { reason: 'Richiesta del chiamante' });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
  });

  it('refuses a reception agent of Bergamo in Brescia, and does not show Brescia bookings', async () => {
    const denied = await call('POST', '/api/staff/bookings', bergamo, { deskId: deskBS, start: await firstSlot(deskBS), ...caller(2) });
    expect([denied.status, denied.body.code]).toEqual([403, 'forbidden']);
    // A citizen books in Brescia on the web; the Bergamo agent cannot find it nor touch it.
    const hold = await (await fetch(`${server.url}/api/desks/${deskBS}/holds`, { method: 'POST', headers: await holdHeaders(server.url, deskBS), body: JSON.stringify({ start: await firstSlot(deskBS), channel: 'phone' }) })).json();
    const web = await (await fetch(`${server.url}/api/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hold: { id: hold.holdId, token: hold.holdToken }, ...caller(3) }) })).json();
    const found = await call('GET', `/api/staff/bookings?code=${web.booking.code}`, bergamo);
    expect(found.body.items).toEqual([]);
    const cancel = await call('POST', `/api/staff/bookings/${web.booking.code}/cancel`, bergamo, { reason: 'prova' });
    expect([cancel.status, cancel.body.code]).toEqual([403, 'forbidden']);
    const anonymous = await fetch(`${server.url}/api/staff/bookings?code=${web.booking.code}`);
    expect(anonymous.status).toBe(401);
  });
});
