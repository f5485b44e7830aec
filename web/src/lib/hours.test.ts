import { describe, expect, it } from 'vitest';
import { summariseWeekly, weekdayRanges } from './hours';

describe('weekly opening summaries', () => {
  it('joins consecutive weekdays into ranges', () => {
    expect(weekdayRanges([1, 2, 3, 4, 5], 'it')).toBe('lun–ven');
    expect(weekdayRanges([1, 2, 3, 5], 'it')).toBe('lun–mer, ven');
    expect(weekdayRanges([2, 4], 'en')).toBe('Tue, Thu');
    expect(weekdayRanges([1, 2], 'en')).toBe('Mon, Tue');
  });

  it('groups days with the same hours, morning and afternoon together', () => {
    const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:30', to: '12:30' }));
    weekly.push({ weekday: 2, from: '14:00', to: '16:00' });
    expect(summariseWeekly(weekly, 'it')).toEqual(['lun, mer–ven 08:30–12:30', 'mar 08:30–12:30, 14:00–16:00']);
    expect(summariseWeekly([], 'en')).toEqual([]);
  });
});
