import { describe, expect, it } from 'vitest';
import { allows, isOverdue, protocolNumber, romeYear, slaDeadline } from './thread.js';
import { toIsoWithOffset } from '../schedule/zone.js';

describe('drawer threads', () => {
  it('moves only forward: aperta → in carico → chiusa', () => {
    expect(allows('take', 'open')).toBe(true);
    expect(allows('take', 'in_charge')).toBe(false);
    expect(allows('close', 'in_charge')).toBe(true);
    expect(allows('close', 'closed')).toBe(false);
    expect(allows('reply', 'closed')).toBe(false);
  });

  it('numbers protocols per office and Rome year', () => {
    expect(protocolNumber('MI01', 2027, 42)).toBe('MI01-2027-000042');
    expect(romeYear(Date.UTC(2027, 11, 31, 23, 30))).toBe(2028);
    expect(romeYear(Date.UTC(2027, 11, 31, 22, 30))).toBe(2027);
  });

  it('counts SLA days in working days, skipping weekends and national holidays', () => {
    // Friday 23 April 2027, 10:00 Rome; Monday 26 is a working day, 25 April (Sunday) a holiday anyway.
    const fri = Date.UTC(2027, 3, 23, 8, 0);
    expect(toIsoWithOffset(slaDeadline(fri, 1))).toBe('2027-04-26T18:00:00+02:00');
    // Thursday 29 April 2027 + 2 working days: Friday 30, (1 May Saturday, holiday) → Monday 3 May.
    expect(toIsoWithOffset(slaDeadline(Date.UTC(2027, 3, 29, 8, 0), 2))).toBe('2027-05-03T18:00:00+02:00');
    // Across the change to winter time (31 October 2027): still 18:00 in Rome.
    expect(toIsoWithOffset(slaDeadline(Date.UTC(2027, 9, 29, 8, 0), 1))).toBe('2027-11-02T18:00:00+01:00'); // 1 Nov is a holiday
  });

  it('is overdue only while not closed', () => {
    expect(isOverdue({ state: 'open', dueAt: 1 }, 2)).toBe(true);
    expect(isOverdue({ state: 'closed', dueAt: 1 }, 2)).toBe(false);
    expect(isOverdue({ state: 'in_charge', dueAt: 3 }, 2)).toBe(false);
  });
});
