/**
 * Slot generation: planDays (one DayPlan per local date, with the reason a day is closed)
 * and generateSlots (all slots of a date range, sorted by start).
 *
 * Rules, per local date D in the desk's zone:
 * - D is closed when it is an Italian national public holiday ('national_holiday'), a local holiday
 *   of the office ('local_holiday'), has a whole-day 'closed' exception ('closure') or has neither
 *   weekly intervals nor 'extra' openings ('weekend_or_no_opening'); reasons are tried in that order.
 * - On a holiday the weekly intervals do not apply, but 'extra' openings do (deliberate admin act).
 *   A whole-day 'closed' exception wins over everything, extras included.
 * - An interval [from, to) gives floor((toInstant - fromInstant) / slotMs) slots, stepping by real time
 *   from fromInstant; instants are the real ones in the zone on D (see zone.ts for DST days).
 * - Slots of overlapping intervals: sorted by start (weekly before extras on ties), a slot that
 *   overlaps an already kept one is dropped (the earlier one wins).
 * - Then partial 'closed' exceptions remove the slots overlapping their [from, to), and 'reduced'
 *   exceptions cap places (min) on the slots overlapping their [from, to) (whole day without
 *   from/to); a slot left with 0 places is removed. A missing from means 00:00, a missing to 24:00.
 * - When the desk's places follow its duty roster (schedule.roster), each slot then keeps
 *   min(places, operators with a shift — weekly on that weekday, or dated on that date — covering
 *   the whole slot, not absent that date); a slot left with 0 places is removed.
 * - DayPlan.open is true iff the day has slots. A day whose intervals gave slots that exceptions all
 *   removed is closed with reason 'closure'.
 */
import { holidayName, indexLocalHolidays, type LocalHolidayIndex } from './holidays.js';
import { dateOfDayNumber, dayNumberOf, parseHHMM, weekdayOfDayNumber } from './time.js';
import type { ClosedReason, DayException, DayPlan, DeskSchedule, RosterRule, Slot } from './types.js';
import { DEFAULT_ZONE, localTimeToUtcMs } from './zone.js';

/** Longest date range accepted by planDays / generateSlots (protects the server). */
export const MAX_RANGE_DAYS = 3700;

interface Span {
  from: number; // minutes
  to: number; // minutes
  places: number;
}

interface DayRules {
  wholeDayClosed: boolean;
  extras: Span[];
  closures: Span[]; // partial
  reductions: Span[]; // places = cap
}

interface Prepared {
  zone: string;
  slotMs: number;
  weekly: Span[][]; // index 1..7, sorted by from
  byDate: Map<string, DayRules>;
  local: LocalHolidayIndex;
  roster: PreparedRoster | null;
}

interface Shift {
  operatorId: string;
  from: number;
  to: number;
}

interface PreparedRoster {
  weekly: Shift[][]; // index 1..7
  byDate: Map<string, Shift[]>;
  absences: { operatorId: string; from: string; to: string }[];
}

function prepareRoster(r: RosterRule): PreparedRoster {
  const weekly: Shift[][] = [[], [], [], [], [], [], [], []];
  const byDate = new Map<string, Shift[]>();
  r.shifts.forEach((sh, i) => {
    const shift = { operatorId: sh.operatorId, from: minutes(sh.from, 0, `roster[${i}].from`), to: minutes(sh.to, 1440, `roster[${i}].to`) };
    if (sh.date !== undefined) byDate.set(sh.date, [...(byDate.get(sh.date) ?? []), shift]);
    else if (sh.weekday !== undefined) weekly[sh.weekday]?.push(shift);
  });
  return { weekly, byDate, absences: r.absences.map((a) => ({ ...a })) };
}

