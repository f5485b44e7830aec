import type { BookingDeps } from './deps.js';
import { setActor } from './booking.repository.js';
import { entryWithToken, type WaitlistStatus } from './waitlist-entry.js';

/** Leaves the waiting list; a place on offer is released (and offered to the next in line by the sweeper). */
export async function leaveWaitlist(deps: BookingDeps, input: { entryId: string; token: string }): Promise<WaitlistStatus> {
  return deps.db.transaction(async (tx) => {
    await setActor(tx, 'citizen');
    const entry = await entryWithToken(tx, input.entryId, input.token, true);
    if (entry.status === 'offered' && entry.offeredBookingId) {
      const freed = await tx.query<{ deskId: string }>(
        "UPDATE booking SET status = 'expired', updated_at = now() WHERE id = $1 AND status = 'held' RETURNING desk_id AS \"deskId\"",
        [entry.offeredBookingId],
      );
      for (const r of freed.rows) deps.availability.touch(r.deskId);
    }
    if (entry.status === 'waiting' || entry.status === 'offered') {
      await tx.query("UPDATE waitlist_entry SET status = 'left', updated_at = now() WHERE id = $1", [entry.id]);
      return { status: 'left' as const, code: entry.code, position: null };
    }
    return { status: entry.status, code: entry.code, position: null };
  });
}
