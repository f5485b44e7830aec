import type { Queryable } from '../storage/db.js';
import { normaliseBookingCode } from '../domain/booking/booking-code.js';
import { checkTaxCode } from '../domain/person/tax-code.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { findBookingByCode, lockBookingByCode, type BookingRow } from './booking.repository.js';
import { presentBooking, type BookingView } from './present-booking.js';

/**
 * The booking with this code, when the tax code is the one it was made with. A wrong tax
 * code answers exactly like an unknown code: the pair is the citizen's key.
 */
export async function bookingOfCitizen(q: Queryable, code: string, taxCode: string, lock: boolean): Promise<BookingRow> {
  const normalised = normaliseBookingCode(code);
  const tax = checkTaxCode(taxCode);
  if (!normalised || !tax.ok) throw bookingErrors.bookingNotFound();
  const row = lock ? await lockBookingByCode(q, normalised) : await findBookingByCode(q, normalised);
  if (!row || row.taxCode !== tax.value || (row.status !== 'booked' && row.status !== 'cancelled')) throw bookingErrors.bookingNotFound();
  return row;
}

export async function findBooking(deps: BookingDeps, input: { code: string; taxCode: string }): Promise<BookingView> {
  const row = await bookingOfCitizen(deps.db, input.code, input.taxCode, false);
  return presentBooking(deps.db, row);
}
