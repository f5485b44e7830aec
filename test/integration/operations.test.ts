// Operations kit (issue 22 §4), on both databases: /metrics shows the booking batches, the pool
// and the scheduled jobs' runs, and they move with activity; every request carries an id end to
// end (X-Request-Id accepted when well formed, echoed, in each log line and in problems).
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/platform/logging.js';
import { NotificationWorker } from '../../src/notifications/worker.js';
import { JobRuns } from '../../src/platform/job-runs.js';
import { holdHeaders } from '../support/challenge.js';
import { workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openSlots } from '../support/surge-people.js';
import { createTestDesk } from '../support/test-desk.js';

/** One sample's value in Prometheus text (labels as written), or null when absent. */
function sample(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A request written on the socket as is (fetch refuses some header values), and its raw answer. */
function rawGet(url: string, path: string, headerLines: string[]): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
    socket.write(Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\n${headerLines.map((h) => `${h}\r\n`).join('')}Connection: close\r\n\r\n`, 'latin1'));
  });
}

describe.each(testDatabases)('operations on $name', (database) => {
  let server: TestServer;
  const jobs = new JobRuns();
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ database, jobs, logger: { ...loggerOptions('info'), stream: { write: (line: string) => void logLines.push(line) } } });
  });
  afterAll(async () => server?.close());
  const metrics = async () => (await fetch(`${server.url}/metrics`)).text();

  it('/metrics: hold batches (sizes, waits, time) move with holds; the pool; the jobs run', async () => {
    const before = await metrics();
    const count = (m: string, name: string) => sample(m, `${name}_count{kind="hold"}`) ?? 0;
    const { deskId } = await createTestDesk(server.db, { code: 'OP01', places: 2 });
    const { slots } = await openSlots(server.url, deskId, workingDay(2));
    for (const [i, start] of slots.slice(0, 3).entries()) {
      const res = await fetch(`${server.url}/api/desks/${deskId}/holds`, {
        method: 'POST', headers: await holdHeaders(server.url, deskId, { address: `198.51.100.${i + 1}` }), body: JSON.stringify({ start, channel: 'phone' }),
      });
      expect(res.status, await res.text()).toBe(201);
    }
    const after = await metrics();
    expect(count(after, 'sportello_booking_batch_size') - count(before, 'sportello_booking_batch_size')).toBe(3);
    expect(count(after, 'sportello_booking_batch_wait_seconds') - count(before, 'sportello_booking_batch_wait_seconds')).toBe(3);
    expect(count(after, 'sportello_booking_batch_duration_seconds') - count(before, 'sportello_booking_batch_duration_seconds')).toBe(3);
    expect(sample(after, 'sportello_booking_batch_size_sum{kind="hold"}')! - (sample(before, 'sportello_booking_batch_size_sum{kind="hold"}') ?? 0)).toBe(3);
    expect(sample(after, 'sportello_booking_batch_duration_seconds_sum{kind="hold"}')).toBeGreaterThan(0);
    expect(sample(after, 'sportello_booking_batch_splits_total{kind="hold"}')).toBe(0);

    if (database.name === 'postgres') {
      expect(sample(after, 'sportello_db_pool_connections{database="primary",state="max"}')).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'sportello_db_pool_connections{database="primary",state="total"}')).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'sportello_db_pool_connections{database="primary",state="waiting"}')).toBeGreaterThanOrEqual(0); // present (queries of the scrape itself may be waiting for a new connection)
    } else {
      expect(after).not.toMatch(/^sportello_db_pool_connections\{/m); // the embedded database has no pool
    }
    expect(after).not.toMatch(/^sportello_replica_/m); // no replica configured

    // A scheduled job's runs: the notification worker's batches, counted as it runs.
    expect(sample(after, 'sportello_job_runs_total{job="notifications",outcome="ok"}')).toBeNull();
    const worker = new NotificationWorker({ db: server.db, adapters: {}, pollMs: 50, jobs });
    worker.start();
    try {
      await expect.poll(async () => sample(await metrics(), 'sportello_job_runs_total{job="notifications",outcome="ok"}') ?? 0).toBeGreaterThanOrEqual(3);
    } finally {
      await worker.stop();
    }
    const m = await metrics();
    expect(sample(m, 'sportello_job_runs_total{job="notifications",outcome="failed"}')).toBe(0);
    expect(sample(m, 'sportello_job_last_run_timestamp_seconds{job="notifications"}')).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(sample(m, 'sportello_job_last_duration_seconds{job="notifications"}')).toBeGreaterThan(0);
  });

  it('keeps a well-formed X-Request-Id: echoed, in every log line of the request, in its problem', async () => {
    const id = `op-test-${database.name}-7f3a`;
    const ok = await fetch(`${server.url}/api/provinces`, { headers: { 'x-request-id': id } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe(id);
    const mine = logLines.map((l) => JSON.parse(l) as { reqId?: string; msg?: string }).filter((l) => l.reqId === id);
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);

    const missing = await fetch(`${server.url}/api/desks/00000000-0000-4000-8000-000000000000`, { headers: { 'x-request-id': `${id}-404` } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe(`${id}-404`);
    expect((await missing.json()).requestId).toBe(`${id}-404`);

    // Without one, the server makes one; each request its own.
    const a = await fetch(`${server.url}/api/provinces`);
    const b = await fetch(`${server.url}/api/nowhere`);
    expect(a.headers.get('x-request-id')).toMatch(UUID);
    expect(b.headers.get('x-request-id')).toMatch(UUID);
    expect(b.headers.get('x-request-id')).not.toBe(a.headers.get('x-request-id'));
    expect((await b.json()).requestId).toBe(b.headers.get('x-request-id'));
  });

  it('replaces a hostile X-Request-Id (too long, spaces, markup, control characters), never echoes it', async () => {
    for (const hostile of ['x'.repeat(129), 'has space', '<script>alert(1)</script>', 'a"b', 'caf\u00e9']) {
      const raw = await rawGet(server.url, '/api/provinces', [`X-Request-Id: ${hostile}`]);
      expect(raw).toMatch(/^HTTP\/1\.1 200/);
      const echoed = /\r\nx-request-id: ([^\r]*)\r\n/i.exec(raw)?.[1];
      expect(echoed).toMatch(UUID);
      expect(logLines.some((l) => l.includes(JSON.stringify(hostile).slice(1, -1)))).toBe(false);
    }
    // A control character: Node's parser refuses the request itself (400 problem+json), nothing echoed.
    const raw = await rawGet(server.url, '/api/provinces', ['X-Request-Id: ab\u0001cd']);
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).not.toMatch(/x-request-id/i);
  });
});
