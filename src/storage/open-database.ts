import type { Db } from './db.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export interface DatabaseOptions {
  /** postgres://… — a real server. When absent, the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; undefined with no databaseUrl = in memory. */
  dataDir?: string | undefined;
  poolSize?: number | undefined;
  /** Connections kept open when idle (PostgreSQL only). */
  poolMin?: number | undefined;
  /** Longest wait for a connection (PostgreSQL only), then the query fails (answered 503). */
  connectTimeoutMs?: number | undefined;
}

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize, options.poolMin, undefined, options.connectTimeoutMs);
  return openPglite(options.dataDir);
}
