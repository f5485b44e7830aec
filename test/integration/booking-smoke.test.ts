import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTaxCode } from '../../src/domain/person/tax-code.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';

describe.each(testDatabases)('booking smoke on $name', (database) => {
  let server: TestServer;
  let deskId: string;
  beforeAll(async () => {
    server = await startTestServer(database);
    deskId = (await createTestDesk(server.db)).deskId;
  });
  afterAll(async () => server.close());

  it('holds, books, looks up, moves and cancels', async () => {
    for (const i of [0, 1, 500, 9999]) expect(checkTaxCode(taxCodeFor(i)).ok).toBe(true);
    const first = await (await fetch(`${server.url}/api/desks/${deskId}/first-available`)).json();
    expect(first.slot).not.toBeNull();
    const hold = await fetch(`${server.url}/api/desks/${deskId}/holds`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ start: first.slot.start, channel: 'phone' }),
    });
    const h = await hold.json();
    expect(hold.status, JSON.stringify(h)).toBe(201);
    const book = await fetch(`${server.url}/api/bookings`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'smoke-key-1' },
      body: JSON.stringify({ hold: { id: h.holdId, token: h.holdToken }, taxCode: taxCodeFor(1), fullName: 'Mario Rossi', phone: '333 123 4567', channel: 'phone', language: 'it', consent: true, topic: 'altro' }),
    });
    const b = await book.json();
    expect(book.status, JSON.stringify(b)).toBe(201);
    expect(b.booking.code).toMatch(/^TT01-1-[2-9A-HJKMNP-Z]{5}$/);
    expect(b.pin).toMatch(/^\d{6}$/);
    const events = await server.db.query<{ kind: string; actor: string }>('SELECT kind, actor FROM booking_event ORDER BY id');
    expect(events.rows.map((e) => e.kind)).toEqual(['held', 'booked']);
  });
});
