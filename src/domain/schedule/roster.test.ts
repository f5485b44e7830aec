import { describe, expect, it } from 'vitest';
import { planDays } from './plan.js';
import type { DeskSchedule } from './types.js';
import { validateRoster } from './validate-roster.js';

/** Monday 09:00–12:00, 3 places, 30-minute slots (2027-03-01 is a Monday). */
const base: DeskSchedule = { slotMinutes: 30, weekly: [{ weekday: 1, from: '09:00', to: '12:00', places: 3 }], exceptions: [], localHolidays: [] };
const places = (s: DeskSchedule, date: string) => planDays(s, date, date)[0]!.slots.map((x) => x.places);

describe('places that follow the duty roster', () => {
  it('caps each slot at the operators covering all of it, minus the absent', () => {
    const s: DeskSchedule = {
      ...base,
      roster: {
        shifts: [
          { operatorId: 'a', weekday: 1, from: '09:00', to: '12:00' },
          { operatorId: 'b', weekday: 1, from: '09:00', to: '10:15' }, // covers 09:00 and 09:30, not 10:00–10:30
          { operatorId: 'c', date: '2027-03-08', from: '11:00', to: '12:00' },
          { operatorId: 'd', weekday: 1, from: '09:00', to: '12:00' },
          { operatorId: 'e', weekday: 1, from: '09:00', to: '12:00' },
        ],
        absences: [{ operatorId: 'd', from: '2027-03-01', to: '2027-03-01' }, { operatorId: 'e', from: '2027-02-20', to: '2027-03-08' }],
      },
    };
    // a, b on until 10:15; d absent on the 1st only; e absent both Mondays; c only on the 8th.
    expect(places(s, '2027-03-01')).toEqual([2, 2, 1, 1, 1, 1]);
    expect(places(s, '2027-03-08')).toEqual([3, 3, 2, 2, 3, 3]);
    expect(places(s, '2027-03-15')).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('closes the slots nobody covers, and changes nothing without a roster', () => {
    expect(places({ ...base, roster: { shifts: [], absences: [] } }, '2027-03-01')).toEqual([]);
    expect(places(base, '2027-03-01')).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('refuses shifts outside the opening hours, overlapping, or with neither weekday nor date', () => {
    const codes = validateRoster(base, [
      { operatorId: 'a', weekday: 1, from: '08:00', to: '10:00' },
      { operatorId: 'a', weekday: 2, from: '09:00', to: '10:00' },
      { operatorId: 'b', weekday: 1, from: '09:00', to: '11:00' },
      { operatorId: 'b', weekday: 1, from: '10:30', to: '12:00' },
      { operatorId: 'c', from: '09:00', to: '10:00' },
      { operatorId: 'c', weekday: 1, from: '11:00', to: '10:00' },
    ]).map((p) => `${p.field}:${p.code}`);
    expect(codes).toEqual([
      'roster[0].from:roster_outside_opening', 'roster[1].from:roster_outside_opening', 'roster[3].from:shift_overlap',
      'roster[4]:shift_day', 'roster[5].to:from_not_before_to',
    ]);
    expect(validateRoster({ ...base, exceptions: [{ date: '2027-03-02', kind: 'extra', from: '14:00', to: '15:00', places: 1 }] },
      [{ operatorId: 'a', date: '2027-03-02', from: '14:00', to: '15:00' }])).toEqual([]);
  });
});
