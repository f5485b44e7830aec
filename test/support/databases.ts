import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Db } from '../../src/storage/db.js';
import { migrate } from '../../src/storage/migrate.js';
import { openPglite } from '../../src/storage/pglite.js';
import { openPostgres } from '../../src/storage/postgres.js';

/**
 * The integration suite runs on both databases: the embedded PGlite and a real PostgreSQL
 * server (TEST_DATABASE_URL, default the local server). Each opened database is new and
 * migrated; a PostgreSQL one is a fresh database dropped at close. PostgreSQL is required:
 * when it is down the suite fails. Only TEST_DATABASE_URL=none leaves it out, on purpose.
 */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(options?: { migrate?: boolean }): Promise<Db>;
}

/** Set by database-templates.ts (the suites' globalSetup): one migrated copy of each database. */
export const PGLITE_TEMPLATE_ENV = 'SPORTELLO_TEST_PGLITE_TEMPLATE';
export const POSTGRES_TEMPLATE_ENV = 'SPORTELLO_TEST_POSTGRES_TEMPLATE';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A new database on the server; a copy of `template` when given (nobody may be connected to it). */
export async function createPostgresDatabase(template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sportello_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(ADMIN_URL, name),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

const pglite: TestDatabase = {
  name: 'pglite',
  async open(options) {
    const template = process.env[PGLITE_TEMPLATE_ENV];
    if (template && options?.migrate !== false) {
      return openPglite(undefined, { loadDataDir: new Blob([readFileSync(template)]) });
    }
    const db = await openPglite();
    if (options?.migrate !== false) await migrate(db);
    return db;
  },
};

const postgres: TestDatabase = {
  name: 'postgres',
  async open(options) {
    const template = options?.migrate !== false ? process.env[POSTGRES_TEMPLATE_ENV] : undefined;
    const created = await createPostgresDatabase(template);
    const db = await openPostgres(created.url, 30);
    if (options?.migrate !== false && !template) await migrate(db);
    const close = db.close.bind(db);
    return Object.assign(db, {
      async close() {
        await close();
        await created.drop();
      },
    });
  },
};

export const testDatabases: TestDatabase[] = process.env.TEST_DATABASE_URL === 'none' ? [pglite] : [pglite, postgres];
