import { randomToken } from '../platform/crypto.js';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../policy/index.js';
import { problemResponses } from '../platform/openapi.js';
import { idempotent } from '../platform/idempotency.js';
import { bookOnce, bookPlace } from './book-place.js';
import { bookingIcs } from './booking-calendar.js';
import { cancelBooking } from './cancel-booking.js';
import type { BookingDeps } from './deps.js';
import { bookingOfCitizen, findBooking } from './find-booking.js';
import { bookingMessages, channelState } from '../notifications/index.js';
import { firstAvailable, getAvailabilityJson, type AvailabilityView } from './get-availability.js';
import { checkChallenge } from './check-challenge.js';
import { bookingErrors } from './errors.js';
import { holdPlace } from './hold-place.js';
import { issueChallenge } from './issue-challenge.js';
import { limitPerAddress, tooManyBookings } from './limit-per-address.js';
import { moveBooking } from './move-booking.js';
import { recordRefusal, refusalSourceOf } from './record-refusal.js';
import { releaseHold } from './release-hold.js';
import { extendHold } from './extend-hold.js';
import { checkHoldPerson } from './check-hold-person.js';
import { resendBookings } from './resend-bookings.js';
import { suggestAlternatives } from './suggest-alternatives.js';
import { checkConfirmer, checkContactCode, requestContactCode, verificationChannel } from './verify-contact.js';
import { verifyPin } from './verify-pin.js';
import * as s from './routes.schema.js';
import { acceptOffer } from './accept-offer.js';
import { findWaitlistEntry } from './find-waitlist-entry.js';
import { waitlistStatus } from './get-waitlist-status.js';
import { joinWaitlist } from './join-waitlist.js';
import { leaveWaitlist } from './leave-waitlist.js';

const PUBLIC = { policy: 'public' as const };
/** Bytes a citizen's request body may carry at most. */
export const CITIZEN_BODY_LIMIT = 16 * 1024;

/** The header carrying a solved challenge (base64 of `{ challenge, solution }`, as altcha sends it). */
export const CHALLENGE_HEADER = 'x-altcha';
/** The anonymous browser session of holds (no personal data; ends when the browser closes). */
export const HOLD_SESSION_COOKIE = 'sportello_hold';
const SESSION_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * Staff who book on callers' behalf (reception, desk operators, patronati, administrators)
 * are exempt from the proof of work and the hold limits: the policy module says who they are.
 */
function exemptStaff(req: FastifyRequest): boolean {
  return req.actor.kind === 'staff' && can(req.actor, 'staff.bookings.create');
}