/** Caps each slot of the day at the operators on duty for its whole length (not absent). */
function staff(p: Prepared, r: PreparedRoster, dayNumber: number, date: string, slots: Slot[]): Slot[] {
  const away = new Set(r.absences.filter((a) => a.from <= date && date <= a.to).map((a) => a.operatorId));
  const shifts = (r.weekly[weekdayOfDayNumber(dayNumber)] ?? []).concat(r.byDate.get(date) ?? [])
    .filter((s) => !away.has(s.operatorId))
    .map((s) => ({ id: s.operatorId, fromMs: localTimeToUtcMs(dayNumber, s.from, p.zone), toMs: localTimeToUtcMs(dayNumber, s.to, p.zone) }));
  const kept: Slot[] = [];
  for (const sl of slots) {
    const on = new Set(shifts.filter((s) => s.fromMs <= sl.startMs && sl.endMs <= s.toMs).map((s) => s.id)).size;
    if (on < sl.places) sl.places = on;
    if (sl.places > 0) kept.push(sl);
  }
  return kept;
}

function minutes(value: string | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  const m = parseHHMM(value);
  if (m === null) throw new RangeError(`invalid time in ${what}: ${String(value)} (run validateSchedule first)`);
  return m;
}

function prepare(s: DeskSchedule): Prepared {
  if (!Number.isInteger(s.slotMinutes) || s.slotMinutes <= 0) {
    throw new RangeError(`invalid slotMinutes: ${String(s.slotMinutes)} (run validateSchedule first)`);
  }
  const weekly: Span[][] = [[], [], [], [], [], [], [], []];
  s.weekly.forEach((w, i) => {
    const list = weekly[w.weekday];
    if (!list) throw new RangeError(`invalid weekday in weekly[${i}]: ${String(w.weekday)}`);
    list.push({ from: minutes(w.from, 0, `weekly[${i}].from`), to: minutes(w.to, 0, `weekly[${i}].to`), places: w.places });
  });
  for (const list of weekly) list.sort((a, b) => a.from - b.from);

  const byDate = new Map<string, DayRules>();
  s.exceptions.forEach((e: DayException, i) => {
    let r = byDate.get(e.date);
    if (!r) {
      r = { wholeDayClosed: false, extras: [], closures: [], reductions: [] };
      byDate.set(e.date, r);
    }
    const at = `exceptions[${i}]`;
    if (e.kind === 'closed') {
      if (e.from === undefined && e.to === undefined) r.wholeDayClosed = true;
      else r.closures.push({ from: minutes(e.from, 0, at), to: minutes(e.to, 1440, at), places: 0 });
    } else if (e.kind === 'extra') {
      r.extras.push({ from: minutes(e.from, 0, at), to: minutes(e.to, 0, at), places: e.places });
    } else if (e.kind === 'reduced') {
      r.reductions.push({ from: minutes(e.from, 0, at), to: minutes(e.to, 1440, at), places: e.places });
    }
  });
  return {
    zone: s.timeZone ?? DEFAULT_ZONE,
    slotMs: s.slotMinutes * 60_000,
    weekly,
    byDate,
    local: indexLocalHolidays(s.localHolidays),
    roster: s.roster ? prepareRoster(s.roster) : null,
  };
}

/** Appends the slots of interval [fromMs, toMs) to out. Returns the end of the last slot (or fromMs). */
function pushSlots(out: Slot[], date: string, fromMs: number, toMs: number, slotMs: number, places: number): number {
  const n = Math.floor((toMs - fromMs) / slotMs);
  let start = fromMs;
  for (let i = 0; i < n; i++) {
    out.push({ date, startMs: start, endMs: start + slotMs, places });
    start += slotMs;
  }
  return start;
}

