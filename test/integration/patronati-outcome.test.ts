import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/schedule/time.js';
import { testDatabases } from '../support/databases.js';
import { taxCodeFor } from '../support/test-desk.js';
import { atSlot, operatorOf, setTelephony, staffClient, startCallsServer, TODAY, type CallsServer, type Client } from './calls-support.js';

/**
 * The call outcome a patronato gets back (issue 19 §1), through the real routes on both
 * databases: a patronato books two clients under a mandate for today's calls; the desk's
 * operator calls them from the console's routes and records "documents needed" for the first
 * and "second level" (a follow-up booked on a free slot) for the second; the patronato's list of
 * calls then shows each outcome and the follow-up's booking code, and another patronato sees
 * neither booking.
 */
describe.each(testDatabases)('the call outcome back to the patronato on $name', (database) => {
  let s: CallsServer;
  let op: Client;
  let patronato: Client;
  let other: Client;
  const made: { id: string; code: string; pin: string; taxCode: string }[] = [];

  const book = async (i: number, start: string) => {
    const taxCode = taxCodeFor(7100 + i);
    const r = await patronato.send('POST', '/api/staff/patronato/bookings', {
      deskId: s.deskId, start, taxCode, fullName: `Assistito ${i}`, phone: `+39 333 71000${i}0`, channel: 'phone', language: 'it', consent: true,
      mandate: { date: addDays(TODAY, -2), subject: 'Domanda di assegno di inclusione' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = (await s.db.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [r.body.booking.code])).rows[0]!.id;
    return { id, code: r.body.booking.code as string, pin: r.body.pin as string, taxCode };
  };

  /** The operator's call of a booking, answered, identity checked with the PIN the patronato passed on, ended. */
  const called = async (b: (typeof made)[number]) => {
    const item = (await op.get('/api/staff/operator/agenda')).body.items.find((x: { bookingId: string }) => x.bookingId === b.id);
    expect(item, 'the patronato booking is on the operator agenda').toBeTruthy();
    atSlot(s, item, 60_000);
    const c = await op.send('POST', '/api/staff/calls', { bookingId: b.id, adapter: 'manual' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'answered' });
    expect((await op.send('POST', `/api/staff/agenda/bookings/${b.id}/identity`, { taxCode: b.taxCode, pin: b.pin })).body.verified).toBe(true);
    await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'ended' });
  };

  const mine = async (who: Client) => {
    const r = await who.get(`/api/staff/patronato/bookings?from=${TODAY}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items as { code: string; call: { state: string; outcome: string | null; followUpCode: string | null } | null }[];
  };

  beforeAll(async () => {
    s = await startCallsServer(database);
    const admin = await staffClient(s, 'regione.esiti', [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }]);
    op = await staffClient(s, 'op.esiti', operatorOf());
    patronato = await staffClient(s, 'pat.esiti.a', [{ role: 'patronato_operator', scope: { kind: 'province', code: 'TT' } }]);
    other = await staffClient(s, 'pat.esiti.b', [{ role: 'patronato_operator', scope: { kind: 'province', code: 'TT' } }]);
    for (const [who, code] of [[patronato, 'ESITI-A'], [other, 'ESITI-B']] as const) {
      const p = await admin.send('POST', '/api/staff/patronati', { name: `Patronato ${code}`, accreditationCode: code });
      expect(p.status, JSON.stringify(p.body)).toBe(201);
      expect((await admin.send('PUT', `/api/staff/patronati/${p.body.id}/operators/${who.userId}`)).status).toBe(200);
    }
    await setTelephony(s, 'manual');
    const slots = (await patronato.get(`/api/staff/patronato/desks/${s.deskId}/availability?from=${TODAY}&to=${TODAY}`)).body;
    const starts = (slots.days as { slots: { start: string; remaining: number }[] }[]).flatMap((d) => d.slots).filter((x) => x.remaining > 0).map((x) => x.start);
    const at10 = starts.filter((x) => Date.parse(x) >= s.clock.now + 3600_000);
    expect(at10.length).toBeGreaterThan(2);
    made.push(await book(1, at10[0]!), await book(2, at10[1]!));
    expect((await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId })).status).toBe(200);
  });
  afterAll(async () => s?.close());

  it('before the calls: both planned, no outcome', async () => {
    const list = await mine(patronato);
    expect(list.filter((b) => made.some((m) => m.code === b.code)).map((b) => b.call?.outcome ?? null)).toEqual([null, null]);
  });

  it('"documents needed" recorded by the operator reaches the patronato', async () => {
    await called(made[0]!);
    const r = await op.send('POST', `/api/staff/agenda/bookings/${made[0]!.id}/outcome`, { outcome: 'needs_documents', documents: ['isee'] });
    expect([r.status, r.body.outcome]).toEqual([200, 'needs_documents']);
    const b = (await mine(patronato)).find((x) => x.code === made[0]!.code)!;
    expect(b.call).toEqual({ state: 'done', outcome: 'needs_documents', followUpCode: null });
  });

  it('a follow-up booked by the operator reaches the patronato with its booking code', async () => {
    await called(made[1]!);
    const free = (await op.get(`/api/desks/${s.deskId}/slots?channel=phone&from=${TODAY}&to=${TODAY}`)).body.days
      .flatMap((d: { slots: unknown[] }) => d.slots)
      .filter((x: { state: string; remaining: number; start: string }) => x.state === 'open' && x.remaining > 0 && Date.parse(x.start) > s.clock.now + 3600_000);
    expect(free.length).toBeGreaterThan(0);
    // The per-person limit is the database's (its own now(), which the injected clock does not move):
    // today's booking still lies ahead for it, so the follow-up is a second active booking here.
    await s.db.query('UPDATE desk SET max_active_per_person = 2 WHERE id = $1', [s.deskId]);
    const r = await op.send('POST', `/api/staff/agenda/bookings/${made[1]!.id}/outcome`, { outcome: 'second_level', followUp: { deskId: s.deskId, start: free[0].start } });
    await s.db.query('UPDATE desk SET max_active_per_person = 1 WHERE id = $1', [s.deskId]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const followUpCode = r.body.followUp.code as string;
    expect(followUpCode).toMatch(/^TT01-1-/);
    const b = (await mine(patronato)).find((x) => x.code === made[1]!.code)!;
    expect(b.call).toEqual({ state: 'done', outcome: 'second_level', followUpCode });
    // The first keeps its own outcome.
    expect((await mine(patronato)).find((x) => x.code === made[0]!.code)!.call?.outcome).toBe('needs_documents');
  });

  it('another patronato sees neither booking nor outcome', async () => {
    const codes = (await mine(other)).map((b) => b.code);
    for (const m of made) expect(codes).not.toContain(m.code);
    for (const m of made) expect((await other.get(`/api/staff/bookings?code=${m.code}`)).body.items).toEqual([]);
  });
});
