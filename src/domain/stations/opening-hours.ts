/**
 * A municipal station's weekly opening hours (Europe/Rome wall clock), pure: validation,
 * whether a slot lies inside them, whether the station is open at an instant. The database
 * checks the same rule for every booking at a station (station_covers, migration 0034).
 */
import type { FieldProblem } from '../errors.js';
import { formatHHMM, parseHHMM, weekdayOf } from '../schedule/time.js';
import { toIsoWithOffset } from '../schedule/zone.js';

/** One opening interval: weekday 1 (Monday) … 7 (Sunday), "HH:MM" to "HH:MM". */
export interface OpeningInterval {
  weekday: number;
  from: string;
  to: string;
}

/** In minutes from local midnight, as stored. */
export interface OpeningMinutes {
  weekday: number;
  opens: number;
  closes: number;
}

export const MAX_INTERVALS = 21;

/** Checks a week of intervals (well formed, from < to, no overlap on a day); problems, or the intervals in minutes. */
export function checkOpeningHours(hours: readonly OpeningInterval[], path = 'hours'): { problems: FieldProblem[]; minutes: OpeningMinutes[] } {
  const problems: FieldProblem[] = [];
  const minutes: OpeningMinutes[] = [];
  if (hours.length === 0) problems.push({ path, code: 'too_small', it: 'Indica almeno un orario di apertura.', en: 'Give at least one opening interval.' });
  if (hours.length > MAX_INTERVALS) problems.push({ path, code: 'too_big', it: `Al massimo ${MAX_INTERVALS} fasce orarie.`, en: `At most ${MAX_INTERVALS} intervals.` });
  hours.forEach((h, i) => {
    const opens = parseHHMM(h.from);
    const closes = parseHHMM(h.to);
    if (!Number.isInteger(h.weekday) || h.weekday < 1 || h.weekday > 7) {
      problems.push({ path: `${path}[${i}].weekday`, code: 'invalid_weekday', it: 'Giorno della settimana non valido (1 = lunedì … 7 = domenica).', en: 'Invalid weekday (1 = Monday … 7 = Sunday).' });
      return;
    }
    if (opens === null || opens >= 1440) {
      problems.push({ path: `${path}[${i}].from`, code: 'invalid_time', it: 'Orario non valido (HH:MM).', en: 'Invalid time (HH:MM).' });
      return;
    }
    if (closes === null || closes <= opens) {
      problems.push({ path: `${path}[${i}].to`, code: 'invalid_interval', it: "L'orario di chiusura deve seguire quello di apertura.", en: 'The closing time must come after the opening time.' });
      return;
    }
    const clash = minutes.find((m) => m.weekday === h.weekday && m.opens < closes && opens < m.closes);
    if (clash) {
      problems.push({ path: `${path}[${i}]`, code: 'overlapping', it: 'Questa fascia si sovrappone a un’altra dello stesso giorno.', en: 'This interval overlaps another one of the same day.' });
      return;
    }
    minutes.push({ weekday: h.weekday, opens, closes });
  });
  minutes.sort((a, b) => a.weekday - b.weekday || a.opens - b.opens);
  return { problems, minutes };
}

export function intervalsOf(minutes: readonly OpeningMinutes[]): OpeningInterval[] {
  return minutes.map((m) => ({ weekday: m.weekday, from: formatHHMM(m.opens), to: formatHHMM(m.closes) }));
}

/** The local date ("YYYY-MM-DD") and minutes from its midnight of an instant, Europe/Rome. */
function localOf(ms: number): { day: string; minutes: number } {
  const iso = toIsoWithOffset(ms);
  return { day: iso.slice(0, 10), minutes: Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16)) };
}

/** True when one opening interval holds the whole of [startMs, endMs). */
export function coversSlot(hours: readonly OpeningMinutes[], startMs: number, endMs: number): boolean {
  const start = localOf(startMs);
  const weekday = weekdayOf(start.day);
  // Minutes of the end from the start's local midnight (a slot ending at midnight counts as 24:00).
  const endMinutes = start.minutes + Math.round((endMs - startMs) / 60_000);
  return hours.some((h) => h.weekday === weekday && h.opens <= start.minutes && endMinutes <= h.closes);
}

/** True when the station is open at this instant. */
export function isOpenAt(hours: readonly OpeningMinutes[], ms: number): boolean {
  const at = localOf(ms);
  const weekday = weekdayOf(at.day);
  return hours.some((h) => h.weekday === weekday && h.opens <= at.minutes && at.minutes < h.closes);
}
