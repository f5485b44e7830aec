import pg from 'pg';
import type { Db, Isolation, Queryable, QueryResult } from './db.js';

// Same value shapes as the PGlite driver: dates as 'YYYY-MM-DD', bigint counts as numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));

/**
 * Statements with parameters are prepared once per connection (a named statement) and then
 * only bound and executed: the hot paths (a hold, a confirmation, an availability read) are
 * the same few texts over and over, and parsing and planning them every time cost as much as
 * running them. Texts beyond the first PREPARED_MAX seen are sent unnamed, so SQL built at
 * run time cannot fill the server's memory with statements.
 */
const PREPARED_MAX = 1_000;
const preparedNames = new Map<string, string>();

function statementName(sql: string): string | undefined {
  let name = preparedNames.get(sql);
  if (name === undefined && preparedNames.size < PREPARED_MAX) {
    name = `s${preparedNames.size + 1}`;
    preparedNames.set(sql, name);
  }
  return name;
}

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      // Without parameters the simple protocol runs (it allows several statements in one text).
      const name = params.length ? statementName(sql) : undefined;
      const r = name
        ? await client.query({ name, text: sql, values: params as unknown[] })
        : await client.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/**
 * A real PostgreSQL server through a connection pool of at most `poolSize` connections. Idle
 * connections close after 10 s, down to `poolMin`: those stay open with their prepared
 * statements and compiled functions (DB_POOL_MIN — a release morning's first seconds then do
 * not open and warm up new backends).
 */
export async function openPostgres(connectionString: string, poolSize = 20, poolMin = 0, idleTimeoutMs = 10_000, connectTimeoutMs = 0): Promise<Db> {
  // connectTimeoutMs (DB_CONNECT_TIMEOUT_SECONDS in the server; 0 = no bound): how long a query
  // may wait for a connection — a new one, or a free one of a full pool — before it fails.
  const pool = new pg.Pool({
    connectionString, max: poolSize, min: Math.min(poolMin, poolSize), idleTimeoutMillis: idleTimeoutMs,
    connectionTimeoutMillis: connectTimeoutMs, application_name: 'sportello',
  });
  pool.on('error', () => {
    /* an idle client died (server restart): the pool replaces it */
  });
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: { isolation?: Isolation }): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query(options?.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation}` : 'BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    exec: base.exec,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    async close() {
      await pool.end();
    },
  };
}
