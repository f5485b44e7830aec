// The demo outbox (issue 21 §3): with no channel configured, outside production, e-mail and
// SMS go through the real queue into the demo outbox; the citizen's messages endpoint says
// truthfully where each went and whether it was sent; staff read the outbox (audited).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingMessagesResponse } from '../../src/booking/routes.schema.js';
import { startNotificationWorker } from '../../src/notifications/settings.js';
import type { NotificationWorker } from '../../src/notifications/worker.js';
import { loadConfig } from '../../src/platform/config.js';
import { holdHeaders } from '../support/challenge.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { taxCodeFor } from '../support/test-desk.js';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { createStaff, sessionCookie } from './identity-support.js';

async function call<T = any>(server: TestServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(server.url + path, {
    method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function book(server: TestServer, taxCode: string, contact: { phone: string; email?: string }): Promise<string> {
  const offices = await call(server, 'GET', '/api/offices?province=MN');
  const office = await call(server, 'GET', `/api/offices/${offices.body.items[0].id}`);
  const deskId = office.body.desks[0].id as string;
  const first = await call(server, 'GET', `/api/desks/${deskId}/first-available?channel=phone`);
  const hold = await call(server, 'POST', `/api/desks/${deskId}/holds`, { start: first.body.slot.start, channel: 'phone' }, await holdHeaders(server.url, deskId));
  expect(hold.status).toBe(201);
  const booked = await call(server, 'POST', '/api/bookings', {
    hold: { id: hold.body.holdId, token: hold.body.holdToken }, taxCode, fullName: 'Anna Verdi', ...contact, channel: 'phone', language: 'it', consent: true,
  });
  expect(booked.status).toBe(201);
  return booked.body.booking.code as string;
}

describe.each(testDatabases)('the demo outbox on $name', (database) => {
  let server: TestServer;
  let worker: NotificationWorker | null = null;
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(async () => {
    await worker?.close();
    await server.close();
  });

  it('without any channel, says no message is sent and that nothing reaches citizens', async () => {
    expect((await call(server, 'GET', '/api/notifications/channels')).body).toEqual({ live: false, demoOutbox: false });
    const taxCode = taxCodeFor(7001);
    const code = await book(server, taxCode, { phone: '+39 347 7001001', email: 'anna.verdi@example.it' });
    const messages = await call(server, 'POST', '/api/bookings/messages', { code, taxCode });
    expect(messages.status).toBe(200);
    expect(messages.body).toEqual({ live: false, demoOutbox: false, items: [] });
  });

  it('in the demo, confirmations go to the outbox as the citizen would get them, .ics included; in production never', async () => {
    // Production with no channel: no outbox, no worker.
    const prod = await startNotificationWorker(server.db, loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'p'.repeat(40) }));
    expect(prod.channels).toEqual([]);
    await prod.close();
    worker = await startNotificationWorker(server.db, loadConfig({ NOTIFY_POLL_MS: '100' }), undefined, { now: server.now });
    expect(worker.channels.sort()).toEqual(['email', 'sms']);
    expect((await call(server, 'GET', '/api/notifications/channels')).body).toEqual({ live: false, demoOutbox: true });

    const taxCode = taxCodeFor(7002);
    const code = await book(server, taxCode, { phone: '+39 347 7002002', email: 'bruno.neri@example.it' });
    let body: any = null;
    await expect.poll(async () => {
      const r = await call(server, 'POST', '/api/bookings/messages', { code: code.toLowerCase().replace(/-/g, ' '), taxCode });
      body = r.body;
      return r.status === 200 ? body.items.filter((m: any) => m.kind === 'booking_confirmed').map((m: any) => `${m.channel}:${m.state}`).sort() : r.status;
    }, { timeout: 20_000, interval: 1_000 }).toEqual(['email:sent', 'sms:sent']);
    bookingMessagesResponse.parse(body);
    const email = body.items.find((m: any) => m.channel === 'email' && m.kind === 'booking_confirmed');
    const sms = body.items.find((m: any) => m.channel === 'sms' && m.kind === 'booking_confirmed');
    expect([email.to, sms.to, email.demoOutbox]).toEqual(['b•••@example.it', '+39•••002', true]);
    expect(email.message.body).toContain(code);
    expect(email.message.ics).toContain('BEGIN:VCALENDAR');
    expect(sms.message.body).toContain(code);
    // Every message in the outbox is one the queue sent, once.
    const row = await server.db.query<{ n: number; sent: number }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE j.state = 'sent')::int AS sent FROM demo_outbox_message o JOIN notification_job j ON j.id = o.job_id",
    );
    expect(row.rows[0]!.n).toBe(row.rows[0]!.sent);

    // Someone else's tax code learns nothing.
    expect((await call(server, 'POST', '/api/bookings/messages', { code, taxCode: taxCodeFor(7003) })).status).toBe(404);
  });

  it('staff read the outbox with recipients in clear, and the read is audited', async () => {
    const anonymous = await call(server, 'GET', '/api/staff/notifications/outbox');
    expect(anonymous.status).toBe(401);
    const regional = await sessionCookie(server.db, defaultIdentitySettings(), { userId: await createStaff(server.db, { username: 'o.regional', grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] }) });
    const office = await sessionCookie(server.db, defaultIdentitySettings(), { userId: await createStaff(server.db, { username: 'o.office', grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'MN01' } }] }) });
    expect((await call(server, 'GET', '/api/staff/notifications/outbox', undefined, { cookie: office.cookie })).status).toBe(403);
    const cookie = regional.cookie;
    const outbox = await call(server, 'GET', '/api/staff/notifications/outbox', undefined, { cookie });
    expect(outbox.status).toBe(200);
    expect(outbox.body.demoOutbox).toBe(true);
    expect(new Set(outbox.body.items.map((m: any) => m.recipient))).toEqual(new Set(['+393477002002', 'bruno.neri@example.it']));
    const audit = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE resource_type = 'demo_outbox'");
    expect(audit.rows[0]!.n).toBe(1);
  });
});
