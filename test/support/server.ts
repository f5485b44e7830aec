import { fileURLToPath } from 'node:url';
import { seedDemo } from '../../src/app.js';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { fairAccess, type FairAccessSettings } from '../../src/booking/fair-access.js';
import { buildServer } from '../../src/http/server.js';
import { DEV_AUTH_SECRET, defaultIdentitySettings, type IdentitySettings } from '../../src/identity/settings.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases, type TestDatabase } from './databases.js';

export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface TestServer {
  url: string;
  db: Db;
  close(): Promise<void>;
}

/**
 * Fair access in tests: the real checks with an easy challenge (a few dozen PBKDF2 attempts,
 * milliseconds), so that a test may solve hundreds of them.
 */
export const TEST_FAIR_ACCESS: Partial<FairAccessSettings> = { counter: 40 };

/** The real server on a free port, on a fresh database with Lombardy's demo data (default identity settings unless given). */
export async function startTestServer(
  database: TestDatabase = testDatabases[0]!,
  options: { fairAccess?: Partial<FairAccessSettings>; identity?: IdentitySettings } = {},
): Promise<TestServer> {
  const db = await database.open();
  await seedDemo(db);
  const secret = deriveBookingSecret(DEV_AUTH_SECRET);
  const booking = bookingDeps(db, secret, { fairAccess: fairAccess(secret, { ...TEST_FAIR_ACCESS, ...options.fairAccess }) });
  const app = await buildServer({ db, webRoot: WEB_ROOT, booking, identity: options.identity ?? defaultIdentitySettings() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
