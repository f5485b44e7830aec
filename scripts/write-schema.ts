// npm run schema:doc — migrate a new PostgreSQL database and write its schema to docs/schema.sql.
import { writeFileSync } from 'node:fs';
import { createPostgresDatabase } from '../test/support/databases.js';
import { dumpSchema } from '../test/support/schema-dump.js';
import { migrate } from '../src/storage/migrate.js';
import { openPostgres } from '../src/storage/postgres.js';

const target = await createPostgresDatabase();
try {
  const db = await openPostgres(target.url, 2);
  await migrate(db);
  await db.close();
  writeFileSync(new URL('../docs/schema.sql', import.meta.url), dumpSchema(target.url));
  console.log('docs/schema.sql written');
} finally {
  await target.drop();
}
