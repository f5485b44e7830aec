// More time (issue 21 §4, WCAG 2.2.1): a live hold is extended once by its own length; not a
// second time, not after it lapsed, not with another's token, not a waiting-list offer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { extendHold } from '../../src/booking/extend-hold.js';
import { getAvailability } from '../../src/booking/get-availability.js';
import { holdPlace } from '../../src/booking/hold-place.js';
import { AppError } from '../../src/domain/errors.js';
import type { Db } from '../../src/storage/db.js';
import { workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk } from '../support/test-desk.js';

const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

describe.each(testDatabases)('extending a hold on $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => db.close());

  it('extends a live hold once, by the desk’s hold length; never twice, never after it lapsed', async () => {
    let clock = Date.now();
    const deps = bookingDeps(db, deriveBookingSecret('x'.repeat(40)), { now: () => clock });
    const { deskId } = await createTestDesk(db, { code: 'HX01' });
    const day = workingDay(2, clock);
    const slots = (await getAvailability(deps, { deskId, from: day, to: day })).days[0]!.slots;
    const hold = await holdPlace(deps, { deskId, startMs: Date.parse(slots[1]!.start), channel: 'phone' });
    const before = Date.parse(hold.expiresAt);

    expect(await codeOf(extendHold(deps, { holdId: hold.holdId, token: 'x'.repeat(43) }))).toBe('hold_not_found');
    const extended = await extendHold(deps, { holdId: hold.holdId, token: hold.holdToken });
    expect(Date.parse(extended.expiresAt) - before).toBe(10 * 60_000); // the desk's hold length (default 10 minutes)
    expect(await codeOf(extendHold(deps, { holdId: hold.holdId, token: hold.holdToken }))).toBe('hold_already_extended');
    const row = await db.query<{ e: Date }>('SELECT hold_expires_at AS e FROM booking WHERE id = $1', [hold.holdId]);
    expect(row.rows[0]!.e.toISOString()).toBe(extended.expiresAt);

    // Another hold, lapsed: too late.
    const late = await holdPlace(deps, { deskId, startMs: Date.parse(slots[2]!.start), channel: 'phone' });
    clock = Date.parse(late.expiresAt) + 1_000;
    expect(await codeOf(extendHold(deps, { holdId: late.holdId, token: late.holdToken }))).toBe('hold_expired');
  });
});
