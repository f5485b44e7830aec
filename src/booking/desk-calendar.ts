import type { Queryable } from '../storage/db.js';
import type { Channel } from '../domain/catalog/types.js';
import type { BookingRules } from '../domain/booking/availability.js';
import type { DeskSchedule, Weekday } from '../domain/schedule/types.js';
import { getDeskSchedule } from '../catalog/index.js';
import type { OfficeHours } from '../domain/booking/offer-window.js';

/** Everything the booking engine needs to know about a desk. */
export interface DeskCalendar {
  deskId: string;
  officeId: string;
  officeCode: string;
  deskNumber: number;
  active: boolean;
  channels: Channel[];
  topics: string[];
  timeZone: string;
  schedule: DeskSchedule;
  rules: BookingRules;
  holdMinutes: number;
  waitlistOfferMinutes: number;
  /** The office's hours, in which a waiting-list offer's time counts (migration 0031). */
  officeHours: OfficeHours;
  /** desk.calendar_version this calendar was read at (see migration 0008). */
  version: number;
}

export async function loadDeskCalendar(db: Queryable, deskId: string): Promise<DeskCalendar | null> {
  const r = await db.query<{
    officeId: string; officeCode: string; deskNumber: number; active: boolean; channels: Channel[]; topics: { key: string }[];
    minNotice: number; horizon: number; releaseWeekday: number | null; releaseTime: string | null; releaseWeeksAhead: number;
    priorityPercent: number; priorityReleaseHours: number; patronatoPercent: number; patronatoReleaseHours: number; holdMinutes: number; waitlistOfferMinutes: number; version: number;
    offerFrom: string; offerTo: string; offerWeekdays: number[];
  }>(
    `SELECT d.office_id AS "officeId", o.code AS "officeCode", d.number AS "deskNumber", d.active, d.channels, d.topics,
            d.min_notice_minutes AS "minNotice", d.horizon_days AS horizon, d.release_weekday AS "releaseWeekday",
            to_char(d.release_time, 'HH24:MI') AS "releaseTime", d.release_weeks_ahead AS "releaseWeeksAhead",
            d.priority_percent AS "priorityPercent", d.priority_release_hours AS "priorityReleaseHours",
            d.patronato_percent AS "patronatoPercent", d.patronato_release_hours AS "patronatoReleaseHours",
            d.hold_minutes AS "holdMinutes", d.waitlist_offer_minutes AS "waitlistOfferMinutes", d.calendar_version AS version,
            to_char(o.offer_hours_from, 'HH24:MI') AS "offerFrom", to_char(o.offer_hours_to, 'HH24:MI') AS "offerTo", o.offer_weekdays AS "offerWeekdays"
       FROM desk d JOIN office o ON o.id = d.office_id WHERE d.id = $1`,
    [deskId],
  );
  const row = r.rows[0];
  if (!row) return null;
  const schedule = await getDeskSchedule(db, deskId);
  if (!schedule) return null;
  return {
    deskId,
    officeId: row.officeId,
    officeCode: row.officeCode,
    deskNumber: row.deskNumber,
    active: row.active,
    channels: row.channels,
    topics: row.topics.map((t) => t.key),
    timeZone: schedule.timeZone ?? 'Europe/Rome',
    schedule,
    rules: {
      minNoticeMinutes: row.minNotice,
      horizonDays: row.horizon,
      release: row.releaseWeekday && row.releaseTime
        ? { weekday: row.releaseWeekday as Weekday, time: row.releaseTime, weeksAhead: row.releaseWeeksAhead }
        : null,
      priorityPercent: row.priorityPercent,
      priorityReleaseHours: row.priorityReleaseHours,
      patronatoPercent: row.patronatoPercent,
      patronatoReleaseHours: row.patronatoReleaseHours,
    },
    holdMinutes: row.holdMinutes,
    waitlistOfferMinutes: row.waitlistOfferMinutes,
    officeHours: { weekdays: row.offerWeekdays as Weekday[], from: row.offerFrom, to: row.offerTo },
    version: Number(row.version),
  };
}

/**
 * Desk calendars change rarely and are read on every availability request: keep them
 * for a few seconds. Several instances converge within the TTL; an import or an admin
 * change in this instance invalidates at once.
 */
export class CalendarCache {
  private readonly entries = new Map<string, { at: number; value: Promise<DeskCalendar | null>; via: Queryable; settled: boolean }>();
  constructor(private readonly ttlMs = 5_000, private readonly now: () => number = Date.now) {}

  /**
   * The desk's calendar, loaded through `db` (the pool, or the caller's transaction) on a miss.
   * A load still running through another connection is not joined: a transaction waiting for
   * a load queued behind it (PGlite) or behind a pool it exhausts (PostgreSQL) never ends.
   */
  get(db: Queryable, deskId: string): Promise<DeskCalendar | null> {
    const hit = this.entries.get(deskId);
    if (hit && this.now() - hit.at < this.ttlMs && (hit.settled || hit.via === db)) return hit.value;
    const entry = { at: this.now(), value: loadDeskCalendar(db, deskId), via: db, settled: false };
    this.entries.set(deskId, entry);
    entry.value.then(
      () => {
        entry.settled = true;
      },
      () => {
        if (this.entries.get(deskId) === entry) this.entries.delete(deskId);
      },
    );
    return entry.value;
  }

  invalidate(deskId?: string): void {
    if (deskId) this.entries.delete(deskId);
    else this.entries.clear();
  }
}
