import { isNationalHoliday, indexLocalHolidays } from '../schedule/holidays.js';
import { dateOfDayNumber, parseHHMM, weekdayOfDayNumber } from '../schedule/time.js';
import type { LocalHoliday, Weekday } from '../schedule/types.js';
import { DEFAULT_ZONE, localTimeToUtcMs, offsetMinutesAt } from '../schedule/zone.js';

/**
 * The hours in which an office answers a waiting-list offer's questions ("office hours"):
 * local wall clock [from, to) on these weekdays, never on national or the office's local
 * holidays. A waiting-list offer's time counts only inside them, so an offer made in the
 * evening runs from the next morning, and never lapses at night.
 */
export interface OfficeHours {
  weekdays: readonly Weekday[];
  from: string;
  to: string;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = { weekdays: [1, 2, 3, 4, 5], from: '08:30', to: '17:00' };

const MIN_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far the walk looks for office time (a long closure, or a schedule with no hours at all). */
const MAX_DAYS = 60;

function localDayNumber(ms: number, zone: string): number {
  return Math.floor((ms + offsetMinutesAt(ms, zone) * MIN_MS) / DAY_MS);
}

/** The office-hours window of a local day, as UTC ms, or null when the office is closed that day. */
function windowOf(day: number, hours: OfficeHours, holidays: ReturnType<typeof indexLocalHolidays>, zone: string): [number, number] | null {
  if (!hours.weekdays.includes(weekdayOfDayNumber(day))) return null;
  const date = dateOfDayNumber(day);
  if (isNationalHoliday(date) || holidays.nameOn(date) !== undefined) return null;
  const from = parseHHMM(hours.from);
  const to = parseHHMM(hours.to);
  if (from === null || to === null || to <= from) return null;
  return [localTimeToUtcMs(day, from, zone), localTimeToUtcMs(day, to, zone)];
}

/**
 * When an offer made at `startMs` for `minutes` of office time lapses: the minutes are
 * counted inside office hours only. Null when no office time is found within 60 days.
 */
export function offerDeadline(
  startMs: number, minutes: number, hours: OfficeHours, localHolidays: readonly LocalHoliday[] = [], zone = DEFAULT_ZONE,
): number | null {
  const holidays = indexLocalHolidays(localHolidays);
  let left = minutes * MIN_MS;
  const first = localDayNumber(startMs, zone);
  for (let day = first; day <= first + MAX_DAYS; day++) {
    const w = windowOf(day, hours, holidays, zone);
    if (!w) continue;
    const from = Math.max(w[0], startMs);
    if (from >= w[1]) continue;
    if (from + left <= w[1]) return from + left;
    left -= w[1] - from;
  }
  return null;
}

/**
 * The latest instant at or before `ms` that lies inside office hours (a window's end counts),
 * not before `notBeforeMs`; null when there is none. An offer that must lapse before `ms`
 * (the booking's minimum notice) lapses then, not at night.
 */
export function lastOfficeMoment(
  ms: number, notBeforeMs: number, hours: OfficeHours, localHolidays: readonly LocalHoliday[] = [], zone = DEFAULT_ZONE,
): number | null {
  const holidays = indexLocalHolidays(localHolidays);
  const last = localDayNumber(ms, zone);
  const first = localDayNumber(notBeforeMs, zone);
  for (let day = last; day >= first; day--) {
    const w = windowOf(day, hours, holidays, zone);
    if (!w || w[0] > ms) continue;
    const t = Math.min(w[1], ms);
    return t > notBeforeMs ? t : null;
  }
  return null;
}

/** True when `ms` lies inside office hours ([from, to], a window's end included). */
export function inOfficeHours(ms: number, hours: OfficeHours, localHolidays: readonly LocalHoliday[] = [], zone = DEFAULT_ZONE): boolean {
  const w = windowOf(localDayNumber(ms, zone), hours, indexLocalHolidays(localHolidays), zone);
  return w !== null && ms >= w[0] && ms <= w[1];
}
