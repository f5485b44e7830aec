import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { BookingDeps } from './deps.js';
import { entryWithToken, positionOf, type WaitlistStatus } from './waitlist-entry.js';

export async function waitlistStatus(deps: BookingDeps, input: { entryId: string; token: string }): Promise<WaitlistStatus> {
  const entry = await entryWithToken(deps.db, input.entryId, input.token, false);
  const out: WaitlistStatus = { status: entry.status, code: entry.code, position: entry.status === 'waiting' ? await positionOf(deps.db, entry.id) : null };
  if (entry.status === 'offered' && entry.offeredBookingId) {
    const hold = await deps.db.query<{ startsAt: Date; endsAt: Date; expires: Date; status: string }>(
      'SELECT starts_at AS "startsAt", ends_at AS "endsAt", hold_expires_at AS expires, status FROM booking WHERE id = $1',
      [entry.offeredBookingId],
    );
    const h = hold.rows[0];
    if (h && h.status === 'held' && new Date(h.expires).getTime() > deps.now()) {
      out.offer = {
        start: toIsoWithOffset(new Date(h.startsAt).getTime()),
        end: toIsoWithOffset(new Date(h.endsAt).getTime()),
        expiresAt: toIsoWithOffset(new Date(h.expires).getTime()),
      };
    } else {
      out.status = 'expired';
    }
  }
  return out;
}
