// Live updates across instances: two servers on one PostgreSQL database; an operator's
// stream on instance A receives what happened on instance B (LISTEN/NOTIFY). On PGlite
// (one process) the bus is in-process, covered by calls-console.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/storage/postgres.js';
import { migrate } from '../../src/storage/migrate.js';
import type { Db } from '../../src/storage/db.js';
import { createPostgresDatabase, testDatabases } from '../support/databases.js';
import { bookToday, operatorOf, staffClient, startCallsServer, type CallsServer } from './calls-support.js';

const hasPostgres = testDatabases.some((d) => d.name === 'postgres');

describe.runIf(hasPostgres)('live updates across two instances (PostgreSQL LISTEN/NOTIFY)', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let dbA: Db;
  let dbB: Db;
  let a: CallsServer;
  let b: CallsServer;

  beforeAll(async () => {
    created = await createPostgresDatabase();
    dbA = await openPostgres(created.url, 5);
    await migrate(dbA);
    // Instance A prepares the data, then both serve it.
    a = await startCallsServer(testDatabases.find((d) => d.name === 'postgres')!, { db: await seeded(dbA), calls: { listenUrl: created.url } });
    dbB = await openPostgres(created.url, 5);
    b = await startCallsServer(testDatabases[0]!, { db: dbB, calls: { listenUrl: created.url } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dbA?.close();
    await dbB?.close();
    await created?.drop();
  });

  async function seeded(db: Db): Promise<Db> {
    const { seedDemo } = await import('../../src/app.js');
    const { createTestDesk } = await import('../support/test-desk.js');
    await seedDemo(db);
    await createTestDesk(db, { code: 'TT01', slotMinutes: 10, places: 2, minNoticeMinutes: 0 });
    return db;
  }

  it('an event on instance B reaches the stream of an operator connected to instance A', async () => {
    const opA = await staffClient(a, 'live.a', operatorOf());
    const opB = await staffClient(b, 'live.b', operatorOf());
    await bookToday(a, 4);
    await opA.send('POST', '/api/staff/operator/duty', { deskId: a.deskId, extension: '301' });
    expect((await opA.get('/api/staff/operator/events')).body).toMatchObject({ crossInstance: true });

    const ctrl = new AbortController();
    const res = await fetch(`${a.url}/api/staff/operator/events`, { headers: { cookie: opA.cookie, accept: 'text/event-stream' }, signal: ctrl.signal });
    const reader = res.body!.getReader();
    let text = '';
    let subscribed!: () => void;
    const open = new Promise<void>((r) => (subscribed = r));
    const got = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += new TextDecoder().decode(value);
        // The server subscribes to the bus in the same turn as it writes the stream's first line.
        if (text.includes('retry:')) subscribed();
        if (text.includes('event: change')) return text;
      }
    })();
    await open;
    // Instance B: a second operator signs on → A's operator loses half of the bookings.
    expect((await opB.send('POST', '/api/staff/operator/duty', { deskId: b.deskId, extension: '302' })).status).toBe(200);
    const stream = await Promise.race([got, new Promise<string>((r) => setTimeout(() => r(text), 5000))]);
    ctrl.abort();
    expect(stream).toContain('event: change');
    expect(stream).toContain(`"deskId":"${a.deskId}"`);
    expect((await opA.get('/api/staff/operator/agenda')).body.items).toHaveLength(2);
  });
});
