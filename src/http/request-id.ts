import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * An incoming X-Request-Id is kept when it is well formed: 1–128 characters of letters, digits
 * and `._:/+=@-`, starting with a letter or a digit (a proxy's id, a UUID, a trace id). Anything
 * else — too long, control characters, spaces, quotes — is replaced by a new UUID, never echoed.
 */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:/+=@-]{0,127}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/** Fastify's genReqId: the request's id, the one its log lines, problems and audit rows carry. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && WELL_FORMED.test(given) ? given : randomUUID();
}
