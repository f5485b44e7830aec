import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addDays, datesBetween, dateOfDayNumber, dayNumberOf, formatHHMM, isValidLocalDate, parseHHMM, weekdayOf } from './time.js';

describe('parseHHMM', () => {
  it('parses valid times and 24:00', () => {
    expect(parseHHMM('00:00')).toBe(0);
    expect(parseHHMM('08:30')).toBe(510);
    expect(parseHHMM('23:59')).toBe(1439);
    expect(parseHHMM('24:00')).toBe(1440);
  });
  it('rejects malformed times', () => {
    for (const s of ['8:30', '24:01', '25:00', '12:60', '12:5', 'aa:bb', '', ' 08:30', '08:30 ', '0830']) expect(parseHHMM(s)).toBeNull();
    expect(parseHHMM(830)).toBeNull();
    expect(parseHHMM(undefined)).toBeNull();
  });
  it('round-trips with formatHHMM', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1440 }), (m) => parseHHMM(formatHHMM(m)) === m));
  });
});

describe('dates', () => {
  it('validates calendar dates', () => {
    expect(isValidLocalDate('2026-02-28')).toBe(true);
    expect(isValidLocalDate('2028-02-29')).toBe(true);
    expect(isValidLocalDate('2026-02-29')).toBe(false);
    expect(isValidLocalDate('2100-02-29')).toBe(false);
    expect(isValidLocalDate('2000-02-29')).toBe(true);
    expect(isValidLocalDate('2026-04-31')).toBe(false);
    expect(isValidLocalDate('2026-13-01')).toBe(false);
    expect(isValidLocalDate('2026-1-01')).toBe(false);
    expect(isValidLocalDate('20260101')).toBe(false);
  });
  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-29', 0)).toBe('2026-03-29');
  });
  it('computes ISO weekdays', () => {
    expect(weekdayOf('2026-03-02')).toBe(1);
    expect(weekdayOf('2026-03-29')).toBe(7);
    expect(weekdayOf('2026-10-04')).toBe(7);
    expect(weekdayOf('2027-10-04')).toBe(1);
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('1969-12-29')).toBe(1);
  });
  it('lists a range inclusively', () => {
    expect(datesBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(datesBetween('2026-01-02', '2026-01-01')).toEqual([]);
  });
  it('agrees with luxon on day arithmetic and weekdays', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 40000 }), fc.integer({ min: -400, max: 400 }), (n, k) => {
        const d = dateOfDayNumber(n);
        const l = DateTime.fromISO(d, { zone: 'UTC' });
        expect(dayNumberOf(d)).toBe(n);
        expect(weekdayOf(d)).toBe(l.weekday);
        expect(addDays(d, k)).toBe(l.plus({ days: k }).toISODate());
      }),
    );
  });
  it('throws on invalid dates', () => {
    expect(() => dayNumberOf('2026-02-30')).toThrow(RangeError);
  });
});
