// Refusals because the desk was full (issue 23, docs/planning.md), on both databases: a desk
// whose every place within its horizon is taken; requests for its first free place from the
// web (several addresses, one of them twice), the reception line, a patronato's page and a URP
// monitor, either side of midnight in Rome; 20 at once. Counted per desk, Rome day and source by
// one upsert, shown in the planner's hidden demand and in the forecast's demand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { fairAccess } from '../../src/booking/fair-access.js';
import { importOffices } from '../../src/catalog/import-offices.js';
import { parseOfficeFile } from '../../src/catalog/parse-office-file.js';
import { buildServer } from '../../src/http/server.js';
import { DEV_AUTH_SECRET } from '../../src/auth/settings.js';
import { demandByDay } from '../../src/monitoring/planning.repository.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';
import { TEST_FAIR_ACCESS } from '../support/server.js';
import { createStaff, sessionCookie, testSettings } from './identity-support.js';
import { addBooking } from './monitoring-support.js';

// Wednesday 1 April 2026, 23:50 in Rome (21:50 UTC); ten minutes later it is Thursday 2 April in Rome, still 1 April in UTC.
const BEFORE_MIDNIGHT = Date.parse('2026-04-01T21:50:00Z');
const AFTER_MIDNIGHT = Date.parse('2026-04-01T22:05:00Z');

const TREE = {
  region: { code: 'LOM', name: 'Lombardia' },
  provinces: [{ code: 'RR', name: 'Rifiuti', capital: 'Rifiutopoli' }],
  offices: [{
    province: 'RR', code: 'RR01', kind: 'agenzia', name: 'Sede RR01', town: 'Rifiutopoli',
    desks: [
      // One place a day at 09:00, two days ahead: full once seven bookings are written.
      { key: 'pieno', number: 1, name: 'Sportello pieno', nameEn: 'Full desk', slotMinutes: 10, horizonDays: 2, minNoticeMinutes: 0,
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '09:00', to: '09:10', places: 1 })) },
      { key: 'libero', number: 2, name: 'Sportello libero', nameEn: 'Free desk', slotMinutes: 10, horizonDays: 2, minNoticeMinutes: 0,
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '09:00', to: '10:00', places: 3 })) },
    ],
  }],
};

