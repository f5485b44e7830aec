// Several instances on one database: scheduled jobs take turns (job leases), desk calendar
// changes reach every instance (LISTEN/NOTIFY), and a stopping instance drains within a bound.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { releaseJobTurns, takeJobTurn } from '../../src/platform/job-lease.js';
import { listenChannel } from '../../src/platform/pg-listener.js';
import type { Db } from '../../src/storage/db.js';
import { createPostgresDatabase, POSTGRES_TEMPLATE_ENV, testDatabases } from '../support/databases.js';
import { createTestDesk } from '../support/test-desk.js';
import { openSlots } from '../support/surge-people.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { defaultIdentitySettings, type IdentitySettings } from '../../src/auth/settings.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each(testDatabases)('job leases on $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => db.close());

  it('gives a job to one holder at a time; it renews; another takes it once it lapsed or was released', async () => {
    expect(await takeJobTurn(db, 'lease-test', 60_000, 'a')).toBe(true);
    expect(await takeJobTurn(db, 'lease-test', 60_000, 'b')).toBe(false);
    expect(await takeJobTurn(db, 'lease-test', 60_000, 'a')).toBe(true);
    await db.query(`UPDATE job_lease SET until = now() - interval '1 second' WHERE job = 'lease-test'`);
    expect(await takeJobTurn(db, 'lease-test', 60_000, 'b')).toBe(true);
    expect(await takeJobTurn(db, 'lease-test', 60_000, 'a')).toBe(false);
    await releaseJobTurns(db, 'b');
    expect(await takeJobTurn(db, 'lease-test', 60_000, 'a')).toBe(true);
    const row = (await db.query<{ holder: string; runs: number }>(`SELECT holder, runs FROM job_lease WHERE job = 'lease-test'`)).rows[0]!;
    expect(row.holder).toBe('a');
  });

  it('refuses a malformed job name in the database', async () => {
    await expect(takeJobTurn(db, 'Bad Name; DROP', 1000, 'a')).rejects.toThrow();
  });
});

describe('several instances on one PostgreSQL', () => {
  let created: { url: string; drop(): Promise<void> };
  const instances: RunningApp[] = [];
  beforeAll(async () => {
    created = await createPostgresDatabase(process.env[POSTGRES_TEMPLATE_ENV]);
  });
  afterAll(async () => {
    for (const i of instances) await i.close().catch(() => undefined);
    await created.drop();
  });

  const config = (extra: Record<string, string> = {}) =>
    loadConfig({ DATABASE_URL: created.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', WEB_ROOT: '/nonexistent', MONITORING_ALERT_MINUTES: '0', NOTIFY_WORKER: 'false', ...extra } as NodeJS.ProcessEnv);

  it('takes the job turn exactly once among instances that ask at the same moment', async () => {
    const { openPostgres } = await import('../../src/storage/postgres.js');
    const db = await openPostgres(created.url, 20);
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => takeJobTurn(db, 'race', 60_000, `instance-${i}`)));
      expect(answers.filter(Boolean)).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it("tells every instance at once when a desk's calendar changes", async () => {
    const got: string[] = [];
    const listener = await listenChannel(created.url, 'sportello_calendar', (p) => got.push(p));
    const { openPostgres } = await import('../../src/storage/postgres.js');
    const db = await openPostgres(created.url, 2);
    try {
      const { deskId } = await createTestDesk(db, { slotMinutes: 10 });
      // A change that moves no slot (the desk's name) is not a calendar change; a new slot length is.
      await db.query(`UPDATE desk SET name_it = 'Prova 2' WHERE id = $1`, [deskId]);
      await db.query(`UPDATE desk SET slot_minutes = 12 WHERE id = $1`, [deskId]);
      await expect.poll(() => got, { timeout: 10_000 }).toEqual([deskId]);
    } finally {
      await listener.close();
      await db.close();
    }
  });

  it('stops gracefully: readiness 503 at once, then closes within its grace even with a request stuck in flight', async () => {
    const app = await startApp(config({ SHUTDOWN_DELAY_SECONDS: '1', SHUTDOWN_GRACE_SECONDS: '1' }), { demo: false, logger: false });
    instances.push(app);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    // A client that sent half a request and never the rest: the server cannot finish it.
    const port = Number(new URL(app.url).port);
    const stuck = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => stuck.once('connect', () => resolve()));
    stuck.write('POST /api/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    const closed = new Promise<void>((resolve) => stuck.once('close', () => resolve()));
    const stopping = app.close();
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()) as { code: string }).toMatchObject({ code: 'instance_stopping' });
    await stopping;
    await closed;
    await expect(fetch(`${app.url}/readyz`)).rejects.toThrow();
    instances.pop();
  });
});

