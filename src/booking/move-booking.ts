import type { Queryable } from '../storage/db.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { bookingFor, type BookingAccess } from './find-booking.js';
import { claiming, ensureSlot, expireHolds, lockBookingById, setActor } from './booking.repository.js';
import { offerFreedPlace } from './offer-freed-place.js';
import { presentBooking, type BookingView } from './present-booking.js';
import { bookableDesk, lockCurrentSlot, resolveSlot } from './resolve-slot.js';

export interface MoveInput {
  code: string;
  /** The citizen's tax code, or a staff check of the booking (see BookingAccess). */
  who: BookingAccess;
  startMs: number;
  actor: string;
}

/**
 * Moves a booking to another slot of the same desk in one UPDATE: the database takes the
 * new place and frees the old one together, or refuses and nothing changes — the citizen
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
    const resolved = await lockCurrentSlot(q, deps, resolveSlot(deps, calendar, input.startMs));
    await claiming(async () => {
      await ensureSlot(q, row.deskId, resolved.slot, resolved.reserved, resolved.reservedUntilMs);
      await expireHolds(q, row.deskId, new Date(resolved.slot.startMs), deps.now());
      await q.query('UPDATE booking SET starts_at = $2, ends_at = $3, updated_at = now() WHERE id = $1', [
        row.id, new Date(resolved.slot.startMs), new Date(resolved.slot.endMs),
      ]);
    });
    deps.availability.touch(row.deskId);
    await offerFreedPlace(q, deps, row.deskId, new Date(row.startsAt));
    return presentBooking(q, (await lockBookingById(q, row.id))!);
  };
  return tx ? run(tx) : deps.db.transaction(run);
}
