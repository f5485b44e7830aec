import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app.js';
import { seedDemoUsers } from '../../src/users/demo-users.js';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { seedDemoActivity } from '../../src/monitoring/seed-demo-activity.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases)('demo activity on $name', (database) => {
  let db: Db;
  const now = Date.parse('2026-11-26T10:00:00Z');
  beforeAll(async () => {
    db = await database.open();
    await seedDemo(db);
    await seedDemoUsers(db, defaultIdentitySettings().secrets);
  }, 120_000);
  afterAll(async () => db?.close());

  it('fills past slots only, consistently, and adds nothing the second time', async () => {
    const first = await seedDemoActivity(db, { days: 3, now, offices: ['MI01', 'CO01'] });
    expect(first.bookings).toBeGreaterThan(50);
    expect(first.contacts).toBeGreaterThan(0);
    expect(first.refusals).toBeGreaterThan(0);
    const r = await db.query<{ future: number; booked: number; cancelled: number; assignments: number; resolved: number; no_answer: number; calls: number; overfull: number; contacts: number; refusals: number; futureRefusals: number }>(
      `SELECT (SELECT count(*)::int FROM booking WHERE ends_at > $1) AS future,
              (SELECT count(*)::int FROM booking WHERE status = 'booked') AS booked,
              (SELECT count(*)::int FROM booking WHERE status = 'cancelled') AS cancelled,
              (SELECT count(*)::int FROM call_assignment) AS assignments,
              (SELECT count(*)::int FROM call_assignment WHERE outcome = 'resolved') AS resolved,
              (SELECT count(*)::int FROM call_assignment WHERE outcome = 'no_answer') AS no_answer,
              (SELECT count(*)::int FROM call) AS calls,
              (SELECT count(*)::int FROM slot WHERE taken > capacity) AS overfull,
              (SELECT count(*)::int FROM reception_contact) AS contacts,
              (SELECT COALESCE(sum(refusals), 0)::int FROM desk_refusal_day) AS refusals,
              (SELECT count(*)::int FROM desk_refusal_day WHERE day >= ($1::timestamptz AT TIME ZONE 'Europe/Rome')::date) AS "futureRefusals"`,
      [new Date(now)],
    );
    const x = r.rows[0]!;
    expect(x.future).toBe(0);
    expect(x.booked + x.cancelled).toBe(first.bookings);
    expect(x.cancelled).toBe(first.cancelled);
    expect(x.assignments).toBe(x.booked);
    expect(x.resolved).toBe(first.resolved);
    expect(x.no_answer).toBe(first.noAnswer);
    expect(x.calls).toBe(first.calls);
    expect(x.contacts).toBe(first.contacts);
    // Refusals only on the past days filled, none today or ahead.
    expect(x.refusals).toBe(first.refusals);
    expect(x.futureRefusals).toBe(0);
    const again = await seedDemoActivity(db, { days: 3, now, offices: ['MI01', 'CO01'] });
    expect(again).toEqual({ bookings: 0, cancelled: 0, resolved: 0, noAnswer: 0, calls: 0, contacts: 0, refusals: 0 });
  }, 120_000);
});
