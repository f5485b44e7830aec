// npm run api:types — write web/src/api/schema.d.ts from the server's OpenAPI document.
import { writeFileSync } from 'node:fs';
import { migrate } from '../src/storage/migrate.js';
import { openPglite } from '../src/storage/pglite.js';
import { API_TYPES_FILE, apiTypes } from './api-types.js';

const db = await openPglite();
try {
  await migrate(db);
  writeFileSync(API_TYPES_FILE, await apiTypes(db));
  console.log('web/src/api/schema.d.ts written');
} finally {
  await db.close();
}
