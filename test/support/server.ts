import { fileURLToPath } from 'node:url';
import { seedDemo } from '../../src/app.js';
import { deriveBookingSecret } from '../../src/booking/deps.js';
import { buildServer } from '../../src/http/server.js';
import { DEV_AUTH_SECRET } from '../../src/identity/settings.js';
import type { Db } from '../../src/storage/db.js';
import { romeTime, tickingClock, workingDay } from './clock.js';
import { testDatabases, type TestDatabase } from './databases.js';

export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface TestServer {
  url: string;
  db: Db;
  /** The server's clock, epoch ms. */
  now: () => number;
  close(): Promise<void>;
}

export interface TestServerOptions {
  database?: TestDatabase;
  /** The server's clock (see test/support/clock.ts); by default it starts on the next working day at 09:00 (Europe/Rome) and runs. */
  now?: () => number;
}

/** The real server on a free port, on a fresh database with Lombardy's demo data, on a chosen clock. */
export async function startTestServer(o: TestServerOptions = {}): Promise<TestServer> {
  const now = o.now ?? tickingClock(romeTime(workingDay(), 9));
  const db = await (o.database ?? testDatabases[0]!).open();
  await seedDemo(db);
  const app = await buildServer({ db, webRoot: WEB_ROOT, secret: deriveBookingSecret(DEV_AUTH_SECRET), now });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    now,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
