import { generateSlots } from '../domain/schedule/plan.js';
import { addDays } from '../domain/schedule/time.js';
import type { Queryable } from '../storage/db.js';
import type { MonitoringDeps } from './deps.js';
import { dayStartMs } from './load-activity.js';
import { SERVED_OUTCOMES } from './monitoring.repository.js';
import { todayOf } from './get-live-figures.js';

/** Closed days rebuilt again at every run: late outcomes and corrections of the last week are picked up. */
export const REROLL_DAYS = 7;

/** Joins a desk-day row `x` to the four nodes holding its desk: `lv.level`, `lv.node`. */
const NODES_OF_DESK = `JOIN desk d ON d.id = x.desk_id JOIN office o ON o.id = d.office_id JOIN province p ON p.code = o.province_code
  CROSS JOIN LATERAL (VALUES ('desk', d.id::text), ('office', o.id::text), ('province', p.code), ('region', p.region_code)) AS lv(level, node)`;

/**
 * Rebuilds the daily rollups of the closed days [from, to] from the raw tables (set-based SQL;
 * "offered" from each active desk's calendar), in one transaction, and moves
 * `rolled_through` to `to` when it was earlier. The counters are the ones the live queries
 * compute (see load-activity.ts): a rolled-up day and the same day computed raw are equal.
 */
