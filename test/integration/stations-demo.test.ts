// The demo's municipal stations (docs/stations.md "Demo data"): so that a newcomer can try a
// station booking and the kiosk on one machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app.js';
import { seedDemoStations } from '../../src/stations/index.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';

describe('the demo stations', () => {
  let db: Db;
  beforeAll(async () => {
    db = await testDatabases[0]!.open();
    await seedDemo(db);
  });
  afterAll(async () => db.close());

  it('two in Como province, on a Como desk that offers video, with opening hours; once; video on other desks too', async () => {
    expect(await seedDemoStations(db)).toBe(2);
    expect(await seedDemoStations(db)).toBe(0);
    const r = await db.query<{ comune: string; province: string; office: string; channels: string[]; intervals: number }>(
      `SELECT s.comune, s.province_code AS province, o.code AS office, d.channels,
              (SELECT count(*)::int FROM station_hours h WHERE h.station_id = s.id) AS intervals
         FROM station s JOIN desk d ON d.id = s.desk_id JOIN office o ON o.id = s.office_id ORDER BY s.comune`);
    expect(r.rows.map((x) => [x.comune, x.province, x.office])).toEqual([['Cernobbio', 'CO', 'CO01'], ['Menaggio', 'CO', 'CO01']]);
    for (const x of r.rows) {
      expect(x.channels).toContain('video');
      expect(x.intervals).toBeGreaterThan(1);
    }
    const video = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM desk WHERE 'video' = ANY(channels)");
    expect(video.rows[0]!.n).toBeGreaterThanOrEqual(2);
  });
});
