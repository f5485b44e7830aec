import type { FastifyServerOptions } from 'fastify';
import { maskDeep, maskPersonalData } from './masking.js';

/** Never in the logs: credentials, cookies, session and CSRF tokens, PINs, personal fields. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.pin',
  '*.totp',
  '*.code_verifier',
  '*.taxCode',
  '*.tax_code',
  '*.phone',
  '*.email',
  '*.fullName',
  '*.full_name',
];

interface LoggedRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
  id?: string;
  routeOptions?: { url?: string };
}

/**
 * Logger options with personal data masked: tax codes, phone numbers and e-mail addresses
 * in URLs and messages are masked, and the fields above are redacted.
 */
export function loggerOptions(level: string): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req(req: LoggedRequest) {
        try {
          return { method: req.method, url: maskPersonalData(String(req.url ?? '')), route: req.routeOptions?.url, ip: req.ip, id: req.id };
        } catch {
          return { method: req?.method }; // a log line must never break a request
        }
      },
    },
    formatters: {
      log(object: Record<string, unknown>) {
        try {
          return maskDeep(object) as Record<string, unknown>;
        } catch {
          return object;
        }
      },
    },
    hooks: {
      logMethod(args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskPersonalData(a) : a)));
      },
    },
  };
}
