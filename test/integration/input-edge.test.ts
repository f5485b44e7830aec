// The edge of the API (issue 16, sections 1 and 4): characters PostgreSQL cannot store,
// dates that do not exist, instants at the end of time, unknown references, a PBX without
// a key, a search with many results, and Fastify's own errors — each a 4xx problem+json
// with a stable code, never a 5xx, and nothing half-written.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { holdHeaders } from '../support/challenge.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { taxCodeFor } from '../support/test-desk.js';
import { createStaff, sessionCookie } from './identity-support.js';

interface Answer {
  status: number;
  type: string;
  body: any;
}

/** A raw HTTP request (no client-side URL or header checks), one connection each. */
function raw(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: any = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const isProblem = (a: Answer, status: number, code: string) => {
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  expect(a.type).toMatch(/^application\/problem\+json/);
  expect(a.body).toMatchObject({ status, code, messages: { it: expect.any(String), en: expect.any(String) } });
};

describe.each(testDatabases)('the edge of the API on $name', (database) => {
  let server: TestServer;
  let admin: { cookie: string; csrf: string };
  let desk: string;
  let office: string;
  const settings = defaultIdentitySettings();

  const send = (method: string, path: string, body?: unknown, who: { cookie: string; csrf: string } | null = admin, extra: Record<string, string> = {}) =>
    raw(
      server.url,
      method,
      path,
      {
        ...extra,
        ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body === undefined ? undefined : JSON.stringify(body),
    );
  const openSlots = async (deskId: string): Promise<string[]> =>
    (await send('GET', `/api/desks/${deskId}/slots`, undefined, null)).body.days.flatMap((d: any) => d.slots).filter((s: any) => s.state === 'open').map((s: any) => s.start);

  beforeAll(async () => {
    server = await startTestServer({ database });
    const id = await createStaff(server.db, {
      username: 'edge.admin',
      grants: [
        { role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } },
        { role: 'urp_monitor', scope: { kind: 'region', code: 'LOM' } },
        { role: 'reception_agent', scope: { kind: 'province', code: 'MI' } },
      ],
    });
    admin = await sessionCookie(server.db, settings, { userId: id });
    const row = (await server.db.query<{ desk: string; office: string }>(
      "SELECT d.id AS desk, o.id AS office FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'MI01' ORDER BY d.number LIMIT 1",
    )).rows[0]!;
    desk = row.desk;
    office = row.office;
  });
  afterAll(async () => server?.close());

  it('refuses U+0000 and lone surrogates in a confirmation with 400 invalid_characters naming the field, and writes nothing', async () => {
    const start = (await openSlots(desk))[0]!;
    const hold = await send('POST', `/api/desks/${desk}/holds`, { start, channel: 'phone' }, null, await holdHeaders(server.url, desk));
    expect(hold.status, JSON.stringify(hold.body)).toBe(201);
    const person = { taxCode: taxCodeFor(16001), fullName: 'Mario Rossi', phone: '+393331234567', channel: 'phone', language: 'it', consent: true };
    const booking = (over: Record<string, unknown>) => send('POST', '/api/bookings', { hold: { id: hold.body.holdId, token: hold.body.holdToken }, ...person, ...over }, null);

    for (const [field, value] of [['fullName', 'Mario\u0000Rossi'], ['topic', 'pensione\ud800'], ['notes', 'nota \udc00 sola']] as const) {
      const refused = await booking({ [field]: value });
      isProblem(refused, 400, 'invalid_characters');
      expect(refused.body.fields).toEqual([expect.objectContaining({ path: `body.${field}`, code: 'invalid_characters' })]);
    }
    const status = await server.db.query<{ status: string }>('SELECT status FROM booking WHERE id = $1', [hold.body.holdId]);
    expect(status.rows.map((r) => r.status)).toEqual(['held']);
    // The same hold still confirms with clean text; an emoji (a valid surrogate pair) is fine.
    const made = await booking({ notes: 'Grazie 🙂' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  });

  it('refuses U+0000 in a query string and a lone surrogate in a path, and stores text in NFC', async () => {
    isProblem(await send('GET', '/api/offices?q=Mil%00ano', undefined, null), 400, 'invalid_characters');
    isProblem(await send('GET', `/api/staff/users?q=a%00`), 400, 'invalid_characters');
    isProblem(await send('POST', '/api/staff/answers', { title: 'Bell\u0007', body: 'x', tags: [], provinceCode: null }), 400, 'invalid_characters');
    isProblem(await send('POST', '/api/staff/answers', { title: 'ok title', body: 'x', tags: ['a\u0000'], provinceCode: null }), 400, 'invalid_characters');
    isProblem(await send('POST', '/api/staff/privacy/export', { taxCode: taxCodeFor(3), reason: 'richiesta \ud83d' }), 400, 'invalid_characters');
    // A lone surrogate percent-encoded in a path (its three UTF-8-like bytes) is not a URL.
    isProblem(await send('GET', '/api/offices/%ED%A0%80'), 400, 'bad_url');

    const nfd = 'Perché la pensione e\u0301 sospesa'; // "é" as e + combining acute
    const created = await send('POST', '/api/staff/answers', { title: nfd, body: 'Tabs\tand\nnew lines stay.', tags: [], provinceCode: null });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.title).toBe(nfd.normalize('NFC'));
    expect(created.body.body).toBe('Tabs\tand\nnew lines stay.');
    const stored = await server.db.query<{ title: string }>('SELECT title FROM short_answer WHERE id = $1', [created.body.id]);
    expect(stored.rows[0]!.title).toBe(nfd.normalize('NFC'));
  });

  it('refuses dates that do not exist or fall outside 2000–2100 with a 400, never a 500', async () => {
    for (const day of ['2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31']) {
      isProblem(await send('GET', `/api/monitoring/live?day=${day}`), 400, 'invalid_input');
      isProblem(await send('GET', `/api/monitoring/export?table=contacts&from=2026-12-01&to=${day}`), 400, 'invalid_input');
      isProblem(await send('GET', `/api/staff/contacts/summary?date=${day}`), 400, 'invalid_input');
      isProblem(await send('GET', `/api/staff/audit?from=${day}`), 400, 'invalid_input');
    }
    isProblem(await send('GET', '/api/staff/audit?from=8'), 400, 'invalid_input');
    isProblem(await send('POST', `/api/staff/admin/offices/${office}/holidays`, { date: '02-30', name: 'Mai', preview: true }), 400, 'invalid_input');
    expect((await send('GET', '/api/monitoring/live?day=2028-02-29')).status).toBe(200);
    expect((await send('GET', `/api/staff/audit?from=2026-12-01&to=2026-12-31T23:00:00%2B01:00`)).status).toBe(200);
  });

  it('refuses a hold at the end of time (400) or beyond the horizon (409), not a RangeError', async () => {
    isProblem(await send('POST', `/api/desks/${desk}/holds`, { start: '9999-12-31T23:59:59Z', channel: 'phone' }, null), 400, 'invalid_input');
    isProblem(await send('POST', `/api/desks/${desk}/holds`, { start: '2099-12-31T08:00:00Z', channel: 'phone' }, null, await holdHeaders(server.url, desk)), 409, 'slot_beyond_horizon');
    isProblem(await send('POST', '/api/bookings/move', { code: 'MI01-1-AAAAA', taxCode: taxCodeFor(1), start: '9999-12-31T23:59:59Z' }, null), 400, 'invalid_input');
  });

  it('answers an unknown second-level desk with 422 and import-history without an API key with 503', async () => {
    const unknown = await send('PUT', `/api/staff/telephony/offices/${office}`, { adapter: 'simulated', settings: {}, secondLevelDeskId: '00000000-0000-4000-8000-000000000000' });
    isProblem(unknown, 422, 'invalid_input');
    expect(unknown.body.fields).toEqual([expect.objectContaining({ path: 'secondLevelDeskId', code: 'unknown_desk' })]);
    const kept = await server.db.query('SELECT 1 FROM office_telephony WHERE office_id = $1', [office]);
    expect(kept.rows).toEqual([]);

    // Settings missing what Wildix reads are refused; saved ones whose key variable is not set answer 503 at use.
    isProblem(await send('PUT', `/api/staff/telephony/offices/${office}`, { adapter: 'wildix', settings: {} }), 422, 'invalid_settings');
    expect((await send('PUT', `/api/staff/telephony/offices/${office}`, { adapter: 'wildix', settings: { baseUrl: 'https://pbx.example', apiKeyEnv: 'SPORTELLO_TEST_NO_SUCH_KEY' } })).status).toBe(200);
    const history = await send('POST', `/api/staff/telephony/offices/${office}/import-history`, { from: '2026-12-01T08:00:00Z', to: '2026-12-01T18:00:00Z' });
    isProblem(history, 503, 'telephony_unavailable');
    await send('PUT', `/api/staff/telephony/offices/${office}`, { adapter: 'simulated', settings: {} });
  });

  it('audits a staff search with more than 15 results (the codes in the details, not a 200-character resource id)', async () => {
    const phone = '+390299887766';
    const codes: string[] = [];
    const slots = await openSlots(desk);
    for (let i = 0; codes.length < 17 && i < slots.length; i++) {
      const made = await send('POST', '/api/staff/bookings', { deskId: desk, start: slots[i], taxCode: taxCodeFor(17000 + i), fullName: `Chiamante ${i}`, phone, channel: 'phone', language: 'it', consent: true });
      if (made.status === 201) codes.push(made.body.booking.code);
    }
    expect(codes.length).toBe(17);
    const found = await send('GET', `/api/staff/bookings?phone=${encodeURIComponent(phone)}`);
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body.items).toHaveLength(17);
    const audit = await server.db.query<{ resource_id: string | null; details: { codes: string[]; results: number } }>(
      "SELECT resource_id, details FROM audit_log WHERE action = 'staff.bookings.read' ORDER BY at DESC LIMIT 1",
    );
    expect(audit.rows[0]!.resource_id).toBeNull();
    expect([...audit.rows[0]!.details.codes].sort()).toEqual([...codes].sort());
  });

  it("answers Fastify's own errors as problem+json: bad URL, 413, 415, 431, invalid and poisoned JSON, deep nesting", async () => {
    isProblem(await raw(server.url, 'GET', '/api/offices/%E0%A4%A'), 400, 'bad_url');
    isProblem(await raw(server.url, 'GET', '/api/offices', { 'x-padding': 'h'.repeat(40_000) }), 431, 'headers_too_large');
    isProblem(await raw(server.url, 'GET', `/api/offices?q=${'u'.repeat(100_000)}`), 431, 'headers_too_large');
    isProblem(await raw(server.url, 'POST', '/api/bookings/lookup', { 'content-type': 'application/xml' }, '<a/>'), 415, 'unsupported_media_type');
    isProblem(await raw(server.url, 'POST', '/api/bookings/lookup', { 'content-type': 'application/json' }, JSON.stringify({ code: 'x'.repeat(2 * 1024 * 1024) })), 413, 'payload_too_large');
    isProblem(await raw(server.url, 'POST', '/api/bookings/lookup', { 'content-type': 'application/json' }, '{"code":'), 400, 'invalid_json');
    isProblem(await raw(server.url, 'POST', '/api/bookings/lookup', { 'content-type': 'application/json' }, '{"__proto__":{"admin":true},"code":"MI01-1-AAAAA"}'), 400, 'invalid_json');
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { a: deep };
    isProblem(await raw(server.url, 'POST', '/api/bookings/lookup', { 'content-type': 'application/json' }, JSON.stringify({ code: deep })), 400, 'too_deep');
  });
});
