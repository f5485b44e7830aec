/** Italian national public holidays (date-holidays, cached per year) and office-local holidays. */
import Holidays from 'date-holidays';
import type { LocalHoliday } from './types.js';

let italy: Holidays | undefined;
const byYear = new Map<number, ReadonlyMap<string, string>>();

/** Italian national public holidays of a year: "YYYY-MM-DD" -> name (Italian). Cached. */
export function nationalHolidaysOfYear(year: number): ReadonlyMap<string, string> {
  let m = byYear.get(year);
  if (!m) {
    italy ??= new Holidays('IT');
    const map = new Map<string, string>();
    for (const h of italy.getHolidays(year)) {
      if (h.type === 'public') map.set(h.date.slice(0, 10), h.name);
    }
    m = map;
    byYear.set(year, m);
  }
  return m;
}

/** Name of the Italian national public holiday on "YYYY-MM-DD", or undefined. */
export function holidayName(date: string): string | undefined {
  const year = Number(date.slice(0, 4));
  if (!Number.isInteger(year)) return undefined;
  return nationalHolidaysOfYear(year).get(date);
}

export function isNationalHoliday(date: string): boolean {
  return holidayName(date) !== undefined;
}

/** Lookup for an office's local holidays: recurring "MM-DD" and one-off "YYYY-MM-DD". */
export interface LocalHolidayIndex {
  /** Name of the local holiday on "YYYY-MM-DD", or undefined. */
  nameOn(date: string): string | undefined;
}

export function indexLocalHolidays(holidays: readonly LocalHoliday[]): LocalHolidayIndex {
  const once = new Map<string, string>();
  const yearly = new Map<string, string>();
  for (const h of holidays) {
    if (typeof h.date !== 'string') continue;
    if (h.date.length === 5) {
      if (!yearly.has(h.date)) yearly.set(h.date, h.name);
    } else if (!once.has(h.date)) {
      once.set(h.date, h.name);
    }
  }
  if (once.size === 0 && yearly.size === 0) return { nameOn: () => undefined };
  return { nameOn: (date) => once.get(date) ?? yearly.get(date.slice(5)) };
}

/** Name of the local holiday falling on "YYYY-MM-DD", or undefined. */
export function localHolidayName(holidays: readonly LocalHoliday[], date: string): string | undefined {
  return indexLocalHolidays(holidays).nameOn(date);
}
