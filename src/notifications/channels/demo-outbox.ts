import type { Queryable } from '../../storage/db.js';
import type { Channel } from '../kinds.js';
import { failed, ok, type ChannelAdapter, type OutgoingMessage, type SendResult } from './channel.js';

/**
 * The demo outbox as a channel (no provider configured, not production): the message, exactly
 * as built for the citizen (.ics included), is written to demo_outbox_message and nothing
 * leaves the server. Idempotent per job, like a provider given the job's id as its key.
 */
export function demoOutboxChannel(db: Queryable, channel: Channel): ChannelAdapter {
  return {
    channel,
    async send(m: OutgoingMessage): Promise<SendResult> {
      if (!m.to) return failed('permanent', 'no recipient');
      const r = await db.query<{ id: string }>(
        `INSERT INTO demo_outbox_message (job_id, booking_id, waitlist_entry_id, channel, kind, language, recipient, subject, body, html, ics)
         SELECT j.id, j.booking_id, j.waitlist_entry_id, $2, $3, $4, $5, $6, $7, $8, $9 FROM notification_job j WHERE j.id = $1
         ON CONFLICT (job_id) DO UPDATE SET job_id = EXCLUDED.job_id
         RETURNING id`,
        [m.jobId, channel, m.kind, m.language, m.to, m.subject, m.text, m.html ?? null, m.ics ?? null],
      );
      const id = r.rows[0]?.id;
      return id ? ok(`demo-outbox:${id}`) : failed('permanent', 'job not found');
    },
    async close() {},
  };
}
