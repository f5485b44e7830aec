import type { Queryable } from '../storage/db.js';
import { municipalitiesOf } from './municipalities.js';
import type { DayException, DeskSchedule, LocalHoliday, OpeningInterval, RosterRule, RosterShift, Weekday } from '../domain/schedule/types.js';
import type { z } from 'zod';
import type { deskSchema, officeSchema, provinceSchema } from './routes.schema.js';

/** What the API shows of a province, office and desk (camelCase, no personal data). */
export type ProvinceView = z.output<typeof provinceSchema>;

export type OfficeView = z.output<typeof officeSchema>;

export type DeskView = z.output<typeof deskSchema>;

export async function listProvinces(db: Queryable): Promise<ProvinceView[]> {
  const r = await db.query<Omit<ProvinceView, 'exampleTown'> & { served: string | null; towns: string[] }>(
    `SELECT p.code, p.name, p.capital, p.reception_phone AS "receptionPhone",
            (SELECT count(*)::int FROM office o WHERE o.province_code = p.code) AS "officeCount",
            (SELECT o.serves[1] FROM office o WHERE o.province_code = p.code AND cardinality(o.serves) > 0 ORDER BY o.code LIMIT 1) AS served,
            ARRAY(SELECT o.town FROM office o WHERE o.province_code = p.code) AS towns
       FROM province p ORDER BY p.name`,
  );
  return r.rows.map(({ served, towns, ...p }) => ({
    ...p,
    exampleTown: served ?? municipalitiesOf([p.code]).find((m) => !towns.includes(m.name) && m.name !== p.capital)?.name ?? p.capital,
  }));
}

const OFFICE_COLUMNS = `o.id, o.code, o.name, o.kind, o.town, o.address, o.province_code AS "provinceCode",
  COALESCE(o.reception_phone, p.reception_phone) AS "receptionPhone",
  (SELECT count(*)::int FROM desk d WHERE d.office_id = o.id AND d.active) AS "deskCount"`;

export async function listOffices(db: Queryable, filter: { province?: string | undefined; q?: string | undefined }): Promise<OfficeView[]> {
  const r = await db.query<OfficeView>(
    `SELECT ${OFFICE_COLUMNS}
       FROM office o JOIN province p ON p.code = o.province_code
      WHERE ($1::text IS NULL OR o.province_code = $1)
        AND ($2::text IS NULL OR unaccent(lower(o.name || ' ' || o.town)) LIKE '%' || unaccent(lower($2)) || '%')
      ORDER BY o.province_code, o.code`,
    [filter.province ?? null, filter.q ?? null],
  );
  return r.rows;
}

export async function getOffice(db: Queryable, id: string): Promise<(OfficeView & { localHolidays: LocalHoliday[] }) | null> {
  const r = await db.query<OfficeView>(
    `SELECT ${OFFICE_COLUMNS} FROM office o JOIN province p ON p.code = o.province_code WHERE o.id = $1`,
    [id],
  );
  const office = r.rows[0];
  if (!office) return null;
  const h = await db.query<LocalHoliday>('SELECT day AS date, name FROM office_holiday WHERE office_id = $1 ORDER BY day', [id]);
  return { ...office, localHolidays: h.rows };
}

const DESK_COLUMNS = `d.id, d.office_id AS "officeId", d.key, d.number,
  json_build_object('it', d.name_it, 'en', d.name_en) AS name,
  json_build_object('it', d.description_it, 'en', d.description_en) AS description,
  d.channels, d.slot_minutes AS "slotMinutes", d.horizon_days AS "horizonDays",
  d.min_notice_minutes AS "minNoticeMinutes", d.active, d.topics`;

export async function listDesksOfOffice(db: Queryable, officeId: string): Promise<DeskView[]> {
  const r = await db.query<DeskView>(`SELECT ${DESK_COLUMNS} FROM desk d WHERE d.office_id = $1 ORDER BY d.number`, [officeId]);
  return r.rows;
}

