/**
 * The one database port used by every repository. Two implementations:
 * PGlite (embedded PostgreSQL, default) and node-postgres (a real server via DATABASE_URL).
 * Repositories write plain SQL that runs on PostgreSQL 15 and on PGlite.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements (migrations). No parameters. */
  exec(sql: string): Promise<void>;
}

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn inside one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: { isolation?: Isolation }): Promise<T>;
  close(): Promise<void>;
  /**
   * Notifications of a channel in this process (the embedded database: its own NOTIFYs, after
   * their commit); absent on PostgreSQL, where a LISTEN connection of its own is used
   * (src/platform/pg-listener.ts). Resolves to the function that stops listening.
   */
  listen?(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;

  /** A server's connection pool right now (PostgreSQL only; /metrics). */
  poolStats?(): PoolStats;
}

export interface PoolStats {
  /** Connections open, of them idle, requests waiting for one, and the pool's bound. */
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/** PostgreSQL error code of a driver error, e.g. '23505' for a unique violation. */
export function pgErrorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; cause?: { code?: unknown } };
    if (typeof e.code === 'string') return e.code;
    if (e.cause && typeof e.cause.code === 'string') return e.cause.code;
  }
  return undefined;
}

/** Name of the violated constraint, when the driver reports it. */
export function pgConstraint(err: unknown): string | undefined {
  if (err && typeof err === 'object') {
    const e = err as { constraint?: unknown };
    if (typeof e.constraint === 'string') return e.constraint;
  }
  return undefined;
}

/** Node's socket errors that mean the database server cannot be reached (or went away). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether an error says the database is not available right now (a restart, a fail-over, a
 * network cut) rather than that the statement was wrong: PostgreSQL's class 08 (connection
 * exception) and 57P01–57P03 (shut down by the administrator, crash, cannot connect now), the
 * socket errors above, and node-postgres's own messages for a connection lost or a pool that
 * could not connect in time. Answered 503 with Retry-After, never 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code = pgErrorCode(err);
  if (code && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || UNREACHABLE.has(code))) return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly|the database system is (starting up|shutting down|in recovery mode)/i.test(message);
}
