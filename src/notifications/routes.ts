/** /api/staff/notifications/…: templates with preview, the queue and its dead letters; a desk's reminders. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../platform/openapi.js';
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
import { JOB_STATES, type JobState } from './kinds.js';
import { VARIABLES } from './templates.js';
import { channelState, listOutbox } from './outbox.js';
import * as s from './routes.schema.js';

export function notificationRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['notifications'];

    app.get('/staff/notifications/templates', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'Message templates per event, language and channel (built-in or edited), and the placeholders they may use',
        response: { 200: s.templateList, ...problemResponses(401, 403) },
      },
    }, async (req) => ({ items: await listTemplates(db, req.actor), variables: { ...VARIABLES } }));

    app.put('/staff/notifications/templates/:kind/:language/:channel', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'Edit a template (placeholders are checked: no personal data beyond the list, never a PIN)',
        params: s.templateKey, body: s.templateInput,
        response: { 200: s.templateView, ...problemResponses(400, 401, 403, 422) },
      },
    }, async (req) => updateTemplate(db, req.actor, req.params, req.body));

    app.delete('/staff/notifications/templates/:kind/:language/:channel', {
      config: { policy: 'staff.notifications.manage' },
      schema: { tags, summary: 'Back to the built-in text', params: s.templateKey, response: { 200: s.templateView, ...problemResponses(400, 401, 403) } },
    }, async (req) => resetToDefault(db, req.actor, req.params));

    app.post('/staff/notifications/templates/preview', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'Render a template with sample data: the one in force, or the subject/body given (not saved)',
        body: s.previewBody,
        response: { 200: s.previewView, ...problemResponses(400, 401, 403, 422) },
      },
    }, async (req) => previewTemplate(db, req.actor, req.body));

    app.get('/staff/notifications/jobs', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'Notifications by state, newest first — by default the dead letters (dead, undeliverable)',
        querystring: s.jobsQuery,
        response: { 200: s.jobList, ...problemResponses(400, 401, 403) },
      },
    }, async (req) => {
      const states = req.query.state ? req.query.state.split(',').map((x) => x.trim()) : undefined;
      if (states && !states.every((x): x is JobState => (JOB_STATES as readonly string[]).includes(x))) {
        throw new AppError(400, 'invalid_input', { it: `Stato sconosciuto: usa ${JOB_STATES.join(', ')}.`, en: `Unknown state: use ${JOB_STATES.join(', ')}.` });
      }
      return listJobs(db, req.actor, { states, channel: req.query.channel, cursor: req.query.cursor, limit: req.query.limit });
    });

    app.post('/staff/notifications/jobs/:id/retry', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'Send a dead or undeliverable notification again (it is due at once)',
        params: s.idParams,
        response: { 200: s.retriedJob, ...problemResponses(400, 401, 403, 404, 409) },
      },
    }, async (req) => retryJob(db, req.actor, req.params.id));

    app.get('/notifications/channels', {
      config: { policy: 'public' },
      schema: {
        tags, summary: 'Whether messages reach citizens (live) or go to the demo outbox (nothing reaches anyone)',
        response: { 200: s.channelState },
      },
    }, async () => channelState(db));

    app.get('/staff/notifications/outbox', {
      config: { policy: 'staff.notifications.manage' },
      schema: {
        tags, summary: 'The demo outbox: the last 100 e-mails and SMS as citizens would have got them (recipients in clear; audited)',
        response: { 200: s.outboxList, ...problemResponses(401, 403) },
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
          200: s.queueStats,
          ...problemResponses(401, 403),
        },
      },
    }, async (req) => queueStats(db, req.actor));

    app.get('/staff/desks/:id/notifications', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags, summary: "A desk's reminders (minutes before the start) and the number it calls from",
        params: s.idParams, response: { 200: s.deskSettings, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => getDeskSettings(db, req.actor, req.params.id));

    app.put('/staff/desks/:id/notifications', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags, summary: "Set a desk's reminders (default 24 h and 1 h: [1440, 60]; [] = none) and the number it calls from",
        params: s.idParams,
        body: s.deskSettingsBody,
        response: { 200: s.deskSettings, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => setDeskSettings(db, req.actor, req.params.id, req.body));
  };
}
