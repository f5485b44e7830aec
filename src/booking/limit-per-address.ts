/**
 * Requests per client address (issue 16): the one limiter of the citizen's booking routes —
 * challenges and holds (fair access, HOLD_CHALLENGES_PER_MINUTE and HOLD_RATE_PER_MINUTE) and
 * anonymous confirmations (BOOKING_RATE_PER_MINUTE: sixty probes with other people's tax codes
 * from one address were all answered 201). At most `max` requests of one route per `timeWindow`
 * per client address — its group (addressGroup: an IPv6 /64 is one client) of request.ip, so
 * TRUST_PROXY decides whose X-Forwarded-For is believed. Who is exempt (staff who book for
 * callers; for confirmations signed-in citizens too) is the route's to say.
 *
 * Where a route is idempotent (`retries`: its idempotency scope), a retry of the same request —
 * same address, same Idempotency-Key, same body — is counted once per window: a phone on a bad
 * network that retries does not lose its turns. A different body under the same key counts
 * again (the idempotency layer keeps nothing for a refused request, so one key cannot carry
 * many probes).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler, onSendAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../domain/errors.js';
import { addressGroup } from '../domain/booking/fair-access.js';
import { problemOf, sendProblem, type Problem } from '../platform/problem.js';
import { idempotencyClaim } from '../platform/idempotency.js';

/** Addresses and retries remembered at most per route (oldest forgotten first); each entry is short. */
const MAX_REMEMBERED = 20_000;
/** Refusals an address over its limit gets at once in one block; the next ones wait (`delayMs`). */
export const PROMPT_REFUSALS = 5;
/**
 * Refusals waiting at most at a time, for all routes of the process. Beyond, a refusal is sent at
 * once with `Connection: close`: a client with many connections must then open them again.
 */
const MAX_WAITING_REFUSALS = 2_000;
let waitingRefusals = 0;

export function tooManyBookings(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError(429, 'too_many_bookings', {
    it: `Troppe prenotazioni da questa connessione: riprova tra ${minutes === 1 ? '1 minuto' : `${minutes} minuti`}.`,
    en: `Too many bookings from this connection: try again in ${minutes === 1 ? '1 minute' : `${minutes} minutes`}.`,
  });
}

export interface AddressLimit {
  /** Names the counter (one per route). */
  name: string;
  /** Requests per window; 0 = no limit. */
  max: number;
  timeWindow: number;
  /** The 429 problem for an address over its limit, given the seconds until it may try again. */
  problem: (retryAfterSeconds: number) => AppError;
  /** Requests that are not counted nor refused (staff who book for callers…). */
  exempt: (req: FastifyRequest) => boolean;
  /** The route's idempotency scope: a retry of one request is counted once. */
  retries?: string;
  /**
   * Milliseconds a refusal waits once the address has had PROMPT_REFUSALS in its block (a script
   * that sends as fast as it is answered); 0 = never. Bounded by the time left in the block.
   */
  delayMs?: number;
}

export interface AddressLimitHooks {
  onRequest: onRequestAsyncHookHandler;
  preHandler: preHandlerAsyncHookHandler;
  onSend: onSendAsyncHookHandler;
}

/**
 * Three hooks: `preHandler` counts a valid request (for `retries`, it needs the body for the
 * retry fingerprint); `onSend` counts one that was refused before (bad bytes, too large,
 * invalid), so that a flood of poisoned requests uses up the address's turns too; `onRequest`
 * refuses at once, before the body is read and parsed, an address that is already over its
 * limit — such a flood then costs the server next to nothing: the answer is written from a
 * problem document made once per Retry-After value (no error object, no error handler), and a
 * request that still has a body larger than the route accepts on its way (a 1 MB "poisoned"
 * confirmation) is answered with `Connection: close` rather than read to its end to keep the
 * connection alive.
 *
 * A script sends its next request as soon as it has its answer: refusing it faster only makes it
 * ask more often, and its requests take the CPU that the citizens' requests need (on the release
 * morning, an attacker with 64 requests in flight was answered ~1,000 times a second). So an
 * address that goes on after PROMPT_REFUSALS refusals in one block has each further refusal held
 * for `delayMs` (a timer: no CPU while it waits) — 64 requests in flight then make at most 64
 * requests a second per second of delay. A citizen who tries again once or twice is answered at once.
 */
