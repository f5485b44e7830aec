import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE, seedDemo } from '../../src/app.js';
import { importOffices } from '../../src/catalog/import-offices.js';
import { parseOfficeFile } from '../../src/catalog/parse-office-file.js';
import { AppError } from '../../src/domain/errors.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';

/** Every row of the catalogue tables, to prove that a refused import changed nothing. */
async function snapshot(db: Db): Promise<string> {
  const parts: unknown[] = [];
  for (const t of ['region', 'province', 'office', 'office_holiday', 'desk', 'desk_opening', 'desk_exception']) {
    const r = await db.query(`SELECT * FROM ${t} ORDER BY 1, 2`);
    parts.push(r.rows.map((row) => ({ ...row, updated_at: undefined, calendar_version: undefined })));
  }
  return JSON.stringify(parts);
}

describe.each(testDatabases)('office files on $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => db.close());

  it("loads Lombardy's demo offices: 35 offices, Como with 3 desks, the others with 2", async () => {
    const summary = await seedDemo(db);
    expect(summary.offices).toEqual({ created: 35, updated: 0 });
    const r = await db.query<{ code: string; name: string; desks: number }>(
      'SELECT o.code, o.name, count(d.id)::int AS desks FROM office o JOIN desk d ON d.office_id = o.id GROUP BY o.code, o.name ORDER BY o.code',
    );
    expect(r.rows).toHaveLength(35);
    for (const o of r.rows) expect(o.desks, o.name).toBe(o.name === 'Como' ? 3 : 2);
    const como = await db.query<{ key: string; number: number }>(
      "SELECT d.key, d.number FROM desk d JOIN office o ON o.id = d.office_id WHERE o.name = 'Como' ORDER BY d.number",
    );
    expect(como.rows.map((d) => d.key)).toEqual(['prestazioni', 'assicurato-pensionato', 'invalidita-civile']);
    const patron = await db.query<{ name: string }>(
      "SELECT h.name FROM office_holiday h JOIN office o ON o.id = h.office_id WHERE o.code = 'MI01' AND h.day = '12-07'",
    );
    expect(patron.rows[0]?.name).toBe("Sant'Ambrogio");
    // Every demo office has its location (a full desk suggests the nearest ones), in Lombardy.
    const located = await db.query<{ latitude: number; longitude: number }>('SELECT latitude, longitude FROM office');
    for (const o of located.rows) {
      expect(o.latitude).toBeGreaterThan(44.6);
      expect(o.latitude).toBeLessThan(46.7);
      expect(o.longitude).toBeGreaterThan(8.4);
      expect(o.longitude).toBeLessThan(11.5);
    }
  });

  it('imports the same file again as updates, changing nothing', async () => {
    const before = await snapshot(db);
    const summary = await seedDemo(db);
    expect(summary.offices).toEqual({ created: 0, updated: 35 });
    expect(summary.desks).toEqual({ created: 0, updated: 71 });
    // Ids stay, rows stay (opening rows get new identities, so compare without them).
    const strip = (s: string) => s.replace(/"id":"?\d+"?,/g, '');
    expect(strip(await snapshot(db))).toBe(strip(before));
  });

  it('rejects a bad file listing every problem, and changes nothing', async () => {
    const before = await snapshot(db);
    const bad = {
      region: { code: 'LOM', name: 'Lombardia' },
      offices: [
        { province: 'MI', code: 'MI01', kind: 'agenzia', name: 'Milano', town: 'Milano', receptionPhone: '12' },
        { province: 'MI', code: 'MIO1', kind: 'agenzia', name: 'Sosia', town: 'Milano', latitude: 45.46 },
        {
          province: 'MI', code: 'MI01', kind: 'agenzia', name: 'Doppio', town: 'Milano',
          desks: [
            { key: 'desk-a', number: 1, name: 'A', nameEn: 'A', slotMinutes: 7, weekly: [{ weekday: 1, from: '08:00', to: '09:00', places: 1 }] },
            { key: 'desk-b', number: 1, name: 'B', nameEn: 'B', weekly: [{ weekday: 1, from: '08:00', to: '10:00', places: 1 }, { weekday: 1, from: '09:00', to: '11:00', places: 1 }] },
          ],
        },
      ],
      defaultDesks: [{ key: 'desk-x', number: 1, name: 'X', nameEn: 'X', weekly: [{ weekday: 9, from: '25:00', to: '12:00', places: 0 }] }],
    };
    const parsed = parseOfficeFile(JSON.stringify(bad), 'json');
    expect(parsed.content).toBeNull();
    const paths = parsed.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['defaultDesks[0].weekly[0].weekday', 'defaultDesks[0].weekly[0].from', 'defaultDesks[0].weekly[0].places']));
    for (const p of parsed.problems) {
      expect(p.it.length).toBeGreaterThan(0);
      expect(p.en.length).toBeGreaterThan(0);
    }
    // Fix the shape errors: the semantic checks then list every remaining problem at once.
    bad.defaultDesks[0]!.weekly[0] = { weekday: 1, from: '08:00', to: '12:00', places: 1 };
    const second = parseOfficeFile(JSON.stringify(bad), 'json');
    const codes = second.problems.map((p) => `${p.path}:${p.code}`);
    expect(codes).toEqual(expect.arrayContaining([
      'offices[0].receptionPhone:invalid_phone',
      'offices[1].code:look_alike',
      'offices[1].longitude:incomplete_location',
      'offices[2].code:duplicate',
      'offices[2].desks[0].weekly[0].to:slot_length_not_dividing',
      'offices[2].desks:duplicate',
    ]));
    expect(codes.some((c) => c.startsWith('offices[2].desks[1].weekly') && c.endsWith('overlap'))).toBe(true);
    expect(await snapshot(db)).toBe(before);
  });

  it('rolls back the whole import when the database refuses part of it', async () => {
    const before = await snapshot(db);
    const file = parseOfficeFile(JSON.stringify({
      region: { code: 'LOM', name: 'Lombardia' },
      provinces: [{ code: 'ZZ', name: 'Nuova', capital: 'Nuova' }],
      offices: [
        { province: 'ZZ', code: 'ZZ01', kind: 'agenzia', name: 'Nuova', town: 'Nuova', desks: [{ key: 'desk-a', number: 1, name: 'A', nameEn: 'A' }] },
        { province: 'QQ', code: 'QQ01', kind: 'agenzia', name: 'Ignota', town: 'Ignota', desks: [{ key: 'desk-a', number: 1, name: 'A', nameEn: 'A' }] },
      ],
    }), 'json');
    expect(file.problems).toEqual([]);
    const err = await importOffices(db, file.content!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields.map((f) => f.path)).toEqual(['offices[1].province']);
    expect(await snapshot(db)).toBe(before);
  });

  it('imports a CSV file (one row per opening) and a YAML file', async () => {
    const csv = [
      'province,office_code,office_kind,office_name,town,latitude,longitude,desk_key,desk_number,desk_name_it,desk_name_en,local_holidays,slot_minutes,weekday,from,to,places',
      "MI,MI90,agenzia,Rho,Rho,45.532,9.040,prestazioni,1,Prestazioni,Benefits,06-29 San Pietro,10,1-5,09:00,12:00,2",
      'MI,MI90,agenzia,Rho,Rho,45.532,9.040,prestazioni,1,Prestazioni,Benefits,,10,2,14:00,15:00,1',
      'MI,MI90,agenzia,Rho,Rho,45.532,9.040,conto,2,Conto,Accounts,,15,1,09:00,12:00,1',
    ].join('\n');
    const parsed = parseOfficeFile(csv, 'csv');
    expect(parsed.problems).toEqual([]);
    await importOffices(db, parsed.content!);
    const r = await db.query<{ key: string; n: number }>(
      "SELECT d.key, count(w.id)::int AS n FROM desk d JOIN office o ON o.id = d.office_id LEFT JOIN desk_opening w ON w.desk_id = d.id WHERE o.code = 'MI90' GROUP BY d.key ORDER BY d.key",
    );
    expect(r.rows).toEqual([{ key: 'conto', n: 1 }, { key: 'prestazioni', n: 6 }]);
    const rho = await db.query("SELECT latitude, longitude FROM office WHERE code = 'MI90'");
    expect(rho.rows).toEqual([{ latitude: 45.532, longitude: 9.04 }]);

    const yaml = `offices:\n  - province: MI\n    code: MI91\n    kind: agenzia\n    name: Magenta\n    town: Magenta\n    desks:\n      - { key: prestazioni, number: 1, name: Prestazioni, nameEn: Benefits, weekly: [{ weekday: 3, from: "08:30", to: "12:30", places: 3 }] }\n`;
    const y = parseOfficeFile(yaml, 'yaml');
    expect(y.problems).toEqual([]);
    await importOffices(db, y.content!);
    const m = await db.query("SELECT 1 FROM office WHERE code = 'MI91'");
    expect(m.rows).toHaveLength(1);
  });

  it('points CSV problems at their line and column', () => {
    const csv = [
      'province,office_code,office_kind,office_name,town,desk_key,desk_number,desk_name_it,desk_name_en,weekday,from,to,places',
      'MI,MI92,agenzia,Rho,Rho,prestazioni,1,Prestazioni,Benefits,1,09:00,12:00,2',
      'MI,MI92,agenzia,Rho,Rho,prestazioni,1,Prestazioni,Benefits,2,9,12:00,two',
      'MI,MI92,agenzia,Rho,Rho,prestazioni,1,Prestazioni,Benefits,lun,09:00,12:00,1',
    ].join('\n');
    const parsed = parseOfficeFile(csv, 'csv');
    expect(parsed.content).toBeNull();
    expect(parsed.problems.find((p) => p.code === 'invalid_weekday')?.line).toBe(4);
    const csv2 = csv.split('\n').slice(0, 3).join('\n');
    const second = parseOfficeFile(csv2, 'csv');
    expect(second.problems.map((p) => [p.line, p.path])).toEqual([
      [3, 'offices[0].desks[0].weekly[1].from'],
      [3, 'offices[0].desks[0].weekly[1].places'],
    ]);
    expect(readFileSync(DEMO_FILE, 'utf8').length).toBeGreaterThan(0);
  });
});
