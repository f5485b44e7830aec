/**
 * The notification queue: plain SQL on the table `notification_job` (migration 0005), the
 * same statements on PGlite and on a PostgreSQL server. Jobs are claimed in batches with
 * FOR UPDATE SKIP LOCKED (several workers never take the same job), leased, and recorded
 * one by one as they are sent, so a crash loses nothing and repeats at most the messages
 * that were with a provider at that very moment (see docs/notifications.md, "Exactly once — what is true").
 */
import type { Queryable } from '../storage/db.js';
import type { Channel, JobState, NotificationKind } from './kinds.js';

export interface Job {
  id: string;
  eventKey: string;
  kind: NotificationKind;
  channel: Channel;
  /** Null for a notice about a drawer thread (drawer_* kinds). */
  bookingId: string | null;
  bookingEventId: number | null;
  startsAt: Date;
  data: Record<string, unknown>;
  attempts: number;
  inDoubt: number;
  expiresAt: Date;
}

const JOB_COLUMNS = `id, event_key AS "eventKey", kind, channel, booking_id AS "bookingId", booking_event_id AS "bookingEventId",
  starts_at AS "startsAt", data, attempts, in_doubt AS "inDoubt", expires_at AS "expiresAt"`;

export interface EnqueueInput {
  bookingId: string;
  kind: NotificationKind;
  /**
   * What makes this event one event: enqueueing the same key again does nothing (one send
   * per event and channel). Prefixed with the kind. E.g. the booking id for "no answer".
   */
  key: string;
  /** Shown in the message: `attempts` (no_answer), `delayMinutes` (desk_delay). */
  data?: { attempts?: number; delayMinutes?: number } & Record<string, unknown>;
  runAfter?: Date;
  /** After this the message is pointless; default: 7 days from now. */
  expiresAt?: Date;
}

/**
 * Queues a notification about a booking, in the caller's transaction (atomic with the
 * change that calls for it), one job per enabled channel with a contact. For the calls
 * capability: `enqueueNotification(tx, { bookingId, kind: 'no_answer', key: bookingId, data: { attempts: 3 } })`.
 * Returns the number of jobs queued (0 when already queued, or no channel applies).
 */
export async function enqueueNotification(tx: Queryable, n: EnqueueInput): Promise<number> {
  const r = await tx.query<{ n: number }>(
    `SELECT notification_enqueue(b.id, $2, $3, b.starts_at, COALESCE($4, now()), COALESCE($5, now() + interval '7 days'), $6::jsonb) AS n
       FROM booking b WHERE b.id = $1`,
    [n.bookingId, n.kind, `${n.kind}:${n.key}`, n.runAfter ?? null, n.expiresAt ?? null, JSON.stringify(n.data ?? {})],
  );
  return r.rows[0]?.n ?? 0;
}

/**
 * A desk runs late: a delay notice to every booked citizen of the desk whose appointment
 * starts in [from, to). `key` names this delay (e.g. an incident id); a second call with the
 * same key notifies nobody twice. Returns the number of jobs queued.
 */
export async function enqueueDeskDelay(
  tx: Queryable, d: { deskId: string; delayMinutes: number; from: Date; to: Date; key: string },
): Promise<number> {
  const r = await tx.query<{ n: number }>(
    `SELECT COALESCE(sum(notification_enqueue(b.id, 'desk_delay', 'desk_delay:' || $4 || ':' || b.id, b.starts_at, now(),
              b.starts_at + interval '2 hours', jsonb_build_object('delayMinutes', $5::int))), 0)::int AS n
       FROM booking b WHERE b.desk_id = $1 AND b.status = 'booked' AND b.starts_at >= $2 AND b.starts_at < $3`,
    [d.deskId, d.from, d.to, d.key, d.delayMinutes],
  );
  return r.rows[0]?.n ?? 0;
}

/** Which channels this deployment sends through, and which kinds each carries. */
export async function syncChannels(db: Queryable, channels: Record<Channel, { enabled: boolean; kinds: readonly NotificationKind[]; demoOutbox?: boolean }>): Promise<void> {
  for (const [channel, c] of Object.entries(channels)) {
    await db.query('UPDATE notification_channel SET enabled = $2, kinds = $3, demo_outbox = $4, updated_at = now() WHERE channel = $1', [channel, c.enabled, [...c.kinds], c.demoOutbox ?? false]);
  }
}

/**
 * Jobs whose worker died: back to pending. A job that was `claimed` never reached a provider;
 * one that was `sending` may have (in doubt): it is counted and sent again with the same
 * idempotency key.
 */
