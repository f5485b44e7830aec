/**
 * Asterisk ARI adapter: originate over REST, events over the ARI WebSocket. Every ARI
 * path, parameter and event field lives in this file (../shared/VENDOR-APIS.md).
 *
 * Click-to-call: the operator's endpoint is rung into our Stasis app (channel `op-<call>`);
 * when the operator answers (StasisStart) we create the citizen's channel (`cit-<call>`),
 * put both in a mixing bridge and dial the citizen with the operator as caller; `Dial`
 * (dialstatus), `ChannelStateChange` and `ChannelDestroyed` (cause) give the call's states.
 * Channel ids carry our call id, so events map to calls without any shared memory —
 * another instance can pick up the events of a call it did not start.
 */
import WebSocket from 'ws';
import {
  causeName, fetchWithTimeout, TelephonyUnavailable,
  type CallSink, type CallUpdate, type ExtensionCheck, type InboundUpdate, type OriginateRequest, type OriginateResult, type ProbeResult, type TelephonyAdapter,
} from './port.js';

export interface AsteriskSettings {
  /** e.g. http://pbx.example:8088 (the ARI base, without /ari) */
  baseUrl: string;
  username: string;
  password: string;
  /** Stasis application name. */
  app: string;
  /** Endpoint templates: {ext} the operator's extension, {number} the citizen's number. */
  operatorEndpoint?: string | undefined;
  citizenEndpoint?: string | undefined;
  callerId?: string | undefined;
  ringSeconds?: number | undefined;
  timeoutMs?: number | undefined;
  /** The environment variable named for the password, when it is not set on this server. */
  missingSecret?: string | undefined;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const OP = 'op-';
const CIT = 'cit-';
const BR = 'br-';
/** The reception agent's leg of an incoming call, and the bridge joining it to the caller's channel. */
const RCP = 'rcp-';
const RBR = 'rbr-';
/** The first Stasis argument of an incoming call for the reception line (dialplan: Stasis(app,reception,<extension>)). */
export const RECEPTION_ARG = 'reception';
const ours = (id: string) => [OP, CIT, BR, RCP, RBR].some((p) => id.startsWith(p));

/** ARI timestamps look like 2018-10-23T12:36:02.673+0000. */
export function ariTime(v: unknown): Date | undefined {
  const s = str(v);
  if (!s) return undefined;
  const d = new Date(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const DIAL_FAILURES: Record<string, number> = { BUSY: 17, NOANSWER: 19, CHANUNAVAIL: 27, CONGESTION: 34, CANCEL: 16 };

/** One ARI event → at most one update of one of our calls (pure; exported for tests). */
export function mapAriEvent(ev: Json): CallUpdate | null {
  const type = str(ev.type) ?? '';
  const at = ariTime(ev.timestamp) ?? new Date();
  const channel = isObj(ev.channel) ? ev.channel : isObj(ev.peer) ? ev.peer : undefined;
  const chId = str(channel?.id) ?? '';
  const citizen = chId.startsWith(CIT);
  const operator = chId.startsWith(OP);
  if (!citizen && !operator) return null;
  const callId = chId.slice(citizen ? CIT.length : OP.length);
  const base = { adapter: 'asterisk' as const, callId, kind: type, payload: ev, dedupKey: `${type}:${chId}:${str(ev.timestamp) ?? at.toISOString()}` };
  switch (type) {
    case 'Dial': {
      if (!citizen) return null;
      const status = (str(ev.dialstatus) ?? '').toUpperCase();
      const key = `${base.dedupKey}:${status}`;
      if (status === '' || status === 'RINGING' || status === 'PROGRESS') return { ...base, dedupKey: key, state: 'ringing', ringingAt: at };
      if (status === 'ANSWER') return { ...base, dedupKey: key, state: 'answered', answeredAt: at };
      const code = DIAL_FAILURES[status];
      return { ...base, dedupKey: key, state: 'failed', cause: status.toLowerCase(), causeCode: code, endedAt: at };
    }
    case 'ChannelStateChange': {
      if (!citizen) return null;
      const state = str(channel?.state);
      if (state === 'Up') return { ...base, dedupKey: `${base.dedupKey}:Up`, state: 'answered', answeredAt: at };
      if (state === 'Ringing' || state === 'Ring') return { ...base, dedupKey: `${base.dedupKey}:${state}`, state: 'ringing', ringingAt: at };
      return null;
    }
    case 'ChannelDestroyed': {
      const code = typeof ev.cause === 'number' ? ev.cause : undefined;
      const text = str(ev.cause_txt);
      if (operator) {
        // The operator's leg went away: before the citizen's leg exists, the operator never answered.
        return { ...base, state: 'ended', cause: `operator: ${text ?? causeName(code) ?? 'hung up'}`, causeCode: code, endedAt: at };
      }
      return { ...base, state: 'ended', cause: causeName(code) ?? text, causeCode: code, endedAt: at };
    }
    default:
      return null;
  }
}

/**
 * One ARI event → at most one update of an incoming reception call (pure; exported for
 * tests): the caller's channel entering the app with the reception argument (ringing), the
 * agent's leg answering (answered), either channel going away (ended). The caller's channel
 * id is the call's id; the agent's leg is `rcp-<that id>`.
 */
export function mapAriInbound(ev: Json): InboundUpdate | null {
  const type = str(ev.type) ?? '';
  const at = ariTime(ev.timestamp) ?? new Date();
  const channel = isObj(ev.channel) ? ev.channel : isObj(ev.peer) ? ev.peer : undefined;
  const chId = str(channel?.id) ?? '';
  if (!chId) return null;
  const agentLeg = chId.startsWith(RCP);
  if (!agentLeg && ours(chId)) return null;
  const externalId = agentLeg ? chId.slice(RCP.length) : chId;
  const base = { inbound: true as const, adapter: 'asterisk' as const, externalId, kind: type, payload: ev, dedupKey: `in:${type}:${chId}:${str(ev.timestamp) ?? at.toISOString()}` };
  if (type === 'StasisStart' && !agentLeg) {
    const args = Array.isArray(ev.args) ? ev.args.map(String) : [];
    if (args[0] !== RECEPTION_ARG) return null;
    const dialplan = isObj(channel?.dialplan) ? channel.dialplan : undefined;
    const caller = isObj(channel?.caller) ? str(channel.caller.number) : undefined;
    return { ...base, state: 'ringing', extension: args[1] ?? str(dialplan?.exten), caller, startedAt: ariTime(channel?.creationtime) ?? at };
  }
  if (type === 'Dial' && agentLeg) {
    const status = (str(ev.dialstatus) ?? '').toUpperCase();
    if (status === 'ANSWER') return { ...base, dedupKey: `${base.dedupKey}:${status}`, state: 'answered', answeredAt: at };
    if (status === '' || status === 'RINGING' || status === 'PROGRESS') return null;
    return { ...base, dedupKey: `${base.dedupKey}:${status}`, state: 'ended', endedAt: at };
  }
  if (type === 'ChannelDestroyed') return { ...base, state: 'ended', endedAt: at };
  return null;
}

export class AsteriskTelephony implements TelephonyAdapter {
  readonly kind = 'asterisk' as const;
  private ws: WebSocket | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private backoffMs = 500;
  /** Resolves once the WebSocket is open (or after a short wait: originate works without it). */
  private opening: Promise<void> | null = null;
  /** Events are handled one after the other, in the order the WebSocket delivered them. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly s: AsteriskSettings,
    private readonly sink: CallSink,
    private readonly log: (msg: string, err?: unknown) => void = () => undefined,
    /**
     * Every instance subscribed to the app receives every event: the one that wins this
     * claim (a row in the database) bridges the call; the others only follow its states.
     */
    private readonly claim: (key: string) => Promise<boolean> = async () => true,
  ) {}

  private auth(): string {
    return `Basic ${Buffer.from(`${this.s.username}:${this.s.password}`).toString('base64')}`;
  }

  private url(path: string, query: Record<string, string | undefined> = {}): string {
    const u = new URL(`/ari${path}`, this.s.baseUrl);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, query: Record<string, string | undefined> = {}, body?: unknown): Promise<Response> {
    if (this.s.missingSecret) throw new TelephonyUnavailable('asterisk', `the environment variable ${this.s.missingSecret} is not set on the server`);
    const headers: Record<string, string> = { Authorization: this.auth(), Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetchWithTimeout('asterisk', this.url(path, query), { method, headers, body: body === undefined ? null : JSON.stringify(body) }, this.s.timeoutMs ?? 5000);
    if (!res.ok && !(method === 'DELETE' && res.status === 404)) {
      const j = (await res.json().catch(() => ({}))) as Json;
      const why = res.status === 401 ? 'credentials refused' : res.status === 400 ? 'bad parameters' : res.status === 409 ? 'channel id already in use' : `HTTP ${res.status}`;
      // Originating to an endpoint Asterisk does not have: the operator's extension is wrong.
      const endpoint = query.endpoint;
      const extensionRefused = path === '/channels' && method === 'POST' && (res.status === 400 || res.status === 404) && /endpoint/i.test(str(j.message) ?? '');
      throw new TelephonyUnavailable('asterisk', `${method} ${path}: ${extensionRefused ? `Asterisk has no endpoint ${endpoint ?? ''}` : why}${str(j.message) ? ` — ${str(j.message)}` : ''}`, res.status, extensionRefused);
    }
    return res;
  }

  /** Opens the event WebSocket (and keeps it open, reconnecting with back-off). */
  connect(): Promise<void> {
    if (this.opening) return this.opening;
    this.opening = new Promise<void>((resolve) => {
      const u = new URL(this.url('/events', { app: this.s.app, subscribeAll: 'false' }));
      u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(u, { headers: { Authorization: this.auth() } });
      this.ws = ws;
      const done = setTimeout(resolve, 2000);
      done.unref();
      ws.on('open', () => {
        this.backoffMs = 500;
        clearTimeout(done);
        resolve();
      });
      ws.on('message', (data) => {
        let ev: unknown;
        try {
          ev = JSON.parse(data.toString());
        } catch {
          return;
        }
        if (isObj(ev)) this.queue = this.queue.then(() => this.onEvent(ev as Json));
      });
      ws.on('error', (err) => this.log('ARI WebSocket error', err));
      ws.on('close', () => {
        clearTimeout(done);
        resolve();
        this.ws = null;
        this.opening = null;
        if (this.closed) return;
        this.reconnectTimer = setTimeout(() => void this.connect(), this.backoffMs);
        this.reconnectTimer.unref();
        this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
      });
    });
    return this.opening;
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  private async onEvent(ev: Json): Promise<void> {
    try {
      const type = str(ev.type);
      const channel = isObj(ev.channel) ? ev.channel : undefined;
      const chId = str(channel?.id) ?? '';
      if (type === 'StasisStart' && chId.startsWith(OP)) {
        const id = chId.slice(OP.length);
        if (await this.claim(`bridge:${id}`)) await this.bridgeToCitizen(id, ev);
        return;
      }
      const inbound = mapAriInbound(ev);
      if (inbound) {
        await this.sink(inbound);
        await this.followInbound(inbound);
        return;
      }
      if (type === 'ChannelDestroyed' && chId.startsWith(CIT)) {
        // The citizen's leg is gone: free the operator's leg and the bridge.
        const id = chId.slice(CIT.length);
        await this.call('DELETE', `/channels/${OP}${id}`, { reason: 'normal' }).catch(() => undefined);
        await this.call('DELETE', `/bridges/${BR}${id}`).catch(() => undefined);
      }
      const update = mapAriEvent(ev);
      if (update) await this.sink(update);
    } catch (err) {
      this.log('ARI event handling failed', err);
    }
  }

  /** The operator answered: create the citizen's leg, bridge both, dial the citizen. */
  private async bridgeToCitizen(callId: string, ev: Json): Promise<void> {
    const args = Array.isArray(ev.args) ? ev.args.map(String) : [];
    const number = args[1];
    if (!number) return;
    const endpoint = (this.s.citizenEndpoint ?? 'PJSIP/{number}').replace('{number}', number);
    await this.call('POST', '/channels/create', { endpoint, app: this.s.app, channelId: `${CIT}${callId}`, appArgs: `cit,${callId}` });
    await this.call('POST', '/bridges', { type: 'mixing', bridgeId: `${BR}${callId}` });
    await this.call('POST', `/bridges/${BR}${callId}/addChannel`, { channel: `${OP}${callId},${CIT}${callId}` });
    await this.call('POST', `/channels/${CIT}${callId}/dial`, { caller: `${OP}${callId}`, timeout: String(this.s.ringSeconds ?? 30) });
  }

  /**
   * An incoming reception call: ring the agent's extension and bridge it with the caller;
   * answer the caller when the agent answers; when one side goes, free the other and the bridge.
   */
  private async followInbound(u: InboundUpdate): Promise<void> {
    const id = u.externalId;
    if (u.kind === 'StasisStart' && u.extension && (await this.claim(`reception:${id}`))) {
      const endpoint = (this.s.operatorEndpoint ?? 'PJSIP/{ext}').replace('{ext}', u.extension);
      await this.call('POST', '/channels/create', { endpoint, app: this.s.app, channelId: `${RCP}${id}`, appArgs: `rcp,${id}` });
      await this.call('POST', '/bridges', { type: 'mixing', bridgeId: `${RBR}${id}` });
      await this.call('POST', `/bridges/${RBR}${id}/addChannel`, { channel: `${id},${RCP}${id}` });
      await this.call('POST', `/channels/${RCP}${id}/dial`, { caller: id, timeout: String(this.s.ringSeconds ?? 30) });
      return;
    }
    if (u.kind === 'Dial' && u.state === 'answered' && (await this.claim(`reception-answer:${id}`))) {
      await this.call('POST', `/channels/${encodeURIComponent(id)}/answer`).catch(() => undefined);
      return;
    }
    if (u.kind === 'ChannelDestroyed' || (u.kind === 'Dial' && u.state === 'ended')) {
      await this.call('DELETE', `/channels/${encodeURIComponent(id)}`, { reason: 'normal' }).catch(() => undefined);
      await this.call('DELETE', `/channels/${RCP}${id}`, { reason: 'normal' }).catch(() => undefined);
      await this.call('DELETE', `/bridges/${RBR}${id}`).catch(() => undefined);
    }
  }

  async probe(): Promise<ProbeResult> {
    if (this.s.missingSecret) return { status: 'not_configured', detail: this.s.missingSecret };
    try {
      const info = await this.call('GET', '/asterisk/info');
      const body = (await info.json().catch(() => ({}))) as Json;
      const version = isObj(body.system) ? str(body.system.version) : undefined;
      const endpoints = await this.call('GET', '/endpoints').then((r) => r.json() as Promise<unknown>).catch(() => null);
      return { status: 'ok', version, users: Array.isArray(endpoints) ? endpoints.length : undefined };
    } catch (err) {
      if (!(err instanceof TelephonyUnavailable)) throw err;
      if (err.httpStatus === 401 || err.httpStatus === 403) return { status: 'refused', detail: err.reason };
      return err.httpStatus ? { status: 'unexpected', detail: err.reason } : { status: 'unreachable', detail: err.reason };
    }
  }

  /** `GET /ari/endpoints/{tech}/{resource}` for the operator's endpoint (PJSIP/{ext} → PJSIP/201): 200 known, 404 unknown. */
  async checkExtension(extension: string): Promise<ExtensionCheck> {
    const endpoint = (this.s.operatorEndpoint ?? 'PJSIP/{ext}').replace('{ext}', extension);
    const m = /^([A-Za-z0-9_]+)\/([^/@]+)$/.exec(endpoint);
    if (!m || m[1] === 'Local') return { status: 'unchecked', detail: `endpoint ${endpoint} is not a device Asterisk lists` };
    try {
      await this.call('GET', `/endpoints/${encodeURIComponent(m[1]!)}/${encodeURIComponent(m[2]!)}`);
      return { status: 'known' };
    } catch (err) {
      // Asterisk answers a missing endpoint with 404 "Endpoint not found"; any other 404 says nothing about it.
      if (err instanceof TelephonyUnavailable && err.httpStatus === 404 && /endpoint/i.test(err.reason.split(' — ')[1] ?? '')) return { status: 'unknown' };
      if (err instanceof TelephonyUnavailable) return { status: 'unchecked', detail: err.reason };
      throw err;
    }
  }

  async originate(req: OriginateRequest): Promise<OriginateResult> {
    if (!this.connected) await this.connect();
    const endpoint = (this.s.operatorEndpoint ?? 'PJSIP/{ext}').replace('{ext}', req.extension);
    const res = await this.call('POST', '/channels', {
      endpoint, app: this.s.app, appArgs: `op,${req.destination}`, channelId: `${OP}${req.callId}`,
      callerId: this.s.callerId ?? req.destination, timeout: String(this.s.ringSeconds ?? 30),
    }, { variables: {} });
    const ch = (await res.json().catch(() => ({}))) as Json;
    return { externalId: str(ch.id) ?? `${OP}${req.callId}` };
  }

  async hangup(call: { callId: string }): Promise<void> {
    await this.call('DELETE', `/channels/${CIT}${call.callId}`, { reason: 'normal' });
    await this.call('DELETE', `/channels/${OP}${call.callId}`, { reason: 'normal' });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const ws = this.ws;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
        setTimeout(resolve, 500).unref();
      });
    }
  }
}
