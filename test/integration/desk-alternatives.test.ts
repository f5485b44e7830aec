// A full desk suggests the nearest offices with a free place (issue 21, docs/citizen.md), on
// both databases: desks of the same kind only, at other offices, active, with a free place now,
// nearest first by great-circle distance (offices with no location after), at most three; the
// look-ups are not refusals; bad ids and channels are 4xx problems.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { fairAccess } from '../../src/booking/fair-access.js';
import { importOffices } from '../../src/catalog/import-offices.js';
import { parseOfficeFile } from '../../src/catalog/parse-office-file.js';
import { buildServer } from '../../src/http/server.js';
import { DEV_AUTH_SECRET } from '../../src/auth/settings.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';
import { TEST_FAIR_ACCESS } from '../support/server.js';
import { testSettings } from './identity-support.js';
import { addBooking } from './monitoring-support.js';

// Wednesday 1 April 2026, 08:00 in Rome (06:00 UTC).
const NOW = Date.parse('2026-04-01T06:00:00Z');
/** One place a day at 09:00 in Rome (07:00 UTC in April), two days ahead. */
const desk = (key: string, number: number, more: Record<string, unknown> = {}) => ({
  key, number, name: `Sportello ${key}`, nameEn: `Desk ${key}`, slotMinutes: 10, horizonDays: 2, minNoticeMinutes: 0,
  weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '09:00', to: '09:10', places: 1 })), ...more,
});
const office = (code: string, province: string, at: [number, number] | null, desks: unknown[]) => ({
  code, province, kind: 'agenzia', name: `Sede ${code}`, town: `Città ${code}`,
  ...(at ? { latitude: at[0], longitude: at[1] } : {}), desks,
});

const TREE = {
  region: { code: 'LOM', name: 'Lombardia' },
  provinces: [{ code: 'RR', name: 'Rossa', capital: 'Città RR01' }, { code: 'QQ', name: 'Quadra', capital: 'Città QQ01' }],
  offices: [
    office('RR01', 'RR', [45.0, 9.0], [desk('prestazioni', 1), desk('altro', 2)]), // the full desk's office
    office('RR02', 'RR', [45.01, 9.0], [desk('prestazioni', 1)]), // 1 km, full too
    office('RR03', 'RR', [45.02, 9.0], [desk('prestazioni', 1, { active: false })]), // 2 km, not taking bookings
    office('RR04', 'RR', [45.001, 9.0], [desk('altro', 1)]), // next door, another kind of desk only
    office('RR05', 'RR', [45.05, 9.0], [desk('prestazioni', 1)]), // 6 km, free
    office('QQ01', 'QQ', [45.1, 9.0], [desk('prestazioni', 1)]), // 11 km, free, another province
    office('QQ02', 'QQ', [45.3, 9.0], [desk('prestazioni', 1)]), // 33 km, free
    office('QQ03', 'QQ', [45.6, 9.0], [desk('prestazioni', 1)]), // 67 km, free: a fourth, not shown
    office('RR06', 'RR', null, [desk('prestazioni', 1)]), // nowhere known, free
  ],
};

