import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';

/**
 * The per-contact limit's counts (booking_limit_per_contact, migration 0016) run on every
 * confirmation. Their plans are made by plpgsql once per connection, often when booking has no
 * statistics (a table growing from nothing on a release morning; autovacuum off in CI): each
 * count must then still be one probe of its own index, never a scan of all active bookings
 * through the other contact's index (migration 0030: the regression of bench:surge).
 */
const COUNT = {
  phone: "SELECT count(*) FROM booking WHERE phone = $1 AND status = 'booked' AND source = 'web' AND starts_at > now() AND id <> $2",
  email: "SELECT count(*) FROM booking WHERE email = $1 AND status = 'booked' AND source = 'web' AND starts_at > now() AND id <> $2",
};

/** The generic plan (the one plpgsql keeps) of `sql`, as EXPLAIN's JSON. */
async function genericPlan(db: Db, name: string, sql: string): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL plan_cache_mode = force_generic_plan');
    await tx.query(`PREPARE ${name}(text, uuid) AS ${sql}`);
    try {
      const r = await tx.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) EXECUTE ${name}('+393331234567', gen_random_uuid())`);
      return JSON.stringify(r.rows[0]!['QUERY PLAN']);
    } finally {
      await tx.query(`DEALLOCATE ${name}`);
    }
  });
}

describe.each(testDatabases)('the per-contact counts on $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => db.close());

  it('probe their own index with no statistics on booking', async () => {
    const phone = await genericPlan(db, 'count_phone', COUNT.phone);
    expect(phone).toContain('"Index Name":"booking_phone_active_idx"');
    expect(phone).toMatch(/"Index Cond":"\(phone = \$1\)"/);
    const email = await genericPlan(db, 'count_email', COUNT.email);
    expect(email).toContain('"Index Name":"booking_email_active_idx"');
    expect(email).toMatch(/"Index Cond":"\(email = \$1\)"/);
  });
});
