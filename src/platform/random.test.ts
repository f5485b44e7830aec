import { describe, expect, it } from 'vitest';
import { randomBytes } from './random.js';

describe('pooled random bytes', () => {
  it('never hands the same bytes out twice, across refills, and copies them', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const b = randomBytes(24);
      expect(b.length).toBe(24);
      const hex = b.toString('hex');
      expect(seen.has(hex)).toBe(false);
      seen.add(hex);
    }
    const a = randomBytes(12);
    const copy = Buffer.from(a);
    randomBytes(16 * 1024 - 1); // a large draw does not touch the pool
    for (let i = 0; i < 2000; i++) randomBytes(12); // several refills
    expect(a.equals(copy)).toBe(true);
  });

  it('is not all zeros and spreads its bits', () => {
    const b = randomBytes(4096);
    let ones = 0;
    for (const byte of b) for (let k = 0; k < 8; k++) ones += (byte >> k) & 1;
    expect(ones / (4096 * 8)).toBeGreaterThan(0.47);
    expect(ones / (4096 * 8)).toBeLessThan(0.53);
  });
});
