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
