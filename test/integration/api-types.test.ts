// web/src/api/schema.d.ts is the API the server documents today: a route or response schema
// changed without `npm run api:types` fails here, so the web app's types never lie.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypes } from '../../scripts/api-types.js';
import { testDatabases } from '../support/databases.js';

describe('web/src/api/schema.d.ts', () => {
  it('is generated from the OpenAPI document the server serves (npm run api:types rewrites it)', async () => {
    const db = await testDatabases[0]!.open();
    try {
      const now = await apiTypes(db);
      const committed = readFileSync(API_TYPES_FILE, 'utf8');
      expect(now === committed, 'web/src/api/schema.d.ts is out of date: run `npm run api:types`').toBe(true);
      expect(now).toContain('"/api/bookings"');
    } finally {
      await db.close();
    }
  });
});
