// Three instances (real server processes) on one PostgreSQL behind a real HAProxy (issue 22 §2):
// the release-morning surge through the proxy, a rolling restart during a surge, kill -9 of one
// instance during a surge, and the per-address limits across instances (REDIS_URL). PostgreSQL
// only: PGlite is one process. Bounded: small surges (bench/cluster.ts runs the big one).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/db.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { CLUSTER_AUTH_SECRET, startCluster, type Cluster } from '../support/cluster.js';
import { Secrets } from '../../src/platform/crypto.js';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { openStream } from '../support/sse.js';
import { createStaff, sessionCookie } from './identity-support.js';
import { createPostgresDatabase, POSTGRES_TEMPLATE_ENV } from '../support/databases.js';
import { checkDesk, newTally, openSlots, personClient, runSurge } from '../support/surge-people.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Tomorrow in Rome: the test desks are open every day 08:00–18:00, so the slots from then on are all ahead. */
function tomorrow(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

describe('three instances behind HAProxy on one PostgreSQL', () => {
  let created: { url: string; drop(): Promise<void> };
  let db: Db;
  let cluster: Cluster;
  const day = tomorrow();

  beforeAll(async () => {
    created = await createPostgresDatabase(process.env[POSTGRES_TEMPLATE_ENV]);
    db = await openPostgres(created.url, 4);
    cluster = await startCluster(created.url, {
      REDIS_URL,
      // The proof of work is off (its cost is the client's CPU, not what is tested); every other
      // fair-access limit keeps its default: each person comes from an address of their own.
      HOLD_CHALLENGE: 'false',
      DB_POOL_SIZE: '8',
      // The URP stream's own timer out of the way: a push within the test came by a booking's event.
      MONITORING_PUSH_SECONDS: '300',
    });
  }, 420_000);
  afterAll(async () => {
    await cluster?.close();
    await db?.close();
    await created?.drop();
  });

  it('the release-morning surge through the proxy: exactly the free places booked, none over, no 5xx', async () => {
    const { deskId } = await createTestDesk(db, { code: 'CL01', slotMinutes: 10, places: 2 });
    const { slots, places } = await openSlots(cluster.proxy.url, deskId, day);
    expect(places).toBe(120); // 60 slots of 2 places
    const tally = newTally();
    await runSurge({ base: cluster.proxy.url, deskId, slots, concurrency: 24, firstPerson: 0, retries: 0, tally, maxPeople: 1_000 });
    const stored = await checkDesk(db, deskId);
    expect(tally.errors).toEqual({});
    expect(tally.refused).toEqual({});
    expect(tally.fiveXX + tally.failed).toBe(0);
    expect(tally.booked).toBe(places);
    expect(stored).toMatchObject({ booked: places, people: places, overbooked: 0, drift: 0 });
    expect(stored.codes).toEqual(tally.acknowledged);
  }, 240_000);

  it('a rolling restart of all three during a surge: no client request fails', async () => {
    const { deskId } = await createTestDesk(db, { code: 'CL02', slotMinutes: 10, places: 30 });
    const { slots } = await openSlots(cluster.proxy.url, deskId, day);
    const tally = newTally();
    let restarting = true;
    const restarted: string[] = [];
    const surge = runSurge({ base: cluster.proxy.url, deskId, slots, concurrency: 6, firstPerson: 2_000, retries: 0, tally, stop: () => !restarting });
    const pids = cluster.instances.map((i) => i.pid());
    try {
      await cluster.rollingRestart((i) => restarted.push(i.name));
    } finally {
      restarting = false;
    }
    await surge;
    expect(restarted).toEqual(['a', 'b', 'c']);
    expect(cluster.instances.map((i) => i.pid()).filter((p, k) => p !== pids[k])).toHaveLength(3);
    expect(tally.errors).toEqual({});
    expect(tally.fiveXX + tally.failed).toBe(0);
    expect(tally.booked).toBeGreaterThan(20); // the surge really ran through the restarts
    const stored = await checkDesk(db, deskId);
    expect(stored).toMatchObject({ booked: tally.booked, overbooked: 0, drift: 0 });
    expect(stored.codes).toEqual(tally.acknowledged);
  }, 420_000);

  it('kill -9 of one instance during a surge: every acknowledged booking is there; a retry with the same Idempotency-Key gets the first answer', async () => {
    const { deskId } = await createTestDesk(db, { code: 'CL03', slotMinutes: 10, places: 3 });
 const { slots, places } = await openSlots(cluster.proxy.url, deskId, day);
    expect(places).toBe(180);
    const tally = newTally();
    const b = cluster.instances[1]!;
    const surge = runSurge({ base: cluster.proxy.url, deskId, slots, concurrency: 16, firstPerson: 5_000, retries: 5, tally, maxPeople: 2_000 });
    // Killed once a fifth of the places are gone: mid-surge, with requests in flight on it.
    const poll = async (): Promise<void> => {
      while (tally.booked < places / 5) await new Promise((r) => setTimeout(r, 20));
    };
    await poll();
    await b.kill9();
    expect(b.running()).toBe(false);
    await surge;
    await b.start();
    const stored = await checkDesk(db, deskId);
    // Every acknowledged booking is stored, and every stored booking was acknowledged to its
    // person (clients retried until they had an answer): the same booking code on both sides.
    expect(stored.codes).toEqual(tally.acknowledged);
    expect(stored).toMatchObject({ overbooked: 0, drift: 0 });
    // Every place is booked, or still held by a hold the killed instance wrote but never answered
    // (its client got no answer, retried and held another place): such a hold lapses by itself
    // after the hold time and gives its place back, so at most one per hold request that failed.
    const failedHolds = Object.entries(tally.errors).filter(([k]) => k.startsWith('hold ')).reduce((n, [, v]) => n + v, 0);
    expect(stored.booked + stored.held).toBe(places);
    expect(stored.held).toBeLessThanOrEqual(failedHolds);
    // Whatever failed on the killed instance was retried (by the proxy, or the client).
    for (const taxCode of tally.retriedBooked) expect(stored.codes.get(taxCode)).toBe(tally.acknowledged.get(taxCode));
    // After the kill, every client that sends its confirmation again with the same Idempotency-Key
    // (as one whose answer was lost would) gets its first answer, replayed from the database by
    // whichever instance it reaches — those first answered by the killed instance too — never a second booking.
    expect(tally.confirmations.size).toBe(tally.booked);
    for (const [taxCode, sent] of tally.confirmations) {
      const person = personClient(cluster.proxy.url, sent.address);
      try {
        const again = await person.request('POST', '/api/bookings', sent.body, { 'idempotency-key': sent.key });
        expect([again.status, again.headers['idempotent-replayed'], again.body?.booking?.code]).toEqual([201, 'true', tally.acknowledged.get(taxCode)]);
      } finally {
        await person.close();
      }
    }
    expect((await checkDesk(db, deskId)).codes).toEqual(tally.acknowledged);
  }, 420_000);

  it('the per-address limits hold across the three instances (HOLDS_PER_ADDRESS, BOOKING_RATE_PER_MINUTE through Redis)', async () => {
    const { deskId } = await createTestDesk(db, { code: 'CL04', slotMinutes: 10, places: 5 });
    const { slots } = await openSlots(cluster.proxy.url, deskId, day);
    const attacker = personClient(cluster.proxy.url, '127.9.9.9');
    try {
      // Ten holds on ten slots, spread by the proxy over the three instances: two live holds at most.
      const holds = [];
      for (let i = 0; i < 10; i++) holds.push(await attacker.request('POST', `/api/desks/${deskId}/holds`, { start: slots[i], channel: 'phone' }));
      expect(holds.filter((h) => h.status === 201)).toHaveLength(2);
      expect(holds.every((h) => h.status === 201 || h.status === 429)).toBe(true);
      // 24 confirmations from one address (invalid ones, each counted): 10 a minute, shared through Redis
      // (each instance may answer one more before it sees the shared count: at most 10 + 3).
      let passed = 0;
      for (let i = 0; i < 24; i++) {
        const r = await attacker.request('POST', '/api/bookings', {}, { 'idempotency-key': randomUUID() });
        if (r.status !== 429) passed++;
      }
      expect(passed).toBeGreaterThanOrEqual(10);
      expect(passed).toBeLessThanOrEqual(13);
    } finally {
      await attacker.close();
    }
  }, 60_000);

  it('a booking made through instance A reaches the URP dashboard open on instance B at once (its stream pushes every 300 s otherwise)', async () => {
    const { deskId } = await createTestDesk(db, { code: 'CL05', slotMinutes: 10, places: 2 });
    const { slots } = await openSlots(cluster.proxy.url, deskId, day);
    const settings = defaultIdentitySettings({ secrets: new Secrets(CLUSTER_AUTH_SECRET) });
    const userId = await createStaff(db, { username: 'cluster.urp', grants: [{ role: 'urp_monitor', scope: { kind: 'office', code: 'CL05' } }], settings });
    const { cookie } = await sessionCookie(db, settings, { userId });
    const [a, b] = cluster.instances;
    const urp = await openStream(`${b!.url}/api/monitoring/live/stream?scope=desk:${deskId}`, { cookie });
    const person = personClient(a!.url, '127.3.0.1');
    try {
      await urp.next((e) => e.event === 'figures'); // the first, at once
      const seen = urp.events.length;
      const hold = await person.request('POST', `/api/desks/${deskId}/holds`, { start: slots[0], channel: 'phone' });
      expect(hold.status).toBe(201);
      const body = { hold: { id: hold.body.holdId, token: hold.body.holdToken }, taxCode: taxCodeFor(9_900), fullName: 'Persona Live', phone: '+39 333 9900000', channel: 'phone', language: 'it', consent: true };
      const book = await person.request('POST', '/api/bookings', body, { 'idempotency-key': randomUUID() });
      expect(book.status).toBe(201);
      await urp.next((e) => e.event === 'figures', seen);
    } finally {
      urp.close();
      await person.close();
    }
  }, 60_000);
});
