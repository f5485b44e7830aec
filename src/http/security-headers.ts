import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers helmet sets for these options (CSP, HSTS, X-Content-Type-Options,
 * Referrer-Policy, …), read once by running its middleware against a recording response.
 * Our options are static (no per-request nonce), so every answer gets the same headers.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  // Answers are never stored by a browser or a proxy: many carry personal data (a booking, a
  // staff search, an export). The web app's static files replace it with their own caching.
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({ headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}

/**
 * Helmet's security headers on every answer, computed at start-up. `@fastify/helmet` built
 * the middleware again for each request (parsing the CSP directives every time, ≈ 5 % of the
 * server's CPU on the booking path), and running the built middleware still set each header
 * on the raw response one by one (≈ 4 % in the surge's profile); the headers are the same.
 */
export const securityHeaders = fp<HelmetOptions & { framedBySelf?: readonly string[] }>(async (app: FastifyInstance, options) => {
  const { framedBySelf = [], ...helmetOptions } = options;
  const headers = helmetHeaders(helmetOptions);
  // Pages our own pages may frame (the video room inside the municipal kiosk): the same
  // headers, with framing allowed to this origin only.
  const framed = {
    ...headers,
    'content-security-policy': (headers['content-security-policy'] ?? '').replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
    'x-frame-options': 'SAMEORIGIN',
  };
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(framedBySelf.some((p) => req.url.startsWith(p)) ? framed : headers);
    done();
  });
}, { name: 'sportello-security-headers', fastify: '5.x' });
