/**
 * Property tests: random schedules over random ranges (biased towards the daylight-saving days)
 * against an independent, slow implementation that calls luxon for every slot.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { generateSlots, planDays } from './plan.js';
import type { DayException, DeskSchedule, LocalHoliday, OpeningInterval, Slot, Weekday } from './types.js';
import { validateSchedule } from './validate.js';

// ---------- independent naive implementation (luxon per slot) ----------

const hd = new Holidays('IT');
const nationalCache = new Map<number, Map<string, string>>();
function national(date: string): string | undefined {
  const y = Number(date.slice(0, 4));
  if (!nationalCache.has(y)) {
    nationalCache.set(y, new Map(hd.getHolidays(y).filter((h) => h.type === 'public').map((h) => [h.date.slice(0, 10), h.name])));
  }
  return nationalCache.get(y)!.get(date);
}
function local(s: DeskSchedule, date: string): string | undefined {
  return (s.localHolidays.find((h) => h.date === date) ?? s.localHolidays.find((h) => h.date === date.slice(5)))?.name;
}
/** Instant of local wall-clock "HH:MM" (24:00 = next midnight) on date, the slow way. */
const atCache = new Map<string, DateTime>();
function at(date: string, hhmm: string, zone: string): DateTime {
  const key = `${zone} ${date} ${hhmm}`;
  let v = atCache.get(key);
  if (!v) {
    v = atUncached(date, hhmm, zone);
    atCache.set(key, v);
  }
  return v;
}
function atUncached(date: string, hhmm: string, zone: string): DateTime {
  if (hhmm === '24:00') return DateTime.fromISO(date, { zone }).plus({ days: 1 }).startOf('day');
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const d = DateTime.fromISO(date, { zone });
  return DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour: h, minute: m }, { zone });
}
const wholeDayClosed = (s: DeskSchedule, date: string) => s.exceptions.some((e) => e.date === date && e.kind === 'closed' && e.from === undefined && e.to === undefined);
const extrasOf = (s: DeskSchedule, date: string) => s.exceptions.filter((e): e is Extract<DayException, { kind: 'extra' }> => e.date === date && e.kind === 'extra');
function intervalsOf(s: DeskSchedule, date: string, zone: string): { from: string; to: string; places: number }[] {
  const holiday = national(date) !== undefined || local(s, date) !== undefined;
  const weekday = DateTime.fromISO(date, { zone }).weekday;
  const weekly = holiday ? [] : s.weekly.filter((w) => w.weekday === weekday).sort((a, b) => a.from.localeCompare(b.from));
  return [...weekly, ...extrasOf(s, date)];
}

function naiveSlots(s: DeskSchedule, fromDate: string, toDate: string): Slot[] {
  const zone = s.timeZone ?? 'Europe/Rome';
  const out: Slot[] = [];
  for (let d = DateTime.fromISO(fromDate, { zone }); d.toISODate()! <= toDate; d = d.plus({ days: 1 })) {
    const date = d.toISODate()!;
    if (wholeDayClosed(s, date)) continue;
    const ivs = intervalsOf(s, date, zone)
      .map((iv) => ({ from: at(date, iv.from, zone), to: at(date, iv.to, zone), places: iv.places }))
      .sort((a, b) => a.from.toMillis() - b.from.toMillis());
    const candidates: Slot[] = [];
    for (const iv of ivs) {
      for (let t = iv.from; t.plus({ minutes: s.slotMinutes }) <= iv.to; t = t.plus({ minutes: s.slotMinutes })) {
        candidates.push({ date, startMs: t.toMillis(), endMs: t.plus({ minutes: s.slotMinutes }).toMillis(), places: iv.places });
      }
    }
    candidates.sort((a, b) => a.startMs - b.startMs);
    const kept: Slot[] = [];
    for (const c of candidates) if (kept.length === 0 || c.startMs >= kept[kept.length - 1]!.endMs) kept.push(c);
    for (const sl of kept) {
      let places = sl.places;
      let removed = false;
      for (const e of s.exceptions) {
        if (e.date !== date || e.kind === 'extra' || (e.kind === 'closed' && e.from === undefined && e.to === undefined)) continue;
        const a = at(date, e.from ?? '00:00', zone).toMillis();
        const b = at(date, e.to ?? '24:00', zone).toMillis();
        if (!(sl.startMs < b && sl.endMs > a)) continue;
        if (e.kind === 'closed') removed = true;
        else places = Math.min(places, e.places);
      }
      if (!removed && places > 0) out.push({ ...sl, places });
    }
  }
  return out;
}

