// The PostgreSQL store of the per-address limits (src/platform/rate-limit-store.ts), on both
// databases, on an injected clock: hits counted atomically, the window's expiry, cleaning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetLapsedCounters, postgresRateLimitStore, type CounterStore } from '../../src/platform/rate-limit-store.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';

const WINDOW = 60_000;

function hit(store: CounterStore, key: string, op: 'incr' | 'read' = 'incr'): Promise<{ current: number; ttl: number }> {
  return new Promise((resolve, reject) => store[op](key, (err, res) => (err ? reject(err) : resolve(res!)), WINDOW, 10));
}

describe.each(testDatabases)('the PostgreSQL rate-limit store on $name', (database) => {
  let db: Db;
  const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
  let store: CounterStore;
  beforeAll(async () => {
    db = await database.open();
    const Store = postgresRateLimitStore({ db, now: () => clock.now, prefix: 'test:' });
    store = new Store().child({ routeInfo: { method: 'POST', url: '/api/bookings' } });
  });
  afterAll(async () => db.close());

  it('counts hits in one window, then starts a new one when it has ended', async () => {
    expect(await hit(store, 'booking:10.0.0.1')).toEqual({ current: 1, ttl: WINDOW });
    clock.now += 20_000;
    expect(await hit(store, 'booking:10.0.0.1')).toEqual({ current: 2, ttl: 40_000 });
    expect(await hit(store, 'booking:10.0.0.2')).toEqual({ current: 1, ttl: WINDOW });
    expect(await hit(store, 'booking:10.0.0.1', 'read')).toEqual({ current: 2, ttl: 40_000 });
    clock.now += 39_999;
    expect(await hit(store, 'booking:10.0.0.1')).toEqual({ current: 3, ttl: 1 });
    clock.now += 1;
    // The window ended at this very instant: a new one, counted from 1.
    expect(await hit(store, 'booking:10.0.0.1', 'read')).toEqual({ current: 0, ttl: 0 });
    expect(await hit(store, 'booking:10.0.0.1')).toEqual({ current: 1, ttl: WINDOW });
    // Another route's counter of the same client is another counter.
    const other = new (postgresRateLimitStore({ db, now: () => clock.now, prefix: 'test:' }))().child({ routeInfo: { method: 'POST', url: '/api/x' } });
    expect(await hit(other, 'booking:10.0.0.1')).toEqual({ current: 1, ttl: WINDOW });
  });

  it('never loses a hit when many count the same client at once', async () => {
    const got = await Promise.all(Array.from({ length: 40 }, () => hit(store, 'booking:10.0.0.9')));
    expect(got.map((g) => g.current).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('counts the hits that arrive together in one statement, each still told its own count', async () => {
    let statements = 0;
    const counting = { exec: db.exec.bind(db), query: ((sql: string, params?: unknown[]) => { statements++; return db.query(sql, params); }) as typeof db.query };
    const batched = new (postgresRateLimitStore({ db: counting, now: () => clock.now, prefix: 'batch:' }))();
    const keys = ['a', 'b', 'c'];
    const got = await Promise.all(Array.from({ length: 60 }, (_, i) => hit(batched, keys[i % 3]!).then((r) => ({ key: keys[i % 3]!, ...r }))));
    for (const key of keys) {
      expect(got.filter((g) => g.key === key).map((g) => g.current).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    expect(statements).toBeLessThanOrEqual(3);
    expect(await hit(batched, 'a', 'read')).toMatchObject({ current: 20 });
  });

  it('keeps no client key in clear', async () => {
    const rows = await db.query<{ key: string }>('SELECT key FROM rate_limit_counter');
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) expect(r.key).not.toMatch(/10\.0\.0|booking/);
  });

  it('the housekeeping deletes the counters whose window has ended', async () => {
    const old = new (postgresRateLimitStore({ db, now: () => Date.now() - 10 * 60_000, prefix: 'old:' }))();
    await hit(old, 'a');
    const live = new (postgresRateLimitStore({ db, prefix: 'live:' }))();
    await hit(live, 'a');
    const before = Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rate_limit_counter')).rows[0]!.n);
    expect(await forgetLapsedCounters(db)).toBeGreaterThanOrEqual(1);
    expect(await hit(live, 'a', 'read')).toMatchObject({ current: 1 });
    expect(await hit(old, 'a', 'read')).toEqual({ current: 0, ttl: 0 });
    const after = Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rate_limit_counter')).rows[0]!.n);
    expect(after).toBeLessThan(before);
  });

  it('refuses the options it cannot honour', () => {
    expect(() => new (postgresRateLimitStore({ db }))().child({ continueExceeding: true })).toThrow(/fixed windows/);
  });

  it('reports a database error to the plugin (skipOnError: the request passes uncounted), logs it, and rests the database a second', async () => {
    const closed = await database.open();
    await closed.close();
    const logged: unknown[] = [];
    const at = { now: Date.now() };
    const broken = new (postgresRateLimitStore({ db: closed, log: (err) => logged.push(err), now: () => at.now }))();
    await expect(hit(broken, 'a')).rejects.toThrow();
    // For a second the database is not asked again: the next request passes at once.
    await expect(hit(broken, 'b')).rejects.toThrow(/not asked/);
    at.now += 1000;
    await expect(hit(broken, 'c')).rejects.toThrow();
    await expect(hit(broken, 'c')).rejects.toThrow(/not asked/);
    expect(logged).toHaveLength(1); // at most one line every 10 s
  });
});
