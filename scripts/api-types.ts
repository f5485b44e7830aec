// The web app's API types (web/src/api/schema.d.ts), generated from the server's own
// OpenAPI document: `npm run api:types` (scripts/write-api-types.ts) writes them and
// test/integration/api-types.test.ts fails when the committed file is out of date.
import { randomBytes } from 'node:crypto';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { buildServer } from '../src/http/server.js';
import type { Db } from '../src/storage/db.js';

export const API_TYPES_FILE = new URL('../web/src/api/schema.d.ts', import.meta.url);

const HEADER = '// Generated from /api/openapi.json by `npm run api:types` (scripts/write-api-types.ts): do not edit.\n\n';

/** The OpenAPI document the server serves at /api/openapi.json (built in-process on a migrated `db`, never listening). */
export async function openApiDocument(db: Db): Promise<OpenAPI3> {
  const app = await buildServer({ db, secret: randomBytes(32) });
  try {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    if (response.statusCode !== 200) throw new Error(`/api/openapi.json answered ${response.statusCode}`);
    return response.json<OpenAPI3>();
  } finally {
    await app.close();
  }
}

/** The TypeScript declarations of that document (`paths`, `components`, `operations`), keys in alphabetical order. */
export async function apiTypes(db: Db): Promise<string> {
  return HEADER + astToString(await openapiTS(await openApiDocument(db), { alphabetize: true }));
}
