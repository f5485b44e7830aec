// A patronato with two clients booked today under a mandate, and the desk's operator who calls
// them through the console's real routes (manual telephony): shared by the integration and the
// browser tests of the call outcome going back to the patronato.
import { expect } from 'vitest';
import { addDays } from '../../src/domain/schedule/time.js';
import { taxCodeFor } from '../support/test-desk.js';
import { atSlot, operatorOf, setTelephony, staffClient, TODAY, type CallsServer, type Client } from './calls-support.js';

export interface Booked {
  id: string;
  code: string;
  pin: string;
  taxCode: string;
}

export interface OutcomeScene {
  op: Client;
  patronato: Client;
  other: Client;
  made: Booked[];
  /** The operator's call of a booking: answered, identity checked with the PIN the patronato passed on, ended. */
  called(b: Booked): Promise<void>;
  /** Records an outcome with the console's route; a second-level follow-up goes to the first free slot an hour ahead. */
  outcome(b: Booked, outcome: 'needs_documents' | 'second_level'): Promise<{ followUpCode: string | null }>;
}

export async function outcomeScene(s: CallsServer, tag: string): Promise<OutcomeScene> {
  const admin = await staffClient(s, `regione.${tag}`, [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }]);
  const op = await staffClient(s, `op.${tag}`, operatorOf());
  const patronato = await staffClient(s, `pat.${tag}.a`, [{ role: 'patronato_operator', scope: { kind: 'province', code: 'TT' } }]);
  const other = await staffClient(s, `pat.${tag}.b`, [{ role: 'patronato_operator', scope: { kind: 'province', code: 'TT' } }]);
  for (const [who, code] of [[patronato, `${tag}-A`], [other, `${tag}-B`]] as const) {
    const p = await admin.send('POST', '/api/staff/patronati', { name: `Patronato ${code}`, accreditationCode: code.toUpperCase() });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect((await admin.send('PUT', `/api/staff/patronati/${p.body.id}/operators/${who.userId}`)).status).toBe(200);
  }
  await setTelephony(s, 'manual');
  const slots = (await patronato.get(`/api/staff/patronato/desks/${s.deskId}/availability?from=${TODAY}&to=${TODAY}`)).body;
  const starts = (slots.days as { slots: { start: string; remaining: number }[] }[]).flatMap((d) => d.slots)
    .filter((x) => x.remaining > 0 && Date.parse(x.start) >= s.clock.now + 3600_000).map((x) => x.start);
  expect(starts.length).toBeGreaterThan(2);
  const book = async (i: number, start: string): Promise<Booked> => {
    const taxCode = taxCodeFor(7100 + i);
    const r = await patronato.send('POST', '/api/staff/patronato/bookings', {
      deskId: s.deskId, start, taxCode, fullName: `Assistito ${i}`, phone: `+39 333 71000${i}0`, channel: 'phone', language: 'it', consent: true,
      mandate: { date: addDays(TODAY, -2), subject: 'Domanda di assegno di inclusione' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = (await s.db.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [r.body.booking.code])).rows[0]!.id;
    return { id, code: r.body.booking.code as string, pin: r.body.pin as string, taxCode };
  };
  const made = [await book(1, starts[0]!), await book(2, starts[1]!)];
  expect((await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId })).status).toBe(200);

  const called = async (b: Booked) => {
    const item = (await op.get('/api/staff/operator/agenda')).body.items.find((x: { bookingId: string }) => x.bookingId === b.id);
    expect(item, 'the patronato booking is on the operator agenda').toBeTruthy();
    atSlot(s, item, 60_000);
    const c = await op.send('POST', '/api/staff/calls', { bookingId: b.id, adapter: 'manual' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'answered' });
    expect((await op.send('POST', `/api/staff/agenda/bookings/${b.id}/identity`, { taxCode: b.taxCode, pin: b.pin })).body.verified).toBe(true);
    await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'ended' });
  };
  const outcome = async (b: Booked, kind: 'needs_documents' | 'second_level') => {
    if (kind === 'needs_documents') {
      const r = await op.send('POST', `/api/staff/agenda/bookings/${b.id}/outcome`, { outcome: 'needs_documents', documents: ['isee'] });
      expect([r.status, r.body.outcome]).toEqual([200, 'needs_documents']);
      return { followUpCode: null };
    }
    const free = (await op.get(`/api/desks/${s.deskId}/slots?channel=phone&from=${TODAY}&to=${TODAY}`)).body.days
      .flatMap((d: { slots: unknown[] }) => d.slots)
      .filter((x: { state: string; remaining: number; start: string }) => x.state === 'open' && x.remaining > 0 && Date.parse(x.start) > s.clock.now + 3600_000);
    expect(free.length).toBeGreaterThan(0);
    // The per-person limit is the database's (its own now(), which the injected clock does not move):
    // today's booking still lies ahead for it, so the follow-up is a second active booking here.
    await s.db.query('UPDATE desk SET max_active_per_person = 2 WHERE id = $1', [s.deskId]);
    const r = await op.send('POST', `/api/staff/agenda/bookings/${b.id}/outcome`, { outcome: 'second_level', followUp: { deskId: s.deskId, start: free[0].start } });
    await s.db.query('UPDATE desk SET max_active_per_person = 1 WHERE id = $1', [s.deskId]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return { followUpCode: r.body.followUp.code as string };
  };
  return { op, patronato, other, made, called, outcome };
}
