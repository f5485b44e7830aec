// The notification kinds are written in two places that must agree: kinds.ts (the code) and the
// CHECK constraints of the queue and the templates (the database). Branches that each add a kind
// redefine those constraints; this test fails when the two lists drift apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../src/notifications/kinds.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases)('notification kinds on $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => db.close());

  it.each(['notification_job', 'notification_template'])('%s accepts exactly the kinds of kinds.ts', async (table) => {
    const defs = (await db.query<{ def: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
        WHERE c.conrelid = $1::regclass AND c.contype = 'c' AND pg_get_constraintdef(c.oid) LIKE '%kind%'`,
      [table],
    )).rows;
    expect(defs).toHaveLength(1);
    const inDatabase = [...defs[0]!.def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort();
    expect(inDatabase).toEqual([...NOTIFICATION_KINDS].sort());
  });
});
