// "I lost my code" (issue 21 §2): tax code + the phone or e-mail booked with → the bookings are
// sent again to their own contact; the same answer whether or not a booking exists; limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESEND_ANSWER } from '../../src/booking/resend-bookings.js';
import { holdHeaders } from '../support/challenge.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { taxCodeFor } from '../support/test-desk.js';
import { NOTIFICATION_KINDS } from '../../src/notifications/kinds.js';
import { syncChannels } from '../../src/notifications/queue.js';

async function call(server: TestServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path, {
    method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe.each(testDatabases)('"I lost my code" on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database });
    // E-mail and SMS on, without contact codes (no verification step before booking here).
    const kinds = NOTIFICATION_KINDS.filter((k) => k !== 'contact_code');
    await syncChannels(server.db, { email: { enabled: true, kinds }, sms: { enabled: true, kinds }, appio: { enabled: false, kinds } });
  });
  afterAll(async () => server.close());

  async function book(taxCode: string, phone: string, email: string): Promise<string> {
    const offices = await call(server, 'GET', '/api/offices?province=SO');
    const deskId = (await call(server, 'GET', `/api/offices/${offices.body.items[0].id}`)).body.desks[1].id as string;
    const first = await call(server, 'GET', `/api/desks/${deskId}/first-available?channel=phone`);
    const hold = await call(server, 'POST', `/api/desks/${deskId}/holds`, { start: first.body.slot.start, channel: 'phone' }, await holdHeaders(server.url, deskId));
    const booked = await call(server, 'POST', '/api/bookings', {
      hold: { id: hold.body.holdId, token: hold.body.holdToken }, taxCode, fullName: 'Carla Bianchi', phone, email, channel: 'phone', language: 'it', consent: true,
    });
    expect(booked.status).toBe(201);
    return booked.body.booking.code as string;
  }
  const resent = async (code: string) => (await server.db.query<{ channel: string }>(
    "SELECT j.channel FROM notification_job j JOIN booking b ON b.id = j.booking_id WHERE b.code = $1 AND j.kind = 'booking_resent' ORDER BY j.channel", [code],
  )).rows.map((r) => r.channel);

  it('sends the codes again to the booking’s own contact, answering the same whether or not a booking exists', async () => {
    const taxCode = taxCodeFor(8101);
    const code = await book(taxCode, '+39 347 8101001', 'carla.bianchi@example.it');
    const same = { status: 202, body: { message: RESEND_ANSWER } };

    // Wrong contact, unknown person: the same answer, nothing sent.
    expect(await call(server, 'POST', '/api/bookings/resend', { taxCode, phone: '+39 347 0000000' })).toEqual(same);
    expect(await call(server, 'POST', '/api/bookings/resend', { taxCode: taxCodeFor(8102), email: 'carla.bianchi@example.it' })).toEqual(same);
    expect(await resent(code)).toEqual([]);

    // The right pair: sent to the booking's e-mail and phone (as the booking holds them).
    expect(await call(server, 'POST', '/api/bookings/resend', { taxCode: taxCode.toLowerCase(), phone: '347 810 1001' })).toEqual(same);
    expect(await resent(code)).toEqual(['email', 'sms']);
    // Asked again within the hour: not sent twice.
    expect(await call(server, 'POST', '/api/bookings/resend', { taxCode, email: 'Carla.Bianchi@example.it' })).toEqual(same);
    expect(await resent(code)).toEqual(['email', 'sms']);
  });

  it('refuses bad input with a clear 4xx, and limits the asking per tax code', async () => {
    const bad = await call(server, 'POST', '/api/bookings/resend', { taxCode: 'RSSMRA85T10A562X', phone: '+39 347 1' });
    expect([bad.status, bad.body.code]).toEqual([422, 'invalid_tax_code']);
    const none = await call(server, 'POST', '/api/bookings/resend', { taxCode: taxCodeFor(8103) });
    expect([none.status, none.body.code]).toEqual([422, 'contact_required']);
    const taxCode = taxCodeFor(8104);
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await call(server, 'POST', '/api/bookings/resend', { taxCode, phone: '+39 347 8104001' })).status);
    expect(statuses.slice(0, 28).every((s) => s === 202)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
