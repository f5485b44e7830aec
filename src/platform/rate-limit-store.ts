/**
 * Per-address request limits counted in PostgreSQL, for several instances on one database
 * without Redis (SHARED_LIMITS, docs/operations.md "Several instances"): a store for
 * @fastify/rate-limit. Each count is one atomic statement — the hit, the start of a new window
 * when the last one lapsed, and what is left of the window, in one INSERT … ON CONFLICT DO
 * UPDATE … RETURNING — so instances that count the same client at the same moment never lose a
 * hit. The table is UNLOGGED (migration 0039): no WAL per request. Keys are stored hashed (a
 * key may carry a tax code). Lapsed windows are deleted by the housekeeping job
 * (forgetLapsedCounters). A failed count is logged (at most every 10 s) and the plugin lets the
 * request pass uncounted (skipOnError, as with Redis): a database hiccup refuses no citizen. For
 * a second after a failure the database is not asked (requests pass uncounted at once): a
 * database that does not answer is not waited for twice by every request.
 *
 * Hits are counted in batches (Batcher, natural batching): the hits that arrive while a count is
 * in the database go together in the next statement, each key once with its number of hits, the
 * keys in order (two instances lock them in the same order: no deadlock). The k-th of n hits of
 * one key in a batch is told `hits - n + k`, so every hit still gets its own exact count. On the
 * release morning this turns tens of thousands of statements a minute into a few hundred.
 */
import { createHash } from 'node:crypto';
import { Batcher, type Settled } from './batcher.js';
import type { Queryable } from '../storage/db.js';

type Done = (err: Error | null, res?: { current: number; ttl: number }) => void;

export interface CounterStore {
  incr(key: string, cb: Done, timeWindow: number, max: number): void;
  read(key: string, cb: Done, timeWindow: number, max: number): void;
  /** Given the route's merged limit settings (typed as route options by the plugin's types). */
  child(routeOptions: object): CounterStore;
}

export interface PgStoreOptions {
  db: Queryable;
  /** Separates deployments sharing a database (and tests). */
  prefix?: string | undefined;
  /** The clock of the windows, epoch ms (tests inject one). */
  now?: () => number;
  log?: (err: unknown) => void;
}

/** Each key once ($1, sorted), with its hits in this batch ($2) and its window's length ($3). */
const INCR = `
INSERT INTO rate_limit_counter AS c (key, hits, window_ends)
SELECT h.key, h.n, $4::timestamptz + make_interval(secs => h.window_ms / 1000)
FROM unnest($1::text[], $2::int[], $3::float8[]) AS h(key, n, window_ms)
ORDER BY h.key
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN c.window_ends <= $4::timestamptz THEN EXCLUDED.hits ELSE c.hits + EXCLUDED.hits END,
  window_ends = CASE WHEN c.window_ends <= $4::timestamptz THEN EXCLUDED.window_ends ELSE c.window_ends END
RETURNING key, hits, ceil(extract(epoch FROM c.window_ends - $4::timestamptz) * 1000)::float8 AS ttl`;

const READ = `
SELECT hits, ceil(extract(epoch FROM window_ends - $2::timestamptz) * 1000)::float8 AS ttl
FROM rate_limit_counter WHERE key = $1 AND window_ends > $2::timestamptz`;

const hashKey = (k: string) => createHash('sha256').update(k).digest('base64url');

/** The store class @fastify/rate-limit instantiates (`store` option), bound to a database. */
export function postgresRateLimitStore(o: PgStoreOptions): new () => CounterStore {
  const now = o.now ?? Date.now;
  let lastLog = 0;
  let restUntil = 0;
  const failed = (err: unknown) => {
    restUntil = now() + 1000;
    if (now() - lastLog < 10_000) return;
    lastLog = now();
    o.log?.(err);
  };
  type Count = { current: number; ttl: number };
  const counts = new Batcher<{ key: string; timeWindow: number }, Count>(
    async (hits) => {
      const at = new Date(now()).toISOString();
      const byKey = new Map<string, { n: number; timeWindow: number }>();
      for (const h of hits) {
        const k = byKey.get(h.key);
        if (k) k.n += 1;
        else byKey.set(h.key, { n: 1, timeWindow: h.timeWindow });
      }
      const keys = [...byKey.keys()];
      const r = await o.db.query<{ key: string; hits: number; ttl: number }>(INCR, [
        keys, keys.map((k) => byKey.get(k)!.n), keys.map((k) => byKey.get(k)!.timeWindow), at,
      ]);
      const total = new Map(r.rows.map((row) => [row.key, row]));
      const told = new Map<string, number>();
      return hits.map((h): Settled<Count> => {
        const row = total.get(h.key);
        if (!row) return { ok: false, error: new Error('rate-limit store: a key was not counted') };
        const k = (told.get(h.key) ?? 0) + 1;
        told.set(h.key, k);
        return { ok: true, value: { current: Number(row.hits) - byKey.get(h.key)!.n + k, ttl: Math.max(0, Number(row.ttl)) } };
      });
    },
    { maxSize: 1000, concurrency: 2 },
  );
  const resting = (cb: Done) => {
    if (now() >= restUntil) return false;
    cb(new Error('rate-limit store: the database failed a moment ago, not asked'));
    return true;
  };
  const incr = (key: string, cb: Done, timeWindow: number) => {
    if (resting(cb)) return;
    counts.call({ key: hashKey(key), timeWindow }).then(
      (res) => cb(null, res),
      (err: unknown) => {
        failed(err);
        cb(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };
  const read = (key: string, cb: Done) => {
    if (resting(cb)) return;
    o.db.query<{ hits: number; ttl: number }>(READ, [hashKey(key), new Date(now()).toISOString()]).then(
      (r) => {
        const row = r.rows[0];
        cb(null, row ? { current: Number(row.hits), ttl: Math.max(0, Number(row.ttl)) } : { current: 0, ttl: 0 });
      },
      (err: unknown) => {
        failed(err);
        cb(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };
  const make = (prefix: string): CounterStore => ({
    incr: (key, cb, timeWindow) => incr(prefix + key, cb, timeWindow),
    read: (key, cb) => read(prefix + key, cb),
    child(options) {
      const routeOptions = options as { routeInfo?: { method?: string; url?: string }; continueExceeding?: boolean; exponentialBackoff?: boolean };
      if (routeOptions.continueExceeding || routeOptions.exponentialBackoff) {
        throw new Error('the PostgreSQL rate-limit store counts fixed windows only (no continueExceeding, no exponentialBackoff)');
      }
      const r = routeOptions.routeInfo ?? {};
      return make(`${prefix}${r.method ?? ''}${r.url ?? ''}-`);
    },
  });
  const root = o.prefix ?? 'sportello-limit:';
  return class {
    constructor() {
      return make(root);
    }
  } as unknown as new () => CounterStore;
}

/** Deletes the counters whose window has ended (the housekeeping job); returns how many. */
export async function forgetLapsedCounters(db: Queryable): Promise<number> {
  const r = await db.query("DELETE FROM rate_limit_counter WHERE window_ends < now() - interval '1 minute'");
  return r.rowCount;
}
