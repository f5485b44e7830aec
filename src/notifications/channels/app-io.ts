import { failed, networkError, ok, retryAfterMs, type ChannelAdapter, type OutgoingMessage, type SendResult } from './channel.js';

export interface AppIoOptions {
  /** e.g. https://api.io.pagopa.it/api/v1 */
  baseUrl: string;
  apiKey: string;
  /** Immediate retries of a 429 before the channel pauses (each waits Retry-After, at most maxWaitMs). */
  retries429?: number;
  maxWaitMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const TAX_CODE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/**
 * App IO (the public-sector citizen app): POST /profiles { fiscal_code } and send only when
 * `sender_allowed` is true; then POST /messages { fiscal_code, content: { subject, markdown,
 * due_date } } → 201 { id }. Header Ocp-Apim-Subscription-Key. A 429 is retried after
 * Retry-After a few times, then the channel pauses (the message waits, nothing is lost).
 * No profile (404) or sender not allowed: undeliverable, not retried.
 */
export function appIoChannel(o: AppIoOptions): ChannelAdapter {
  const base = o.baseUrl.replace(/\/+$/, '');
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const retries = o.retries429 ?? 3;
  const maxWait = o.maxWaitMs ?? 5_000;

  async function call(path: string, body: unknown): Promise<{ res: Response; text: string } | SendResult> {
    for (let i = 0; ; i++) {
      let res: Response;
      try {
        res = await fetch(base + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'Ocp-Apim-Subscription-Key': o.apiKey },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
        });
      } catch (err) {
        return networkError(err);
      }
      const text = await res.text().catch(() => '');
      if (res.status !== 429) return { res, text };
      const wait = retryAfterMs(res.headers.get('retry-after'), 500 * 2 ** i);
      if (i >= retries || wait > maxWait) return failed('down', `HTTP 429 on ${path}`, Math.max(wait, 1000));
      await sleep(wait);
    }
  }

  const problem = (path: string, res: Response, text: string): string => {
    let detail = text.slice(0, 200);
    try {
      const p = JSON.parse(text) as { title?: string; detail?: string };
      detail = [p.title, p.detail].filter(Boolean).join(': ');
    } catch {
      /* not JSON */
    }
    return `HTTP ${res.status} on ${path}${detail ? `: ${detail}` : ''}`;
  };

  return {
    channel: 'appio',
    async send(m: OutgoingMessage): Promise<SendResult> {
      if (!TAX_CODE.test(m.to)) return failed('permanent', 'not a tax code');
      const profile = await call('/profiles', { fiscal_code: m.to });
      if (!('res' in profile)) return profile;
      if (profile.res.status === 404) return failed('permanent', 'no App IO profile');
      if (!profile.res.ok) return classify('/profiles', profile.res, problem('/profiles', profile.res, profile.text));
      let allowed: boolean;
      try {
        allowed = (JSON.parse(profile.text) as { sender_allowed?: boolean }).sender_allowed === true;
      } catch {
        return failed('transient', 'unexpected profile answer');
      }
      if (!allowed) return failed('permanent', 'sender not allowed by the citizen');
      const content: Record<string, string> = { subject: m.subject ?? '', markdown: m.markdown ?? m.text };
      if (m.dueDate) content.due_date = m.dueDate;
      const sent = await call('/messages', { fiscal_code: m.to, content });
      if (!('res' in sent)) return sent;
      if (sent.res.status === 201 || sent.res.ok) {
        try {
          return ok(String((JSON.parse(sent.text) as { id?: string }).id ?? ''));
        } catch {
          return ok();
        }
      }
      return classify('/messages', sent.res, problem('/messages', sent.res, sent.text));
    },
    async close() {},
  };
}

function classify(_path: string, res: Response, what: string): SendResult {
  if (res.status === 401 || res.status === 403) return failed('down', what, 300_000);
  if (res.status >= 500) return failed('down', what, retryAfterMs(res.headers.get('retry-after'), 30_000));
  if (res.status === 400 || res.status === 422) return failed('permanent', what);
  return failed('transient', what);
}
