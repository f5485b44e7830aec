import type { Queryable } from '../storage/db.js';
import { getDeskSchedule } from '../catalog/index.js';

/**
 * An office's whole configuration in the office-file format (`import-offices`): its region,
 * province, holidays, desks with their patterns, exceptions and booking settings. Imported
 * into another database — or under another code — it reproduces the office exactly.
 */
export async function exportOffice(db: Queryable, officeId: string): Promise<Record<string, unknown> | null> {
  const o = await db.query<{ code: string; province: string; kind: string; name: string; town: string; address: string | null; receptionPhone: string | null; latitude: number | null; longitude: number | null; serves: string[]; offerHours: { from: string; to: string; weekdays: number[] }; pCode: string; pName: string; capital: string; patron: string | null; patronDay: string | null; pPhone: string | null; rCode: string; rName: string }>(
    `SELECT o.code, o.province_code AS province, o.kind, o.name, o.town, o.address, o.reception_phone AS "receptionPhone", o.latitude, o.longitude, o.serves,
            json_build_object('from', to_char(o.offer_hours_from, 'HH24:MI'), 'to', to_char(o.offer_hours_to, 'HH24:MI'), 'weekdays', o.offer_weekdays) AS "offerHours",
            p.code AS "pCode", p.name AS "pName", p.capital, p.patron, p.patron_day AS "patronDay", p.reception_phone AS "pPhone",
            r.code AS "rCode", r.name AS "rName"
       FROM office o JOIN province p ON p.code = o.province_code JOIN region r ON r.code = p.region_code WHERE o.id = $1`,
    [officeId],
  );
  const office = o.rows[0];
  if (!office) return null;
  const holidays = await db.query<{ date: string; name: string }>('SELECT day AS date, name FROM office_holiday WHERE office_id = $1 ORDER BY day', [officeId]);
  const desks = await db.query<{
    id: string; key: string; number: number; nameIt: string; nameEn: string; descIt: string; descEn: string; channels: string[];
    slotMinutes: number; horizonDays: number; minNotice: number; active: boolean; topics: unknown[]; holdMinutes: number;
    maxActive: number | null; releaseWeekday: number | null; releaseTime: string | null; releaseWeeksAhead: number;
    priorityPercent: number; priorityReleaseHours: number; waitlistOfferMinutes: number;
  }>(
    `SELECT id, key, number, name_it AS "nameIt", name_en AS "nameEn", description_it AS "descIt", description_en AS "descEn", channels,
            slot_minutes AS "slotMinutes", horizon_days AS "horizonDays", min_notice_minutes AS "minNotice", active, topics,
            hold_minutes AS "holdMinutes", max_active_per_person AS "maxActive", release_weekday AS "releaseWeekday",
            to_char(release_time, 'HH24:MI') AS "releaseTime", release_weeks_ahead AS "releaseWeeksAhead",
            priority_percent AS "priorityPercent", priority_release_hours AS "priorityReleaseHours", waitlist_offer_minutes AS "waitlistOfferMinutes"
       FROM desk WHERE office_id = $1 ORDER BY number`,
    [officeId],
  );
  const deskFiles = [];
  for (const d of desks.rows) {
    const schedule = (await getDeskSchedule(db, d.id))!;
    deskFiles.push({
      key: d.key,
      number: d.number,
      name: d.nameIt,
      nameEn: d.nameEn,
      description: d.descIt,
      descriptionEn: d.descEn,
      channels: d.channels,
      slotMinutes: d.slotMinutes,
      horizonDays: d.horizonDays,
      minNoticeMinutes: d.minNotice,
      active: d.active,
      topics: d.topics,
      weekly: schedule.weekly,
      exceptions: schedule.exceptions,
      booking: {
        holdMinutes: d.holdMinutes,
        maxActivePerPerson: d.maxActive,
        release: d.releaseWeekday && d.releaseTime ? { weekday: d.releaseWeekday, time: d.releaseTime, weeksAhead: d.releaseWeeksAhead } : null,
        priorityPercent: d.priorityPercent,
        priorityReleaseHours: d.priorityReleaseHours,
        waitlistOfferMinutes: d.waitlistOfferMinutes,
      },
    });
  }
  const strip = <T extends Record<string, unknown>>(x: T) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== null && v !== undefined));
  return {
    region: { code: office.rCode, name: office.rName },
    provinces: [strip({ code: office.pCode, name: office.pName, capital: office.capital, patron: office.patron, patronDay: office.patronDay, receptionPhone: office.pPhone })],
    offices: [strip({
      code: office.code, province: office.province, kind: office.kind, name: office.name, town: office.town,
      address: office.address, receptionPhone: office.receptionPhone, latitude: office.latitude, longitude: office.longitude,
      ...(office.serves.length ? { serves: office.serves } : {}), offerHours: office.offerHours, localHolidays: holidays.rows, desks: deskFiles,
    })],
  };
}
