import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdHeaders } from '../support/challenge.js';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { addDays } from '../../src/domain/schedule/time.js';
import { romeDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';

/**
 * The promise of DESIGN.md §5, proven over HTTP on both databases: many concurrent clients
 * on the same places never overbook, one person gets one booking, and retries with the
 * same Idempotency-Key book once.
 */
describe.each(testDatabases)('booking under concurrency on $name', (database) => {
  let server: TestServer;
  let deskId: string;
  let openSlots: string[];
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  /** Each client from an address of its own (X-Forwarded-For through the trusted loopback), with its challenge solved. */
  let clients = 0;
  const citizen = () => {
    const i = clients++;
    return holdHeaders(server.url, deskId, { address: `10.1.${Math.floor(i / 250)}.${i % 250}` });
  };

  async function book(start: string, person: number, key?: string): Promise<{ status: number; body: any }> {
    const hold = await post(`/api/desks/${deskId}/holds`, { start, channel: 'phone' }, await citizen());
    const h = await hold.json();
    if (hold.status !== 201) return { status: hold.status, body: h };
    const res = await post('/api/bookings', {
      hold: { id: h.holdId, token: h.holdToken }, taxCode: taxCodeFor(person), fullName: `Persona ${person}`,
      phone: `+39 333 ${String(1000000 + person).slice(-7)}`, channel: 'phone', language: 'it', consent: true,
    }, key ? { 'idempotency-key': key } : {});
    return { status: res.status, body: await res.json() };
  }

  beforeAll(async () => {
    // Hundreds of clients from one address here: the per-address limit on confirmations is off
    // (it is proved in booking-rate-limit.test.ts).
    const identity = defaultIdentitySettings();
    server = await startTestServer({ database, identity: { ...identity, rateLimits: { ...identity.rateLimits, booking: { max: 0, timeWindow: 60_000 } } } });
    deskId = (await createTestDesk(server.db, { places: 2 })).deskId;
    const res = await fetch(`${server.url}/api/desks/${deskId}/slots?from=${daysAfter(server.now(), 1)}&to=${daysAfter(server.now(), 6)}`);
    const body = await res.json();
    openSlots = body.days.flatMap((d: any) => d.slots.filter((s: any) => s.state === 'open').map((s: any) => s.start));
    expect(openSlots.length).toBeGreaterThan(150);
  });
  afterAll(async () => server.close());

  it('200 concurrent clients on 10 slots of 2 places: exactly 20 bookings, every other answer slot_full', async () => {
    const targets = openSlots.slice(0, 10);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => book(targets[i % 10]!, i)));
    const ok = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(ok).toHaveLength(20);
    expect(new Set(refused.map((r) => `${r.status} ${r.body.code}`))).toEqual(new Set(['409 slot_full']));
    const rows = await server.db.query<{ startsAt: Date; n: number }>(
      `SELECT starts_at AS "startsAt", count(*)::int AS n FROM booking WHERE desk_id = $1 AND status = 'booked' GROUP BY starts_at`,
      [deskId],
    );
    expect(rows.rows.map((r) => r.n)).toEqual(Array(10).fill(2));
    const slots = await server.db.query<{ taken: number; capacity: number }>('SELECT taken, capacity FROM slot WHERE desk_id = $1 AND taken > 0', [deskId]);
    for (const s of slots.rows) expect(s.taken).toBeLessThanOrEqual(s.capacity);
  });

  it('20 bookings moved at once into one slot of 2 places, with 20 new holds on it: exactly 2 places taken, every other booking where it was', async () => {
    // One claim path (migration 0041): a move takes its place like a hold does, under the same rules.
    const movers = await Promise.all(openSlots.slice(140, 160).map((start, i) => book(start, 9000 + i)));
    expect(movers.every((m) => m.status === 201)).toBe(true);
    const target = openSlots[165]!;
    const results = await Promise.all([
      ...movers.map(async (m, i) => {
        const r = await post('/api/bookings/move', { code: m.body.booking.code, taxCode: taxCodeFor(9000 + i), pin: m.body.pin, start: target });
        return { kind: 'move', status: r.status, body: await r.json() };
      }),
      ...Array.from({ length: 20 }, async () => {
        const r = await post(`/api/desks/${deskId}/holds`, { start: target, channel: 'phone' }, await citizen());
        return { kind: 'hold', status: r.status, body: await r.json() };
      }),
    ]);
    expect(results.filter((r) => r.status === 200 || r.status === 201)).toHaveLength(2);
    expect(new Set(results.filter((r) => r.status >= 300).map((r) => `${r.status} ${r.body.code}`))).toEqual(new Set(['409 slot_full']));
    // Counted from outside: the target has 2 live bookings or holds; each refused mover is still at its own slot.
    const live = await server.db.query<{ startsAt: Date; n: number }>(
      `SELECT starts_at AS "startsAt", count(*)::int AS n FROM booking WHERE desk_id = $1 AND status IN ('booked', 'held') AND starts_at = ANY($2::timestamptz[]) GROUP BY starts_at`,
      [deskId, [target, ...openSlots.slice(140, 160)]],
    );
    const byStart = new Map(live.rows.map((r) => [new Date(r.startsAt).toISOString(), r.n]));
    expect(byStart.get(new Date(target).toISOString())).toBe(2);
    const moved = results.filter((r) => r.kind === 'move' && r.status === 200).length;
    expect([...byStart.values()].reduce((a, b) => a + b, 0)).toBe(2 + 20 - moved);
    openSlots.slice(140, 160).forEach((start, i) => {
      const wasMoved = results[i]!.status === 200;
      expect(byStart.get(new Date(start).toISOString()) ?? 0).toBe(wasMoved ? 0 : 1);
    });
    const slots = await server.db.query<{ taken: number; capacity: number; n: number }>(
      `SELECT s.taken, s.capacity, (SELECT count(*)::int FROM booking b WHERE b.desk_id = s.desk_id AND b.starts_at = s.starts_at AND b.status IN ('booked', 'held')) AS n
         FROM slot s WHERE s.desk_id = $1`, [deskId]);
    for (const x of slots.rows) expect([x.taken <= x.capacity, x.taken]).toEqual([true, x.n]);
  });

  it('100 concurrent requests of the same tax code at one desk: exactly one booking', async () => {
    const targets = openSlots.slice(20, 120);
    const results = await Promise.all(targets.map((start) => book(start, 7777)));
    const ok = results.filter((r) => r.status === 201);
    expect(ok).toHaveLength(1);
    const others = results.filter((r) => r.status !== 201);
    expect(new Set(others.map((r) => `${r.status} ${r.body.code}`))).toEqual(new Set(['409 already_booked']));
    // the answer names no booking (no code, office or desk), and every refused hold was released at once
    expect(others.every((r) => r.body.existingCode === undefined && !/TT01|•••/.test(JSON.stringify(r.body)))).toBe(true);
    const held = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE desk_id = $1 AND status = 'held'", [deskId]);
    expect(held.rows[0]!.n).toBe(0);
    const n = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE tax_code = $1 AND status = 'booked'", [taxCodeFor(7777)]);
    expect(n.rows[0]!.n).toBe(1);
  });

  it('100 concurrent retries with the same Idempotency-Key: one booking, the same answer to all', async () => {
    const start = openSlots[130]!;
    const hold = await (await post(`/api/desks/${deskId}/holds`, { start, channel: 'phone' }, await citizen())).json();
    const body = {
      hold: { id: hold.holdId, token: hold.holdToken }, taxCode: taxCodeFor(8888), fullName: 'Anna Bianchi',
      phone: '+41 44 668 18 00', channel: 'phone', language: 'en', consent: true,
    };
    const results = await Promise.all(Array.from({ length: 100 }, async () => {
      const res = await post('/api/bookings', body, { 'idempotency-key': 'retry-after-timeout-0001' });
      return { status: res.status, body: await res.json(), replayed: res.headers.get('idempotent-replayed') };
    }));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => `${r.body.booking.code} ${r.body.pin}`)).size).toBe(1);
    expect(results.filter((r) => r.replayed === 'false')).toHaveLength(1);
    expect(results[0]!.body.booking.phone).toMatch(/^\+41 ••• ••• \d{4}$/);
    const n = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE tax_code = $1", [taxCodeFor(8888)]);
    expect(n.rows[0]!.n).toBe(1);
    // The same key with another request is refused, not replayed.
    const other = await post('/api/bookings', { ...body, fullName: 'Altra Persona' }, { 'idempotency-key': 'retry-after-timeout-0001' });
    expect([other.status, (await other.json()).code]).toEqual([422, 'idempotency_key_reused']);
    // The stored response does not hold the PIN in clear.
    const stored = await server.db.query<{ response: Uint8Array }>('SELECT response FROM idempotency_record');
    for (const r of stored.rows) expect(Buffer.from(r.response).toString('utf8')).not.toContain(results[0]!.body.pin);
  });
});

/** The local date (Europe/Rome) n days after instant `now`. */
function daysAfter(now: number, n: number): string {
  return addDays(romeDay(now), n);
}
