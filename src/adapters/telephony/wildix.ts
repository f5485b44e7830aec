/**
 * Wildix PBX adapter. Every Wildix field name, path and header lives in this file
 * (../shared/VENDOR-APIS.md): authentication (company API key, or server-to-server JWT),
 * click-to-call (call control v2 make-call), hang-up, webhooks (x-signature, the envelope,
 * call:live:progress, call:completed and the older call:start/update/end) and the call
 * history. Fields marked unconfirmed there are read tolerantly (several spellings).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  causeName, fetchWithTimeout, TelephonyUnavailable,
  type CallUpdate, type CallState, type ExtensionCheck, type InboundUpdate, type OriginateRequest, type OriginateResult, type ProbeResult, type TelephonyAdapter,
} from './port.js';

export interface WildixSettings {
  /** e.g. https://company.wildixin.com */
  baseUrl: string;
  auth: 'apiKey' | 'jwt';
  /** Company API key (`wsk-v1-…`), or the environment variable holding it. */
  apiKey?: string | undefined;
  /** Server-to-server app: id, name (JWT `iss`) and secret. */
  appId?: string | undefined;
  appName?: string | undefined;
  appSecret?: string | undefined;
  /** Webhook integration secret (x-signature). */
  webhookSecret?: string | undefined;
  /** Time zone of the call-history timestamps when they carry none. */
  historyZone?: string | undefined;
  timeoutMs?: number | undefined;
  /** The environment variable named for the credential, when it is not set on this server. */
  missingSecret?: string | undefined;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

// ---------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** `key:value;` pairs, keys lower-cased and sorted, values trimmed, booleans 0/1, nested objects flattened with dots. */
export function canonicalPairs(obj: Record<string, unknown>): string {
  const flat: [string, string][] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v === undefined || v === null) return;
    if (isObj(v) || Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
      return;
    }
    flat.push([prefix.toLowerCase(), typeof v === 'boolean' ? (v ? '1' : '0') : String(v).trim()]);
  };
  walk('', obj);
  flat.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return flat.map(([k, v]) => `${k}:${v};`).join('');
}

/**
 * The server-to-server JWT: HS256 with the app secret, `iss`, `iat`, `exp` = iat + 300 and
 * `sign` = sha256 of METHOD + path + signed headers + query + body (canonical pairs).
 */
