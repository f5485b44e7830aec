import { describe, expect, it } from 'vitest';
import { nextAttempt } from './record-outcome.js';

const MIN = 60_000;
const base = { maxAttempts: 3, retryDelayMinutes: 3, retryWindowMinutes: 30, slotEndMs: 100 * MIN };

describe('retry policy after no answer', () => {
  it('schedules the next attempt after the delay while attempts are left', () => {
    expect(nextAttempt({ ...base, attempts: 1, nowMs: 92 * MIN })).toBe(95 * MIN);
    expect(nextAttempt({ ...base, attempts: 2, nowMs: 95 * MIN })).toBe(98 * MIN);
  });
  it('stops at the maximum number of attempts', () => {
    expect(nextAttempt({ ...base, attempts: 3, nowMs: 95 * MIN })).toBeNull();
  });
  it('stays within the slot plus the window', () => {
    expect(nextAttempt({ ...base, attempts: 1, nowMs: 127 * MIN })).toBe(130 * MIN);
    expect(nextAttempt({ ...base, attempts: 1, nowMs: 128 * MIN })).toBeNull();
  });
});
