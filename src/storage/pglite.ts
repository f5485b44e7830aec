import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { Db, Isolation, Queryable, QueryResult } from './db.js';

const parsers = {
  [types.DATE]: (v: string) => v,
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => Number(v),
};

function wrap(q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

/**
 * Embedded PostgreSQL. dataDir undefined = in memory (tests).
 * One process per data folder: PGlite does not share a folder between processes.
 */
/** The embedded database, which can also be copied whole (tests clone one migrated copy). */
export interface PgliteDb extends Db {
  dumpDataDir(): Promise<Blob>;
}

export async function openPglite(dataDir?: string, options: { loadDataDir?: Blob } = {}): Promise<PgliteDb> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { btree_gist, unaccent },
    parsers,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: { isolation?: Isolation }): Promise<T> {
      return pg.transaction(async (tx) => {
        if (options?.isolation) await tx.query(`SET TRANSACTION ISOLATION LEVEL ${options.isolation}`);
        return fn(wrap(tx));
      });
    },
    exec: base.exec,
    async close() {
      await pg.close();
    },
    async listen(channel, fn) {
      return pg.listen(channel, fn);
    },
    async dumpDataDir() {
      return pg.dumpDataDir('none');
    },
  };
}
