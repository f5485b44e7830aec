// The clock of the tests: they never depend on the day or the hour they run. A test that needs
// "today" picks a working day with `workingDay()` and an hour with `romeTime()`, and injects that
// instant (a fixed `now`, or `tickingClock()` for a server that must see time pass).
import { readFileSync } from 'node:fs';
import { DEMO_FILE } from '../../src/app.js';
import { isNationalHoliday } from '../../src/domain/schedule/holidays.js';
import { addDays, dayNumberOf, weekdayOf } from '../../src/domain/schedule/time.js';
import { localTimeToUtcMs, toIsoWithOffset } from '../../src/domain/schedule/zone.js';

/** Patron-saint days ("MM-DD") of the demo provinces: the offices of their capitals close. */
const DEMO_LOCAL_HOLIDAYS: ReadonlySet<string> = new Set(
  (JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as { provinces: { patronDay?: string }[] }).provinces.flatMap((p) => (p.patronDay ? [p.patronDay] : [])),
);

/** True when every demo office and test desk is open: Monday–Friday, not a national holiday nor a demo patron day. */
export function isWorkingDay(day: string): boolean {
  return weekdayOf(day) <= 5 && !isNationalHoliday(day) && !DEMO_LOCAL_HOLIDAYS.has(day.slice(5));
}

/** Today's date in Europe/Rome at instant `ms`, "YYYY-MM-DD". */
export function romeDay(ms: number): string {
  return toIsoWithOffset(ms).slice(0, 10);
}

/**
 * The first working day at least `afterDays` days after today (Europe/Rome), "YYYY-MM-DD".
 * Later than today, so that the whole day is still ahead of the database's own `now()`.
 */
export function workingDay(afterDays = 1, from = Date.now()): string {
  let day = addDays(romeDay(from), Math.max(afterDays, 1));
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** Epoch ms of `day` at hh:mm in Europe/Rome. */
export function romeTime(day: string, hh: number, mm = 0): number {
  return localTimeToUtcMs(dayNumberOf(day), hh * 60 + mm);
}

/** A clock that starts at `startMs` and runs with real time (timers, pushes and timeouts still move it on). */
export function tickingClock(startMs: number): () => number {
  const offset = startMs - Date.now();
  return () => Date.now() + offset;
}
