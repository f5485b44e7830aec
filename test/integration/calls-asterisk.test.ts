// Contract tests of the Asterisk ARI adapter against a local server that speaks ARI as
// documented (REST under /ari with Basic auth, events on the WebSocket /ari/events?app=…):
// the originate request, the click-to-call sequence (operator leg into Stasis → citizen leg,
// mixing bridge, dial), events mapped to call states, duplicated and out-of-order events
// processed once, failures with their cause; on both databases through the real server.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { AsteriskTelephony, mapAriEvent } from '../../src/adapters/telephony/asterisk.js';
import { TelephonyUnavailable } from '../../src/adapters/telephony/port.js';
import { testDatabases } from '../support/databases.js';
import { atSlot, bookToday, eventually, operatorOf, setTelephony, staffClient, startCallsServer, type CallsServer, type Client } from './calls-support.js';

const USER = 'sportello';
const PASS = 'ari-pass';
const basic = `Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`;

interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
}

/** A small ARI: records REST requests, pushes events to the app's WebSocket clients. */
function fakeAri(o: { citizenAnswers: boolean | 'busy' }) {
  const requests: Req[] = [];
  const sockets = new Set<WebSocket>();
  const wsAuth: string[] = [];
  const ts = () => new Date().toISOString().replace('Z', '+0000');
  const emit = (ev: Record<string, unknown>) => {
    const msg = JSON.stringify({ application: USER, timestamp: ts(), ...ev });
    for (const s of sockets) s.send(msg);
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const r: Req = { method: req.method!, path: url.pathname, query: url.searchParams, body: raw ? JSON.parse(raw) : null };
      const json = (code: number, body?: unknown) => {
        res.writeHead(code, body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      if (req.headers.authorization !== basic) return json(401, { message: 'Authentication required' });
      requests.push(r);
      const q = url.searchParams;
      if (r.method === 'POST' && r.path === '/ari/channels') {
        if (!q.get('endpoint') || !q.get('app')) return json(400, { message: 'endpoint and app required' });
        const id = q.get('channelId')!;
        const args = (q.get('appArgs') ?? '').split(',');
        json(200, { id, name: `${q.get('endpoint')}-0001`, state: 'Down', caller: { name: '', number: '' }, connected: { name: '', number: '' }, creationtime: ts(), language: 'it' });
        // The operator picks up: the channel enters our Stasis app.
        setTimeout(() => emit({ type: 'StasisStart', args, channel: { id, state: 'Up' } }), 20);
        return;
      }
      if (r.method === 'POST' && r.path === '/ari/channels/create') return json(200, { id: q.get('channelId'), state: 'Down' });
      if (r.method === 'POST' && r.path === '/ari/bridges') return json(200, { id: q.get('bridgeId'), bridge_type: 'mixing', channels: [] });
      if (r.method === 'POST' && /^\/ari\/bridges\/[^/]+\/addChannel$/.test(r.path)) return json(204);
      const dial = /^\/ari\/channels\/([^/]+)\/dial$/.exec(r.path);
      if (r.method === 'POST' && dial) {
        const id = dial[1]!;
        json(204);
        const peer = { id, state: 'Down' };
        // Deliberately noisy: an event repeated, and a late RINGING after ANSWER.
        setTimeout(() => emit({ type: 'Dial', peer, dialstatus: 'RINGING' }), 10);
        if (o.citizenAnswers === true) {
          const answer = { type: 'Dial', peer, dialstatus: 'ANSWER', timestamp: '2026-11-26T09:00:10.000+0000' };
          setTimeout(() => emit(answer), 30);
          setTimeout(() => emit(answer), 40);
          setTimeout(() => emit({ type: 'Dial', peer, dialstatus: 'RINGING', timestamp: '2026-11-26T09:00:05.000+0000' }), 50);
          setTimeout(() => emit({ type: 'ChannelStateChange', channel: { id, state: 'Up' } }), 60);
        } else {
          setTimeout(() => emit({ type: 'Dial', peer, dialstatus: 'BUSY' }), 30);
          setTimeout(() => emit({ type: 'ChannelDestroyed', cause: 17, cause_txt: 'User busy', channel: { id, state: 'Down' } }), 40);
        }
        return;
      }
      const del = /^\/ari\/channels\/([^/]+)$/.exec(r.path);
      if (r.method === 'DELETE' && del) {
        json(204);
        if (del[1]!.startsWith('cit-')) setTimeout(() => emit({ type: 'ChannelDestroyed', cause: 16, cause_txt: 'Normal Clearing', channel: { id: del[1], state: 'Up' } }), 10);
        return;
      }
      if (r.method === 'DELETE' && /^\/ari\/bridges\//.test(r.path)) return json(204);
      json(404, { message: 'Resource not found' });
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url!, 'http://x');
    wsAuth.push(req.headers.authorization ?? '');
    if (url.pathname !== '/ari/events' || url.searchParams.get('app') !== USER || req.headers.authorization !== basic) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  return {
    requests, wsAuth, emit,
    connected: () => sockets.size,
    async start(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const a = server.address();
      return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    },
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('Asterisk ARI adapter against a local ARI', () => {
  it('maps ARI events to call states and causes', () => {
    expect(mapAriEvent({ type: 'Dial', peer: { id: 'cit-1' }, dialstatus: 'RINGING', timestamp: '2018-10-23T12:36:02.673+0000' })).toMatchObject({ callId: '1', state: 'ringing' });
    expect(mapAriEvent({ type: 'Dial', peer: { id: 'cit-1' }, dialstatus: 'ANSWER' })).toMatchObject({ state: 'answered' });
    expect(mapAriEvent({ type: 'Dial', peer: { id: 'cit-1' }, dialstatus: 'NOANSWER' })).toMatchObject({ state: 'failed', causeCode: 19 });
    expect(mapAriEvent({ type: 'ChannelDestroyed', cause: 17, cause_txt: 'User busy', channel: { id: 'cit-1' } })).toMatchObject({ state: 'ended', causeCode: 17, cause: 'user_busy' });
    expect(mapAriEvent({ type: 'ChannelStateChange', channel: { id: 'cit-1', state: 'Up' } })).toMatchObject({ state: 'answered' });
    expect(mapAriEvent({ type: 'StasisStart', channel: { id: 'someone-else' } })).toBeNull();
    expect(mapAriEvent({ type: 'Dial', peer: { id: 'cit-1' }, dialstatus: 'ANSWER', timestamp: '2018-10-23T12:36:02.673+0000' })!.answeredAt!.toISOString()).toBe('2018-10-23T12:36:02.673Z');
  });

  it('refuses wrong credentials as unavailable, and a server that is down', async () => {
    const ari = fakeAri({ citizenAnswers: true });
    const base = await ari.start();
    try {
      const a = new AsteriskTelephony({ baseUrl: base, username: USER, password: 'wrong', app: USER }, async () => undefined);
      await expect(a.originate({ callId: '00000000-0000-4000-8000-000000000001', extension: '201', destination: '+39333' })).rejects.toMatchObject({ httpStatus: 401 });
      await a.close();
    } finally {
      await ari.close();
    }
    const down = new AsteriskTelephony({ baseUrl: 'http://127.0.0.1:9', username: USER, password: PASS, app: USER, timeoutMs: 1000 }, async () => undefined);
    await expect(down.originate({ callId: 'x', extension: '201', destination: '+39333' })).rejects.toBeInstanceOf(TelephonyUnavailable);
    await down.close();
  });
});

describe.each(testDatabases)('Asterisk calls through the console on $name', (database) => {
  let s: CallsServer;
  let op: Client;
  let ari: ReturnType<typeof fakeAri>;
  let base: string;

  beforeAll(async () => {
    ari = fakeAri({ citizenAnswers: true });
    base = await ari.start();
    s = await startCallsServer(database, { calls: { env: { SPORTELLO_TEST_ARI_PASS: PASS } } });
    await setTelephony(s, 'asterisk', { baseUrl: base, username: USER, passwordEnv: 'SPORTELLO_TEST_ARI_PASS', app: USER, operatorEndpoint: 'PJSIP/{ext}', citizenEndpoint: 'PJSIP/{number}@trunk-inps' });
    op = await staffClient(s, 'ast.op', operatorOf());
    await bookToday(s, 2);
    await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '4021' });
  });
  afterAll(async () => {
    await s?.close();
    await ari?.close();
  });

  it('originates to the operator, bridges and dials the citizen, follows the WebSocket events', async () => {
    const item = (await op.get('/api/staff/operator/agenda')).body.items[0];
    atSlot(s, item);
    const started = await op.send('POST', '/api/staff/calls', { bookingId: item.bookingId });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const callId = started.body.call.id;
    const originate = ari.requests.find((r) => r.method === 'POST' && r.path === '/ari/channels')!;
    expect(originate.query.get('endpoint')).toBe('PJSIP/4021');
    expect(originate.query.get('app')).toBe(USER);
    expect(originate.query.get('channelId')).toBe(`op-${callId}`);
    expect(originate.query.get('appArgs')).toBe(`op,${item.citizen.phone}`);
    expect(ari.wsAuth[0]).toBe(basic);

    const answered = await eventually(async () => {
      const it = (await op.get('/api/staff/operator/agenda')).body.items.find((i: any) => i.bookingId === item.bookingId);
      return it.lastCall.state === 'answered' && it.state === 'in_call' ? it : null;
    });
    expect(answered.lastCall.answeredAt).toBeTruthy();
    const create = ari.requests.find((r) => r.path === '/ari/channels/create')!;
    expect(create.query.get('endpoint')).toBe(`PJSIP/${item.citizen.phone}@trunk-inps`);
    expect(ari.requests.find((r) => r.path === '/ari/bridges')!.query.get('type')).toBe('mixing');
    expect(ari.requests.find((r) => r.path.endsWith('/addChannel'))!.query.get('channel')).toBe(`op-${callId},cit-${callId}`);
    expect(ari.requests.find((r) => r.path.endsWith('/dial'))!.query.get('caller')).toBe(`op-${callId}`);
    // The adapter handles events in their order on the socket: once the last distinct one (the
    // channel's state change, after the repeated ANSWER and the late RINGING) is stored, every
    // noisy event has been through the de-duplication.
    await eventually(async () => {
      const r = await s.db.query<{ n: number }>("SELECT count(*)::int AS n FROM call_event WHERE adapter = 'asterisk' AND call_id = $1", [callId]);
      return r.rows[0]!.n >= 4;
    });

    const hung = await op.send('POST', `/api/staff/calls/${callId}/hangup`);
    expect(hung.status).toBe(200);
    expect(ari.requests.some((r) => r.method === 'DELETE' && r.path === `/ari/channels/cit-${callId}`)).toBe(true);
    const h = await eventually(async () => {
      const x = (await op.get(`/api/staff/agenda/bookings/${item.bookingId}/history`)).body;
      return x.calls[0].state === 'ended' ? x : null;
    });
    const kinds = h.steps.map((x: any) => x.kind);
    // Each state once, in order, despite the repeated and the late events.
    expect(kinds.filter((k: string) => k === 'call_ringing')).toHaveLength(1);
    expect(kinds.filter((k: string) => k === 'call_answered')).toHaveLength(1);
    expect(kinds.filter((k: string) => k === 'call_ended')).toHaveLength(1);
    expect(kinds.indexOf('call_ringing')).toBeLessThan(kinds.indexOf('call_answered'));
    const dupes = await s.db.query<{ n: number }>("SELECT count(*)::int AS n FROM call_event WHERE adapter = 'asterisk' AND call_id = $1", [callId]);
    expect(dupes.rows[0]!.n).toBeGreaterThanOrEqual(4);
  });

  it('a busy citizen: failed with cause 17', async () => {
    await ari.close();
    ari = fakeAri({ citizenAnswers: 'busy' });
    // A new PBX address: the office's settings change, the adapter is rebuilt and connects.
    const base2 = await ari.start();
    await setTelephony(s, 'asterisk', { baseUrl: base2, username: USER, passwordEnv: 'SPORTELLO_TEST_ARI_PASS', app: USER, citizenEndpoint: 'PJSIP/{number}@trunk-inps' });
    const item = (await op.get('/api/staff/operator/agenda')).body.items.find((i: any) => i.state === 'waiting');
    atSlot(s, item);
    expect((await op.send('POST', '/api/staff/calls', { bookingId: item.bookingId })).status).toBe(201);
    const failed = await eventually(async () => {
      const it = (await op.get('/api/staff/operator/agenda')).body.items.find((i: any) => i.bookingId === item.bookingId);
      return it.lastCall.state === 'failed' ? it : null;
    });
    expect(failed.lastCall).toMatchObject({ causeCode: 17, cause: 'busy' }); // Dial BUSY comes before ChannelDestroyed
  });
});
