import type { Queryable } from '../storage/db.js';

/** The SQL of the monitoring capability. Days are Europe/Rome dates ("YYYY-MM-DD"). */

export interface DeskRow {
  deskId: string;
  deskName: string;
  slotMinutes: number;
  active: boolean;
  officeId: string;
  officeName: string;
  provinceCode: string;
  provinceName: string;
  regionCode: string;
  regionName: string;
}

export type Level = 'region' | 'province' | 'office' | 'desk';

/** The desks under a node of the tree (every desk of the region for a region). */
export async function desksUnder(db: Queryable, level: Level, id: string): Promise<DeskRow[]> {
  const column = { region: 'p.region_code', province: 'p.code', office: 'o.id::text', desk: 'd.id::text' }[level];
  const r = await db.query<DeskRow>(
    `SELECT d.id AS "deskId", d.name_it AS "deskName", d.slot_minutes AS "slotMinutes", d.active,
            o.id AS "officeId", o.name AS "officeName", p.code AS "provinceCode", p.name AS "provinceName",
            r.code AS "regionCode", r.name AS "regionName"
       FROM desk d JOIN office o ON o.id = d.office_id JOIN province p ON p.code = o.province_code
       JOIN region r ON r.code = p.region_code
      WHERE ${column} = $1
      ORDER BY p.code, o.code, d.number`,
    [id],
  );
  return r.rows;
}

export interface NodeRow {
  level: Level;
  id: string;
  name: string;
  regionCode: string;
  provinceCode: string | null;
  officeId: string | null;
  /** Widest first; `open`: whether the actor looking may open that level (set by resolveScope). */
  parents: { level: Level; id: string; name: string; open?: boolean }[];
}

/** One node with its breadcrumb (widest first); null when unknown. */
export async function findNode(db: Queryable, level: Level, id: string): Promise<NodeRow | null> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (level === 'region') {
    const r = await db.query<{ code: string; name: string }>('SELECT code, name FROM region WHERE code = $1', [id]);
    const x = r.rows[0];
    return x ? { level, id: x.code, name: x.name, regionCode: x.code, provinceCode: null, officeId: null, parents: [] } : null;
  }
  if (level === 'province') {
    const r = await db.query<{ code: string; name: string; rc: string; rn: string }>(
      'SELECT p.code, p.name, r.code AS rc, r.name AS rn FROM province p JOIN region r ON r.code = p.region_code WHERE p.code = $1', [id]);
    const x = r.rows[0];
    return x ? { level, id: x.code, name: x.name, regionCode: x.rc, provinceCode: x.code, officeId: null, parents: [{ level: 'region', id: x.rc, name: x.rn }] } : null;
  }
  if (!uuid.test(id)) return null;
  if (level === 'office') {
    const r = await db.query<{ id: string; name: string; pc: string; pn: string; rc: string; rn: string }>(
      `SELECT o.id, o.name, p.code AS pc, p.name AS pn, r.code AS rc, r.name AS rn
         FROM office o JOIN province p ON p.code = o.province_code JOIN region r ON r.code = p.region_code WHERE o.id = $1`, [id]);
    const x = r.rows[0];
    return x ? {
      level, id: x.id, name: x.name, regionCode: x.rc, provinceCode: x.pc, officeId: x.id,
      parents: [{ level: 'region', id: x.rc, name: x.rn }, { level: 'province', id: x.pc, name: x.pn }],
    } : null;
  }
  const r = await db.query<{ id: string; name: string; oid: string; on: string; pc: string; pn: string; rc: string; rn: string }>(
    `SELECT d.id, d.name_it AS name, o.id AS oid, o.name AS on, p.code AS pc, p.name AS pn, r.code AS rc, r.name AS rn
       FROM desk d JOIN office o ON o.id = d.office_id JOIN province p ON p.code = o.province_code
       JOIN region r ON r.code = p.region_code WHERE d.id = $1`, [id]);
  const x = r.rows[0];
  return x ? {
    level, id: x.id, name: x.name, regionCode: x.rc, provinceCode: x.pc, officeId: x.oid,
    parents: [{ level: 'region', id: x.rc, name: x.rn }, { level: 'province', id: x.pc, name: x.pn }, { level: 'office', id: x.oid, name: x.on }],
  } : null;
}

const ROME_DAY = (col: string) => `to_char(${col} AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD')`;

/** Bookings of slots starting in [fromMs, toMs): booked and cancelled, per desk and day. */
export async function bookingCounts(db: Queryable, deskIds: string[], fromMs: number, toMs: number) {
  const r = await db.query<{ deskId: string; day: string; booked: number; cancelled: number }>(
    `SELECT b.desk_id AS "deskId", ${ROME_DAY('b.starts_at')} AS day,
            count(*) FILTER (WHERE b.status = 'booked')::int AS booked,
            count(*) FILTER (WHERE b.status = 'cancelled')::int AS cancelled
       FROM booking b
      WHERE b.desk_id = ANY($1::uuid[]) AND b.starts_at >= $2 AND b.starts_at < $3
      GROUP BY 1, 2`,
    [deskIds, new Date(fromMs), new Date(toMs)],
  );
  return r.rows;
}

