// Issue 21 §4: every province page, office page and poster show a reception phone number and an
// address — the demo data carries them for all 12 provinces and 35 offices — and the search hint
// of a province is a comune of that province.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app.js';
import { listOffices, listProvinces } from '../../src/catalog/catalog.repository.js';
import { municipalitiesOf } from '../../src/catalog/municipalities.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases)('demo contacts on $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
    await seedDemo(db);
  });
  afterAll(async () => db.close());

  it('gives every province a reception number and a hint town of its own, every office a phone and an address', async () => {
    const provinces = await listProvinces(db);
    expect(provinces).toHaveLength(12);
    for (const p of provinces) {
      expect(p.receptionPhone, p.code).toMatch(/^\+39\d{6,11}$/);
      expect(municipalitiesOf([p.code]).map((m) => m.name), p.code).toContain(p.exampleTown);
    }
    expect(new Set(provinces.map((p) => p.exampleTown)).size).toBe(12);
    const offices = await listOffices(db, {});
    expect(offices).toHaveLength(35);
    for (const o of offices) {
      expect(o.receptionPhone, o.code).toMatch(/^\+39\d{6,11}$/);
      expect(o.address?.trim().length ?? 0, o.code).toBeGreaterThan(5);
    }
  });
});
