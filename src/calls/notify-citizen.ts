import { enqueueNotification } from '../notifications/queue.js';
import type { Queryable } from '../storage/db.js';

export type NoticeKind = 'missed_callback' | 'documents_needed' | 'follow_up_booked';

/**
 * A notice owed to the citizen, recorded in call_notice (once per booking and kind) in the
 * same transaction as the outcome. "We tried to call you" goes to the notifications queue
 * at once (kind no_answer, one per booking) and is marked handed over; the documents to
 * send and the follow-up booked have no notification kind yet and wait in call_notice
 * (sent_at NULL). The follow-up booking itself gets the usual booking confirmation.
 */
export async function owedNotice(tx: Queryable, bookingId: string, kind: NoticeKind, detail?: string | null, data?: { attempts?: number }): Promise<void> {
  let queued = false;
  if (kind === 'missed_callback') {
    await enqueueNotification(tx, { bookingId, kind: 'no_answer', key: bookingId, data: { attempts: data?.attempts ?? 0 } });
    queued = true;
  }
  await tx.query(
    `INSERT INTO call_notice (booking_id, kind, detail, sent_at) VALUES ($1, $2, $3, CASE WHEN $4 THEN clock_timestamp() END)
     ON CONFLICT (booking_id, kind) DO UPDATE SET detail = EXCLUDED.detail, created_at = clock_timestamp(), sent_at = EXCLUDED.sent_at`,
    [bookingId, kind, detail ?? null, queued],
  );
}
