import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookPlace } from '../../src/booking/book-place.js';
import { cancelBooking } from '../../src/booking/cancel-booking.js';
import { bookingDeps, deriveBookingSecret, type BookingDeps } from '../../src/booking/deps.js';
import { firstAvailable, getAvailability, getAvailabilityJson } from '../../src/booking/get-availability.js';
import { holdPlace } from '../../src/booking/hold-place.js';
import { moveBooking } from '../../src/booking/move-booking.js';
import { sweep } from '../../src/booking/sweep.js';
import { verifyPin } from '../../src/booking/verify-pin.js';
import { acceptOffer } from '../../src/booking/accept-offer.js';
import { waitlistStatus } from '../../src/booking/get-waitlist-status.js';
import { joinWaitlist } from '../../src/booking/join-waitlist.js';
import { AppError } from '../../src/domain/errors.js';
import { dayNumberOf } from '../../src/domain/schedule/time.js';
import { localTimeToUtcMs, toIsoWithOffset } from '../../src/domain/schedule/zone.js';
import type { Db } from '../../src/storage/db.js';
import { romeDay, romeTime, workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
/** `day` at hh:mm in Rome, as the API writes a slot's start ("YYYY-MM-DDThh:mm:00+01:00"). */
const local = (day: string, hh: number, mm = 0) => toIsoWithOffset(romeTime(day, hh, mm));
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

function person(i: number, extra: Record<string, unknown> = {}) {
  return {
    taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: `+39 347 ${String(1000000 + i).slice(-7)}`,
    language: 'it' as const, consent: true, channel: 'phone' as const, source: 'web' as const, actor: 'citizen', ...extra,
  };
}

/** The first Christmas Day after the instant `ms` (a national holiday: the desks are closed). */
function nextChristmas(ms: number): string {
  const today = romeDay(ms);
  const year = Number(today.slice(0, 4));
  return today < `${year}-12-25` ? `${year}-12-25` : `${year + 1}-12-25`;
}

describe.each(testDatabases)('booking rules on $name', (database) => {
  let db: Db;
  let deps: BookingDeps;
  let clock: number;

  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => db.close());
  beforeEach(() => {
    clock = Date.now();
    deps = bookingDeps(db, deriveBookingSecret('x'.repeat(40)), { now: () => clock });
  });

  async function book(deskId: string, start: string, i: number, extra: Record<string, unknown> = {}) {
    const hold = await holdPlace(deps, { deskId, startMs: at(start), channel: 'phone', ...(extra.priority ? { priority: true } : {}) });
    return bookPlace(deps, { ...person(i, extra), hold: { id: hold.holdId, token: hold.holdToken } });
  }

  it('books the right instants on both daylight-saving change days, morning and afternoon', async () => {
    // 28 March 2027 is both the spring change day and Easter Sunday: the desk opens by exception.
    // These days are fixed facts of the calendar, so the clock is chosen before them.
    clock = at('2027-03-01T09:00:00+01:00');
    const { deskId } = await createTestDesk(db, { code: 'DS01', exceptions: [{ date: '2027-03-28', kind: 'extra', from: '08:00', to: '18:00', places: 2 }] });
    const cases = [
      ['2027-03-28T08:30:00+02:00', '2027-03-28T06:30:00.000Z'], // the clocks went 02:00 → 03:00 that night
      ['2027-03-28T14:00:00+02:00', '2027-03-28T12:00:00.000Z'],
      ['2027-10-31T08:30:00+01:00', '2027-10-31T07:30:00.000Z'], // the clocks went 03:00 → 02:00 that night
      ['2027-10-31T14:00:00+01:00', '2027-10-31T13:00:00.000Z'],
    ];
    for (const [i, [local, utc]] of cases.entries()) {
      const b = await book(deskId, local!, 100 + i);
      expect(b.booking.start).toBe(local);
      const row = await db.query<{ startsAt: Date }>('SELECT starts_at AS "startsAt" FROM booking WHERE code = $1', [b.booking.code]);
      expect(new Date(row.rows[0]!.startsAt).toISOString()).toBe(utc);
    }
    const spring = await getAvailability(deps, { deskId, from: '2027-03-27', to: '2027-03-30' });
    expect(spring.days.map((d) => d.slots[0]?.start)).toEqual(['2027-03-27T08:00:00+01:00', '2027-03-28T08:00:00+02:00', undefined, '2027-03-30T08:00:00+02:00']);
    expect(spring.days.map((d) => d.slots.length)).toEqual([60, 60, 0, 60]);
    expect(spring.days[2]!.closedReason).toBe('national_holiday'); // Easter Monday
    expect(await codeOf(holdPlace(deps, { deskId, startMs: at('2027-03-28T14:05:00+02:00'), channel: 'phone' }))).toBe('not_a_slot');
  });

  it('keeps next week closed until the release time, then opens it', async () => {
    const { deskId } = await createTestDesk(db, { code: 'RL01' });
    await db.query("UPDATE desk SET release_weekday = 1, release_time = '08:00', release_weeks_ahead = 1 WHERE id = $1", [deskId]);
    deps.calendars.invalidate();
    clock = at('2027-01-04T07:59:00+01:00'); // Monday
    const before = await getAvailability(deps, { deskId, from: '2027-01-08', to: '2027-01-12' });
    expect(before.days.map((d) => d.status)).toEqual(['open', 'open', 'open', 'not_yet_open', 'not_yet_open']);
    expect(before.days[3]!.opensAt).toBe('2027-01-04T08:00:00+01:00');
    const refused = (await holdPlace(deps, { deskId, startMs: at('2027-01-11T09:00:00+01:00'), channel: 'phone' }).catch((e: unknown) => e)) as AppError;
    expect([refused.code, refused.extra.opensAt]).toEqual(['slot_not_yet_open', '2027-01-04T08:00:00+01:00']);
    clock = at('2027-01-04T08:00:00+01:00');
    expect((await getAvailability(deps, { deskId, from: '2027-01-11', to: '2027-01-17' })).days.map((d) => d.status)).toEqual(Array(7).fill('open'));
    expect((await getAvailability(deps, { deskId, from: '2027-01-18', to: '2027-01-18' })).days[0]!.status).toBe('not_yet_open');
    expect(await codeOf(holdPlace(deps, { deskId, startMs: at('2027-01-11T09:00:00+01:00'), channel: 'phone' }))).toBe('ok');
  });

  it('frees an expired hold without any sweeper, and confirms a lapsed hold only if its place is still free', async () => {
    const { deskId } = await createTestDesk(db, { code: 'HX01', places: 1 });
    const day = workingDay(3, clock);
    const start = local(day, 10);
    const a = await holdPlace(deps, { deskId, startMs: at(start), channel: 'phone' });
    expect(await codeOf(holdPlace(deps, { deskId, startMs: at(start), channel: 'phone' }))).toBe('slot_full');
    const slotOf = async () => (await getAvailability(deps, { deskId, from: day, to: day })).days[0]!.slots.find((s) => s.start === start)!;
    expect((await slotOf()).remaining).toBe(0);
    clock += 11 * MIN; // the hold (10 minutes) lapses; nothing has run since
    expect((await slotOf()).remaining).toBe(1);
    const b = await holdPlace(deps, { deskId, startMs: at(start), channel: 'phone' });
    expect(await codeOf(bookPlace(deps, { ...person(1), hold: { id: a.holdId, token: a.holdToken } }))).toBe('hold_expired');
    expect(await codeOf(bookPlace(deps, { ...person(2), hold: { id: b.holdId, token: b.holdToken } }))).toBe('ok');

    const start2 = local(day, 10, 10);
    const c = await holdPlace(deps, { deskId, startMs: at(start2), channel: 'phone' });
    clock += 30 * MIN;
    const late = await bookPlace(deps, { ...person(3), hold: { id: c.holdId, token: c.holdToken } });
    expect(late.booking.start).toBe(start2);
    expect(await codeOf(bookPlace(deps, { ...person(4), hold: { id: c.holdId, token: 'wrong-token-xxxx' } }))).toBe('hold_not_found');
  });

  it('answers a slot the database has just found full without asking it again, until the desk changes or a second passes', async () => {
    const { deskId } = await createTestDesk(db, { code: 'FM01', places: 1 });
    const day = workingDay(3, clock);
    const start = local(day, 9, 30);
    const other = local(day, 9, 40);
    const hold = (s: string, actor?: string) => codeOf(holdPlace(deps, { deskId, startMs: at(s), channel: 'phone', ...(actor ? { actor } : {}) }));
    const asked = () => deps.claims.stats.hold.calls + deps.claims.stats.confirm.calls;
    const x = await book(deskId, start, 40);
    const before = asked();
    expect(await hold(start)).toBe('slot_full'); // the database says so…
    expect(asked()).toBe(before + 1);
    expect(await hold(start)).toBe('slot_full'); // …and within the second it is not asked again
    expect(asked()).toBe(before + 1);
    expect(await hold(start, 'staff:reception')).toBe('slot_full'); // staff always ask it
    const rows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE desk_id = $1 AND status IN ('held', 'booked')", [deskId]);
    expect(rows.rows[0]!.n).toBe(1);

    // A cancellation on this instance frees the place at once.
    await cancelBooking(deps, { code: x.booking.code, who: { taxCode: taxCodeFor(40) }, actor: 'citizen' });
    const again = await holdPlace(deps, { deskId, startMs: at(start), channel: 'phone' });
    expect(again.start).toBe(start);

    // Found full again; a place taken in another slot of the desk is a change: asked again.
    const n = asked();
    expect(await hold(start)).toBe('slot_full');
    await book(deskId, other, 41);
    expect(await hold(start)).toBe('slot_full');
    expect(asked()).toBe(n + 1 + 2 + 1);
    // A freed place the memory cannot know of (another instance's cancellation): at most a second late.
    await db.query("UPDATE booking SET status = 'expired' WHERE id = $1", [again.holdId]);
    expect(await hold(start)).toBe('slot_full');
    clock += 1_000;
    expect(await hold(start)).toBe('ok');
  });

  it('commits a citizen\'s hold without waiting for the WAL flush, and nothing else', async () => {
    const { deskId } = await createTestDesk(db, { code: 'HC01', places: 1 });
    const desk = (await db.query<{ v: string }>('SELECT calendar_version::text AS v FROM desk WHERE id = $1', [deskId])).rows[0]!;
    const starts = new Date(romeTime(workingDay(3, clock), 10));
    const ends = new Date(starts.getTime() + 10 * MIN);
    const claimSql = (fn: string) =>
      `SELECT booking_id AS id, current_setting('synchronous_commit') AS commit
         FROM ${fn}($1, $2, $3, $4, 1, 0, $3, now(), 'citizen', ARRAY['HC01-1-AAAAA', 'HC01-1-AAAAB'], $5)`;
    const held = JSON.stringify({ status: 'held', hold_expires_at: new Date(Date.now() + 10 * MIN), hold_token_hash: 'x'.repeat(64), channel: 'phone', source: 'web', waitlist_entry_id: null });
    const inTx = (fn: string, row: string) =>
      db.transaction(async (tx) => {
        const r = await tx.query<{ id: string; commit: string }>(claimSql(fn), [deskId, desk.v, starts, ends, row]);
        // what the transaction's commit will use, after the call
        const after = (await tx.query<{ commit: string }>("SELECT current_setting('synchronous_commit') AS commit")).rows[0]!.commit;
        throw Object.assign(new Error('rollback'), { result: { id: r.rows[0]!.id, after } });
      }).catch((e: { result?: { id: string; after: string } }) => e.result ?? Promise.reject(e));
    const viaHold = await inTx('hold_place', held);
    expect(viaHold.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(viaHold.after).toBe('off');
    expect((await inTx('claim_place', held)).after).not.toBe('off');
    // a booked place, or a waiting-list offer, is refused by hold_place and writes nothing
    const booked = JSON.stringify({ ...JSON.parse(held), status: 'booked', tax_code: taxCodeFor(9), full_name: 'P', phone: '+393471234567' });
    const offer = JSON.stringify({ ...JSON.parse(held), waitlist_entry_id: '00000000-0000-0000-0000-000000000001' });
    for (const row of [booked, offer]) {
      await expect(db.query(claimSql('hold_place'), [deskId, desk.v, starts, ends, row])).rejects.toThrow(/citizen's hold only/);
    }
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM booking WHERE desk_id = $1', [deskId])).rows[0]!.n).toBe(0);
    // through the use case: the hold is there once the call has returned
    const h = await holdPlace(deps, { deskId, startMs: starts.getTime(), channel: 'phone' });
    expect((await db.query<{ status: string }>('SELECT status FROM booking WHERE id = $1', [h.holdId])).rows[0]!.status).toBe('held');
  });

  it('moves atomically: a full target leaves the booking where it was; a free one moves it and frees the old place', async () => {
    const { deskId } = await createTestDesk(db, { code: 'MV01', places: 1 });
    const day = workingDay(3, clock);
    const x = await book(deskId, local(day, 9), 10);
    await book(deskId, local(day, 9, 10), 11);
    const taken = async (iso: string) => (await db.query<{ taken: number }>('SELECT taken FROM slot WHERE desk_id = $1 AND starts_at = $2', [deskId, new Date(iso)])).rows[0]?.taken ?? 0;
    const move = (iso: string) => moveBooking(deps, { code: x.booking.code, who: { taxCode: taxCodeFor(10) }, startMs: at(iso), actor: 'citizen' });
    expect(await codeOf(move(local(day, 9, 10)))).toBe('slot_full');
    const still = await db.query<{ startsAt: Date; status: string }>('SELECT starts_at AS "startsAt", status FROM booking WHERE code = $1', [x.booking.code]);
    expect([new Date(still.rows[0]!.startsAt).toISOString(), still.rows[0]!.status]).toEqual([new Date(romeTime(day, 9)).toISOString(), 'booked']);
    expect(await taken(local(day, 9))).toBe(1);
    const moved = await move(local(day, 9, 20));
    expect([moved.code, moved.start]).toEqual([x.booking.code, local(day, 9, 20)]);
    expect([await taken(local(day, 9)), await taken(local(day, 9, 20))]).toEqual([0, 1]);
    const history = await db.query<{ kind: string; actor: string; from: Date | null; to: Date | null }>(
      `SELECT e.kind, e.actor, e.from_starts_at AS "from", e.to_starts_at AS "to" FROM booking_event e JOIN booking b ON b.id = e.booking_id
        WHERE b.code = $1 ORDER BY e.id`, [x.booking.code]);
    expect(history.rows.map((h) => `${h.kind}/${h.actor}`)).toEqual(['held/citizen', 'booked/citizen', 'moved/citizen']);
    expect(new Date(history.rows[2]!.from!).toISOString()).toBe(new Date(romeTime(day, 9)).toISOString());
    await cancelBooking(deps, { code: x.booking.code, who: { taxCode: taxCodeFor(10) }, reason: 'risolto', actor: 'citizen' });
    expect(await taken(local(day, 9, 20))).toBe(0);
    expect(await codeOf(cancelBooking(deps, { code: x.booking.code, who: { taxCode: taxCodeFor(10) }, actor: 'citizen' }))).toBe('booking_not_active');
    expect(await codeOf(cancelBooking(deps, { code: x.booking.code, who: { taxCode: taxCodeFor(11) }, actor: 'citizen' }))).toBe('booking_not_found');
  });

  it('hands a freed place to the waiting list first, in order, and to the next when an offer lapses', async () => {
    clock = romeTime(workingDay(1, clock), 10); // inside office hours: the offer's 120 minutes run at once
    const day = workingDay(7, clock);
    const { deskId } = await createTestDesk(db, {
      code: 'WL01', weekly: [],
      exceptions: [{ date: day, kind: 'extra', from: '09:00', to: '09:10', places: 1 }],
    });
    const holder = await book(deskId, local(day, 9), 20);
    expect(await firstAvailable(deps, { deskId })).toBeNull();
    const w1 = await joinWaitlist(deps, { ...person(21), deskId, channel: 'phone' });
    const w2 = await joinWaitlist(deps, { ...person(22), deskId, channel: 'phone' });
    expect([w1.position, w2.position]).toEqual([1, 2]);
    expect(await codeOf(joinWaitlist(deps, { ...person(21), deskId, channel: 'phone' }))).toBe('already_waiting');
    expect(await codeOf(acceptOffer(deps, { entryId: w1.entryId, token: w1.token }))).toBe('no_offer');

    await cancelBooking(deps, { code: holder.booking.code, who: { taxCode: taxCodeFor(20) }, actor: 'citizen' });
    expect(await firstAvailable(deps, { deskId })).toBeNull(); // not back to general availability
    const s1 = await waitlistStatus(deps, { entryId: w1.entryId, token: w1.token });
    expect([s1.status, s1.offer?.start]).toEqual(['offered', local(day, 9)]);
    expect((await waitlistStatus(deps, { entryId: w2.entryId, token: w2.token })).position).toBe(1);
    const accepted = await acceptOffer(deps, { entryId: w1.entryId, token: w1.token });
    expect([accepted.booking.status, accepted.booking.fullName, accepted.pin]).toEqual(['booked', 'Persona 21', expect.stringMatching(/^\d{6}$/)]);

    await cancelBooking(deps, { code: accepted.booking.code, who: { taxCode: taxCodeFor(21) }, actor: 'citizen' });
    expect((await waitlistStatus(deps, { entryId: w2.entryId, token: w2.token })).status).toBe('offered');
    clock += 121 * MIN; // the offer (120 minutes) lapses
    const swept = await sweep(deps);
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect((await waitlistStatus(deps, { entryId: w2.entryId, token: w2.token })).status).toBe('expired');
    expect(await codeOf(acceptOffer(deps, { entryId: w2.entryId, token: w2.token }))).toBe('offer_expired');
    expect((await firstAvailable(deps, { deskId }))?.start).toBe(local(day, 9));
    expect(await codeOf(joinWaitlist(deps, { ...person(23), deskId, channel: 'phone' }))).toBe('places_available');
  });

  it('keeps priority places for priority citizens until they are released to everyone', async () => {
    const { deskId } = await createTestDesk(db, { code: 'PR01', places: 2 });
    await db.query('UPDATE desk SET priority_percent = 50, priority_release_hours = 24 WHERE id = $1', [deskId]);
    deps.calendars.invalidate();
    const day = workingDay(5, clock); // the test desk closes on holidays
    const reserved = (await getAvailability(deps, { deskId, from: day, to: day })).days[0]!.slots[3]!;
    expect([reserved.capacity, reserved.remaining]).toEqual([2, 1]);
    await book(deskId, reserved.start, 30);
    expect(await codeOf(book(deskId, reserved.start, 31))).toBe('slot_full');
    const view = (await getAvailability(deps, { deskId, from: day, to: day, priority: true })).days[0]!.slots[3]!;
    expect([view.remaining, view.state]).toEqual([1, 'open']);
    expect(await codeOf(book(deskId, reserved.start, 32, { priority: true }))).toBe('ok');
    expect(await codeOf(book(deskId, reserved.start, 33, { priority: true }))).toBe('slot_full');

    // Released: the priority window is longer than the time left before the slot.
    await db.query('UPDATE desk SET priority_release_hours = 720 WHERE id = $1', [deskId]);
    deps.calendars.invalidate();
    const released = (await getAvailability(deps, { deskId, from: day, to: day })).days[0]!.slots[5]!;
    expect(released.remaining).toBe(2);
    expect(await codeOf(book(deskId, released.start, 34))).toBe('ok');
    expect(await codeOf(book(deskId, released.start, 35))).toBe('ok');
  });

  it('claims against the desk\'s current calendar even when a stale one is cached, and shows each claim at once', async () => {
    const { deskId } = await createTestDesk(db, { code: 'SC01', places: 1 });
    const day = workingDay(5, clock);
    const start = romeTime(day, 9);
    const seen = async () => {
      const v = await getAvailabilityJson(deps, { deskId, from: day, to: day });
      return JSON.parse(v).days[0] as { status: string; slots: { start: string; remaining: number }[] };
    };
    // Warm both caches: the calendar (5 s) and the serialised answer (1 s).
    expect((await seen()).slots.find((s) => s.start === local(day, 9))?.remaining).toBe(1);
    await holdPlace(deps, { deskId, startMs: start, channel: 'phone' });
    // The hold shows at once in this instance, though the cached answer is younger than a second.
    expect((await seen()).slots.find((s) => s.start === local(day, 9))?.remaining).toBe(0);
    // Another instance closes the day: this one still has the old calendar in its cache…
    await db.query("INSERT INTO desk_exception (desk_id, day, kind, reason) VALUES ($1, $2, 'closed', 'sciopero')", [deskId, day]);
    // …but the claim is checked against the current one, under the calendar lock.
    expect(await codeOf(holdPlace(deps, { deskId, startMs: start + 10 * MIN, channel: 'phone' }))).toBe('slot_closed');
    expect((await seen()).status).toBe('closed');
    const held = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE desk_id = $1", [deskId]);
    expect(held.rows[0]!.n).toBe(1);
  });

  it('refuses bad input with the reason and writes nothing', async () => {
    const { deskId } = await createTestDesk(db, { code: 'ER01', minNoticeMinutes: 120, horizonDays: 60 });
    const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM booking')).rows[0]!.n;
    const before = await count();
    const ok = await holdPlace(deps, { deskId, startMs: at(await firstStart(deskId)), channel: 'phone' });
    const confirm = (extra: Record<string, unknown>) => codeOf(bookPlace(deps, { ...person(40), hold: { id: ok.holdId, token: ok.holdToken }, ...extra }));
    const bad = (await bookPlace(deps, { ...person(40), taxCode: 'RSSMRA85T10A562T', hold: { id: ok.holdId, token: ok.holdToken } }).catch((e: unknown) => e)) as AppError;
    expect([bad.status, bad.code, bad.fields[0]?.code]).toEqual([422, 'invalid_tax_code', 'check_letter']);
    expect(await confirm({ taxCode: 'RSSMRA85T10' })).toBe('invalid_tax_code');
    expect(await confirm({ phone: '12' })).toBe('invalid_phone');
    expect(await confirm({ consent: false })).toBe('consent_required');
    expect(await confirm({ topic: 'pensioni' })).toBe('unknown_topic');
    expect(await confirm({ channel: 'fax' })).toBe('channel_not_offered');
    expect(await count()).toBe(before + 1); // the hold only
    const now = Date.now();
    const slotIn = (ms: number) => now + ms - (now % 600_000) + 600_000;
    // A slot of the week before: the first bookable one's weekday and local time, 7 days earlier
    // (a real slot whatever the time of day now; the local time kept across a DST change).
    const first = await firstStart(deskId);
    const weekBefore = new Date(Date.parse(`${first.slice(0, 10)}T12:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    const pastSlot = localTimeToUtcMs(dayNumberOf(weekBefore), Number(first.slice(11, 13)) * 60 + Number(first.slice(14, 16)), 'Europe/Rome');
    expect(await codeOf(holdPlace(deps, { deskId, startMs: pastSlot, channel: 'phone' }))).toBe('slot_past');
    expect(await codeOf(holdPlace(deps, { deskId, startMs: slotIn(10 * MIN), channel: 'phone' }))).toMatch(/slot_too_soon|slot_closed|not_a_slot/);
    expect(await codeOf(holdPlace(deps, { deskId, startMs: romeTime(nextChristmas(now), 9), channel: 'phone' }))).toMatch(/slot_closed|slot_beyond_horizon/);
    expect(await codeOf(holdPlace(deps, { deskId, startMs: slotIn(90 * 86_400_000), channel: 'phone' }))).toMatch(/slot_beyond_horizon|slot_closed|not_a_slot/);
    expect(await codeOf(holdPlace(deps, { deskId: '00000000-0000-4000-8000-000000000000', startMs: now, channel: 'phone' }))).toBe('not_found');
    expect(await count()).toBe(before + 1);
  });

  it('checks the PIN, counts wrong ones and locks after five', async () => {
    const { deskId } = await createTestDesk(db, { code: 'PN01' });
    const b = await book(deskId, await firstStart(deskId), 50);
    const check = (pin: string) => codeOf(verifyPin(deps, { code: b.booking.code.toLowerCase(), pin, actor: 'staff:test' }));
    expect(await check(b.pin)).toBe('ok');
    const wrong = b.pin === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) expect(await check(wrong)).toBe('bad_pin');
    expect(await check(b.pin)).toBe('ok'); // resets the count
    for (let i = 0; i < 4; i++) expect(await check(wrong)).toBe('bad_pin');
    expect(await check(wrong)).toBe('pin_locked');
    expect(await check(b.pin)).toBe('pin_locked');
    const stored = await db.query<{ pinHash: string }>('SELECT pin_hash AS "pinHash" FROM booking WHERE code = $1', [b.booking.code]);
    expect(stored.rows[0]!.pinHash).not.toContain(b.pin);
  });

  async function firstStart(deskId: string): Promise<string> {
    const f = await firstAvailable(deps, { deskId });
    return f!.start;
  }
});
