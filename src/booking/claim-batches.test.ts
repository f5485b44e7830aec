import { describe, expect, it } from 'vitest';
import type { Db, QueryResult } from '../storage/db.js';
import { claimBatches, CONFIRM_OUTCOMES, confirmOutcome, type HoldCall } from './claim-batches.js';

const hold = (desk: string, minute: number): HoldCall => ({
  desk, version: 1, starts: new Date(Date.UTC(2027, 1, 3, 8, minute)), ends: new Date(Date.UTC(2027, 1, 3, 8, minute + 10)),
  capacity: 1, reserved: 0, reservedUntil: new Date(0), now: new Date(0), actor: 'citizen', codes: [`C${minute}`], booking: {},
});

/** A database that answers hold_places by echoing each element's code, failing the ones `fail` names. */
function fakeDb(fail: (code: string, call: number) => string | null) {
  const sent: string[][] = [];
  let calls = 0;
  const db: Db = {
    kind: 'postgres',
    transaction: (fn) => fn(db),
    async close() {},
    async query<T>(_sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      calls++;
      const elements = JSON.parse(params[0] as string) as { desk: string; codes: string[] }[];
      sent.push(elements.map((e) => `${e.desk}/${e.codes[0]}`));
      const rows = elements.map((e, i) => {
        const state = fail(e.codes[0]!, calls);
        return state
          ? { i, id: null, code: null, stale: null, err_state: state, err_constraint: 'slot_capacity', err_detail: 'd', err_message: 'refused' }
          : { i, id: `id-${e.codes[0]}`, code: e.codes[0], stale: false, err_state: null, err_constraint: null, err_detail: null, err_message: null };
      });
      return { rows: rows as T[], rowCount: rows.length };
    },
    async exec() {},
  };
  return { db, sent };
}

describe('claimBatches', () => {
  it('sends a batch sorted by desk and start (one lock order for all), and gives each caller its own row', async () => {
    const { db, sent } = fakeDb(() => null);
    const batches = claimBatches(db, { size: 10, concurrency: 1 });
    const calls = [hold('b', 20), hold('a', 30), hold('b', 10), hold('a', 0)];
    const results = await Promise.all(calls.map((c) => batches.hold(c)));
    expect(sent).toEqual([['a/C0', 'a/C30', 'b/C10', 'b/C20']]);
    expect(results.map((r) => r.code)).toEqual(['C20', 'C30', 'C10', 'C0']);
  });

  it("raises an element's error as the driver would (code, constraint, detail), and that element's only", async () => {
    const { db } = fakeDb((code) => (code === 'C10' ? '23514' : null));
    const batches = claimBatches(db, { size: 10, concurrency: 1 });
    const [ok, refused] = await Promise.allSettled([batches.hold(hold('a', 0)), batches.hold(hold('a', 10))]);
    expect(ok.status === 'fulfilled' && ok.value.id).toBe('id-C0');
    expect(refused.status === 'rejected' && refused.reason).toMatchObject({ message: 'refused', code: '23514', constraint: 'slot_capacity', detail: 'd' });
  });

  it('tries an element again after a deadlock or serialisation failure, at most twice', async () => {
    const once = fakeDb((code, call) => (code === 'C10' && call === 1 ? '40P01' : null));
    const r = await claimBatches(once.db, { size: 10, concurrency: 1 }).hold(hold('a', 10));
    expect(r.id).toBe('id-C10');
    expect(once.sent).toHaveLength(2);

    const always = fakeDb(() => '40001');
    await expect(claimBatches(always.db, { size: 10, concurrency: 1 }).hold(hold('a', 10))).rejects.toMatchObject({ code: '40001' });
    expect(always.sent).toHaveLength(3);
  });
});

describe('confirmation outcomes from the database', () => {
  it('are checked where they come back: a known one passes, anything else fails loudly', () => {
    for (const o of CONFIRM_OUTCOMES) expect(confirmOutcome(o)).toBe(o);
    expect(() => confirmOutcome('booked ')).toThrow(/unknown outcome/);
    expect(() => confirmOutcome('hold_expired')).toThrow(/unknown outcome/);
  });
});
