import { makePin } from '../domain/booking/booking-code.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { claiming, lockBookingById, setActor } from './booking.repository.js';
import { presentBooking } from './present-booking.js';
import { hashPin } from './secrets.js';
import type { NewBooking } from './book-place.js';
import { entryWithToken } from './waitlist-entry.js';

/** Accepts the place offered: the hold becomes a booking with the data given when joining. */
export async function acceptOffer(deps: BookingDeps, input: { entryId: string; token: string }): Promise<NewBooking> {
  return deps.db.transaction(async (tx) => {
    await setActor(tx, 'citizen');
    const entry = await entryWithToken(tx, input.entryId, input.token, true);
    if (entry.status === 'waiting') throw bookingErrors.noOffer();
    if (entry.status !== 'offered' || !entry.offeredBookingId) throw bookingErrors.offerExpired();
    const hold = await lockBookingById(tx, entry.offeredBookingId);
    if (!hold || hold.status !== 'held' || new Date(hold.holdExpiresAt!).getTime() <= deps.now()) throw bookingErrors.offerExpired();
    const pin = makePin(deps.random);
    await claiming(() =>
      tx.query(
        `UPDATE booking b SET status = 'booked', hold_expires_at = NULL, pin_hash = $2, tax_code = w.tax_code,
                full_name = w.full_name, phone = w.phone, email = w.email, topic = w.topic, notes = w.notes,
                channel = CASE WHEN w.channel = ANY(d.channels) THEN w.channel ELSE b.channel END,
                language = w.language, consent_at = w.consent_at, priority = w.priority, booked_at = $3, updated_at = now()
           FROM waitlist_entry w, desk d
          WHERE b.id = $1 AND w.id = b.waitlist_entry_id AND d.id = b.desk_id`,
        [hold.id, hashPin(deps.secret, pin), new Date(deps.now())],
      ),
    );
    await tx.query("UPDATE waitlist_entry SET status = 'booked', updated_at = now() WHERE id = $1", [entry.id]);
    return { booking: await presentBooking(tx, (await lockBookingById(tx, hold.id))!), pin };
  });
}
