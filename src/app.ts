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
import { AppError } from './domain/errors.js';
import { bookingDeps, deriveBookingSecret, setContactLimit } from './booking/deps.js';
import { claimBatches } from './booking/claim-batches.js';
import { fairAccess } from './booking/fair-access.js';
import { sweep } from './booking/sweep.js';
import { seedDemoAnswers } from './reception/seed-demo-answers.js';
import { seedDemoActivity } from './monitoring/seed-demo-activity.js';
import { seedDemoDrawer } from './drawer/index.js';
import { startMonitoringJob } from './monitoring/evaluate-alerts.js';
import { emailChannel } from './notifications/channels/email.js';
import { DEV_AUTH_SECRET, identitySettingsFromConfig } from './identity/settings.js';
import { assertProductionReady, demoAccounts, seedDemoUsers } from './identity/demo-users.js';
import { seedDemoPatronati } from './patronati/index.js';
import { loggerOptions } from './identity/logging.js';
import { startNotificationWorker } from './notifications/settings.js';

/** Relative to this file: data/ beside src/, or dist/data/ beside dist/server/ (copied by the build). */
export const DEMO_FILE = fileURLToPath(new URL('../data/demo/lombardia-offices.json', import.meta.url));
export const DEFAULT_WEB_ROOT = join(PROJECT_ROOT, 'dist', 'web') + sep;

export async function openAndMigrate(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DB_POOL_SIZE' | 'DB_POOL_MIN'>): Promise<{ db: Db; applied: string[] }> {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE, poolMin: config.DB_POOL_MIN });
  try {
    return { db, applied: await migrate(db) };
  } catch (err) {
    await db.close();
    throw err;
  }
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

/** Migrates, loads the demo data into an empty database when asked, and listens. */
export async function startApp(config: Config, options: { demo?: boolean; logger?: boolean } = {}): Promise<RunningApp> {
  const { db } = await openAndMigrate(config);
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
    // Ten days of past activity for the monitoring dashboard (past slots only), with the demo offices.
    if (fresh && !production) await seedDemoActivity(db);
    // The two-way drawer: demo consultants' companies and requests in every state.
    if (fresh && !production) await seedDemoDrawer(db, Date.now());
    if (production) await assertProductionReady(db, identity.devSecret);
    await setContactLimit(db, config.CONTACT_MAX_ACTIVE_BOOKINGS);
    const bookingSecret = deriveBookingSecret(config.AUTH_SECRET ?? DEV_AUTH_SECRET);
    const booking = bookingDeps(db, bookingSecret, {
      claims: claimBatches(db, { size: config.DB_BATCH_SIZE, concurrency: config.DB_BATCH_CONCURRENCY }),
      fairAccess: fairAccess(bookingSecret, fairAccessSettings(config)),
    });
    const readiness = { draining: false };
    const app = await buildServer({
      readiness,
      identity,
      db,
      booking,
      calls: { listenUrl: config.DATABASE_URL, defaultAdapter: config.TELEPHONY_DEFAULT_ADAPTER ?? (production ? 'manual' : 'simulated') },
      webRoot: config.WEB_ROOT ?? DEFAULT_WEB_ROOT,
      logger: options.logger === false ? false : loggerOptions(config.LOG_LEVEL),
      monitoring: { pushSeconds: config.MONITORING_PUSH_SECONDS, metricsToken: config.METRICS_TOKEN },
      documents: { maxBytes: config.ATTACHMENT_MAX_BYTES, clamdUrl: config.CLAMD_URL },
    });
    await app.listen({ port: config.PORT, host: config.HOST });
    // Housekeeping: lapsed holds and waiting-list offers (correctness never depends on it).
    // One instance at a time (job lease, migration 0023): the others skip their turn.
    const sweeper = setInterval(() => {
      takeJobTurn(db, 'sweep', 2 * SWEEP_INTERVAL_MS)
        .then((mine) => (mine ? sweep(booking) : undefined))
        .catch((err: unknown) => app.log.error({ err }, 'sweep failed'));
    }, SWEEP_INTERVAL_MS);
    sweeper.unref();
    // Desk calendars changed through another instance: drop this instance's copy at once.
    const calendarListener = config.DATABASE_URL
      ? await listenChannel(config.DATABASE_URL, 'sportello_calendar', (deskId) => {
          booking.calendars.invalidate(deskId);
          booking.availability.touch(deskId);
        }, (msg, err) => app.log.warn({ err }, msg))
      : null;
    // Notifications: the queue's worker in this process (NOTIFY_WORKER=false: run `sportello notify-worker` instead).
    const notifier = config.NOTIFY_WORKER ? await startNotificationWorker(db, config, app.log) : null;
    // URP monitoring: alerts every MONITORING_ALERT_MINUTES (e-mailed through the e-mail channel), daily rollups hourly.
    const monitor = config.MONITORING_ALERT_MINUTES > 0
      ? startMonitoringJob({ db, booking, now: booking.now, pushSeconds: config.MONITORING_PUSH_SECONDS }, {
          email: config.SMTP_URL ? emailChannel({ url: config.SMTP_URL, from: config.SMTP_FROM, connections: 1 }) : undefined,
          intervalMs: config.MONITORING_ALERT_MINUTES * 60_000,
          log: app.log,
          turn: (leaseMs) => takeJobTurn(db, 'monitoring', leaseMs),
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
        const grace = delay(config.SHUTDOWN_GRACE_SECONDS * 1000, 'timeout' as const, { ref: false });
        if ((await Promise.race([app.close().then(() => 'closed' as const), grace])) === 'timeout') {
          app.log.warn(`requests still in flight after ${config.SHUTDOWN_GRACE_SECONDS} s: closing their connections`);
          app.server.closeAllConnections();
        }
        await calendarListener?.close();
        await notifier?.close();
        await monitor?.close();
        await releaseJobTurns(db).catch((err: unknown) => app.log.warn({ err }, 'job leases not released'));
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
