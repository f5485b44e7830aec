/** Pure helpers for "HH:MM" wall-clock times and "YYYY-MM-DD" local calendar dates. */

const DAY_MS = 86_400_000;
const HHMM = /^(\d{2}):(\d{2})$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes since local midnight for "HH:MM" in 00:00–24:00 ("24:00" gives 1440); null if malformed. */
export function parseHHMM(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = HHMM.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59) return null;
  if (h === 24) return min === 0 ? 1440 : null;
  if (h > 23) return null;
  return h * 60 + min;
}

/** "HH:MM" for minutes in 0..1440. */
export function formatHHMM(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** True for a real calendar date written "YYYY-MM-DD" (years 1000–9999). */
export function isValidLocalDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = YMD.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Days since 1970-01-01 of a "YYYY-MM-DD" date. Throws RangeError if invalid. */
export function dayNumberOf(date: string): number {
  if (!isValidLocalDate(date)) throw new RangeError(`invalid date: ${String(date)}`);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** "YYYY-MM-DD" of a day number (days since 1970-01-01). */
export function dateOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumberOf(date) + days);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number. */
export function weekdayOfDayNumber(n: number): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  // 1970-01-01 was a Thursday (4).
  return ((((n + 3) % 7) + 7) % 7 + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of "YYYY-MM-DD". */
export function weekdayOf(date: string): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  return weekdayOfDayNumber(dayNumberOf(date));
}

/** Every date from `from` to `to`, inclusive (empty if to < from). */
export function datesBetween(from: string, to: string): string[] {
  const a = dayNumberOf(from);
  const b = dayNumberOf(to);
  const out: string[] = [];
  for (let n = a; n <= b; n++) out.push(dateOfDayNumber(n));
  return out;
}
