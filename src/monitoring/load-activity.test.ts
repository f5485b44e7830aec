import { describe, expect, it } from 'vitest';
import { monthPlan } from './load-activity.js';

describe('monthPlan: month rollups where the range holds all of a month\'s rolled days, day rows elsewhere', () => {
  it('whole months inside the rolled range', () => {
    expect(monthPlan({ from: '2026-01-01', to: '2026-03-31' }, { from: '2025-06-01', to: '2026-11-25' })).toEqual({ months: ['2026-01-01', '2026-02-01', '2026-03-01'], days: [] });
  });
  it('a month cut by the range reads its days', () => {
    const p = monthPlan({ from: '2026-01-30', to: '2026-03-02' }, { from: '2025-06-01', to: '2026-11-25' });
    expect(p.months).toEqual(['2026-02-01']);
    expect(p.days).toEqual(['2026-01-30', '2026-01-31', '2026-03-01', '2026-03-02']);
  });
  it('a month cut by the rolled range is whole when the range covers its rolled days', () => {
    expect(monthPlan({ from: '2026-11-01', to: '2026-11-25' }, { from: '2025-06-01', to: '2026-11-25' })).toEqual({ months: ['2026-11-01'], days: [] });
    expect(monthPlan({ from: '2026-03-25', to: '2026-03-31' }, { from: '2026-03-25', to: '2026-03-31' })).toEqual({ months: ['2026-03-01'], days: [] });
    expect(monthPlan({ from: '2026-03-27', to: '2026-03-31' }, { from: '2026-03-25', to: '2026-03-31' }).days).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
  });
  it('across a year end', () => {
    expect(monthPlan({ from: '2026-12-01', to: '2027-01-31' }, { from: '2026-01-01', to: '2027-12-31' }).months).toEqual(['2026-12-01', '2027-01-01']);
  });
});
