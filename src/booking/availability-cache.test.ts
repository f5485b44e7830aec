import { describe, expect, it } from 'vitest';
import { AvailabilityCache } from './availability-cache.js';

function counter() {
  let n = 0;
  return { compute: async () => `answer ${++n}`, count: () => n };
}

describe('AvailabilityCache', () => {
  it('computes once for requests that overlap, again when the second is over', async () => {
    let t = 0;
    const cache = new AvailabilityCache(1_000, () => t);
    const c = counter();
    const [a, b] = await Promise.all([cache.get('d1', 'k', 'cal', c.compute), cache.get('d1', 'k', 'cal', c.compute)]);
    expect([a, b, c.count()]).toEqual(['answer 1', 'answer 1', 1]);
    t = 999;
    expect(await cache.get('d1', 'k', 'cal', c.compute)).toBe('answer 1');
    t = 1_000;
    expect(await cache.get('d1', 'k', 'cal', c.compute)).toBe('answer 2');
  });

  it('computes again after a write to the desk, and only for that desk', async () => {
    const cache = new AvailabilityCache(1_000, () => 0);
    const c = counter();
    await cache.get('d1', 'k', 'cal', c.compute);
    await cache.get('d2', 'k', 'cal', c.compute);
    cache.touch('d1');
    expect(await cache.get('d1', 'k', 'cal', c.compute)).toBe('answer 3');
    expect(await cache.get('d2', 'k', 'cal', c.compute)).toBe('answer 2');
  });

  it('computes again when the desk calendar is another one', async () => {
    const cache = new AvailabilityCache(1_000, () => 0);
    const c = counter();
    await cache.get('d1', 'k', 'calendar v1', c.compute);
    expect(await cache.get('d1', 'k', 'calendar v2', c.compute)).toBe('answer 2');
  });

  it('keeps different ranges apart and forgets failures', async () => {
    const cache = new AvailabilityCache(1_000, () => 0);
    const c = counter();
    await cache.get('d1', 'a', 'cal', c.compute);
    expect(await cache.get('d1', 'b', 'cal', c.compute)).toBe('answer 2');
    await expect(cache.get('d1', 'c', 'cal', async () => { throw new Error('db down'); })).rejects.toThrow('db down');
    expect(await cache.get('d1', 'c', 'cal', c.compute)).toBe('answer 3');
  });

  it('does not cache when the time to live is zero, and stays bounded', async () => {
    const off = new AvailabilityCache(0, () => 0);
    const c = counter();
    await off.get('d1', 'k', 'cal', c.compute);
    expect(await off.get('d1', 'k', 'cal', c.compute)).toBe('answer 2');
    const small = new AvailabilityCache(1_000, () => 0, 3);
    for (let i = 0; i < 10; i++) await small.get('d1', `k${i}`, 'cal', c.compute);
    expect(await small.get('d1', 'k9', 'cal', c.compute)).toBe('answer 12');
  });

  it('remembers a slot found full for a second, for that kind of claim, until the desk changes', () => {
    let t = 0;
    const cache = new AvailabilityCache(1_000, () => t);
    cache.rememberFull('d1', 600, false);
    expect([cache.knownFull('d1', 600, false), cache.knownFull('d1', 600, true), cache.knownFull('d1', 1200, false), cache.knownFull('d2', 600, false)])
      .toEqual([true, false, false, false]);
    t = 999;
    expect(cache.knownFull('d1', 600, false)).toBe(true);
    t = 1_000;
    expect(cache.knownFull('d1', 600, false)).toBe(false);
    cache.rememberFull('d1', 600, false);
    cache.rememberFull('d2', 600, false);
    cache.touch('d1');
    expect([cache.knownFull('d1', 600, false), cache.knownFull('d2', 600, false)]).toEqual([false, true]);
    const off = new AvailabilityCache(0, () => t);
    off.rememberFull('d1', 600, false);
    expect(off.knownFull('d1', 600, false)).toBe(false);
    const small = new AvailabilityCache(1_000, () => t, 3);
    for (let i = 0; i < 10; i++) small.rememberFull('d1', i, false);
    expect(small.knownFull('d1', 9, false)).toBe(true);
  });
});
