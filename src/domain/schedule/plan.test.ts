import { describe, expect, it } from 'vitest';
import { generateSlots, MAX_RANGE_DAYS, planDays } from './plan.js';
import type { DayException, DeskSchedule, OpeningInterval, Weekday } from './types.js';

const utc = (iso: string): number => Date.parse(iso);
const MIN = 60_000;

const weekdays = (from: string, to: string, places = 1, days: Weekday[] = [1, 2, 3, 4, 5]): OpeningInterval[] =>
  days.map((weekday) => ({ weekday, from, to, places }));

/** Mon–Fri 08:30–12:30 and Tue/Thu 14:00–16:00, 15-minute slots. */
function desk(over: Partial<DeskSchedule> = {}): DeskSchedule {
  return {
    slotMinutes: 15,
    weekly: [...weekdays('08:30', '12:30'), ...weekdays('14:00', '16:00', 1, [2, 4])],
    exceptions: [],
    localHolidays: [],
    ...over,
  };
}

const day = (s: DeskSchedule, date: string) => {
  const [p] = planDays(s, date, date);
  if (!p) throw new Error('no plan');
  return p;
};

describe('a normal week', () => {
  const s = desk();
  it('opens Monday to Friday and skips the weekend', () => {
    const plans = planDays(s, '2026-03-02', '2026-03-08');
    expect(plans.map((p) => p.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    expect(plans.map((p) => p.slots.length)).toEqual([16, 24, 16, 24, 16, 0, 0]);
    expect(plans.map((p) => p.open)).toEqual([true, true, true, true, true, false, false]);
    expect(plans[5]?.closedReason).toBe('weekend_or_no_opening');
    expect(plans[6]?.closedReason).toBe('weekend_or_no_opening');
    expect(plans[0]?.closedReason).toBeUndefined();
  });
  it('generates sorted, contiguous slots at the right instants (CET)', () => {
    const slots = generateSlots(s, '2026-03-02', '2026-03-08');
    expect(slots).toHaveLength(96);
    expect(slots[0]).toEqual({ date: '2026-03-02', startMs: utc('2026-03-02T07:30:00Z'), endMs: utc('2026-03-02T07:45:00Z'), places: 1 });
    expect(slots[15]?.endMs).toBe(utc('2026-03-02T11:30:00Z'));
    const tueAfternoon = slots.filter((x) => x.date === '2026-03-03' && x.startMs >= utc('2026-03-03T13:00:00Z'));
    expect(tueAfternoon).toHaveLength(8);
    expect(tueAfternoon[0]?.startMs).toBe(utc('2026-03-03T13:00:00Z'));
    for (let i = 1; i < slots.length; i++) expect(slots[i]!.startMs).toBeGreaterThanOrEqual(slots[i - 1]!.endMs);
  });
  it('drops a final partial slot', () => {
    const s2 = desk({ slotMinutes: 25, weekly: weekdays('09:00', '10:00') });
    const p = day(s2, '2026-03-02');
    expect(p.slots.map((x) => x.startMs)).toEqual([utc('2026-03-02T08:00:00Z'), utc('2026-03-02T08:25:00Z')]);
  });
  it('accepts 24:00 as an end time', () => {
    const s2 = desk({ slotMinutes: 60, weekly: weekdays('22:00', '24:00') });
    const p = day(s2, '2026-03-02');
    expect(p.slots.map((x) => x.endMs)).toEqual([utc('2026-03-02T22:00:00Z'), utc('2026-03-02T23:00:00Z')]);
    expect(p.slots.every((x) => x.date === '2026-03-02')).toBe(true);
  });
});

describe('national holidays', () => {
  const s = desk();
  it('closes 8, 25 and 26 December 2026', () => {
    for (const d of ['2026-12-08', '2026-12-25', '2026-12-26']) {
      const p = day(s, d);
      expect(p.open, d).toBe(false);
      expect(p.closedReason, d).toBe('national_holiday');
      expect(p.slots).toEqual([]);
    }
    expect(day(s, '2026-12-08').holidayName).toBe('Immacolata Concezione');
    expect(day(s, '2026-12-09').open).toBe(true);
  });
  it('closes Easter Monday 2026', () => {
    expect(day(s, '2026-04-06')).toMatchObject({ open: false, closedReason: 'national_holiday', holidayName: 'Lunedì dell’Angelo' });
    expect(day(s, '2026-04-07').open).toBe(true);
  });
  it('closes 4 October from 2026 (a Sunday in 2026, a Monday in 2027)', () => {
    const everyDay = desk({ weekly: weekdays('08:30', '12:30', 1, [1, 2, 3, 4, 5, 6, 7]) });
    expect(day(everyDay, '2025-10-04').open).toBe(true);
    expect(day(everyDay, '2026-10-04')).toMatchObject({ open: false, closedReason: 'national_holiday' });
    expect(day(s, '2027-10-04')).toMatchObject({ open: false, closedReason: 'national_holiday' });
    expect(day(s, '2027-10-05').open).toBe(true);
  });
});

describe('local holidays', () => {
  const s = desk({ localHolidays: [{ date: '12-07', name: "Sant'Ambrogio" }, { date: '2026-06-15', name: 'Santo patrono' }] });
  it('closes a recurring local holiday every year', () => {
    expect(day(s, '2026-12-07')).toMatchObject({ open: false, closedReason: 'local_holiday', holidayName: "Sant'Ambrogio" });
    expect(day(s, '2027-12-07')).toMatchObject({ open: false, closedReason: 'local_holiday' });
    expect(day(desk(), '2026-12-07').open).toBe(true);
  });
  it('closes a one-off local holiday only that year', () => {
    expect(day(s, '2026-06-15')).toMatchObject({ open: false, closedReason: 'local_holiday', holidayName: 'Santo patrono' });
    expect(day(s, '2027-06-15').open).toBe(true);
  });
});

describe('exceptions', () => {
  const ex = (...exceptions: DayException[]) => desk({ exceptions });
  it('whole-day closure', () => {
    const s = ex({ date: '2026-03-04', kind: 'closed', reason: 'Sciopero' });
    expect(day(s, '2026-03-04')).toEqual({ date: '2026-03-04', open: false, closedReason: 'closure', slots: [] });
    expect(day(s, '2026-03-05').slots).toHaveLength(24);
  });
  it('partial closure removes exactly the overlapping slots', () => {
    const s = ex({ date: '2026-03-05', kind: 'closed', from: '10:00', to: '11:00' });
    const p = day(s, '2026-03-05');
    expect(p.slots).toHaveLength(20);
    expect(p.slots.some((x) => x.startMs >= utc('2026-03-05T09:00:00Z') && x.startMs < utc('2026-03-05T10:00:00Z'))).toBe(false);
    const s2 = ex({ date: '2026-03-05', kind: 'closed', from: '10:05', to: '10:20' });
    const gone = day(desk(), '2026-03-05').slots.filter((x) => !day(s2, '2026-03-05').slots.some((y) => y.startMs === x.startMs));
    expect(gone.map((x) => x.startMs)).toEqual([utc('2026-03-05T09:00:00Z'), utc('2026-03-05T09:15:00Z')]);
  });
  it('a partial closure that removes every slot closes the day with reason closure', () => {
    const s = ex({ date: '2026-03-02', kind: 'closed', from: '08:00', to: '13:00' });
    expect(day(s, '2026-03-02')).toMatchObject({ open: false, closedReason: 'closure', slots: [] });
  });
  it('reduced places caps the whole day or a window, and 0 removes', () => {
    const three = desk({ weekly: [...weekdays('08:30', '12:30', 3), ...weekdays('14:00', '16:00', 3, [2, 4])] });
    const whole = { ...three, exceptions: [{ date: '2026-03-05', kind: 'reduced', places: 1 } as DayException] };
    expect(day(whole, '2026-03-05').slots.map((x) => x.places)).toEqual(Array(24).fill(1));
    const windowed = { ...three, exceptions: [{ date: '2026-03-05', kind: 'reduced', places: 2, from: '14:00', to: '15:00' } as DayException] };
    const ps = day(windowed, '2026-03-05').slots.map((x) => x.places);
    expect(ps).toEqual([...Array(16).fill(3), 2, 2, 2, 2, 3, 3, 3, 3]);
    const more = { ...three, exceptions: [{ date: '2026-03-05', kind: 'reduced', places: 5 } as DayException] };
    expect(day(more, '2026-03-05').slots.every((x) => x.places === 3)).toBe(true);
    const zero = { ...three, exceptions: [{ date: '2026-03-05', kind: 'reduced', places: 0, from: '08:30', to: '12:30' } as DayException] };
    expect(day(zero, '2026-03-05').slots).toHaveLength(8);
  });
  it('extra Saturday opening', () => {
    const s = ex({ date: '2026-03-07', kind: 'extra', from: '09:00', to: '12:00', places: 2 });
    const p = day(s, '2026-03-07');
    expect(p.open).toBe(true);
    expect(p.slots).toHaveLength(12);
    expect(p.slots[0]).toEqual({ date: '2026-03-07', startMs: utc('2026-03-07T08:00:00Z'), endMs: utc('2026-03-07T08:15:00Z'), places: 2 });
    expect(day(s, '2026-03-14').open).toBe(false);
  });
  it('extra opening on a national holiday opens only the extra interval', () => {
    const s = ex({ date: '2026-12-08', kind: 'extra', from: '09:00', to: '10:00', places: 1 });
    const p = day(s, '2026-12-08');
    expect(p).toMatchObject({ open: true, holidayName: 'Immacolata Concezione' });
    expect(p.closedReason).toBeUndefined();
    expect(p.slots.map((x) => x.startMs)).toEqual([0, 15, 30, 45].map((m) => utc('2026-12-08T08:00:00Z') + m * MIN));
  });
  it('a whole-day closure wins over an extra opening', () => {
    const s = ex({ date: '2026-03-07', kind: 'extra', from: '09:00', to: '12:00', places: 2 }, { date: '2026-03-07', kind: 'closed' });
    expect(day(s, '2026-03-07')).toMatchObject({ open: false, closedReason: 'closure' });
  });
  it('overlapping intervals never give overlapping slots: the earlier slot wins', () => {
    const s = desk({ slotMinutes: 60, weekly: weekdays('09:00', '12:00'), exceptions: [{ date: '2026-03-02', kind: 'extra', from: '10:30', to: '14:30', places: 5 }] });
    const p = day(s, '2026-03-02');
    expect(p.slots.map((x) => [x.startMs, x.places])).toEqual([
      [utc('2026-03-02T08:00:00Z'), 1],
      [utc('2026-03-02T09:00:00Z'), 1],
      [utc('2026-03-02T10:00:00Z'), 1],
      [utc('2026-03-02T11:30:00Z'), 5],
      [utc('2026-03-02T12:30:00Z'), 5],
    ]);
  });
});

describe('daylight-saving change days of 2026', () => {
  // 29 March and 25 October 2026 are Sundays: open on Sunday for the test.
  const s = desk({ weekly: [...weekdays('08:30', '12:30', 1, [6, 7, 1]), ...weekdays('14:00', '16:00', 1, [6, 7, 1])] });
  const check = (date: string, morningZ: string, afternoonZ: string) => {
    const p = day(s, date);
    const morning = p.slots.slice(0, 16);
    const afternoon = p.slots.slice(16);
    expect(p.slots).toHaveLength(24);
    expect(morning[0]?.startMs).toBe(utc(morningZ));
    expect(morning[15]?.endMs).toBe(utc(morningZ) + 4 * 60 * MIN);
    expect(afternoon).toHaveLength(8);
    expect(afternoon[0]?.startMs).toBe(utc(afternoonZ));
    expect(afternoon[7]?.endMs).toBe(utc(afternoonZ) + 2 * 60 * MIN);
    for (const x of p.slots) expect(x.endMs - x.startMs).toBe(15 * MIN);
  };
  it('29 March (spring forward): 08:30 = 06:30Z, 14:00 = 12:00Z', () => {
    check('2026-03-28', '2026-03-28T07:30:00Z', '2026-03-28T13:00:00Z');
    check('2026-03-29', '2026-03-29T06:30:00Z', '2026-03-29T12:00:00Z');
    check('2026-03-30', '2026-03-30T06:30:00Z', '2026-03-30T12:00:00Z');
  });
  it('25 October (fall back): 08:30 = 07:30Z, 14:00 = 13:00Z', () => {
    check('2026-10-24', '2026-10-24T06:30:00Z', '2026-10-24T12:00:00Z');
    check('2026-10-25', '2026-10-25T07:30:00Z', '2026-10-25T13:00:00Z');
    check('2026-10-26', '2026-10-26T07:30:00Z', '2026-10-26T13:00:00Z');
  });
  it('an afternoon 14:00–17:00 starts at 12:00Z on 29 March and 13:00Z on 25 October', () => {
    const a = desk({ slotMinutes: 60, weekly: weekdays('14:00', '17:00', 1, [7]) });
    expect(day(a, '2026-03-29').slots.map((x) => x.startMs)).toEqual([12, 13, 14].map((h) => utc(`2026-03-29T${h}:00:00Z`)));
    expect(day(a, '2026-10-25').slots.map((x) => x.startMs)).toEqual([13, 14, 15].map((h) => utc(`2026-10-25T${h}:00:00Z`)));
  });
  it('an interval across the change steps in real time', () => {
    const n = desk({ slotMinutes: 60, weekly: weekdays('01:00', '04:00', 1, [7]) });
    // 29 March: 01:00+01:00 .. 04:00+02:00 is 2 real hours.
    expect(day(n, '2026-03-29').slots.map((x) => x.startMs)).toEqual([utc('2026-03-29T00:00:00Z'), utc('2026-03-29T01:00:00Z')]);
    // 25 October: 01:00+02:00 .. 04:00+01:00 is 4 real hours.
    expect(day(n, '2026-10-25').slots.map((x) => x.startMs)).toEqual([23, 24, 25, 26].map((h) => utc('2026-10-24T23:00:00Z') + (h - 23) * 60 * MIN));
  });
});

describe('ranges and errors', () => {
  it('returns nothing when toDate is before fromDate', () => {
    expect(generateSlots(desk(), '2026-03-08', '2026-03-02')).toEqual([]);
    expect(planDays(desk(), '2026-03-08', '2026-03-02')).toEqual([]);
  });
  it('rejects invalid dates, too long ranges and invalid slot lengths', () => {
    expect(() => generateSlots(desk(), '2026-02-30', '2026-03-02')).toThrow(RangeError);
    expect(() => generateSlots(desk(), '2026-01-01', `${2026 + Math.ceil(MAX_RANGE_DAYS / 365)}-01-01`)).toThrow(RangeError);
    expect(() => generateSlots(desk({ slotMinutes: 0 }), '2026-03-02', '2026-03-02')).toThrow(RangeError);
    expect(() => generateSlots(desk({ weekly: weekdays('8:30', '12:30') }), '2026-03-02', '2026-03-02')).toThrow(RangeError);
  });
  it('works in another zone', () => {
    const s = desk({ timeZone: 'America/New_York' });
    expect(day(s, '2026-03-02').slots[0]?.startMs).toBe(utc('2026-03-02T13:30:00Z'));
  });
});
