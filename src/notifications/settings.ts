/** From the configuration (environment) to channel adapters and a running worker. */
import type { Config } from '../platform/config.js';
import type { Db } from '../storage/db.js';
import { appIoChannel } from './channels/app-io.js';
import type { ChannelAdapter } from './channels/channel.js';
import { demoOutboxChannel } from './channels/demo-outbox.js';
import { emailChannel } from './channels/email.js';
import { checkSmsBodyTemplate, httpSmsChannel } from './channels/sms-http.js';
import { skebbyChannel } from './channels/sms-skebby.js';
import { isKind, NOTIFICATION_KINDS, type Channel, type NotificationKind } from './kinds.js';
import { syncChannels } from './queue.js';
import { NotificationWorker, type WorkerLog, type WorkerOptions } from './worker.js';

export type NotificationConfig = Pick<Config,
  'SMTP_URL' | 'SMTP_FROM' | 'SMS_PROVIDER' | 'SMS_URL' | 'SMS_SENDER' | 'SMS_USERNAME' | 'SMS_PASSWORD' | 'SMS_AUTH_HEADER'
  | 'SMS_BODY_TEMPLATE' | 'SMS_ID_FIELD' | 'APPIO_URL' | 'APPIO_API_KEY' | 'EMAIL_EVENTS' | 'SMS_EVENTS' | 'APPIO_EVENTS'
  | 'NOTIFY_BATCH_SIZE' | 'NOTIFY_CONCURRENCY' | 'NOTIFY_POLL_MS' | 'NOTIFY_LEASE_SECONDS' | 'NOTIFY_MAX_ATTEMPTS' | 'PUBLIC_URL'>
  & Partial<Pick<Config, 'DEMO_OUTBOX' | 'NODE_ENV'>>;

function kindsOf(name: string, list: string | undefined): NotificationKind[] {
  if (!list || !list.trim()) return [...NOTIFICATION_KINDS];
  const kinds = list.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = kinds.filter((k) => !isKind(k));
  if (bad.length) throw new Error(`${name}: unknown event ${bad.join(', ')}; known: ${NOTIFICATION_KINDS.join(', ')}`);
  return kinds as NotificationKind[];
}

/** The adapters the configuration enables (a channel without its settings is off). */
export function adaptersFromConfig(c: NotificationConfig): Partial<Record<Channel, ChannelAdapter>> {
  const out: Partial<Record<Channel, ChannelAdapter>> = {};
  if (c.SMTP_URL) out.email = emailChannel({ url: c.SMTP_URL, from: c.SMTP_FROM, connections: Math.min(c.NOTIFY_CONCURRENCY, 8) });
  if (c.SMS_URL) {
    if (c.SMS_PROVIDER === 'skebby') {
      if (!c.SMS_USERNAME || !c.SMS_PASSWORD) throw new Error('SMS_PROVIDER=skebby needs SMS_USERNAME and SMS_PASSWORD');
      out.sms = skebbyChannel({ baseUrl: c.SMS_URL, username: c.SMS_USERNAME, password: c.SMS_PASSWORD, sender: c.SMS_SENDER });
    } else {
      if (c.SMS_BODY_TEMPLATE) {
        const problem = checkSmsBodyTemplate(c.SMS_BODY_TEMPLATE);
        if (problem) throw new Error(problem);
      }
      const headers: Record<string, string> = {};
      if (c.SMS_AUTH_HEADER) {
        const i = c.SMS_AUTH_HEADER.indexOf(':');
        headers[c.SMS_AUTH_HEADER.slice(0, i).trim()] = c.SMS_AUTH_HEADER.slice(i + 1).trim();
      }
      out.sms = httpSmsChannel({ url: c.SMS_URL, headers, sender: c.SMS_SENDER, bodyTemplate: c.SMS_BODY_TEMPLATE || undefined, idField: c.SMS_ID_FIELD || undefined });
    }
  }
  if (c.APPIO_API_KEY) out.appio = appIoChannel({ baseUrl: c.APPIO_URL, apiKey: c.APPIO_API_KEY });
  return out;
}