export async function recoverLapsed(db: Queryable, now: Date, limit = 500): Promise<{ recovered: number }> {
  const r = await db.query(
    `UPDATE notification_job j
        SET state = 'pending', in_doubt = j.in_doubt + (j.state = 'sending')::int, worker = NULL, lease_until = NULL,
            run_after = $1, updated_at = clock_timestamp()
      WHERE j.id IN (SELECT id FROM notification_job WHERE state IN ('claimed', 'sending') AND lease_until < $1
                      ORDER BY lease_until LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [now, limit],
  );
  return { recovered: r.rowCount };
}

/** Pending jobs whose moment has passed: 'expired' if never tried, 'dead' if they failed. */
export async function expireOverdue(db: Queryable, now: Date, limit = 1000): Promise<number> {
  const r = await db.query(
    `UPDATE notification_job j
        SET state = CASE WHEN j.attempts > 0 THEN 'dead' ELSE 'expired' END,
            last_error = CASE WHEN j.attempts > 0 THEN left('expired after ' || j.attempts || ' attempts: ' || COALESCE(j.last_error, ''), 500) ELSE j.last_error END,
            updated_at = clock_timestamp()
      WHERE j.id IN (SELECT id FROM notification_job WHERE state = 'pending' AND expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [now, limit],
  );
  return r.rowCount;
}

/** Claims up to `limit` due jobs of these channels for this worker, leased until `leaseUntil`. */
export async function claimBatch(
  db: Queryable, o: { worker: string; now: Date; leaseUntil: Date; channels: readonly Channel[]; limit: number },
): Promise<Job[]> {
  if (o.channels.length === 0 || o.limit <= 0) return [];
  const r = await db.query<Job>(
    `UPDATE notification_job j SET state = 'claimed', worker = $1, lease_until = $2, updated_at = clock_timestamp()
      WHERE j.id IN (SELECT id FROM notification_job
                      WHERE state = 'pending' AND run_after <= $3 AND expires_at > $3 AND channel = ANY($4::text[])
                      ORDER BY run_after, id LIMIT $5 FOR UPDATE SKIP LOCKED)
      RETURNING ${JOB_COLUMNS}`,
    [o.worker, o.leaseUntil, o.now, [...o.channels], o.limit],
  );
  return r.rows.sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime());
}

/** Claimed → sending, just before the hand-off (an attempt). Returns the ids still ours. */
export async function markSending(db: Queryable, ids: readonly string[], worker: string, leaseUntil: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await db.query<{ id: string }>(
    `UPDATE notification_job SET state = 'sending', attempts = attempts + 1, lease_until = $3, updated_at = clock_timestamp()
      WHERE id = ANY($1::uuid[]) AND state = 'claimed' AND worker = $2 RETURNING id`,
    [[...ids], worker, leaseUntil],
  );
  return new Set(r.rows.map((x) => x.id));
}

export async function markSent(db: Queryable, id: string, providerId: string | undefined): Promise<void> {
  await db.query(
    `UPDATE notification_job SET state = 'sent', sent_at = clock_timestamp(), provider_id = $2, worker = NULL, lease_until = NULL,
            last_error = NULL, updated_at = clock_timestamp()
      WHERE id = $1 AND state IN ('sending', 'claimed', 'pending')`,
    [id, providerId ? providerId.slice(0, 200) : null],
  );
}

/** Errors are stored masked (an SMTP answer may quote the address). */
export function cleanError(error: string): string {
  return error
    .replace(/\s+/g, ' ')
    .replace(/([A-Za-z0-9])[^\s@<>()"',;:]*@([A-Za-z0-9.-]+)/g, '$1•••@$2')
    .replace(/\+?\b39\d{6,12}\b|\+\d{6,15}/g, (m) => `${m.slice(0, 3)}•••${m.slice(-2)}`)
    .replace(/\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/g, (m) => `${m.slice(0, 2)}•••`)
    .slice(0, 480);
}

export async function markUndeliverable(db: Queryable, id: string, worker: string, error: string): Promise<void> {
  await db.query(
    `UPDATE notification_job SET state = 'undeliverable', last_error = $3, worker = NULL, lease_until = NULL, updated_at = clock_timestamp()
      WHERE id = $1 AND worker = $2 AND state = 'sending'`,
    [id, worker, cleanError(error)],
  );
}

/**
 * A failed attempt: due again at `runAfter`, unless it has used up `maxAttempts` or would be
 * due after it expires (then dead). `countAttempt: false` (the provider was down) gives the
 * attempt back: an outage delays messages and never uses up their attempts.
 */
export async function markRetry(
  db: Queryable, id: string, worker: string, o: { runAfter: Date; error: string; countAttempt: boolean; maxAttempts: number },
): Promise<JobState> {
  const r = await db.query<{ state: JobState }>(
    `UPDATE notification_job SET
            state = CASE WHEN ($4 AND attempts >= $5) OR $3 >= expires_at THEN 'dead' ELSE 'pending' END,
            attempts = attempts - CASE WHEN $4 THEN 0 ELSE 1 END,
            run_after = $3, last_error = $6, worker = NULL, lease_until = NULL, updated_at = clock_timestamp()
      WHERE id = $1 AND worker = $2 AND state = 'sending'
      RETURNING state`,
    [id, worker, o.runAfter, o.countAttempt, o.maxAttempts, cleanError(o.error)],
  );
  return r.rows[0]?.state ?? 'pending';
}

/** Jobs no longer true (cancelled, moved, contact erased…): never sent. */
export async function markObsolete(db: Queryable, ids: readonly string[], worker: string, reason: string): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE notification_job SET state = 'obsolete', last_error = $3, worker = NULL, lease_until = NULL, updated_at = clock_timestamp()
      WHERE id = ANY($1::uuid[]) AND worker = $2 AND state = 'claimed'`,
    [[...ids], worker, reason],
  );
}

/** Claimed jobs this worker will not send now (stopping, channel paused): back to pending. */
export async function release(db: Queryable, ids: readonly string[], worker: string, runAfter: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE notification_job SET state = 'pending', worker = NULL, lease_until = NULL, run_after = $3, updated_at = clock_timestamp()
      WHERE id = ANY($1::uuid[]) AND worker = $2 AND state = 'claimed'`,
    [[...ids], worker, runAfter],
  );
}
