import { E164, failed, networkError, ok, type ChannelAdapter, type OutgoingMessage, type SendResult } from './channel.js';
import { httpFailure } from './sms-http.js';

export interface SkebbyOptions {
  /** API base, e.g. https://api.skebby.it/API/v1.0/REST/ */
  baseUrl: string;
  username: string;
  password: string;
  /** Alphanumeric sender, at most 11 characters. */
  sender: string;
  /** Message quality: GP (high quality, default), TI, SI. */
  messageType?: string;
  timeoutMs?: number;
}

/**
 * Skebby's REST API (shapes marked unconfirmed in VENDOR-APIS.md are kept here only):
 * GET login?username=&password= → `user_key;session_key`, then POST sms with headers
 * `user_key` and `Session_key`, JSON { message_type, message, recipient: [], sender, order_id }
 * → { result: "OK", order_id, total_sent }. The session is reused, and renewed once on 401.
 * order_id is the job id (32 hex characters): our reference for the message at the provider.
 */
export function skebbyChannel(o: SkebbyOptions): ChannelAdapter {
  const base = o.baseUrl.endsWith('/') ? o.baseUrl : o.baseUrl + '/';
  const timeout = o.timeoutMs ?? 15_000;
  let session: Promise<{ userKey: string; sessionKey: string }> | null = null;

  async function login(): Promise<{ userKey: string; sessionKey: string }> {
    const url = `${base}login?username=${encodeURIComponent(o.username)}&password=${encodeURIComponent(o.password)}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(timeout) });
    const text = (await res.text()).trim();
    if (!res.ok) throw Object.assign(new Error(`login: HTTP ${res.status}`), { status: res.status });
    const [userKey, sessionKey] = text.split(';');
    if (!userKey || !sessionKey) throw Object.assign(new Error('login: unexpected answer'), { status: 502 });
    return { userKey, sessionKey };
  }

  async function attempt(m: OutgoingMessage, fresh: boolean): Promise<SendResult> {
    if (fresh || !session) session = login();
    let keys: { userKey: string; sessionKey: string };
    try {
      keys = await session;
    } catch (err) {
      session = null;
      const status = (err as { status?: number }).status;
      if (status === undefined) return networkError(err);
      return failed('down', (err as Error).message, status === 401 || status === 403 ? 300_000 : 30_000);
    }
    let res: Response;
    try {
      res = await fetch(`${base}sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', user_key: keys.userKey, Session_key: keys.sessionKey },
        body: JSON.stringify({
          message_type: o.messageType ?? 'GP',
          message: m.text,
          recipient: [m.to],
          sender: o.sender.slice(0, 11),
          order_id: m.jobId.replace(/-/g, ''),
          returnCredits: false,
        }),
        signal: AbortSignal.timeout(timeout),
      });
    } catch (err) {
      return networkError(err);
    }
    const body = await res.text().catch(() => '');
    if (res.status === 401 && !fresh) return attempt(m, true);
    if (!res.ok) return httpFailure(res, body);
    try {
      const json = JSON.parse(body) as { result?: string; order_id?: string; total_sent?: number };
      if (json.result !== 'OK') return failed('transient', `result ${json.result ?? '?'}`);
      return ok(json.order_id ? String(json.order_id) : undefined);
    } catch {
      return failed('transient', 'unexpected answer');
    }
  }

  return {
    channel: 'sms',
    async send(m) {
      if (!E164.test(m.to)) return failed('permanent', 'invalid phone number');
      return attempt(m, false);
    },
    async close() {},
  };
}