export function s2sJwt(o: {
  appName: string; appSecret: string; method: string; path: string;
  headers: Record<string, string>; query: Record<string, string>; body: Record<string, unknown> | null; nowSec?: number;
}): string {
  const iat = o.nowSec ?? Math.floor(Date.now() / 1000);
  const signed = Object.keys(o.headers);
  const body = o.method === 'GET' || o.method === 'DELETE' || !o.body ? '' : canonicalPairs(o.body);
  const canonical = o.method.toUpperCase() + o.path + canonicalPairs(o.headers) + canonicalPairs(o.query) + body;
  const hash = createHash('sha256').update(canonical).digest('hex');
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ iss: o.appName, iat, exp: iat + 300, sign: { alg: 'sha256', headers: signed, hash } }));
  const sig = createHmac('sha256', o.appSecret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

// ---------------------------------------------------------------------------------------
// Call control
// ---------------------------------------------------------------------------------------

export class WildixTelephony implements TelephonyAdapter {
  readonly kind = 'wildix' as const;

  constructor(private readonly s: WildixSettings) {}

  private async request(method: 'GET' | 'POST', path: string, query: Record<string, string>, body: Record<string, unknown> | null): Promise<Response> {
    const base = new URL(this.s.baseUrl);
    const url = new URL(path, base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body) headers['Content-Type'] = 'application/json';
    if (this.s.missingSecret) throw new TelephonyUnavailable('wildix', `the environment variable ${this.s.missingSecret} is not set on the server`);
    if (this.s.auth === 'apiKey') {
      if (!this.s.apiKey) throw new TelephonyUnavailable('wildix', 'no API key configured');
      headers.Authorization = `Bearer ${this.s.apiKey}`;
    } else {
      if (!this.s.appId || !this.s.appSecret || !this.s.appName) throw new TelephonyUnavailable('wildix', 'server-to-server app not configured (appId, appName, appSecret)');
      const signed = { Host: base.host, 'X-APP-ID': this.s.appId };
      headers['X-APP-ID'] = this.s.appId;
      headers.Authorization = `Bearer ${s2sJwt({ appName: this.s.appName, appSecret: this.s.appSecret, method, path: url.pathname, headers: signed, query, body })}`;
    }
    return fetchWithTimeout('wildix', url.toString(), { method, headers, body: body ? JSON.stringify(body) : null }, this.s.timeoutMs ?? 5000);
  }

  private async refuse(res: Response, what: string, extension?: string): Promise<never> {
    const text = await res.text().catch(() => '');
    let reason = text.slice(0, 200);
    try {
      const j = JSON.parse(text) as Json;
      reason = str(j.reason) ?? str(j.message) ?? str(j.error) ?? reason;
    } catch {
      /* not JSON */
    }
    const why =
      res.status === 401 || res.status === 403 ? 'credentials refused, or the key lacks the callcontrol scope'
      : res.status === 404 ? 'this PBX has no call control v2 (404)'
      : `HTTP ${res.status}`;
    // A PBX that does not know the operator's user answers 4xx naming it (wording varies).
    const extensionRefused = !!extension && (res.status === 400 || res.status === 404 || res.status === 422) && /user|extension|interno/i.test(reason) && !/call.?control/i.test(reason);
    throw new TelephonyUnavailable('wildix', `${what}: ${extensionRefused ? `the PBX does not know extension ${extension}` : why}${reason ? ` — ${reason}` : ''}`, res.status, extensionRefused);
  }

  async originate(req: OriginateRequest): Promise<OriginateResult> {
    const res = await this.request('POST', '/api/v2/call-control/make-call/', { user: req.extension }, { destination: req.destination });
    if (!res.ok) return this.refuse(res, 'make-call', req.extension);
    const body = (await res.json().catch(() => ({}))) as unknown;
    const r = isObj(body) && isObj(body.result) ? body.result : body;
    if (isObj(body) && body.type === 'error') throw new TelephonyUnavailable('wildix', `make-call: ${str(body.reason) ?? 'error'}`);
    const externalId = isObj(r) ? (str(r.sipCallId) ?? str(r.callId) ?? str(r.id)) : undefined;
    return { externalId };
  }

  async hangup(call: { callId: string; externalId: string | null }): Promise<void> {
    if (!call.externalId) return;
    const res = await this.request('POST', '/api/v2/call-control/hangup/', {}, { sipCallId: call.externalId });
    if (!res.ok && res.status !== 404) await this.refuse(res, 'hangup');
  }

  /** Call history between two instants → updates with durations (source 'history'). */
  async importHistory(from: Date, to: Date, pageSize = 100, maxPages = 50): Promise<CallUpdate[]> {
    const out: CallUpdate[] = [];
    const zone = this.s.historyZone ?? 'Europe/Rome';
    const fmt = (d: Date) => DateTime.fromJSDate(d).setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss');
    for (let page = 0; page < maxPages; page++) {
      const res = await this.request('GET', '/api/v1/PBX/CallHistory/', {
        count: String(pageSize), start: String(page * pageSize), dir: 'DESC',
        fields: 'id,start,answer,end,src,dst,from_number,to_number,billsec,disposition,duration',
        'filter[start][from]': fmt(from), 'filter[start][to]': fmt(to),
      }, null);
      if (!res.ok) await this.refuse(res, 'call history');
      const body = (await res.json().catch(() => ({}))) as unknown;
      if (isObj(body) && body.type === 'error') throw new TelephonyUnavailable('wildix', `call history: ${str(body.reason) ?? 'error'}`);
      const result = isObj(body) && isObj(body.result) ? body.result : isObj(body) ? body : {};
      const records = Array.isArray(result.records) ? result.records : [];
      for (const r of records) if (isObj(r)) out.push(historyUpdate(r, zone));
      const total = num(result.total) ?? 0;
      if (records.length < pageSize || (page + 1) * pageSize >= total) break;
    }
    return out;
  }

  /**
   * The PBX's user list (`GET /api/v1/Colleagues/`, v1 envelope with records and total):
   * one page of it proves the address and the credentials; its total is the user count.
   */
  private async colleagues(start: number, count: number): Promise<{ records: Json[]; total: number } | Response> {
    const res = await this.request('GET', '/api/v1/Colleagues/', { start: String(start), count: String(count) }, null);
    if (!res.ok) return res;
    const body = (await res.json().catch(() => null)) as unknown;
    const result = isObj(body) && isObj(body.result) ? body.result : isObj(body) ? body : {};
    const records = (Array.isArray(result.records) ? result.records : Array.isArray(body) ? body : []).filter(isObj);
    return { records, total: num(result.total) ?? records.length };
  }

  async probe(): Promise<ProbeResult> {
    if (this.s.missingSecret) return { status: 'not_configured', detail: this.s.missingSecret };
    try {
      const r = await this.colleagues(0, 1);
      if (!(r instanceof Response)) return { status: 'ok', users: r.total };
      if (r.status === 401 || r.status === 403) return { status: 'refused', detail: `HTTP ${r.status}` };
      // No user list on this PBX: the address and the key are still proven by a read of the call control.
      if (r.status === 404) {
        const calls = await this.request('GET', '/api/v2/call-control/list-calls/', {}, null);
        if (calls.status === 401 || calls.status === 403) return { status: 'refused', detail: `HTTP ${calls.status}` };
        if (calls.ok || calls.status === 400) return { status: 'ok' };
        return { status: 'unexpected', detail: `HTTP ${calls.status}` };
      }
      return { status: 'unexpected', detail: `HTTP ${r.status}` };
    } catch (err) {
      if (err instanceof TelephonyUnavailable) return { status: 'unreachable', detail: err.reason };
      throw err;
    }
  }

  async checkExtension(extension: string, pageSize = 100, maxPages = 50): Promise<ExtensionCheck> {
    try {
      for (let page = 0; page < maxPages; page++) {
        const r = await this.colleagues(page * pageSize, pageSize);
        if (r instanceof Response) return { status: 'unchecked', detail: `the PBX's user list answered HTTP ${r.status}` };
        if (r.records.some((c) => str(c.extension) === extension || str(c.number) === extension)) return { status: 'known' };
        if (r.records.length < pageSize || (page + 1) * pageSize >= r.total) return { status: 'unknown' };
      }
      return { status: 'unchecked', detail: 'user list too long' };
    } catch (err) {
      if (err instanceof TelephonyUnavailable) return { status: 'unchecked', detail: err.reason };
      throw err;
    }
  }

  async close(): Promise<void> {}
}

function historyTime(v: unknown, zone: string): Date | undefined {
  const s = str(v);
  if (!s || s.startsWith('0000')) return undefined;
  if (/^\d+$/.test(s)) return new Date(Number(s) * (s.length > 11 ? 1 : 1000));
  const iso = DateTime.fromISO(s.replace(' ', 'T'), { zone, setZone: false });
  return iso.isValid ? iso.toJSDate() : undefined;
}

function historyUpdate(r: Json, zone: string): CallUpdate {
  const answered = (str(r.disposition) ?? '').toUpperCase() === 'ANSWERED';
  const start = historyTime(r.start, zone);
  return {
    adapter: 'wildix',
    dedupKey: `history:${str(r.id) ?? `${str(r.start)}:${str(r.src)}:${str(r.dst)}`}`,
    kind: 'history',
    source: 'history',
    match: { extension: str(r.src) ?? str(r.from_number), destination: str(r.to_number) ?? str(r.dst) },
    state: answered ? 'ended' : 'failed',
    cause: answered ? undefined : (str(r.disposition) ?? 'not_answered').toLowerCase().replace(/\s+/g, '_'),
    startedAt: start,
    answeredAt: answered ? historyTime(r.answer, zone) : undefined,
    endedAt: historyTime(r.end, zone),
    durationSeconds: num(r.duration),
    talkSeconds: num(r.billsec),
    payload: r,
  };
}

// ---------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------

export const SIGNATURE_HEADER = 'x-signature';

function hmacHex(secret: string, data: Buffer | string): Buffer {
  return Buffer.from(createHmac('sha256', Buffer.from(secret, 'utf8')).update(data).digest('hex'), 'utf8');
}

/**
 * Checks `x-signature` (lowercase hex HMAC-SHA256 with the integration secret) against the
 * raw body, then against its compact JSON re-serialisation (the vendor's own example),
 * in constant time.
 */
export function verifyWildixSignature(rawBody: Buffer, signature: string | undefined, secret: string): boolean {
  if (!signature || !/^[0-9a-fA-F]{64}$/.test(signature.trim())) return false;
  const given = Buffer.from(signature.trim().toLowerCase(), 'utf8');
  if (timingSafeEqual(given, hmacHex(secret, rawBody))) return true;
  try {
    const compact = JSON.stringify(JSON.parse(rawBody.toString('utf8')));
    return timingSafeEqual(given, hmacHex(secret, compact));
  } catch {
    return false;
  }
}

const ms = (v: unknown): Date | undefined => {
  const n = num(v);
  return n === undefined ? undefined : new Date(n);
};

function isoTime(v: unknown): Date | undefined {
  const s = str(v);
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Who called whom in a flow: the operator's extension and the remote (citizen's) number. */
function parties(flow: Json | undefined, data: Json): { extension?: string | undefined; destination?: string | undefined } {
  const caller = isObj(flow?.caller) ? flow.caller : isObj(data.caller) ? data.caller : undefined;
  const callee = isObj(flow?.callee) ? flow.callee : isObj(data.callee) ? data.callee : undefined;
  const extension = str(caller?.userExtension) ?? (str(caller?.type) === 'LOCAL' ? str(caller?.phone) : undefined);
  const destination =
    str(flow?.remotePhone) ?? str(data.remotePhone) ?? str(callee?.phone) ?? str(flow?.destination) ?? str(data.destination);
  return { extension, destination };
}

const ANSWERED_STATUSES = new Set(['TALKING', 'CONNECTED', 'ANSWERED', 'UP', 'ANSWER']);
const RINGING_STATUSES = new Set(['CONNECTING', 'RINGING', 'RING', 'CALLING', 'TRYING', 'PROGRESS']);

export type WebhookResult =
  | { ok: false; status: 400 | 401; reason: string }
  | { ok: true; update: CallUpdate | null; type: string; inbound?: { update: InboundUpdate; extensions: string[] } };

/**
 * An inbound call's event → the update of that incoming call, with the extensions it reached
 * (flow order; the receiver keeps the first that is a reception extension). Read tolerantly:
 * the called extension is `callee.userExtension`, a LOCAL callee's phone, or the flow's destination.
 */
function inboundOf(type: string, env: Json, data: Json, flows: Json[]): { update: InboundUpdate; extensions: string[] } | null {
  const callId = str(env.id);
  if (!callId) return null;
  const extensions: string[] = [];
  let caller: string | undefined;
  for (const f of flows) {
    const callee = isObj(f.callee) ? f.callee : undefined;
    const c = isObj(f.caller) ? f.caller : undefined;
    const ext = str(callee?.userExtension) ?? (str(callee?.type) === 'LOCAL' ? str(callee?.phone) : undefined) ?? str(f.destination);
    if (ext && !extensions.includes(ext)) extensions.push(ext);
    caller ??= (str(c?.type) !== 'LOCAL' ? str(c?.phone) : undefined) ?? str(f.remotePhone);
  }
  const base = { inbound: true as const, adapter: 'wildix' as const, externalId: callId, kind: type, payload: env, caller };
  const time = str(env.time) ?? '';
  if (type === 'call:live:progress') {
    const trigger = str(data.eventTrigger) ?? '';
    const talking = flows.some((f) => (num(f.talkTime) ?? 0) > 0 || ANSWERED_STATUSES.has((str(f.status) ?? '').toUpperCase())) || /answer|connect/i.test(trigger);
    return {
      extensions,
      update: { ...base, dedupKey: `in:${type}:${callId}:${time}:${trigger}`, state: talking ? 'answered' : 'ringing', startedAt: isoTime(data.start) ?? ms(env.time), answeredAt: talking ? ms(env.time) : undefined },
    };
  }
  if (type === 'call:completed') {
    const first = flows[0];
    const last = flows[flows.length - 1];
    const talkMs = flows.reduce((s, f) => s + (num(f.talkTime) ?? 0), 0);
    const startedAt = ms(first?.startTime);
    const endedAt = ms(last?.endTime) ?? ms(env.time);
    return {
      extensions,
      update: {
        ...base, dedupKey: `in:${type}:${callId}`, state: 'ended', startedAt, endedAt,
        answeredAt: talkMs > 0 && endedAt ? new Date(endedAt.getTime() - talkMs) : undefined,
        durationSeconds: startedAt && endedAt ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)) : undefined,
        talkSeconds: Math.round(talkMs / 1000),
      },
    };
  }
  return null;
}

