import nodemailer, { type Transporter } from 'nodemailer';
import { failed, ok, type ChannelAdapter, type OutgoingMessage, type SendResult } from './channel.js';

export interface EmailOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered), smtps://…:465 (TLS). */
  url: string;
  /** From header, e.g. `INPS Sportello <noreply@inps.example>`. */
  from: string;
  /** Parallel SMTP connections (pooled). */
  connections?: number;
  /** Domain of the Message-ID (`<job id>@domain`). */
  messageIdDomain?: string;
  timeoutMs?: number;
}

const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const NETWORK = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROXY', 'ETLS', 'EAUTH', 'ENOTFOUND']);

/** SMTP through nodemailer (pooled connections). */
export function emailChannel(o: EmailOptions): ChannelAdapter {
  const timeout = o.timeoutMs ?? 20_000;
  const transport: Transporter = nodemailer.createTransport({
    url: o.url,
    pool: true,
    maxConnections: o.connections ?? 4,
    maxMessages: 1000,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const domain = o.messageIdDomain ?? (o.from.match(/@([^>\s]+)/)?.[1] ?? 'sportello.local');
  return {
    channel: 'email',
    async send(m: OutgoingMessage): Promise<SendResult> {
      if (!ADDRESS.test(m.to)) return failed('permanent', 'invalid e-mail address');
      try {
        const info = await transport.sendMail({
          from: o.from,
          to: m.to,
          subject: m.subject ?? '',
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
          // The same Message-ID on every attempt: a copy sent again after a crash is recognisable.
          messageId: `<${m.jobId}@${domain}>`,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Sportello-Notification': m.kind, 'Content-Language': m.language },
          ...(m.ics
            ? {
                attachments: [{
                  filename: m.language === 'it' ? 'appuntamento.ics' : 'appointment.ics',
                  content: m.ics,
                  contentType: `text/calendar; charset=utf-8; method=${m.ics.includes('METHOD:CANCEL') ? 'CANCEL' : 'PUBLISH'}`,
                }],
              }
            : {}),
        });
        const rejected = (info.rejected ?? []) as unknown[];
        if (rejected.length > 0) return failed('permanent', `rejected: ${String((info as { response?: string }).response ?? '')}`.slice(0, 300));
        return ok(String(info.messageId ?? ''));
      } catch (err) {
        return classify(err);
      }
    },
    async close() {
      transport.close();
    },
  };
}

function classify(err: unknown): SendResult {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string; command?: string };
  const msg = `${e.code ?? 'error'} ${e.responseCode ?? ''} ${e.response ?? e.message ?? ''}`.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (e.responseCode && e.responseCode >= 500) {
    // 5xx to the recipient (or to the message): this address will not work. Except a server
    // that refuses everyone at the door (greeting/HELO/AUTH) — that is an outage of ours.
    if (e.command === 'CONN' || e.command === 'EHLO' || e.command === 'HELO' || e.code === 'EAUTH') return failed('down', msg);
    return failed('permanent', msg);
  }
  if (e.responseCode && e.responseCode >= 400) {
    // 421 = the server is closing / overloaded: everyone waits.
    return failed(e.responseCode === 421 ? 'down' : 'transient', msg);
  }
  if (e.code && NETWORK.has(e.code)) return failed('down', msg);
  return failed('transient', msg);
}
