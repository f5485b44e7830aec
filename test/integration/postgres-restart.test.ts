// The server survives a PostgreSQL restart under load without being restarted itself (issue 22
// §3): while the database is down every request gets an answer at once — 503 problem+json
// `database_unavailable` with Retry-After — never a hang and never a 500; once it is back the
// pool serves again. On a PostgreSQL cluster of the test's own (the shared one is never restarted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { migrate } from '../../src/storage/migrate.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';
import { openSlots } from '../support/surge-people.js';
import { createTestDesk } from '../support/test-desk.js';

interface Seen { status: number; code?: string; retryAfter: string | null; type: string | null; ms: number }

describe('a PostgreSQL restart under load', () => {
  let pg: OwnPostgres;
  let app: RunningApp;
  let deskId: string;

  beforeAll(async () => {
    pg = await startOwnPostgres();
    const db = await openPostgres(pg.url(), 2);
    try {
      await migrate(db);
      ({ deskId } = await createTestDesk(db, { code: 'PR01', places: 50 }));
    } finally {
      await db.close();
    }
    app = await startApp(loadConfig({
      DATABASE_URL: pg.url(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', WEB_ROOT: '/nonexistent',
      MONITORING_ALERT_MINUTES: '0', NOTIFY_WORKER: 'false', HOLD_CHALLENGE: 'false', HOLDS_PER_ADDRESS: '0', HOLDS_PER_SESSION: '0',
      HOLD_RATE_PER_MINUTE: '0', DB_POOL_SIZE: '5', DB_POOL_MIN: '5', DB_CONNECT_TIMEOUT_SECONDS: '3',
    } as NodeJS.ProcessEnv), { demo: false, logger: false });
  }, 120_000);
  afterAll(async () => {
    if (!pg.running()) await pg.start().catch(() => undefined);
    await app?.close();
    await pg?.close();
  });

  async function ask(path: string, init?: RequestInit): Promise<Seen> {
    const t0 = performance.now();
    // A hang is a failure: no answer in 10 s (the connection timeout is 3 s) aborts and is seen as status 0.
    try {
      const r = await fetch(`${app.url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
      const body = (await r.json().catch(() => null)) as { code?: string } | null;
      return { status: r.status, code: body?.code, retryAfter: r.headers.get('retry-after'), type: r.headers.get('content-type'), ms: performance.now() - t0 };
    } catch {
      return { status: 0, retryAfter: null, type: null, ms: performance.now() - t0 };
    }
  }
  const hold = (start: string) => ask(`/api/desks/${deskId}/holds`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ start, channel: 'phone' }),
  });

  it('answers 503 with Retry-After while the database is down, never hangs, and serves again once it is back', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const { slots: starts } = await openSlots(app.url, deskId, tomorrow);
    expect(starts.length).toBeGreaterThan(10);
    expect((await hold(starts[0]!)).status).toBe(201);

    // Load: eight clients holding places and asking readiness, all through the restart.
    const seen: Seen[] = [];
    let running = true;
    let k = 1;
    const client = async () => {
      while (running) {
        seen.push(await hold(starts[k++ % starts.length]!));
        seen.push(await ask('/readyz'));
      }
    };
    const clients = Array.from({ length: 8 }, client);
    const okBefore = () => seen.filter((s) => s.status === 201).length;
    while (okBefore() < 20) await new Promise((r) => setTimeout(r, 20));

    await pg.stop('fast'); // every session ended, new connections refused
    const whileDown = seen.length;
    // While it is down: answers keep coming, each 503 database_unavailable with Retry-After.
    while (seen.length < whileDown + 40) await new Promise((r) => setTimeout(r, 20));
    const down = seen.slice(whileDown + 16); // past those already in flight at the stop
    await pg.start();
    const back = seen.length;
    // The pool recovers by itself: holds succeed again.
    while (seen.slice(back).filter((s) => s.status === 201).length < 10) await new Promise((r) => setTimeout(r, 20));
    running = false;
    await Promise.all(clients);

    expect(seen.filter((s) => s.status === 0)).toEqual([]); // no hang, no dropped connection
    expect(seen.filter((s) => s.status >= 500 && !(s.status === 503 && s.code === 'database_unavailable'))).toEqual([]);
    expect(down.length).toBeGreaterThan(0);
    for (const s of down) {
      expect(s).toMatchObject({ status: 503, code: 'database_unavailable' });
      expect(s.type).toContain('application/problem+json');
      expect(s.retryAfter).toBe('5');
    }
    expect(Math.max(...down.map((s) => s.ms))).toBeLessThan(5_000);
    expect((await ask('/readyz')).status).toBe(200);
  }, 120_000);
});
