import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/schedule/time.js';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { holdHeaders } from '../support/challenge.js';
import { romeDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { createStaff, sessionCookie } from './identity-support.js';

type Who = { cookie: string; csrf: string };

/**
 * The patronato share holds under concurrency (on real PostgreSQL: many connections at once).
 * Slots of 10 places, 2 kept for priority citizens and 3 for patronati; on each slot, at the
 * same moment: web citizens (holds then confirmations), ordinary and priority callers of the
 * reception line, and two patronati. Whatever the interleaving: never more than 10 places;
 * citizens (ordinary and priority) never take the patronato share; ordinary callers and
 * patronati never take the priority share; and with this much demand every place is taken.
 */
describe.each(testDatabases)('the patronato share under concurrency on $name', (database) => {
  let server: TestServer;
  let deskId: string;
  let agent: Who;
  const ops: Who[] = [];
  let starts: string[];
  const settings = defaultIdentitySettings();

  const post = (path: string, who: Who | null, body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}), ...headers },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const person = (i: number) => ({ taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: `+39 333 ${String(3000000 + i).slice(-7)}`, channel: 'phone', language: 'it', consent: true });

  beforeAll(async () => {
    const identity = defaultIdentitySettings();
    server = await startTestServer({ database, identity: { ...identity, rateLimits: { ...identity.rateLimits, booking: { max: 0, timeWindow: 60_000 } } } });
    deskId = (await createTestDesk(server.db, { places: 10, slotMinutes: 30 })).deskId;
    await server.db.query('UPDATE desk SET priority_percent = 20, priority_release_hours = 24, patronato_percent = 30, patronato_release_hours = 48 WHERE id = $1', [deskId]);
    agent = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'numero.tt', grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'TT' } }] }) });
    for (const [i, code] of ['PAT-A', 'PAT-B'].entries()) {
      const p = await server.db.query<{ id: string }>("INSERT INTO patronato (name, accreditation_code, region_code) VALUES ($1, $2, 'LOM') RETURNING id", [`Patronato ${code}`, code]);
      const user = await createStaff(server.db, { username: `op${i}.tt`, grants: [{ role: 'patronato_operator', scope: { kind: 'province', code: 'TT' } }] });
      await server.db.query('UPDATE staff_user SET patronato_id = $2 WHERE id = $1', [user, p.rows[0]!.id]);
      ops.push(await sessionCookie(server.db, settings, { userId: user }));
    }
    const day = addDays(romeDay(server.now()), 6); // every clock is more than 48 hours before: both shares kept
    const body = await (await fetch(`${server.url}/api/desks/${deskId}/slots?from=${day}&to=${day}`)).json();
    starts = body.days[0].slots.slice(0, 4).map((s: any) => s.start);
    expect(starts).toHaveLength(4);
  });
  afterAll(async () => server.close());

  it('never gives away a share to those it is not for, and fills every place', async () => {
    let n = 0;
    const requests: Promise<{ kind: string; status: number; body: any }>[] = [];
    for (const start of starts) {
      for (let i = 0; i < 8; i++) {
        const who = n++;
        requests.push((async () => {
          const hold = await post(`/api/desks/${deskId}/holds`, null, { start, channel: 'phone' }, await holdHeaders(server.url, deskId, { address: `10.9.${Math.floor(who / 250)}.${who % 250}` }));
          if (hold.status !== 201) return { kind: 'web', ...hold };
          return { kind: 'web', ...(await post('/api/bookings', null, { hold: { id: hold.body.holdId, token: hold.body.holdToken }, ...person(who) })) };
        })());
      }
      for (let i = 0; i < 6; i++) requests.push(post('/api/staff/bookings', agent, { deskId, start, ...person(n++) }).then((r) => ({ kind: 'reception', ...r })));
      for (let i = 0; i < 6; i++) requests.push(post('/api/staff/bookings', agent, { deskId, start, ...person(n++), priority: true }).then((r) => ({ kind: 'priority', ...r })));
      for (let i = 0; i < 12; i++) {
        requests.push(post('/api/staff/patronato/bookings', ops[i % 2]!, {
          deskId, start, ...person(n++), mandate: { date: romeDay(server.now()), subject: 'Pratica di prova' },
        }).then((r) => ({ kind: 'patronato', ...r })));
      }
    }
    const results = await Promise.all(requests);
    const refusals = new Set(results.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.code}`));
    expect([...refusals].every((r) => r === '409 slot_full'), [...refusals].join(', ')).toBe(true);
    expect(results.filter((r) => r.kind === 'patronato' && r.status === 201).length).toBeGreaterThanOrEqual(4 * 3);

    const rows = await server.db.query<{ startsAt: Date; ordinary: number; priority: number; patronato: number }>(
      `SELECT starts_at AS "startsAt",
              count(*) FILTER (WHERE patronato_id IS NULL AND NOT priority)::int AS ordinary,
              count(*) FILTER (WHERE patronato_id IS NULL AND priority)::int AS priority,
              count(*) FILTER (WHERE patronato_id IS NOT NULL)::int AS patronato
         FROM booking WHERE desk_id = $1 AND status IN ('held', 'booked') GROUP BY starts_at ORDER BY starts_at`,
      [deskId],
    );
    expect(rows.rows).toHaveLength(4);
    for (const r of rows.rows) {
      expect(r.ordinary + r.priority + r.patronato).toBe(10); // every place taken, none twice
      expect(r.ordinary).toBeLessThanOrEqual(5); // neither share
      expect(r.ordinary + r.priority).toBeLessThanOrEqual(7); // citizens never take the patronato share
      expect(r.ordinary + r.patronato).toBeLessThanOrEqual(8); // nor ordinary callers and patronati the priority share
      expect(r.patronato).toBeGreaterThanOrEqual(3);
    }
    const slots = await server.db.query<{ taken: number; takenPriority: number; takenPatronato: number }>(
      'SELECT taken, taken_priority AS "takenPriority", taken_patronato AS "takenPatronato" FROM slot WHERE desk_id = $1 AND taken > 0 ORDER BY starts_at', [deskId]);
    expect(slots.rows).toEqual(rows.rows.map((r) => ({ taken: 10, takenPriority: r.priority, takenPatronato: r.patronato })));
    // Each patronato booking has its mandate.
    const orphans = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM booking b WHERE b.patronato_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM patronato_mandate m WHERE m.booking_id = b.id)');
    expect(orphans.rows[0]!.n).toBe(0);
  });
});
