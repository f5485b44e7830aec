import { describe, expect, it } from 'vitest';
import { addPackedDurations, figuresOf, percentile, periodOf, periodsBetween, slotLengthStats, workingDaysUntil, zeroCounters, type Durations } from './figures.js';

const durationsOf = (xs: number[]): Durations => {
  const m: Durations = new Map();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
};
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('percentile (nearest rank)', () => {
  it('1..100 s: p90 = 90, p50 = 50, p100 = 100, p1 = 1', () => {
    const d = durationsOf(range(1, 100));
    expect(percentile(d, 90)).toBe(90);
    expect(percentile(d, 50)).toBe(50);
    expect(percentile(d, 100)).toBe(100);
    expect(percentile(d, 1)).toBe(1);
  });
  it('ties and small sets; none without calls', () => {
    expect(percentile(durationsOf([5, 5, 5, 100]), 90)).toBe(100);
    expect(percentile(durationsOf([5, 5, 5, 100]), 75)).toBe(5);
    expect(percentile(durationsOf([7]), 90)).toBe(7);
    expect(percentile(new Map(), 90)).toBeNull();
  });
});

describe('packed durations ("sec:n,…")', () => {
  it('adds every pair to the map and tells each one', () => {
    const seen: [number, number][] = [];
    const m: Durations = new Map([[90, 1]]);
    addPackedDurations(m, '90:2,481:13,1200:1', (sec, n) => seen.push([sec, n]));
    expect([...m]).toEqual([[90, 3], [481, 13], [1200, 1]]);
    expect(seen).toEqual([[90, 2], [481, 13], [1200, 1]]);
  });
  it('reads an empty text as no durations, and 0 seconds as a duration', () => {
    expect(addPackedDurations(new Map(), '').size).toBe(0);
    expect([...addPackedDurations(new Map(), '0:4')]).toEqual([[0, 4]]);
  });
});

describe('slot-length report', () => {
  it('durations 6, 12 … 600 s against 8-minute slots', () => {
    const s = slotLengthStats(durationsOf(range(1, 100).map((i) => i * 6)), 8);
    expect(s.calls).toBe(100);
    expect(s.meanSec).toBe(303);
    expect(s.p50Sec).toBe(300);
    expect(s.p90Sec).toBe(540);
    expect(s.overrunShare).toBe(0.2); // 486 … 600 s
    expect(s.minutesCovering90).toBe(9);
    expect(s.histogram).toHaveLength(11); // bins 0..10 (600 s falls in [10, 11))
    expect(s.histogram[0]).toEqual({ fromMin: 0, toMin: 1, count: 9 }); // 6 … 54
    expect(s.histogram[1]).toEqual({ fromMin: 1, toMin: 2, count: 10 }); // 60 … 114
    expect(s.histogram[10]).toEqual({ fromMin: 10, toMin: 11, count: 1 });
    expect(s.histogram.reduce((a, b) => a + b.count, 0)).toBe(100);
  });
  it('a call of exactly the slot length does not overrun; exactly 9 minutes is covered by 9', () => {
    const s = slotLengthStats(durationsOf([480, 480, 481, 540]), 8);
    expect(s.overrunShare).toBe(0.5);
    expect(s.minutesCovering90).toBe(9);
  });
  it('empty', () => {
    expect(slotLengthStats(new Map(), 8)).toEqual({ calls: 0, meanSec: null, p50Sec: null, p90Sec: null, overrunShare: 0, minutesCovering90: null, histogram: [] });
  });
});

describe('figures', () => {
  it('rates are 0 when nothing is offered or called', () => {
    const f = figuresOf(zeroCounters(), new Map());
    expect(f).toMatchObject({ fillRate: 0, noAnswerRate: 0, overrunRate: 0, meanCallSec: null, p90CallSec: null });
  });
  it('rates', () => {
    const f = figuresOf({ ...zeroCounters(), offered: 8, booked: 6, served: 3, noAnswer: 1, calls: 4, callSeconds: 1000, overrun: 1 }, durationsOf([100, 200, 300, 400]));
    expect(f).toMatchObject({ fillRate: 0.75, noAnswerRate: 0.25, meanCallSec: 250, p90CallSec: 400, overrunRate: 0.25 });
  });
});

describe('periods', () => {
  it('ISO weeks start on Monday, months on the 1st', () => {
    expect(periodOf('2026-03-29', 'week')).toBe('2026-03-23'); // Sunday of the DST change
    expect(periodOf('2026-03-23', 'week')).toBe('2026-03-23');
    expect(periodOf('2026-03-29', 'month')).toBe('2026-03-01');
    expect(periodsBetween('2026-03-25', '2026-04-07', 'week')).toEqual(['2026-03-23', '2026-03-30', '2026-04-06']);
    expect(periodsBetween('2026-11-15', '2027-02-01', 'month')).toEqual(['2026-11-01', '2026-12-01', '2027-01-01', '2027-02-01']);
    expect(periodsBetween('2026-03-28', '2026-03-30', 'day')).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });
  it('working days skip weekends and national holidays', () => {
    expect(workingDaysUntil('2026-11-26', '2026-11-26')).toBe(0);
    expect(workingDaysUntil('2026-11-26', '2026-11-30')).toBe(2); // Fri 27, Mon 30
    expect(workingDaysUntil('2026-12-23', '2026-12-28')).toBe(2); // 24, 28 (25 Christmas, 26 St Stephen)
  });
});

import { deskAlerts, DEFAULT_ALERT_SETTINGS } from './alerts.js';
describe('alerts', () => {
  const base = { deskName: 'D', leadTimeWorkingDays: 3, full: false, horizonWorkingDays: 20, served: 0, noAnswer: 0, calls: 0, overrun: 0 };
  it('lead time over the threshold; danger from 1.5×; a full horizon counts as beyond it', () => {
    expect(deskAlerts(base, DEFAULT_ALERT_SETTINGS)).toEqual([]);
    expect(deskAlerts({ ...base, leadTimeWorkingDays: 10 }, DEFAULT_ALERT_SETTINGS)).toEqual([]);
    expect(deskAlerts({ ...base, leadTimeWorkingDays: 11 }, DEFAULT_ALERT_SETTINGS)[0]).toMatchObject({ code: 'lead_time', level: 'warning', value: 11, threshold: 10 });
    expect(deskAlerts({ ...base, leadTimeWorkingDays: 15 }, DEFAULT_ALERT_SETTINGS)[0]).toMatchObject({ level: 'danger' });
    expect(deskAlerts({ ...base, leadTimeWorkingDays: null, full: true }, DEFAULT_ALERT_SETTINGS)[0]).toMatchObject({ value: 21 });
  });
  it('rates need five calls and must exceed the threshold', () => {
    expect(deskAlerts({ ...base, served: 3, noAnswer: 1 }, DEFAULT_ALERT_SETTINGS)).toEqual([]); // 4 < 5
    expect(deskAlerts({ ...base, served: 4, noAnswer: 1 }, DEFAULT_ALERT_SETTINGS)).toEqual([]); // 0.2 not > 0.2
    expect(deskAlerts({ ...base, served: 3, noAnswer: 2 }, DEFAULT_ALERT_SETTINGS)[0]).toMatchObject({ code: 'no_answer_rate', value: 0.4, level: 'danger' });
    expect(deskAlerts({ ...base, calls: 10, overrun: 4 }, DEFAULT_ALERT_SETTINGS)[0]).toMatchObject({ code: 'overrun_rate', value: 0.4, level: 'warning' });
  });
});