function planDay(p: Prepared, dayNumber: number): DayPlan {
  const date = dateOfDayNumber(dayNumber);
  const national = holidayName(date);
  const local = national === undefined ? p.local.nameOn(date) : undefined;
  const holiday = national ?? local;
  const rules = p.byDate.get(date);

  const holidayReason: ClosedReason | undefined =
    national !== undefined ? 'national_holiday' : local !== undefined ? 'local_holiday' : undefined;
  const closed = (reason: ClosedReason): DayPlan =>
    holiday === undefined
      ? { date, open: false, closedReason: reason, slots: [] }
      : { date, open: false, closedReason: reason, holidayName: holiday, slots: [] };

  if (rules?.wholeDayClosed) return closed(holidayReason ?? 'closure');

  const weekly = holiday === undefined ? (p.weekly[weekdayOfDayNumber(dayNumber)] ?? []) : [];
  const extras = rules?.extras ?? [];
  if (weekly.length === 0 && extras.length === 0) return closed(holidayReason ?? 'weekend_or_no_opening');

  const { zone, slotMs } = p;
  let slots: Slot[] = [];
  if (extras.length === 0 && weekly.length === 1) {
    const w = weekly[0] as Span;
    pushSlots(slots, date, localTimeToUtcMs(dayNumber, w.from, zone), localTimeToUtcMs(dayNumber, w.to, zone), slotMs, w.places);
  } else {
    const spans = extras.length === 0 ? weekly : weekly.concat(extras);
    const iv = spans.map((s) => ({
      fromMs: localTimeToUtcMs(dayNumber, s.from, zone),
      toMs: localTimeToUtcMs(dayNumber, s.to, zone),
      places: s.places,
    }));
    iv.sort((a, b) => a.fromMs - b.fromMs); // stable: weekly before extras on ties
    let disjoint = true;
    let lastEnd = -Infinity;
    for (const x of iv) {
      const end = pushSlots(slots, date, x.fromMs, x.toMs, slotMs, x.places);
      if (end > x.fromMs) {
        if (x.fromMs < lastEnd) disjoint = false;
        lastEnd = end;
      }
    }
    if (!disjoint) {
      slots.sort((a, b) => a.startMs - b.startMs); // stable: keeps interval order on ties
      const kept: Slot[] = [];
      let keptEnd = -Infinity;
      for (const sl of slots) {
        if (sl.startMs >= keptEnd) {
          kept.push(sl);
          keptEnd = sl.endMs;
        }
      }
      slots = kept;
    }
  }
  const generated = slots.length;

  if (rules && (rules.closures.length > 0 || rules.reductions.length > 0)) {
    const cut = rules.closures.map((c) => [localTimeToUtcMs(dayNumber, c.from, zone), localTimeToUtcMs(dayNumber, c.to, zone)] as const);
    const caps = rules.reductions.map(
      (c) => [localTimeToUtcMs(dayNumber, c.from, zone), localTimeToUtcMs(dayNumber, c.to, zone), c.places] as const,
    );
    const kept: Slot[] = [];
    for (const sl of slots) {
      if (cut.some(([a, b]) => sl.startMs < b && sl.endMs > a)) continue;
      for (const [a, b, cap] of caps) if (sl.startMs < b && sl.endMs > a && cap < sl.places) sl.places = cap;
      if (sl.places > 0) kept.push(sl);
    }
    slots = kept;
  }

  if (p.roster) slots = staff(p, p.roster, dayNumber, date, slots);

  if (slots.length === 0) return closed(holidayReason ?? (generated > 0 ? 'closure' : 'weekend_or_no_opening'));
  return holiday === undefined ? { date, open: true, slots } : { date, open: true, holidayName: holiday, slots };
}

function dayRange(fromDate: string, toDate: string): [number, number] {
  const a = dayNumberOf(fromDate);
  const b = dayNumberOf(toDate);
  if (b - a + 1 > MAX_RANGE_DAYS) throw new RangeError(`date range longer than ${MAX_RANGE_DAYS} days`);
  return [a, b];
}

/** One DayPlan per local date from fromDate to toDate inclusive (empty if toDate < fromDate). */
export function planDays(schedule: DeskSchedule, fromDate: string, toDate: string): DayPlan[] {
  const [a, b] = dayRange(fromDate, toDate);
  const p = prepare(schedule);
  const out: DayPlan[] = [];
  for (let n = a; n <= b; n++) out.push(planDay(p, n));
  return out;
}

/** All slots of the local dates fromDate..toDate inclusive, sorted by start. */
export function generateSlots(schedule: DeskSchedule, fromDate: string, toDate: string): Slot[] {
  const [a, b] = dayRange(fromDate, toDate);
  const p = prepare(schedule);
  const out: Slot[] = [];
  for (let n = a; n <= b; n++) {
    const day = planDay(p, n);
    for (const s of day.slots) out.push(s);
  }
  return out;
}
