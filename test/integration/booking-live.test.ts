// Bookings reach the live streams of every instance (issue 22 §1): a booking made, cancelled
// or lapsed through instance A is seen by an operator console and a URP dashboard connected to
// instance B — on PostgreSQL two instances on one database (the trigger's NOTIFY, one LISTEN
// connection per instance), on PGlite one process (the embedded database's own listen).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app.js';
import { holdPlace } from '../../src/booking/hold-place.js';
import { sweep } from '../../src/booking/sweep.js';
import type { Db } from '../../src/storage/db.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { createPostgresDatabase, POSTGRES_TEMPLATE_ENV, testDatabases } from '../support/databases.js';
import { openStream, type Sse } from '../support/sse.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { operatorOf, staffClient, startCallsServer, todayAt, type CallsServer, type Client } from './calls-support.js';

describe.each(testDatabases)('bookings on the live streams of every instance ($name)', (database) => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  const dbs: Db[] = [];
  let a: CallsServer;
  let b: CallsServer;
  let staffA: Client;
  let console: Sse;
  let urp: Sse;

  beforeAll(async () => {
    // The URP stream's own timer is out of the way (300 s): what reaches it within the test came by the booking's event.
    const monitoring = { pushSeconds: 300 };
    if (database.name === 'postgres') {
      created = await createPostgresDatabase(process.env[POSTGRES_TEMPLATE_ENV]);
      const dbA = await openPostgres(created.url, 5);
      dbs.push(dbA);
      await seedDemo(dbA);
      await createTestDesk(dbA, { code: 'TT01', slotMinutes: 10, places: 2, minNoticeMinutes: 0 });
      a = await startCallsServer(database, { db: dbA, calls: { listenUrl: created.url }, monitoring });
      const dbB = await openPostgres(created.url, 5);
      dbs.push(dbB);
      b = await startCallsServer(database, { db: dbB, calls: { listenUrl: created.url }, monitoring });
    } else {
      a = b = await startCallsServer(database, { monitoring });
    }
    staffA = await staffClient(a, 'live.booker', operatorOf());
    const operatorB = await staffClient(b, 'live.console', operatorOf());
    const monitorB = await staffClient(b, 'live.urp', [{ role: 'urp_monitor', scope: { kind: 'office', code: 'TT01' } }]);
    console = await openStream(`${b.url}/api/staff/operator/events`, { cookie: operatorB.cookie });
    urp = await openStream(`${b.url}/api/monitoring/live/stream?scope=desk:${b.deskId}`, { cookie: monitorB.cookie });
    await urp.next((e) => e.event === 'figures'); // the first figures, at once
  });
  afterAll(async () => {
    console?.close();
    urp?.close();
    await a?.close();
    if (b !== a) await b?.close();
    for (const db of dbs) await db.close();
    await created?.drop();
  });

  const bookingEvents = (from: number) => console.events.slice(from).filter((e) => e.data.type === 'booking');
  const booked = (e: { data: any }) => e.data.figures?.booked as number;

  it('a booking made through A reaches the console and the URP dashboard on B; its cancellation too', async () => {
    const c0 = console.events.length;
    const u0 = urp.events.length;
    const before = booked(urp.events.at(-1)!);
    const made = await staffA.send('POST', '/api/staff/bookings', {
      deskId: a.deskId, start: new Date(todayAt(11)).toISOString(),
      taxCode: taxCodeFor(9101), fullName: 'Maria Live', phone: '+393331234567', channel: 'phone', language: 'it', consent: true,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const seen = await console.next((e) => e.event === 'change' && e.data.type === 'booking', c0);
    expect(seen.data).toEqual({ type: 'booking', deskId: a.deskId, day: new Date(todayAt(12)).toLocaleDateString('sv-SE', { timeZone: 'Europe/Rome' }) });
    await urp.next((e) => e.event === 'figures' && booked(e) === before + 1, u0);

    const c1 = console.events.length;
    const u1 = urp.events.length;
    const cancelled = await staffA.send('POST', `/api/staff/bookings/${made.body.booking.code}/cancel`, { reason: 'prova' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await console.next((e) => e.data.type === 'booking', c1);
    await urp.next((e) => e.event === 'figures' && booked(e) === before, u1);
    // Each change once: the creation's event was not repeated (one instance heard it once, and sent it once).
    expect(bookingEvents(c0).length).toBe(2);
  });

  it('a hold lapsed by the sweeper on A reaches the console on B; a new hold sends nothing', async () => {
    const c0 = console.events.length;
    const hold = await holdPlace(a.booking, { deskId: a.deskId, startMs: todayAt(12), channel: 'phone' });
    a.clock.now = Date.parse(hold.expiresAt) + 1000;
    expect((await sweep(a.booking)).expired).toBe(1);
    await console.next((e) => e.data.type === 'booking', c0);
    // One event: the expiry; the hold itself sent none.
    expect(bookingEvents(c0)).toHaveLength(1);
  });
});
