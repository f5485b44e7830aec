// Small local PBXs for the work-from-home telephony tests, speaking the documented shapes
// (../shared/VENDOR-APIS.md): a Wildix with its user list (GET /api/v1/Colleagues/, v1
// envelope) and call control; an Asterisk ARI with /asterisk/info, /endpoints and the
// channels, bridges and WebSocket events of an incoming reception call.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
}

function handle(seen: SeenRequest[], route: (r: SeenRequest, json: (code: number, body?: unknown) => void) => void) {
  return createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const r: SeenRequest = { method: req.method!, path: url.pathname, query: url.searchParams, headers: req.headers, body: raw ? JSON.parse(raw) : null };
      seen.push(r);
      route(r, (code, body) => {
        res.writeHead(code, body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
  });
}

/** A Wildix PBX with a company API key, users (extensions) and call control v2. */
export function fakeWildixPbx(o: { apiKey: string; extensions: string[]; userList?: boolean }) {
  const seen: SeenRequest[] = [];
  const server = handle(seen, (r, json) => {
    if (r.headers.authorization !== `Bearer ${o.apiKey}`) return json(401, { type: 'error', reason: 'Unauthorized' });
    if (r.method === 'GET' && r.path === '/api/v1/Colleagues/') {
      if (o.userList === false) return json(404, { type: 'error', reason: 'Not found' });
      const start = Number(r.query.get('start') ?? 0);
      const count = Number(r.query.get('count') ?? 10);
      const records = o.extensions.map((e, i) => ({ id: String(i + 1), name: `Utente ${e}`, extension: e, email: `u${e}@example.test` }));
      return json(200, { type: 'result', result: { records: records.slice(start, start + count), total: records.length } });
    }
    if (r.method === 'GET' && r.path === '/api/v2/call-control/list-calls/') return json(200, { calls: [] });
    if (r.method === 'POST' && r.path === '/api/v2/call-control/make-call/') {
      const user = r.query.get('user') ?? '';
      if (!o.extensions.includes(user)) return json(404, { type: 'error', reason: `User ${user} not found` });
      return json(200, { type: 'result', result: 'Success' });
    }
    return json(404, { type: 'error', reason: 'Not found' });
  });
  return { seen, start: () => listen(server), close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** An Asterisk ARI: info, endpoints, and the legs of an incoming call handed to the app. */
export function fakeAriPbx(o: { user: string; password: string; app: string; version: string; endpoints: string[] }) {
  const seen: SeenRequest[] = [];
  const sockets = new Set<WebSocket>();
  const basic = `Basic ${Buffer.from(`${o.user}:${o.password}`).toString('base64')}`;
  const ts = () => new Date().toISOString().replace('Z', '+0000');
  const emit = (ev: Record<string, unknown>) => {
    const msg = JSON.stringify({ application: o.app, timestamp: ts(), ...ev });
    for (const s of sockets) s.send(msg);
  };
  const server = handle(seen, (r, json) => {
    if (r.headers.authorization !== basic) return json(401, { message: 'Authentication required' });
    if (r.method === 'GET' && r.path === '/ari/asterisk/info') return json(200, { system: { version: o.version, entity_id: 'aa:bb' }, status: { startup_time: ts() } });
    if (r.method === 'GET' && r.path === '/ari/endpoints') return json(200, o.endpoints.map((e) => ({ technology: 'PJSIP', resource: e, state: 'online', channel_ids: [] })));
    const ep = /^\/ari\/endpoints\/([^/]+)\/([^/]+)$/.exec(r.path);
    if (r.method === 'GET' && ep) {
      return ep[1] === 'PJSIP' && o.endpoints.includes(decodeURIComponent(ep[2]!))
        ? json(200, { technology: 'PJSIP', resource: ep[2], state: 'online', channel_ids: [] })
        : json(404, { message: 'Endpoint not found' });
    }
    if (r.method === 'POST' && r.path === '/ari/channels/create') return json(200, { id: r.query.get('channelId'), state: 'Down' });
    if (r.method === 'POST' && r.path === '/ari/bridges') return json(200, { id: r.query.get('bridgeId'), bridge_type: 'mixing', channels: [] });
    if (r.method === 'POST' && /^\/ari\/bridges\/[^/]+\/addChannel$/.test(r.path)) return json(204);
    if (r.method === 'POST' && /^\/ari\/channels\/[^/]+\/answer$/.test(r.path)) return json(204);
    const dial = /^\/ari\/channels\/([^/]+)\/dial$/.exec(r.path);
    if (r.method === 'POST' && dial) {
      json(204);
      // The agent's phone rings, then they pick up.
      const peer = { id: dial[1], state: 'Down' };
      setTimeout(() => emit({ type: 'Dial', peer, dialstatus: 'RINGING' }), 10);
      setTimeout(() => emit({ type: 'Dial', peer, dialstatus: 'ANSWER' }), 40);
      return;
    }
    const del = /^\/ari\/channels\/([^/]+)$/.exec(r.path);
    if (r.method === 'DELETE' && del) {
      json(204);
      setTimeout(() => emit({ type: 'ChannelDestroyed', cause: 16, cause_txt: 'Normal Clearing', channel: { id: decodeURIComponent(del[1]!), state: 'Up' } }), 10);
      return;
    }
    if (r.method === 'DELETE' && /^\/ari\/bridges\//.test(r.path)) return json(204);
    json(404, { message: 'Resource not found' });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname !== '/ari/events' || url.searchParams.get('app') !== o.app || req.headers.authorization !== basic) {
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
    seen, emit,
    connected: () => sockets.size,
    start: () => listen(server),
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
