import type { Queryable } from '../storage/db.js';
import type { Resource } from '../policy/index.js';
import type { Outcome } from '../domain/calls/call-rules.js';

/** A booking of the agenda with what the console needs (personal data included: callers decide what to show). */
export interface AssignmentRow {
  bookingId: string;
  deskId: string;
  officeId: string;
  provinceCode: string;
  regionCode: string;
  day: string;
  startsAt: Date;
  endsAt: Date;
  operatorId: string | null;
  pinned: boolean;
  state: 'waiting' | 'calling' | 'in_call' | 'wrap_up' | 'retry' | 'done' | 'withdrawn';
  attempts: number;
  nextAttemptAt: Date | null;
  outcome: Outcome | null;
  notes: string | null;
  instructions: string | null;
  identityVerifiedAt: Date | null;
  identityFailures: number;
  flaggedAt: Date | null;
  flagReason: string | null;
  identityWaiver: string | null;
  code: string;
  bookingStatus: string;
  taxCode: string | null;
  fullName: string | null;
  phone: string | null;
  email: string | null;
  topic: string | null;
  bookingNotes: string | null;
  channel: string;
  language: 'it' | 'en';
  priority: boolean;
  /** A booking at a municipal station: its Comune (migration 0034). */
  stationComune: string | null;
  /** The station was offline or the video could not start: the operator phones instead. */
  phoneInstead: boolean;
}

export const ASSIGNMENT_SELECT = `
  SELECT a.booking_id AS "bookingId", a.desk_id AS "deskId", o.id AS "officeId", o.province_code AS "provinceCode",
         p.region_code AS "regionCode", a.day::text AS day, a.starts_at AS "startsAt", a.ends_at AS "endsAt",
         a.operator_id AS "operatorId", a.pinned, a.state, a.attempts, a.next_attempt_at AS "nextAttemptAt", a.outcome,
         a.notes, a.instructions, a.identity_verified_at AS "identityVerifiedAt", a.identity_failures AS "identityFailures",
         a.flagged_at AS "flaggedAt", a.flag_reason AS "flagReason", a.identity_waiver AS "identityWaiver",
         b.code, b.status AS "bookingStatus", b.tax_code AS "taxCode", b.full_name AS "fullName", b.phone, b.email, b.topic,
         b.notes AS "bookingNotes", b.channel, b.language, b.priority,
         (SELECT st.comune FROM station st WHERE st.id = b.station_id) AS "stationComune", b.phone_instead_at IS NOT NULL AS "phoneInstead"
    FROM call_assignment a
    JOIN booking b ON b.id = a.booking_id
    JOIN desk d ON d.id = a.desk_id
    JOIN office o ON o.id = d.office_id
    JOIN province p ON p.code = o.province_code`;

export async function loadAssignment(q: Queryable, bookingId: string, lock = false): Promise<AssignmentRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) return null;
  const r = await q.query<AssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.booking_id = $1${lock ? ' FOR UPDATE OF a' : ''}`, [bookingId]);
  return r.rows[0] ?? null;
}

export const placeOf = (a: Pick<AssignmentRow, 'deskId' | 'officeId' | 'provinceCode' | 'regionCode'>): Resource => ({
  deskId: a.deskId, officeId: a.officeId, provinceCode: a.provinceCode, regionCode: a.regionCode,
});

/** A step of the booking's history (booking_event, beside the booking engine's own rows). */
export async function recordStep(q: Queryable, bookingId: string, kind: string, actor: string, detail?: string | null): Promise<void> {
  await q.query('INSERT INTO booking_event (booking_id, kind, actor, detail) VALUES ($1, $2, $3, $4)', [bookingId, kind, actor, detail ?? null]);
}

export interface DeskPlace {
  deskId: string;
  officeId: string;
  provinceCode: string;
  regionCode: string;
  deskName: string;
  deskNameEn: string;
  deskNumber: number;
  officeName: string;
  officeCode: string;
}

export async function allDeskPlaces(q: Queryable): Promise<DeskPlace[]> {
  const r = await q.query<DeskPlace>(
    `SELECT d.id AS "deskId", o.id AS "officeId", o.province_code AS "provinceCode", p.region_code AS "regionCode",
            d.name_it AS "deskName", d.name_en AS "deskNameEn", d.number AS "deskNumber", o.name AS "officeName", o.code AS "officeCode"
       FROM desk d JOIN office o ON o.id = d.office_id JOIN province p ON p.code = o.province_code
      ORDER BY o.code, d.number`,
  );
  return r.rows;
}

export async function deskPlace(q: Queryable, deskId: string): Promise<DeskPlace | null> {
  if (!/^[0-9a-f-]{36}$/i.test(deskId)) return null;
  const r = await q.query<DeskPlace>(
    `SELECT d.id AS "deskId", o.id AS "officeId", o.province_code AS "provinceCode", p.region_code AS "regionCode",
            d.name_it AS "deskName", d.name_en AS "deskNameEn", d.number AS "deskNumber", o.name AS "officeName", o.code AS "officeCode"
       FROM desk d JOIN office o ON o.id = d.office_id JOIN province p ON p.code = o.province_code WHERE d.id = $1`,
    [deskId],
  );
  return r.rows[0] ?? null;
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** What a console request names: a booking, a desk, a call or an office. */
export interface RecordRef {
  bookingId?: string | undefined;
  deskId?: string | undefined;
  callId?: string | undefined;
  officeId?: string | undefined;
}

/** The office and province of the record a console request handles (for its audit entry); null if unknown. */
export async function recordPlace(q: Queryable, ref: RecordRef): Promise<{ officeId: string; provinceCode: string } | null> {
  const sql = ref.bookingId
    ? 'SELECT o.id AS "officeId", o.province_code AS "provinceCode" FROM booking b JOIN desk d ON d.id = b.desk_id JOIN office o ON o.id = d.office_id WHERE b.id = $1'
    : ref.deskId
      ? 'SELECT o.id AS "officeId", o.province_code AS "provinceCode" FROM desk d JOIN office o ON o.id = d.office_id WHERE d.id = $1'
      : ref.callId
        ? 'SELECT o.id AS "officeId", o.province_code AS "provinceCode" FROM call c JOIN office o ON o.id = c.office_id WHERE c.id = $1'
        : 'SELECT o.id AS "officeId", o.province_code AS "provinceCode" FROM office o WHERE o.id = $1';
  const id = ref.bookingId ?? ref.deskId ?? ref.callId ?? ref.officeId;
  if (!id || !isUuid(id)) return null;
  return (await q.query<{ officeId: string; provinceCode: string }>(sql, [id])).rows[0] ?? null;
}