// ---------- arbitraries ----------

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const SLOT_LENGTHS = [5, 8, 10, 12, 15, 20, 30, 45, 60];
const DST_DAYS = ['2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'];
const ZONES = ['Europe/Rome', 'Europe/Rome', 'Europe/Rome', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago'];
const dayMs = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Non-overlapping intervals inside 06:00–22:00 whose length divides by slot. */
const weekdayIntervals = (weekday: Weekday, slot: number) =>
  fc.uniqueArray(fc.integer({ min: 72, max: 264 }), { maxLength: 6 }).chain((cuts) => {
    const b = [...cuts].sort((x, y) => x - y).map((u) => u * 5);
    const pairs: [number, number][] = [];
    for (let i = 0; i + 1 < b.length; i += 2) {
      const from = b[i]!;
      const len = Math.floor((b[i + 1]! - from) / slot) * slot;
      if (len > 0) pairs.push([from, from + len]);
    }
    return fc.tuple(...pairs.map(() => fc.integer({ min: 1, max: 5 }))).map((places) =>
      pairs.map(([from, to], i): OpeningInterval => ({ weekday, from: hhmm(from), to: hhmm(to), places: places[i]! })),
    );
  });

const rangeArb: fc.Arbitrary<readonly [number, number]> = fc.oneof(
  fc
    .tuple(fc.integer({ min: Date.UTC(2025, 0, 1) / dayMs, max: Date.UTC(2028, 11, 1) / dayMs }), fc.integer({ min: 0, max: 30 }))
    .map(([start, len]) => [start, start + len] as const),
  // always contains a daylight-saving change day (twice as likely)
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...DST_DAYS), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }))
      .map(([d, before, after]) => [Date.parse(d) / dayMs - before, Date.parse(d) / dayMs + after] as const),
  },
);

/** Times on a 5-minute grid over the whole day (so extras and closures hit the DST hours too). */
const timeRange = fc
  .tuple(fc.integer({ min: 0, max: 288 }), fc.integer({ min: 0, max: 288 }))
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => [hhmm(Math.min(a, b) * 5), hhmm(Math.max(a, b) * 5)] as const);

