import { E164, failed, networkError, ok, retryAfterMs, type ChannelAdapter, type OutgoingMessage, type SendResult } from './channel.js';

export interface HttpSmsOptions {
  /** The gateway's send endpoint. */
  url: string;
  method?: 'POST' | 'PUT';
  /** Extra headers, e.g. `{ Authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
  /**
   * JSON body with placeholders {{to}}, {{text}}, {{sender}}, {{id}} (JSON-escaped when filled).
   * Default: {"to":"{{to}}","text":"{{text}}","from":"{{sender}}","reference":"{{id}}"}.
   */
  bodyTemplate?: string;
  sender: string;
  /** Field of the JSON answer holding the provider's message id (dot path), optional. */
  idField?: string;
  /** Header carrying the job id, for gateways that de-duplicate (Idempotency-Key by default; '' = none). */
  idempotencyHeader?: string;
  timeoutMs?: number;
}

export const DEFAULT_SMS_BODY = '{"to":"{{to}}","text":"{{text}}","from":"{{sender}}","reference":"{{id}}"}';

/** Checks a body template at start: valid JSON once filled, with {{to}} and {{text}}. */
export function checkSmsBodyTemplate(template: string): string | null {
  if (!template.includes('{{to}}') || !template.includes('{{text}}')) return 'SMS_BODY_TEMPLATE must contain {{to}} and {{text}}';
  try {
    JSON.parse(fillJson(template, { to: '+390000000', text: 'x', sender: 'x', id: 'x' }));
    return null;
  } catch {
    return 'SMS_BODY_TEMPLATE is not valid JSON once filled (put placeholders inside strings: "{{text}}")';
  }
}

function fillJson(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(to|text|sender|id)\}\}/g, (_, k: string) => JSON.stringify(values[k] ?? '').slice(1, -1));
}

function pick(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/**
 * A generic HTTP SMS gateway: one request per message, body from a template. Answers:
 * 2xx sent; 400/404/422 the number is refused (undeliverable); 401/403 our credentials are
 * wrong, 408/429/5xx the gateway is down or throttling (the channel waits, nothing is lost).
 */
export function httpSmsChannel(o: HttpSmsOptions): ChannelAdapter {
  const template = o.bodyTemplate ?? DEFAULT_SMS_BODY;
  const idemHeader = o.idempotencyHeader ?? 'Idempotency-Key';
  return {
    channel: 'sms',
    async send(m: OutgoingMessage): Promise<SendResult> {
      if (!E164.test(m.to)) return failed('permanent', 'invalid phone number');
      let res: Response;
      try {
        res = await fetch(o.url, {
          method: o.method ?? 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(idemHeader ? { [idemHeader]: m.jobId } : {}), ...o.headers },
          body: fillJson(template, { to: m.to, text: m.text, sender: o.sender, id: m.jobId }),
          signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
        });
      } catch (err) {
        return networkError(err);
      }
      const body = await res.text().catch(() => '');
      if (res.ok) {
        let id: unknown;
        if (o.idField) {
          try {
            id = pick(JSON.parse(body), o.idField);
          } catch {
            id = undefined;
          }
        }
        return ok(id === undefined || id === null ? undefined : String(id));
      }
      return httpFailure(res, body);
    },
    async close() {},
  };
}

export function httpFailure(res: Response, body: string): SendResult {
  const what = `HTTP ${res.status} ${body.replace(/\s+/g, ' ').slice(0, 200)}`.trim();
  if (res.status === 429 || res.status === 408) return failed('down', what, retryAfterMs(res.headers.get('retry-after'), 30_000));
  if (res.status === 401 || res.status === 403) return failed('down', what, 300_000);
  if (res.status >= 500) return failed(res.status === 500 ? 'transient' : 'down', what, retryAfterMs(res.headers.get('retry-after'), 30_000));
  if (res.status === 400 || res.status === 404 || res.status === 410 || res.status === 422) return failed('permanent', what);
  return failed('transient', what);
}
