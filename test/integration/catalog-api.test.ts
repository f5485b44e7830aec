import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availabilityResponse } from '../../src/booking/routes.schema.js';
import { responses } from '../../src/catalog/routes.schema.js';
import { problemSchema } from '../../src/platform/openapi.js';
import { isWorkingDay, romeDay, romeTime, tickingClock } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

async function get(server: TestServer, path: string): Promise<{ status: number; type: string; body: any }> {
  const res = await fetch(server.url + path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
}

describe.each(testDatabases)('catalog HTTP API on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    // A chosen clock: Friday 27 November 2026, 09:00 in Rome. The Milan desk's two weeks below are
    // fixed facts of that calendar (7 December, Milan's patron day, on a Monday; 8 December a
    // national holiday), always ahead of this clock whatever the day the suite runs.
    server = await startTestServer({ database, now: tickingClock(romeTime('2026-11-27', 9)) });
  });
  afterAll(async () => server.close());

  it('answers /healthz and /readyz', async () => {
    expect((await get(server, '/healthz')).body).toEqual({ status: 'ok' });
    expect((await get(server, '/readyz')).body).toEqual({ status: 'ready', database: database.name });
  });

  it("answers on the server's clock (a working day ahead), its Date header too", async () => {
    const res = await fetch(`${server.url}/healthz`);
    const said = Date.parse(res.headers.get('date')!);
    expect(Math.abs(said - server.now())).toBeLessThan(5_000);
    expect(Math.abs(said - Date.now())).toBeGreaterThan(3_600_000); // not the machine's clock
    expect(isWorkingDay(romeDay(server.now()))).toBe(true);
  });

  it('lists the 12 provinces and the 35 demo offices', async () => {
    const provinces = await get(server, '/api/provinces');
    responses.provinces.parse(provinces.body);
    expect(provinces.body.items).toHaveLength(12);
    expect(provinces.body.items.find((p: any) => p.code === 'MI').receptionPhone).toBe('+390285622000');
    const offices = await get(server, '/api/offices');
    responses.offices.parse(offices.body);
    expect(offices.body.items).toHaveLength(35);
    const mi = await get(server, '/api/offices?province=mi');
    expect(mi.body.items.every((o: any) => o.provinceCode === 'MI')).toBe(true);
    const cantu = await get(server, '/api/offices?q=CANTU');
    expect(cantu.body.items.map((o: any) => o.name)).toEqual(['Cantù']);
  });

  it('shows Como with 3 desks and the others with 2', async () => {
    const offices = (await get(server, '/api/offices')).body.items as { id: string; name: string; deskCount: number }[];
    for (const o of offices) expect(o.deskCount, o.name).toBe(o.name === 'Como' ? 3 : 2);
    const como = offices.find((o) => o.name === 'Como')!;
    const detail = await get(server, `/api/offices/${como.id}`);
    responses.office.parse(detail.body);
    expect(detail.body.desks.map((d: any) => d.number)).toEqual([1, 2, 3]);
    expect(detail.body.localHolidays).toEqual([{ date: '08-31', name: "Sant'Abbondio" }]);
    const desk = await get(server, `/api/desks/${detail.body.desks[2].id}`);
    responses.desk.parse(desk.body);
    expect(desk.body.name.it).toBe('Sportello invalidità civile');
    expect(desk.body.weekly.length).toBeGreaterThan(0);
  });

  it("gives two weeks of a Milan desk's slots, skipping weekends, holidays and the patron day", async () => {
    const milano = (await get(server, '/api/offices?province=MI')).body.items.find((o: any) => o.code === 'MI01');
    const office = (await get(server, `/api/offices/${milano.id}`)).body;
    const slots = await get(server, `/api/desks/${office.desks[0].id}/slots?from=2026-11-30&to=2026-12-13`);
    expect(slots.status).toBe(200);
    availabilityResponse.parse(slots.body);
    const days = slots.body.days as any[];
    expect(days).toHaveLength(14);
    const closed = Object.fromEntries(days.filter((d) => !d.open).map((d) => [d.date, d.closedReason]));
    expect(closed).toEqual({
      '2026-12-05': 'weekend_or_no_opening', '2026-12-06': 'weekend_or_no_opening',
      '2026-12-07': 'local_holiday', '2026-12-08': 'national_holiday',
      '2026-12-12': 'weekend_or_no_opening', '2026-12-13': 'weekend_or_no_opening',
    });
    for (const d of days.filter((x) => x.open)) {
      expect(d.slots.length).toBeGreaterThan(0);
      expect(d.slots[0].start).toBe(`${d.date}T08:30:00+01:00`);
      expect(d.full).toBe(false);
    }
    // Tuesday has the afternoon opening too: 30 morning slots of 8 minutes + 12 in the afternoon.
    expect(days.find((d) => d.date === '2026-12-01').slots).toHaveLength(42);
    expect(days.find((d) => d.date === '2026-11-30').slots).toHaveLength(30);
  });

  it('answers bad input with problem+json in Italian and English', async () => {
    const cases = [
      ['/api/desks/not-an-id/slots', 400, 'invalid_input'],
      ['/api/offices?province=Milano', 400, 'invalid_input'],
      ['/api/offices?unknown=1', 400, 'invalid_input'],
      ['/api/desks/00000000-0000-4000-8000-000000000000', 404, 'not_found'],
      ['/api/offices/00000000-0000-4000-8000-000000000000', 404, 'not_found'],
      ['/api/desks/00000000-0000-4000-8000-000000000000/slots', 404, 'not_found'],
      ['/api/nowhere', 404, 'not_found'],
    ] as const;
    for (const [path, status, code] of cases) {
      const r = await get(server, path);
      expect([path, r.status, r.body.code]).toEqual([path, status, code]);
      expect(r.type).toContain('application/problem+json');
      problemSchema.parse(r.body);
      expect(r.body.messages.it).not.toBe(r.body.messages.en);
    }
    const desk = (await get(server, '/api/offices')).body.items[0];
    const office = (await get(server, `/api/offices/${desk.id}`)).body;
    const tooLong = await get(server, `/api/desks/${office.desks[0].id}/slots?from=2026-01-01&to=2026-12-31`);
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'invalid_range']);
    const reversed = await get(server, `/api/desks/${office.desks[0].id}/slots?from=2026-12-10&to=2026-12-01`);
    expect(reversed.body.code).toBe('invalid_range');
    const badDate = await get(server, `/api/desks/${office.desks[0].id}/slots?from=2026-02-30`);
    expect([badDate.status, badDate.body.code, badDate.body.fields[0].path]).toEqual([400, 'invalid_input', 'querystring.from']);
  });

  it('publishes an OpenAPI document and a docs page', async () => {
    const doc = await get(server, '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const p of ['/api/provinces', '/api/offices', '/api/offices/{id}', '/api/desks/{id}', '/api/desks/{id}/slots', '/readyz']) {
      expect(Object.keys(doc.body.paths)).toContain(p);
    }
    const page = await fetch(server.url + '/api/docs/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });
});