/** Tomorrow in Rome: the test desks are open every day 08:00–18:00, so its slots are all ahead. */
function tomorrowInRome(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

describe('per-address limits shared through PostgreSQL (no REDIS_URL)', () => {
  let created: { url: string; drop(): Promise<void> };
  let deskId: string;
  const instances: RunningApp[] = [];
  beforeAll(async () => {
    created = await createPostgresDatabase(process.env[POSTGRES_TEMPLATE_ENV]);
    const { openPostgres } = await import('../../src/storage/postgres.js');
    const db = await openPostgres(created.url, 2);
    try {
      deskId = (await createTestDesk(db, { slotMinutes: 10 })).deskId;
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    for (const i of instances) await i.close().catch(() => undefined);
    await created.drop();
  });

  const config = (extra: Record<string, string> = {}) =>
    loadConfig({
      DATABASE_URL: created.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', WEB_ROOT: '/nonexistent', MONITORING_ALERT_MINUTES: '0', NOTIFY_WORKER: 'false',
      HOLD_CHALLENGES_PER_MINUTE: '6', HOLD_RATE_PER_MINUTE: '4',
      // Holds without the proof of work and without the live-hold limits (counted in PostgreSQL in any case): only their rate is tested.
      HOLD_CHALLENGE: 'false', HOLDS_PER_ADDRESS: '0', HOLDS_PER_SESSION: '0', ...extra,
    } as NodeJS.ProcessEnv);

  async function spread(urls: string[], address: string): Promise<{ challenges: number; holds: number; confirmations: number }> {
    let challenges = 0;
    let holds = 0;
    let confirmations = 0;
    // One client (X-Forwarded-For: the instances trust their loopback proxy) spreads over the instances:
    // 18 challenges (valid requests, counted before they are answered) and 24 invalid confirmations.
    for (let i = 0; i < 18; i++) {
      const res = await fetch(`${urls[i % urls.length]}/api/desks/${deskId}/challenge`, { headers: { 'x-forwarded-for': address } });
      await res.arrayBuffer();
      if (res.status === 200) challenges++;
      else expect(res.status).toBe(429);
    }
    // 12 holds on 12 slots (valid requests, counted before they are answered).
    const { slots } = await openSlots(urls[0]!, deskId, tomorrowInRome());
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${urls[i % urls.length]}/api/desks/${deskId}/holds`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ start: slots[i + (address.endsWith('7') ? 0 : 20)], channel: 'phone' }),
      });
      await res.arrayBuffer();
      if (res.status === 201) holds++;
      else expect(res.status).toBe(429);
    }
    for (let i = 0; i < 24; i++) {
      const res = await fetch(`${urls[i % urls.length]}/api/bookings`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: '{}' });
      await res.arrayBuffer();
      if (res.status !== 429) confirmations++;
    }
    return { challenges, holds, confirmations };
  }

  it('three instances count one client together: refused after max in total, not max per instance', async () => {
    for (let i = 0; i < 3; i++) instances.push(await startApp(config(), { demo: false, logger: false }));
    const got = await spread(instances.map((i) => i.url), '198.51.100.7');
    expect(got.challenges).toBe(6); // HOLD_CHALLENGES_PER_MINUTE, exactly: each is counted before it is answered
    expect(got.holds).toBe(4); // HOLD_RATE_PER_MINUTE, exactly
    // A route's own limit (config.rateLimit: staff sign-in, 20 a minute per address) is shared the same way.
    const urls = instances.map((i) => i.url);
    let signIns = 0;
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${urls[i % 3]}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.9' }, body: JSON.stringify({ username: `nobody${i}`, password: 'not the password' }),
      });
      await res.arrayBuffer();
      if (res.status !== 429) signIns++;
    }
    expect(signIns).toBe(20);
    // BOOKING_RATE_PER_MINUTE (10): an invalid request is counted when answered, so each instance
    // answers at most one more before it sees the shared count over the limit.
    expect(got.confirmations).toBeGreaterThanOrEqual(10);
    expect(got.confirmations).toBeLessThanOrEqual(13);
  });

  it('with SHARED_LIMITS=memory each instance counts alone (what the shared store is for)', async () => {
    const alone: RunningApp[] = [];
    for (let i = 0; i < 3; i++) alone.push(await startApp(config({ SHARED_LIMITS: 'memory' }), { demo: false, logger: false }));
    instances.push(...alone);
    const got = await spread(alone.map((i) => i.url), '198.51.100.8');
    expect(got.challenges).toBe(18);
    expect(got.holds).toBe(12);
    expect(got.confirmations).toBe(24);
  });
});

describe('per-address limits shared through Redis (REDIS_URL)', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  async function refusalsAcross(identity: () => IdentitySettings): Promise<{ passed: number; refused: number }> {
    const a = await startTestServer({ identity: identity() });
    const b = await startTestServer({ identity: identity() });
    servers.push(a, b);
    let passed = 0;
    let refused = 0;
    // One client spreads its confirmations over two instances: 24 invalid ones (each counted).
    for (let i = 0; i < 24; i++) {
      const res = await fetch(`${(i % 2 ? a : b).url}/api/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await res.arrayBuffer();
      if (res.status === 429) refused++;
      else passed++;
    }
    return { passed, refused };
  }

  it('counts one client once across instances: no more turns than against one', async () => {
    const prefix = `sportello-test-${randomUUID()}:`;
    const shared = await refusalsAcross(() => defaultIdentitySettings({ sharedLimits: { redisUrl: REDIS_URL, prefix } }));
    // BOOKING_RATE_PER_MINUTE's default is 10: an invalid request is counted when answered, so
    // each instance answers at most one more before it sees the shared count over the limit.
    expect(shared.passed).toBeGreaterThanOrEqual(10);
    expect(shared.passed).toBeLessThanOrEqual(12);
  });

  it('without Redis each instance counts alone (what REDIS_URL is for)', async () => {
    const alone = await refusalsAcross(() => defaultIdentitySettings());
    expect(alone.passed).toBe(22); // 10 + 1 on each instance
  });
});
