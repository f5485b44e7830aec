import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eventStreams } from '../platform/event-stream.js';
import { problemResponses } from '../platform/openapi.js';
import type { Actor } from '../policy/index.js';
import { getAlertSettings, putAlertSettings } from './alert-settings.js';
import type { MonitoringDeps } from './deps.js';
import { listOpenAlerts } from './evaluate-alerts.js';
import { tableData, toCsv, toXlsx } from './export-table.js';
import { getHistory } from './get-history.js';
import { getLiveFigures } from './get-live-figures.js';
import { getOperatorReport } from './get-operator-report.js';
import { getSlotLengthReport } from './get-slot-length-report.js';
import { getCapacityPlan } from './get-capacity-plan.js';
import { getHandlingReport } from './get-handling-report.js';
import { replayPeriod } from './replay-period.js';
import { listContactRefusals } from './list-contact-refusals.js';
import { resolveScope } from './resolve-scope.js';
import { desksUnder } from './monitoring.repository.js';
import * as s from './routes.schema.js';

const tags = ['monitoring'];
type Staff = Extract<Actor, { kind: 'staff' }>;

/** URP monitoring (docs/monitoring-api.md): live figures and their stream, history, slot-length report, alerts, exports. */
export function monitoringRoutes(deps: MonitoringDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const streams = eventStreams(app);
    // History, period reports and exports read what is already written: the replica may serve them.
    const past: MonitoringDeps = { ...deps, db: deps.reads ?? deps.db };

    app.get('/monitoring/live', {
      config: { policy: 'staff.monitoring.read' },
      schema: { tags, summary: "A node's figures of today (or of `day`), what happens now, its children and alerts", querystring: s.liveQuery, response: { 200: s.live, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => getLiveFigures(deps, req.actor, req.query));

    app.get('/monitoring/live/stream', {
      config: { policy: 'staff.monitoring.read' },
      schema: { tags, summary: 'Server-Sent Events: `event: figures` with the /live JSON at once and every MONITORING_PUSH_SECONDS', querystring: s.streamQuery, response: problemResponses(400, 401, 403, 404) },
    }, async (req, reply) => {
      // Scope errors answer as problems, before the stream starts.
      const node = await resolveScope(deps.db, req.actor, 'staff.monitoring.read', req.query.scope);
      const shown = deps.changes ? new Set((await desksUnder(deps.db, node.level, node.id)).map((d) => d.deskId)) : new Set<string>();
      const stream = streams.open(req, reply, { retryMs: 5000 });
      let busy = false;
      let again = false;
      let last = 0;
      const push = async (): Promise<void> => {
        if (stream.ended) return;
        if (busy) {
          again = true; // a change during a push: push once more after it
          return;
        }
        busy = true;
        last = Date.now();
        try {
          stream.send('figures', await getLiveFigures(deps, req.actor, { scope: req.query.scope }));
        } catch (err) {
          req.log.error({ err }, 'monitoring stream push failed');
          stream.send('error', { code: 'push_failed' });
        } finally {
          busy = false;
        }
        if (again) {
          again = false;
          soon();
        }
      };
      // A booking on a desk shown, on any instance: the figures again at once, at most once a second.
      let pending: NodeJS.Timeout | null = null;
      function soon() {
        if (pending || stream.ended) return;
        pending = setTimeout(() => {
          pending = null;
          void push();
        }, Math.max(0, last + 1000 - Date.now()));
        pending.unref();
      }
      const timer = setInterval(() => void push(), deps.pushSeconds * 1000);
      timer.unref();
      stream.onEnd(() => {
        clearInterval(timer);
        if (pending) clearTimeout(pending);
      });
      if (deps.changes) stream.onEnd(deps.changes((e) => {
        if (e.type === 'booking' && e.deskId && shown.has(e.deskId)) soon();
      }));
      await push();
    });

    app.get('/monitoring/contact-limits', {
      config: { policy: 'staff.monitoring.read' },
      schema: {
        tags, summary: 'Phone numbers and e-mail addresses refused for carrying too many active web bookings (masked, with counts); audited',
        querystring: s.contactRefusalsQuery, response: { 200: s.contactRefusals, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => {
      const out = await listContactRefusals(deps.db, req.actor, { scope: req.query.scope, days: req.query.days, nowMs: deps.now() });
      await req.audit({ action: 'staff.monitoring.read', resourceType: 'contact_limit_refusals', resourceId: `${out.scope.level}:${out.scope.id}`, details: { days: out.days, contacts: out.items.length } });
      return out;
    });

    app.get('/monitoring/history', {
      config: { policy: 'staff.monitoring.read' },
      schema: { tags, summary: 'Figures per day, week or month over a range (≤ 400 days), and each child over the range', querystring: s.historyQuery, response: { 200: s.history, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => getHistory(past, req.actor, req.query));

    app.get('/monitoring/slot-length', {
      config: { policy: 'staff.monitoring.read' },
      schema: { tags, summary: 'Per desk: real call durations against the slot length', querystring: s.slotLengthQuery, response: { 200: s.slotLength, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => getSlotLengthReport(past, req.actor, req.query));

    app.get('/monitoring/handling', {
      config: { policy: 'staff.monitoring.read' },
      schema: {
        tags, summary: 'Whole handling time of the calls (reach, identification, talk, after-call work, total against the slot), attempts per booking and hidden demand, at a node, its children and per period',
        querystring: s.handlingQuery, response: { 200: s.handling, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => getHandlingReport(past, req.actor, req.query));

    app.get('/monitoring/planning', {
      config: { policy: 'staff.monitoring.read' },
      schema: {
        tags, summary: 'Capacity plan per desk and office: forecast and its error, overrun, operators per hour and lead time ahead for the current slot length and 8/10/12/15 minutes',
        querystring: s.planQuery, response: { 200: s.plan, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => getCapacityPlan(past, req.actor, req.query));

    app.get('/monitoring/what-if', {
      config: { policy: 'staff.monitoring.read' },
      schema: {
        tags, summary: 'Replays a past period (≤ 62 days) at an office or desk: the baseline against what happened (prediction error) and a change of slot length or operators',
        querystring: s.whatIfQuery, response: { 200: s.whatIf, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => replayPeriod(past, req.actor, req.query));

    app.get('/monitoring/operators', {
      config: { policy: 'staff.monitoring.read' },
      schema: {
        tags, summary: 'Per operator over the bookings of [from, to]: calls, served, identity checks failed or skipped, calls started before or after their slot',
        querystring: s.operatorsQuery, response: { 200: s.operators, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => getOperatorReport(past, req.actor, req.query));

    app.get('/monitoring/alert-settings', {
      config: { policy: 'staff.monitoring.read' },
      schema: { tags, summary: 'Alert thresholds and recipients in force at a node', querystring: s.settingsQuery, response: { 200: s.settings, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => getAlertSettings(deps.db, req.actor, req.query.scope));

    app.put('/monitoring/alert-settings', {
      config: { policy: 'staff.monitoring.manage' },
      schema: { tags, summary: 'Set the alert thresholds and recipients of a node', querystring: s.settingsQuery, body: s.settingsBody, response: { 200: s.settings, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => putAlertSettings(deps.db, req.actor as Staff, req.query.scope, req.body));

    app.get('/monitoring/alerts', {
      config: { policy: 'staff.monitoring.read' },
      schema: { tags, summary: 'Open alerts of the desks under a node (found by the alert job)', querystring: s.alertsQuery, response: { 200: s.alerts, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => listOpenAlerts(deps, req.actor, req.query.scope));

    app.get('/monitoring/export', {
      config: { policy: 'staff.monitoring.read' },
      schema: { tags, summary: 'A dashboard table as CSV (UTF-8 BOM, `;`) or XLSX', querystring: s.exportQuery, response: { 200: s.exportFile, ...problemResponses(400, 401, 403, 404) } },
    }, async (req, reply) => {
      const t = await tableData(past, req.actor, req.query);
      const name = `sportello-${t.name}`.replace(/[^A-Za-z0-9._-]/g, '_');
      if (req.query.format === 'xlsx') {
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('Content-Disposition', `attachment; filename="${name}.xlsx"`)
          .send(await toXlsx(t));
      }
      return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${name}.csv"`).send(toCsv(t));
    });
  };
}
