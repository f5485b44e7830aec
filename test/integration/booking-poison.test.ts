import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/schedule/time.js';
import { holdHeaders } from '../support/challenge.js';
import { romeDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';

/**
 * One request's bad input never fails another's (issue 16 §1), over HTTP on both databases:
 * honest confirmations in flight together with poisoned ones — a NUL, a lone surrogate, 1 MB of
 * text, made-up holds, and poisoned confirmations of real holds — every honest one books, every
 * poisoned one gets a 4xx problem+json, and a poisoned real hold is still a hold, unwritten.
 */
describe.each(testDatabases)('poisoned confirmations among honest ones on $name', (database) => {
  let server: TestServer;
  let deskId: string;
  let slots: string[];

  const post = async (path: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : null };
  };
  /** Client k's own address, through the loopback proxy the test server trusts. */
  const address = (k: number) => `198.51.${100 + (k >> 8)}.${k & 255}`;
  const hold = async (k: number, start: string) => {
    const headers = await holdHeaders(server.url, deskId, { address: address(k) });
    const r = await post(`/api/desks/${deskId}/holds`, { start, channel: 'phone' }, headers);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { id: r.body.holdId as string, token: r.body.holdToken as string };
  };
  const person = (i: number) => ({
    taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: `+39 347 ${String(3_000_000 + i).slice(-7)}`,
    channel: 'phone', language: 'it', consent: true,
  });

  beforeAll(async () => {
    server = await startTestServer({ database });
    deskId = (await createTestDesk(server.db, { code: 'PZ01', places: 1 })).deskId;
    const today = romeDay(server.now());
    const res = await fetch(`${server.url}/api/desks/${deskId}/slots?from=${addDays(today, 1)}&to=${addDays(today, 10)}`);
    slots = (await res.json()).days.flatMap((d: any) => d.slots.filter((s: any) => s.state === 'open').map((s: any) => s.start));
    expect(slots.length).toBeGreaterThan(60);
  });
  afterAll(async () => server.close());

  it('every honest confirmation books, every poisoned one is a 4xx, and a poisoned real hold stays a hold', async () => {
    const honest = await Promise.all(Array.from({ length: 40 }, (_, k) => hold(k, slots[k]!)));
    const victims = await Promise.all(Array.from({ length: 6 }, (_, k) => hold(100 + k, slots[40 + k]!)));
    const fake = () => ({ id: crypto.randomUUID(), token: 'x'.repeat(43) });
    const poisons: { hold: { id: string; token: string }; over: Record<string, unknown> }[] = [
      ...victims.map((h, k) => ({ hold: h, over: [{ fullName: 'Mario\u0000Rossi' }, { topic: 'pensione\ud800' }, { notes: 'nota \udc00' }][k % 3]! })),
      { hold: fake(), over: { fullName: 'Nome\u0000' } },
      { hold: fake(), over: { fullName: 'Nome \ud800' } },
      { hold: fake(), over: { notes: 'x'.repeat(1_000_000) } },
      { hold: fake(), over: {} },
      { hold: fake(), over: { fullName: { nested: 'object' } } },
    ];
    const sent = [
      ...honest.map((h, k) => post('/api/bookings', { hold: h, ...person(7000 + k) }, { 'x-forwarded-for': address(k), 'idempotency-key': `poison-honest-${k}-0000` })
        .then((r) => ({ honest: true, r }))),
      ...poisons.map((p, k) => post('/api/bookings', { hold: p.hold, ...person(8000 + k), ...p.over }, { 'x-forwarded-for': address(200) })
        .then((r) => ({ honest: false, r }))),
    ];
    const answers = await Promise.all(sent);
    const honestStatuses = answers.filter((a) => a.honest).map((a) => a.r.status);
    // a body far larger than a citizen's request is refused while it is read
    expect(answers.filter((a) => !a.honest).map((a) => a.r.body?.code)).toContain('payload_too_large');
    expect(honestStatuses).toEqual(Array(40).fill(201));
    for (const a of answers.filter((x) => !x.honest)) {
      expect(a.r.status, JSON.stringify(a.r.body)?.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(a.r.status).toBeLessThan(500);
      expect(a.r.type).toMatch(/^application\/problem\+json/);
      expect(a.r.body).toMatchObject({ code: expect.any(String), messages: { it: expect.any(String), en: expect.any(String) } });
    }
    const rows = await server.db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM booking WHERE desk_id = $1 GROUP BY status ORDER BY status', [deskId],
    );
    expect(rows.rows).toEqual([{ status: 'booked', n: 40 }, { status: 'held', n: 6 }]);
    const written = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM booking WHERE id = ANY($1) AND tax_code IS NOT NULL', [victims.map((v) => v.id)]);
    expect(written.rows[0]!.n).toBe(0);
  });
});
