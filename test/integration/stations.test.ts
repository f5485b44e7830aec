// Municipal stations (issue 20 §2, docs/stations.md) over HTTP on both databases: registration by
// the office admin, enrolment with a one-time code, the device token's scope and revocation, the
// station's hours limiting slots (checked by the database too), bookings at a station (web and
// reception), the kiosk's check-in with and without video, the heartbeat and the offline alert with
// its phone-instead notices, on an injected clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { weekdayOf } from '../../src/domain/schedule/time.js';
import { DEV_AUTH_SECRET, defaultIdentitySettings } from '../../src/auth/settings.js';
import { evaluateAlerts } from '../../src/monitoring/evaluate-alerts.js';
import { loadContexts, variablesFor } from '../../src/notifications/message.js';
import type { RoomLink } from '../../src/stations/index.js';
import { holdHeaders } from '../support/challenge.js';
import { romeTime, workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { taxCodeFor } from '../support/test-desk.js';
import { createStaff, sessionCookie } from './identity-support.js';

type Who = { cookie: string; csrf: string };
type Auth = Who | { token: string } | null;

describe.each(testDatabases)('municipal stations on $name', (database) => {
  let server: TestServer;
  let t = 0;
  const day = workingDay(3);
  let video = true;
  const rooms: string[] = [];
  let admin: Who;
  let otherAdmin: Who;
  let agent: Who;
  let urp: Who;
  let deskId: string;
  let officeId: string;
  let stationId: string;
  let token: string;
  let deviceId: string;
  let bookingCode: string;
  let receptionCode: string;

  const call = async (method: string, path: string, who: Auth, body?: unknown, headers: Record<string, string> = {}) => {
    const auth: Record<string, string> = !who ? {} : 'token' in who ? { authorization: `Bearer ${who.token}` } : { cookie: who.cookie, 'x-csrf-token': who.csrf };
    const res = await fetch(server.url + path, {
      method, headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const person = (i: number) => ({ taxCode: taxCodeFor(i), fullName: `Giulia Verdi${i}`, phone: `+39 333 ${String(3000000 + i).slice(-7)}`, email: `giulia${i}@example.org`, channel: 'video', language: 'it', consent: true });
  const local = (iso: string) => iso.slice(11, 16);

  beforeAll(async () => {
    t = romeTime(day, 9) - 2 * 86_400_000; // two days before, 09:00
    server = await startTestServer({
      database, now: () => t,
      stations: { video: { roomLinkForBooking: async (id: string, now: Date): Promise<RoomLink | null> => {
        rooms.push(`${id}@${now.toISOString()}`);
        return video ? { url: `/healthz?room=${id}`, opensAt: new Date(now.getTime()).toISOString(), closesAt: new Date(now.getTime() + 3600_000).toISOString() } : null;
      } } },
    });
    const settings = defaultIdentitySettings();
    const r = await server.db.query<{ id: string; officeId: string }>(
      `SELECT d.id, d.office_id AS "officeId" FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'CO01' AND d.key = 'prestazioni'`);
    deskId = r.rows[0]!.id;
    officeId = r.rows[0]!.officeId;
    admin = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'admin.co.st', grants: [{ role: 'office_admin', scope: { kind: 'office', code: 'CO01' } }] }) });
    otherAdmin = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'admin.mi.st', grants: [{ role: 'office_admin', scope: { kind: 'office', code: 'MI01' } }] }) });
    agent = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'numero.co.st', grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'CO' } }] }) });
    urp = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'urp.co.st', grants: [{ role: 'urp_monitor', scope: { kind: 'province', code: 'CO' } }] }) });
  }, 180_000);
  afterAll(async () => server?.close());

  it('is registered by the office admin on a desk offering video, for a Comune of the province', async () => {
    const body = { deskId, comune: 'Menaggio', name: 'Postazione di prova', address: 'Via Lusardi 26, Menaggio', accessibility: 'Piano terra', hours: [{ weekday: weekdayOf(day), from: '09:00', to: '10:00' }] };
    expect((await call('POST', `/api/staff/offices/${officeId}/stations`, admin, body)).body.code).toBe('desk_without_video');
    await server.db.query("UPDATE desk SET channels = ARRAY['phone', 'video'] WHERE id = $1", [deskId]);
    server.calendarChanged(deskId);
    expect((await call('POST', `/api/staff/offices/${officeId}/stations`, otherAdmin, body)).status).toBe(403);
    const wrongComune = await call('POST', `/api/staff/offices/${officeId}/stations`, admin, { ...body, comune: 'Bergamo' });
    expect([wrongComune.status, wrongComune.body.code]).toEqual([422, 'unknown_comune']);
    const overlap = await call('POST', `/api/staff/offices/${officeId}/stations`, admin, { ...body, hours: [...body.hours, { weekday: weekdayOf(day), from: '09:30', to: '11:00' }] });
    expect([overlap.status, overlap.body.fields[0].code]).toEqual([400, 'overlapping']);
    const made = await call('POST', `/api/staff/offices/${officeId}/stations`, admin, body);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ comune: 'Menaggio', connection: 'not_enrolled', active: true, devices: [] });
    stationId = made.body.id;
    expect((await call('POST', `/api/staff/offices/${officeId}/stations`, admin, body)).body.code).toBe('station_exists');
    const listed = await call('GET', '/api/staff/stations', urp);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(stationId);
    expect((await call('GET', '/api/staff/stations', otherAdmin)).body.items).toEqual([]);
    const pub = await call('GET', '/api/stations?office=CO01', null);
    expect(pub.body.items[0]).toMatchObject({ id: stationId, address: 'Via Lusardi 26, Menaggio', hours: [{ from: '09:00', to: '10:00' }] });
  });

  it('enrols a device with a one-time code: single use, expiring; the token is stored hashed', async () => {
    const issued = await call('POST', `/api/staff/stations/${stationId}/enrolment-codes`, admin);
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const enrolled = await call('POST', '/api/station/enrol', null, { code: issued.body.code.toLowerCase().replace('-', ' ') });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    token = enrolled.body.token;
    deviceId = enrolled.body.deviceId;
    expect(token).toMatch(/^sst_/);
    expect(enrolled.body.station).toMatchObject({ id: stationId, comune: 'Menaggio' });
    const again = await call('POST', '/api/station/enrol', null, { code: issued.body.code });
    expect([again.status, again.body.code]).toEqual([400, 'enrolment_code_invalid']);
    const stored = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM station_device WHERE id = $1', [deviceId]);
    expect(stored.rows[0]!.token_hash).not.toContain(token.slice(4));
    const codes = await server.db.query<{ code_hash: string }>('SELECT code_hash FROM station_enrolment');
    expect(codes.rows.every((c) => !c.code_hash.includes(issued.body.code.slice(0, 4)))).toBe(true);
    // Expired: 16 minutes later the code is refused.
    const late = await call('POST', `/api/staff/stations/${stationId}/enrolment-codes`, admin);
    t += 16 * 60_000;
    expect((await call('POST', '/api/station/enrol', null, { code: late.body.code })).body.code).toBe('enrolment_code_invalid');
    t -= 16 * 60_000;
  });

  it('reaches the station routes only', async () => {
    expect((await call('GET', '/api/station/appointments', { token })).status).toBe(200);
    expect((await call('POST', '/api/station/heartbeat', { token })).status).toBe(200);
    for (const [method, path] of [['GET', '/api/staff/stations'], ['GET', '/api/staff/operator/agenda'], ['GET', '/api/monitoring/live'], ['POST', '/api/auth/password'], ['GET', '/api/drawer/subjects'], ['GET', '/api/citizen/bookings'], ['GET', '/api/staff/users']] as const) {
      const r = await call(method, path, { token }, method === 'POST' ? {} : undefined);
      expect([path, r.status, r.body.code]).toEqual([path, 403, 'forbidden']);
    }
    // Staff and citizens never reach the kiosk's routes; a made-up token is no one.
    expect((await call('GET', '/api/station/appointments', admin)).status).toBe(403);
    expect((await call('GET', '/api/station/appointments', { token: 'sst_madeup' })).status).toBe(401);
  });

  it("limits the slots to the station's hours, in the API and in the database", async () => {
    const all = (await call('GET', `/api/desks/${deskId}/slots?from=${day}&to=${day}&channel=video`, null)).body.days[0].slots;
    const at = (await call('GET', `/api/stations/${stationId}/slots?from=${day}&to=${day}`, null)).body;
    const mine = at.days[0].slots;
    expect(all.some((s: { start: string }) => local(s.start) < '09:00')).toBe(true);
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((s: { start: string; end: string }) => local(s.start) >= '09:00' && local(s.end) <= '10:00')).toBe(true);
    // A citizen books a held place inside the hours.
    const inside = mine[0];
    const hold = await (await fetch(`${server.url}/api/desks/${deskId}/holds`, { method: 'POST', headers: await holdHeaders(server.url, deskId), body: JSON.stringify({ start: inside.start, channel: 'video' }) })).json();
    const booked = await call('POST', `/api/stations/${stationId}/bookings`, null, { hold: { id: hold.holdId, token: hold.holdToken }, ...person(1) }, { 'idempotency-key': 'station-booking-0001' });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    bookingCode = booked.body.booking.code;
    const row = await server.db.query<{ station_id: string }>('SELECT station_id FROM booking WHERE code = $1', [bookingCode]);
    expect(row.rows[0]!.station_id).toBe(stationId);
    // Outside the hours: refused, nothing booked (the hold stays a hold).
    const outside = all.find((s: { start: string }) => local(s.start) >= '11:00');
    const hold2 = await (await fetch(`${server.url}/api/desks/${deskId}/holds`, { method: 'POST', headers: await holdHeaders(server.url, deskId), body: JSON.stringify({ start: outside.start, channel: 'video' }) })).json();
    const refused = await call('POST', `/api/stations/${stationId}/bookings`, null, { hold: { id: hold2.holdId, token: hold2.holdToken }, ...person(2) });
    expect([refused.status, refused.body.code]).toEqual([409, 'outside_station_hours']);
    expect((await server.db.query<{ status: string }>('SELECT status FROM booking WHERE id = $1', [hold2.holdId])).rows[0]!.status).toBe('held');
    // A phone booking cannot be at a station.
    expect((await call('POST', `/api/stations/${stationId}/bookings`, null, { hold: { id: hold2.holdId, token: hold2.holdToken }, ...person(2), channel: 'phone' })).body.code).toBe('station_needs_video');
    // E-mail on from here (a web booking would then ask for a contact code first): confirmations
    // and phone-instead notices are queued. Reception books at the station for a caller; outside the hours it is refused too.
    await server.db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'email'");
    const byPhone = await call('POST', `/api/staff/stations/${stationId}/bookings`, agent, { start: mine[1].start, ...person(3) });
    expect(byPhone.status, JSON.stringify(byPhone.body)).toBe(201);
    receptionCode = byPhone.body.booking.code;
    expect((await call('POST', `/api/staff/stations/${stationId}/bookings`, agent, { start: outside.start, ...person(4) })).body.code).toBe('outside_station_hours');
    // The database itself refuses a station booking moved out of the hours.
    await expect(server.db.query("UPDATE booking SET starts_at = starts_at + interval '2 hours', ends_at = ends_at + interval '2 hours' WHERE code = $1", [bookingCode]))
      .rejects.toThrow(/closed/);
  });

  it("puts the station's address in the confirmation", async () => {
    const job = await server.db.query<{ id: string }>("SELECT j.id FROM notification_job j JOIN booking b ON b.id = j.booking_id WHERE b.code = $1 AND j.kind = 'booking_confirmed' LIMIT 1", [receptionCode]);
    const contexts = await loadContexts(server.db, [job.rows[0]!.id]);
    const c = contexts.get(job.rows[0]!.id)!;
    expect(variablesFor({ kind: 'booking_confirmed', data: {} }, c, undefined).station).toBe('Postazione di prova, Via Lusardi 26, Menaggio');
  });

  it('checks the citizen in with the booking code and gives the room; first names only on screen', async () => {
    t = romeTime(day, 8); // an hour before: too early
    const early = await call('POST', '/api/station/check-in', { token }, { code: bookingCode });
    expect([early.status, early.body.code]).toEqual([409, 'check_in_too_early']);
    t = romeTime(day, 8, 55);
    const list = await call('GET', '/api/station/appointments', { token });
    expect(list.body.appointments[0]).toEqual({ firstName: 'Giulia', start: expect.any(String), end: expect.any(String), phoneInstead: false });
    expect(JSON.stringify(list.body)).not.toMatch(/Verdi|\+39|@/);
    expect((await call('POST', '/api/station/check-in', { token }, { code: 'CO01-1-ZZZZZ' })).status).toBe(404);
    const typed = bookingCode.toLowerCase().replace(/-/g, ' ');
    const ok = await call('POST', '/api/station/check-in', { token }, { code: typed });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ firstName: 'Giulia', room: { url: expect.stringContaining('/healthz?room=') } });
    // Without a room, the truth: video unavailable, the operator phones, the citizen is told.
    video = false;
    const second = (await server.db.query<{ code: string; id: string }>('SELECT code, id FROM booking WHERE station_id = $1 AND code <> $2 AND status = $3', [stationId, bookingCode, 'booked'])).rows[0]!;
    const failed = await call('POST', '/api/station/check-in', { token }, { code: second.code });
    expect([failed.status, failed.body.code]).toEqual([409, 'video_unavailable']);
    const flagged = await server.db.query<{ reason: string; jobs: number }>(
      "SELECT phone_instead_reason AS reason, (SELECT count(*)::int FROM notification_job j WHERE j.booking_id = b.id AND j.kind = 'station_phone_instead') AS jobs FROM booking b WHERE id = $1", [second.id]);
    expect(flagged.rows[0]).toEqual({ reason: 'video_unavailable', jobs: expect.any(Number) });
    expect(flagged.rows[0]!.jobs).toBeGreaterThan(0);
    video = true;
  });

  it('raises the offline alert during opening hours only, and offers the next citizens a phone call', async () => {
    const secret = deriveBookingSecret(DEV_AUTH_SECRET);
    const deps = { db: server.db, booking: bookingDeps(server.db, secret, { now: () => t }), now: () => t, pushSeconds: 5 };
    const open = async () => (await server.db.query<{ code: string }>("SELECT code FROM monitoring_alert WHERE ended_at IS NULL AND code = 'station_offline' AND desk_id = $1", [deskId])).rows.length;
    t = romeTime(day, 9, 0);
    await call('POST', '/api/station/heartbeat', { token });
    t = romeTime(day, 9, 2);
    await evaluateAlerts(deps);
    expect(await open()).toBe(0);
    t = romeTime(day, 9, 5); // silent for 5 minutes, inside the hours
    const r = await evaluateAlerts(deps);
    expect(await open()).toBe(1);
    expect(r.phoneInstead).toBe(1); // the first booking (the second was flagged already)
    const live = await call('GET', `/api/monitoring/live?scope=desk:${deskId}`, urp);
    expect(live.body.alerts.some((a: { code: string }) => a.code === 'station_offline')).toBe(true);
    const rows = await server.db.query<{ reason: string }>("SELECT phone_instead_reason AS reason FROM booking WHERE code = $1", [bookingCode]);
    expect(rows.rows[0]!.reason).toBe('station_offline');
    // The operator's agenda marks them: to be phoned, at the station of Menaggio.
    const op = await sessionCookie(server.db, defaultIdentitySettings(), { userId: await createStaff(server.db, { username: 'operatore.co.st', grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } }] }) });
    expect((await call('POST', '/api/staff/operator/duty', op, { deskId, extension: '201' })).status).toBe(200);
    const agenda = await call('GET', '/api/staff/operator/agenda', op);
    const item = agenda.body.items.find((i: { code: string }) => i.code === bookingCode);
    expect(item?.citizen).toMatchObject({ channel: 'video', station: 'Menaggio', phoneInstead: true });
    expect((await call('GET', '/api/station/appointments', { token })).body.appointments[0].phoneInstead).toBe(true);
    // Back online: the alert ends; after closing time a silent station raises nothing.
    await call('POST', '/api/station/heartbeat', { token });
    await evaluateAlerts(deps);
    expect(await open()).toBe(0);
    t = romeTime(day, 10, 30);
    await evaluateAlerts(deps);
    expect(await open()).toBe(0);
    const admin2 = await call('GET', `/api/staff/stations?officeId=${officeId}`, admin);
    expect(admin2.body.items[0].connection).toBe('offline');
  });

  it('revokes a device: its token stops at once', async () => {
    expect((await call('POST', `/api/staff/stations/${stationId}/devices/${deviceId}/revoke`, otherAdmin)).status).toBe(403);
    expect((await call('POST', `/api/staff/stations/${stationId}/devices/${deviceId}/revoke`, admin)).status).toBe(204);
    expect((await call('GET', '/api/station/appointments', { token })).status).toBe(401);
    expect((await call('POST', '/api/station/heartbeat', { token })).status).toBe(401);
    const listed = await call('GET', `/api/staff/stations?officeId=${officeId}`, admin);
    expect(listed.body.items[0].connection).toBe('not_enrolled');
  });
});
