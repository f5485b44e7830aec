import { describe, expect, it } from 'vitest';
import { validateSchedule } from './validate.js';
import type { DeskSchedule } from './types.js';

const valid = (): DeskSchedule => ({
  slotMinutes: 15,
  weekly: [
    { weekday: 1, from: '08:30', to: '12:30', places: 1 },
    { weekday: 1, from: '14:00', to: '16:00', places: 2 },
    { weekday: 2, from: '08:30', to: '12:30', places: 1 },
    { weekday: 5, from: '20:00', to: '24:00', places: 1 },
  ],
  exceptions: [
    { date: '2026-03-07', kind: 'extra', from: '09:00', to: '12:00', places: 2, reason: 'Open day' },
    { date: '2026-03-04', kind: 'closed' },
    { date: '2026-03-05', kind: 'closed', from: '10:00', to: '11:00' },
    { date: '2026-03-06', kind: 'reduced', places: 0 },
    { date: '2026-03-09', kind: 'reduced', places: 1, from: '14:00', to: '15:00' },
    // Easter Monday: an extra opening replacing the weekly hours, overlapping them is fine
    { date: '2026-04-06', kind: 'extra', from: '08:30', to: '10:30', places: 1 },
  ],
  localHolidays: [
    { date: '12-07', name: "Sant'Ambrogio" },
    { date: '02-29', name: 'Bisestile' },
    { date: '2026-06-15', name: 'Santo patrono' },
  ],
  timeZone: 'Europe/Rome',
});

/** Validates a mutated copy; returns "field:code" pairs. */
function problems(mutate: (s: DeskSchedule & Record<string, unknown>) => void): string[] {
  const s = structuredClone(valid()) as DeskSchedule & Record<string, unknown>;
  mutate(s);
  const out = validateSchedule(s);
  for (const p of out) {
    expect(p.it.length, p.code).toBeGreaterThan(5);
    expect(p.en.length, p.code).toBeGreaterThan(5);
    expect(p.it).not.toBe(p.en);
  }
  return out.map((p) => `${p.field}:${p.code}`);
}
const any = (x: unknown) => x as never;