describe.each(testDatabases)('alternatives of a full desk on $name', (database) => {
  let db: Db;
  let app: FastifyInstance;
  let url: string;
  const clock = { now: NOW };
  const desks = new Map<string, { deskId: string; officeId: string; officeCode: string }>();
  const deskOf = (code: string, key = 'prestazioni') => desks.get(`${code}/${key}`)!;
  const fill = async (code: string) => {
    for (let d = 1; d <= 4; d++) await addBooking(db, deskOf(code), `2026-04-0${d}T07:00:00Z`, 10);
  };
  const alternatives = async (deskId: string, query = '?channel=phone') => {
    const res = await fetch(`${url}/api/desks/${deskId}/alternatives${query}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() as any };
  };

  beforeAll(async () => {
    db = await database.open();
    const parsed = parseOfficeFile(JSON.stringify(TREE), 'json');
    if (!parsed.content) throw new Error(JSON.stringify(parsed.problems));
    await importOffices(db, parsed.content);
    const rows = (await db.query<{ key: string; deskId: string; officeId: string; officeCode: string }>(
      `SELECT d.key, d.id AS "deskId", o.id AS "officeId", o.code AS "officeCode" FROM desk d JOIN office o ON o.id = d.office_id`)).rows;
    for (const r of rows) desks.set(`${r.officeCode}/${r.key}`, r);
    await fill('RR01');
    await fill('RR02');
    const secret = deriveBookingSecret(DEV_AUTH_SECRET);
    const booking = bookingDeps(db, secret, { now: () => clock.now, fairAccess: fairAccess(secret, TEST_FAIR_ACCESS) });
    app = await buildServer({ db, booking, identity: testSettings(), monitoring: { pushSeconds: 1, eventsSettleSeconds: 0 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('stores the office location the file gives, and none when it gives none', async () => {
    const r = await db.query<{ code: string; latitude: number | null; longitude: number | null }>(
      "SELECT code, latitude, longitude FROM office WHERE code IN ('RR05', 'RR06') ORDER BY code");
    expect(r.rows).toEqual([{ code: 'RR05', latitude: 45.05, longitude: 9 }, { code: 'RR06', latitude: null, longitude: null }]);
  });

  it('suggests the nearest desks of the same kind with a free place, at most three, each with its first free slot', async () => {
    const full = await fetch(`${url}/api/desks/${deskOf('RR01').deskId}/first-available?channel=phone`);
    expect((await full.json() as { slot: unknown }).slot).toBeNull();
    const refusalsBefore = (await db.query<{ n: number }>('SELECT COALESCE(sum(refusals), 0)::int AS n FROM desk_refusal_day')).rows[0]!.n;

    const res = await alternatives(deskOf('RR01').deskId);
    expect(res.status).toBe(200);
    expect(res.body.alternatives).toEqual([
      { deskId: deskOf('RR05').deskId, officeId: deskOf('RR05').officeId, officeCode: 'RR05', officeName: 'Sede RR05', town: 'Città RR05', provinceCode: 'RR', distanceKm: 6, firstSlot: { start: '2026-04-01T09:00:00+02:00', end: '2026-04-01T09:10:00+02:00' } },
      expect.objectContaining({ officeCode: 'QQ01', distanceKm: 11, deskId: deskOf('QQ01').deskId }),
      expect.objectContaining({ officeCode: 'QQ02', distanceKm: 33 }),
    ]);
    // Asking for alternatives refuses nobody: the planner's hidden demand is unchanged.
    const refusalsAfter = (await db.query<{ n: number }>('SELECT COALESCE(sum(refusals), 0)::int AS n FROM desk_refusal_day')).rows[0]!.n;
    expect(refusalsAfter).toBe(refusalsBefore);
  });

  it('drops a desk that became full, and reaches offices with no location after the located ones', async () => {
    await fill('RR05');
    await fill('QQ02');
    await fill('QQ03');
    clock.now += 2_000; // past the availability cache's second
    const res = await alternatives(deskOf('RR01').deskId);
    expect(res.status).toBe(200);
    expect(res.body.alternatives.map((a: any) => [a.officeCode, a.distanceKm])).toEqual([['QQ01', 11], ['RR06', null]]);
  });

  it('works for a desk that is not full, and without a channel', async () => {
    const res = await alternatives(deskOf('RR01', 'altro').deskId, '');
    expect(res.status).toBe(200);
    expect(res.body.alternatives.map((a: any) => a.officeCode)).toEqual(['RR04']);
  });

  it('answers bad input with a problem', async () => {
    const cases: [string, string, number, string][] = [
      ['not-a-uuid', '?channel=phone', 400, 'invalid_input'],
      ['00000000-0000-4000-8000-000000000000', '?channel=phone', 404, 'not_found'],
      [deskOf('RR03').deskId, '?channel=phone', 409, 'desk_inactive'],
      [deskOf('RR01').deskId, '?channel=fax', 400, 'invalid_input'],
      [deskOf('RR01').deskId, '?channel=video', 422, 'channel_not_offered'],
      [deskOf('RR01').deskId, '?limit=99', 400, 'invalid_input'],
    ];
    for (const [id, query, status, code] of cases) {
      const res = await alternatives(id, query);
      expect([id, query, res.status, res.body.code]).toEqual([id, query, status, code]);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.title ?? res.body.detail).toBeTruthy();
    }
  });
});
