/** The zod schemas of /api/staff/notifications/… and /api/notifications/…: requests, and the responses whose types the use cases return. */
import { z } from 'zod';
import { uuidSchema } from '../platform/openapi.js';
import { CHANNELS, JOB_STATES, LANGUAGES, NOTIFICATION_KINDS } from './kinds.js';

const uuid = uuidSchema;
export const idParams = z.strictObject({ id: uuid });
export const templateKey = z.strictObject({ kind: z.enum(NOTIFICATION_KINDS), language: z.enum(LANGUAGES), channel: z.enum(CHANNELS) });

export const templateView = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  language: z.enum(LANGUAGES),
  channel: z.enum(CHANNELS),
  subject: z.string().nullable(),
  body: z.string(),
  custom: z.boolean().describe('edited by an admin (false: the built-in text)'),
  updatedAt: z.string().nullable(),
});

export const templateInput = z.strictObject({
  subject: z.string().max(200).nullable().optional().describe('e-mail and App IO; ignored for SMS'),
  body: z.string().min(1).max(8000),
});

export const previewView = z.object({
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  markdown: z.string().nullable(),
  smsCharacters: z.number().int().nullable().describe('SMS: characters and segments (160 per segment, 153 when split)'),
  smsSegments: z.number().int().nullable(),
  hasCalendarFile: z.boolean(),
});

export const jobView = z.object({
  id: z.string(), kind: z.enum(NOTIFICATION_KINDS), channel: z.enum(CHANNELS), state: z.enum(JOB_STATES), attempts: z.number().int(),
  inDoubt: z.number().int().describe('times a worker stopped while the provider had it (sent again with the same idempotency key)'),
  lastError: z.string().nullable(), bookingCode: z.string(), officeCode: z.string(), deskName: z.string(), appointmentStart: z.string(),
  createdAt: z.string(), updatedAt: z.string(), runAfter: z.string(), expiresAt: z.string(),
});

export const outboxEntry = z.object({
  id: z.string(), channel: z.enum(CHANNELS), kind: z.enum(NOTIFICATION_KINDS), language: z.enum(LANGUAGES), recipient: z.string(),
  subject: z.string().nullable(), body: z.string(), html: z.string().nullable(), ics: z.string().nullable().describe('text/calendar'),
  bookingCode: z.string(), officeCode: z.string(), createdAt: z.string(),
});

export const deskSettings = z.object({ deskId: z.string(), reminderMinutes: z.array(z.number().int()), callerPhone: z.string().nullable() });

export const templateList = z.object({ items: z.array(templateView), variables: z.record(z.string(), z.string()) });
export const previewBody = z.strictObject({
  kind: z.enum(NOTIFICATION_KINDS), language: z.enum(LANGUAGES), channel: z.enum(CHANNELS),
  subject: z.string().max(200).nullable().optional(), body: z.string().min(1).max(8000).optional(),
});
export const jobsQuery = z.strictObject({
  state: z.string().optional().describe(`comma-separated: ${JOB_STATES.join(', ')}`),
  channel: z.enum(CHANNELS).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const jobList = z.object({ items: z.array(jobView), nextCursor: z.string().nullable() });
export const retriedJob = z.object({ id: z.string(), state: z.enum(JOB_STATES) });
export const channelState = z.object({
  live: z.boolean().describe('a real channel carries messages to citizens'),
  demoOutbox: z.boolean().describe('e-mail or SMS go to the demo outbox (nothing reaches anyone)'),
});
export const outboxList = z.object({ demoOutbox: z.boolean(), items: z.array(outboxEntry) });
export const queueStats = z.object({
  channels: z.array(z.object({ channel: z.enum(CHANNELS), enabled: z.boolean(), kinds: z.array(z.string()) })),
  counts: z.array(z.object({ channel: z.enum(CHANNELS), state: z.enum(JOB_STATES), count: z.number().int() })),
  oldestDueSeconds: z.number().nullable().describe('age in seconds of the oldest job due and not sent (how late the queue runs)'),
});
export const deskSettingsBody = z.strictObject({
  reminderMinutes: z.array(z.number().int().min(5).max(20160)).max(5),
  callerPhone: z.string().regex(/^\+[1-9][0-9]{5,14}$/, { message: 'E.164, e.g. +390212345678' }).nullable(),
});

/** A message about a booking as its citizen sees it (POST /api/bookings/messages): where it goes and whether it was sent. */
export const bookingMessage = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  kind: z.enum(NOTIFICATION_KINDS),
  state: z.enum(JOB_STATES),
  to: z.string().nullable().describe('masked: m•••@example.it, +39•••567'),
  demoOutbox: z.boolean(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  message: z.object({ subject: z.string().nullable(), body: z.string(), html: z.string().nullable(), ics: z.string().nullable() }).nullable()
    .describe('the message as sent: demo outbox only'),
});