describe('validateSchedule', () => {
  it('accepts a valid schedule', () => {
    expect(validateSchedule(valid())).toEqual([]);
  });

  it('slot_minutes_range', () => {
    for (const v of [4, 241, 10.5, 0, -15, '15']) expect(problems((s) => (s.slotMinutes = any(v)))).toContain('slotMinutes:slot_minutes_range');
    expect(problems((s) => { s.slotMinutes = 5; })).toEqual([]);
    expect(problems((s) => { s.slotMinutes = 240; s.weekly = [{ weekday: 1, from: '08:00', to: '12:00', places: 1 }]; s.exceptions = []; })).toEqual([]);
  });

  it('time_format (from may not be 24:00, to may)', () => {
    expect(problems((s) => (s.weekly[0]!.from = '8:30'))).toEqual(['weekly[0].from:time_format']);
    expect(problems((s) => (s.weekly[0]!.to = '12:61'))).toEqual(['weekly[0].to:time_format']);
    expect(problems((s) => (s.weekly[0]!.from = '24:00'))).toEqual(['weekly[0].from:time_format']);
    expect(problems((s) => (s.weekly[0]!.to = '24:30'))).toEqual(['weekly[0].to:time_format']);
  });

  it('required', () => {
    expect(problems((s) => delete (s.weekly[0] as Partial<typeof s.weekly[0]>).to)).toEqual(['weekly[0].to:required']);
    expect(problems((s) => delete (s.weekly[0] as Partial<typeof s.weekly[0]>).places)).toEqual(['weekly[0].places:required']);
    expect(problems((s) => (s.localHolidays[0]!.name = ' '))).toEqual(['localHolidays[0].name:required']);
    expect(problems((s) => delete (s.exceptions[0] as Record<string, unknown>).from)).toEqual(['exceptions[0].from:required']);
  });

  it('from_not_before_to', () => {
    expect(problems((s) => (s.weekly[0]!.to = '08:30'))).toEqual(['weekly[0].to:from_not_before_to']);
    expect(problems((s) => (s.weekly[0]!.to = '08:00'))).toEqual(['weekly[0].to:from_not_before_to']);
    expect(problems((s) => (s.exceptions[2] = { date: '2026-03-05', kind: 'closed', from: '11:00', to: '10:00' }))).toEqual(['exceptions[2].to:from_not_before_to']);
    expect(problems((s) => (s.exceptions[0] = { date: '2026-03-07', kind: 'extra', from: '12:00', to: '09:00', places: 1 }))).toEqual(['exceptions[0].to:from_not_before_to']);
  });

  it('places_range (1..200 for openings, 0..200 for reduced)', () => {
    for (const v of [0, 201, 1.5, -1, '3']) expect(problems((s) => (s.weekly[1]!.places = any(v)))).toEqual(['weekly[1].places:places_range']);
    expect(problems((s) => (s.weekly[1]!.places = 200))).toEqual([]);
    expect(problems((s) => (s.exceptions[0] = { date: '2026-03-07', kind: 'extra', from: '09:00', to: '12:00', places: 0 }))).toEqual(['exceptions[0].places:places_range']);
    expect(problems((s) => (s.exceptions[3] = { date: '2026-03-06', kind: 'reduced', places: -1 }))).toEqual(['exceptions[3].places:places_range']);
  });

  it('weekday_invalid', () => {
    for (const v of [0, 8, 1.5, 'mon']) expect(problems((s) => (s.weekly[0]!.weekday = any(v)))).toEqual(['weekly[0].weekday:weekday_invalid']);
  });

  it('interval_overlap on the same weekday only', () => {
    expect(problems((s) => s.weekly.push({ weekday: 1, from: '12:00', to: '14:30', places: 1 }))).toEqual([
      'weekly[4].from:interval_overlap',
      'weekly[4].from:interval_overlap',
    ]);
    expect(problems((s) => s.weekly.push({ weekday: 3, from: '12:00', to: '14:30', places: 1 }))).toEqual([]);
    // touching intervals do not overlap
    expect(problems((s) => s.weekly.push({ weekday: 1, from: '12:30', to: '14:00', places: 1 }))).toEqual([]);
  });

  it('interval_overlap between an extra opening and the weekly hours of a working day, or another extra', () => {
    // 2026-03-09 is a Monday (08:30–12:30)
    expect(problems((s) => s.exceptions.push({ date: '2026-03-09', kind: 'extra', from: '12:00', to: '13:00', places: 1 }))).toEqual(['exceptions[6].from:interval_overlap']);
    expect(problems((s) => s.exceptions.push({ date: '2026-03-07', kind: 'extra', from: '11:00', to: '13:00', places: 1 }))).toEqual(['exceptions[6].from:interval_overlap']);
    // on a local holiday the weekly hours do not apply
    expect(problems((s) => s.exceptions.push({ date: '2026-12-07', kind: 'extra', from: '08:30', to: '09:30', places: 1 }))).toEqual([]);
  });

  it('slot_length_not_dividing', () => {
    expect(problems((s) => (s.weekly[1]!.to = '16:10'))).toEqual(['weekly[1].to:slot_length_not_dividing']);
    expect(problems((s) => (s.slotMinutes = 25))).toContain('weekly[0].to:slot_length_not_dividing');
    expect(problems((s) => (s.exceptions[0] = { date: '2026-03-07', kind: 'extra', from: '09:00', to: '09:20', places: 1 }))).toEqual(['exceptions[0].to:slot_length_not_dividing']);
  });

  it('date_format and date_invalid for exceptions', () => {
    expect(problems((s) => (s.exceptions[1]!.date = '04/03/2026'))).toEqual(['exceptions[1].date:date_format']);
    expect(problems((s) => (s.exceptions[1]!.date = any(20260304)))).toEqual(['exceptions[1].date:date_format']);
    expect(problems((s) => (s.exceptions[1]!.date = '2026-02-29'))).toEqual(['exceptions[1].date:date_invalid']);
    expect(problems((s) => (s.exceptions[1]!.date = '2026-13-01'))).toEqual(['exceptions[1].date:date_invalid']);
    expect(problems((s) => (s.exceptions[1]!.date = '2028-02-29'))).toEqual([]);
  });

  it('holiday_date_format and date_invalid for local holidays (02-29 allowed)', () => {
    expect(problems((s) => (s.localHolidays[0]!.date = '7/12'))).toEqual(['localHolidays[0].date:holiday_date_format']);
    expect(problems((s) => (s.localHolidays[0]!.date = '12-7'))).toEqual(['localHolidays[0].date:holiday_date_format']);
    expect(problems((s) => (s.localHolidays[0]!.date = '02-30'))).toEqual(['localHolidays[0].date:date_invalid']);
    expect(problems((s) => (s.localHolidays[0]!.date = '13-01'))).toEqual(['localHolidays[0].date:date_invalid']);
    expect(problems((s) => (s.localHolidays[0]!.date = '04-31'))).toEqual(['localHolidays[0].date:date_invalid']);
    expect(problems((s) => (s.localHolidays[0]!.date = '2026-02-29'))).toEqual(['localHolidays[0].date:date_invalid']);
    expect(problems((s) => (s.localHolidays[0]!.date = '02-29'))).toEqual([]);
  });

  it('from_to_pair for closed and reduced', () => {
    expect(problems((s) => (s.exceptions[2] = { date: '2026-03-05', kind: 'closed', from: '10:00' }))).toEqual(['exceptions[2].to:from_to_pair']);
    expect(problems((s) => (s.exceptions[4] = { date: '2026-03-09', kind: 'reduced', places: 1, to: '15:00' }))).toEqual(['exceptions[4].from:from_to_pair']);
  });

  it('field_not_allowed (places on a closure)', () => {
    expect(problems((s) => ((s.exceptions[1] as Record<string, unknown>).places = 2))).toEqual(['exceptions[1].places:field_not_allowed']);
  });

  it('exception_kind', () => {
    expect(problems((s) => ((s.exceptions[1] as Record<string, unknown>).kind = 'holiday'))).toEqual(['exceptions[1].kind:exception_kind']);
  });

  it('exception_conflict (extra on a day closed all day)', () => {
    expect(problems((s) => s.exceptions.push({ date: '2026-03-07', kind: 'closed' }))).toEqual(['exceptions[0].date:exception_conflict']);
  });

  it('reason_invalid', () => {
    expect(problems((s) => ((s.exceptions[0] as Record<string, unknown>).reason = 42))).toEqual(['exceptions[0].reason:reason_invalid']);
  });

  it('time_zone_invalid', () => {
    expect(problems((s) => (s.timeZone = 'Europe/Milano'))).toEqual(['timeZone:time_zone_invalid']);
  });

  it('not_a_list and not_an_object', () => {
    expect(problems((s) => (s.weekly = any(null)))).toEqual(['weekly:not_a_list']);
    expect(problems((s) => (s.exceptions = any({})))).toEqual(['exceptions:not_a_list']);
    expect(problems((s) => (s.localHolidays = any('12-07')))).toEqual(['localHolidays:not_a_list']);
    expect(problems((s) => (s.weekly[0] = any(null)))).toEqual(['weekly[0]:not_an_object']);
    expect(problems((s) => (s.exceptions[0] = any([])))).toEqual(['exceptions[0]:not_an_object']);
    expect(problems((s) => (s.localHolidays[0] = any(7)))).toEqual(['localHolidays[0]:not_an_object']);
  });

  it('reports every problem at once', () => {
    const out = problems((s) => {
      s.slotMinutes = 1;
      s.weekly[0]!.from = 'x';
      s.localHolidays[0]!.date = '02-30';
    });
    expect(out).toEqual(['slotMinutes:slot_minutes_range', 'weekly[0].from:time_format', 'localHolidays[0].date:date_invalid']);
  });
});
