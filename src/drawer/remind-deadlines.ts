/**
 * The drawer's SLA timer: a request still open or in charge whose deadline is within
 * REMIND_BEFORE_MS gets one reminder "due soon", and once past its deadline one "overdue", to
 * the office staff — its assignee, or, unassigned, the desk operators and office admins whose
 * grant names its office (or its desk) — by e-mail through the notification queue (kind
 * drawer_deadline; the address read at send time). Run by a scheduled job on one instance at a
 * time (job lease), and safe even if two ran at once: each stage of each deadline is claimed
 * by one INSERT … ON CONFLICT DO NOTHING, and the e-mails are queued with it.
 */
import type { Db } from '../storage/db.js';

export const REMIND_BEFORE_MS = 24 * 3600_000;
/** How often the scheduled job looks (src/app.ts). */
export const REMIND_EVERY_MS = 5 * 60_000;

export async function remindDeadlines(db: Db, nowMs: number): Promise<{ reminders: number; emails: number }> {
  return db.transaction(async (tx) => {
    const now = new Date(nowMs);
    const claimed = await tx.query<{ thread_id: string; stage: 'due_soon' | 'overdue'; due_at: Date }>(
      `INSERT INTO drawer_reminder (thread_id, stage, due_at, reminded_at)
       SELECT t.id, CASE WHEN t.due_at <= $1 THEN 'overdue' ELSE 'due_soon' END, t.due_at, $1
         FROM drawer_thread t WHERE t.state <> 'closed' AND t.due_at <= $2
       ON CONFLICT DO NOTHING
       RETURNING thread_id, stage, due_at`,
      [now, new Date(nowMs + REMIND_BEFORE_MS)],
    );
    let emails = 0;
    for (const r of claimed.rows) {
      const q = await tx.query(
        `INSERT INTO notification_job (event_key, kind, channel, drawer_thread_id, staff_user_id, starts_at, run_after, expires_at, data)
         SELECT 'drawer_deadline:' || t.id || ':' || $2::text || ':' || u.id, 'drawer_deadline', 'email', t.id, u.id, t.registered_at, $3::timestamptz, $3::timestamptz + interval '2 days',
                jsonb_build_object('stage', $2::text, 'dueAt', $4::timestamptz)
           FROM drawer_thread t
           JOIN staff_user u ON u.active AND u.email IS NOT NULL AND (
                 u.id = t.assignee_id
              OR (t.assignee_id IS NULL AND EXISTS (
                    SELECT 1 FROM staff_grant g WHERE g.user_id = u.id AND g.role IN ('desk_operator', 'office_admin')
                       AND ((g.scope_kind = 'office' AND g.office_id = t.office_id) OR (g.scope_kind = 'desk' AND g.desk_id = t.desk_id)))))
          WHERE t.id = $1::uuid
            AND EXISTS (SELECT 1 FROM notification_channel WHERE channel = 'email' AND enabled AND 'drawer_deadline' = ANY (kinds))
         ON CONFLICT (event_key, channel) DO NOTHING`,
        [r.thread_id, r.stage, now, r.due_at],
      );
      const n = q.rowCount;
      emails += n;
      await tx.query('UPDATE drawer_reminder SET recipients = $4 WHERE thread_id = $1 AND stage = $2 AND due_at = $3', [r.thread_id, r.stage, r.due_at, n]);
    }
    return { reminders: claimed.rows.length, emails };
  });
}
