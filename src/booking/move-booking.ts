import type { Queryable } from '../storage/db.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { bookingFor, type BookingAccess } from './find-booking.js';
import { claiming, lockBookingById, movePlace, setActor } from './booking.repository.js';
import { onCurrentCalendar, STALE } from './claim-place.js';
import { offerFreedPlace } from './offer-freed-place.js';
import { presentBooking, type BookingView } from './present-booking.js';
import { bookableDesk, resolveSlot } from './resolve-slot.js';

export interface MoveInput {
  code: string;
  /** The citizen's tax code, or a staff check of the booking (see BookingAccess). */
  who: BookingAccess;
  startMs: number;
  actor: string;
}

/**
 * Moves a booking to another slot of the same desk in one call (`move_place`, the claims' own
 * steps, migration 0041): the database takes the new place and frees the old one together, or refuses and nothing changes — the citizen
 * never loses the old place without getting the new one. The code and PIN stay the same.
 */
export async function moveBooking(deps: BookingDeps, input: MoveInput, tx?: Queryable): Promise<BookingView> {
  const run = async (q: Queryable) => {
    await setActor(q, input.actor);
    const row = await bookingFor(q, input.code, input.who, true);
    if (row.status !== 'booked') throw bookingErrors.bookingNotActive();
    if (new Date(row.startsAt).getTime() <= deps.now()) throw bookingErrors.bookingPast();
    const calendar = await bookableDesk(deps, row.deskId, undefined, q);
    if (input.startMs === new Date(row.startsAt).getTime()) return presentBooking(q, row);
    // The same claim path as a hold or a booking (move_place, migration 0041).
    await onCurrentCalendar(q, deps, resolveSlot(deps, calendar, input.startMs), async (r) => (
      await claiming(() => movePlace(q, row.id, row.deskId, r.calendar.version, r.slot, r.reserved, r.reservedUntilMs, deps.now())) ? true : STALE
    ));
    deps.availability.touch(row.deskId);
    await offerFreedPlace(q, deps, row.deskId, new Date(row.startsAt));
    return presentBooking(q, (await lockBookingById(q, row.id))!);
  };
  return tx ? run(tx) : deps.db.transaction(run);
}