export function limitPerAddress(app: FastifyInstance, limit: AddressLimit, now: () => number = Date.now): AddressLimitHooks | null {
  if (limit.max <= 0) return null;
  const clientOf = (req: FastifyRequest) => addressGroup(req.ip);
  const count = app.createRateLimit({ max: limit.max, timeWindow: limit.timeWindow, keyGenerator: (req) => `${limit.name}:${clientOf(req)}` });
  const counted = new Map<string, number>(); // retry fingerprint → until (epoch ms)
  const blocked = new Map<string, { until: number; refused: number }>(); // client over its limit
  const seen = new WeakSet<FastifyRequest>(); // counted (or exempt) by preHandler
  const refusals = new Map<number, Problem>(); // Retry-After seconds → the problem document
  const refusal = (seconds: number): Problem => {
    let p = refusals.get(seconds);
    if (!p) {
      const e = limit.problem(seconds);
      p = problemOf(e.status, e.code, e.messages, e.fields, e.extra);
      refusals.set(seconds, p);
    }
    return p;
  };
  const block = (req: FastifyRequest, seconds: number) => {
    if (blocked.size >= MAX_REMEMBERED) blocked.delete(blocked.keys().next().value!);
    blocked.set(clientOf(req), { until: now() + seconds * 1000, refused: 0 });
  };
  const delayMs = limit.delayMs ?? 0;
  const onRequest: onRequestAsyncHookHandler = async (req, reply) => {
    const client = clientOf(req);
    const block = blocked.get(client);
    if (block === undefined) return;
    if (block.until <= now()) {
      blocked.delete(client);
      return;
    }
    if (limit.exempt(req)) return;
    block.refused += 1;
    const declared = Number(req.headers['content-length'] ?? 0);
    let close = req.headers['transfer-encoding'] !== undefined || declared > (req.routeOptions.bodyLimit ?? 0);
    if (delayMs > 0 && block.refused > PROMPT_REFUSALS) {
      if (waitingRefusals < MAX_WAITING_REFUSALS) {
        waitingRefusals += 1;
        try {
          await sleep(Math.min(delayMs, Math.max(0, block.until - now())));
        } finally {
          waitingRefusals -= 1;
        }
      } else {
        close = true;
      }
    }
    const seconds = Math.max(1, Math.ceil((block.until - now()) / 1000));
    reply.header('retry-after', String(seconds));
    if (close) reply.header('connection', 'close');
    return sendProblem(reply, refusal(seconds));
  };
  const preHandler: preHandlerAsyncHookHandler = async (req, reply) => {
    seen.add(req);
    if (limit.exempt(req)) return;
    const key = req.headers['idempotency-key'];
    let fingerprint: string | null = null;
    if (limit.retries && typeof key === 'string' && key.length >= 8 && key.length <= 200) {
      const claim = idempotencyClaim(limit.retries, key, req.body);
      fingerprint = `${clientOf(req)}\n${claim.keyHash}\n${claim.requestHash}`;
      const until = counted.get(fingerprint);
      if (until !== undefined && until > now()) return;
    }
    const r = await count(req);
    if (!r.isAllowed && r.isExceeded) {
      const seconds = Math.max(1, r.ttlInSeconds);
      block(req, seconds);
      reply.header('retry-after', String(seconds));
      throw limit.problem(seconds);
    }
    if (fingerprint) {
      counted.delete(fingerprint);
      if (counted.size >= MAX_REMEMBERED) counted.delete(counted.keys().next().value!);
      counted.set(fingerprint, now() + limit.timeWindow);
    }
  };
  // Counted before the refusal goes out (not after it, in onResponse): a client that waits for each
  // answer cannot send its next request before this one is counted, on any instance.
  const onSend: onSendAsyncHookHandler = async (req, reply, payload) => {
    if (seen.has(req) || reply.statusCode === 429 || limit.exempt(req)) return payload;
    const r = await count(req);
    if (!r.isAllowed && r.isExceeded) block(req, Math.max(1, r.ttlInSeconds));
    return payload;
  };
  return { onRequest, preHandler, onSend };
}
