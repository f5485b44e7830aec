/**
 * The monitoring figures: one set of counters per (desk, day), summed over any node of the
 * tree (region, province, office, desk) and any period, and the statistics of call durations.
 * Pure: the counters come from the database (raw rows or daily rollups), the maths is here.
 */
import { isNationalHoliday } from '../schedule/holidays.js';
import { addDays, dateOfDayNumber, dayNumberOf, weekdayOf } from '../schedule/time.js';

/** Additive counters of one desk on one day (or of any sum of them). */
export interface Counters {
  offered: number;
  booked: number;
  cancelled: number;
  served: number;
  noAnswer: number;
  calls: number;
  /** Sum of the finished calls' durations (seconds). */
  callSeconds: number;
  /** Finished calls longer than their desk's slot. */
  overrun: number;
  contacts: number;
}

/** Call durations: seconds -> number of calls. */
export type Durations = Map<number, number>;

export interface Figures {
  offered: number;
  booked: number;
  served: number;
  noAnswer: number;
  cancelled: number;
  fillRate: number;
  noAnswerRate: number;
  calls: number;
  meanCallSec: number | null;
  p90CallSec: number | null;
  overrunRate: number;
  contacts: number;
}

export const zeroCounters = (): Counters => ({
  offered: 0, booked: 0, cancelled: 0, served: 0, noAnswer: 0, calls: 0, callSeconds: 0, overrun: 0, contacts: 0,
});

export function addCounters(into: Counters, c: Partial<Counters>): Counters {
  into.offered += c.offered ?? 0;
  into.booked += c.booked ?? 0;
  into.cancelled += c.cancelled ?? 0;
  into.served += c.served ?? 0;
  into.noAnswer += c.noAnswer ?? 0;
  into.calls += c.calls ?? 0;
  into.callSeconds += c.callSeconds ?? 0;
  into.overrun += c.overrun ?? 0;
  into.contacts += c.contacts ?? 0;
  return into;
}

export function addDurations(into: Durations, from: Durations): Durations {
  for (const [sec, n] of from) into.set(sec, (into.get(sec) ?? 0) + n);
  return into;
}

/**
 * Adds durations packed as "sec:n,sec:n,…" (non-negative integers, the rollups' and the raw
 * queries' text form) to `into`, calling `each` for every pair; read without splitting the text.
 */
export function addPackedDurations(into: Durations, packed: string, each?: (sec: number, n: number) => void): Durations {
  let sec = 0;
  let n = 0;
  let inN = false;
  for (let i = 0, len = packed.length; i <= len; i++) {
    const c = i < len ? packed.charCodeAt(i) : 44;
    if (c === 58) inN = true; // ':'
    else if (c === 44) { // ','
      if (inN) {
        into.set(sec, (into.get(sec) ?? 0) + n);
        each?.(sec, n);
      }
      sec = 0;
      n = 0;
      inN = false;
    } else if (inN) n = n * 10 + (c - 48);
    else sec = sec * 10 + (c - 48);
  }
  return into;
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

/**
 * Nearest-rank percentile: the smallest duration d such that at least p % of the calls last
 * d or less (the value at rank ⌈p/100 · n⌉ of the sorted durations). null without calls.
 */
export function percentile(durations: Durations, p: number): number | null {
  let n = 0;
  for (const c of durations.values()) n += c;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n - 1e-9));
  let seen = 0;
  for (const sec of [...durations.keys()].sort((a, b) => a - b)) {
    seen += durations.get(sec)!;
    if (seen >= rank) return sec;
  }
  return null;
}

export function figuresOf(c: Counters, durations: Durations): Figures {
  return {
    offered: c.offered,
    booked: c.booked,
    served: c.served,
    noAnswer: c.noAnswer,
    cancelled: c.cancelled,
    fillRate: ratio(c.booked, c.offered),
    noAnswerRate: ratio(c.noAnswer, c.served + c.noAnswer),
    calls: c.calls,
    meanCallSec: c.calls > 0 ? c.callSeconds / c.calls : null,
    p90CallSec: percentile(durations, 90),
    overrunRate: ratio(c.overrun, c.calls),
    contacts: c.contacts,
  };
}

export interface SlotLengthStats {
  calls: number;
  meanSec: number | null;
  p50Sec: number | null;
  p90Sec: number | null;
  overrunShare: number;
  minutesCovering90: number | null;
  histogram: { fromMin: number; toMin: number; count: number }[];
}

/**
 * The slot-length report of one desk: a call of d seconds overruns a slot of m minutes when
 * d > 60·m; it falls in the 1-minute bin [⌊d/60⌋, ⌊d/60⌋ + 1); minutesCovering90 is the
 * smallest whole number of minutes m with at least 90 % of the calls lasting ≤ 60·m seconds.
 */
export function slotLengthStats(durations: Durations, slotMinutes: number): SlotLengthStats {
  let n = 0;
  let sum = 0;
  let over = 0;
  let maxBin = -1;
  const bins = new Map<number, number>();
  for (const [sec, c] of durations) {
    n += c;
    sum += sec * c;
    if (sec > slotMinutes * 60) over += c;
    const bin = Math.floor(sec / 60);
    bins.set(bin, (bins.get(bin) ?? 0) + c);
    if (bin > maxBin) maxBin = bin;
  }
  const histogram = [];
  for (let b = 0; b <= maxBin; b++) histogram.push({ fromMin: b, toMin: b + 1, count: bins.get(b) ?? 0 });
  const p90 = percentile(durations, 90);
  return {
    calls: n,
    meanSec: n > 0 ? sum / n : null,
    p50Sec: percentile(durations, 50),
    p90Sec: p90,
    overrunShare: ratio(over, n),
    // At least 90 % last ≤ p90 seconds, and fewer than 90 % last < p90: so ⌈p90 / 60⌉ minutes.
    minutesCovering90: p90 === null ? null : Math.ceil(p90 / 60),
    histogram,
  };
}

export type Granularity = 'day' | 'week' | 'month';

/** First day of the period holding `day`: itself, the Monday of its ISO week, the 1st of its month. */
export function periodOf(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  return addDays(day, 1 - weekdayOf(day));
}

/** Every period touching [from, to], oldest first (the first may start before `from`). */
export function periodsBetween(from: string, to: string, granularity: Granularity): string[] {
  const out: string[] = [];
  const last = periodOf(to, granularity);
  let p = periodOf(from, granularity);
  while (p <= last) {
    out.push(p);
    if (granularity === 'day') p = addDays(p, 1);
    else if (granularity === 'week') p = addDays(p, 7);
    else {
      const y = Number(p.slice(0, 4));
      const m = Number(p.slice(5, 7));
      p = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    }
  }
  return out;
}

/** Monday to Friday and not a national holiday. */
export function isWorkingDay(day: string): boolean {
  const w = weekdayOf(day);
  return w <= 5 && !isNationalHoliday(day);
}

/** Working days after `today` up to and including `day` (0 when `day` is today or earlier). */
export function workingDaysUntil(today: string, day: string): number {
  let n = 0;
  for (let d = dayNumberOf(today) + 1; d <= dayNumberOf(day); d++) if (isWorkingDay(dateOfDayNumber(d))) n++;
  return n;
}
