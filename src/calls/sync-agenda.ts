import type { Queryable } from '../storage/db.js';
import { distribute, type AgendaItem } from './distribute.js';
import { dayBounds, type CallsDeps } from './deps.js';
import { recordStep } from './calls.repository.js';
import { dutyFromRoster } from './roster-duty.js';
import { owedNotice } from './notify-citizen.js';
import { DEFAULT_POLICY } from '../adapters/telephony/registry.js';

/** States in which a booking is still to be handled today; the first three cannot change hands. */
export const OPEN_STATES = ['waiting', 'retry', 'calling', 'in_call', 'wrap_up'] as const;
const BUSY_STATES = new Set(['calling', 'in_call', 'wrap_up']);

/**
 * Brings a desk's agenda of one day up to date and spreads it over the operators on duty:
 * new bookings join, cancelled or moved-away ones leave (while not yet called), and the open
 * ones are balanced (see distribute.ts). Serialised per desk and day by an advisory lock, so
 * concurrent sign-ons and reads on several instances agree. Returns the bookings that changed hands.
 */
export async function syncDeskAgenda(deps: CallsDeps, deskId: string, day: string, actor = 'system', tx?: Queryable): Promise<string[]> {
  const run = async (q: Queryable) => {
    await q.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`calls:${deskId}:${day}`]);
    const { from, to } = dayBounds(day);
    await q.query(
      `INSERT INTO call_assignment (booking_id, desk_id, day, starts_at, ends_at)
       SELECT b.id, b.desk_id, $2::date, b.starts_at, b.ends_at FROM booking b
        WHERE b.desk_id = $1 AND b.status = 'booked' AND b.starts_at >= $3 AND b.starts_at < $4
       ON CONFLICT (booking_id) DO UPDATE
         SET desk_id = EXCLUDED.desk_id, day = EXCLUDED.day, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
             state = CASE WHEN call_assignment.state = 'withdrawn' THEN 'waiting' ELSE call_assignment.state END,
             operator_id = CASE WHEN call_assignment.desk_id = EXCLUDED.desk_id AND call_assignment.day = EXCLUDED.day THEN call_assignment.operator_id END,
             updated_at = now()
       WHERE call_assignment.state IN ('waiting', 'retry', 'withdrawn')
         AND (call_assignment.desk_id, call_assignment.day, call_assignment.starts_at, call_assignment.state)
             IS DISTINCT FROM (EXCLUDED.desk_id, EXCLUDED.day, EXCLUDED.starts_at, 'waiting')`,
      [deskId, day, from, to],
    );
    // Cancelled, expired or moved to another day/desk before being called: off the agenda.
    await q.query(
      `UPDATE call_assignment a SET state = 'withdrawn', operator_id = NULL, pinned = false, updated_at = now()
        WHERE a.desk_id = $1 AND a.day = $2 AND a.state IN ('waiting', 'retry')
          AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.id = a.booking_id AND b.status = 'booked'
                             AND b.desk_id = a.desk_id AND b.starts_at >= $3 AND b.starts_at < $4)`,
      [deskId, day, from, to],
    );
    // Retries nobody made in time: past the slot plus the office's window, the booking
    // closes as no answer and the citizen is told (as after the last attempt).
    const lapsed = await q.query<{ booking_id: string; attempts: number }>(
      `UPDATE call_assignment a SET state = 'done', outcome = 'no_answer', next_attempt_at = NULL, closed_at = $3, updated_at = now()
         FROM desk d LEFT JOIN office_telephony t ON t.office_id = d.office_id
        WHERE d.id = a.desk_id AND a.desk_id = $1 AND a.day = $2 AND a.state = 'retry'
          AND a.ends_at + make_interval(mins => COALESCE(t.retry_window_minutes, $4)) < $3
        RETURNING a.booking_id, a.attempts`,
      [deskId, day, new Date(deps.now()), DEFAULT_POLICY.retryWindowMinutes],
    );
    for (const r of lapsed.rows) {
      await owedNotice(q, r.booking_id, 'missed_callback', `attempts: ${r.attempts}`, { attempts: r.attempts });
      await recordStep(q, r.booking_id, 'outcome_no_answer', 'system', 'retry window over');
    }
    await dutyFromRoster(q, day, { deskId });
    const ops = (await q.query<{ user_id: string }>("SELECT user_id FROM duty WHERE desk_id = $1 AND day = $2 AND status = 'on'", [deskId, day])).rows.map((r) => r.user_id);
    const onDuty = new Set(ops);
    const open = await q.query<{ booking_id: string; starts_at: Date; operator_id: string | null; pinned: boolean; state: string }>(
      `SELECT booking_id, starts_at, operator_id, pinned, state FROM call_assignment
        WHERE desk_id = $1 AND day = $2 AND state = ANY($3::text[])`,
      [deskId, day, [...OPEN_STATES]],
    );
    const items: AgendaItem[] = open.rows.map((r) => ({
      bookingId: r.booking_id,
      startsAtMs: new Date(r.starts_at).getTime(),
      operatorId: r.operator_id,
      locked: BUSY_STATES.has(r.state) || (r.pinned && !!r.operator_id && onDuty.has(r.operator_id)),
    }));
    const result = distribute(items, ops);
    const changed: string[] = [];
    for (const it of items) {
      const to = result.get(it.bookingId) ?? null;
      if (to === it.operatorId) continue;
      changed.push(it.bookingId);
      await q.query('UPDATE call_assignment SET operator_id = $2, pinned = false, updated_at = now() WHERE booking_id = $1', [it.bookingId, to]);
      const name = to ? (await q.query<{ username: string }>('SELECT username FROM staff_user WHERE id = $1', [to])).rows[0]?.username : null;
      await recordStep(q, it.bookingId, to ? 'call_assigned' : 'call_unassigned', actor, name ?? null);
    }
    if (changed.length || lapsed.rows.length) await deps.bus.publish(q, { type: 'agenda', deskId });
    return changed;
  };
  return tx ? run(tx) : deps.db.transaction(run);
}
