/**
 * Operator console and telephony routes (staff under /api/staff/…, the Wildix webhook under
 * /api/telephony/…), the live stream of the console (Server-Sent Events), and the wiring of
 * the telephony adapters and the live bus.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../policy/index.js';
import { ADAPTER_KINDS, isInbound, type AdapterKind, type CallUpdate, type InboundUpdate } from '../adapters/telephony/port.js';
import { officeTelephony, TelephonyRegistry } from '../adapters/telephony/registry.js';
import type { BookingDeps } from '../booking/index.js';
import { instantSchema, problemResponses } from '../platform/openapi.js';
import { can, forbidden, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { applyCallUpdate } from './apply-call-update.js';
import { eventStreams } from '../platform/event-stream.js';
import type { CallBus, LiveEvent } from './bus.js';
import { allDeskPlaces, recordPlace, type RecordRef } from './calls.repository.js';
import { checkIdentity } from './check-identity.js';
import { getTelephony, importCallHistory, setTelephony } from './configure-telephony.js';
import { romeDay, type CallsDeps } from './deps.js';
import { assignBooking, getDeskAgenda } from './desk-agenda.js';
import { getOperatorAgenda } from './get-agenda.js';
import { listAgendaDesks } from './list-desks.js';
import { bookingHistory, listFlags } from './list-flags.js';
import { hangUp, markManualCall } from './mark-call.js';
import { IDENTITY_WAIVERS, OUTCOMES, recordOutcome } from './record-outcome.js';
import { receiveWildixWebhook } from './receive-webhook.js';
import { recordInbound } from './record-inbound.js';
import { getDeskDocuments, setDeskDocuments } from './set-desk-documents.js';
import { signOff, signOn } from './sign-on.js';
import { rosteredDesks, signOnDay } from './sign-on-day.js';
import { testTelephony } from './test-telephony.js';
import { startCall } from './start-call.js';
import * as s from './routes.schema.js';

export interface CallsOptions {
  /** PostgreSQL URL for LISTEN/NOTIFY across instances; absent = in-process (PGlite). */
  listenUrl?: string | undefined;
  /** Adapter of offices with no telephony configured. */
  defaultAdapter?: AdapterKind | undefined;
  /** Where the secrets named by office settings are read (default process.env). */
  env?: NodeJS.ProcessEnv | undefined;
  now?: (() => number) | undefined;
}

