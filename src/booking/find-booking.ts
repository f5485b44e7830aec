import type { Queryable } from '../storage/db.js';
import { checkTaxCode, taxCodeKey } from '../domain/person/tax-code.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { bookingsByTypedCode, type BookingRow } from './booking.repository.js';
import { presentBooking, type BookingView } from './present-booking.js';

/**
 * The booking with this code, when the tax code is the one it was made with. A wrong tax
 * code answers exactly like an unknown code: the pair is the citizen's key.
 */
export async function bookingOfCitizen(q: Queryable, code: string, taxCode: string, lock: boolean): Promise<BookingRow> {
  const tax = checkTaxCode(taxCode);
  if (!tax.ok) throw bookingErrors.bookingNotFound();
  const key = taxCodeKey(tax.value);
  const row = (await bookingsByTypedCode(q, code, lock))
    .find((r) => r.taxCode && taxCodeKey(r.taxCode) === key && (r.status === 'booked' || r.status === 'cancelled'));
  if (!row) throw bookingErrors.bookingNotFound();
  return row;
}

/** Who may touch a booking: the citizen (code + tax code), or staff after a check of the row. */
export type BookingAccess = { taxCode: string } | { check: (row: BookingRow, q: Queryable) => Promise<void> | void };

/** The booking with this code for this caller, locked when asked; 404 when the caller may not know it. */
export async function bookingFor(q: Queryable, code: string, who: BookingAccess, lock: boolean): Promise<BookingRow> {
  if ('taxCode' in who) return bookingOfCitizen(q, code, who.taxCode, lock);
  const rows = (await bookingsByTypedCode(q, code, lock)).filter((r) => r.status === 'booked' || r.status === 'cancelled');
  // Several only if office codes fold alike (the import refuses that): staff must name one.
  const row = rows.length === 1 ? rows[0] : undefined;
  if (!row) throw bookingErrors.bookingNotFound();
  await who.check(row, q);
  return row;
}

export async function findBooking(deps: BookingDeps, input: { code: string; taxCode: string }): Promise<BookingView> {
  const row = await bookingOfCitizen(deps.db, input.code, input.taxCode, false);
  return presentBooking(deps.db, row);
}
