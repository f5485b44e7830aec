/**
 * Video appointments: the citizen's side under /api/video/… (the room's token is the key; the
 * entry code leads to it), the operator's under /api/staff/video/…; the signalling stream of the
 * built-in adapter is Server-Sent Events, the messages are POSTed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { defaultVideoSettings, videoAdapter, type VideoSettings } from '../adapters/video/settings.js';
import type { Db } from '../storage/db.js';
import { eventStreams } from '../platform/event-stream.js';
import { configureRoomLinks } from './room-link.js';
import { VideoBus } from './signal-bus.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../platform/openapi.js';
import { forbidden, type Actor } from '../policy/index.js';
import { videoErrors, windowOf, type VideoDeps } from './deps.js';
import { enterRoom } from './enter-room.js';
import { findRoom } from './find-room.js';
import { joinRoom } from './join-room.js';
import { readSignal, roomByBooking, roomByToken, type RoomRow } from './room.repository.js';
import { bookingParams, citizenSignalBody, entryBody, roomView, signalBody, staffRoomView, tokenParams } from './routes.schema.js';
import { assertOpen, sendSignal, type SignalBody } from './send-signal.js';

function staffOf(req: FastifyRequest): Extract<Actor, { kind: 'staff' }> {
  if (req.actor.kind !== 'staff') throw forbidden();
  return req.actor;
}

const sent = z.object({ sent: z.literal(true) });
const SIGNAL_BODY_LIMIT = 64 * 1024;

export function videoRoutes(deps: VideoDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['video'];
    const streams = eventStreams(app);

    /** The other side's messages of one room, until the room closes or the client leaves. */
    const stream = async (req: FastifyRequest, reply: FastifyReply, room: RoomRow, side: 'operator' | 'citizen') => {
      assertOpen(deps, room);
      if (!(req.headers.accept ?? '').includes('text/event-stream')) {
        return reply.send({ stream: 'text/event-stream', crossInstance: deps.bus.crossInstance });
      }
      const out = streams.open(req, reply, { retryMs: 2000, keepAliveMs: 20_000 });
      // Delivered in the order announced (each read waits for the one before).
      let chain = Promise.resolve();
      const unsubscribe = deps.bus.subscribe((n) => {
        if (n.bookingId !== room.bookingId || n.sender === side) return;
        chain = chain.then(() => readSignal(deps.db, n.signalId))
          .then((s) => {
            if (s && s.bookingId === room.bookingId) out.send('signal', s.body);
          })
          .catch((err: unknown) => req.log.warn({ err }, 'video signal not read'));
      });
      // The room closes: the stream says so and ends.
      const closesIn = windowOf(room, deps.settings).closesAtMs - deps.now();
      const closer = setTimeout(() => {
        out.send('closed', {});
        reply.raw.end();
      }, Math.max(0, Math.min(closesIn, 2 ** 31 - 1)));
      closer.unref();
      out.onEnd(() => {
        clearTimeout(closer);
        unsubscribe();
      });
      out.send('ready', {});
      return reply;
    };

    const citizenRoom = async (token: string) => {
      const room = await roomByToken(deps.db, token);
      if (!room) throw videoErrors.roomNotFound();
      return room;
    };
    const operatorRoom = async (req: FastifyRequest, bookingId: string) => {
      await joinRoom(deps, staffOf(req), bookingId); // checks the desk's place and the channel
      const room = await roomByBooking(deps.db, bookingId);
      if (!room) throw videoErrors.notVideo();
      return room;
    };

    // The citizen's side.
    app.post('/video/entry', {
      config: { policy: 'public', rateLimit: app.identity.rateLimits.lookup },
      schema: { tags, summary: 'The room of an entry code (typed on /video): its token', body: entryBody, response: { 200: z.object({ token: z.string() }), ...problemResponses(400, 404, 410, 429) } },
    }, async (req) => findRoom(deps, req.body.code));

    app.get('/video/rooms/:token', {
      config: { policy: 'public', rateLimit: app.identity.rateLimits.lookup },
      schema: { tags, summary: 'A room seen by the citizen: times, and while open how to enter it', params: tokenParams, response: { 200: roomView, ...problemResponses(404, 410, 429) } },
    }, async (req) => enterRoom(deps, req.params.token));

    app.get('/video/rooms/:token/signals', {
      config: { policy: 'public' },
      schema: { tags, summary: 'The operator’s signalling messages (text/event-stream), while the room is open', params: tokenParams, response: { 200: z.object({}).passthrough(), ...problemResponses(404, 409, 410) } },
    }, async (req, reply) => stream(req, reply, await citizenRoom(req.params.token), 'citizen'));

    app.post('/video/rooms/:token/signals', {
      bodyLimit: SIGNAL_BODY_LIMIT,
      config: { policy: 'public' },
      schema: { tags, summary: 'A signalling message to the operator (built-in adapter)', params: tokenParams, body: citizenSignalBody, response: { 200: sent, ...problemResponses(400, 404, 409, 410, 413) } },
    }, async (req) => sendSignal(deps, await citizenRoom(req.params.token), 'citizen', req.body as SignalBody));

    // The operator's side.
    app.get('/staff/video/bookings/:id', {
      config: { policy: 'staff.calls.write', audit: 'personal-data' },
      schema: { tags, summary: 'Join a video booking’s room (made if needed): times, entry, the citizen’s phone for the fall-back call', params: bookingParams, response: { 200: staffRoomView, ...problemResponses(401, 403, 404) } },
    }, async (req) => {
      const view = await joinRoom(deps, staffOf(req), req.params.id);
      const room = await roomByBooking(deps.db, view.bookingId);
      if (room) req.auditPlace = { officeId: room.officeId, provinceCode: room.provinceCode };
      return view;
    });

    app.get('/staff/video/bookings/:id/signals', {
      config: { policy: 'staff.calls.write' },
      schema: { tags, summary: 'The citizen’s signalling messages (text/event-stream), while the room is open', params: bookingParams, response: { 200: z.object({}).passthrough(), ...problemResponses(401, 403, 404, 409, 410) } },
    }, async (req, reply) => stream(req, reply, await operatorRoom(req, req.params.id), 'operator'));

    app.post('/staff/video/bookings/:id/signals', {
      bodyLimit: SIGNAL_BODY_LIMIT,
      config: { policy: 'staff.calls.write' },
      schema: { tags, summary: 'A signalling message to the citizen (built-in adapter)', params: bookingParams, body: signalBody, response: { 200: sent, ...problemResponses(400, 401, 403, 404, 409, 410, 413) } },
    }, async (req) => sendSignal(deps, await operatorRoom(req, req.params.id), 'operator', req.body as SignalBody));
  };
}


export interface VideoOptions {
  /** PostgreSQL URL for LISTEN/NOTIFY across instances; absent = in-process (PGlite). */
  listenUrl?: string | undefined;
  settings?: VideoSettings | undefined;
  now?: (() => number) | undefined;
}

/** Builds the video capability (adapter, signalling bus) and registers its routes; closes them with the server. */
export function videoPlugin(o: VideoOptions & { db: Db }) {
  return async (app: FastifyInstance) => {
    const settings = o.settings ?? defaultVideoSettings();
    configureRoomLinks(settings);
    const bus = await VideoBus.open(o.db, o.listenUrl, (msg, err) => app.log.warn({ err }, msg));
    const deps: VideoDeps = { db: o.db, adapter: videoAdapter(settings), settings, bus, now: o.now ?? Date.now };
    app.addHook('onClose', async () => bus.close());
    await app.register(videoRoutes(deps));
  };
}
