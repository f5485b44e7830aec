// `sportello backup` / `sportello restore` round trip (issue 22 §3), on the embedded database
// (PGlite's dump of its folder) and on PostgreSQL (pg_dump / pg_restore): every booking, every
// slot's hold-free counter and every audit row equal after the restore; a restore refuses a
// database that is not empty and a backup of the other kind, touching nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_AUTH_SECRET } from '../../src/auth/settings.js';
import { recordAudit } from '../../src/audit/audit.js';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { fairAccess } from '../../src/booking/fair-access.js';
import { buildServer } from '../../src/http/server.js';
import { backup, BackupError, contentDigest, restore } from '../../src/storage/backup.js';
import type { Db } from '../../src/storage/db.js';
import { migrate } from '../../src/storage/migrate.js';
import { openPglite } from '../../src/storage/pglite.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { createPostgresDatabase, POSTGRES_TEMPLATE_ENV } from '../support/databases.js';
import { openSlots } from '../support/surge-people.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';

const dir = mkdtempSync(join(tmpdir(), 'sportello-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bookings, held places (counters) and audit rows, made through the real server. */
async function fill(db: Db): Promise<void> {
  const { deskId } = await createTestDesk(db, { code: 'BK01', places: 2 });
  const secret = deriveBookingSecret(DEV_AUTH_SECRET);
  const booking = bookingDeps(db, secret, { fairAccess: fairAccess(secret, { challenge: false, perAddress: 0, perSession: 0 }) });
  const app = await buildServer({ db, webRoot: '/nonexistent', booking });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  try {
    const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const { slots } = await openSlots(url, deskId, from);
    for (let i = 0; i < 8; i++) {
      const hold = await fetch(`${url}/api/desks/${deskId}/holds`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ start: slots[i % 3], channel: 'phone' }),
      });
      const h = (await hold.json()) as { holdId: string; holdToken: string };
      expect(hold.status).toBe(i < 6 ? 201 : 409); // three slots of two places
      if (hold.status !== 201 || i % 3 === 2) continue; // some stay held: counters with live holds
      const book = await fetch(`${url}/api/bookings`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hold: { id: h.holdId, token: h.holdToken }, taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: `+39 333 ${1_000_000 + i}`, channel: 'phone', language: 'it', consent: true }),
      });
      expect(book.status).toBe(201);
    }
  } finally {
    await app.close();
  }
  for (let i = 0; i < 3; i++) await recordAudit(db, { actor: { kind: 'system' }, action: 'backup.test', outcome: 'success', details: { i } });
}

function expectFilled(digest: Awaited<ReturnType<typeof contentDigest>>): void {
  expect(digest.booking!.rows).toBe(6);
  expect(digest.audit_log!.rows).toBeGreaterThanOrEqual(3);
  expect(digest.slot!.rows).toBeGreaterThan(0);
}

describe('backup and restore of the embedded database (PGlite)', () => {
  it('gives back every booking, counter and audit row; refuses a folder in use and a PostgreSQL backup', async () => {
    const source = join(dir, 'pglite-source');
    const db = await openPglite(source);
    await migrate(db);
    await fill(db);
    const before = await contentDigest(db);
    expectFilled(before);
    await db.close();

    const file = join(dir, 'pglite.tar');
    expect(await backup({ dataDir: source }, file)).toBe('pglite');
    const target = join(dir, 'pglite-restored');
    expect(await restore({ dataDir: target }, file)).toBe('pglite');
    const restored = await openPglite(target);
    try {
      expect(await contentDigest(restored)).toEqual(before);
      await migrate(restored); // the restored database starts like any other
    } finally {
      await restored.close();
    }
    // Not over a folder with data, unless asked (--replace keeps the old one beside).
    await expect(restore({ dataDir: target }, file)).rejects.toBeInstanceOf(BackupError);
    expect(await restore({ dataDir: target }, file, { replace: true })).toBe('pglite');
    // A file of the other kind is refused before anything is touched.
    const fake = join(dir, 'fake.dump');
    writeFileSync(fake, 'PGDMP' + '\0'.repeat(600));
    await expect(restore({ dataDir: join(dir, 'untouched') }, fake)).rejects.toThrow(/DATABASE_URL/);
  }, 300_000);
});

describe('backup and restore on PostgreSQL (pg_dump / pg_restore)', () => {
  it('gives back every booking, counter and audit row into a new database; refuses a database with data', async () => {
    const source = await createPostgresDatabase(process.env[POSTGRES_TEMPLATE_ENV]);
    const target = await createPostgresDatabase();
    try {
      const db = await openPostgres(source.url, 4);
      let before;
      try {
        await fill(db);
        before = await contentDigest(db);
        expectFilled(before);
      } finally {
        await db.close();
      }
      const file = join(dir, 'postgres.dump');
      expect(await backup({ databaseUrl: source.url }, file)).toBe('postgres');
      expect(await restore({ databaseUrl: target.url }, file)).toBe('postgres');
      const restored = await openPostgres(target.url, 2);
      try {
        expect(await contentDigest(restored)).toEqual(before);
        expect(await migrate(restored)).toEqual([]); // every migration came with it
      } finally {
        await restored.close();
      }
      await expect(restore({ databaseUrl: target.url }, file)).rejects.toThrow(/not empty/);
      expect(await restore({ databaseUrl: target.url }, file, { replace: true })).toBe('postgres');
      await expect(restore({ databaseUrl: target.url }, join(dir, 'pglite.tar'), { replace: true })).rejects.toThrow(/embedded/);
    } finally {
      await source.drop();
      await target.drop();
    }
  }, 300_000);
});