/**
 * A webhook delivery → at most one update (null: a type we do not follow). The signature
 * is checked first: without the right one nothing is parsed further.
 */
export function parseWildixWebhook(rawBody: Buffer, signature: string | undefined, secret: string): WebhookResult {
  if (!verifyWildixSignature(rawBody, signature, secret)) return { ok: false, status: 401, reason: 'bad or missing x-signature' };
  let env: unknown;
  try {
    env = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, status: 400, reason: 'body is not JSON' };
  }
  if (!isObj(env) || !str(env.type)) return { ok: false, status: 400, reason: 'not a Wildix event envelope' };
  const type = str(env.type)!;
  const callId = str(env.id);
  const time = str(env.time) ?? '';
  const data = isObj(env.data) ? env.data : {};
  const flows = (Array.isArray(data.flows) ? data.flows : []).filter(isObj);
  const first = flows[0];
  const last = flows[flows.length - 1];
  const base = { adapter: 'wildix' as const, externalId: callId, kind: type, payload: env, match: parties(first, data) };

  // A call from outside to an extension: the reception line's, not one of our callbacks.
  if (flows.length > 0 && flows.some((f) => (str(f.direction) ?? '').toUpperCase() === 'INBOUND')) {
    const inbound = inboundOf(type, env, data, flows);
    if (inbound) return { ok: true, type, update: null, inbound };
  }

  if (type === 'call:live:progress') {
    const trigger = str(data.eventTrigger) ?? '';
    const talking = flows.some((f) => (num(f.talkTime) ?? 0) > 0 || (num(f.connectTime) ?? 0) > 0 || ANSWERED_STATUSES.has((str(f.status) ?? '').toUpperCase()));
    const state: CallState = talking || /answer|connect/i.test(trigger) ? 'answered' : 'ringing';
    const started = isoTime(data.start);
    return {
      ok: true, type,
      update: {
        ...base, dedupKey: `${type}:${callId}:${time}:${trigger}:${flows.map((f) => str(f.flowIndex) ?? '').join(',')}`,
        state, startedAt: started, ringingAt: started ?? ms(env.time), answeredAt: state === 'answered' ? ms(env.time) : undefined,
      },
    };
  }

  if (type === 'call:completed') {
    const talkMs = flows.reduce((s, f) => s + (num(f.talkTime) ?? 0), 0);
    const startedAt = ms(first?.startTime);
    const endedAt = ms(last?.endTime) ?? ms(env.time);
    const endCause = num(data.endCause) ?? num(last?.endCause);
    const answered = talkMs > 0;
    const durationMs = startedAt && endedAt ? endedAt.getTime() - startedAt.getTime() : flows.reduce((s, f) => s + (num(f.duration) ?? 0), 0);
    return {
      ok: true, type,
      update: {
        ...base, dedupKey: `${type}:${callId}`,
        state: answered ? 'ended' : 'failed',
        causeCode: endCause, cause: answered ? causeName(endCause) : (causeName(endCause) ?? (str(last?.callStatus) ?? 'not_answered').toLowerCase()),
        startedAt, endedAt,
        answeredAt: answered && endedAt ? new Date(endedAt.getTime() - talkMs) : undefined,
        durationSeconds: Math.max(0, Math.round(durationMs / 1000)),
        talkSeconds: Math.round(talkMs / 1000),
      },
    };
  }

  // Older PBXs.
  if (type === 'call:start' || type === 'call:update' || type === 'call:end') {
    const status = (str(data.status) ?? '').toUpperCase();
    const dedupKey = `${type}:${callId}:${time}:${status}`;
    if (type === 'call:end') {
      const code = num(data.endCause);
      return { ok: true, type, update: { ...base, dedupKey, state: 'ended', causeCode: code, cause: str(data.endCauseStr) ?? causeName(code), endedAt: ms(env.time) } };
    }
    const state: CallState | undefined = ANSWERED_STATUSES.has(status) ? 'answered' : RINGING_STATUSES.has(status) || type === 'call:start' ? 'ringing' : undefined;
    return {
      ok: true, type,
      update: { ...base, dedupKey, state, ringingAt: state === 'ringing' ? ms(env.time) : undefined, answeredAt: state === 'answered' ? ms(env.time) : undefined },
    };
  }
  return { ok: true, type, update: null };
}
