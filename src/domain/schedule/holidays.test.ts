import { describe, expect, it } from 'vitest';
import { holidayName, indexLocalHolidays, isNationalHoliday, localHolidayName, nationalHolidaysOfYear } from './holidays.js';

describe('national holidays (Italy)', () => {
  it('knows the fixed and moving public holidays', () => {
    for (const d of ['2026-01-01', '2026-01-06', '2026-04-06', '2026-04-25', '2026-05-01', '2026-06-02', '2026-08-15', '2026-11-01', '2026-12-08', '2026-12-25', '2026-12-26']) {
      expect(isNationalHoliday(d), d).toBe(true);
    }
    expect(holidayName('2026-12-08')).toBe('Immacolata Concezione');
    expect(holidayName('2026-04-06')).toBe('Lunedì dell’Angelo');
    expect(isNationalHoliday('2027-03-29')).toBe(true); // Easter Monday 2027
  });
  it('has 4 October (San Francesco) from 2026 only', () => {
    expect(isNationalHoliday('2025-10-04')).toBe(false);
    expect(isNationalHoliday('2026-10-04')).toBe(true);
    expect(isNationalHoliday('2027-10-04')).toBe(true);
  });
  it('ignores observances and ordinary days', () => {
    expect(isNationalHoliday('2026-05-10')).toBe(false); // Festa della mamma (observance)
    expect(isNationalHoliday('2026-12-07')).toBe(false);
    expect(isNationalHoliday('2026-03-02')).toBe(false);
  });
  it('caches per year', () => {
    expect(nationalHolidaysOfYear(2026)).toBe(nationalHolidaysOfYear(2026));
  });
});

describe('local holidays', () => {
  const list = [
    { date: '12-07', name: "Sant'Ambrogio" },
    { date: '2026-06-15', name: 'Chiusura straordinaria' },
    { date: '02-29', name: 'Bisestile' },
  ];
  it('matches recurring MM-DD every year and YYYY-MM-DD once', () => {
    expect(localHolidayName(list, '2026-12-07')).toBe("Sant'Ambrogio");
    expect(localHolidayName(list, '2031-12-07')).toBe("Sant'Ambrogio");
    expect(localHolidayName(list, '2026-06-15')).toBe('Chiusura straordinaria');
    expect(localHolidayName(list, '2027-06-15')).toBeUndefined();
    expect(localHolidayName(list, '2028-02-29')).toBe('Bisestile');
    expect(localHolidayName(list, '2026-12-08')).toBeUndefined();
    expect(indexLocalHolidays([]).nameOn('2026-12-07')).toBeUndefined();
  });
});
