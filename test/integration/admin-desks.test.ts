import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookPlace } from '../../src/booking/book-place.js';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { DEV_AUTH_SECRET, defaultIdentitySettings } from '../../src/auth/settings.js';
import { addDays, dayNumberOf, localTimeToUtcMs, parseHHMM, toIsoWithOffset, weekdayOf } from '../../src/domain/schedule/index.js';
import { testDatabases } from '../support/databases.js';
import { romeDay, romeTime, tickingClock, workingDay } from '../support/clock.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { taxCodeFor } from '../support/test-desk.js';
import { createStaff, sessionCookie } from './identity-support.js';

type Who = { cookie: string; csrf: string };
/** A local Europe/Rome date and time as an ISO string with its offset. */
const rome = (date: string, hhmm: string) => toIsoWithOffset(localTimeToUtcMs(dayNumberOf(date), parseHHMM(hhmm)!, 'Europe/Rome'), 'Europe/Rome');
/** The server's clock: a working day at 09:00 (Europe/Rome), running. */
const now = tickingClock(romeTime(workingDay(), 9));
const today = () => romeDay(now());
/** The first date after `after` days from today falling on `weekday`. */
const nextWeekday = (weekday: number, after = 3) => {
  let d = addDays(today(), after);
  while (weekdayOf(d) !== weekday) d = addDays(d, 1);
  return d;
};