export async function getDesk(db: Queryable, id: string): Promise<DeskView | null> {
  const r = await db.query<DeskView>(`SELECT ${DESK_COLUMNS} FROM desk d WHERE d.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function getWeekly(db: Queryable, deskId: string): Promise<OpeningInterval[]> {
  const r = await db.query<{ weekday: number; from: string; to: string; places: number }>(
    `SELECT weekday, to_char(opens, 'HH24:MI') AS "from",
            CASE WHEN closes = '24:00'::time THEN '24:00' ELSE to_char(closes, 'HH24:MI') END AS "to", places
       FROM desk_opening WHERE desk_id = $1 ORDER BY weekday, opens`,
    [deskId],
  );
  return r.rows.map((w) => ({ ...w, weekday: w.weekday as Weekday }));
}

/** Everything the slot arithmetic needs for one desk, or null for an unknown desk. */
export async function getDeskSchedule(db: Queryable, deskId: string): Promise<(DeskSchedule & { deskId: string }) | null> {
  const desk = await db.query<{ slotMinutes: number; officeId: string; timeZone: string; followRoster: boolean }>(
    `SELECT d.slot_minutes AS "slotMinutes", d.office_id AS "officeId", o.time_zone AS "timeZone", d.places_follow_roster AS "followRoster"
       FROM desk d JOIN office o ON o.id = d.office_id WHERE d.id = $1`,
    [deskId],
  );
  const row = desk.rows[0];
  if (!row) return null;
  // One after the other: `db` may be a transaction's client, which runs one query at a time.
  const weekly = await getWeekly(db, deskId);
  const exceptions = await db.query<{ date: string; kind: DayException['kind']; from: string | null; to: string | null; places: number | null; reason: string | null }>(
    `SELECT day AS date, kind, to_char(opens, 'HH24:MI') AS "from",
            CASE WHEN closes = '24:00'::time THEN '24:00' ELSE to_char(closes, 'HH24:MI') END AS "to", places, reason
       FROM desk_exception WHERE desk_id = $1 ORDER BY day, opens NULLS FIRST`,
    [deskId],
  );
  const holidays = await db.query<LocalHoliday>('SELECT day AS date, name FROM office_holiday WHERE office_id = $1', [row.officeId]);
  return {
    deskId,
    slotMinutes: row.slotMinutes,
    timeZone: row.timeZone,
    weekly,
    exceptions: exceptions.rows.map(
      (e) =>
        Object.fromEntries(Object.entries(e).filter(([, v]) => v !== null)) as unknown as DayException,
    ),
    localHolidays: holidays.rows,
    roster: row.followRoster ? await getRosterRule(db, deskId, row.officeId) : undefined,
  };
}

/** A desk's duty shifts and the absences of its office (ended ones left out). */
export async function getRosterRule(db: Queryable, deskId: string, officeId: string): Promise<RosterRule> {
  const shifts = await getRosterShifts(db, deskId);
  const absences = await getAbsences(db, officeId);
  return { shifts, absences: absences.map((a) => ({ operatorId: a.operatorId, from: a.from, to: a.to })) };
}

export async function getRosterShifts(db: Queryable, deskId: string): Promise<RosterShift[]> {
  const r = await db.query<{ operatorId: string; weekday: number | null; date: string | null; from: string; to: string }>(
    `SELECT user_id AS "operatorId", weekday, to_char(day, 'YYYY-MM-DD') AS date, to_char(opens, 'HH24:MI') AS "from",
            to_char(closes, 'HH24:MI') AS "to"
       FROM roster_shift WHERE desk_id = $1 ORDER BY weekday NULLS LAST, day, opens, user_id`,
    [deskId],
  );
  return r.rows.map((x) => ({
    operatorId: x.operatorId, from: x.from, to: x.to,
    ...(x.weekday !== null ? { weekday: x.weekday as Weekday } : { date: x.date! }),
  }));
}

export interface AbsenceView {
  id: string;
  operatorId: string;
  from: string;
  to: string;
  kind: 'sick_leave' | 'training' | 'leave' | 'other';
  note: string | null;
}

/** An office's absences that have not ended before `since` (default: all). */
export async function getAbsences(db: Queryable, officeId: string, since?: string): Promise<AbsenceView[]> {
  const r = await db.query<AbsenceView>(
    `SELECT id, user_id AS "operatorId", to_char(starts_on, 'YYYY-MM-DD') AS "from", to_char(ends_on, 'YYYY-MM-DD') AS "to", kind, note
       FROM staff_absence WHERE office_id = $1 AND ($2::date IS NULL OR ends_on >= $2::date) ORDER BY starts_on, user_id`,
    [officeId, since ?? null],
  );
  return r.rows;
}

/** Where a desk lives, for the policy module: desk → office → province → region. */
export interface DeskPlace {
  deskId: string;
  officeId: string;
  provinceCode: string;
  regionCode: string;
}

export async function getDeskPlace(db: Queryable, deskId: string): Promise<DeskPlace | null> {
  const r = await db.query<DeskPlace>(
    `SELECT d.id AS "deskId", o.id AS "officeId", o.province_code AS "provinceCode", p.region_code AS "regionCode"
       FROM desk d JOIN office o ON o.id = d.office_id JOIN province p ON p.code = o.province_code WHERE d.id = $1`,
    [deskId],
  );
  return r.rows[0] ?? null;
}

/** An office as the public directory describes it: where it is, how to reach it, its desks' weekly openings. */
export interface OfficeDirectoryEntry {
  code: string;
  name: string;
  kind: string;
  town: string;
  address: string | null;
  provinceCode: string;
  provinceName: string;
  receptionPhone: string | null;
  updatedAt: Date;
  /** The weekly openings of its active desks (one entry per desk opening; overlapping ones not merged). */
  openings: { weekday: number; from: string; to: string }[];
}

/** Every office with its province and its active desks' weekly openings, by province, the provincial directorate first. */
export async function listOfficeDirectory(db: Queryable): Promise<OfficeDirectoryEntry[]> {
  const r = await db.query<Omit<OfficeDirectoryEntry, 'openings'> & { openings: OfficeDirectoryEntry['openings'] | null }>(
    `SELECT o.code, o.name, o.kind, o.town, o.address, o.province_code AS "provinceCode", p.name AS "provinceName",
            COALESCE(o.reception_phone, p.reception_phone) AS "receptionPhone", o.updated_at AS "updatedAt",
            (SELECT json_agg(json_build_object('weekday', x.weekday, 'from', to_char(x.opens, 'HH24:MI'),
                               'to', CASE WHEN x.closes = '24:00'::time THEN '24:00' ELSE to_char(x.closes, 'HH24:MI') END)
                             ORDER BY x.weekday, x.opens)
               FROM desk_opening x JOIN desk d ON d.id = x.desk_id WHERE d.office_id = o.id AND d.active) AS openings
       FROM office o JOIN province p ON p.code = o.province_code
      ORDER BY o.province_code, (o.kind LIKE 'direzione%') DESC, o.code`,
  );
  return r.rows.map((o) => ({ ...o, openings: o.openings ?? [] }));
}