function scheduleArb(start: number, end: number) {
  const dateArb = fc.integer({ min: start - 2, max: end + 2 }).map((n) => iso(n * dayMs));
  const exceptionArb: fc.Arbitrary<DayException> = fc.oneof(
    dateArb.map((date): DayException => ({ date, kind: 'closed' })),
    fc.tuple(dateArb, timeRange).map(([date, [from, to]]): DayException => ({ date, kind: 'closed', from, to })),
    fc.tuple(dateArb, timeRange, fc.integer({ min: 1, max: 5 })).map(([date, [from, to], places]): DayException => ({ date, kind: 'extra', from, to, places })),
    fc.tuple(dateArb, fc.integer({ min: 0, max: 4 })).map(([date, places]): DayException => ({ date, kind: 'reduced', places })),
    fc.tuple(dateArb, timeRange, fc.integer({ min: 0, max: 4 })).map(([date, [from, to], places]): DayException => ({ date, kind: 'reduced', places, from, to })),
  );
  const holidayArb: fc.Arbitrary<LocalHoliday> = fc.oneof(
    dateArb.map((date) => ({ date, name: `once ${date}` })),
    dateArb.map((date) => ({ date: date.slice(5), name: `yearly ${date.slice(5)}` })),
  );
  return fc.constantFrom(...SLOT_LENGTHS).chain((slot) =>
    fc
      .record({
        weekly: fc.tuple(...([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((w) => (w === 6 ? fc.oneof(fc.constant([]), weekdayIntervals(w, slot)) : weekdayIntervals(w, slot)))),
        exceptions: fc.array(exceptionArb, { maxLength: 8 }),
        localHolidays: fc.array(holidayArb, { maxLength: 4 }),
        timeZone: fc.constantFrom(...ZONES),
      })
      .map(({ weekly, exceptions, localHolidays, timeZone }): DeskSchedule => ({ slotMinutes: slot, weekly: weekly.flat(), exceptions, localHolidays, timeZone })),
  );
}

const caseArb = rangeArb.chain(([a, b]) => scheduleArb(a, b).map((s) => ({ s, from: iso(a * dayMs), to: iso(b * dayMs) })));
const RUNS = { numRuns: 200 };
const TIMEOUT = 120_000;

// ---------- properties ----------

describe('generateSlots properties', () => {
  it('matches the naive luxon-per-slot implementation exactly (count and content)', () => {
    fc.assert(
      fc.property(caseArb, ({ s, from, to }) => {
        const fast = generateSlots(s, from, to);
        const slow = naiveSlots(s, from, to);
        expect(fast.length).toBe(slow.length);
        expect(fast).toEqual(slow);
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('slots are sorted, never overlap and last slotMinutes of real time', () => {
    fc.assert(
      fc.property(caseArb, ({ s, from, to }) => {
        const slots = generateSlots(s, from, to);
        const bad = slots.filter(
          (x, i) => x.endMs - x.startMs !== s.slotMinutes * 60_000 || !(x.places > 0) || (i > 0 && x.startMs < slots[i - 1]!.endMs),
        );
        expect(bad).toEqual([]);
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('every slot lies inside an opening interval of its day; none on holidays or closures unless an extra says so', () => {
    fc.assert(
      fc.property(caseArb, ({ s, from, to }) => {
        const zone = s.timeZone ?? 'Europe/Rome';
        const problems: string[] = [];
        for (const x of generateSlots(s, from, to)) {
          const where = `${x.date} ${new Date(x.startMs).toISOString()}`;
          if (!(x.date >= from && x.date <= to)) problems.push(`${where}: outside range`);
          if (DateTime.fromMillis(x.startMs, { zone }).toISODate() !== x.date) problems.push(`${where}: starts on another local date`);
          if (wholeDayClosed(s, x.date)) problems.push(`${where}: day closed`);
          const holiday = national(x.date) !== undefined || local(s, x.date) !== undefined;
          const candidates = holiday ? extrasOf(s, x.date) : intervalsOf(s, x.date, zone);
          if (!candidates.some((iv) => at(x.date, iv.from, zone).toMillis() <= x.startMs && x.endMs <= at(x.date, iv.to, zone).toMillis())) {
            problems.push(`${where}: not inside an opening interval${holiday ? ' (holiday)' : ''}`);
          }
          for (const e of s.exceptions) {
            if (e.date === x.date && e.kind === 'closed' && e.from !== undefined) {
              if (x.startMs < at(x.date, e.to ?? '24:00', zone).toMillis() && x.endMs > at(x.date, e.from, zone).toMillis()) problems.push(`${where}: inside a partial closure`);
            }
          }
        }
        expect(problems).toEqual([]);
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('planDays gives one plan per day with consistent reasons, and the same slots', () => {
    fc.assert(
      fc.property(caseArb, ({ s, from, to }) => {
        const zone = s.timeZone ?? 'Europe/Rome';
        const plans = planDays(s, from, to);
        expect(plans.flatMap((p) => p.slots)).toEqual(generateSlots(s, from, to));
        const days: string[] = [];
        for (let d = DateTime.fromISO(from); d.toISODate()! <= to; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
        expect(plans.map((p) => p.date)).toEqual(days);
        for (const p of plans) {
          const nat = national(p.date);
          const loc = local(s, p.date);
          expect(p.holidayName).toBe(nat ?? loc);
          expect(p.open).toBe(p.slots.length > 0);
          expect(p.slots.every((x) => x.date === p.date)).toBe(true);
          if (p.open) {
            expect(p.closedReason).toBeUndefined();
            expect(wholeDayClosed(s, p.date)).toBe(false);
            if (nat !== undefined || loc !== undefined) expect(extrasOf(s, p.date).length).toBeGreaterThan(0);
            continue;
          }
          if (nat !== undefined) expect(p.closedReason).toBe('national_holiday');
          else if (loc !== undefined) expect(p.closedReason).toBe('local_holiday');
          else if (wholeDayClosed(s, p.date)) expect(p.closedReason).toBe('closure');
          else if (intervalsOf(s, p.date, zone).length === 0) expect(p.closedReason).toBe('weekend_or_no_opening');
          else expect(['closure', 'weekend_or_no_opening']).toContain(p.closedReason);
        }
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('the generated weekly hours and local holidays are valid schedules', () => {
    fc.assert(
      fc.property(caseArb, ({ s }) => {
        expect(validateSchedule({ ...s, exceptions: [] })).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
