// confirm_hold and confirm_holds answer an outcome as text; the server reads it as a typed union
// (CONFIRM_OUTCOMES, src/booking/claim-batches.ts). This test reads the functions as the database
// has them now (they are redefined across migrations) and fails when one can answer an outcome
// the server does not know.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_OUTCOMES } from '../../src/booking/claim-batches.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases)('confirmation outcomes on $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => db.close());

  it('every outcome confirm_hold and confirm_holds can answer is one the server knows', async () => {
    const src = (await db.query<{ name: string; src: string }>(
      "SELECT proname AS name, prosrc AS src FROM pg_proc WHERE proname IN ('confirm_hold', 'confirm_holds')",
    )).rows;
    expect(src.map((r) => r.name).sort()).toEqual(['confirm_hold', 'confirm_holds']);
    const answered = new Set(src.flatMap((r) => [
      ...[...r.src.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]!),
      ...[...r.src.matchAll(/v_outcome\s*:=\s*'([a-z_]+)'/g)].map((m) => m[1]!),
    ]));
    expect(answered.size).toBeGreaterThan(5);
    for (const outcome of answered) expect(CONFIRM_OUTCOMES).toContain(outcome);
  });
});
