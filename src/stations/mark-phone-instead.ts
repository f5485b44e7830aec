import { enqueueNotification } from '../notifications/index.js';
import type { Queryable } from '../storage/db.js';

export type PhoneInsteadReason = 'station_offline' | 'video_unavailable';

/**
 * A station appointment that the operator will phone instead (station offline, or the video
 * could not start): flagged once on the booking (the operator's agenda shows it) and the citizen
 * told through the notification queue, in the same transaction. True when newly flagged.
 */
export async function markPhoneInstead(tx: Queryable, bookingId: string, reason: PhoneInsteadReason, now: Date): Promise<boolean> {
  const r = await tx.query(
    `UPDATE booking SET phone_instead_at = $2, phone_instead_reason = $3, updated_at = now()
      WHERE id = $1 AND status = 'booked' AND station_id IS NOT NULL AND phone_instead_at IS NULL`,
    [bookingId, now, reason],
  );
  if (r.rowCount === 0) return false;
  await tx.query(
    "INSERT INTO booking_event (booking_id, kind, actor, detail) VALUES ($1, 'phone_instead', 'system', $2)",
    [bookingId, reason],
  );
  await enqueueNotification(tx, { bookingId, kind: 'station_phone_instead', key: bookingId, data: { reason } });
  return true;
}
