import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookPlace } from '../../src/booking/book-place.js';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { findBooking } from '../../src/booking/find-booking.js';
import { findBookings } from '../../src/booking/find-bookings.js';
import { getAvailability } from '../../src/booking/get-availability.js';
import { holdPlace } from '../../src/booking/hold-place.js';
import { verifyPin } from '../../src/booking/verify-pin.js';
import { AppError } from '../../src/domain/errors.js';
import type { Db } from '../../src/storage/db.js';
import { workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';

const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

describe.each(testDatabases)('booking codes as citizens type them, on $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => db.close());

  it('finds a booking from its code without dashes, in lower case, with 0/O and 1/I/L confused; the same answer for a wrong tax code', async () => {
    const clock = Date.now();
    const deps = bookingDeps(db, deriveBookingSecret('x'.repeat(40)), { now: () => clock });
    const { deskId } = await createTestDesk(db, { code: 'CO10' });
    const day = workingDay(3, clock);
    const slot = (await getAvailability(deps, { deskId, from: day, to: day })).days[0]!.slots[2]!;
    const hold = await holdPlace(deps, { deskId, startMs: Date.parse(slot.start), channel: 'phone' });
    const taxCode = taxCodeFor(4242);
    const made = await bookPlace(deps, {
      taxCode, fullName: 'Persona Prova', phone: '+39 347 1234567', language: 'it', consent: true, channel: 'phone', source: 'web', actor: 'citizen',
      hold: { id: hold.holdId, token: hold.holdToken },
    });
    const code = made.booking.code;
    expect(code).toMatch(/^CO10-1-[2-9A-HJKMNP-Z]{5}$/);
    const tail = code.slice(-5);
    for (const typed of [code, code.toLowerCase(), `CO101${tail}`, `C010-1-${tail}`, `col0 l ${tail.toLowerCase()}`, ` c o 1 o 1 ${tail} `]) {
      expect((await findBooking(deps, { code: typed, taxCode: taxCode.toLowerCase() })).code, typed).toBe(code);
    }
    // The tax code is still the other half of the key; the answer does not say the code exists.
    expect(await codeOf(findBooking(deps, { code: `C010-1-${tail}`, taxCode: taxCodeFor(4243) }))).toBe('booking_not_found');
    expect(await codeOf(findBooking(deps, { code: `C010-2-${tail}`, taxCode }))).toBe('booking_not_found');
    // Staff search and the PIN check at the call read it the same way.
    expect((await findBookings(db, { code: `c0l01${tail}` }, clock)).map((b) => b.code)).toEqual([code]);
    expect(await verifyPin(deps, { code: `C0101${tail}`, pin: made.pin, actor: 'operator' })).toEqual({ ok: true, failures: 0 });
  });
});
