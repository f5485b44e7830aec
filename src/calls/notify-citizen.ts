import { enqueueNotification } from '../notifications/index.js';
import type { Queryable } from '../storage/db.js';

export type NoticeKind = 'missed_callback' | 'documents_needed' | 'follow_up_booked';

export interface NoticeData {
  /** missed_callback: calls tried. */
  attempts?: number;
  /** documents_needed: the documents ticked (labels in both languages) and the operator's note. */
  documents?: { it: string; en: string }[];
  note?: string | null;
  /** documents_needed: the booking's upload link (its token in the queue only until sent). */
  upload?: { linkId: string; token: string; expiresAt: string };
  /** follow_up_booked: the new booking, its PIN (in the queue only until sent) and the booking it comes from. */
  followUpBookingId?: string;
  pin?: string;
  from?: string;
}

/**
 * A notice owed to the citizen, recorded in call_notice (once per booking and kind) in the
 * same transaction as the outcome, and handed to the notifications queue at once:
 * "we tried to call you" (kind no_answer), the documents to send (documents_needed, on the
 * booking) and the follow-up booked (follow_up_booked, on the new booking: its code, time,
 * channel and PIN — the usual confirmation of that booking is then left out, this message
 * says it all). sent_at is set only when a channel took it. The PIN is erased from the job once the job is over (migration 0017).
 */
export async function owedNotice(tx: Queryable, bookingId: string, kind: NoticeKind, detail?: string | null, data: NoticeData = {}): Promise<void> {
  let queued: number;
  if (kind === 'missed_callback') {
    queued = await enqueueNotification(tx, { bookingId, kind: 'no_answer', key: bookingId, data: { attempts: data.attempts ?? 0 } });
  } else if (kind === 'documents_needed') {
    queued = await enqueueNotification(tx, { bookingId, kind: 'documents_needed', key: bookingId, data: {
      documents: data.documents ?? [], note: data.note ?? null,
      ...(data.upload ? { uploadLinkId: data.upload.linkId, uploadToken: data.upload.token, uploadUntil: data.upload.expiresAt } : {}),
    } });
  } else {
    const target = data.followUpBookingId!;
    queued = await enqueueNotification(tx, { bookingId: target, kind: 'follow_up_booked', key: target, data: { pin: data.pin, from: data.from } });
    // Only when this message goes out: else the confirmation is all the citizen gets.
    if (queued > 0) await tx.query(
      "UPDATE notification_job SET state = 'obsolete', updated_at = clock_timestamp() WHERE booking_id = $1 AND kind = 'booking_confirmed' AND state = 'pending'",
      [target],
    );
  }
  await tx.query(
    `INSERT INTO call_notice (booking_id, kind, detail, sent_at) VALUES ($1, $2, $3, CASE WHEN $4 THEN clock_timestamp() END)
     ON CONFLICT (booking_id, kind) DO UPDATE SET detail = EXCLUDED.detail, created_at = clock_timestamp(), sent_at = EXCLUDED.sent_at`,
    [bookingId, kind, detail ?? null, queued > 0],
  );
}
