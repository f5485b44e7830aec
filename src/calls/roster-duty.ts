import type { Queryable } from '../storage/db.js';

/**
 * "On duty today" comes from the duty roster (issue 10): every operator with a shift at a
 * desk that day (weekly on its weekday, or dated) gets a duty row — `on`, or `absent` when an
 * absence of the desk's office covers the day. Rows the roster made follow later roster and
 * absence changes; an operator's own sign-off and a supervisor's marks are kept, and signing
 * on from the console still works for anyone not on the roster. Filter by desk or by operator.
 */
export async function dutyFromRoster(q: Queryable, day: string, filter: { deskId?: string; userId?: string }): Promise<void> {
  await q.query(
    `INSERT INTO duty (desk_id, user_id, day, status, source)
     SELECT DISTINCT r.desk_id, r.user_id, $1::date,
            CASE WHEN EXISTS (SELECT 1 FROM staff_absence a WHERE a.user_id = r.user_id AND a.office_id = d.office_id
                                 AND $1::date BETWEEN a.starts_on AND a.ends_on) THEN 'absent' ELSE 'on' END,
            'roster'
       FROM roster_shift r JOIN desk d ON d.id = r.desk_id
      WHERE (r.weekday = extract(isodow FROM $1::date) OR r.day = $1::date)
        AND ($2::uuid IS NULL OR r.desk_id = $2) AND ($3::uuid IS NULL OR r.user_id = $3)
     ON CONFLICT (desk_id, user_id, day) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
      WHERE duty.source = 'roster' AND duty.status IN ('on', 'absent') AND duty.status <> EXCLUDED.status`,
    [day, filter.deskId ?? null, filter.userId ?? null],
  );
}
