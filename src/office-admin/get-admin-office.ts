import type { Queryable } from '../storage/db.js';
import { getAbsences, getDeskSchedule, getRosterShifts } from '../catalog/index.js';

/**
 * An office as its admin edits it: holidays, every desk (active or not) with all its
 * settings, weekly pattern, exceptions from today, duty shifts; the office's operators and
 * their absences that have not ended.
 */
export async function getAdminOffice(db: Queryable, officeId: string, today: string) {
  const o = await db.query<{ id: string; code: string; name: string; town: string; provinceCode: string; kind: string }>(
    'SELECT id, code, name, town, kind, province_code AS "provinceCode" FROM office WHERE id = $1', [officeId],
  );
  const office = o.rows[0];
  if (!office) return null;
  const holidays = await db.query<{ date: string; name: string }>('SELECT day AS date, name FROM office_holiday WHERE office_id = $1 ORDER BY day', [officeId]);
  const desks = await db.query<{
    id: string; key: string; number: number; nameIt: string; nameEn: string; descriptionIt: string; descriptionEn: string;
    channels: ('phone' | 'video')[]; slotMinutes: number; horizonDays: number; minNoticeMinutes: number; active: boolean;
    topics: { key: string; it: string; en: string }[]; holdMinutes: number; maxActivePerPerson: number | null;
    releaseWeekday: number | null; releaseTime: string | null; releaseWeeksAhead: number; priorityPercent: number;
    priorityReleaseHours: number; waitlistOfferMinutes: number; placesFollowRoster: boolean;
    patronatoPercent: number; patronatoReleaseHours: number;
  }>(
    `SELECT id, key, number, name_it AS "nameIt", name_en AS "nameEn", description_it AS "descriptionIt", description_en AS "descriptionEn",
            channels, slot_minutes AS "slotMinutes", horizon_days AS "horizonDays", min_notice_minutes AS "minNoticeMinutes", active, topics,
            hold_minutes AS "holdMinutes", max_active_per_person AS "maxActivePerPerson", release_weekday AS "releaseWeekday",
            to_char(release_time, 'HH24:MI') AS "releaseTime", release_weeks_ahead AS "releaseWeeksAhead", priority_percent AS "priorityPercent",
            priority_release_hours AS "priorityReleaseHours", waitlist_offer_minutes AS "waitlistOfferMinutes", places_follow_roster AS "placesFollowRoster",
            patronato_percent AS "patronatoPercent", patronato_release_hours AS "patronatoReleaseHours"
       FROM desk WHERE office_id = $1 ORDER BY number`,
    [officeId],
  );
  const out = [];
  for (const d of desks.rows) {
    const schedule = (await getDeskSchedule(db, d.id))!;
    const { releaseWeekday, releaseTime, releaseWeeksAhead, ...rest } = d;
    out.push({
      ...rest,
      release: releaseWeekday && releaseTime ? { weekday: releaseWeekday, time: releaseTime, weeksAhead: releaseWeeksAhead } : null,
      weekly: schedule.weekly,
      exceptions: schedule.exceptions.filter((e) => e.date >= today),
      roster: await getRosterShifts(db, d.id),
    });
  }
  const operators = await db.query<{ id: string; username: string; displayName: string }>(
    `SELECT DISTINCT u.id, u.username, u.display_name AS "displayName"
       FROM staff_user u JOIN staff_grant g ON g.user_id = u.id LEFT JOIN desk d ON d.id = g.desk_id
      WHERE u.active AND g.role = 'desk_operator' AND (g.office_id = $1 OR d.office_id = $1)
      ORDER BY "displayName"`,
    [officeId],
  );
  return { ...office, localHolidays: holidays.rows, desks: out, operators: operators.rows, absences: await getAbsences(db, officeId, today) };
}
