import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/schedule/time.js';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { holdHeaders } from '../support/challenge.js';
import { romeDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { createStaff, sessionCookie } from './identity-support.js';

type Who = { cookie: string; csrf: string };

/**
 * Patronati (issue 19 §1) over HTTP on both databases: organisations managed by the regional
 * administrator, a desk's patronato share kept from citizens until its release, bookings under
 * a mandate, each patronato seeing and changing its own organisation's bookings only, the
 * reception line recognising a patronato caller, the citizen told who booked.
 */
describe.each(testDatabases)('patronati on $name', (database) => {
  let server: TestServer;
  let admin: Who;
  let opA: Who;
  let opB: Who;
  let agent: Who;
  let deskId: string;
  let patA: string;
  let patB: string;
  let slots: { start: string; capacity: number }[];
  const settings = defaultIdentitySettings();

  const call = async (method: string, path: string, who: Who | null, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json() };
  };
  const day = (n: number) => addDays(romeDay(server.now()), n);
  const client = (i: number) => ({ taxCode: taxCodeFor(i), fullName: `Assistito ${i}`, phone: `+39 333 ${String(2000000 + i).slice(-7)}`, email: `assistito${i}@example.org`, channel: 'phone', language: 'it', consent: true });
  const mandate = () => ({ date: day(-3), subject: 'Domanda di pensione di vecchiaia' });
  const citizenSlots = async (from: string, to = from) =>
    (await (await fetch(`${server.url}/api/desks/${deskId}/slots?from=${from}&to=${to}`)).json()).days.flatMap((d: any) => d.slots);

  beforeAll(async () => {
    server = await startTestServer({ database });
    deskId = (await createTestDesk(server.db, { places: 2, slotMinutes: 30 })).deskId;
    admin = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'regione.test', grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] }) });
    const a = await createStaff(server.db, { username: 'inca.tt', grants: [{ role: 'patronato_operator', scope: { kind: 'province', code: 'TT' } }] });
    const b = await createStaff(server.db, { username: 'acli.tt', grants: [{ role: 'patronato_operator', scope: { kind: 'province', code: 'TT' } }] });
    agent = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'numero.tt', grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'TT' } }] }) });

    const made = await call('POST', '/api/staff/patronati', admin, { name: 'INCA di prova', accreditationCode: 'inca-tt' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    patA = made.body.id;
    expect(made.body).toMatchObject({ accreditationCode: 'INCA-TT', regionCode: 'LOM', active: true, offices: [], operators: [] });
    patB = (await call('POST', '/api/staff/patronati', admin, { name: 'ACLI di prova', accreditationCode: 'ACLI-TT' })).body.id;
    const office = await call('POST', `/api/staff/patronati/${patA}/offices`, admin, { provinceCode: 'TT', name: 'INCA Provalandia', phone: '0212345600' });
    expect([office.status, office.body.offices[0].phone]).toEqual([201, '+390212345600']);
    await call('POST', `/api/staff/patronati/${patB}/offices`, admin, { provinceCode: 'TT', name: 'ACLI Provalandia', phone: '0212345700' });
    expect((await call('PUT', `/api/staff/patronati/${patA}/operators/${a}`, admin)).status).toBe(200);
    expect((await call('PUT', `/api/staff/patronati/${patB}/operators/${b}`, admin)).status).toBe(200);
    opA = await sessionCookie(server.db, settings, { userId: a });
    opB = await sessionCookie(server.db, settings, { userId: b });
    expect((await call('PUT', '/api/staff/patronato-lines/TT', admin, { phone: '02 9999 0000' })).body).toEqual({ provinceCode: 'TT', phone: '+390299990000' });
    // Half of each slot for patronati, released 48 hours before (the slots used are 6+ days ahead of every clock).
    const share = await call('PUT', `/api/staff/desks/${deskId}/patronato-share`, admin, { percent: 50, releaseHours: 48 });
    expect([share.status, share.body]).toEqual([200, { deskId, percent: 50, releaseHours: 48 }]);
    slots = (await citizenSlots(day(6))).slice(0, 12);
    expect(slots.length).toBe(12);
  });
  afterAll(async () => server.close());

  it('manages organisations: duplicates, unknown places and non-operators are refused with problem+json', async () => {
    const dup = await call('POST', '/api/staff/patronati', admin, { name: 'Doppione', accreditationCode: 'INCA-TT' });
    expect([dup.status, dup.body.code]).toEqual([409, 'accreditation_code_taken']);
    const province = await call('POST', `/api/staff/patronati/${patA}/offices`, admin, { provinceCode: 'ZZ', name: 'Nessuna' });
    expect([province.status, province.body.code]).toEqual([422, 'unknown_province']);
    const phone = await call('POST', `/api/staff/patronati/${patB}/offices`, admin, { provinceCode: 'TT', name: 'Stesso numero', phone: '+390212345600' });
    expect([phone.status, phone.body.code]).toEqual([409, 'patronato_phone_taken']);
    const notOp = await createStaff(server.db, { username: 'non.operatore', grants: [{ role: 'urp_monitor', scope: { kind: 'province', code: 'TT' } }] });
    const link = await call('PUT', `/api/staff/patronati/${patA}/operators/${notOp}`, admin);
    expect([link.status, link.body.code]).toEqual([422, 'not_a_patronato_operator']);
    const list = await call('GET', '/api/staff/patronati', admin);
    expect(list.body.items.map((p: any) => p.accreditationCode)).toEqual(expect.arrayContaining(['INCA-TT', 'ACLI-TT']));
    expect((await call('GET', '/api/staff/patronati', opA)).status).toBe(403);
    // An operator not linked to any patronato sees nothing and cannot book.
    const loose = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'sciolto.tt', grants: [{ role: 'patronato_operator', scope: { kind: 'province', code: 'TT' } }] }) });
    for (const r of [
      await call('GET', '/api/staff/patronato/bookings', loose),
      await call('GET', '/api/staff/patronato/me', loose),
      await call('POST', '/api/staff/patronato/bookings', loose, { deskId, start: slots[10]!.start, ...client(90), mandate: mandate() }),
    ]) expect([r.status, r.body.code]).toEqual([403, 'no_patronato']);
    const me = await call('GET', '/api/staff/patronato/me', opA);
    expect([me.status, me.body.patronato.id, me.body.lines]).toEqual([200, patA, [{ provinceCode: 'TT', phone: '+390299990000' }]]);
  });

  it('keeps the patronato share from citizens until its release, and patronati book from it', async () => {
    const slot = slots[0]!.start;
    const [citizenView] = (await citizenSlots(day(6))).filter((s: any) => s.start === slot);
    expect(citizenView).toMatchObject({ capacity: 2, remaining: 1 });
    const patronatoView = (await call('GET', `/api/staff/patronato/desks/${deskId}/availability?from=${day(6)}&to=${day(6)}`, opA)).body.days[0].slots[0];
    expect(patronatoView).toMatchObject({ start: slot, remaining: 2, state: 'open' });

    // A citizen takes the ordinary place; a second citizen (the reception line, ordinary) is refused.
    const hold = await (await fetch(`${server.url}/api/desks/${deskId}/holds`, { method: 'POST', headers: await holdHeaders(server.url, deskId), body: JSON.stringify({ start: slot, channel: 'phone' }) })).json();
    const web = await fetch(`${server.url}/api/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hold: { id: hold.holdId, token: hold.holdToken }, ...client(1) }) });
    expect(web.status).toBe(201);
    const second = await call('POST', '/api/staff/bookings', agent, { deskId, start: slot, ...client(2) });
    expect([second.status, second.body.code]).toEqual([409, 'slot_full']);
    expect((await citizenSlots(day(6))).find((s: any) => s.start === slot)).toMatchObject({ remaining: 0, state: 'full' });

    // The patronato still books the kept place, under a mandate.
    const booked = await call('POST', '/api/staff/patronato/bookings', opA, { deskId, start: slot, ...client(3), mandate: mandate() });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.pin).toMatch(/^\d{6}$/);
    expect(booked.body.booking).toMatchObject({ status: 'booked', start: slot, mandate: { date: day(-3), subject: 'Domanda di pensione di vecchiaia' }, call: null });
    const row = await server.db.query<{ source: string; patronatoId: string; createdBy: string }>(
      'SELECT source, patronato_id AS "patronatoId", created_by AS "createdBy" FROM booking WHERE code = $1', [booked.body.booking.code]);
    expect(row.rows[0]).toMatchObject({ source: 'patronato', patronatoId: patA });
    const counters = await server.db.query<{ taken: number; takenPatronato: number }>(
      'SELECT taken, taken_patronato AS "takenPatronato" FROM slot WHERE desk_id = $1 AND starts_at = $2', [deskId, new Date(slot)]);
    expect(counters.rows[0]).toEqual({ taken: 2, takenPatronato: 1 });
    const full = await call('POST', '/api/staff/patronato/bookings', opB, { deskId, start: slot, ...client(4), mandate: mandate() });
    expect([full.status, full.body.code]).toEqual([409, 'slot_full']);

    // Released to everyone: 720 hours before covers the slot; a citizen now sees the patronato share as free.
    const next = slots[1]!.start;
    await call('PUT', `/api/staff/desks/${deskId}/patronato-share`, admin, { percent: 50, releaseHours: 720 });
    expect((await citizenSlots(day(6))).find((s: any) => s.start === next)).toMatchObject({ remaining: 2 });
    expect((await call('POST', '/api/staff/bookings', agent, { deskId, start: next, ...client(5) })).status).toBe(201);
    expect((await call('POST', '/api/staff/bookings', agent, { deskId, start: next, ...client(6) })).status).toBe(201);
    await call('PUT', `/api/staff/desks/${deskId}/patronato-share`, admin, { percent: 50, releaseHours: 48 });
  });

  it('one active booking per client and desk across patronati; mandates checked', async () => {
    const first = await call('POST', '/api/staff/patronato/bookings', opA, { deskId, start: slots[2]!.start, ...client(10), mandate: mandate() });
    expect(first.status).toBe(201);
    const again = await call('POST', '/api/staff/patronato/bookings', opB, { deskId, start: slots[3]!.start, ...client(10), mandate: mandate() });
    expect([again.status, again.body.code]).toEqual([409, 'already_booked']);
    const future = await call('POST', '/api/staff/patronato/bookings', opA, { deskId, start: slots[3]!.start, ...client(11), mandate: { date: day(1), subject: 'Domanda' } });
    expect([future.status, future.body.code]).toEqual([422, 'invalid_mandate_date']);
    const none = await call('POST', '/api/staff/patronato/bookings', opA, { deskId, start: slots[3]!.start, ...client(11) });
    expect(none.status).toBe(400);
    expect(none.body.code).toBeTruthy();
    const other = await call('POST', '/api/staff/patronato/bookings', opA, { deskId, start: slots[3]!.start, ...client(11), mandate: mandate(), patronatoId: patB });
    expect([other.status, other.body.code]).toEqual([403, 'forbidden']);
    // Nothing half-written: no booking, no mandate for the refused requests.
    const n = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM booking WHERE tax_key = $1', [taxCodeFor(11)]);
    expect(n.rows[0]!.n).toBe(0);
    // A patronato booking cannot commit without its mandate, whatever the code does (deferred constraint).
    await expect(server.db.transaction(async (tx) => {
      await tx.query("SELECT set_config('sportello.patronato', $1, true)", [patA]);
      await tx.query(
        `INSERT INTO slot (desk_id, starts_at, ends_at, capacity) VALUES ($1, $2, $3, 2) ON CONFLICT DO NOTHING`,
        [deskId, new Date(slots[11]!.start), new Date(new Date(slots[11]!.start).getTime() + 30 * 60_000)],
      );
      await tx.query(
        `INSERT INTO booking (desk_id, starts_at, ends_at, status, code, source) VALUES ($1, $2, $3, 'cancelled', 'TT01-1-ABCDE', 'patronato')`,
        [deskId, new Date(slots[11]!.start), new Date(new Date(slots[11]!.start).getTime() + 30 * 60_000)],
      );
    })).rejects.toMatchObject({ constraint: 'booking_patronato_mandate' });
  });

  it("each patronato sees, moves and cancels its own organisation's bookings only, with the call's outcome", async () => {
    const made = await call('POST', '/api/staff/patronato/bookings', opA, { deskId, start: slots[4]!.start, ...client(20), mandate: mandate() });
    const code = made.body.booking.code as string;
    const listA = await call('GET', `/api/staff/patronato/bookings?from=${day(6)}`, opA);
    expect(listA.body.items.map((b: any) => b.code)).toContain(code);
    const listB = await call('GET', `/api/staff/patronato/bookings?from=${day(6)}&days=7`, opB);
    expect(listB.body.items.map((b: any) => b.code)).not.toContain(code);
    expect((await call('GET', `/api/staff/bookings?code=${code}`, opA)).body.items.map((b: any) => b.code)).toEqual([code]);
    expect((await call('GET', `/api/staff/bookings?code=${code}`, opB)).body.items).toEqual([]);
    const stolen = await call('POST', `/api/staff/bookings/${code}/cancel`, opB, { reason: 'prova' });
    expect([stolen.status, stolen.body.code]).toEqual([403, 'forbidden']);
    expect((await call('POST', `/api/staff/bookings/${code}/move`, opB, { start: slots[5]!.start })).status).toBe(403);
    // Nor a citizen's web booking.
    const webCode = (await server.db.query<{ code: string }>("SELECT code FROM booking WHERE source = 'web' AND desk_id = $1 LIMIT 1", [deskId])).rows[0]!.code;
    expect((await call('POST', `/api/staff/bookings/${webCode}/cancel`, opA, { reason: 'prova' })).status).toBe(403);
    expect((await call('GET', `/api/staff/bookings?code=${webCode}`, opA)).body.items).toEqual([]);

    const moved = await call('POST', `/api/staff/bookings/${code}/move`, opA, { start: slots[5]!.start });
    expect([moved.status, moved.body.start, moved.body.source]).toEqual([200, slots[5]!.start, 'patronato']);
    const counters = await server.db.query<{ startsAt: Date; takenPatronato: number }>(
      'SELECT starts_at AS "startsAt", taken_patronato AS "takenPatronato" FROM slot WHERE desk_id = $1 AND starts_at = ANY($2::timestamptz[]) ORDER BY starts_at',
      [deskId, [new Date(slots[4]!.start), new Date(slots[5]!.start)]]);
    expect(counters.rows.map((r) => r.takenPatronato)).toEqual([0, 1]);

    // The desk records the call's outcome: the patronato gets it back in its list.
    const id = (await server.db.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [code])).rows[0]!.id;
    await server.db.query(
      `INSERT INTO call_assignment (booking_id, desk_id, day, starts_at, ends_at, state, outcome, closed_at)
       SELECT id, desk_id, (starts_at AT TIME ZONE 'Europe/Rome')::date, starts_at, ends_at, 'done', 'needs_documents', now() FROM booking WHERE id = $1`, [id]);
    const withOutcome = (await call('GET', `/api/staff/patronato/bookings?from=${day(6)}`, opA)).body.items.find((b: any) => b.code === code);
    expect(withOutcome.call).toEqual({ state: 'done', outcome: 'needs_documents', followUpCode: null });
    const audited = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'patronato.bookings.read'");
    expect(audited.rows[0]!.n).toBeGreaterThan(0);

    const cancelled = await call('POST', `/api/staff/bookings/${code}/cancel`, opA, { reason: 'Il cliente ha rinunciato' });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
  });

  it('the reception line recognises a patronato caller and books for it from the patronato share', async () => {
    const who = await call('GET', '/api/staff/patronato/callers?phone=02%201234%205700', agent);
    expect([who.status, who.body.patronato.id, who.body.office.provinceCode]).toEqual([200, patB, 'TT']);
    const unknown = await call('GET', '/api/staff/patronato/callers?phone=0200000001', agent);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'patronato_caller_unknown']);
    expect((await call('GET', '/api/staff/patronato/callers?phone=0212345700', opA)).status).toBe(403);
    const missing = await call('POST', '/api/staff/patronato/bookings', agent, { deskId, start: slots[6]!.start, ...client(30), mandate: mandate() });
    expect([missing.status, missing.body.code]).toEqual([422, 'patronato_required']);
    const made = await call('POST', '/api/staff/patronato/bookings', agent, { deskId, start: slots[6]!.start, ...client(30), mandate: mandate(), patronatoId: patB, patronatoOfficeId: who.body.office.id });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.booking.mandate.officeName).toBe('ACLI Provalandia');
    // It is the patronato's booking: B sees it, A does not.
    expect((await call('GET', `/api/staff/patronato/bookings?from=${day(6)}`, opB)).body.items.map((b: any) => b.code)).toContain(made.body.booking.code);
    expect((await call('GET', `/api/staff/patronato/bookings?from=${day(6)}`, opA)).body.items.map((b: any) => b.code)).not.toContain(made.body.booking.code);
  });

  it('tells the citizen that a patronato booked for them (patronato_booked, with its name)', async () => {
    await server.db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'email'");
    try {
      const made = await call('POST', '/api/staff/patronato/bookings', opA, { deskId, start: slots[7]!.start, ...client(40), mandate: mandate() });
      expect(made.status).toBe(201);
      const jobs = await server.db.query<{ kind: string; data: { patronato?: string } }>(
        'SELECT j.kind, j.data FROM notification_job j JOIN booking b ON b.id = j.booking_id WHERE b.code = $1 AND j.kind IN ($2, $3)',
        [made.body.booking.code, 'patronato_booked', 'booking_confirmed']);
      expect(jobs.rows).toEqual([{ kind: 'patronato_booked', data: { patronato: 'INCA di prova' } }]);
    } finally {
      await server.db.query("UPDATE notification_channel SET enabled = false WHERE channel = 'email'");
    }
  });
});
