import { fileURLToPath } from 'node:url';
import type { FastifyServerOptions } from 'fastify';
import type { JobRuns } from '../../src/platform/job-runs.js';
import { seedDemo } from '../../src/app.js';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { fairAccess, type FairAccessSettings } from '../../src/booking/fair-access.js';
import type { TracingSettings } from '../../src/platform/tracing.js';
import { buildServer } from '../../src/http/server.js';
import { DEV_AUTH_SECRET, defaultIdentitySettings, type IdentitySettings } from '../../src/auth/settings.js';
import type { Db } from '../../src/storage/db.js';
import type { StationVideo } from '../../src/stations/index.js';
import { romeTime, tickingClock, workingDay } from './clock.js';
import { testDatabases, type TestDatabase } from './databases.js';

export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface TestServer {
  url: string;
  db: Db;
  /** The server's clock, epoch ms. */
  now: () => number;
  /** What a change written straight into the database needs to tell the server (another instance would hear it by NOTIFY). */
  calendarChanged(deskId: string): void;
  close(): Promise<void>;
}

/**
 * Fair access in tests: the real checks with an easy challenge (a few dozen PBKDF2 attempts,
 * milliseconds), so that a test may solve hundreds of them.
 */
export const TEST_FAIR_ACCESS: Partial<FairAccessSettings> = { counter: 40 };

export interface TestServerOptions {
  /** OpenTelemetry traces (src/platform/tracing.ts). */
  tracing?: TracingSettings;
  database?: TestDatabase;
  /** The server's clock (see test/support/clock.ts); by default it starts on the next working day at 09:00 (Europe/Rome) and runs. */
  now?: () => number;
  /** Fair access to holds: TEST_FAIR_ACCESS with these changes. */
  fairAccess?: Partial<FairAccessSettings>;
  /** Identity settings (default: the development defaults). */
  identity?: IdentitySettings;
  /** Municipal stations: the video port (default none: check-in answers video_unavailable). */
  stations?: { video?: StationVideo | null };
  /** The scheduled jobs' runs shown in /metrics (default: the server's own). */
  jobs?: JobRuns;
  /** Fastify's logger (default none). */
  logger?: FastifyServerOptions['logger'];
}

/** The real server on a free port, on a fresh database with Lombardy's demo data, on a chosen clock. */
export async function startTestServer(o: TestServerOptions = {}): Promise<TestServer> {
  const now = o.now ?? tickingClock(romeTime(workingDay(), 9));
  const db = await (o.database ?? testDatabases[0]!).open();
  await seedDemo(db);
  const secret = deriveBookingSecret(DEV_AUTH_SECRET);
  const booking = bookingDeps(db, secret, { now, fairAccess: fairAccess(secret, { ...TEST_FAIR_ACCESS, ...o.fairAccess }) });
  const app = await buildServer({ db, webRoot: WEB_ROOT, booking, now, identity: o.identity ?? defaultIdentitySettings(), ...(o.stations ? { stations: o.stations } : {}), ...(o.jobs ? { jobs: o.jobs } : {}), ...(o.logger ? { logger: o.logger } : {}), ...(o.tracing ? { tracing: o.tracing } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    now,
    calendarChanged(deskId) {
      booking.calendars.invalidate(deskId);
      booking.availability.touch(deskId);
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}
