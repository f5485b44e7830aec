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
 */
import { createHash } from 'node:crypto';
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

const INCR = `
INSERT INTO rate_limit_counter AS c (key, hits, window_ends)
VALUES ($1, 1, $2::timestamptz + make_interval(secs => $3::double precision / 1000))
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN c.window_ends <= $2::timestamptz THEN 1 ELSE c.hits + 1 END,
  window_ends = CASE WHEN c.window_ends <= $2::timestamptz THEN EXCLUDED.window_ends ELSE c.window_ends END
RETURNING hits, ceil(extract(epoch FROM c.window_ends - $2::timestamptz) * 1000)::float8 AS ttl`;

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
  const run = (sql: string, key: string, cb: Done, timeWindow: number) => {
    if (now() < restUntil) {
      cb(new Error('rate-limit store: the database failed a moment ago, not asked'));
      return;
    }
    const at = new Date(now()).toISOString();
    o.db.query<{ hits: number; ttl: number }>(sql, sql === INCR ? [hashKey(key), at, timeWindow] : [hashKey(key), at]).then(
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
    incr: (key, cb, timeWindow) => run(INCR, prefix + key, cb, timeWindow),
    read: (key, cb, timeWindow) => run(READ, prefix + key, cb, timeWindow),
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
