import { fileURLToPath } from 'node:url';
import { seedDemo } from '../../src/app.js';
import { deriveBookingSecret } from '../../src/booking/deps.js';
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

/** The real server on a free port, on a fresh database with Lombardy's demo data (default identity settings unless given). */
export async function startTestServer(database: TestDatabase = testDatabases[0]!, identity: IdentitySettings = defaultIdentitySettings()): Promise<TestServer> {
  const db = await database.open();
  await seedDemo(db);
  const app = await buildServer({ db, webRoot: WEB_ROOT, secret: deriveBookingSecret(DEV_AUTH_SECRET), identity });
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
