import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { bookingFor, type BookingAccess } from './find-booking.js';
import { lockBookingById, setActor } from './booking.repository.js';
import { offerFreedPlace } from './offer-freed-place.js';
import { presentBooking, type BookingView } from './present-booking.js';
import type { Queryable } from '../storage/db.js';

export interface CancelInput {
  code: string;
  /** The citizen's tax code, or a staff check of the booking (see BookingAccess). */
  who: BookingAccess;
  reason?: string | undefined;
  actor: string;
}

/** Cancels a future booking; the freed place goes first to the desk's waiting list. */
export async function cancelBooking(deps: BookingDeps, input: CancelInput, tx?: Queryable): Promise<BookingView> {
  const run = async (q: Queryable) => {
    await setActor(q, input.actor);
    const row = await bookingFor(q, input.code, input.who, true);
    if (row.status !== 'booked') throw bookingErrors.bookingNotActive();
    if (new Date(row.startsAt).getTime() <= deps.now()) throw bookingErrors.bookingPast();
    await q.query(
      "UPDATE booking SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3, updated_at = now() WHERE id = $1",
      [row.id, new Date(deps.now()), input.reason?.trim() || null],
    );
    deps.availability.touch(row.deskId);
    await offerFreedPlace(q, deps, row.deskId, new Date(row.startsAt));
    return presentBooking(q, (await lockBookingById(q, row.id))!);
  };
  return tx ? run(tx) : deps.db.transaction(run);
}
