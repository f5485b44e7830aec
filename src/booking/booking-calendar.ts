import { appointmentIcs } from '../domain/booking/appointment-ics.js';
import type { Queryable } from '../storage/db.js';
import type { BookingView } from './present-booking.js';

/**
 * The booking as the calendar file the citizen downloads: the same writer, UID and SEQUENCE
 * (one per move or cancellation) as the file attached to the e-mails, so importing both keeps
 * one event in the citizen's calendar.
 */
export async function bookingIcs(db: Queryable, b: BookingView, now: Date): Promise<string> {
  const changes = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM booking_event e JOIN booking k ON k.id = e.booking_id
      WHERE k.code = $1 AND e.kind IN ('moved', 'cancelled')`,
    [b.code],
  );
  return appointmentIcs({
    code: b.code,
    startMs: new Date(b.start).getTime(),
    endMs: new Date(b.end).getTime(),
    language: b.language,
    deskName: b.language === 'it' ? b.desk.name.it : b.desk.name.en,
    officeName: b.office.name,
    video: b.channel === 'video',
    cancelled: b.status === 'cancelled',
    sequence: changes.rows[0]?.n ?? 0,
    stampMs: now.getTime(),
  });
}
