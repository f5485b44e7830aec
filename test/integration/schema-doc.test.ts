// docs/schema.sql is the schema the migrations make today: a migration without
// `npm run schema:doc` fails here, so the readable schema never lies.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, POSTGRES_TEMPLATE_ENV } from '../support/databases.js';
import { dumpSchema } from '../support/schema-dump.js';

describe('docs/schema.sql', () => {
  const made: { drop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const d of made) await d.drop();
  });

  it('is the schema after every migration (npm run schema:doc rewrites it)', async (ctx) => {
    const template = process.env[POSTGRES_TEMPLATE_ENV];
    if (!template) return ctx.skip(); // TEST_DATABASE_URL=none: no server to dump
    const db = await createPostgresDatabase(template);
    made.push(db);
    const doc = readFileSync(new URL('../../docs/schema.sql', import.meta.url), 'utf8');
    const now = dumpSchema(db.url);
    expect(now === doc, 'docs/schema.sql is out of date: run `npm run schema:doc`').toBe(true);
    expect(now).toContain('CREATE FUNCTION public.claim_place');
  });
});
