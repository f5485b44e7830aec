// A read replica (issue 22 §3): with DATABASE_REPLICA_URL the public catalogue (and the URP
// dashboard's history and exports) are read on a real streaming replica (a PostgreSQL 15 cluster
// of the test's own, made with pg_basebackup); its lag is in /metrics; reads go back to the
// primary when the replica is too far behind or stops. PostgreSQL only: PGlite has no replica.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { migrate } from '../../src/storage/migrate.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { startOwnPostgres, startReplica, type OwnPostgres } from '../support/own-postgres.js';
import { createTestDesk } from '../support/test-desk.js';
import { identitySettingsFromConfig } from '../../src/auth/settings.js';
import { createStaff, sessionCookie } from './identity-support.js';

const MAX_LAG = 3;

/** One sample's value in Prometheus text (labels as written), or null when absent. */
function sample(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : null;
}

describe('a streaming read replica', () => {
  let primary: OwnPostgres;
  let replica: OwnPostgres;
  let app: RunningApp;
  let deskId: string;
  let onPrimary: pg.Client;
  let onReplica: pg.Client;
  let urp: Record<string, string>;

  beforeAll(async () => {
    primary = await startOwnPostgres();
    const db = await openPostgres(primary.url(), 2);
    try {
      await migrate(db);
      ({ deskId } = await createTestDesk(db, { code: 'RR01', places: 2 }));
      await db.query(`UPDATE desk SET name_it = 'Prima' WHERE id = $1`, [deskId]);
    } finally {
      await db.close();
    }
    replica = await startReplica(primary);
    const config = loadConfig({
      DATABASE_URL: primary.url(), DATABASE_REPLICA_URL: replica.url(), REPLICA_CHECK_SECONDS: '0.2', REPLICA_MAX_LAG_SECONDS: String(MAX_LAG),
      PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', WEB_ROOT: '/nonexistent', MONITORING_ALERT_MINUTES: '1', NOTIFY_WORKER: 'false',
    } as NodeJS.ProcessEnv);
    app = await startApp(config, { demo: false, logger: false });
    const userId = await createStaff(app.db, { username: 'urp.replica', grants: [{ role: 'urp_monitor', scope: { kind: 'region', code: 'LOM' } }] });
    const session = await sessionCookie(app.db, identitySettingsFromConfig(config), { userId });
    urp = { cookie: session.cookie, 'x-csrf-token': session.csrf };
    onPrimary = new pg.Client(primary.url());
    onReplica = new pg.Client(replica.url());
    await onPrimary.connect();
    await onReplica.connect();
  }, 120_000);
  afterAll(async () => {
    await onPrimary?.end().catch(() => undefined);
    await onReplica?.end().catch(() => undefined);
    await app?.close();
    await replica?.close();
    await primary?.close();
  });

  const metrics = async () => (await fetch(`${app.url}/metrics`)).text();
  const lag = (m: string, unit: 'seconds' | 'bytes') => sample(m, `sportello_replica_lag_${unit}{replica="127.0.0.1:${replica.port}"}`);
  const deskName = async () => {
    const r = await fetch(`${app.url}/api/desks/${deskId}`);
    expect(r.status).toBe(200);
    return ((await r.json()) as { name: { it: string } | string }).name;
  };
  const nameIt = async () => {
    const n = await deskName();
    return typeof n === 'string' ? n : n.it;
  };
  const served = async (side: 'replica' | 'primary') => sample(await metrics(), `sportello_replica_reads_total{served_by="${side}"}`) ?? 0;
  const caughtUp = async () => {
    await expect.poll(async () => {
      const m = await metrics();
      return [sample(m, 'sportello_replica_in_use'), lag(m, 'seconds')];
    }, { timeout: 15_000 }).toEqual([1, 0]);
  };

  it('reads the catalogue on the replica: a write it has not replayed is not seen; too far behind, the primary answers', async () => {
    await caughtUp();
    const before = await served('replica');
    expect(await nameIt()).toBe('Prima');
    expect(await served('replica')).toBeGreaterThan(before);
    // The URP dashboard's history and its export, too (a past range: nothing here depends on today).
    for (const path of ['history?', 'export?table=history&format=csv&']) {
      const was = await served('replica');
      const r = await fetch(`${app.url}/api/monitoring/${path}scope=desk:${deskId}&from=2026-03-02&to=2026-03-06&granularity=day`, { headers: urp });
      expect(r.status, await r.text()).toBe(200);
      expect(await served('replica')).toBeGreaterThan(was);
    }

    // Replay paused on the replica: a new write on the primary is not there yet.
    await onReplica.query('SELECT pg_wal_replay_pause()');
    await onPrimary.query(`UPDATE desk SET name_it = 'Dopo' WHERE id = $1`, [deskId]);
    expect(await nameIt()).toBe('Prima');

    // The lag grows past the bound: /metrics shows it, and the reads go to the primary.
    await expect.poll(async () => lag(await metrics(), 'seconds') ?? 0, { timeout: 15_000 }).toBeGreaterThan(MAX_LAG);
    const m = await metrics();
    expect(sample(m, 'sportello_replica_in_use')).toBe(0);
    expect(sample(m, 'sportello_replica_up')).toBe(1);
    expect(lag(m, 'bytes')).toBeGreaterThan(0);
    const fromPrimary = await served('primary');
    expect(await nameIt()).toBe('Dopo');
    expect(await served('primary')).toBeGreaterThan(fromPrimary);

    // Replay resumed: caught up, the replica serves again (and has the write).
    await onReplica.query('SELECT pg_wal_replay_resume()');
    await caughtUp();
    const again = await served('replica');
    expect(await nameIt()).toBe('Dopo');
    expect(await served('replica')).toBeGreaterThan(again);
  }, 60_000);

  it('shows the pools and the scheduled jobs in /metrics', async () => {
    await expect.poll(async () => sample(await metrics(), 'sportello_job_runs_total{job="monitoring",outcome="ok"}') ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const m = await metrics();
    expect(sample(m, 'sportello_job_last_run_timestamp_seconds{job="monitoring"}')).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(sample(m, 'sportello_job_last_duration_seconds{job="monitoring"}')).toBeGreaterThanOrEqual(0);
    expect(sample(m, 'sportello_db_pool_connections{database="primary",state="max"}')).toBe(20);
    expect(sample(m, 'sportello_db_pool_connections{database="primary",state="total"}')).toBeGreaterThanOrEqual(1);
    expect(sample(m, 'sportello_db_pool_connections{database="replica",state="total"}')).toBeGreaterThanOrEqual(1);
  });

  it('sends the reads to the primary at once when the replica stops', async () => {
    await caughtUp();
    await onReplica.query('SELECT pg_wal_replay_pause()');
    await onPrimary.query(`UPDATE desk SET name_it = 'Ancora' WHERE id = $1`, [deskId]);
    expect(await nameIt()).toBe('Dopo'); // still the replica
    await onReplica.end();
    await replica.stop('fast');
    expect(await nameIt()).toBe('Ancora');
    await expect.poll(async () => sample(await metrics(), 'sportello_replica_up'), { timeout: 15_000 }).toBe(0);
    const m = await metrics();
    expect(sample(m, 'sportello_replica_in_use')).toBe(0);
    expect(lag(m, 'seconds')).toBeNull();
  }, 60_000);
});
