import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { problemOf, sendProblem, sentProblemCode } from '../platform/problem.js';
import type { Db } from '../storage/db.js';
import { operationsMetrics, type OperationsSources } from './operations-metrics.js';

export interface MetricsOptions {
  db: Db;
  /** METRICS_TOKEN: `Authorization: Bearer …` from addresses other than loopback; none = only loopback. */
  token?: string | undefined;
  /**
   * Booking history steps are counted once they are this many seconds old (default 10): a step
   * written by a transaction still open when /metrics is read is not skipped for ever.
   */
  eventsSettleSeconds?: number | undefined;
  /** Operations (docs/operations.md "Metrics"): the booking batches, the read route (replica lag, pools), the jobs' runs. */
  operations?: OperationsSources | undefined;
}

const BOOKING_CREATED = new Set(['POST /api/bookings', 'POST /api/staff/bookings']);
const BOOKING_CANCELLED = new Set(['POST /api/bookings/cancel', 'POST /api/staff/bookings/:code/cancel']);
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Loopback without a proxy in between, or the bearer token. */
function mayRead(req: FastifyRequest, token: string | undefined): 'yes' | 'no' | 'hidden' {
  const direct = LOOPBACK.has(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined;
  if (direct) return 'yes';
  if (!token) return 'hidden';
  const got = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(got);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b) ? 'yes' : 'no';
}

/**
 * Prometheus metrics at `GET /metrics` (one registry per server): HTTP requests by route and
 * status (count and latency), bookings created and cancelled (successful answers of the
 * booking routes), every step of bookings' history by kind (from the database, any path),
 * problems answered by code, the notification queue by state, calls in progress, and the
 * process's own metrics. Hooks on the root instance (fastify-plugin).
 */
export const metricsPlugin = fp<MetricsOptions>(async (app: FastifyInstance, o) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sportello_' });
  const requests = new Counter({ name: 'sportello_http_requests_total', help: 'HTTP requests answered, by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'sportello_http_request_duration_seconds', help: 'Time to answer HTTP requests, by route and status', labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
  });
  const bookings = new Counter({ name: 'sportello_bookings_total', help: 'Bookings created or cancelled through the API', labelNames: ['event'], registers: [registry] });
  // Every step of bookings' history, whatever wrote it (public API, reception, staff, waitlist,
  // sweeper, calendar changes, calls): read from booking_event by id, past the last one counted.
  const settle = o.eventsSettleSeconds ?? 10;
  let lastSeen: string | null = null;
  let reading: Promise<void> = Promise.resolve();
  const readEvents = async (counter: Counter<'kind'>) => {
    if (lastSeen === null) return;
    const r = await o.db.query<{ kind: string; n: number; last: string }>(
      `SELECT kind, count(*)::int AS n, max(id)::text AS last FROM booking_event
        WHERE id > $1::bigint AND at <= clock_timestamp() - make_interval(secs => $2) GROUP BY kind`,
      [lastSeen, settle],
    );
    for (const x of r.rows) {
      counter.inc({ kind: x.kind }, x.n);
      if (BigInt(x.last) > BigInt(lastSeen)) lastSeen = x.last;
    }
  };
  new Counter({
    name: 'sportello_booking_events_total',
    help: `Steps written to bookings' history (held, booked, cancelled, moved, expired, call steps…) by any path since this process started, by kind (counted ${settle} s after they are written)`,
    labelNames: ['kind'], registers: [registry],
    async collect() {
      // One reading at a time: two scrapes at once must not count the same steps twice.
      reading = reading.then(() => readEvents(this), () => readEvents(this));
      await reading;
    },
  });
  app.addHook('onReady', async () => {
    lastSeen = (await o.db.query<{ id: string }>('SELECT COALESCE(max(id), 0)::text AS id FROM booking_event')).rows[0]!.id;
  });
  const errors = new Counter({ name: 'sportello_errors_total', help: 'Problems answered (application/problem+json), by route and code', labelNames: ['route', 'status', 'code'], registers: [registry] });
  new Gauge({
    name: 'sportello_notification_jobs', help: 'Notification jobs by channel and state (queue depth: pending; dead letters: dead, undeliverable)',
    labelNames: ['channel', 'state'], registers: [registry],
    async collect() {
      this.reset();
      const r = await o.db.query<{ channel: string; state: string; n: number }>(
        `SELECT channel, state, count(*)::int AS n FROM notification_job
          WHERE state IN ('pending', 'claimed', 'sending', 'dead', 'undeliverable') GROUP BY 1, 2`,
      );
      for (const x of r.rows) this.set({ channel: x.channel, state: x.state }, x.n);
    },
  });
  new Gauge({
    name: 'sportello_calls_in_progress', help: 'Calls requested, ringing or answered right now', registers: [registry],
    async collect() {
      const r = await o.db.query<{ n: number }>("SELECT count(*)::int AS n FROM call WHERE state IN ('requested', 'ringing', 'answered')");
      this.set(r.rows[0]!.n);
    },
  });

  if (o.operations) {
    const stop = operationsMetrics(registry, o.db, o.operations);
    app.addHook('onClose', async () => stop());
  }

  const started = new WeakMap<FastifyRequest, bigint>();
  app.addHook('onRequest', async (req) => {
    started.set(req, process.hrtime.bigint());
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (reply.statusCode >= 400 && type.includes('problem+json') && typeof payload === 'string') {
      const code = sentProblemCode(reply) ?? (() => {
        try {
          return String((JSON.parse(payload) as { code?: unknown }).code ?? 'unknown');
        } catch {
          return 'unknown';
        }
      })();
      errors.inc({ route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode), code });
    }
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    requests.inc(labels);
    const t0 = started.get(req);
    if (t0 !== undefined) latency.observe(labels, Number(process.hrtime.bigint() - t0) / 1e9);
    const key = `${req.method} ${route}`;
    if (reply.statusCode < 300 && reply.statusCode >= 200) {
      if (BOOKING_CREATED.has(key)) bookings.inc({ event: 'created' });
      if (BOOKING_CANCELLED.has(key)) bookings.inc({ event: 'cancelled' });
    }
  });

  app.get('/metrics', { config: { policy: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const access = mayRead(req, o.token);
    if (access === 'hidden') return sendProblem(reply, problemOf(404, 'not_found', { it: 'Risorsa non trovata.', en: 'Resource not found.' }));
    if (access === 'no') {
      reply.header('WWW-Authenticate', 'Bearer');
      return sendProblem(reply, problemOf(401, 'metrics_token_required', { it: 'Serve il token delle metriche.', en: 'The metrics token is required.' }));
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
}, { name: 'sportello-metrics' });