describe.each(testDatabases)('desks, holidays, rosters and absences over the API on $name', (database) => {
  let server: TestServer;
  let adminCO: Who;
  let regional: Who;
  let co: string;
  let operators: string[];
  const settings = defaultIdentitySettings();
  const call = async (method: string, path: string, who: Who, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json() };
  };
  const book = async (deskId: string, start: string, i: number) => {
    const deps = bookingDeps(server.db, deriveBookingSecret(DEV_AUTH_SECRET), { now });
    return bookPlace(deps, {
      deskId, startMs: Date.parse(start), taxCode: taxCodeFor(i), fullName: `Persona Prova${i}`, phone: '+39 347 1234567', channel: 'phone',
      language: 'it', consent: true, source: 'staff', actor: 'staff:test',
    });
  };
  const bookingOf = async (code: string) =>
    (await server.db.query<{ status: string; startsAt: Date }>('SELECT status, starts_at AS "startsAt" FROM booking WHERE code = $1', [code])).rows[0]!;
  const newDesk = async (key: string, number: number, weekly: unknown[], extra: Record<string, unknown> = {}) => {
    const r = await call('POST', `/api/staff/admin/offices/${co}/desks`, adminCO, {
      key, number, nameIt: `Sportello ${key}`, nameEn: `Desk ${key}`, slotMinutes: 30, weekly, minNoticeMinutes: 0, horizonDays: 60, ...extra,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    server = await startTestServer({ database, now });
    co = (await server.db.query<{ id: string }>("SELECT id FROM office WHERE code = 'CO01'")).rows[0]!.id;
    adminCO = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'admin.co', grants: [{ role: 'office_admin', scope: { kind: 'office', code: 'CO01' } }] }) });
    regional = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'admin.lom', grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] }) });
    operators = [];
    for (const n of [1, 2, 3]) operators.push(await createStaff(server.db, { username: `op.co${n}`, grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } }] }));
    operators.push(await createStaff(server.db, { username: 'op.mi', grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }] }));
  }, 120_000);
  afterAll(async () => server.close());

  it('lists only the offices an admin administers, and shows one with its desks, operators and holidays', async () => {
    const mine = await call('GET', '/api/staff/admin/offices', adminCO);
    expect(mine.body.items.map((o: { code: string }) => o.code)).toEqual(['CO01']);
    const all = await call('GET', '/api/staff/admin/offices', regional);
    expect(all.body.items.length).toBeGreaterThan(30);
    const office = await call('GET', `/api/staff/admin/offices/${co}`, adminCO);
    expect([office.status, office.body.code, office.body.desks.length]).toEqual([200, 'CO01', 3]);
    expect(office.body.operators.map((o: { username: string }) => o.username).sort()).toEqual(['op.co1', 'op.co2', 'op.co3']);
    const mi = all.body.items.find((o: { code: string }) => o.code === 'MI01').id;
    expect((await call('GET', `/api/staff/admin/offices/${mi}`, adminCO)).status).toBe(403);
    // Every write is kept to the admin's places, whatever the route.
    const miDesk = (await server.db.query<{ id: string }>('SELECT id FROM desk WHERE office_id = $1 LIMIT 1', [mi])).rows[0]!.id;
    expect((await call('PATCH', `/api/staff/admin/desks/${miDesk}`, adminCO, { nameIt: 'Non mio' })).status).toBe(403);
    expect((await call('PUT', `/api/staff/admin/desks/${miDesk}/roster`, adminCO, { shifts: [] })).status).toBe(403);
    expect((await call('POST', `/api/staff/admin/offices/${mi}/holidays`, adminCO, { date: '12-24', name: 'Vigilia' })).status).toBe(403);
    expect((await call('POST', `/api/staff/admin/offices/${mi}/desks`, adminCO, { key: 'nuovo', number: 9, nameIt: 'X', nameEn: 'X', slotMinutes: 10, weekly: [] })).status).toBe(403);
    expect((await call('POST', `/api/staff/admin/offices/${mi}/absences`, adminCO, { operatorId: operators[3], from: '2030-01-01', to: '2030-01-01', kind: 'other' })).status).toBe(403);
    expect((await call('PATCH', `/api/staff/admin/desks/${miDesk}`, regional, { preview: true, nameIt: 'Anteprima' })).status).toBe(200);
  });

  it('creates a desk and changes its settings; refuses bad input with a stable code and saves nothing', async () => {
    const id = await newDesk('pensioni-test', 40, [{ weekday: 2, from: '09:00', to: '12:00', places: 2 }]);
    const dup = await call('POST', `/api/staff/admin/offices/${co}/desks`, adminCO, { key: 'altro', number: 40, nameIt: 'X', nameEn: 'X', slotMinutes: 30, weekly: [] });
    expect([dup.status, dup.body.code]).toEqual([409, 'desk_number_taken']);
    const overlap = await call('POST', `/api/staff/admin/offices/${co}/desks`, adminCO, {
      key: 'sovrapposto', number: 41, nameIt: 'X', nameEn: 'X', slotMinutes: 30,
      weekly: [{ weekday: 1, from: '09:00', to: '12:00', places: 1 }, { weekday: 1, from: '11:00', to: '13:00', places: 1 }],
    });
    expect([overlap.status, overlap.body.code, overlap.body.fields[0].code]).toEqual([422, 'invalid_calendar', 'interval_overlap']);
    expect(overlap.body.messages.it).toMatch(/non è valida/);

    const patched = await call('PATCH', `/api/staff/admin/desks/${id}`, adminCO, {
      nameIt: 'Sportello pensioni', nameEn: 'Pensions desk', descriptionIt: 'Pensioni e ricostituzioni', channels: ['phone', 'video'],
      topics: [{ key: 'pensione', it: 'Pensione', en: 'Pension' }], horizonDays: 45, minNoticeMinutes: 60,
      release: { weekday: 1, time: '08:00', weeksAhead: 1 }, priorityPercent: 25, priorityReleaseHours: 12, holdMinutes: 8, waitlistOfferMinutes: 60,
    });
    expect([patched.status, patched.body.applied]).toEqual([200, true]);
    const d = (await call('GET', `/api/staff/admin/offices/${co}`, adminCO)).body.desks.find((x: { id: string }) => x.id === id);
    expect(d).toMatchObject({
      nameIt: 'Sportello pensioni', channels: ['phone', 'video'], horizonDays: 45, minNoticeMinutes: 60, priorityPercent: 25,
      priorityReleaseHours: 12, holdMinutes: 8, waitlistOfferMinutes: 60, release: { weekday: 1, time: '08:00', weeksAhead: 1 },
    });
    const badSlot = await call('PATCH', `/api/staff/admin/desks/${id}`, adminCO, { slotMinutes: 25, nameIt: 'Non salvato' });
    expect([badSlot.status, badSlot.body.code, badSlot.body.fields[0].code]).toEqual([422, 'invalid_calendar', 'slot_length_not_dividing']);
    const past = await call('POST', `/api/staff/admin/desks/${id}/calendar`, adminCO, { addExceptions: [{ date: addDays(today(), -2), kind: 'closed' }] });
    expect([past.status, past.body.fields[0].code]).toEqual([422, 'exception_in_past']);
    const after = (await call('GET', `/api/staff/admin/offices/${co}`, adminCO)).body.desks.find((x: { id: string }) => x.id === id);
    expect([after.nameIt, after.slotMinutes, after.exceptions]).toEqual(['Sportello pensioni', 30, []]);
    const audit = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE resource_type = 'desk' AND resource_id = $1 AND outcome = 'success'", [id]);
    expect(audit.rows[0]!.n).toBe(2);
  });

  it('a longer slot that strands bookings goes through the same choice: 409, then move', async () => {
    const id = await newDesk('slot-lungo', 42, [{ weekday: 3, from: '09:00', to: '11:00', places: 1 }]);
    const wed = nextWeekday(3);
    const a = await book(id, rome(wed, '09:30'), 1); // 09:30 disappears with 60-minute slots
    const refused = await call('PATCH', `/api/staff/admin/desks/${id}`, adminCO, { slotMinutes: 60 });
    expect([refused.status, refused.body.code, refused.body.affected.map((x: { code: string }) => x.code)]).toEqual([409, 'bookings_affected', [a.booking.code]]);
    expect(refused.body.affected[0].fullName).toBe('Persona P.');
    const done = await call('PATCH', `/api/staff/admin/desks/${id}`, adminCO, { slotMinutes: 60, resolution: { action: 'move', reason: 'Slot più lunghi' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect([done.status, done.body.affected[0].outcome, done.body.affected[0].movedTo]).toEqual([200, 'moved', rome(wed, '09:00')]);
    expect((await bookingOf(a.booking.code)).status).toBe('booked');
  });

  it('a local holiday on a booked day: 409, then cancel with the reason; removing it opens the day again', async () => {
    const id = await newDesk('festa', 43, [{ weekday: 4, from: '09:00', to: '10:00', places: 2 }]);
    const thu = nextWeekday(4);
    const a = await book(id, rome(thu, '09:00'), 2);
    const holiday = { date: thu, name: 'Festa locale' };
    const refused = await call('POST', `/api/staff/admin/offices/${co}/holidays`, adminCO, holiday);
    expect([refused.status, refused.body.code, refused.body.affected[0].deskId]).toEqual([409, 'bookings_affected', id]);
    expect((await call('GET', `/api/staff/admin/offices/${co}/holidays`, adminCO)).body.items.some((h: { date: string }) => h.date === thu)).toBe(false);
    const done = await call('POST', `/api/staff/admin/offices/${co}/holidays`, adminCO, { ...holiday, resolution: { action: 'cancel', reason: 'Festa del patrono' } });
    expect([done.status, done.body.affected.map((x: { outcome: string }) => x.outcome)]).toEqual([200, ['cancelled']]);
    expect((await bookingOf(a.booking.code)).status).toBe('cancelled');
    const reopened = await call('DELETE', `/api/staff/admin/offices/${co}/holidays/${thu}`, adminCO);
    expect([reopened.status, reopened.body.added.filter((s: { deskId: string }) => s.deskId === id).length]).toEqual([200, 2]);
    const past = await call('POST', `/api/staff/admin/offices/${co}/holidays`, adminCO, { date: addDays(today(), -1), name: 'Ieri' });
    expect([past.status, past.body.fields[0].code]).toEqual([422, 'holiday_in_past']);
  });

  it('places follow the roster; a roster outside opening hours is refused; an absence that strands bookings forces the choice', async () => {
    const id = await newDesk('turni', 44, [{ weekday: 5, from: '09:00', to: '11:00', places: 3 }], { placesFollowRoster: true });
    const fri = nextWeekday(5);
    const [o1, o2, o3, opMI] = operators as [string, string, string, string];
    const outside = await call('PUT', `/api/staff/admin/desks/${id}/roster`, adminCO, { shifts: [{ operatorId: o1, weekday: 5, from: '08:00', to: '11:00' }] });
    expect([outside.status, outside.body.code, outside.body.fields[0].code]).toEqual([422, 'invalid_calendar', 'roster_outside_opening']);
    const stranger = await call('PUT', `/api/staff/admin/desks/${id}/roster`, adminCO, { shifts: [{ operatorId: opMI, weekday: 5, from: '09:00', to: '11:00' }] });
    expect([stranger.status, stranger.body.fields[0].code]).toEqual([422, 'not_an_operator']);
    const roster = await call('PUT', `/api/staff/admin/desks/${id}/roster`, adminCO, {
      shifts: [
        { operatorId: o1, weekday: 5, from: '09:00', to: '11:00' },
        { operatorId: o2, weekday: 5, from: '09:00', to: '11:00' },
        { operatorId: o3, weekday: 5, from: '10:00', to: '11:00' },
      ],
    });
    expect(roster.status, JSON.stringify(roster.body)).toBe(200);
    const slots = await fetch(`${server.url}/api/desks/${id}/slots?from=${fri}&to=${fri}`).then((r) => r.json());
    const capacity = slots.days[0].slots.map((s: { capacity: number }) => s.capacity);
    expect(capacity).toEqual([2, 2, 3, 3]);

    const a = await book(id, rome(fri, '09:00'), 3);
    const b = await book(id, rome(fri, '09:00'), 4);
    const absence = { operatorId: o2, from: fri, to: fri, kind: 'sick_leave' };
    const refused = await call('POST', `/api/staff/admin/offices/${co}/absences`, adminCO, absence);
    expect([refused.status, refused.body.code, refused.body.affected.map((x: { code: string }) => x.code)]).toEqual([409, 'bookings_affected', [b.booking.code]]);
    const done = await call('POST', `/api/staff/admin/offices/${co}/absences`, adminCO, { ...absence, resolution: { action: 'move', reason: 'Operatore in malattia' } });
    expect([done.status, done.body.affected[0].outcome]).toEqual([200, 'moved']);
    expect((await bookingOf(b.booking.code)).startsAt.getTime()).toBe(Date.parse(rome(fri, '09:30')));
    expect((await bookingOf(a.booking.code)).status).toBe('booked');
    const after = await fetch(`${server.url}/api/desks/${id}/slots?from=${fri}&to=${fri}`).then((r) => r.json());
    expect(after.days[0].slots.map((s: { capacity: number }) => s.capacity)).toEqual([1, 1, 2, 2]);
    const overbooked = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM slot WHERE taken > capacity');
    expect(overbooked.rows[0]!.n).toBe(0);

    const office = (await call('GET', `/api/staff/admin/offices/${co}`, adminCO)).body;
    const absenceId = office.absences.find((x: { operatorId: string }) => x.operatorId === o2).id;
    expect((await call('DELETE', `/api/staff/admin/offices/${co}/absences/${absenceId}`, adminCO)).status).toBe(200);
    const back = await fetch(`${server.url}/api/desks/${id}/slots?from=${fri}&to=${fri}`).then((r) => r.json());
    expect(back.days[0].slots.map((s: { capacity: number }) => s.capacity)).toEqual([2, 2, 3, 3]);

    // A roster change that leaves fewer operators than bookings goes through the same choice.
    const onlyOne = { shifts: [{ operatorId: o1, weekday: 5, from: '09:00', to: '11:00' }] };
    const preview = await call('PUT', `/api/staff/admin/desks/${id}/roster`, adminCO, { ...onlyOne, preview: true });
    expect([preview.status, preview.body.applied, preview.body.affected.length]).toEqual([200, false, 0]);
    const c = await book(id, rome(fri, '09:00'), 5); // 09:00 now holds a and c, 09:30 holds b
    const refusedRoster = await call('PUT', `/api/staff/admin/desks/${id}/roster`, adminCO, onlyOne);
    expect([refusedRoster.status, refusedRoster.body.code, refusedRoster.body.affected.map((x: { code: string }) => x.code)]).toEqual([409, 'bookings_affected', [c.booking.code]]);
    const cancelled = await call('PUT', `/api/staff/admin/desks/${id}/roster`, adminCO, { ...onlyOne, resolution: { action: 'cancel', reason: 'Un solo operatore' } });
    expect([cancelled.status, cancelled.body.affected.map((x: { outcome: string }) => x.outcome)]).toEqual([200, ['cancelled']]);
    expect((await bookingOf(c.booking.code)).status).toBe('cancelled');
    expect((await bookingOf(a.booking.code)).status).toBe('booked');
  });

  it("puts the roster's operators on duty today in the operator console, and an absence takes them off", async () => {
    const day = today();
    const id = await newDesk('oggi', 45, [{ weekday: weekdayOf(day), from: '00:00', to: '24:00', places: 1 }]);
    const o3 = operators[2]!;
    const roster = await call('PUT', `/api/staff/admin/desks/${id}/roster`, adminCO, { shifts: [{ operatorId: o3, weekday: weekdayOf(day), from: '00:00', to: '24:00' }] });
    expect(roster.status, JSON.stringify(roster.body)).toBe(200);
    const op = await sessionCookie(server.db, settings, { userId: o3 });
    const onDuty = async () => (await call('GET', '/api/staff/operator/agenda', op)).body.desks.find((d: { deskId: string }) => d.deskId === id)?.onDuty;
    expect(await onDuty()).toBe(true);
    const absent = await call('POST', `/api/staff/admin/offices/${co}/absences`, adminCO, { operatorId: o3, from: day, to: day, kind: 'training' });
    expect(absent.status, JSON.stringify(absent.body)).toBe(200);
    expect(await onDuty()).toBe(false);
    const past = await call('POST', `/api/staff/admin/offices/${co}/absences`, adminCO, { operatorId: o3, from: addDays(day, -3), to: addDays(day, -2), kind: 'training' });
    expect([past.status, past.body.code, past.body.fields[0].code]).toEqual([422, 'invalid_absence', 'absence_in_past']);
  });
});
