import pg from 'pg';
import type { Db, Isolation, Queryable, QueryResult } from './db.js';

// Same value shapes as the PGlite driver: dates as 'YYYY-MM-DD', bigint counts as numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const r = await client.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** A real PostgreSQL server through a connection pool. */
export async function openPostgres(connectionString: string, poolSize = 20): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: poolSize, application_name: 'sportello' });
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
    async close() {
      await pool.end();
    },
  };
}