/** Outcomes that count as served: the citizen was reached and helped (or sent on). */
export const SERVED_OUTCOMES = ['resolved', 'second_level', 'needs_documents'];

/** Closed call assignments of the days [from, to]: served and no-answer, per desk and day. */
export async function outcomeCounts(db: Queryable, deskIds: string[], from: string, to: string) {
  const r = await db.query<{ deskId: string; day: string; served: number; noAnswer: number }>(
    `SELECT ca.desk_id AS "deskId", to_char(ca.day, 'YYYY-MM-DD') AS day,
            count(*) FILTER (WHERE ca.outcome = ANY($4::text[]))::int AS served,
            count(*) FILTER (WHERE ca.outcome = 'no_answer')::int AS "noAnswer"
       FROM call_assignment ca
      WHERE ca.desk_id = ANY($1::uuid[]) AND ca.day BETWEEN $2::date AND $3::date AND ca.state = 'done'
      GROUP BY 1, 2`,
    [deskIds, from, to, SERVED_OUTCOMES],
  );
  return r.rows;
}

/**
 * Finished calls (ended after being answered, with a talk time) of bookings whose slot starts
 * in [fromMs, toMs): how many calls lasted each number of seconds, per desk and day of the slot,
 * packed one row per desk and day as "sec:n,sec:n,…" (read with addPackedDurations).
 */
export async function callDurations(db: Queryable, deskIds: string[], fromMs: number, toMs: number) {
  const r = await db.query<{ deskId: string; day: string; durations: string }>(
    `SELECT "deskId", day, string_agg(sec::text || ':' || n::text, ',') AS durations
       FROM (SELECT b.desk_id AS "deskId", ${ROME_DAY('b.starts_at')} AS day, c.talk_seconds AS sec, count(*) AS n
               FROM call c JOIN booking b ON b.id = c.booking_id
              WHERE b.desk_id = ANY($1::uuid[]) AND b.starts_at >= $2 AND b.starts_at < $3
                AND c.state = 'ended' AND c.answered_at IS NOT NULL AND c.talk_seconds IS NOT NULL
              GROUP BY 1, 2, 3) x
      GROUP BY 1, 2`,
    [deskIds, new Date(fromMs), new Date(toMs)],
  );
  return r.rows;
}

/**
 * Reception contacts logged in [fromMs, toMs) in the provinces, per province, day and reason,
 * with the desk of the booking the contact names (null when it names none).
 */
export async function contactCounts(db: Queryable, provinces: string[], fromMs: number, toMs: number) {
  const r = await db.query<{ provinceCode: string; deskId: string | null; day: string; reason: string; n: number }>(
    `SELECT c.province_code AS "provinceCode", b.desk_id AS "deskId", ${ROME_DAY('c.created_at')} AS day, c.reason, count(*)::int AS n
       FROM reception_contact c LEFT JOIN booking b ON b.code = c.booking_code
      WHERE c.province_code = ANY($1::text[]) AND c.created_at >= $2 AND c.created_at < $3
      GROUP BY 1, 2, 3, 4`,
    [provinces, new Date(fromMs), new Date(toMs)],
  );
  return r.rows;
}

/** Right now at the desks: calls under way, operators on duty and on a call, flagged identity checks of the day. */
export async function liveNow(db: Queryable, deskIds: string[], day: string) {
  const r = await db.query<{ callsInProgress: number; onDuty: number; onCall: number; flagged: number }>(
    `SELECT
       (SELECT count(*)::int FROM call c JOIN booking b ON b.id = c.booking_id
         WHERE b.desk_id = ANY($1::uuid[]) AND c.state IN ('requested', 'ringing', 'answered')) AS "callsInProgress",
       (SELECT count(DISTINCT du.user_id)::int FROM duty du
         WHERE du.desk_id = ANY($1::uuid[]) AND du.day = $2::date AND du.status = 'on') AS "onDuty",
       (SELECT count(DISTINCT c.operator_id)::int FROM call c JOIN booking b ON b.id = c.booking_id
          JOIN duty du ON du.user_id = c.operator_id AND du.desk_id = b.desk_id AND du.day = $2::date AND du.status = 'on'
         WHERE b.desk_id = ANY($1::uuid[]) AND c.state IN ('requested', 'ringing', 'answered')) AS "onCall",
       (SELECT count(*)::int FROM call_assignment ca
         WHERE ca.desk_id = ANY($1::uuid[]) AND ca.day = $2::date AND ca.flagged_at IS NOT NULL) AS flagged`,
    [deskIds, day],
  );
  return r.rows[0]!;
}
