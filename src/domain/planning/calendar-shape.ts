import { weekdayOf } from '../schedule/time.js';
import { DEFAULT_ZONE, offsetMinutesAt } from '../schedule/zone.js';
import type { HourPlaces } from './plan-capacity.js';

/** A slot of the calendar as the planner sees it: local date, weekday, hour and minute, places. */
export interface LocalSlot {
  date: string;
  weekday: number;
  hour: number;
  places: number;
}

/**
 * The opening hours of each weekday (1..7) from the calendar's slots of some weeks: per hour,
 * the minutes open (slots starting in it × slot length, ≤ 60, the most seen on that weekday)
 * and the operators (places per slot, the most seen).
 */
export function hoursPerWeekday(slots: readonly LocalSlot[], slotMinutes: number): HourPlaces[][] {
  const perDay = new Map<string, Map<number, { n: number; places: number }>>();
  const weekdayOf = new Map<string, number>();
  for (const s of slots) {
    weekdayOf.set(s.date, s.weekday);
    let m = perDay.get(s.date);
    if (!m) perDay.set(s.date, (m = new Map()));
    const h = m.get(s.hour) ?? { n: 0, places: 0 };
    h.n += 1;
    h.places = Math.max(h.places, s.places);
    m.set(s.hour, h);
  }
  const out: Map<number, HourPlaces>[] = Array.from({ length: 8 }, () => new Map());
  for (const [date, m] of perDay) {
    const wd = weekdayOf.get(date)!;
    for (const [hour, h] of m) {
      const cur = out[wd]!.get(hour) ?? { hour, openMinutes: 0, operators: 0 };
      out[wd]!.set(hour, { hour, openMinutes: Math.max(cur.openMinutes, Math.min(60, h.n * slotMinutes)), operators: Math.max(cur.operators, h.places) });
    }
  }
  return out.map((m) => [...m.values()].sort((a, b) => a.hour - b.hour));
}

/** Working-day index of a date from a first date: the Mondays to Fridays before it (a weekend day counts as the next Monday). */
export function workingDayIndex(firstDayNumber: number, dayNumber: number): number {
  // Day numbers: consecutive integers; ISO weekday of a day number from the first's.
  const weekday = (n: number) => ((((n + 3) % 7) + 7) % 7) + 1; // day number 0 = 1970-01-01, a Thursday
  let count = 0;
  const weeks = Math.floor((dayNumber - firstDayNumber) / 7);
  count += weeks * 5;
  for (let n = firstDayNumber + weeks * 7; n < dayNumber; n++) if (weekday(n) <= 5) count += 1;
  return count;
}

/**
 * The calendar's slots as the planner sees them (local weekday and hour). The zone's offset is
 * looked up once per date (slots never straddle a change of offset: those happen at night).
 */
export function localSlotsOf(slots: readonly { date: string; startMs: number; places: number }[], zone: string = DEFAULT_ZONE): LocalSlot[] {
  const offsets = new Map<string, number>();
  return slots.map((s) => {
    let off = offsets.get(s.date);
    if (off === undefined) offsets.set(s.date, (off = offsetMinutesAt(s.startMs, zone)));
    const minutes = (((Math.floor(s.startMs / 60_000) + off) % 1440) + 1440) % 1440;
    return { date: s.date, weekday: weekdayOf(s.date), hour: Math.floor(minutes / 60), places: s.places };
  });
}
