/**
 * What the system did about a booking's messages, told truthfully: the jobs the queue holds
 * for it (queued, sent, failed…), where each goes (masked), and, when the channel is the demo
 * outbox, the message itself as the citizen would have got it (.ics included).
 */
import type { Queryable } from '../storage/db.js';
import type { Channel, JobState, NotificationKind } from './kinds.js';
import type { z } from 'zod';
import type { bookingMessage, channelState as channelStateView, outboxEntry } from './routes.schema.js';

/** A message about a booking: the `bookingMessage` schema of POST /api/bookings/messages. */
export type BookingMessage = z.output<typeof bookingMessage>;
export type OutboxMessage = NonNullable<BookingMessage['message']>;

export type ChannelState = z.output<typeof channelStateView>;

export function maskRecipient(channel: Channel, to: string | null): string | null {
  if (!to) return null;
  if (channel === 'email') {
    const [user = '', domain = ''] = to.split('@');
    return `${user.slice(0, 1)}•••@${domain}`;
  }
  if (channel === 'sms') return `${to.slice(0, 3)}•••${to.slice(-3)}`;
  return `${to.slice(0, 3)}•••${to.slice(-1)}`; // App IO: the tax code
}

export async function channelState(db: Queryable): Promise<ChannelState> {
  const r = await db.query<{ live: boolean; outbox: boolean }>(
    'SELECT COALESCE(bool_or(enabled AND NOT demo_outbox), false) AS live, COALESCE(bool_or(enabled AND demo_outbox), false) AS outbox FROM notification_channel',
  );
  return { live: r.rows[0]?.live ?? false, demoOutbox: r.rows[0]?.outbox ?? false };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A booking's messages, oldest first. */
export async function bookingMessages(db: Queryable, bookingId: string): Promise<BookingMessage[]> {
  const r = await db.query<{
    id: string; channel: Channel; kind: NotificationKind; state: JobState; createdAt: Date; sentAt: Date | null; demoOutbox: boolean;
    email: string | null; phone: string | null; taxCode: string | null; recipient: string | null; subject: string | null; body: string | null; html: string | null; ics: string | null;
  }>(
    `SELECT j.id, j.channel, j.kind, j.state, j.created_at AS "createdAt", j.sent_at AS "sentAt",
            (o.id IS NOT NULL OR c.demo_outbox) AS "demoOutbox",
            COALESCE(b.email, w.email) AS email, COALESCE(b.phone, w.phone) AS phone, COALESCE(b.tax_code, w.tax_code) AS "taxCode",
            o.recipient, o.subject, o.body, o.html, o.ics
       FROM notification_job j
       JOIN booking b ON b.id = j.booking_id
       LEFT JOIN waitlist_entry w ON w.id = b.waitlist_entry_id
       LEFT JOIN notification_channel c ON c.channel = j.channel
       LEFT JOIN demo_outbox_message o ON o.job_id = j.id
      WHERE j.booking_id = $1 AND j.kind <> 'contact_code'
      ORDER BY j.created_at, j.channel`,
    [bookingId],
  );
  return r.rows.map((x) => {
    const to = x.recipient ?? (x.channel === 'email' ? x.email : x.channel === 'sms' ? x.phone : x.taxCode);
    return {
      id: x.id, channel: x.channel, kind: x.kind, state: x.state, to: maskRecipient(x.channel, to), demoOutbox: x.demoOutbox,
      createdAt: x.createdAt.toISOString(), sentAt: iso(x.sentAt),
      message: x.body === null ? null : { subject: x.subject, body: x.body, html: x.html, ics: x.ics },
    };
  });
}

/** A message of the demo outbox (recipient in clear: staff see it as the provider would, the read is audited). */
export type OutboxEntry = z.output<typeof outboxEntry>;

/** The demo outbox, newest first. */
export async function listOutbox(db: Queryable, limit = 100): Promise<OutboxEntry[]> {
  const r = await db.query<Omit<OutboxEntry, 'createdAt'> & { createdAt: Date }>(
    `SELECT o.id, o.channel, o.kind, o.language, o.recipient, o.subject, o.body, o.html, o.ics, o.created_at AS "createdAt",
            COALESCE(b.code, w.code, '') AS "bookingCode", COALESCE(f.code, '') AS "officeCode"
       FROM demo_outbox_message o
       LEFT JOIN booking b ON b.id = o.booking_id
       LEFT JOIN waitlist_entry w ON w.id = o.waitlist_entry_id
       LEFT JOIN desk d ON d.id = COALESCE(b.desk_id, w.desk_id) LEFT JOIN office f ON f.id = d.office_id
      ORDER BY o.created_at DESC, o.id LIMIT $1`,
    [limit],
  );
  return r.rows.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() }));
}