describe.each(testDatabases)('refusals because the desk was full on $name', (database) => {
  let db: Db;
  let app: FastifyInstance;
  let url: string;
  const clock = { now: BEFORE_MIDNIGHT };
  let full: { deskId: string; officeId: string; officeCode: string };
  let free: string;
  let reception: Record<string, string>;
  let urp: Record<string, string>;

  const firstFree = async (deskId: string, headers: Record<string, string>) => {
    const res = await fetch(`${url}/api/desks/${deskId}/first-available?channel=phone`, { headers });
    expect(res.status).toBe(200);
    return (await res.json() as { slot: unknown }).slot;
  };
  const web = (n: number) => ({ 'x-forwarded-for': `203.0.113.${n}` });
  const counts = async () => (await db.query<{ day: string; source: string; refusals: number }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, source, refusals FROM desk_refusal_day WHERE desk_id = $1 ORDER BY day, source`, [full.deskId])).rows;
  const hidden = async (scope: string, from: string, to: string) => {
    const res = await fetch(`${url}/api/monitoring/handling?scope=${scope}&from=${from}&to=${to}`, { headers: urp });
    const body = await res.json() as any;
    expect(res.status, JSON.stringify(body)).toBe(200);
    return body;
  };

  beforeAll(async () => {
    db = await database.open();
    const parsed = parseOfficeFile(JSON.stringify(TREE), 'json');
    if (!parsed.content) throw new Error(JSON.stringify(parsed.problems));
    await importOffices(db, parsed.content);
    const desks = (await db.query<{ key: string; deskId: string; officeId: string; officeCode: string }>(
      `SELECT d.key, d.id AS "deskId", o.id AS "officeId", o.code AS "officeCode" FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'RR01'`)).rows;
    full = desks.find((d) => d.key === 'pieno')!;
    free = desks.find((d) => d.key === 'libero')!.deskId;
    // Every place of the full desk from 1 to 7 April (07:00 UTC = 09:00 in Rome, summer time).
    for (let d = 1; d <= 7; d++) await addBooking(db, full, `2026-04-0${d}T07:00:00Z`, 10);
    const settings = testSettings();
    const secret = deriveBookingSecret(DEV_AUTH_SECRET);
    const booking = bookingDeps(db, secret, { now: () => clock.now, fairAccess: fairAccess(secret, TEST_FAIR_ACCESS) });
    app = await buildServer({ db, booking, identity: settings, monitoring: { pushSeconds: 1, eventsSettleSeconds: 0 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const as = async (username: string, grants: Parameters<typeof createStaff>[1]['grants']) => {
      const s = await sessionCookie(db, settings, { userId: await createStaff(db, { username, grants }) });
      return { cookie: s.cookie, 'x-csrf-token': s.csrf };
    };
    reception = await as('reception.rr', [{ role: 'reception_agent', scope: { kind: 'province', code: 'RR' } }]);
    urp = await as('urp.rr', [{ role: 'urp_monitor', scope: { kind: 'region', code: 'LOM' } }]);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('counts each refusal once per source and Rome day; a free desk, a repeat from one address and a monitor count nothing', async () => {
    expect(await firstFree(free, web(1))).not.toBeNull();
    for (const n of [1, 2, 3, 1]) expect(await firstFree(full.deskId, web(n))).toBeNull();
    for (let i = 0; i < 2; i++) expect(await firstFree(full.deskId, reception)).toBeNull();
    expect(await firstFree(full.deskId, urp)).toBeNull();
    // A patronato's page (here the reception line booking for a patronato): 14 days asked, nothing free in the horizon either.
    const p = await fetch(`${url}/api/staff/patronato/desks/${full.deskId}/availability?from=2026-04-01&to=2026-04-03`, { headers: reception });
    expect(p.status).toBe(200);
    expect(await counts()).toEqual([
      { day: '2026-04-01', source: 'patronato', refusals: 1 },
      { day: '2026-04-01', source: 'reception', refusals: 2 },
      { day: '2026-04-01', source: 'web', refusals: 3 },
    ]);

    // Fifteen minutes later it is 2 April in Rome (still 1 April in UTC): a new day for every address.
    clock.now = AFTER_MIDNIGHT;
    for (const n of [1, 4]) expect(await firstFree(full.deskId, web(n))).toBeNull();
    expect((await counts()).filter((c) => c.day === '2026-04-02')).toEqual([{ day: '2026-04-02', source: 'web', refusals: 2 }]);
  });

  it('20 refusals at the same moment count 20 (one upsert each, no lost update)', async () => {
    const slots = await Promise.all(Array.from({ length: 20 }, (_, i) => firstFree(full.deskId, web(100 + i))));
    expect(slots.every((s) => s === null)).toBe(true);
    expect((await counts()).find((c) => c.day === '2026-04-02' && c.source === 'web')!.refusals).toBe(22);
    // Still one row per desk, day and source.
    expect(await counts()).toHaveLength(4);
  });

  it('the planner shows them per desk, office and day; the forecast counts them as demand', async () => {
    const day1 = await hidden(`desk:${full.deskId}`, '2026-04-01', '2026-04-01');
    expect(day1.hidden).toMatchObject({ fullRefusals: 6, fullRefusalsBySource: { web: 3, reception: 2, patronato: 1, staff: 0 } });
    const day2 = await hidden(`desk:${full.deskId}`, '2026-04-02', '2026-04-02');
    expect(day2.hidden).toMatchObject({ fullRefusals: 22, fullRefusalsBySource: { web: 22, reception: 0, patronato: 0, staff: 0 } });
    const office = await hidden(`office:${full.officeId}`, '2026-04-01', '2026-04-02');
    expect(office.hidden.fullRefusals).toBe(28);
    expect(office.children.map((c: any) => [c.name, c.hidden.fullRefusals])).toEqual([['Sportello pieno', 28], ['Sportello libero', 0]]);
    // Per period (Rome days), shown even with no call in them.
    const daily = await hidden(`office:${full.officeId}`, '2026-04-01', '2026-04-02&granularity=day');
    expect(daily.periods.map((p: any) => [p.period, p.fullRefusals, p.handling.calls])).toEqual([['2026-04-01', 6, 0], ['2026-04-02', 22, 0]]);
    expect((await hidden('region:LOM', '2026-03-31', '2026-03-31')).hidden.fullRefusals).toBe(0);

    // Two of the refused joined the waiting list on 1 April: demand is the larger of joins and refusals, never both.
    for (const k of [0, 1]) {
      await db.query(
        `INSERT INTO waitlist_entry (desk_id, token_hash, tax_code, full_name, phone, consent_at, created_at) VALUES ($1, 'x', $2, 'Attesa', '+390200000009', $3, $3)`,
        [full.deskId, `TSTWLT00A01F20${k}X`, new Date('2026-04-01T10:00:00Z')]);
    }
    const demand = await demandByDay(db, [full.deskId], Date.parse('2026-03-31T22:00:00Z'), Date.parse('2026-04-02T22:00:00Z'));
    expect(demand.sort((a, b) => (a.day < b.day ? -1 : 1)).map((d) => [d.day, d.n])).toEqual([['2026-04-01', 6], ['2026-04-02', 22]]);
  });
});
