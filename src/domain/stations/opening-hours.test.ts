import { describe, expect, it } from 'vitest';
import { dayNumberOf } from '../schedule/time.js';
import { localTimeToUtcMs } from '../schedule/zone.js';
import { checkOpeningHours, coversSlot, isOpenAt } from './opening-hours.js';

const at = (day: string, hh: number, mm = 0) => localTimeToUtcMs(dayNumberOf(day), hh * 60 + mm);
const MIN = 60_000;

describe('station opening hours', () => {
  const { minutes, problems } = checkOpeningHours([{ weekday: 2, from: '09:00', to: '12:00' }, { weekday: 2, from: '14:00', to: '15:30' }, { weekday: 7, from: '10:00', to: '11:00' }]);
  it('checks intervals: well formed, in order, no overlap', () => {
    expect(problems).toEqual([]);
    expect(checkOpeningHours([]).problems[0]!.code).toBe('too_small');
    expect(checkOpeningHours([{ weekday: 8, from: '09:00', to: '10:00' }]).problems[0]!.code).toBe('invalid_weekday');
    expect(checkOpeningHours([{ weekday: 1, from: '10:00', to: '09:00' }]).problems[0]!.code).toBe('invalid_interval');
    expect(checkOpeningHours([{ weekday: 1, from: '09:00', to: '11:00' }, { weekday: 1, from: '10:59', to: '12:00' }]).problems[0]!.code).toBe('overlapping');
    expect(checkOpeningHours([{ weekday: 1, from: '09:00', to: '11:00' }, { weekday: 1, from: '11:00', to: '12:00' }]).problems).toEqual([]);
  });
  it('a slot is inside when one interval holds all of it (Europe/Rome, daylight-saving days too)', () => {
    // 2027-03-30 and 2027-10-26 are Tuesdays just after the changes; 2027-03-28 and 2027-10-31 are the change Sundays.
    for (const day of ['2027-03-30', '2027-10-26', '2027-01-05']) {
      expect(coversSlot(minutes, at(day, 9), at(day, 9) + 8 * MIN)).toBe(true);
      expect(coversSlot(minutes, at(day, 11, 52), at(day, 12))).toBe(true);
      expect(coversSlot(minutes, at(day, 11, 56), at(day, 12, 4))).toBe(false);
      expect(coversSlot(minutes, at(day, 8, 56), at(day, 9, 4))).toBe(false);
      expect(coversSlot(minutes, at(day, 12, 30), at(day, 12, 38))).toBe(false);
      expect(coversSlot(minutes, at(day, 14, 30), at(day, 14, 38))).toBe(true);
    }
    for (const day of ['2027-03-28', '2027-10-31']) {
      expect(coversSlot(minutes, at(day, 10), at(day, 10, 30))).toBe(true);
      expect(isOpenAt(minutes, at(day, 10, 59))).toBe(true);
      expect(isOpenAt(minutes, at(day, 11))).toBe(false);
    }
    expect(coversSlot(minutes, at('2027-03-31', 9), at('2027-03-31', 9, 8))).toBe(false); // a Wednesday
  });
});
