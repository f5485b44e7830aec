import { describe, expect, it } from 'vitest';
import { planDays } from '../schedule/plan.js';
import type { DeskSchedule } from '../schedule/types.js';
import { assessDays, assessSlot, patronatoPlaces, releaseInstantMs, remainingPlaces, reservedPlaces, type BookingRules } from './availability.js';

const ZONE = 'Europe/Rome';
const schedule: DeskSchedule = {
  slotMinutes: 10,
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as 1, from: '09:00', to: '10:00', places: 4 })),
  exceptions: [],
  localHolidays: [],
};
const rules: BookingRules = { minNoticeMinutes: 60, horizonDays: 14, release: null, priorityPercent: 0, priorityReleaseHours: 24 };
const at = (iso: string) => Date.parse(iso);

describe('availability', () => {
  const [day] = planDays(schedule, '2027-01-12', '2027-01-12');
  const slot = day!.slots[0]!; // Tuesday 09:00

  it('orders the reasons a slot cannot be booked', () => {
    const state = (nowIso: string, r: Partial<BookingRules> = {}) => assessSlot(slot, undefined, { ...rules, ...r }, at(nowIso), ZONE).state;
    expect(state('2027-01-12T10:00:00+01:00')).toBe('past');
    expect(state('2027-01-12T08:30:00+01:00')).toBe('too_soon');
    expect(state('2026-12-20T08:30:00+01:00')).toBe('beyond_horizon');
    expect(state('2027-01-05T08:30:00+01:00', { release: { weekday: 1, time: '08:00', weeksAhead: 0 } })).toBe('not_yet_open');
    expect(state('2027-01-11T08:00:00+01:00', { release: { weekday: 1, time: '08:00', weeksAhead: 0 } })).toBe('open');
    expect(assessSlot(slot, { taken: 4, takenPriority: 0 }, rules, at('2027-01-11T08:00:00+01:00'), ZONE).state).toBe('full');
  });

  it('computes release instants in local time, across a daylight-saving change', () => {
    const rule = { weekday: 1 as const, time: '08:00', weeksAhead: 1 };
    expect(new Date(releaseInstantMs('2027-01-14', rule, ZONE)).toISOString()).toBe('2027-01-04T07:00:00.000Z');
    // Week of 29 March 2027 (summer time) opens Monday 22 March at 08:00 winter time.
    expect(new Date(releaseInstantMs('2027-03-31', rule, ZONE)).toISOString()).toBe('2027-03-22T07:00:00.000Z');
    expect(new Date(releaseInstantMs('2027-04-07', rule, ZONE)).toISOString()).toBe('2027-03-29T06:00:00.000Z');
  });

  it('keeps the priority share until its release, then gives it to everyone', () => {
    const r = { ...rules, priorityPercent: 50, priorityReleaseHours: 24 };
    expect(reservedPlaces(4, r)).toBe(2);
    const early = at('2027-01-10T09:00:00+01:00');
    expect(assessSlot(slot, { taken: 1, takenPriority: 0 }, r, early, ZONE)).toMatchObject({ remaining: 1, remainingPriority: 3, reserved: 2 });
    expect(assessSlot(slot, { taken: 2, takenPriority: 0 }, r, early, ZONE)).toMatchObject({ remaining: 0, state: 'full', remainingPriority: 2 });
    expect(assessSlot(slot, { taken: 3, takenPriority: 3 }, r, early, ZONE)).toMatchObject({ remaining: 1 }); // priority used more than its share
    const late = at('2027-01-11T09:30:00+01:00');
    expect(assessSlot(slot, { taken: 2, takenPriority: 0 }, r, late, ZONE)).toMatchObject({ remaining: 2, reserved: 0 });
  });

  it('keeps the patronato share from citizens (priority ones too) until its release; patronati do not take the priority share', () => {
    const r = { ...rules, priorityPercent: 25, priorityReleaseHours: 24, patronatoPercent: 50, patronatoReleaseHours: 48 };
    expect(patronatoPlaces(4, r)).toBe(2);
    const early = at('2027-01-09T09:00:00+01:00');
    // 4 places: 1 priority, 2 patronato, 1 ordinary.
    expect(assessSlot(slot, undefined, r, early, ZONE)).toMatchObject({ remaining: 1, remainingPriority: 2, remainingPatronato: 3, reservedPatronato: 2 });
    expect(assessSlot(slot, { taken: 1, takenPriority: 0 }, r, early, ZONE)).toMatchObject({ remaining: 0, state: 'full', remainingPriority: 1, remainingPatronato: 2 });
    expect(assessSlot(slot, { taken: 2, takenPriority: 0, takenPatronato: 2 }, r, early, ZONE)).toMatchObject({ remaining: 1, remainingPriority: 2, remainingPatronato: 1 });
    expect(assessSlot(slot, { taken: 3, takenPriority: 0, takenPatronato: 3 }, r, early, ZONE)).toMatchObject({ remaining: 0, remainingPriority: 1, remainingPatronato: 0 });
    // 47 hours before: the patronato share is everyone's, the priority share is still kept.
    const released = at('2027-01-10T11:00:00+01:00');
    expect(assessSlot(slot, undefined, r, released, ZONE)).toMatchObject({ remaining: 3, reservedPatronato: 0, remainingPatronato: 3, remainingPriority: 4 });
    expect(remainingPlaces(4, { taken: 4, takenPriority: 1, takenPatronato: 2 }, { priority: 1, patronato: 2 })).toEqual({ ordinary: 0, priority: 0, patronato: 0 });
  });

  it('marks days: open, full, closed, not yet open', () => {
    const days = planDays(schedule, '2027-01-15', '2027-01-18'); // Fri, Sat, Sun, Mon
    const usage = new Map(days[0]!.slots.map((s) => [s.startMs, { taken: 4, takenPriority: 0 }]));
    const out = assessDays(days, usage, { ...rules, release: { weekday: 1, time: '08:00', weeksAhead: 1 } }, at('2027-01-08T12:00:00+01:00'), ZONE);
    expect(out.map((d) => d.status)).toEqual(['full', 'closed', 'closed', 'not_yet_open']);
    expect(new Date(out[3]!.opensAtMs!).toISOString()).toBe('2027-01-11T07:00:00.000Z');
  });
});
