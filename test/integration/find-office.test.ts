// Every comune of Lombardy finds its competent office (issue 21 §1): the comune list is the
// tax-code library's, competence is office data (`serves` in the office file), and the rest of
// a province goes to the office of its capital.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responses } from '../../src/catalog/routes.schema.js';
import { municipalitiesOf, MUNICIPALITIES } from '../../src/catalog/municipalities.js';
import { parseOfficeFile } from '../../src/catalog/parse-office-file.js';
import { competentOffice } from '../../src/domain/catalog/competence.js';
import { municipalitiesFromLibrary, MUNICIPALITIES_FILE } from '../../scripts/municipalities-source.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

const LOMBARDY = ['BG', 'BS', 'CO', 'CR', 'LC', 'LO', 'MN', 'MI', 'MB', 'PV', 'SO', 'VA'];

async function get(server: TestServer, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path);
  return { status: res.status, body: await res.json() };
}

it("the comune list is the tax-code library's, as of today", async () => {
  expect(JSON.parse(readFileSync(MUNICIPALITIES_FILE, 'utf8'))).toEqual(await municipalitiesFromLibrary());
  expect(municipalitiesOf(LOMBARDY).length).toBeGreaterThan(1490);
}, 60_000);

it('an office file naming a comune that does not exist in its province is refused', () => {
  const parsed = parseOfficeFile(JSON.stringify({
    region: { code: 'LOM', name: 'Lombardia' },
    provinces: [{ code: 'CO', name: 'Como', capital: 'Como' }],
    offices: [{ province: 'CO', code: 'CO09', kind: 'agenzia', name: 'Prova', town: 'Como', serves: ['Cernobbio', 'Legnano', 'Atlantide'], desks: [{ key: 'a1', number: 1, name: 'A', nameEn: 'A' }] }],
  }), 'json');
  expect(parsed.problems.map((p) => `${p.path}:${p.code}`)).toEqual(['offices[0].serves[1]:unknown_municipality', 'offices[0].serves[2]:unknown_municipality']);
});

describe.each(testDatabases)('finding the office from a town on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(async () => server.close());

  it('every comune of Lombardy resolves to an office of its province', async () => {
    const offices = await server.db.query<{ id: string; code: string; provinceCode: string; town: string; serves: string[] }>(
      'SELECT id, code, province_code AS "provinceCode", town, serves FROM office ORDER BY code',
    );
    const capitals = new Map((await server.db.query<{ code: string; capital: string }>('SELECT code, capital FROM province')).rows.map((p) => [p.code, p.capital]));
    const towns = MUNICIPALITIES.filter((m) => LOMBARDY.includes(m.provinceCode));
    expect(towns.length).toBeGreaterThan(1490);
    const served = new Map<string, number>();
    for (const town of towns) {
      const office = competentOffice(town, offices.rows, (p) => capitals.get(p));
      expect(office?.provinceCode, town.name).toBe(town.provinceCode);
      served.set(office!.code, (served.get(office!.code) ?? 0) + 1);
    }
    // Every office serves at least its own town.
    for (const o of offices.rows) expect(served.get(o.code) ?? 0, o.code).toBeGreaterThan(0);
  });

  it('suggests the competent office for towns without one: Cernobbio and Menaggio → Como, Parabiago → Legnano', async () => {
    const cases: [string, string, string][] = [['Cernobbio', 'Cernobbio', 'CO01'], ['menaggio', 'Menaggio', 'CO01'], ['PARABIAGO', 'Parabiago', 'MI03'],
      ['cantu', 'Cantù', 'CO02'], ["sant'omobono", "Sant'Omobono Terme", 'BG01'], ['Casalpusterlengo', 'Casalpusterlengo', 'LO02'], ['Sesto San Giovanni', 'Sesto San Giovanni', 'MI02']];
    for (const [q, name, code] of cases) {
      const r = await get(server, `/api/towns?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      responses.towns.parse(r.body);
      const hit = r.body.items[0];
      expect([hit.name, hit.office.code], q).toEqual([name, code]);
    }
    const inProvince = await get(server, '/api/towns?q=ca&province=co');
    expect(inProvince.body.items.length).toBeGreaterThan(0);
    expect(inProvince.body.items.every((t: any) => t.provinceCode === 'CO')).toBe(true);
    expect((await get(server, '/api/towns?q=Agrigento')).body.items).toEqual([]); // not a province served here
    expect((await get(server, '/api/towns?q=x')).status).toBe(400);
  });
});
