import type { Channel, Language, NotificationKind } from '../kinds.js';

/** One message, ready for a provider. Built at send time from the booking's current data. */
export interface OutgoingMessage {
  /** The job's id: the idempotency key given to providers (e-mail Message-ID, SMS reference). */
  jobId: string;
  kind: NotificationKind;
  language: Language;
  to: string;
  subject: string | null;
  text: string;
  html?: string;
  markdown?: string;
  /** E-mail: the appointment as a calendar file. */
  ics?: string;
  /** App IO: the appointment time (due_date). */
  dueDate?: string;
}

/**
 * What happened. `permanent`: this recipient cannot be reached this way (bad address, no App
 * IO profile…) — recorded as undeliverable, never retried. `transient`: this message failed,
 * try it again later (counts as an attempt). `down`: the provider is unreachable or refuses
 * everyone (outage, throttling, bad credentials) — the channel pauses and the message waits,
 * without using up its attempts.
 */
export type SendResult =
  | { ok: true; providerId?: string | undefined }
  | { ok: false; kind: 'permanent' | 'transient' | 'down'; error: string; retryAfterMs?: number | undefined };

export interface ChannelAdapter {
  readonly channel: Channel;
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
}

export const ok = (providerId?: string): SendResult => ({ ok: true, providerId });
export const failed = (kind: 'permanent' | 'transient' | 'down', error: string, retryAfterMs?: number): SendResult => ({ ok: false, kind, error, retryAfterMs });

/** Retry-After (seconds or an HTTP date) in ms, bounded. */
export function retryAfterMs(header: string | null, fallbackMs: number, maxMs = 300_000): number {
  if (!header) return fallbackMs;
  const s = Number(header);
  const ms = Number.isFinite(s) ? s * 1000 : new Date(header).getTime() - Date.now();
  return Number.isFinite(ms) ? Math.min(maxMs, Math.max(0, ms)) : fallbackMs;
}

/** Network failures of fetch (refused, reset, DNS, timeout) are outages of the provider. */
export function networkError(err: unknown): SendResult {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const what = e?.cause?.code ?? e?.name ?? 'error';
  return failed('down', `${what}: ${e?.cause?.message ?? e?.message ?? String(err)}`.slice(0, 300));
}

export const E164 = /^\+[1-9][0-9]{5,14}$/;
