import { describe, expect, it } from 'vitest';
import { announcement, clock, crossedThreshold, secondsLeft, spokenTime } from './countdown';

describe('hold countdown', () => {
  it('counts whole seconds down to zero, never below', () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
    expect(clock(600)).toBe('10:00');
    expect(clock(65)).toBe('1:05');
    expect(clock(0)).toBe('0:00');
  });

  it('speaks only when a threshold is crossed, not every second', () => {
    const spoken: number[] = [];
    let before = 600;
    for (let now = 599; now >= 0; now--) {
      const t = crossedThreshold(before, now);
      if (t !== null) spoken.push(t);
      before = now;
    }
    expect(spoken).toEqual([300, 120, 60, 30]);
  });

  it('announces only the last threshold after a jump (a tab in the background)', () => {
    expect(crossedThreshold(400, 50)).toBe(60);
    expect(crossedThreshold(40, 35)).toBe(null);
  });

  it('says the same minutes and seconds as the visible clock, every second of ten minutes', () => {
    const t = (key: string, o?: Record<string, unknown>) => (key === 'countdown.and' ? ' and ' : `${String(o?.count)} ${key === 'countdown.minutes' ? 'min' : 's'}`);
    expect(spokenTime(t, 600)).toBe('10 min');
    expect(spokenTime(t, 599)).toBe('9 min and 59 s');
    expect(spokenTime(t, 59)).toBe('59 s');
    expect(spokenTime(t, 0)).toBe('0 s');
    for (let s = 0; s <= 600; s++) {
      const a = announcement(s);
      expect(`${a.minutes}:${String(a.seconds).padStart(2, '0')}`).toBe(clock(s));
    }
  });
});
