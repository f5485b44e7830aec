import type { Queryable } from '../storage/db.js';

/** The SQL of the service evidence and the capacity planner (issue 23, docs/planning.md). */

const ROME_DAY = (col: string) => `to_char(${col} AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD')`;

/** One call attempt of a booking whose slot starts in the period, with its phases in seconds. */
export interface HandlingRow {
  deskId: string;
  day: string;
  bookingId: string;
  attempt: number;
  adapter: string;
  answered: boolean;
  /** Dial to answer (answered calls), or dial to end (unanswered). */
  reachSec: number | null;
  /** Answer to identity verified; null when no check passed in the call. */
  identSec: number | null;
  /** Answer to hang-up. */
  talkSec: number | null;
  /** Hang-up to outcome saved; null when no outcome was saved after this call. */
  wrapSec: number | null;
  /** Dial to outcome saved (or to hang-up when no outcome was saved). */
  totalSec: number | null;
}

const secs = (a: string, b: string) => `GREATEST(0, round(extract(epoch FROM (${b} - ${a}))))::int`;

/**
 * The call attempts of bookings whose slot starts in [fromMs, toMs) at the desks — every
 * adapter, manual included; attempts the telephony could not even place are left out.
 */
export async function handlingRows(db: Queryable, deskIds: string[], fromMs: number, toMs: number): Promise<HandlingRow[]> {
  const r = await db.query<HandlingRow>(
    `SELECT b.desk_id AS "deskId", ${ROME_DAY('b.starts_at')} AS day, c.booking_id AS "bookingId", c.attempt, c.adapter,
            c.answered_at IS NOT NULL AS answered,
            CASE WHEN c.answered_at IS NOT NULL THEN ${secs('c.requested_at', 'c.answered_at')}
                 WHEN c.ended_at IS NOT NULL THEN ${secs('c.requested_at', 'c.ended_at')} END AS "reachSec",
            CASE WHEN c.identified_at IS NOT NULL THEN ${secs('c.answered_at', 'c.identified_at')} END AS "identSec",
            CASE WHEN c.answered_at IS NOT NULL AND c.ended_at IS NOT NULL THEN ${secs('c.answered_at', 'c.ended_at')} END AS "talkSec",
            CASE WHEN c.wrapped_at IS NOT NULL THEN ${secs('c.ended_at', 'c.wrapped_at')} END AS "wrapSec",
            CASE WHEN c.ended_at IS NOT NULL THEN ${secs('c.requested_at', 'COALESCE(c.wrapped_at, c.ended_at)')} END AS "totalSec"
       FROM call c JOIN booking b ON b.id = c.booking_id
      WHERE b.desk_id = ANY($1::uuid[]) AND b.starts_at >= $2 AND b.starts_at < $3
        AND c.state IN ('ended', 'failed') AND COALESCE(c.cause, '') NOT LIKE 'adapter_unavailable%'
      ORDER BY b.desk_id, c.requested_at`,
    [deskIds, new Date(fromMs), new Date(toMs)],
  );
  return r.rows;
}

/** The demand the calendar hides, per desk, over [fromMs, toMs). */
export interface HiddenDemandRow {
  deskId: string;
  waitlistJoins: number;
  contactRefusals: number;
  /** Requests told "no free place within the horizon" (desk_refusal_day, migration 0036), per source. */
  refusedWeb: number;
  refusedReception: number;
  refusedPatronato: number;
  refusedStaff: number;
  noAnswers: number;
  secondLevel: number;
}

/** The Rome days [from, to) of an instant range that starts and ends at Rome midnights. */
const ROME_DATE = (p: string) => `(${p}::timestamptz AT TIME ZONE 'Europe/Rome')::date`;

export async function hiddenDemand(db: Queryable, deskIds: string[], fromMs: number, toMs: number): Promise<HiddenDemandRow[]> {
  const refused = (source: string) =>
    `(SELECT COALESCE(sum(f.refusals), 0)::int FROM desk_refusal_day f WHERE f.desk_id = d.id AND f.source = '${source}' AND f.day >= ${ROME_DATE('$2')} AND f.day < ${ROME_DATE('$3')})`;
  const r = await db.query<HiddenDemandRow>(
    `SELECT d.id AS "deskId",
            (SELECT count(*)::int FROM waitlist_entry w WHERE w.desk_id = d.id AND w.created_at >= $2 AND w.created_at < $3) AS "waitlistJoins",
            (SELECT count(*)::int FROM contact_limit_refusal x WHERE x.desk_id = d.id AND x.at >= $2 AND x.at < $3) AS "contactRefusals",
            ${refused('web')} AS "refusedWeb", ${refused('reception')} AS "refusedReception",
            ${refused('patronato')} AS "refusedPatronato", ${refused('staff')} AS "refusedStaff",
            (SELECT count(*)::int FROM call_assignment ca WHERE ca.desk_id = d.id AND ca.starts_at >= $2 AND ca.starts_at < $3 AND ca.outcome = 'no_answer') AS "noAnswers",
            (SELECT count(*)::int FROM call_assignment ca WHERE ca.desk_id = d.id AND ca.starts_at >= $2 AND ca.starts_at < $3 AND ca.outcome = 'second_level') AS "secondLevel"
       FROM desk d WHERE d.id = ANY($1::uuid[])`,
    [deskIds, new Date(fromMs), new Date(toMs)],
  );
  return r.rows;
}

