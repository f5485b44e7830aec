// The "already booked at this desk" answer before the last step (issue 21 §2), on both
// databases: bound to a live hold, at most two checks per hold, and a yes is the confirmation's
// own refusal — naming nothing, the place given back at once, the details sent to the existing
// booking's own contact. The rule itself is the booking trigger's (one function, migration 0038).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookPlace } from '../../src/booking/book-place.js';
import { checkHoldPerson } from '../../src/booking/check-hold-person.js';
import { bookingDeps, deriveBookingSecret, type BookingDeps } from '../../src/booking/deps.js';
import { holdPlace } from '../../src/booking/hold-place.js';
import { AppError } from '../../src/domain/errors.js';
import { addDays } from '../../src/domain/schedule/time.js';
import { toIsoWithOffset } from '../../src/domain/schedule/zone.js';
import type { Db } from '../../src/storage/db.js';
import { romeTime, workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';

const codeOf = async (p: Promise<unknown>) => p.then((v) => (v as { outcome: string }).outcome ?? 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));
const DAY = workingDay(3);
const local = (hh: number, mm = 0) => Date.parse(toIsoWithOffset(romeTime(DAY, hh, mm)));

function person(i: number, extra: Record<string, unknown> = {}) {
  return {
    taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: `+39 347 ${String(2000000 + i).slice(-7)}`, email: `q${i}@example.it`,
    language: 'it' as const, consent: true, channel: 'phone' as const, source: 'web' as const, actor: 'citizen', ...extra,
  };
}

describe.each(testDatabases)('the early "already booked" check on $name', (database) => {
  let db: Db;
  let deps: BookingDeps;
  let clock: number;
  let deskId: string;

  beforeAll(async () => {
    db = await database.open();
    deskId = (await createTestDesk(db, { code: 'PC01', places: 1 })).deskId;
  });
  afterAll(async () => db.close());
  beforeEach(() => {
    clock = romeTime(addDays(DAY, -1), 9);
    deps = bookingDeps(db, deriveBookingSecret('x'.repeat(40)), { now: () => clock });
  });

  const hold = (hh: number, mm = 0) => holdPlace(deps, { deskId, startMs: local(hh, mm), channel: 'phone' });
  const status = async (id: string) => (await db.query<{ status: string }>('SELECT status FROM booking WHERE id = $1', [id])).rows[0]!.status;

  it('answers clear for a new person, and for a person already booked frees the place and tells only their own contact', async () => {
    await db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'email'");
    const h0 = await hold(9);
    const existing = await bookPlace(deps, { ...person(1, { email: 'owner@example.it' }), hold: { id: h0.holdId, token: h0.holdToken } });
    const jobs = async () => (await db.query<{ bookingId: string }>(
      `SELECT b.code AS "bookingId" FROM notification_job j JOIN booking b ON b.id = j.booking_id WHERE j.kind = 'booking_details'`,
    )).rows.map((r) => r.bookingId);
    const before = (await jobs()).length;

    const h = await hold(10);
    expect(await codeOf(checkHoldPerson(deps, { holdId: h.holdId, token: h.holdToken, taxCode: taxCodeFor(2) }))).toBe('clear');
    expect(await status(h.holdId)).toBe('held');
    // the same person, typed in lower case: the confirmation's own refusal, naming nothing
    const err = (await checkHoldPerson(deps, { holdId: h.holdId, token: h.holdToken, taxCode: taxCodeFor(1).toLowerCase() }).catch((e: unknown) => e)) as AppError;
    expect([err.status, err.code]).toEqual([409, 'already_booked']);
    expect(JSON.stringify(err.messages)).not.toContain(existing.booking.code.slice(0, 4));
    // the place went back at once: someone else holds it
    expect(await status(h.holdId)).toBe('expired');
    expect(await codeOf(hold(10))).toBe('ok');
    // the existing booking's details go to its own contact
    expect((await jobs()).slice(before)).toEqual([existing.booking.code]);
    // the spent hold answers nothing more
    expect(await codeOf(checkHoldPerson(deps, { holdId: h.holdId, token: h.holdToken, taxCode: taxCodeFor(2) }))).toBe('hold_not_found');
  });

  it('checks twice per hold at most; then the confirmation decides (and still refuses)', async () => {
    const h = await hold(11);
    const check = (i: number) => codeOf(checkHoldPerson(deps, { holdId: h.holdId, token: h.holdToken, taxCode: taxCodeFor(i) }));
    expect(await check(3)).toBe('clear');
    expect(await check(4)).toBe('clear');
    // a third probe, even with a booked person's code, learns nothing and keeps the hold
    expect(await check(1)).toBe('not_checked');
    expect(await status(h.holdId)).toBe('held');
    expect(await codeOf(bookPlace(deps, { ...person(5, { taxCode: taxCodeFor(1) }), hold: { id: h.holdId, token: h.holdToken } }))).toBe('already_booked');
  });

  it('refuses a wrong token, a lapsed hold and a bad tax code', async () => {
    const h = await hold(12);
    expect(await codeOf(checkHoldPerson(deps, { holdId: h.holdId, token: 'y'.repeat(43), taxCode: taxCodeFor(6) }))).toBe('hold_not_found');
    expect(await codeOf(checkHoldPerson(deps, { holdId: crypto.randomUUID(), token: h.holdToken, taxCode: taxCodeFor(6) }))).toBe('hold_not_found');
    expect(await codeOf(checkHoldPerson(deps, { holdId: h.holdId, token: h.holdToken, taxCode: 'RSSMRA85T10A562X' }))).toMatch(/tax_code/);
    clock = Date.parse(h.expiresAt) + 1_000;
    expect(await codeOf(checkHoldPerson(deps, { holdId: h.holdId, token: h.holdToken, taxCode: taxCodeFor(6) }))).toBe('hold_expired');
    // checks that were refused used none of the hold's turns
    expect((await db.query<{ n: number }>('SELECT person_checks AS n FROM booking WHERE id = $1', [h.holdId])).rows[0]!.n).toBe(0);
  });
});
