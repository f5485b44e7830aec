import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { importOffices, type ImportSummary } from './catalog/import-offices.js';
import { parseOfficeFile } from './catalog/parse-office-file.js';
import { buildServer } from './http/server.js';
import { fairAccessSettings, type Config } from './platform/config.js';
import { PROJECT_ROOT } from './platform/project-root.js';
import { releaseJobTurns, takeJobTurn } from './platform/job-lease.js';
import { listenChannel } from './platform/pg-listener.js';
import type { Db } from './storage/db.js';
import { migrate } from './storage/migrate.js';
import { openDatabase } from './storage/open-database.js';
import { openPostgres } from './storage/postgres.js';
import { primaryOnly, readRoute, type ReadRoute, type ReplicaSettings } from './storage/replica.js';
import { JobRuns } from './platform/job-runs.js';
import { AppError } from './domain/errors.js';
import { bookingDeps, deriveBookingSecret, setContactLimit } from './booking/deps.js';
import { waitlistToken } from './booking/secrets.js';
import { claimBatches } from './booking/claim-batches.js';
import { fairAccess } from './booking/fair-access.js';
import { sweep } from './booking/sweep.js';
import { seedDemoAnswers } from './reception/seed-demo-answers.js';
import { seedDemoActivity } from './monitoring/seed-demo-activity.js';
import { remindDeadlines, REMIND_EVERY_MS, seedDemoDrawer } from './drawer/index.js';
import { startMonitoringJob } from './monitoring/evaluate-alerts.js';
import { emailChannel } from './notifications/channels/email.js';
import { DEV_AUTH_SECRET, identitySettingsFromConfig } from './auth/settings.js';
import { assertProductionReady, demoAccounts, seedDemoUsers } from './users/demo-users.js';
import { seedDemoPatronati } from './patronati/index.js';
import { seedDemoStations } from './stations/index.js';
import { loggerOptions } from './platform/logging.js';
import { startNotificationWorker } from './notifications/settings.js';
import { videoSettingsFromConfig } from './adapters/video/settings.js';
import { databaseStore, s3Store, type DocumentStore } from './documents/index.js';

/** Relative to this file: data/ beside src/, or dist/data/ beside dist/server/ (copied by the build). */
export const DEMO_FILE = fileURLToPath(new URL('../data/demo/lombardia-offices.json', import.meta.url));
export const DEFAULT_WEB_ROOT = join(PROJECT_ROOT, 'dist', 'web') + sep;

