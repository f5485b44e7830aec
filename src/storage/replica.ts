import { isDatabaseUnavailable, pgErrorCode, type Db, type QueryResult } from './db.js';

export interface ReplicaSettings {
  /** How /metrics names it (host:port). */
  name?: string;
  /** Reads go back to the primary while the replica is further behind than this (REPLICA_MAX_LAG_SECONDS). */
  maxLagSeconds: number;
  /** How often the lag is measured (REPLICA_CHECK_SECONDS, in ms here). */
  checkMs: number;
  /** Told when the replica goes out of use or back into use. */
  log?: { warn(o: object, msg: string): void; info(o: object, msg: string): void } | undefined;
}

export interface ReplicaStatus {
  /** The replica answered the last check and is in recovery (a standby). */
  up: boolean;
  /** How far behind it is: seconds since the primary wrote the oldest WAL it has not replayed (0 when caught up), and bytes of WAL. */
  lagSeconds: number | null;
  lagBytes: number | null;
  /** Reads go to it: up and no further behind than the bound. */
  inUse: boolean;
}

/**
 * Where the reads that may be a little behind go (the URP dashboard's history and reports, its
 * exports, the public catalogue): `reads` is a Db that sends them to the replica while it is up
 * and within `maxLagSeconds`, and to the primary otherwise — also, at once, when a statement on
 * the replica finds it unreachable or is cancelled by a recovery conflict. Everything else, and
 * anything that must read its own writes, uses the primary directly.
 */
export interface ReadRoute {
  readonly reads: Db;
  readonly replicaConfigured: boolean;
  /** The replica's host:port (no credentials), as /metrics labels it; '' without one. */
  readonly name: string;
  /** The replica's own Db (its pool, for /metrics), when configured. */
  readonly replica?: Db;
  status(): ReplicaStatus;
  /** Statements sent by `reads` to each side since start. */
  readonly served: { replica: number; primary: number };
  /** Measures the lag now (also done every checkMs once started). */
  check(): Promise<ReplicaStatus>;
  start(): void;
  /** Stops the checks and closes the replica's pool (not the primary's). */
  close(): Promise<void>;
}

/** An LSN ('16/B374D848') as a number of bytes. */
export function lsnBytes(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** Errors of a statement on the replica after which it is tried on the primary. */
function replicaFailed(err: unknown): boolean {
  // 40001: cancelled by a conflict with recovery (the standby replays a change that needs the rows).
  return isDatabaseUnavailable(err) || pgErrorCode(err) === '40001';
}

/** Reads on the primary alone: no replica configured. */
export function primaryOnly(primary: Db): ReadRoute {
  const status = { up: false, lagSeconds: null, lagBytes: null, inUse: false };
  return {
    reads: primary, replicaConfigured: false, name: '', served: { replica: 0, primary: 0 },
    status: () => status, check: async () => status, start() {}, async close() {},
  };
}

/**
 * The lag is measured on WAL positions, which stays right when the primary is idle (a
 * timestamp of the last replayed transaction would grow while nothing happens): each check
 * notes the primary's position and when it was seen; the lag is the age of the oldest position
 * noted that the replica has not replayed yet (0 when it has replayed all of them).
 */
export function readRoute(primary: Db, replica: Db, settings: ReplicaSettings): ReadRoute {
  let status: ReplicaStatus = { up: false, lagSeconds: null, lagBytes: null, inUse: false };
  const served = { replica: 0, primary: 0 };
  const pending: { lsn: bigint; at: number }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<ReplicaStatus> | null = null;

  const set = (next: ReplicaStatus) => {
    if (next.inUse !== status.inUse) {
      settings.log?.[next.inUse ? 'info' : 'warn']({ replica: next }, next.inUse ? 'read replica in use' : 'read replica out of use: reads go to the primary');
    }
    status = next;
  };
  const down = () => set({ up: false, lagSeconds: null, lagBytes: null, inUse: false });

  const measure = async (): Promise<ReplicaStatus> => {
    let primaryAt: bigint;
    try {
      // The primary first: a replica read after it can only be further on.
      primaryAt = lsnBytes((await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn);
    } catch {
      return status; // the primary is out of reach: nothing to compare with (reads fail over to it anyway)
    }
    const seen = Date.now();
    let replayed: bigint;
    try {
      const r = await replica.query<{ recovery: boolean; replay: string | null }>(
        'SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replay',
      );
      const row = r.rows[0]!;
      if (!row.recovery || row.replay === null) {
        // Promoted, or not a standby at all: it no longer follows this primary.
        down();
        return status;
      }
      replayed = lsnBytes(row.replay);
    } catch {
      down();
      return status;
    }
    const last = pending[pending.length - 1];
    if (primaryAt > replayed && (!last || primaryAt > last.lsn) && pending.length < 100_000) pending.push({ lsn: primaryAt, at: seen });
    while (pending.length && pending[0]!.lsn <= replayed) pending.shift();
    const lagSeconds = pending.length ? (Date.now() - pending[0]!.at) / 1000 : 0;
    const lagBytes = primaryAt > replayed ? Number(primaryAt - replayed) : 0;
    set({ up: true, lagSeconds, lagBytes, inUse: lagSeconds <= settings.maxLagSeconds });
    return status;
  };

  const check = () => (checking ??= measure().finally(() => (checking = null)));

  const reads: Db = {
    kind: primary.kind,
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      if (status.inUse) {
        try {
          const r = await replica.query<T>(sql, params);
          served.replica++;
          return r;
        } catch (err) {
          if (!replicaFailed(err)) throw err;
          if (isDatabaseUnavailable(err)) down();
        }
      }
      served.primary++;
      return primary.query<T>(sql, params);
    },
    // Scripts and transactions are the primary's (a standby refuses writes and serializable transactions).
    exec: (sql) => primary.exec(sql),
    transaction: (fn, options) => primary.transaction(fn, options),
    async close() {},
  };

  return {
    reads, served, replicaConfigured: true, replica, name: settings.name ?? 'replica',
    status: () => status,
    check,
    start() {
      if (timer) return;
      timer = setInterval(() => void check(), settings.checkMs);
      timer.unref();
    },
    async close() {
      clearInterval(timer);
      timer = undefined;
      await checking?.catch(() => undefined);
      await replica.close();
    },
  };
}