const id = z.object({ id: z.string().min(1).max(64) });
const extensionSchema = z.string().trim().regex(/^\+?[0-9A-Za-z*#._-]{1,40}$/);
const STAFF = (policy: 'staff.agenda.read' | 'staff.calls.write' | 'staff.agenda.manage' | 'staff.monitoring.read' | 'staff.catalog.write', audit?: 'personal-data') =>
  ({ policy, ...(audit ? { audit } : {}) }) as const;

/** The record a console route handles, from its address and body (its place goes into the audit entry). */
function recordRefOf(req: FastifyRequest): RecordRef {
  const url = req.routeOptions.url ?? '';
  const id = (req.params as { id?: string } | undefined)?.id;
  const body = (req.body ?? {}) as { bookingId?: unknown; deskId?: unknown };
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  if (id && url.includes('/bookings/:id')) return { bookingId: id };
  if (id && url.includes('/desks/:id')) return { deskId: id };
  if (id && url.includes('/calls/:id')) return { callId: id };
  if (id && url.includes('/offices/:id')) return { officeId: id };
  if (id && url.includes('/duty/:id')) return { deskId: id };
  return { bookingId: str(body.bookingId), deskId: str(body.deskId) };
}

function staffOf(req: FastifyRequest): Extract<Actor, { kind: 'staff' }> {
  if (req.actor.kind !== 'staff') throw forbidden();
  return req.actor;
}

export function callsRoutes(deps: CallsDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['calls'];
    const streams = eventStreams(app);
    // Every staff action here is audited with the office and province of its record.
    app.addHook('preHandler', async (req) => {
      if (req.actor?.kind !== 'staff') return;
      const place = await recordPlace(deps.db, recordRefOf(req));
      if (place) req.auditPlace = place;
    });
    app.get('/staff/operator/agenda', {
      config: STAFF('staff.agenda.read', 'personal-data'),
      schema: { tags, summary: "The operator's day: desks, assigned bookings, next call, time left in the slot, delay", response: { 200: s.operatorAgenda, ...problemResponses(401, 403) } },
    }, async (req) => getOperatorAgenda(deps, staffOf(req)));

    app.get('/staff/operator/events', {
      config: STAFF('staff.agenda.read'),
      schema: { tags, summary: 'Live updates of the console (text/event-stream; ids only — re-read the agenda on each)', response: { 200: s.eventsInfo, ...problemResponses(401, 403) } },
    }, async (req, reply) => {
      const actor = staffOf(req);
      if (!(req.headers.accept ?? '').includes('text/event-stream')) {
        return reply.send({ stream: 'text/event-stream', crossInstance: deps.bus.crossInstance });
      }
      const readable = new Set((await allDeskPlaces(deps.db)).filter((p) => can(actor, 'staff.agenda.read', p) || can(actor, 'staff.monitoring.read', p)).map((p) => p.deskId));
      const stream = streams.open(req, reply, { retryMs: 3000, keepAliveMs: 20_000 });
      stream.onEnd(deps.bus.subscribe((e: LiveEvent) => {
        // A booking changes the console only on its slot's day (the agenda is today's).
        if (e.type === 'booking' && e.day !== romeDay(deps.now())) return;
        if (e.operatorId === actor.userId || (e.deskId && readable.has(e.deskId))) stream.send('change', e);
      }));
    });

    app.post('/staff/operator/duty', {
      config: STAFF('staff.calls.write'),
      schema: {
        tags, summary: 'Sign on to a desk for today (with your phone extension): you get a share of its bookings',
        body: z.strictObject({ deskId: z.string().min(1).max(64), extension: extensionSchema.optional() }),
        response: { 200: s.signedOn, ...problemResponses(400, 401, 403, 404, 422) },
      },
    }, async (req) => signOn(deps, staffOf(req), req.body));

    app.get('/staff/operator/duty/day', {
      config: STAFF('staff.calls.write'),
      schema: { tags, summary: 'The desks you are rostered on today, with your duty at each', response: { 200: s.rosteredDesks, ...problemResponses(401, 403) } },
    }, async (req) => rosteredDesks(deps, staffOf(req)));

    app.post('/staff/operator/duty/day', {
      config: STAFF('staff.calls.write'),
      schema: {
        tags, summary: 'One sign-on for the day: every desk you are rostered on today, with one extension (checked against the PBX)',
        body: z.strictObject({ extension: extensionSchema.optional() }),
        response: { 200: s.signedOnDay, ...problemResponses(400, 401, 403, 409, 422) },
      },
    }, async (req) => signOnDay(deps, staffOf(req), req.body));

    app.delete('/staff/operator/duty/:id', {
      config: STAFF('staff.calls.write'),
      schema: { tags, summary: 'Sign off from a desk: your remaining bookings go to the others on duty', params: id, response: { 200: s.signedOff, ...problemResponses(401, 403, 404, 409) } },
    }, async (req) => signOff(deps, staffOf(req), { deskId: req.params.id }));

    app.post('/staff/calls', {
      config: STAFF('staff.calls.write'),
      schema: {
        tags, summary: "Call the citizen back (through the office's telephony, or manual)",
        body: z.strictObject({ bookingId: z.string().min(1).max(64), adapter: z.literal('manual').optional() }),
        response: { 201: s.startedCall, ...problemResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    }, async (req, reply) => reply.code(201).send(await startCall(deps, staffOf(req), req.body)));

    app.post('/staff/calls/:id/manual', {
      config: STAFF('staff.calls.write'),
      schema: {
        tags, summary: 'Manual call: mark it answered, not answered or ended',
        params: id, body: z.strictObject({ mark: z.enum(['answered', 'not_answered', 'ended']) }),
        response: { 200: s.callView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    }, async (req) => ({ ...(await markManualCall(deps, staffOf(req), { callId: req.params.id, mark: req.body.mark })) }));

    app.post('/staff/calls/:id/hangup', {
      config: STAFF('staff.calls.write'),
      schema: { tags, summary: 'Hang up', params: id, response: { 200: s.callView, ...problemResponses(401, 403, 404, 409) } },
    }, async (req) => ({ ...(await hangUp(deps, staffOf(req), { callId: req.params.id })) }));

    app.post('/staff/agenda/bookings/:id/identity', {
      config: STAFF('staff.calls.write'),
      schema: {
        tags, summary: 'Identity check: the tax code the citizen gives and the PIN they read out (checked by the server, never shown)',
        params: id, body: z.strictObject({ taxCode: z.string().trim().min(1).max(32), pin: z.string().trim().min(1).max(12) }),
        response: { 200: s.identityChecked, ...problemResponses(400, 401, 403, 404, 409) },
      },
    }, async (req) => checkIdentity(deps, staffOf(req), { bookingId: req.params.id, ...req.body }));

    app.post('/staff/agenda/bookings/:id/outcome', {
      config: STAFF('staff.calls.write'),
      schema: {
        tags, summary: 'Record the outcome, true to the call (409 when it contradicts the call or identity was not checked); no answer schedules a retry by the office policy',
        params: id,
        body: z.strictObject({
          outcome: z.enum(OUTCOMES),
          notes: z.string().max(2000).optional(),
          identityWaiver: z.enum(IDENTITY_WAIVERS).optional().describe('served with no identity check passed in the call: why (recorded, counted for the URP)'),
          documents: z.array(z.string().min(1).max(40)).max(40).optional().describe("needs_documents: keys ticked from the desk's document list"),
          instructions: z.string().max(2000).optional(),
          followUp: z.strictObject({ deskId: z.string().min(1).max(64), start: instantSchema, channel: z.enum(['phone', 'video']).optional() }).optional(),
        }),
        response: { 200: s.outcomeRecorded, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    }, async (req) => recordOutcome(deps, staffOf(req), { bookingId: req.params.id, ...req.body }));

    app.get('/staff/agenda/bookings/:id/history', {
      config: STAFF('staff.agenda.read', 'personal-data'),
      schema: { tags, summary: "A booking's history: every step, every call with its timings", params: id, response: { 200: s.bookingHistory, ...problemResponses(401, 403, 404) } },
    }, async (req) => bookingHistory(deps, staffOf(req), req.params.id));

    app.get('/staff/agenda/desks', {
      config: STAFF('staff.agenda.read'),
      schema: {
        tags, summary: "The desks whose day you may open (the supervisor's desk-day view), by office",
        response: {
          200: z.object({ items: z.array(z.object({ id: z.string(), number: z.number().int(), name: z.string(), nameEn: z.string(), officeId: z.string(), officeCode: z.string(), officeName: z.string(), provinceCode: z.string() })) }),
          ...problemResponses(401, 403),
        },
      },
    }, async (req) => listAgendaDesks(deps, staffOf(req)));

    app.get('/staff/agenda/desks/:id', {
      config: STAFF('staff.agenda.read', 'personal-data'),
      schema: { tags, summary: "A desk's day (supervisor): operators with their loads, every booking", params: id, response: { 200: s.deskAgenda, ...problemResponses(401, 403, 404) } },
    }, async (req) => getDeskAgenda(deps, staffOf(req), req.params.id));

    const deskDocuments = z.strictObject({
      documents: z.array(z.strictObject({
        key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/), it: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200),
      })).max(40),
      sendIt: z.string().trim().min(1).max(1000),
      sendEn: z.string().trim().min(1).max(1000),
    });

    app.get('/staff/agenda/desks/:id/documents', {
      config: STAFF('staff.agenda.read'),
      schema: { tags, summary: "The documents a desk's operators may ask a citizen for, and how to send them", params: id, response: { 200: s.deskDocuments, ...problemResponses(401, 403, 404) } },
    }, async (req) => getDeskDocuments(deps, staffOf(req), req.params.id));

    app.put('/staff/agenda/desks/:id/documents', {
      config: STAFF('staff.catalog.write'),
      schema: { tags, summary: "Set a desk's document list (ticked by the operator for \"documents needed\") and how citizens send them", params: id, body: deskDocuments, response: { 200: s.deskDocuments, ...problemResponses(400, 401, 403, 404, 422) } },
    }, async (req) => setDeskDocuments(deps, staffOf(req), req.params.id, req.body));

    app.post('/staff/agenda/desks/:id/assign', {
      config: STAFF('staff.agenda.manage'),
      schema: {
        tags, summary: 'Move a booking to another operator on duty (kept by later rebalancing)',
        params: id, body: z.strictObject({ bookingId: z.string().min(1).max(64), operatorId: z.string().min(1).max(64) }),
        response: { 200: s.deskAgenda, ...problemResponses(400, 401, 403, 404, 409) },
      },
    }, async (req) => assignBooking(deps, staffOf(req), { deskId: req.params.id, ...req.body }));

    app.post('/staff/agenda/desks/:id/absent', {
      config: STAFF('staff.agenda.manage'),
      schema: {
        tags, summary: 'Mark an operator absent today: their remaining bookings move to the others',
        params: id, body: z.strictObject({ userId: z.string().uuid() }),
        response: { 200: s.signedOff, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => signOff(deps, staffOf(req), { deskId: req.params.id, userId: req.body.userId, absent: true }));

    app.get('/staff/calls/flags', {
      config: STAFF('staff.monitoring.read', 'personal-data'),
      schema: { tags, summary: 'Bookings flagged for the URP (repeated failed identity checks)', querystring: z.object({ days: z.coerce.number().int().min(1).max(365).optional() }), response: { 200: s.flagList, ...problemResponses(401, 403) } },
    }, async (req) => listFlags(deps, staffOf(req), req.query));

    const telephonyBody = z.strictObject({
      adapter: z.enum(ADAPTER_KINDS),
      settings: z.record(z.string(), z.unknown()).default({}),
      maxAttempts: z.number().int().min(1).max(10).default(3),
      retryDelayMinutes: z.number().int().min(0).max(240).default(3),
      retryWindowMinutes: z.number().int().min(0).max(480).default(30),
      identityFlagFailures: z.number().int().min(1).max(20).default(3),
      secondLevelDeskId: z.string().uuid().nullable().default(null),
      manualDialPrefix: z.string().trim().regex(/^[0-9*#]{1,12}$/, { message: 'digits, * and # only (e.g. #31#)' }).nullable().default(null)
        .describe('manual mode: dialled before the citizen\'s number to withhold the operator\'s own (e.g. #31#)'),
      manualCallerLine: z.string().trim().regex(/^\+[0-9]{6,15}$/, { message: 'an international number, e.g. +390312345678' }).nullable().default(null)
        .describe('manual mode: the office line to call from (the PBX app or softphone), shown to the citizen'),
      earlyCallMinutes: z.number().int().min(0).max(30).default(2)
        .describe('calls may start this many minutes before the slot, never earlier'),
    });

    app.get('/staff/telephony/offices/:id', {
      config: STAFF('staff.catalog.write'),
      schema: { tags, summary: "An office's telephony and call policy", params: id, response: { 200: s.officeTelephony, ...problemResponses(401, 403, 404) } },
    }, async (req) => ({ ...(await getTelephony(deps, staffOf(req), req.params.id)) }));

    app.put('/staff/telephony/offices/:id', {
      config: STAFF('staff.catalog.write'),
      schema: { tags, summary: "Set an office's telephony (wildix, asterisk, manual, simulated) and call policy; secrets by env variable name", params: id, body: telephonyBody, response: { 200: s.officeTelephony, ...problemResponses(400, 401, 403, 404, 422) } },
    }, async (req) => ({ ...(await setTelephony(deps, staffOf(req), req.params.id, req.body)) }));

    app.post('/staff/telephony/offices/:id/test', {
      config: STAFF('staff.catalog.write'),
      schema: {
        tags, summary: "Test the connection: reach the office's PBX with its saved settings and say what was found (and whether an extension exists)",
        params: id, body: z.strictObject({ extension: extensionSchema.optional() }),
        response: { 200: s.connectionReport, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => ({ ...(await testTelephony(deps, staffOf(req), req.params.id, req.body)) }));

    app.post('/staff/telephony/offices/:id/import-history', {
      config: STAFF('staff.catalog.write'),
      schema: {
        tags, summary: "Import the PBX's call history (Wildix): real durations of our calls",
        params: id, body: z.strictObject({ from: instantSchema, to: instantSchema }),
        response: { 200: s.historyImported, ...problemResponses(400, 401, 403, 404, 503) },
      },
    }, async (req) => importCallHistory(deps, staffOf(req), req.params.id, req.body));

    // Vendor webhooks: the raw body is needed for the signature, so JSON is not parsed here.
    await app.register(async (hooks: FastifyInstance) => {
      hooks.removeContentTypeParser('application/json');
      hooks.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_req, body, done) => done(null, body));
      hooks.post('/telephony/wildix/:id/events', {
        config: { policy: 'public' },
        schema: { tags, summary: 'Wildix webhook (x-signature = hex HMAC-SHA256 of the raw body with the integration secret)', params: id, response: { 200: s.webhookReceived, ...problemResponses(400, 401, 404, 503) } },
      }, async (req) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : '');
        return receiveWildixWebhook(deps, { officeId: (req.params as { id: string }).id, rawBody: raw, headers: req.headers });
      });
    });
  };
}

/** Builds the calls capability (bus, adapters) and registers its routes; closes them with the server. */
/** The console's routes and telephony, on the server's live-event bus (opened and closed by the server). */
export function callsPlugin(o: CallsOptions & { db: Db; booking: BookingDeps; bus: CallBus }) {
  return async (app: FastifyInstance) => {
    const log = (msg: string, err?: unknown) => app.log.warn({ err }, msg);
    const bus = o.bus;
    const defaultAdapter = o.defaultAdapter ?? 'simulated';
    const deps = { db: o.db, booking: o.booking, bus, now: o.now ?? Date.now, log: app.log, defaultAdapter } as Omit<CallsDeps, 'telephony'> as CallsDeps;
    const sink = (u: CallUpdate | InboundUpdate) => (isInbound(u) ? recordInbound(deps, u) : applyCallUpdate(deps, u)).then(() => undefined);
    deps.telephony = new TelephonyRegistry(defaultAdapter, sink, o.env ?? process.env, log, deps.now, async (key) => {
      const r = await o.db.query(
        `INSERT INTO call_event (adapter, dedup_key, kind, payload) VALUES ('asterisk', $1, 'claim', '{}'::jsonb)
         ON CONFLICT (adapter, dedup_key) DO NOTHING RETURNING dedup_key`, [key.slice(0, 300)],
      );
      return r.rows.length > 0;
    });
    app.addHook('onClose', async () => {
      await deps.telephony.closeAll();
    });
    await app.register(callsRoutes(deps));
    // Offices on Asterisk listen to their app's events from the start (incoming reception calls).
    app.addHook('onReady', async () => {
      const offices = await o.db.query<{ office_id: string }>("SELECT office_id FROM office_telephony WHERE adapter = 'asterisk'");
      for (const { office_id } of offices.rows) {
        try {
          deps.telephony.adapterFor(await officeTelephony(o.db, office_id, defaultAdapter));
        } catch (err) {
          log(`telephony of office ${office_id} not started`, err);
        }
      }
    });
  };
}
