/**
 * Anonymous confirmations per client address (issue 16: sixty probes with other people's tax
 * codes from one address all answered 201). At most `max` POST /api/bookings per `timeWindow`
 * per address (request.ip, so TRUST_PROXY decides whose X-Forwarded-For is believed); staff
 * with a role and signed-in citizens (who book with their own tax code only) are not counted.
 *
 * A retry of the same confirmation — same address, same Idempotency-Key, same body — is counted
 * once per window: a phone on a bad network that retries does not lose its turns. A different
 * body under the same key counts again (the idempotency layer keeps nothing for a refused
 * request, so one key cannot carry many probes).
 */
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler, onResponseAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../domain/errors.js';
import { idempotencyClaim } from '../platform/idempotency.js';

/** Retries remembered at most (oldest forgotten first); each entry is a short hash. */
const MAX_REMEMBERED = 20_000;

export function tooManyBookings(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError(429, 'too_many_bookings', {
    it: `Troppe prenotazioni da questa connessione: riprova tra ${minutes === 1 ? '1 minuto' : `${minutes} minuti`}.`,
    en: `Too many bookings from this connection: try again in ${minutes === 1 ? '1 minute' : `${minutes} minutes`}.`,
  });
}

/**
 * Three hooks: `preHandler` counts a valid confirmation (it needs the body for the retry
 * fingerprint); `onResponse` counts one that was refused before (bad bytes, too large, invalid),
 * so that a flood of poisoned requests uses up the address's turns too; `onRequest` refuses at
 * once, before the body is read and parsed, an address that is already over its limit — such a
 * flood then costs the server next to nothing.
 */
export function limitBookingsPerAddress(
  app: FastifyInstance, setting: { max: number; timeWindow: number }, now: () => number = Date.now,
): { onRequest: onRequestAsyncHookHandler; preHandler: preHandlerAsyncHookHandler; onResponse: onResponseAsyncHookHandler } {
  if (setting.max <= 0) return { onRequest: async () => {}, preHandler: async () => {}, onResponse: async () => {} };
  const count = app.createRateLimit({ max: setting.max, timeWindow: setting.timeWindow, keyGenerator: (req) => `book:${req.ip}` });
  const counted = new Map<string, number>(); // retry fingerprint → until (epoch ms)
  const blocked = new Map<string, number>(); // address over its limit → until (epoch ms)
  const seen = new WeakSet<FastifyRequest>(); // counted (or exempt) by preHandler
  const block = (req: FastifyRequest, seconds: number) => {
    if (blocked.size >= MAX_REMEMBERED) blocked.delete(blocked.keys().next().value!);
    blocked.set(req.ip, now() + seconds * 1000);
  };
  const exempt = (req: FastifyRequest) =>
    req.actor.kind === 'citizen' || (req.actor.kind === 'staff' && req.actor.grants.length > 0);
  const onRequest: onRequestAsyncHookHandler = async (req, reply) => {
    const until = blocked.get(req.ip);
    if (until === undefined) return;
    if (until <= now()) {
      blocked.delete(req.ip);
      return;
    }
    if (exempt(req)) return;
    const seconds = Math.max(1, Math.ceil((until - now()) / 1000));
    reply.header('retry-after', String(seconds));
    throw tooManyBookings(seconds);
  };
  const preHandler: preHandlerAsyncHookHandler = async (req, reply) => {
    seen.add(req);
    if (exempt(req)) return;
    const key = req.headers['idempotency-key'];
    let fingerprint: string | null = null;
    if (typeof key === 'string' && key.length >= 8 && key.length <= 200) {
      const claim = idempotencyClaim('bookings.create', key, req.body);
      fingerprint = `${req.ip}\n${claim.keyHash}\n${claim.requestHash}`;
      const until = counted.get(fingerprint);
      if (until !== undefined && until > now()) return;
    }
    const r = await count(req);
    if (!r.isAllowed && r.isExceeded) {
      block(req, r.ttlInSeconds);
      reply.header('retry-after', String(r.ttlInSeconds));
      throw tooManyBookings(r.ttlInSeconds);
    }
    if (fingerprint) {
      counted.delete(fingerprint);
      if (counted.size >= MAX_REMEMBERED) counted.delete(counted.keys().next().value!);
      counted.set(fingerprint, now() + setting.timeWindow);
    }
  };
  const onResponse: onResponseAsyncHookHandler = async (req, reply) => {
    if (seen.has(req) || reply.statusCode === 429 || exempt(req)) return;
    const r = await count(req);
    if (!r.isAllowed && r.isExceeded) block(req, r.ttlInSeconds);
  };
  return { onRequest, preHandler, onResponse };
}