/** Refusals because the desk was full per Rome day over [fromMs, toMs), all the desks together. */
export async function refusalsByDay(db: Queryable, deskIds: string[], fromMs: number, toMs: number): Promise<{ day: string; n: number }[]> {
  const r = await db.query<{ day: string; n: number }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(refusals)::int AS n FROM desk_refusal_day
      WHERE desk_id = ANY($1::uuid[]) AND day >= ${ROME_DATE('$2')} AND day < ${ROME_DATE('$3')} GROUP BY day ORDER BY day`,
    [deskIds, new Date(fromMs), new Date(toMs)],
  );
  return r.rows;
}

/**
 * Requests per desk and local day over [fromMs, toMs): bookings made that day (any source,
 * cancelled ones too: they were demand), plus the larger of the waiting-list joins and the
 * refusals for a full desk — a citizen joins the waiting list only after being told there is
 * no free place, so adding both would count the joiners twice.
 */
export async function demandByDay(db: Queryable, deskIds: string[], fromMs: number, toMs: number) {
  const r = await db.query<{ deskId: string; day: string; n: number }>(
    `SELECT "deskId", day, (sum(booked) + GREATEST(sum(joined), sum(refused)))::int AS n FROM (
       SELECT b.desk_id AS "deskId", ${ROME_DAY('b.created_at')} AS day, count(*) AS booked, 0 AS joined, 0 AS refused
         FROM booking b WHERE b.desk_id = ANY($1::uuid[]) AND b.created_at >= $2 AND b.created_at < $3 GROUP BY 1, 2
       UNION ALL
       SELECT w.desk_id, ${ROME_DAY('w.created_at')}, 0, count(*), 0
         FROM waitlist_entry w WHERE w.desk_id = ANY($1::uuid[]) AND w.created_at >= $2 AND w.created_at < $3 GROUP BY 1, 2
       UNION ALL
       SELECT f.desk_id, to_char(f.day, 'YYYY-MM-DD'), 0, 0, sum(f.refusals)
         FROM desk_refusal_day f WHERE f.desk_id = ANY($1::uuid[]) AND f.day >= ${ROME_DATE('$2')} AND f.day < ${ROME_DATE('$3')} GROUP BY 1, 2
     ) x GROUP BY 1, 2`,
    [deskIds, new Date(fromMs), new Date(toMs)],
  );
  return r.rows;
}

/** Bookings made in [fromMs, toMs) (the arrivals of a replay), with their slot, status and call outcome. */
export async function bookingsMade(db: Queryable, deskIds: string[], fromMs: number, toMs: number) {
  const r = await db.query<{ deskId: string; createdAt: Date; startsAt: Date; status: string; outcome: string | null }>(
    `SELECT b.desk_id AS "deskId", b.created_at AS "createdAt", b.starts_at AS "startsAt", b.status, ca.outcome
       FROM booking b LEFT JOIN call_assignment ca ON ca.booking_id = b.id
      WHERE b.desk_id = ANY($1::uuid[]) AND b.created_at >= $2 AND b.created_at < $3
      ORDER BY b.created_at`,
    [deskIds, new Date(fromMs), new Date(toMs)],
  );
  return r.rows;
}

/** Bookings waiting for their call at `nowMs` (slot not yet started), per desk. */
export async function backlogOf(db: Queryable, deskIds: string[], nowMs: number): Promise<Map<string, number>> {
  const r = await db.query<{ deskId: string; n: number }>(
    `SELECT b.desk_id AS "deskId", count(*)::int AS n FROM booking b
      WHERE b.desk_id = ANY($1::uuid[]) AND b.status = 'booked' AND b.starts_at >= $2 GROUP BY 1`,
    [deskIds, new Date(nowMs)],
  );
  return new Map(r.rows.map((x) => [x.deskId, x.n]));
}
