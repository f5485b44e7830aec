import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgErrorCode, type Db } from '../../src/storage/db.js';
import { loadMigrations, migrate } from '../../src/storage/migrate.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { createPostgresDatabase, testDatabases } from '../support/databases.js';

describe.each(testDatabases)('storage on $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open({ migrate: false });
  });
  afterAll(async () => db.close());

  it('applies every migration once, and nothing the second time', async () => {
    const first = await migrate(db);
    expect(first).toEqual(loadMigrations().map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migration');
    expect(r.rows[0]!.n).toBe(first.length);
  });

  it('refuses overlapping opening intervals of a desk on the same weekday', async () => {
    await db.exec(`INSERT INTO region VALUES ('LOM', 'Lombardia');
      INSERT INTO province (code, region_code, name, capital) VALUES ('MI', 'LOM', 'Milano', 'Milano');
      INSERT INTO office (code, province_code, kind, name, town) VALUES ('MI99', 'MI', 'agenzia', 'Prova', 'Milano');`);
    const office = await db.query<{ id: string }>("SELECT id FROM office WHERE code = 'MI99'");
    const desk = await db.query<{ id: string }>(
      "INSERT INTO desk (office_id, key, number, name_it, name_en) VALUES ($1, 'prova', 1, 'Prova', 'Test') RETURNING id",
      [office.rows[0]!.id],
    );
    const deskId = desk.rows[0]!.id;
    const insert = (weekday: number, opens: string, closes: string) =>
      db.query('INSERT INTO desk_opening (desk_id, weekday, opens, closes, places) VALUES ($1, $2, $3, $4, 1)', [deskId, weekday, opens, closes]);
    await insert(1, '08:30', '12:30');
    await insert(1, '12:30', '13:00'); // touching is fine
    await insert(2, '08:00', '13:00'); // another weekday is fine
    const err = await insert(1, '12:00', '14:00').catch((e: unknown) => e);
    expect(pgErrorCode(err)).toBe('23P01');
    const bad = await insert(3, '14:00', '12:00').catch((e: unknown) => e);
    expect(pgErrorCode(bad)).toBe('23514');
  });

  it('refuses a second desk with the same number in an office at commit', async () => {
    const office = await db.query<{ id: string }>("SELECT id FROM office WHERE code = 'MI99'");
    const err = await db
      .transaction(async (tx) => {
        await tx.query("INSERT INTO desk (office_id, key, number, name_it, name_en) VALUES ($1, 'altro', 1, 'Altro', 'Other')", [office.rows[0]!.id]);
      })
      .catch((e: unknown) => e);
    expect(pgErrorCode(err)).toBe('23505');
  });
});

describe('migrations on a real PostgreSQL server', () => {
  it.runIf(testDatabases.some((d) => d.name === 'postgres'))('are safe when several instances start at once', async () => {
    const created = await createPostgresDatabase();
    const dbs = await Promise.all([1, 2, 3].map(() => openPostgres(created.url, 2)));
    try {
      const results = await Promise.all(dbs.map((d) => migrate(d)));
      expect(results.flat().sort()).toEqual(loadMigrations().map((m) => m.version).sort());
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
      await created.drop();
    }
  });

  it.runIf(testDatabases.some((d) => d.name === 'postgres'))('keeps DB_POOL_MIN connections open when idle, and closes the others', async () => {
    const created = await createPostgresDatabase();
    const name = new URL(created.url).pathname.slice(1);
    const kept = await openPostgres(created.url, 4, 2, 200);
    const none = await openPostgres(created.url, 4, 0, 200);
    const observer = await openPostgres(created.url, 1);
    const open = async () => (await observer.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'sportello' AND pid <> pg_backend_pid()", [name],
    )).rows[0]!.n;
    try {
      // four at once: each pool opens its four connections, seen while the queries still run
      // (after them the 200 ms idle timeout may already have closed some on a loaded machine)
      const busy = Promise.all([kept, none].flatMap((d) => [1, 2, 3, 4].map(() => d.query('SELECT pg_sleep(1.5)'))));
      await expect.poll(open, { timeout: 1_400, interval: 50 }).toBe(8);
      await busy;
      // past the idle timeout (200 ms) the pool without a minimum closes its four, the other keeps two
      await expect.poll(open, { timeout: 10_000, interval: 100 }).toBe(2);
      expect(await open()).toBe(2);
    } finally {
      await Promise.all([kept, none, observer].map((d) => d.close()));
      await created.drop();
    }
  });
});