/** Citizen booking API: availability, holds, bookings by code + tax code, waiting list. */
export function bookingRoutes(deps: BookingDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // A citizen's request is a few hundred bytes (notes at most 500 characters): anything much
    // larger is refused while it is read (413), never parsed.
    app.addHook('onRoute', (route) => {
      route.bodyLimit ??= CITIZEN_BODY_LIMIT;
    });
    // Code + tax code is the citizen's key: limit guesses per address and per tax code.
    // (Booking itself is bounded by the database: one active booking per person and desk.)
    const LOOKUP = { policy: 'public' as const, rateLimit: app.identity.rateLimits.lookup };
    const perTaxCode = app.identity.limitPerTaxCode;

    // Fair access to holds (docs/abuse-and-fair-access.md): rates per client address, kept by
    // this instance (@fastify/rate-limit's memory store); live holds counted by the database.
    const fair = deps.fairAccess;
    const secureCookie = app.identity.settings.secure;
    const sessionCookie = secureCookie ? `__Host-${HOLD_SESSION_COOKIE}` : HOLD_SESSION_COOKIE;
    const perMinute = (name: string, max: number) =>
      limitPerAddress(app, { name, max, timeWindow: 60_000, problem: bookingErrors.holdRateLimited, exempt: exemptStaff, delayMs: fair.settings.refusalDelayMs });
    const holdRate = perMinute('hold', fair.settings.ratePerMinute);
    const challengeRate = perMinute('challenge', fair.settings.challengesPerMinute);
    // Anonymous confirmations per address (BOOKING_RATE_PER_MINUTE): probes with other people's tax
    // codes. Staff with a role and citizens signed in (who book with their own tax code) are not counted.
    const bookingsRate = limitPerAddress(app, {
      name: 'book', ...app.identity.settings.rateLimits.booking, problem: tooManyBookings, retries: 'bookings.create', delayMs: fair.settings.refusalDelayMs,
      exempt: (req) => req.actor.kind === 'citizen' || (req.actor.kind === 'staff' && req.actor.grants.length > 0),
    });

    app.get('/desks/:id/challenge', {
      config: PUBLIC,
      ...challengeRate,
      schema: {
        tags: ['booking'],
        summary: 'A proof-of-work challenge (altcha v2) for one hold on this desk: solve it while choosing a slot, send it as the x-altcha header',
        params: s.deskParams,
        response: { 200: s.challengeResponse, ...problemResponses(404, 409, 429) },
      },
    }, async (req, reply) => {
      // The browser session: the cookie, or a new one (a session cookie, gone when the browser closes).
      let session = req.cookies[sessionCookie];
      if (!session || !SESSION_PATTERN.test(session)) {
        session = randomToken(16);
        reply.setCookie(sessionCookie, session, { httpOnly: true, secure: secureCookie, sameSite: 'lax', path: '/' });
      }
      reply.header('cache-control', 'no-store');
      return issueChallenge(deps, { deskId: req.params.id, session });
    });
    app.get('/desks/:id/slots', {
      config: PUBLIC,
      schema: {
        tags: ['booking'],
        summary: "A desk's days and slots over a range of local dates (default 14 days from today, at most 62), with the places left for the caller",
        params: s.deskParams,
        querystring: s.availabilityQuery,
        response: { 200: s.availabilityResponse, ...problemResponses(400, 404, 409, 422) },
      },
    }, async (req, reply) => {
      // Already JSON (the availability cache keeps the serialised answer): sent as it is.
      // Fastify sends a string with a JSON content type unchanged (no second serialisation).
      const json = await getAvailabilityJson(deps, { deskId: req.params.id, ...req.query });
      return reply.type('application/json; charset=utf-8').send(json as unknown as AvailabilityView);
    });

    app.get('/desks/:id/first-available', {
      config: PUBLIC,
      schema: {
        tags: ['booking'],
        summary: 'The first slot that can be booked now, over the whole horizon (null when all is full: counted as a refusal for the capacity planner)',
        params: s.deskParams,
        querystring: s.firstAvailableQuery,
        response: { 200: s.firstAvailableResponse, ...problemResponses(400, 404, 409, 422) },
      },
    }, async (req) => {
      const slot = await firstAvailable(deps, { deskId: req.params.id, ...req.query });
      // Nothing free within the horizon: the demand the calendar hides, counted (record-refusal.ts).
      if (slot === null) await countRefusal(req, req.params.id);
      return { slot };
    });

    app.get('/desks/:id/alternatives', {
      config: PUBLIC,
      schema: {
        tags: ['booking'],
        summary: 'Up to 3 desks of the same kind at the nearest other offices with a free place now, each with its first free slot (what a full desk suggests; not counted as refusals)',
        params: s.deskParams,
        querystring: s.alternativesQuery,
        response: { 200: s.alternativesResponse, ...problemResponses(400, 404, 409, 422) },
      },
    }, async (req) => ({ alternatives: await suggestAlternatives(deps, { deskId: req.params.id, ...req.query }) }));

    /** Counts a refusal for this requester; a failure to count is logged, never the citizen's problem. */
    async function countRefusal(req: FastifyRequest, deskId: string): Promise<void> {
      try {
        const source = refusalSourceOf(req.actor, exemptStaff(req));
        if (source) await recordRefusal(deps, { deskId, source, requester: source === 'web' ? fair.addressKey(req.ip) : null });
      } catch (err) {
        req.log.warn({ err, deskId }, 'refusal not counted');
      }
    }

    app.post('/desks/:id/holds', {
      config: PUBLIC,
      ...holdRate,
      schema: {
        tags: ['booking'],
        summary: 'Hold a place while the booking form is filled in (the desk decides for how long). ' +
          'An anonymous citizen sends a solved challenge (x-altcha) and has a few live holds at most per address and per browser session',
        params: s.deskParams,
        headers: s.holdRequestHeaders,
        body: s.holdBody,
        response: { 201: s.holdResponse, ...problemResponses(400, 403, 404, 409, 422, 429) },
      },
    }, async (req, reply) => {
      const deskId = req.params.id;
      const input = { deskId, startMs: Date.parse(req.body.start), channel: req.body.channel, priority: req.body.priority };
      if (exemptStaff(req) && req.actor.kind === 'staff') {
        return reply.code(201).send(await holdPlace(deps, { ...input, actor: `staff:${req.actor.userId}` }));
      }
      const { settings } = fair;
      // A citizen signed in with SPID/CIE is known: no proof of work, their sign-in is the session.
      const signedIn = req.actor.kind === 'citizen' && req.authSession ? req.authSession.tokenHash : null;
      const solved = signedIn || !settings.challenge ? null : await checkChallenge(deps, { deskId, payload: req.headers[CHALLENGE_HEADER] });
      const session = signedIn ?? solved?.session ?? null;
      const hold = await holdPlace(deps, {
        ...input,
        guard: {
          address: fair.addressKey(req.ip),
          session: session ? fair.sessionKey(session) : null,
          perAddress: settings.perAddress,
          perSession: settings.perSession,
          challenge: solved?.id ?? null,
          challengeExpires: solved ? new Date(solved.expiresMs) : null,
        },
      });
      return reply.code(201).send(hold);
    });

    app.post('/holds/:id/extend', {
      config: PUBLIC,
      schema: {
        tags: ['booking'],
        summary: 'More time: extend a live hold once, by its own length (WCAG 2.2.1)',
        params: s.entryParams,
        headers: s.holdHeaders,
        response: { 200: z.object({ expiresAt: z.string(), extended: z.literal(true) }), ...problemResponses(400, 404, 409) },
      },
    }, async (req) => extendHold(deps, { holdId: req.params.id, token: req.headers['x-hold-token'] }));

    // Counted per address like confirmations, in a bucket of its own (a citizen's check does
    // not use up their confirmation), and at most twice per hold (migration 0038).
    const personCheckRate = limitPerAddress(app, {
      name: 'person-check', ...app.identity.settings.rateLimits.booking, problem: tooManyBookings, delayMs: fair.settings.refusalDelayMs,
      exempt: (req) => req.actor.kind === 'staff' && req.actor.grants.length > 0,
    });

    app.post('/holds/:id/person-check', {
      config: PUBLIC,
      ...personCheckRate,
      schema: {
        tags: ['booking'],
        summary: 'Before the last step: does this person already have an active booking at the held desk? At most twice per hold; '
          + 'a yes is the confirmation’s own 409 already_booked (naming nothing: the place goes back, the details go to that booking’s contact)',
        params: s.entryParams,
        headers: s.holdHeaders,
        body: s.personCheckBody,
        response: { 200: s.personCheckResponse, ...problemResponses(400, 404, 409, 422, 429) },
      },
    }, async (req) => checkHoldPerson(deps, { holdId: req.params.id, token: req.headers['x-hold-token'], taxCode: req.body.taxCode }));

    app.delete('/holds/:id', {
      config: PUBLIC,
      schema: {
        tags: ['booking'],
        summary: 'Give back a held place (the citizen chose another slot)',
        params: s.entryParams,
        headers: s.holdHeaders,
        response: { 204: z.null(), ...problemResponses(400, 404) },
      },
    }, async (req, reply) => {
      await releaseHold(deps, { holdId: req.params.id, token: req.headers['x-hold-token'] });
      return reply.code(204).send(null);
    });

    app.post('/bookings', {
      config: PUBLIC,
      ...bookingsRate,
      schema: {
        tags: ['booking'],
        summary: 'Book the held place with the citizen’s data; returns the booking code and the PIN (shown once). '
          + 'When the desk asks for it, the contact must be verified first (one-time code); a citizen signed in with SPID/CIE books with their own tax code',
        headers: s.idempotencyHeaders,
        body: s.bookBody,
        response: { 201: s.newBookingResponse, ...problemResponses(400, 403, 404, 409, 422, 429) },
      },
    }, async (req, reply) => {
      const key = req.headers['idempotency-key'];
      // A signed-in citizen books with the tax code of their identity; anyone else with a verified contact (when asked).
      const taxCode = await checkConfirmer(deps, req.actor, req.body);
      const input = { ...req.body, taxCode, source: 'web' as const, actor: 'citizen' };
      // Without a key, bookPlace opens a transaction only where it needs one.
      const r = key === undefined
        ? { status: 201, body: await bookPlace(deps, input), replayed: false }
        : await bookOnce(deps, input, key, 'bookings.create', req.body);
      return reply.code(201).header('idempotent-replayed', String(r.replayed)).send(r.body);
    });

    app.get('/desks/:id/contact-verification', {
      config: PUBLIC,
      schema: {
        tags: ['booking'], summary: 'Whether a one-time code is sent to the phone (sms) or e-mail before confirming at this desk (null: none)',
        params: s.deskParams, response: { 200: s.verificationResponse, ...problemResponses(400, 404) },
      },
    }, async (req) => ({ channel: await verificationChannel(deps, req.params.id) }));

    app.post('/holds/:id/contact-code', {
      config: LOOKUP, // per address; per contact in the database (MAX_CODES_PER_CONTACT)
      schema: {
        tags: ['booking'], summary: 'Send a one-time code (6 digits, valid 10 minutes) to the phone or e-mail the held place will be booked with',
        params: s.holdParams, headers: s.holdHeaders, body: s.codeRequestBody,
        response: { 202: s.codeSentResponse, ...problemResponses(400, 404, 409, 422, 429) },
      },
    }, async (req, reply) => reply.code(202).send(await requestContactCode(deps, { holdId: req.params.id, token: req.headers['x-hold-token'], ...req.body })));

    app.post('/holds/:id/contact-code/check', {
      config: LOOKUP,
      schema: {
        tags: ['booking'], summary: 'Check the one-time code (at most 5 tries per code)',
        params: s.holdParams, headers: s.holdHeaders, body: s.codeCheckBody,
        response: { 200: z.object({ verified: z.literal(true) }), ...problemResponses(400, 404, 410, 422) },
      },
    }, async (req) => checkContactCode(deps, { holdId: req.params.id, token: req.headers['x-hold-token'], ...req.body }));

    app.post('/bookings/lookup', {
      config: LOOKUP,
      preHandler: perTaxCode,
      schema: {
        tags: ['booking'], summary: 'A booking, by its code and the tax code it was made with',
        body: s.lookupBody, response: { 200: s.bookingView, ...problemResponses(400, 404) },
      },
    }, async (req) => findBooking(deps, req.body));

    app.post('/bookings/resend', {
      config: LOOKUP,
      preHandler: perTaxCode,
      schema: {
        tags: ['booking'], summary: '"I lost my code": the future bookings with this tax code and this phone or e-mail are sent again to their own contact; the answer never says whether any exists',
        body: s.resendBody, response: { 202: s.resendResponse, ...problemResponses(400, 422, 429) },
      },
    }, async (req, reply) => reply.code(202).send(await resendBookings(deps, req.body)));

    app.post('/bookings/messages', {
      config: LOOKUP,
      preHandler: perTaxCode,
      schema: {
        tags: ['booking'], summary: 'The messages about a booking (code + tax code): where each goes and whether it was sent; in the demo, the message itself',
        body: s.lookupBody, response: { 200: s.bookingMessagesResponse, ...problemResponses(400, 404) },
      },
    }, async (req) => {
      const row = await bookingOfCitizen(deps.db, req.body.code, req.body.taxCode, false);
      const state = await channelState(deps.db);
      const items = await bookingMessages(deps.db, row.id);
      // The message text only from the demo outbox (a real message is the citizen's own mail).
      return { ...state, items: items.map((m) => (m.demoOutbox ? m : { ...m, message: null })) };
    });

    app.post('/bookings/calendar', {
      config: LOOKUP,
      preHandler: perTaxCode,
      schema: {
        tags: ['booking'], summary: 'The booking as a calendar file (text/calendar)',
        body: s.lookupBody, response: { 200: z.string().describe('text/calendar'), ...problemResponses(400, 404) },
      },
    }, async (req, reply) => {
      const booking = await findBooking(deps, req.body);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${booking.code}.ics"`)
        .send(await bookingIcs(deps.db, booking, new Date(deps.now())));
    });

    app.post('/bookings/cancel', {
      config: LOOKUP,
      preHandler: perTaxCode,
      schema: {
        tags: ['booking'], summary: 'Cancel a future booking (code + tax code + PIN); the place goes first to the waiting list',
        headers: s.idempotencyHeaders, body: s.cancelBody, response: { 200: s.bookingView, ...problemResponses(400, 401, 404, 409, 423) },
      },
    }, async (req) => {
      await verifyPin(deps, { code: req.body.code, taxCode: req.body.taxCode, pin: req.body.pin, actor: 'citizen' });
      const r = await idempotent(deps.db, deps.secret, 'bookings.cancel', req.headers['idempotency-key'], req.body, async (tx) => ({
        status: 200,
        body: await cancelBooking(deps, { code: req.body.code, who: { taxCode: req.body.taxCode }, reason: req.body.reason, actor: 'citizen' }, tx),
      }));
      return r.body;
    });

    app.post('/bookings/move', {
      config: LOOKUP,
      preHandler: perTaxCode,
      schema: {
        tags: ['booking'], summary: 'Move a booking to another slot of the same desk, atomically (code + tax code + PIN; the code and PIN stay the same)',
        headers: s.idempotencyHeaders, body: s.moveBody, response: { 200: s.bookingView, ...problemResponses(400, 401, 404, 409, 422, 423) },
      },
    }, async (req) => {
      await verifyPin(deps, { code: req.body.code, taxCode: req.body.taxCode, pin: req.body.pin, actor: 'citizen' });
      const r = await idempotent(deps.db, deps.secret, 'bookings.move', req.headers['idempotency-key'], req.body, async (tx) => ({
        status: 200,
        body: await moveBooking(deps, { code: req.body.code, who: { taxCode: req.body.taxCode }, startMs: Date.parse(req.body.start), actor: 'citizen' }, tx),
      }));
      return r.body;
    });

    app.post('/desks/:id/waitlist', {
      config: PUBLIC,
      schema: {
        tags: ['waiting list'], summary: "Join a desk's waiting list (only when it has no free place in its whole horizon)",
        params: s.deskParams, headers: s.idempotencyHeaders, body: s.waitlistBody,
        response: { 201: s.waitlistJoinResponse, ...problemResponses(400, 404, 409, 422) },
      },
    }, async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const r = await idempotent(deps.db, deps.secret, `waitlist.join:${req.params.id}`, key, req.body, async (tx) => ({
        status: 201,
        body: await joinWaitlist(deps, { ...req.body, deskId: req.params.id }, tx),
      }));
      return reply.code(201).send(r.body);
    });

    app.post('/waitlist/find', {
      config: LOOKUP,
      preHandler: perTaxCode,
      schema: {
        tags: ['waiting list'], summary: 'A waiting-list place found again ("Gestisci una prenotazione"): its code (LA-…) and the tax code it was joined with; returns its status and its page\'s link token',
        body: s.waitlistFindBody, response: { 200: s.waitlistFindResponse, ...problemResponses(400, 404, 429) },
      },
    }, async (req) => findWaitlistEntry(deps, req.body));

    app.post('/waitlist/:id/status', {
      config: PUBLIC,
      schema: {
        tags: ['waiting list'], summary: 'Where one stands on the waiting list, and the place offered if any',
        params: s.entryParams, body: s.tokenBody, response: { 200: s.waitlistStatusResponse, ...problemResponses(400, 404) },
      },
    }, async (req) => waitlistStatus(deps, { entryId: req.params.id, token: req.body.token }));

    app.post('/waitlist/:id/accept', {
      config: PUBLIC,
      schema: {
        tags: ['waiting list'], summary: 'Accept the place offered: it becomes a booking',
        params: s.entryParams, body: s.tokenBody, response: { 201: s.newBookingResponse, ...problemResponses(400, 404, 409) },
      },
    }, async (req, reply) => reply.code(201).send(await acceptOffer(deps, { entryId: req.params.id, token: req.body.token })));

    app.post('/waitlist/:id/leave', {
      config: PUBLIC,
      schema: {
        tags: ['waiting list'], summary: 'Leave the waiting list',
        params: s.entryParams, body: s.tokenBody, response: { 200: s.waitlistStatusResponse, ...problemResponses(400, 404) },
      },
    }, async (req) => leaveWaitlist(deps, { entryId: req.params.id, token: req.body.token }));
  };
}
