import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeDeskCalendar } from '../../src/office-admin/change-desk-calendar.js';
import { changeOfficeCalendar } from '../../src/office-admin/change-office-calendar.js';
import { bookPlace } from '../../src/booking/book-place.js';
import { bookingDeps, deriveBookingSecret, type BookingDeps } from '../../src/booking/deps.js';
import { AppError } from '../../src/domain/errors.js';
import { addDays, weekdayOf } from '../../src/domain/schedule/time.js';
import { toIsoWithOffset } from '../../src/domain/schedule/zone.js';
import type { Db } from '../../src/storage/db.js';
import { isWorkingDay, romeDay, romeTime, workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { createStaff } from './identity-support.js';

const weekdays = (places: number) => ([1, 2, 3, 4, 5] as const).map((weekday) => ({ weekday, from: '09:00', to: '12:00', places }));
const at = (iso: string) => Date.parse(iso);
/** `day` at hh:mm in Rome, as the API writes a slot's start. */
const local = (day: string, hh: number, mm = 0) => toIsoWithOffset(romeTime(day, hh, mm));

/** The Monday of the first whole working week (Monday to Friday, no holiday) at least a week ahead. */
function workingWeek(): string {
  let monday = workingDay(7);
  while (weekdayOf(monday) !== 1 || ![0, 1, 2, 3, 4].every((d) => isWorkingDay(addDays(monday, d)))) monday = addDays(monday, 1);
  return monday;
}
// The desks' days: Tuesday to Friday of that week (the roster test needs its Friday).
const MONDAY = workingWeek();
const [TUE, WED, THU, FRI] = [1, 2, 3, 4].map((d) => addDays(MONDAY, d)) as [string, string, string, string];
const NOW = Date.now();

describe.each(testDatabases)('calendar changes that touch booked days on $name', (database) => {
  let db: Db;
  let deps: BookingDeps;
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => db.close());
  beforeEach(() => {
    deps = bookingDeps(db, deriveBookingSecret('y'.repeat(40)), { now: () => NOW });
  });

  const book = (deskId: string, start: string, i: number) =>
    bookPlace(deps, {
      deskId, startMs: at(start), taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: '+39 347 1234567', channel: 'phone',
      language: 'it', consent: true, source: 'staff', actor: 'staff:test',
    });
  const status = async (code: string) =>
    (await db.query<{ status: string; startsAt: Date }>('SELECT status, starts_at AS "startsAt" FROM booking WHERE code = $1', [code])).rows[0]!;
  const overbooked = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM slot WHERE taken > capacity')).rows[0]!.n;

  it('closing a booked day: previews, refuses to strand anyone silently, then moves each booking to the nearest free place', async () => {
    const { deskId } = await createTestDesk(db, { code: 'CH01', weekly: weekdays(2), horizonDays: 60, minNoticeMinutes: 60 });
    const a = await book(deskId, local(WED, 9), 1);
    const b = await book(deskId, local(WED, 9), 2);
    const c = await book(deskId, local(WED, 11, 50), 3);
    const close = { deskId, addExceptions: [{ date: WED, kind: 'closed' as const, reason: 'Sciopero' }], actor: 'staff:admin' };

    const preview = await changeDeskCalendar(deps, { ...close, preview: true });
    expect([preview.applied, preview.removed.length, preview.added.length]).toEqual([false, 18, 0]);
    expect(preview.affected.map((x) => x.code).sort()).toEqual([a.booking.code, b.booking.code, c.booking.code].sort());
    const refused = (await changeDeskCalendar(deps, close).catch((e: unknown) => e)) as AppError;
    expect([refused.code, (refused.extra.affected as unknown[]).length]).toEqual(['bookings_affected', 3]);
    const exceptions = await db.query("SELECT 1 FROM desk_exception e JOIN desk d ON d.id = e.desk_id WHERE d.id = $1", [deskId]);
    expect(exceptions.rows).toHaveLength(0); // nothing saved

    const done = await changeDeskCalendar(deps, { ...close, resolution: { action: 'move', reason: 'Sciopero' } });
    expect(done.applied).toBe(true);
    expect(done.affected.every((x) => x.outcome === 'moved')).toBe(true);
    // In order of booking time, each to the nearest free place: 09:00 → the day before at 11:50
    // (21 h 10 min away), 11:50 → the day after at 09:00 (21 h 10 min; the day before is 24 h).
    expect(done.affected.map((x) => [x.code, x.movedTo])).toEqual([
      [a.booking.code, local(TUE, 11, 50)],
      [b.booking.code, local(TUE, 11, 50)],
      [c.booking.code, local(THU, 9)],
    ]);
    for (const x of [a, b, c]) expect((await status(x.booking.code)).status).toBe('booked');
    expect(await overbooked()).toBe(0);
    const moved = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM booking_event e JOIN booking b ON b.id = e.booking_id WHERE b.desk_id = $1 AND e.kind = 'moved' AND e.detail = 'Sciopero'",
      [deskId],
    );
    expect(moved.rows[0]!.n).toBe(3);
  });

  it('reducing places below the booked count forces the same choice; cancel gives the reason', async () => {
    const { deskId } = await createTestDesk(db, { code: 'CH02', weekly: weekdays(2), horizonDays: 60, minNoticeMinutes: 60 });
    const first = await book(deskId, local(THU, 10), 11);
    const second = await book(deskId, local(THU, 10), 12);
    const change = { deskId, weekly: weekdays(1), actor: 'staff:admin' };
    expect(await changeDeskCalendar(deps, change).catch((e: AppError) => e.code)).toBe('bookings_affected');
    const done = await changeDeskCalendar(deps, { ...change, resolution: { action: 'cancel', reason: 'Un operatore in meno' } });
    expect(done.affected.map((x) => [x.code, x.outcome])).toEqual([[second.booking.code, 'cancelled']]); // the latest booked
    expect((await status(first.booking.code)).status).toBe('booked');
    const cancelled = await db.query<{ reason: string }>('SELECT cancel_reason AS reason FROM booking WHERE code = $1', [second.booking.code]);
    expect(cancelled.rows[0]!.reason).toBe('Un operatore in meno');
    expect(await overbooked()).toBe(0);
    const bad = (await changeDeskCalendar(deps, { deskId, weekly: [{ weekday: 1, from: '09:00', to: '09:05', places: 1 }], actor: 'x' }).catch((e: unknown) => e)) as AppError;
    expect([bad.status, bad.code]).toEqual([422, 'invalid_calendar']);
  });

  it('stays atomic under concurrent bookings: nobody overbooked, nobody lost', async () => {
    const { deskId } = await createTestDesk(db, { code: 'CH03', weekly: weekdays(3), horizonDays: 60, minNoticeMinutes: 60 });
    const starts = Array.from({ length: 18 }, (_, i) => local(FRI, 9 + Math.floor(i / 6), (i % 6) * 10));
    const attempts = Array.from({ length: 40 }, (_, i) => book(deskId, starts[i % starts.length]!, 100 + i).then((r) => r.booking.code, (e: AppError) => e.code));
    const change = changeDeskCalendar(deps, {
      deskId, addExceptions: [{ date: FRI, kind: 'closed', reason: 'Guasto rete' }], actor: 'staff:admin',
      resolution: { action: 'move', reason: 'Guasto rete' },
    });
    const [results] = await Promise.all([Promise.all(attempts), change]);
    const booked = results.filter((r) => /^CH03-/.test(r));
    expect(results.filter((r) => !/^CH03-/.test(r)).every((r) => ['slot_closed', 'slot_full'].includes(r))).toBe(true);
    const rows = await db.query<{ code: string; status: string; startsAt: Date }>(
      'SELECT code, status, starts_at AS "startsAt" FROM booking WHERE desk_id = $1', [deskId]);
    expect(rows.rows.filter((r) => r.status === 'booked').map((r) => r.code).sort()).toEqual(booked.sort()); // nobody lost
    for (const r of rows.rows) expect(romeDay(new Date(r.startsAt).getTime())).not.toBe(FRI);
    expect(await overbooked()).toBe(0);
  });

  it('an absence on a desk whose places follow the roster: atomic under concurrent bookings, nobody overbooked or lost', async () => {
    const { deskId } = await createTestDesk(db, { code: 'CH04', weekly: weekdays(3), horizonDays: 60, minNoticeMinutes: 60 });
    const ops = [];
    for (const n of [1, 2, 3]) ops.push(await createStaff(db, { username: `op.ch04.${n}`, grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'CH04' } }] }));
    const officeId = (await db.query<{ id: string }>("SELECT id FROM office WHERE code = 'CH04'")).rows[0]!.id;
    await changeDeskCalendar(deps, {
      deskId, actor: 'staff:admin', placesFollowRoster: true,
      roster: ops.map((operatorId) => ({ operatorId, weekday: 5 as const, from: '09:00', to: '12:00' })),
    });
    const starts = Array.from({ length: 18 }, (_, i) => local(FRI, 9 + Math.floor(i / 6), (i % 6) * 10));
    const attempts = Array.from({ length: 60 }, (_, i) => book(deskId, starts[i % starts.length]!, 300 + i).then((r) => r.booking.code, (e: AppError) => e.code));
    const absence = changeOfficeCalendar(deps, {
      officeId, actor: 'staff:admin', addAbsence: { operatorId: ops[2]!, from: FRI, to: FRI, kind: 'sick_leave' },
      resolution: { action: 'move', reason: 'Malattia' },
    });
    const [results, done] = await Promise.all([Promise.all(attempts), absence]);
    expect(done.applied).toBe(true);
    const booked = results.filter((r) => /^CH04-/.test(r));
    expect(results.filter((r) => !/^CH04-/.test(r)).every((r) => r === 'slot_full')).toBe(true);
    const rows = await db.query<{ code: string; startsAt: Date }>("SELECT code, starts_at AS \"startsAt\" FROM booking WHERE desk_id = $1 AND status = 'booked'", [deskId]);
    expect(rows.rows.map((r) => r.code).sort()).toEqual(booked.sort()); // nobody lost
    const perSlot = new Map<number, number>();
    for (const r of rows.rows) perSlot.set(new Date(r.startsAt).getTime(), (perSlot.get(new Date(r.startsAt).getTime()) ?? 0) + 1);
    // On the Friday two operators are left: never more than 2 bookings in a slot of that day.
    for (const [start, n] of perSlot) if (romeDay(start) === FRI) expect(n).toBeLessThanOrEqual(2);
    expect(await overbooked()).toBe(0);
    const cap = await db.query<{ n: number }>("SELECT max(capacity)::int AS n FROM slot WHERE desk_id = $1 AND starts_at >= $2 AND starts_at < $3", [deskId, new Date(romeTime(FRI, 0)), new Date(romeTime(addDays(FRI, 1), 0))]);
    expect(cap.rows[0]!.n).toBeLessThanOrEqual(2);
  });
});
