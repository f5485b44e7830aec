// The drawer's demo data: written through the use cases at past times, so a newcomer sees
// consultants' companies and requests in every state after `npm start`.
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app.js';
import { seedDemoDrawer } from '../../src/drawer/index.js';
import { seedDemoUsers } from '../../src/users/demo-users.js';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { romeTime, workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases)('drawer demo data on $name', (database) => {
  it('gives the demo consultants companies and requests in every state, once', async () => {
    const db = await database.open();
    try {
      await seedDemo(db);
      await seedDemoUsers(db, defaultIdentitySettings().secrets);
      const now = romeTime(workingDay(), 9);
      expect(await seedDemoDrawer(db, now)).toBe(6);
      expect(await seedDemoDrawer(db, now)).toBe(0);
      const states = await db.query<{ state: string; n: number; overdue: number }>(
        'SELECT state, count(*)::int AS n, count(*) FILTER (WHERE due_at < $1)::int AS overdue FROM drawer_thread GROUP BY state ORDER BY state', [new Date(now)]);
      expect(states.rows.map((r) => r.state)).toEqual(['closed', 'in_charge', 'open']);
      expect(states.rows.find((r) => r.state === 'open')!.overdue).toBe(1);
      const consultants = await db.query<{ username: string; n: number }>(
        `SELECT u.username, count(*)::int AS n FROM drawer_delegation g JOIN staff_user u ON u.id = g.consultant_id GROUP BY u.username ORDER BY u.username`);
      expect(consultants.rows).toEqual([{ username: 'consulente.bianchi', n: 1 }, { username: 'consulente.milano', n: 3 }]);
      const notes = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM drawer_message WHERE internal');
      expect(notes.rows[0]!.n).toBe(1);
      // Protocol numbers follow registration times.
      const order = await db.query<{ protocol: string }>('SELECT protocol FROM drawer_thread ORDER BY registered_at');
      expect(order.rows.map((r) => r.protocol)).toEqual([...order.rows.map((r) => r.protocol)].sort((a, b) => a.slice(-11).localeCompare(b.slice(-11))));
      const docs = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM drawer_attachment');
      expect(docs.rows[0]!.n).toBe(2);
    } finally {
      await db.close();
    }
  }, 120_000);
});