export async function rollUpDays(deps: MonitoringDeps, from: string, to: string, tx?: Queryable): Promise<{ days: number; rows: number }> {
  if (to < from) return { days: 0, rows: 0 };
  // "Offered" from the calendars, read before the transaction (through the pool, or the caller's tx).
  const od: string[] = [];
  const oday: string[] = [];
  const on: number[] = [];
  const reader = tx ?? deps.db;
  const desks = await reader.query<{ id: string }>('SELECT id FROM desk WHERE active ORDER BY id');
  for (const d of desks.rows) {
    const cal = await deps.booking.calendars.get(reader, d.id);
    if (!cal) continue;
    const perDay = new Map<string, number>();
    for (const s of generateSlots(cal.schedule, from, to)) perDay.set(s.date, (perDay.get(s.date) ?? 0) + s.places);
    for (const [day, n] of perDay) {
      od.push(d.id);
      oday.push(day);
      on.push(n);
    }
  }
  const fromMs = new Date(dayStartMs(from));
  const toMs = new Date(dayStartMs(addDays(to, 1)));
  const run = async (q: Queryable) => {
    if (!tx) await q.query("SET LOCAL work_mem = '64MB'");
    await q.query('DELETE FROM monitoring_day WHERE day BETWEEN $1::date AND $2::date', [from, to]);
    await q.query('DELETE FROM monitoring_day_duration WHERE day BETWEEN $1::date AND $2::date', [from, to]);
    await q.query('DELETE FROM monitoring_day_contact WHERE day BETWEEN $1::date AND $2::date', [from, to]);
    const ins = await q.query(
      `INSERT INTO monitoring_day (desk_id, day, offered, booked, cancelled, served, no_answer, calls, call_seconds, overrun)
       SELECT desk_id, day, sum(offered), sum(booked), sum(cancelled), sum(served), sum(no_answer), sum(calls), sum(call_seconds), sum(overrun)
         FROM (
           SELECT t.desk_id, t.day::date AS day, t.n AS offered, 0 AS booked, 0 AS cancelled, 0 AS served, 0 AS no_answer, 0 AS calls, 0::bigint AS call_seconds, 0 AS overrun
             FROM unnest($3::uuid[], $4::text[], $5::int[]) AS t(desk_id, day, n)
           UNION ALL
           SELECT b.desk_id, (b.starts_at AT TIME ZONE 'Europe/Rome')::date, 0,
                  count(*) FILTER (WHERE b.status = 'booked'), count(*) FILTER (WHERE b.status = 'cancelled'), 0, 0, 0, 0, 0
             FROM booking b WHERE b.starts_at >= $1 AND b.starts_at < $2 GROUP BY 1, 2
           UNION ALL
           SELECT ca.desk_id, ca.day, 0, 0, 0,
                  count(*) FILTER (WHERE ca.outcome = ANY($8::text[])), count(*) FILTER (WHERE ca.outcome = 'no_answer'), 0, 0, 0
             FROM call_assignment ca WHERE ca.day BETWEEN $6::date AND $7::date AND ca.state = 'done' GROUP BY 1, 2
           UNION ALL
           SELECT b.desk_id, (b.starts_at AT TIME ZONE 'Europe/Rome')::date, 0, 0, 0, 0, 0,
                  count(*), sum(c.talk_seconds), count(*) FILTER (WHERE c.talk_seconds > d.slot_minutes * 60)
             FROM call c JOIN booking b ON b.id = c.booking_id JOIN desk d ON d.id = b.desk_id
            WHERE b.starts_at >= $1 AND b.starts_at < $2 AND c.state = 'ended' AND c.answered_at IS NOT NULL AND c.talk_seconds IS NOT NULL
            GROUP BY 1, 2
         ) x
        GROUP BY desk_id, day`,
      [fromMs, toMs, od, oday, on, from, to, SERVED_OUTCOMES],
    );
    await q.query(
      `INSERT INTO monitoring_day_duration (desk_id, day, sec, n)
       SELECT b.desk_id, (b.starts_at AT TIME ZONE 'Europe/Rome')::date, c.talk_seconds, count(*)
         FROM call c JOIN booking b ON b.id = c.booking_id
        WHERE b.starts_at >= $1 AND b.starts_at < $2 AND c.state = 'ended' AND c.answered_at IS NOT NULL AND c.talk_seconds IS NOT NULL
        GROUP BY 1, 2, 3`,
      [fromMs, toMs],
    );
    // The durations of each node of the tree (desk, office, province, region), packed one row per
    // node and day, and per node and month (a month row sums the rolled-up days of that month).
    await q.query('DELETE FROM monitoring_node_day_packed WHERE day BETWEEN $1::date AND $2::date', [from, to]);
    await q.query(
      `INSERT INTO monitoring_node_day_packed (level, node, day, durations)
       SELECT level, node, day, string_agg(sec::text || ':' || n::text, ',' ORDER BY sec)
         FROM (SELECT lv.level, lv.node, x.day, x.sec, sum(x.n) AS n
                 FROM monitoring_day_duration x ${NODES_OF_DESK}
                WHERE x.day BETWEEN $1::date AND $2::date
                GROUP BY 1, 2, 3, 4) t
        GROUP BY 1, 2, 3`,
      [from, to],
    );
    await q.query(
      `DELETE FROM monitoring_node_month_packed
        WHERE month BETWEEN date_trunc('month', $1::date::timestamp)::date AND date_trunc('month', $2::date::timestamp)::date`,
      [from, to],
    );
    await q.query(
      `INSERT INTO monitoring_node_month_packed (level, node, month, durations)
       SELECT level, node, month, string_agg(sec::text || ':' || n::text, ',' ORDER BY sec)
         FROM (SELECT lv.level, lv.node, date_trunc('month', x.day::timestamp)::date AS month, x.sec, sum(x.n) AS n
                 FROM monitoring_day_duration x ${NODES_OF_DESK}
                WHERE x.day >= date_trunc('month', $1::date::timestamp)::date AND x.day < (date_trunc('month', $2::date::timestamp) + interval '1 month')::date
                GROUP BY 1, 2, 3, 4) t
        GROUP BY 1, 2, 3`,
      [from, to],
    );
    await q.query(
      `INSERT INTO monitoring_day_contact (province_code, desk_id, day, reason, n)
       SELECT c.province_code, b.desk_id, (c.created_at AT TIME ZONE 'Europe/Rome')::date, c.reason, count(*)
         FROM reception_contact c LEFT JOIN booking b ON b.code = c.booking_code
        WHERE c.created_at >= $1 AND c.created_at < $2
        GROUP BY 1, 2, 3, 4`,
      [fromMs, toMs],
    );
    // The rolled range stays one contiguous range: a run that would leave a gap widens it
    // only when it touches (callers roll from at most rolled_through + 1).
    await q.query(
      `UPDATE monitoring_rollup_state
          SET rolled_from = CASE WHEN rolled_from IS NULL OR $1::date < rolled_from THEN $1::date ELSE rolled_from END,
              rolled_through = CASE WHEN rolled_through IS NULL OR $2::date > rolled_through THEN $2::date ELSE rolled_through END
        WHERE rolled_from IS NULL OR ($1::date <= rolled_through + 1 AND $2::date >= rolled_from - 1)`,
      [from, to],
    );
    return { days: 0, rows: ins.rowCount };
  };
  const r = tx ? await run(tx) : await deps.db.transaction(run);
  return { ...r, days: Math.round((dayStartMs(addDays(to, 1)) - dayStartMs(from)) / 86_400_000) };
}

/** The rollup job's step: the last REROLL_DAYS closed days (or since the first booking when nothing is rolled up yet). */
export async function rollUpClosedDays(deps: MonitoringDeps): Promise<{ days: number; rows: number }> {
  const yesterday = addDays(todayOf(deps.now()), -1);
  const state = await deps.db.query<{ through: string | null; first: string | null }>(
    `SELECT to_char(rolled_through, 'YYYY-MM-DD') AS through,
            (SELECT to_char(min(starts_at) AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD') FROM booking) AS first
       FROM monitoring_rollup_state`,
  );
  const s = state.rows[0];
  if (!s?.first) return { days: 0, rows: 0 };
  let from = s.through ? addDays(s.through, 1 - REROLL_DAYS) : s.first;
  if (from < s.first) from = s.first;
  return rollUpDays(deps, from, yesterday);
}
