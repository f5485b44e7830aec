import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app.js';
import { DEMO_PATRONATO_PROVINCES, seedDemoUsers } from '../../src/users/demo-users.js';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { seedDemoPatronati } from '../../src/patronati/index.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases)('the demo patronati on $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
    await seedDemo(db);
    await seedDemoUsers(db, defaultIdentitySettings().secrets);
  });
  afterAll(async () => db.close());

  it('two per province, each with a local office and an operator; a number per province; once', async () => {
    expect(await seedDemoPatronati(db)).toBe(2 * DEMO_PATRONATO_PROVINCES.length);
    expect(await seedDemoPatronati(db)).toBe(0);
    const perProvince = await db.query<{ code: string; n: number; operators: number }>(
      `SELECT o.province_code AS code, count(DISTINCT p.id)::int AS n, count(DISTINCT u.id)::int AS operators
         FROM patronato p JOIN patronato_office o ON o.patronato_id = p.id LEFT JOIN staff_user u ON u.patronato_id = p.id
        GROUP BY o.province_code ORDER BY o.province_code`);
    expect(perProvince.rows.map((r) => r.code)).toEqual([...DEMO_PATRONATO_PROVINCES].sort());
    for (const r of perProvince.rows) expect([r.n, r.operators]).toEqual([2, r.code === 'MI' ? 3 : 2]);
    const lines = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM patronato_line');
    expect(lines.rows[0]!.n).toBe(DEMO_PATRONATO_PROVINCES.length);
    const shares = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM desk WHERE patronato_percent > 0');
    expect(shares.rows[0]!.n).toBeGreaterThan(0);
  });
});
