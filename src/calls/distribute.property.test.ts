import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distribute, loads, type AgendaItem } from './distribute.js';

const OPS = ['op-a', 'op-b', 'op-c', 'op-d', 'op-e'];

const itemsArb = fc
  .array(
    fc.record({
      slot: fc.integer({ min: 0, max: 30 }),
      prior: fc.option(fc.constantFrom(...OPS, 'gone'), { nil: null }),
    }),
    { maxLength: 60 },
  )
  .map((xs) =>
    xs.map((x, i): AgendaItem => ({ bookingId: `b${i}`, startsAtMs: 1_700_000_000_000 + x.slot * 480_000, operatorId: x.prior, locked: false })),
  );
const opsArb = fc.subarray(OPS, { minLength: 1 });

function check(items: readonly AgendaItem[], ops: readonly string[], result: Map<string, string | null>) {
  // Every booking exactly once, to an operator on duty.
  expect([...result.keys()].sort()).toEqual(items.map((i) => i.bookingId).sort());
  for (const op of result.values()) expect(ops).toContain(op);
  const l = [...loads(result, ops).values()];
  expect(Math.max(...l) - Math.min(...l)).toBeLessThanOrEqual(1);
}

describe('distribution of the day over the operators on duty', () => {
  it('assigns every booking exactly once, loads differ by at most one', () => {
    fc.assert(
      fc.property(itemsArb, opsArb, (items, ops) => check(items, ops, distribute(items, ops))),
      { numRuns: 500 },
    );
  });

  it('keeps both properties when an operator signs off, and moves only what it must', () => {
    fc.assert(
      fc.property(itemsArb, opsArb, fc.nat(), (items, ops, pick) => {
        const first = distribute(items, ops);
        const placed = items.map((i) => ({ ...i, operatorId: first.get(i.bookingId) ?? null }));
        const leaver = ops[pick % ops.length]!;
        const rest = ops.filter((o) => o !== leaver);
        if (rest.length === 0) {
          const none = distribute(placed, rest);
          for (const v of none.values()) expect(v).toBeNull();
          return;
        }
        const second = distribute(placed, rest);
        check(placed, rest, second);
        // Stability: at most the leaver's bookings plus the balance moves change hands.
        const leaverLoad = placed.filter((p) => p.operatorId === leaver).length;
        const moved = placed.filter((p) => p.operatorId !== leaver && second.get(p.bookingId) !== p.operatorId).length;
        expect(moved).toBeLessThanOrEqual(leaverLoad + rest.length);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps both properties when an operator signs on', () => {
    fc.assert(
      fc.property(itemsArb, opsArb, (items, ops) => {
        const before = ops.slice(0, Math.max(1, ops.length - 1));
        const first = distribute(items, before);
        const placed = items.map((i) => ({ ...i, operatorId: first.get(i.bookingId) ?? null }));
        check(placed, ops, distribute(placed, ops));
      }),
      { numRuns: 300 },
    );
  });

  it('gives two bookings of one slot to two operators when it can', () => {
    const items: AgendaItem[] = [0, 0, 1, 1, 2, 2].map((s, i) => ({ bookingId: `b${i}`, startsAtMs: s * 600_000, operatorId: null, locked: false }));
    const r = distribute(items, ['x', 'y']);
    for (const s of [0, 1, 2]) {
      const ops = items.filter((i) => i.startsAtMs === s * 600_000).map((i) => r.get(i.bookingId));
      expect(new Set(ops).size).toBe(2);
    }
  });

  it('never moves a locked booking (call under way, supervisor pin)', () => {
    const items: AgendaItem[] = [
      { bookingId: 'a', startsAtMs: 1, operatorId: 'x', locked: true },
      { bookingId: 'b', startsAtMs: 2, operatorId: 'x', locked: true },
      { bookingId: 'c', startsAtMs: 3, operatorId: 'gone', locked: true },
      { bookingId: 'd', startsAtMs: 4, operatorId: null, locked: false },
    ];
    const r = distribute(items, ['x', 'y']);
    expect(r.get('a')).toBe('x');
    expect(r.get('b')).toBe('x');
    expect(r.get('c')).toBe('gone');
    expect(r.get('d')).toBe('y');
  });
});
