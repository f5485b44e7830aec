// The admin API of notifications: templates (list, edit with placeholder checks, preview,
// reset) for regional admins, dead letters (list, retry) and queue figures, a desk's
// reminder settings for the admins of its office.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateSet } from '../../src/notifications/template-store.js';
import { testDatabases } from '../support/databases.js';
import { createStaff, sessionCookie, startIdentityServer, testSettings, type IdentityTestServer } from './identity-support.js';
import { enableChannels, insertBookings } from './notifications-support.js';

describe.each(testDatabases)('notifications admin API on $name', (database) => {
  let s: IdentityTestServer;
  let admin: { cookie: string; csrf: string };
  let officeAdmin: { cookie: string; csrf: string };

  beforeAll(async () => {
    s = await startIdentityServer(database, testSettings());
    const a = await createStaff(s.db, { username: 'n.regional', grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] });
    const o = await createStaff(s.db, { username: 'n.office', grants: [{ role: 'office_admin', scope: { kind: 'office', code: 'CO01' } }] });
    admin = await sessionCookie(s.db, s.settings, { userId: a });
    officeAdmin = await sessionCookie(s.db, s.settings, { userId: o });
  });
  afterAll(async () => s.close());

  async function call(who: { cookie: string; csrf: string }, method: string, path: string, body?: unknown) {
    const res = await fetch(s.url + path, {
      method,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  }

  it('lists every template (10 events × 2 languages × 3 channels) and the placeholders; office admins may not', async () => {
    const r = await call(admin, 'GET', '/api/staff/notifications/templates');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(60);
    expect(Object.keys(r.body.variables)).toContain('callerNumber');
    expect(Object.keys(r.body.variables).some((k) => /pin|tax|name$/i.test(k))).toBe(false);
    expect((await call(officeAdmin, 'GET', '/api/staff/notifications/templates')).status).toBe(403);
  });

  it('edits a template, refuses unknown placeholders, previews, and resets', async () => {
    const path = '/api/staff/notifications/templates/reminder/it/email';
    const bad = await call(admin, 'PUT', path, { subject: 'Promemoria {{code}}', body: 'Il tuo PIN è {{pin}} {{#video}}' });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('invalid_template');
    expect(bad.body.fields.map((f: { path: string; en: string }) => f.en).join(' ')).toMatch(/unknown placeholder \{\{pin\}\}.*never closed/);
    const ok = await call(admin, 'PUT', path, { subject: 'Domani: {{desk}} alle {{time}}', body: 'Ti chiameremo **{{date}}** alle {{time}}.\n\nCodice: {{code}}' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ custom: true, subject: 'Domani: {{desk}} alle {{time}}' });
    const inForce = (await TemplateSet.load(s.db)).get('reminder', 'it', 'email');
    expect(inForce.subject).toBe('Domani: {{desk}} alle {{time}}');

    const preview = await call(admin, 'POST', '/api/staff/notifications/templates/preview', { kind: 'reminder', language: 'it', channel: 'email' });
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe('Domani: Sportello prestazioni alle 10:00');
    expect(preview.body.text).toBe('Ti chiameremo domenica 31 ottobre 2027 alle 10:00.\n\nCodice: MI01-1-7KQ3X');
    expect(preview.body.html).toContain('<strong>domenica 31 ottobre 2027</strong>');
    expect(preview.body.hasCalendarFile).toBe(true);

    const sms = await call(admin, 'POST', '/api/staff/notifications/templates/preview', { kind: 'booking_confirmed', language: 'en', channel: 'sms' });
    expect(sms.body.text).toContain('booking MI01-1-7KQ3X confirmed for 31/10/2027 at 10:00');
    expect(sms.body.smsSegments).toBeGreaterThanOrEqual(1);
    const draft = await call(admin, 'POST', '/api/staff/notifications/templates/preview', { kind: 'desk_delay', language: 'en', channel: 'appio', subject: 'Late by {{delayMinutes}} min', body: 'Sorry: {{delayMinutes}} minutes late.' });
    expect(draft.body.subject).toBe('Late by 20 min');
    expect(draft.body.markdown.length).toBeGreaterThanOrEqual(80);

    const reset = await call(admin, 'DELETE', path);
    expect(reset.status).toBe(200);
    expect(reset.body.custom).toBe(false);
    expect(reset.body.subject).toBe('Promemoria: appuntamento INPS {{date}} alle {{time}}');
  });

  it('shows dead letters of the admin’s region, retries one, and gives queue figures', async () => {
    const desk = await s.db.query<{ id: string }>("SELECT d.id FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'MI01' ORDER BY d.number LIMIT 1");
    const deskId = desk.rows[0]!.id;
    await enableChannels(s.db, { email: true });
    await insertBookings(s.db, { deskId, officeCode: 'MI01', count: 2, first: 9000, firstStartMs: Date.parse('2027-09-06T09:00:00+02:00') });
    await s.db.query(
      "UPDATE notification_job SET state = 'dead', attempts = 8, last_error = 'ECONNECTION 421 try later' WHERE kind = 'booking_confirmed' AND booking_id IN (SELECT id FROM booking WHERE desk_id = $1)",
      [deskId],
    );
    const list = await call(admin, 'GET', '/api/staff/notifications/jobs?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ state: 'dead', channel: 'email', kind: 'booking_confirmed', officeCode: 'MI01', attempts: 8 });
    expect(JSON.stringify(list.body)).not.toMatch(/example\.it|\+39347/);
    const page2 = await call(admin, 'GET', `/api/staff/notifications/jobs?limit=1&cursor=${list.body.nextCursor}`);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.items[0].id).not.toBe(list.body.items[0].id);
    expect((await call(admin, 'GET', '/api/staff/notifications/jobs?state=nonsense')).status).toBe(400);

    const retry = await call(admin, 'POST', `/api/staff/notifications/jobs/${list.body.items[0].id}/retry`, {});
    expect(retry.body).toEqual({ id: list.body.items[0].id, state: 'pending' });
    expect((await call(admin, 'POST', `/api/staff/notifications/jobs/${list.body.items[0].id}/retry`, {})).body.code).toBe('notification_not_failed');

    const stats = await call(admin, 'GET', '/api/staff/notifications/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.channels.find((c: { channel: string }) => c.channel === 'email').enabled).toBe(true);
    expect(stats.body.counts).toEqual(expect.arrayContaining([{ channel: 'email', state: 'dead', count: 1 }, { channel: 'email', state: 'pending', count: expect.any(Number) }]));
    await enableChannels(s.db, {});
  });

  it("sets a desk's reminders and calling number for the admins of its office only", async () => {
    const desks = await s.db.query<{ id: string; code: string }>("SELECT d.id, o.code FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code IN ('CO01', 'MI01') ORDER BY o.code, d.number");
    const como = desks.rows.find((d) => d.code === 'CO01')!.id;
    const milano = desks.rows.find((d) => d.code === 'MI01')!.id;
    const got = await call(officeAdmin, 'GET', `/api/staff/desks/${como}/notifications`);
    expect(got.body).toEqual({ deskId: como, reminderMinutes: [1440, 60], callerPhone: null });
    const put = await call(officeAdmin, 'PUT', `/api/staff/desks/${como}/notifications`, { reminderMinutes: [120, 2880, 120], callerPhone: '+390312345678' });
    expect(put.body).toEqual({ deskId: como, reminderMinutes: [2880, 120], callerPhone: '+390312345678' });
    expect((await call(officeAdmin, 'PUT', `/api/staff/desks/${como}/notifications`, { reminderMinutes: [1], callerPhone: null })).status).toBe(400);
    expect((await call(officeAdmin, 'PUT', `/api/staff/desks/${milano}/notifications`, { reminderMinutes: [60], callerPhone: null })).status).toBe(403);
    expect((await call(admin, 'PUT', `/api/staff/desks/${milano}/notifications`, { reminderMinutes: [], callerPhone: null })).body.reminderMinutes).toEqual([]);
  });
});
