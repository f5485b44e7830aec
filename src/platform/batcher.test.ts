import { describe, expect, it } from 'vitest';
import { Batcher, type Settled } from './batcher.js';

/** A runner that records each batch and answers when released. */
function recorder() {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const run = (inputs: number[]): Promise<Settled<number>[]> => {
    batches.push(inputs);
    return new Promise((resolve) => {
      pending.push(() => resolve(inputs.map((x) => (x < 0 ? { ok: false, error: new Error(`bad ${x}`) } : { ok: true, value: x * 10 }))));
    });
  };
  const releaseAll = async () => {
    while (pending.length) pending.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, run, releaseAll };
}

describe('Batcher', () => {
  it('sends a lone call at once, alone', async () => {
    const r = recorder();
    const b = new Batcher(r.run, { maxSize: 8, concurrency: 2 });
    const p = b.call(1);
    await new Promise((x) => setImmediate(x));
    expect(r.batches).toEqual([[1]]);
    await r.releaseAll();
    await expect(p).resolves.toBe(10);
  });

  it('sends the calls of one turn together, and those arriving while all runners are busy in the next batch', async () => {
    const r = recorder();
    const b = new Batcher(r.run, { maxSize: 3, concurrency: 1 });
    const first = [b.call(1), b.call(2)];
    await new Promise((x) => setImmediate(x));
    expect(r.batches).toEqual([[1, 2]]);
    // the runner is busy: these wait, and go at most 3 at a time
    const later = [3, 4, 5, 6, 7].map((x) => b.call(x));
    await new Promise((x) => setImmediate(x));
    expect(r.batches).toHaveLength(1);
    await r.releaseAll();
    expect(r.batches).toEqual([[1, 2], [3, 4, 5]]);
    await r.releaseAll();
    expect(r.batches).toEqual([[1, 2], [3, 4, 5], [6, 7]]);
    await r.releaseAll();
    expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(b.stats).toEqual({ batches: 3, calls: 7, largest: 3, split: 0 });
  });

  it('runs up to `concurrency` batches side by side', async () => {
    const r = recorder();
    const b = new Batcher(r.run, { maxSize: 2, concurrency: 2 });
    const all = [1, 2, 3, 4, 5].map((x) => b.call(x));
    await new Promise((x) => setImmediate(x));
    expect(r.batches).toEqual([[1, 2], [3, 4]]);
    await r.releaseAll();
    expect(r.batches).toEqual([[1, 2], [3, 4], [5]]);
    await r.releaseAll();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
  });

  it("fails only the calls whose element failed, and every call of a batch whose run threw", async () => {
    const r = recorder();
    const b = new Batcher(r.run, { maxSize: 4, concurrency: 1 });
    const calls = Promise.allSettled([b.call(1), b.call(-2), b.call(3)]);
    await new Promise((x) => setImmediate(x));
    await r.releaseAll();
    const [one, two, three] = await calls;
    expect(one).toEqual({ status: 'fulfilled', value: 10 });
    expect(two.status === 'rejected' && String(two.reason)).toBe('Error: bad -2');
    expect(three).toEqual({ status: 'fulfilled', value: 30 });

    const broken = new Batcher<number, number>(async () => {
      throw new Error('connection lost');
    }, { maxSize: 4, concurrency: 1 });
    const both = await Promise.allSettled([broken.call(1), broken.call(2)]);
    expect(both.map((x) => x.status === 'rejected' && String(x.reason))).toEqual(['Error: connection lost', 'Error: connection lost']);
    const wrongCount = new Batcher<number, number>(async () => [{ ok: true, value: 1 }], { maxSize: 4, concurrency: 1 });
    const counted = await Promise.allSettled([wrongCount.call(1), wrongCount.call(2)]);
    expect(counted.map((x) => x.status === 'rejected' && String(x.reason))).toEqual(['Error: Batcher: 1 results for 2 calls', 'Error: Batcher: 1 results for 2 calls']);
  });

  it('sends each call of a batch that failed as a whole again alone: only the call that breaks it fails', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (inputs) => {
      batches.push(inputs);
      if (inputs.includes(-1)) throw new Error('batch refused');
      return inputs.map((x) => ({ ok: true, value: x * 10 }));
    }, { maxSize: 8, concurrency: 1 });
    const settled = await Promise.allSettled([b.call(1), b.call(-1), b.call(3)]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason)))).toEqual([10, 'Error: batch refused', 30]);
    expect(batches).toEqual([[1, -1, 3], [1], [-1], [3]]);
    expect(b.stats.split).toBe(1);
  });

  it('refuses a size or concurrency below one', () => {
    expect(() => new Batcher(async () => [], { maxSize: 0, concurrency: 1 })).toThrow();
    expect(() => new Batcher(async () => [], { maxSize: 1, concurrency: 0 })).toThrow();
  });
});
