import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { lockBookingById, setActor } from './booking.repository.js';
import { tokenMatches } from './secrets.js';

/** The citizen gives back a held place (went back to choose another slot). */
export async function releaseHold(deps: BookingDeps, input: { holdId: string; token: string }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await setActor(tx, 'citizen');
    const hold = await lockBookingById(tx, input.holdId);
    if (!hold || hold.status !== 'held' || !tokenMatches(input.token, hold.holdTokenHash)) throw bookingErrors.holdNotFound();
    await tx.query("UPDATE booking SET status = 'expired', hold_token_hash = NULL, updated_at = now() WHERE id = $1", [hold.id]);
    deps.availability.touch(hold.deskId);
  });
}
