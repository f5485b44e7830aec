// Vitest globalSetup of the suites that open databases: migrate one PGlite and one
// PostgreSQL database once per run, and let every test file clone them instead of
// running every migration again (databases.ts reads the two environment variables).
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../src/storage/migrate.js';
import { openPglite } from '../../src/storage/pglite.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { ADMIN_URL, PGLITE_TEMPLATE_ENV, POSTGRES_TEMPLATE_ENV, withDatabase } from './databases.js';

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  const id = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const file = join(tmpdir(), `sportello-pglite-template-${id}.tar`);
  const embedded = await openPglite();
  await migrate(embedded);
  writeFileSync(file, Buffer.from(await (await embedded.dumpDataDir()).arrayBuffer()));
  await embedded.close();
  process.env[PGLITE_TEMPLATE_ENV] = file;

  let template: string | undefined;
  if (process.env.TEST_DATABASE_URL !== 'none') {
    template = `sportello_template_${id}`;
    await adminQuery(`CREATE DATABASE ${template}`);
    const db = await openPostgres(withDatabase(ADMIN_URL, template), 2);
    await migrate(db);
    await db.close();
    process.env[POSTGRES_TEMPLATE_ENV] = template;
  }

  return async () => {
    rmSync(file, { force: true });
    if (template) await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}
