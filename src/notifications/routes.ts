/** /api/staff/notifications/…: templates with preview, the queue and its dead letters; a desk's reminders. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses, uuidSchema } from '../platform/openapi.js';
import type { Db } from '../storage/db.js';
import { getDeskSettings } from './get-desk-settings.js';
import { queueStats } from './get-queue-stats.js';
import { listJobs } from './list-jobs.js';
import { listTemplates } from './list-templates.js';
import { previewTemplate } from './preview-template.js';
import { resetToDefault } from './reset-template.js';
import { retryJob } from './retry-job.js';
import { setDeskSettings } from './set-desk-settings.js';
import { updateTemplate } from './update-template.js';
import { AppError } from '../domain/errors.js';
import { CHANNELS, JOB_STATES, LANGUAGES, NOTIFICATION_KINDS, type JobState } from './kinds.js';
import { VARIABLES } from './templates.js';
import { channelState, listOutbox } from './outbox.js';

const uuid = uuidSchema;
const templateKey = z.strictObject({ kind: z.enum(NOTIFICATION_KINDS), language: z.enum(LANGUAGES), channel: z.enum(CHANNELS) });

const templateView = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  language: z.enum(LANGUAGES),
  channel: z.enum(CHANNELS),
  subject: z.string().nullable(),
  body: z.string(),
  custom: z.boolean().describe('edited by an admin (false: the built-in text)'),
  updatedAt: z.string().nullable(),
});

const templateInput = z.strictObject({
  subject: z.string().max(200).nullable().optional().describe('e-mail and App IO; ignored for SMS'),
  body: z.string().min(1).max(8000),
});

const previewView = z.object({
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  markdown: z.string().nullable(),
  smsCharacters: z.number().int().nullable(),
  smsSegments: z.number().int().nullable(),
  hasCalendarFile: z.boolean(),
});

const jobView = z.object({
  id: z.string(), kind: z.enum(NOTIFICATION_KINDS), channel: z.enum(CHANNELS), state: z.enum(JOB_STATES), attempts: z.number().int(),
  inDoubt: z.number().int().describe('times a worker stopped while the provider had it (sent again with the same idempotency key)'),
  lastError: z.string().nullable(), bookingCode: z.string(), officeCode: z.string(), deskName: z.string(), appointmentStart: z.string(),
  createdAt: z.string(), updatedAt: z.string(), runAfter: z.string(), expiresAt: z.string(),
});

const outboxEntry = z.object({
  id: z.string(), channel: z.enum(CHANNELS), kind: z.enum(NOTIFICATION_KINDS), language: z.enum(LANGUAGES), recipient: z.string(),
  subject: z.string().nullable(), body: z.string(), html: z.string().nullable(), ics: z.string().nullable().describe('text/calendar'),
  bookingCode: z.string(), officeCode: z.string(), createdAt: z.string(),
});

const deskSettings = z.object({ deskId: z.string(), reminderMinutes: z.array(z.number().int()), callerPhone: z.string().nullable() });

export function notificationRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['notifications'];

    app.get('/staff/notifications/templates', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'Message templates per event, language and channel (built-in or edited), and the placeholders they may use',
        response: { 200: z.object({ items: z.array(templateView), variables: z.record(z.string(), z.string()) }), ...problemResponses(401, 403) },
      },
    }, async (req) => ({ items: await listTemplates(db, req.actor), variables: { ...VARIABLES } }));

    app.put('/staff/notifications/templates/:kind/:language/:channel', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'Edit a template (placeholders are checked: no personal data beyond the list, never a PIN)',
        params: templateKey, body: templateInput,
        response: { 200: templateView, ...problemResponses(400, 401, 403, 422) },
      },
    }, async (req) => updateTemplate(db, req.actor, req.params, req.body));

    app.delete('/staff/notifications/templates/:kind/:language/:channel', {
      config: { policy: 'staff.notifications.manage' },
      schema: { tags, summary: 'Back to the built-in text', params: templateKey, response: { 200: templateView, ...problemResponses(400, 401, 403) } },
    }, async (req) => resetToDefault(db, req.actor, req.params));

    app.post('/staff/notifications/templates/preview', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'Render a template with sample data: the one in force, or the subject/body given (not saved)',
        body: z.strictObject({
          kind: z.enum(NOTIFICATION_KINDS), language: z.enum(LANGUAGES), channel: z.enum(CHANNELS),
          subject: z.string().max(200).nullable().optional(), body: z.string().min(1).max(8000).optional(),
        }),
        response: { 200: previewView, ...problemResponses(400, 401, 403, 422) },
      },
    }, async (req) => previewTemplate(db, req.actor, req.body));

    app.get('/staff/notifications/jobs', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'Notifications by state, newest first — by default the dead letters (dead, undeliverable)',
        querystring: z.strictObject({
          state: z.string().optional().describe(`comma-separated: ${JOB_STATES.join(', ')}`),
          channel: z.enum(CHANNELS).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: z.object({ items: z.array(jobView), nextCursor: z.string().nullable() }), ...problemResponses(400, 401, 403) },
      },
    }, async (req) => {
      const states = req.query.state ? req.query.state.split(',').map((s) => s.trim()) : undefined;
      if (states && !states.every((s): s is JobState => (JOB_STATES as readonly string[]).includes(s))) {
        throw new AppError(400, 'invalid_input', { it: `Stato sconosciuto: usa ${JOB_STATES.join(', ')}.`, en: `Unknown state: use ${JOB_STATES.join(', ')}.` });
      }
      return listJobs(db, req.actor, { states, channel: req.query.channel, cursor: req.query.cursor, limit: req.query.limit });
    });

    app.post('/staff/notifications/jobs/:id/retry', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'Send a dead or undeliverable notification again (it is due at once)',
        params: z.strictObject({ id: uuid }),
        response: { 200: z.object({ id: z.string(), state: z.enum(JOB_STATES) }), ...problemResponses(400, 401, 403, 404, 409) },
      },
    }, async (req) => retryJob(db, req.actor, req.params.id));

    app.get('/notifications/channels', {
      config: { policy: 'public' },
      schema: {
        tags, summary: 'Whether messages reach citizens (live) or go to the demo outbox (nothing reaches anyone)',
        response: { 200: z.object({ live: z.boolean(), demoOutbox: z.boolean() }) },
      },
    }, async () => channelState(db));

    app.get('/staff/notifications/outbox', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'The demo outbox: the last 100 e-mails and SMS as citizens would have got them (recipients in clear; audited)',
        response: { 200: z.object({ demoOutbox: z.boolean(), items: z.array(outboxEntry) }), ...problemResponses(401, 403) },
      },
    }, async (req) => {
      const items = await listOutbox(db);
      await req.audit({ action: 'staff.notifications.manage', resourceType: 'demo_outbox', resourceId: null, details: { results: items.length, codes: [...new Set(items.map((m) => m.bookingCode))] } });
      return { demoOutbox: (await channelState(db)).demoOutbox, items };
    });

    app.get('/staff/notifications/stats', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'Channels in use, notifications per channel and state, how late the queue runs',
        response: {
          200: z.object({
            channels: z.array(z.object({ channel: z.enum(CHANNELS), enabled: z.boolean(), kinds: z.array(z.string()) })),
            counts: z.array(z.object({ channel: z.enum(CHANNELS), state: z.enum(JOB_STATES), count: z.number().int() })),
            oldestDueSeconds: z.number().nullable(),
          }),
          ...problemResponses(401, 403),
        },
      },
    }, async (req) => queueStats(db, req.actor));

    app.get('/staff/desks/:id/notifications', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags, summary: "A desk's reminders (minutes before the start) and the number it calls from",
        params: z.strictObject({ id: uuid }), response: { 200: deskSettings, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => getDeskSettings(db, req.actor, req.params.id));

    app.put('/staff/desks/:id/notifications', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags, summary: "Set a desk's reminders (default 24 h and 1 h: [1440, 60]; [] = none) and the number it calls from",
        params: z.strictObject({ id: uuid }),
        body: z.strictObject({
          reminderMinutes: z.array(z.number().int().min(5).max(20160)).max(5),
          callerPhone: z.string().regex(/^\+[1-9][0-9]{5,14}$/, { message: 'E.164, e.g. +390212345678' }).nullable(),
        }),
        response: { 200: deskSettings, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => setDeskSettings(db, req.actor, req.params.id, req.body));
  };
}
