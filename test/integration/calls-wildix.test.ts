// Contract tests of the Wildix adapter against a local server speaking the Wildix API as
// documented (../shared/VENDOR-APIS.md): make-call with a company API key and with the
// server-to-server JWT (checked by an independent implementation), errors (401, 404, down),
// hang-up, call history; and the webhook receiver of the real server, on both databases:
// unsigned and badly signed deliveries refused with nothing stored, repeats and
// out-of-order events processed once, unknown calls ignored, history imported.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelephonyUnavailable } from '../../src/adapters/telephony/port.js';
import { parseWildixWebhook, WildixTelephony } from '../../src/adapters/telephony/wildix.js';
import { testDatabases } from '../support/databases.js';
import { atSlot, bookToday, eventually, operatorOf, setTelephony, staffClient, startCallsServer, type CallsServer, type Client } from './calls-support.js';

const API_KEY = `wsk-v1-${'a1B2c3'.repeat(15)}abc`;
const APP = { id: 'app-123', name: 'sportello', secret: 'app-secret-for-tests' };
const WEBHOOK_SECRET = 'integration-secret-1';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
}

/** Independent check of the S2S JWT: signature, claims, and the hash of the canonical request. */
function checkJwt(token: string, req: Seen): string | null {
  const [h, p, sig] = token.split('.');
  if (!h || !p || !sig) return 'malformed';
  if (createHmac('sha256', APP.secret).update(`${h}.${p}`).digest('base64url') !== sig) return 'bad signature';
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  if (claims.iss !== APP.name) return 'iss';
  if (claims.exp - claims.iat !== 300) return 'exp';
  const pairs = (o: Record<string, unknown>) =>
    Object.entries(o)
      .map(([k, v]) => [k.toLowerCase(), String(v).trim()] as const)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}:${v};`)
      .join('');
  const headers: Record<string, string> = {};
  for (const name of claims.sign.headers as string[]) headers[name] = String(req.headers[name.toLowerCase()]);
  const canonical = req.method + req.path + pairs(headers) + pairs(Object.fromEntries(req.query)) + (req.method === 'GET' ? '' : pairs(req.body ?? {}));
  if (createHash('sha256').update(canonical).digest('hex') !== claims.sign.hash) return 'hash';
  return null;
}

/** A small Wildix PBX: call control v2 and the call history; records every request. */
function fakeWildix(o: { auth: 'apiKey' | 'jwt'; history?: unknown[] }) {
  const seen: Seen[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const r: Seen = { method: req.method!, path: url.pathname, query: url.searchParams, headers: req.headers, body: raw ? JSON.parse(raw) : null };
      seen.push(r);
      const json = (code: number, body: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const auth = req.headers.authorization ?? '';
      const okAuth = o.auth === 'apiKey' ? auth === `Bearer ${API_KEY}` : req.headers['x-app-id'] === APP.id && auth.startsWith('Bearer ') && checkJwt(auth.slice(7), r) === null;
      if (!okAuth) return json(401, { type: 'error', reason: 'Unauthorized' });
      if (status !== 200) return json(status, { type: 'error', reason: 'Not found' });
      if (r.method === 'POST' && r.path === '/api/v2/call-control/make-call/') {
        if (!url.searchParams.get('user') || typeof r.body?.destination !== 'string') return json(400, { type: 'error', reason: 'bad request' });
        return json(200, { type: 'result', result: 'Success' });
      }
      if (r.method === 'POST' && r.path === '/api/v2/call-control/hangup/') return json(200, { type: 'result', result: 'Success' });
      if (r.method === 'GET' && r.path === '/api/v1/PBX/CallHistory/') {
        const records = o.history ?? [];
        return json(200, { type: 'result', result: { records, total: records.length } });
      }
      return json(404, { type: 'error', reason: 'Not found' });
    });
  });
  return {
    seen,
    setStatus: (s: number) => (status = s),
    async start(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const a = server.address();
      return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const sign = (body: string, secret = WEBHOOK_SECRET) => createHmac('sha256', secret).update(body).digest('hex');

describe('Wildix adapter: call control and history against a local PBX', () => {
  it('make-call with a company API key: POST …/make-call/?user=<ext> { destination }', async () => {
    const pbx = fakeWildix({ auth: 'apiKey' });
    const base = await pbx.start();
    try {
      const w = new WildixTelephony({ baseUrl: base, auth: 'apiKey', apiKey: API_KEY });
      await w.originate({ callId: 'c1', extension: '201', destination: '+393331234567' });
      expect(pbx.seen[0]).toMatchObject({ method: 'POST', path: '/api/v2/call-control/make-call/', body: { destination: '+393331234567' } });
      expect(pbx.seen[0]!.query.get('user')).toBe('201');
      expect(pbx.seen[0]!.headers['content-type']).toBe('application/json');
      await w.hangup({ callId: 'c1', externalId: 'sip-1' });
      expect(pbx.seen[1]).toMatchObject({ path: '/api/v2/call-control/hangup/', body: { sipCallId: 'sip-1' } });
      // A key refused (or without the callcontrol scope): unavailable, with the reason.
      const bad = new WildixTelephony({ baseUrl: base, auth: 'apiKey', apiKey: 'wsk-v1-wrong' });
      await expect(bad.originate({ callId: 'c2', extension: '201', destination: '+39333' })).rejects.toMatchObject({ name: 'TelephonyUnavailable', httpStatus: 401 });
      // A PBX without call control v2.
      pbx.setStatus(404);
      await expect(w.originate({ callId: 'c3', extension: '201', destination: '+39333' })).rejects.toThrow(/no call control v2/);
    } finally {
      await pbx.close();
    }
  });

  it('make-call with the server-to-server JWT (X-APP-ID, HS256, signed canonical request)', async () => {
    const pbx = fakeWildix({ auth: 'jwt' });
    const base = await pbx.start();
    try {
      const w = new WildixTelephony({ baseUrl: base, auth: 'jwt', appId: APP.id, appName: APP.name, appSecret: APP.secret });
      await w.originate({ callId: 'c1', extension: '305', destination: '+390212345678' });
      expect(pbx.seen).toHaveLength(1);
      expect(pbx.seen[0]!.headers['x-app-id']).toBe(APP.id);
      const wrong = new WildixTelephony({ baseUrl: base, auth: 'jwt', appId: APP.id, appName: APP.name, appSecret: 'not-the-secret' });
      await expect(wrong.originate({ callId: 'c2', extension: '305', destination: '+39021' })).rejects.toBeInstanceOf(TelephonyUnavailable);
    } finally {
      await pbx.close();
    }
  });

  it('a PBX that is down fails fast as unavailable', async () => {
    const w = new WildixTelephony({ baseUrl: 'http://127.0.0.1:9', auth: 'apiKey', apiKey: API_KEY, timeoutMs: 1000 });
    await expect(w.originate({ callId: 'c', extension: '1', destination: '+39333' })).rejects.toBeInstanceOf(TelephonyUnavailable);
  });

  it('reads the call history with the documented query', async () => {
    const pbx = fakeWildix({ auth: 'apiKey', history: [{ id: '77', start: '2026-03-29 10:00:05', answer: '2026-03-29 10:00:20', end: '2026-03-29 10:04:20', src: '201', dst: '0039333111222', to_number: '+39333111222', billsec: '240', duration: '255', disposition: 'ANSWERED' }] });
    const base = await pbx.start();
    try {
      const w = new WildixTelephony({ baseUrl: base, auth: 'apiKey', apiKey: API_KEY });
      const updates = await w.importHistory(new Date('2026-03-29T07:00:00Z'), new Date('2026-03-29T18:00:00Z'));
      const q = pbx.seen[0]!.query;
      expect(q.get('dir')).toBe('DESC');
      expect(q.get('fields')).toContain('billsec');
      expect(q.get('filter[start][from]')).toBe('2026-03-29 09:00:00'); // Europe/Rome, the DST change day
      expect(updates[0]).toMatchObject({ state: 'ended', talkSeconds: 240, durationSeconds: 255, source: 'history', match: { extension: '201', destination: '+39333111222' } });
      expect(updates[0]!.answeredAt!.toISOString()).toBe('2026-03-29T08:00:20.000Z'); // CEST after 03:00
    } finally {
      await pbx.close();
    }
  });

  it('verifies x-signature on the raw body, then on its compact JSON', () => {
    const env = { id: 'call-1', type: 'call:completed', time: 1, data: { flows: [] } };
    const pretty = JSON.stringify(env, null, 2);
    expect(parseWildixWebhook(Buffer.from(pretty), sign(pretty), WEBHOOK_SECRET).ok).toBe(true);
    expect(parseWildixWebhook(Buffer.from(pretty), sign(JSON.stringify(env)), WEBHOOK_SECRET).ok).toBe(true);
    expect(parseWildixWebhook(Buffer.from(pretty), sign(pretty, 'other'), WEBHOOK_SECRET)).toMatchObject({ ok: false, status: 401 });
    expect(parseWildixWebhook(Buffer.from(pretty), undefined, WEBHOOK_SECRET)).toMatchObject({ ok: false, status: 401 });
    expect(parseWildixWebhook(Buffer.from(pretty), sign(pretty).toUpperCase(), WEBHOOK_SECRET).ok).toBe(true);
  });
});

describe.each(testDatabases)('Wildix webhooks into the console on $name', (database) => {
  let s: CallsServer;
  let op: Client;
  let admin: Client;
  let pbx: ReturnType<typeof fakeWildix>;
  const env = { SPORTELLO_TEST_WILDIX_KEY: API_KEY, SPORTELLO_TEST_WILDIX_SECRET: WEBHOOK_SECRET };

  beforeAll(async () => {
    pbx = fakeWildix({ auth: 'apiKey', history: [] });
    const base = await pbx.start();
    s = await startCallsServer(database, { calls: { env } });
    await setTelephony(s, 'wildix', { baseUrl: base, auth: 'apiKey', apiKeyEnv: 'SPORTELLO_TEST_WILDIX_KEY', webhookSecretEnv: 'SPORTELLO_TEST_WILDIX_SECRET' });
    op = await staffClient(s, 'wil.op', operatorOf());
    admin = await staffClient(s, 'wil.admin', [{ role: 'office_admin', scope: { kind: 'office', code: 'TT01' } }]);
    await bookToday(s, 2);
    await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '201' });
  });
  afterAll(async () => {
    await s?.close();
    await pbx?.close();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${s.url}/api/telephony/wildix/${s.officeId}/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const events = async () => (await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM call_event')).rows[0]!.n;

  it('places the call, then maps signed events once each, whatever their order', async () => {
    const item = (await op.get('/api/staff/operator/agenda')).body.items[0];
    atSlot(s, item);
    const started = await op.send('POST', '/api/staff/calls', { bookingId: item.bookingId });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const made = pbx.seen.find((r) => r.path === '/api/v2/call-control/make-call/')!;
    expect(made.query.get('user')).toBe('201');
    expect(made.body.destination).toBe(item.citizen.phone);

    const t0 = s.clock.now;
    const progress = JSON.stringify({
      id: 'wx-call-1', pbx: 'pbx1', company: 'inps', time: t0 + 1000, type: 'call:live:progress', integrationId: 'i1',
      data: { eventTrigger: 'call.start', start: new Date(t0 + 1000).toISOString(), flows: [{ flowIndex: 0, caller: { type: 'LOCAL', phone: '201', userExtension: '201' }, destination: item.citizen.phone, direction: 'OUTBOUND', remotePhone: item.citizen.phone, status: 'CONNECTING', talkTime: 0 }] },
    });
    const completed = JSON.stringify({
      id: 'wx-call-1', pbx: 'pbx1', company: 'inps', time: t0 + 200_000, type: 'call:completed', integrationId: 'i1',
      data: { endCause: '16', flows: [{ flowIndex: 0, startTime: t0 + 1000, endTime: t0 + 196_000, duration: 195_000, connectTime: 15_000, talkTime: 180_000, waitTime: 15_000, caller: { type: 'LOCAL', phone: '201', userExtension: '201' }, callee: { type: 'REMOTE', phone: item.citizen.phone }, destination: item.citizen.phone, direction: 'OUTBOUND', callStatus: 'COMPLETED' }] },
    });

    // Unsigned, and badly signed: 401, nothing stored.
    const before = await events();
    expect((await post(completed)).status).toBe(401);
    const bad = await post(completed, { 'x-signature': sign(completed, 'wrong-secret') });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as any).code).toBe('bad_signature');
    expect(await events()).toBe(before);

    // call:completed first (out of order), then repeated, then the late progress event.
    const r1 = await post(completed, { 'x-signature': sign(completed) });
    expect(r1.status).toBe(200);
    expect(await r1.json()).toMatchObject({ status: 'applied' });
    expect(await (await post(completed, { 'x-signature': sign(completed) })).json()).toMatchObject({ status: 'duplicate' });
    const late = await post(progress, { 'x-signature': sign(progress) });
    expect(await late.json()).toMatchObject({ status: 'stale' });
    expect(await (await post(progress, { 'x-signature': sign(progress) })).json()).toMatchObject({ status: 'duplicate' });

    const h = (await op.get(`/api/staff/agenda/bookings/${item.bookingId}/history`)).body;
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]).toMatchObject({ adapter: 'wildix', state: 'ended', talkSeconds: 180, durationSeconds: 195, timingSource: 'telephony' });
    expect(h.steps.filter((x: any) => x.kind === 'call_ended')).toHaveLength(1);
    const ext = await s.db.query<{ external_id: string; ringing_at: Date | null }>('SELECT external_id, ringing_at FROM call WHERE booking_id = $1', [item.bookingId]);
    expect(ext.rows[0]!.external_id).toBe('wx-call-1');
    expect(ext.rows[0]!.ringing_at).not.toBeNull(); // the late event still filled in its time
    await eventually(async () => (await op.get('/api/staff/operator/agenda')).body.items.find((i: any) => i.bookingId === item.bookingId)?.state === 'wrap_up');
  });

  it('maps an unanswered call to failed with its cause; ignores events of unknown calls', async () => {
    const item = (await op.get('/api/staff/operator/agenda')).body.items.find((i: any) => i.state === 'waiting');
    atSlot(s, item);
    expect((await op.send('POST', '/api/staff/calls', { bookingId: item.bookingId })).status).toBe(201);
    const missed = JSON.stringify({
      id: 'wx-call-2', time: s.clock.now + 40_000, type: 'call:completed',
      data: { endCause: '19', flows: [{ flowIndex: 0, startTime: s.clock.now, endTime: s.clock.now + 40_000, talkTime: 0, caller: { type: 'LOCAL', userExtension: '201', phone: '201' }, callee: { type: 'REMOTE', phone: item.citizen.phone.replace('+39', '0039') }, callStatus: 'MISSED' }] },
    });
    expect(await (await post(missed, { 'x-signature': sign(missed) })).json()).toMatchObject({ status: 'applied' });
    const call = (await op.get('/api/staff/operator/agenda')).body.items.find((i: any) => i.bookingId === item.bookingId).lastCall;
    expect(call).toMatchObject({ state: 'failed', cause: 'no_answer', causeCode: 19 });

    const stranger = JSON.stringify({ id: 'wx-other', time: 5, type: 'call:live:progress', data: { eventTrigger: 'call.start', flows: [{ flowIndex: 0, caller: { userExtension: '999' }, destination: '+390000000001' }] } });
    const r = await post(stranger, { 'x-signature': sign(stranger) });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'unknown_call' });
    const other = JSON.stringify({ id: 'x', time: 1, type: 'presence:update', data: {} });
    expect(await (await post(other, { 'x-signature': sign(other) })).json()).toMatchObject({ status: 'ignored' });
    expect((await post('not json', { 'x-signature': sign('not json') })).status).toBe(400);
  });

  it('imports the call history: real durations of our calls', async () => {
    const row = (await s.db.query<{ id: string; destination: string; requested_at: Date }>("SELECT id, destination, requested_at FROM call WHERE external_id = 'wx-call-2'")).rows[0]!;
    const start = new Date(row.requested_at);
    const rome = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'medium' }).format(d);
    const history = [{ id: 'h-9', start: rome(new Date(start.getTime() + 2000)), answer: '', end: rome(new Date(start.getTime() + 41_000)), src: '201', to_number: row.destination, billsec: '0', duration: '39', disposition: 'NO ANSWER' }];
    (pbx as any).seen.length = 0;
    const pbx2 = fakeWildix({ auth: 'apiKey', history });
    const base2 = await pbx2.start();
    try {
      await setTelephony(s, 'wildix', { baseUrl: base2, auth: 'apiKey', apiKeyEnv: 'SPORTELLO_TEST_WILDIX_KEY', webhookSecretEnv: 'SPORTELLO_TEST_WILDIX_SECRET' });
      const r = await admin.send('POST', `/api/staff/telephony/offices/${s.officeId}/import-history`, { from: new Date(start.getTime() - 3_600_000).toISOString(), to: new Date(start.getTime() + 3_600_000).toISOString() });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ records: 1, applied: 1 });
      const after = (await s.db.query<{ duration_seconds: number; timing_source: string }>('SELECT duration_seconds, timing_source FROM call WHERE id = $1', [row.id])).rows[0]!;
      expect(after).toEqual({ duration_seconds: 39, timing_source: 'history' });
      const again = await admin.send('POST', `/api/staff/telephony/offices/${s.officeId}/import-history`, { from: new Date(start.getTime() - 3_600_000).toISOString(), to: new Date(start.getTime() + 3_600_000).toISOString() });
      expect(again.body).toMatchObject({ duplicate: 1 });
    } finally {
      await pbx2.close();
    }
  });
});