/**
 * The demo outbox in place of e-mail and SMS: when no channel is configured, outside
 * production, unless DEMO_OUTBOX=false. Null when real channels (or none) are used.
 */
export function demoOutboxAdapters(db: Db, c: NotificationConfig, configured: Partial<Record<Channel, ChannelAdapter>>): Partial<Record<Channel, ChannelAdapter>> | null {
  if (Object.keys(configured).length > 0 || c.DEMO_OUTBOX === false || c.NODE_ENV === 'production') return null;
  return { email: demoOutboxChannel(db, 'email'), sms: demoOutboxChannel(db, 'sms') };
}

/**
 * Kinds the demo outbox carries by default: all but the one-time contact codes (a code sent
 * nowhere would turn contact verification on for a demo nobody can receive codes from).
 */
const DEMO_OUTBOX_KINDS = NOTIFICATION_KINDS.filter((k) => k !== 'contact_code');

/** Which channels are on and which events each carries, as the database's trigger sees them. */
export function channelRowsFromConfig(c: NotificationConfig, adapters: Partial<Record<Channel, ChannelAdapter>>, demoOutbox = false) {
  const kinds = (name: string, list: string | undefined) => (demoOutbox && !list?.trim() ? [...DEMO_OUTBOX_KINDS] : kindsOf(name, list));
  return {
    email: { enabled: !!adapters.email, kinds: kinds('EMAIL_EVENTS', c.EMAIL_EVENTS), demoOutbox: demoOutbox && !!adapters.email },
    sms: { enabled: !!adapters.sms, kinds: kinds('SMS_EVENTS', c.SMS_EVENTS), demoOutbox: demoOutbox && !!adapters.sms },
    appio: { enabled: !!adapters.appio, kinds: kinds('APPIO_EVENTS', c.APPIO_EVENTS), demoOutbox: false },
  };
}

/**
 * Builds the worker from the configuration, records the enabled channels for the enqueueing
 * trigger, and starts it. Only a process with at least one channel configured writes the
 * channel table (and runs a worker), so a web instance without channel settings never turns a
 * channel off; give every process that sends the same channel settings.
 */
export async function startNotificationWorker(
  db: Db, c: NotificationConfig, log?: WorkerLog, overrides: Partial<WorkerOptions> = {},
): Promise<NotificationWorker> {
  const configured = overrides.adapters ?? adaptersFromConfig(c);
  const outbox = overrides.adapters ? null : demoOutboxAdapters(db, c, configured);
  const adapters = outbox ?? configured;
  const rows = channelRowsFromConfig(c, adapters, outbox !== null);
  // A process with no channel configured (e.g. a web instance) leaves the channel table alone.
  if (Object.values(rows).some((r) => r.enabled)) await syncChannels(db, rows);
  const worker = new NotificationWorker({
    db,
    adapters,
    publicUrl: c.PUBLIC_URL,
    batchSize: c.NOTIFY_BATCH_SIZE,
    concurrency: c.NOTIFY_CONCURRENCY,
    pollMs: c.NOTIFY_POLL_MS,
    leaseMs: c.NOTIFY_LEASE_SECONDS * 1000,
    maxAttempts: c.NOTIFY_MAX_ATTEMPTS,
    log,
    ...overrides,
  });
  if (worker.channels.length === 0) {
    log?.info({}, 'notifications: no channel configured here (SMTP_URL, SMS_URL, APPIO_API_KEY): no worker in this process');
    return worker;
  }
  worker.start();
  log?.info({ worker: worker.id, channels: worker.channels, demoOutbox: outbox !== null }, outbox ? 'notification worker started: messages go to the demo outbox' : 'notification worker started');
  return worker;
}