export async function openAndMigrate(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DB_POOL_SIZE' | 'DB_POOL_MIN'> & Partial<Pick<Config, 'DB_CONNECT_TIMEOUT_SECONDS'>>): Promise<{ db: Db; applied: string[] }> {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE, poolMin: config.DB_POOL_MIN, connectTimeoutMs: (config.DB_CONNECT_TIMEOUT_SECONDS ?? 0) * 1000 });
  try {
    return { db, applied: await migrate(db) };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/**
 * The read replica (DATABASE_REPLICA_URL, PostgreSQL only): its own pool, connections given up
 * after 3 s at most (its reads then go to the primary), and a first lag check before serving.
 */
export async function openReadRoute(primary: Db, config: Pick<Config, 'DATABASE_URL' | 'DATABASE_REPLICA_URL' | 'REPLICA_MAX_LAG_SECONDS' | 'REPLICA_CHECK_SECONDS' | 'DB_POOL_SIZE' | 'DB_CONNECT_TIMEOUT_SECONDS'>, log?: ReplicaSettings['log']): Promise<ReadRoute> {
  if (!config.DATABASE_REPLICA_URL) return primaryOnly(primary);
  if (!config.DATABASE_URL) throw new Error('DATABASE_REPLICA_URL needs DATABASE_URL: the embedded database has no replica');
  const replica = await openPostgres(config.DATABASE_REPLICA_URL, config.DB_POOL_SIZE, 0, undefined, Math.min(config.DB_CONNECT_TIMEOUT_SECONDS, 3) * 1000);
  const route = readRoute(primary, replica, { name: new URL(config.DATABASE_REPLICA_URL).host, maxLagSeconds: config.REPLICA_MAX_LAG_SECONDS, checkMs: config.REPLICA_CHECK_SECONDS * 1000, log });
  await route.check();
  return route;
}

/** Loads Lombardy's demo offices through the same path as `import-offices`. */
export async function seedDemo(db: Db, file = DEMO_FILE): Promise<ImportSummary> {
  const parsed = parseOfficeFile(readFileSync(file, 'utf8'), 'json');
  if (!parsed.content) {
    throw new AppError(422, 'invalid_office_file', { it: 'Dati dimostrativi non validi.', en: 'Invalid demo data.' }, parsed.problems);
  }
  return importOffices(db, parsed.content);
}

export async function isEmpty(db: Db): Promise<boolean> {
  const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM office');
  return r.rows[0]!.n === 0;
}

async function hasNoStaff(db: Db): Promise<boolean> {
  const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_user');
  return r.rows[0]!.n === 0;
}

/** How often lapsed holds are swept and their places offered to the waiting list. */
export const SWEEP_INTERVAL_MS = 15_000;

export interface RunningApp {
  app: FastifyInstance;
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** Where documents' bytes go: the S3-compatible store when DOCUMENTS_S3_BUCKET is set, else PostgreSQL. */
export function documentStoreOf(config: Config): DocumentStore {
  if (!config.DOCUMENTS_S3_BUCKET) return databaseStore;
  return s3Store({
    bucket: config.DOCUMENTS_S3_BUCKET, endpoint: config.DOCUMENTS_S3_ENDPOINT, region: config.DOCUMENTS_S3_REGION,
    accessKeyId: config.DOCUMENTS_S3_ACCESS_KEY_ID, secretAccessKey: config.DOCUMENTS_S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.DOCUMENTS_S3_PATH_STYLE, prefix: config.DOCUMENTS_S3_PREFIX,
  });
}

/** Migrates, loads the demo data into an empty database when asked, and listens. */
export async function startApp(config: Config, options: { demo?: boolean; logger?: boolean } = {}): Promise<RunningApp> {
  const { db } = await openAndMigrate(config);
  let opened: ReadRoute | undefined;
  try {
    const fresh = options.demo !== false && (await isEmpty(db));
    if (fresh) {
      await seedDemo(db);
      await seedDemoAnswers(db);
    }
    const identity = identitySettingsFromConfig(config);
    const production = config.NODE_ENV === 'production';
    // Demo accounts (one per role, README "Demo accounts") into a demo database with no staff yet; never in production.
    if (options.demo !== false && !production && (await hasNoStaff(db))) await seedDemoUsers(db, identity.secrets);
    // Two patronati per province, linked to their demo operators (once, in a demo database).
    if (options.demo !== false && !production && (await demoAccounts(db)).length) await seedDemoPatronati(db);
    // Three weeks of past activity (DEMO_ACTIVITY_DAYS) for the monitoring dashboard and the planner (past slots only).
    if (fresh && !production) await seedDemoActivity(db, { days: config.DEMO_ACTIVITY_DAYS });
    // The two-way drawer: demo consultants' companies and requests in every state.
    if (fresh && !production) await seedDemoDrawer(db, Date.now());
    // Two municipal stations in Como province (Menaggio, Cernobbio) on Como's benefits desk, which then offers video.
    if (fresh && !production) await seedDemoStations(db);
    if (production) await assertProductionReady(db, identity.devSecret);
    await setContactLimit(db, config.CONTACT_MAX_ACTIVE_BOOKINGS);
    const bookingSecret = deriveBookingSecret(config.AUTH_SECRET ?? DEV_AUTH_SECRET);
    const booking = bookingDeps(db, bookingSecret, {
      claims: claimBatches(db, { size: config.DB_BATCH_SIZE, concurrency: config.DB_BATCH_CONCURRENCY }),
      fairAccess: fairAccess(bookingSecret, fairAccessSettings(config)),
    });
    const readiness = { draining: false };
    const jobs = new JobRuns();
    let log: FastifyInstance['log'] | null = null; // the server's logger, once it exists
    const readRoute = (opened = await openReadRoute(db, config, { warn: (o, msg) => log?.warn(o, msg), info: (o, msg) => log?.info(o, msg) }));
    const app = await buildServer({
      tracing: config.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: config.OTEL_SERVICE_NAME } : undefined,
      readRoute,
      jobs,
      readiness,
      identity,
      db,
      booking,
      calls: { listenUrl: config.DATABASE_URL, defaultAdapter: config.TELEPHONY_DEFAULT_ADAPTER ?? (production ? 'manual' : 'simulated') },
      webRoot: config.WEB_ROOT ?? DEFAULT_WEB_ROOT,
      logger: options.logger === false ? false : loggerOptions(config.LOG_LEVEL),
      monitoring: { pushSeconds: config.MONITORING_PUSH_SECONDS, metricsToken: config.METRICS_TOKEN },
      documents: { maxBytes: config.ATTACHMENT_MAX_BYTES, clamdUrl: config.CLAMD_URL, store: documentStoreOf(config) },
      video: { listenUrl: config.DATABASE_URL, settings: videoSettingsFromConfig(config) },
    });
    log = app.log;
    readRoute.start();
    await app.listen({ port: config.PORT, host: config.HOST });
    // Housekeeping: lapsed holds and waiting-list offers (correctness never depends on it).
    // One instance at a time (job lease, migration 0023): the others skip their turn.
    const sweeper = setInterval(() => {
      takeJobTurn(db, 'sweep', 2 * SWEEP_INTERVAL_MS)
        .then((mine) => (mine ? jobs.run('sweep', () => sweep(booking)) : undefined))
        .catch((err: unknown) => app.log.error({ err }, 'sweep failed'));
    }, SWEEP_INTERVAL_MS);
    sweeper.unref();
    // The drawer's SLA timer: reminders to the office staff before and after a request's deadline (one instance at a time).
    const drawerReminders = setInterval(() => {
      takeJobTurn(db, 'drawer-reminders', 2 * REMIND_EVERY_MS)
        .then((mine) => (mine ? jobs.run('drawer-reminders', () => remindDeadlines(db, Date.now())) : undefined))
        .catch((err: unknown) => app.log.error({ err }, 'drawer reminders failed'));
    }, REMIND_EVERY_MS);
    drawerReminders.unref();
    // Desk calendars changed through another instance: drop this instance's copy at once.
    const calendarListener = config.DATABASE_URL
      ? await listenChannel(config.DATABASE_URL, 'sportello_calendar', (deskId) => {
          booking.calendars.invalidate(deskId);
          booking.availability.touch(deskId);
        }, (msg, err) => app.log.warn({ err }, msg))
      : null;
    // Notifications: the queue's worker in this process (NOTIFY_WORKER=false: run `sportello notify-worker` instead).
    const notifier = config.NOTIFY_WORKER
      ? await startNotificationWorker(db, config, app.log, { waitlistToken: (id) => waitlistToken(bookingSecret, id), jobs })
      : null;
    // URP monitoring: alerts every MONITORING_ALERT_MINUTES (e-mailed through the e-mail channel), daily rollups hourly.
    const monitor = config.MONITORING_ALERT_MINUTES > 0
      ? startMonitoringJob({ db, booking, now: booking.now, pushSeconds: config.MONITORING_PUSH_SECONDS }, {
          email: config.SMTP_URL ? emailChannel({ url: config.SMTP_URL, from: config.SMTP_FROM, connections: 1 }) : undefined,
          intervalMs: config.MONITORING_ALERT_MINUTES * 60_000,
          log: app.log,
          turn: (leaseMs) => takeJobTurn(db, 'monitoring', leaseMs),
          jobs,
        })
      : null;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    return {
      app,
      db,
      url: `http://127.0.0.1:${port}`,
      /**
       * Graceful stop (SIGTERM): readiness turns 503 and, after SHUTDOWN_DELAY_SECONDS (time for
       * a proxy's health check to notice), the instance stops accepting and lets the requests in
       * flight finish, for at most SHUTDOWN_GRACE_SECONDS; then its jobs, leases and pool close.
       */
      async close() {
        readiness.draining = true;
        if (config.SHUTDOWN_DELAY_SECONDS > 0) await delay(config.SHUTDOWN_DELAY_SECONDS * 1000);
        clearInterval(sweeper);
        clearInterval(drawerReminders);
        const grace = delay(config.SHUTDOWN_GRACE_SECONDS * 1000, 'timeout' as const, { ref: false });
        if ((await Promise.race([app.close().then(() => 'closed' as const), grace])) === 'timeout') {
          app.log.warn(`requests still in flight after ${config.SHUTDOWN_GRACE_SECONDS} s: closing their connections`);
          app.server.closeAllConnections();
        }
        await calendarListener?.close();
        await notifier?.close();
        await monitor?.close();
        await releaseJobTurns(db).catch((err: unknown) => app.log.warn({ err }, 'job leases not released'));
        await readRoute.close();
        await db.close();
      },
    };
  } catch (err) {
    await opened?.close();
    await db.close();
    throw err;
  }
}
