import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { lockBookingById, setActor } from './booking.repository.js';
import { tokenMatches } from './secrets.js';

/**
 * More time to fill in the form (WCAG 2.2.1 Timing adjustable): a live hold is extended once,
 * by the desk's hold length, before it lapses. Waiting-list offers keep their own window.
 * The database decides: one statement, only while the hold is live and not yet extended.
 */
export async function extendHold(deps: BookingDeps, input: { holdId: string; token: string }): Promise<{ expiresAt: string; extended: true }> {
  return deps.db.transaction(async (tx) => {
    await setActor(tx, 'citizen');
    const hold = await lockBookingById(tx, input.holdId);
    if (!hold || hold.status !== 'held' || hold.waitlistEntryId || !tokenMatches(input.token, hold.holdTokenHash)) throw bookingErrors.holdNotFound();
    const now = new Date(deps.now());
    const r = await tx.query<{ expiresAt: Date }>(
      `UPDATE booking b SET hold_expires_at = b.hold_expires_at + make_interval(mins => d.hold_minutes), hold_extended = true, updated_at = now()
         FROM desk d
        WHERE b.id = $1 AND d.id = b.desk_id AND b.status = 'held' AND NOT b.hold_extended AND b.hold_expires_at > $2
        RETURNING b.hold_expires_at AS "expiresAt"`,
      [hold.id, now],
    );
    const row = r.rows[0];
    if (!row) {
      if (hold.holdExpiresAt && hold.holdExpiresAt.getTime() <= now.getTime()) throw bookingErrors.holdExpired();
      throw bookingErrors.holdAlreadyExtended();
    }
    return { expiresAt: row.expiresAt.toISOString(), extended: true as const };
  });
}
