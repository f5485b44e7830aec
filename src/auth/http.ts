/**
 * The identity layer of the HTTP server, registered before any route:
 *  - refuses to start when an /api route declares no policy (onRoute);
 *  - resolves the actor of each request from the session cookie, checks CSRF on writes
 *    and asks the policy module about the route's action (onRequest: an unauthorised
 *    request is answered before its body is even parsed);
 *  - writes the audit log for staff writes, denied staff requests and personal-data reads;
 *  - rate limits (per route, opt-in) and cookies.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../domain/errors.js';
import { taxCodeKey } from '../domain/person/tax-code.js';
import { problemOf, sendProblem } from '../platform/problem.js';
import { ACTIONS, ANONYMOUS, decide, isAction, type Action, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { homePlaceOf, recordAudit, type AuditEntry, type AuditPlace } from '../audit/index.js';
import { safeEqual } from '../platform/crypto.js';
import { maskPersonalData } from '../platform/masking.js';
import { runRetention } from '../privacy/index.js';
import { forgetLapsedCounters, postgresRateLimitStore } from '../platform/rate-limit-store.js';
import { takeJobTurn } from '../platform/job-lease.js';
import type { JobRuns } from '../platform/job-runs.js';
import { actorOf, deleteExpiredSessions, findSession, type Session } from './sessions.js';
import { isDeviceToken, stationActorOf } from '../stations/index.js';
import type { IdentitySettings, RateLimitSetting } from './settings.js';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieName(settings: IdentitySettings): string {
  // __Host-: only over HTTPS, for this host, path / — a sibling domain cannot set or read it.
  return settings.secure ? '__Host-sportello_session' : 'sportello_session';
}

export function sessionCookieOptions(settings: IdentitySettings) {
  return { httpOnly: true, secure: settings.secure, sameSite: 'lax' as const, path: '/' };
}

export interface PolicedRoute {
  method: string;
  url: string;
  policy: Action;
}

export type RequestAudit = Omit<AuditEntry, 'actor' | 'ip' | 'userAgent' | 'requestId' | 'method' | 'path' | 'outcome'> & { outcome?: AuditEntry['outcome'] };

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: anonymous, a citizen, or staff with their grants. Set for every /api route. */
    actor: Actor;
    /** The session behind the actor (also a pending one, waiting for the second factor). */
    authSession: Session | null;
    /** Writes an audit entry for this request (actor, address, request id filled in). */
    audit(entry: RequestAudit): Promise<void>;
    auditDone: boolean;
    /**
     * The place (office, province) of the record this request handles, set by routes that
     * know it: the audit entry of the request carries it, so the office's administrator and
     * URP see it. Unset: the actor's own office or province when they have only one.
     */
    auditPlace: AuditPlace | null;
  }
  interface FastifyInstance {
    identity: {
      settings: IdentitySettings;
      /** Every route with its policy, for the authorisation matrix and the docs. */
      routes: PolicedRoute[];
      /** `config.rateLimit` values: per client address. */
      rateLimits: { login: RateLimitSetting & { keyGenerator?: (req: FastifyRequest) => string }; lookup: RateLimitSetting };
      /** preHandler limiting attempts per tax code (body or query `taxCode`), e.g. booking look-up. */
      limitPerTaxCode: preHandlerAsyncHookHandler;
    };
  }
}

function exempt(url: string): boolean {
  return url === '/api/openapi.json' || url === '/api/docs' || url.startsWith('/api/docs/');
}

function outcomeOf(status: number): AuditEntry['outcome'] {
  return status < 400 ? 'success' : status === 401 || status === 403 ? 'denied' : 'failure';
}

export const CSRF_PROBLEM = problemOf(403, 'csrf_failed', {
  it: 'Richiesta rifiutata: manca il token di sicurezza (CSRF). Ricarica la pagina e riprova.',
  en: 'Request refused: the security (CSRF) token is missing. Reload the page and try again.',
});

function taxCodeOf(req: FastifyRequest): string | null {
  const pick = (o: unknown) => (o && typeof o === 'object' ? (o as Record<string, unknown>).taxCode : undefined);
  const v = pick(req.body) ?? pick(req.query);
  if (typeof v !== 'string') return null;
  const typed = v.replace(/\s+/g, '').toUpperCase();
  // One person, one counter: omocodic spellings of a code count together.
  return taxCodeKey(typed);
}

async function identityLayer(app: FastifyInstance, opts: { db: Db; settings: IdentitySettings; jobs?: JobRuns | undefined }): Promise<void> {
  const { db, settings } = opts;
  const routes: PolicedRoute[] = [];

  app.addHook('onRoute', (route) => {
    const policy = route.config?.policy as unknown;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (policy !== undefined && !isAction(policy)) {
      throw new Error(`Route ${methods.join(',')} ${route.url}: unknown policy "${String(policy)}" (see src/policy/actions.ts)`);
    }
    if (policy === undefined && route.url.startsWith('/api') && !exempt(route.url)) {
      throw new Error(
        `Route ${methods.join(',')} ${route.url} declares no policy: add config: { policy: '<action>' } (see src/policy/actions.ts). ` +
          'The server does not start with an unguarded route.',
      );
    }
    if (policy) for (const m of methods) routes.push({ method: m, url: route.url, policy: policy as Action });
  });

  await app.register(cookie);
  // Several instances count together in Redis (REDIS_URL). If Redis stops answering, requests
  // pass uncounted (skipOnError) rather than every citizen being refused; the error is logged.
  // Without Redis, several instances count together in PostgreSQL (SHARED_LIMITS=postgres, the
  // default with DATABASE_URL): the same skipOnError, the store logs its failures.
  const shared = settings.sharedLimits;
  const redis = shared && 'redisUrl' in shared
    ? new Redis(shared.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1, lazyConnect: false })
    : undefined;
  const pgStore = shared && 'postgres' in shared
    ? postgresRateLimitStore({ db, prefix: shared.prefix, now: shared.now, log: (err) => app.log.warn({ err }, 'rate limits: the database did not count, requests pass uncounted') })
    : undefined;
  if (redis) {
    redis.on('error', (err) => app.log.warn({ err }, 'rate limits: Redis not reachable, requests pass uncounted'));
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  }
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: shared?.prefix ?? 'sportello-limit:', skipOnError: true } : {}),
    ...(pgStore ? { store: pgStore, skipOnError: true } : {}),
    errorResponseBuilder: (_req, ctx) =>
      new AppError(429, 'too_many_requests', {
        it: `Troppi tentativi: riprova tra ${ctx.after}.`.replace('seconds', 'secondi').replace('minute', 'minuto'),
        en: `Too many attempts: try again in ${ctx.after}.`,
      }),
  });

  const cookieName = sessionCookieName(settings);
  // A second limit on the same route (the plugin runs one limiter per request): by tax code,
  // after the body is parsed, so the same person cannot be tried from many addresses.
  const countPerTaxCode = app.createRateLimit({
    max: settings.rateLimits.lookupPerTaxCode.max,
    timeWindow: settings.rateLimits.lookupPerTaxCode.timeWindow,
    keyGenerator: (req) => `cf:${taxCodeOf(req) ?? `ip:${req.ip}`}`,
  });
  const perTaxCode: preHandlerAsyncHookHandler = async (req, reply) => {
    const r = await countPerTaxCode(req);
    if (!r.isAllowed && r.isExceeded) {
      reply.header('retry-after', String(r.ttlInSeconds));
      throw new AppError(429, 'too_many_requests', {
        it: `Troppi tentativi per questo codice fiscale: riprova tra ${Math.ceil(r.ttlInSeconds / 60)} minuti.`,
        en: `Too many attempts for this tax code: try again in ${Math.ceil(r.ttlInSeconds / 60)} minutes.`,
      });
    }
  };

  app.decorate('identity', {
    settings,
    routes,
    rateLimits: {
      login: { ...settings.rateLimits.login },
      lookup: { ...settings.rateLimits.lookup },
    },
    limitPerTaxCode: perTaxCode,
  });

  app.decorateRequest('actor', null as never);
  app.decorateRequest('authSession', null);
  app.decorateRequest('auditDone', false);
  app.decorateRequest('auditPlace', null);
  app.decorateRequest('audit', async function (this: FastifyRequest, entry: RequestAudit) {
    this.auditDone = true;
    await recordAudit(db, {
      ...entry,
      place: entry.place ?? this.auditPlace ?? homePlaceOf(this.actor ?? ANONYMOUS),
      outcome: entry.outcome ?? 'success',
      actor: this.actor ?? ANONYMOUS,
      ip: this.ip,
      userAgent: this.headers['user-agent'] ?? null,
      requestId: this.id,
      method: this.method,
      path: maskPersonalData(this.url),
    });
  });

  const deny = async (req: FastifyRequest, reply: FastifyReply, status: 401 | 403, code?: string): Promise<FastifyReply> => {
    if (req.actor.kind === 'staff') {
      await req.audit({ action: req.routeOptions.config.policy ?? 'unknown', outcome: 'denied', status, details: { reason: code ?? (status === 401 ? 'unauthenticated' : 'forbidden') } }).catch((err) =>
        req.log.error({ err }, 'audit write failed'),
      );
    }
    if (code === 'csrf_failed') return sendProblem(reply, CSRF_PROBLEM);
    return sendProblem(
      reply,
      status === 401
        ? problemOf(401, 'unauthenticated', { it: 'Devi accedere per continuare.', en: 'You need to sign in to continue.' })
        : problemOf(403, 'forbidden', { it: 'Non hai i permessi per questa operazione.', en: 'You are not allowed to do this.' }),
    );
  };

  app.addHook('onRequest', async (req, reply) => {
    req.actor = ANONYMOUS;
    const policy = req.routeOptions.config?.policy;
    if (!policy) return; // static files of the web app, API docs, unknown addresses (404)
    // A municipal station's device token (src/stations): it is the actor, whatever cookie comes
    // with it; the policy lets it reach the station routes and the public ones only. Not a
    // cookie, so no CSRF. An unknown or revoked token is no one.
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer && isDeviceToken(bearer)) {
      req.actor = (await stationActorOf(db, bearer)) ?? ANONYMOUS;
      const d = decide(req.actor, policy);
      if (!d.allowed) return deny(req, reply, d.reason === 'unauthenticated' ? 401 : 403);
      return;
    }
    const token = req.cookies[cookieName];
    let found = token ? await findSession(db, settings, token) : null;
    if (found && !SAFE_METHODS.has(req.method)) {
      // A cookie alone never authorises a write: the page must echo the session's CSRF token.
      const header = req.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !safeEqual(header, found.session.csrfToken)) {
        if (ACTIONS[policy] !== 'public') {
          req.actor = await actorOf(db, found.session, found.username);
          return deny(req, reply, 403, 'csrf_failed');
        }
        found = null; // a public route: proceed as if there were no cookie
      }
    }
    if (found) {
      req.authSession = found.session;
      req.actor = await actorOf(db, found.session, found.username);
    }
    const decision = decide(req.actor, policy);
    if (!decision.allowed) return deny(req, reply, decision.reason === 'unauthenticated' ? 401 : 403);
  });

  // Housekeeping: expired sessions and sign-ins, and the retention job, every N minutes, on one
  // instance at a time (job lease, migration 0023; the job is idempotent and takes a lock besides).
  if (settings.retentionIntervalMinutes > 0) {
    let timer: NodeJS.Timeout | undefined;
    const housekeeping = async () => {
      try {
        if (!(await takeJobTurn(db, 'housekeeping', 2 * settings.retentionIntervalMinutes * 60_000))) return;
        const work = async () => {
          await deleteExpiredSessions(db, settings);
          await forgetLapsedCounters(db);
          const r = await runRetention(db, settings.secrets, settings.retentionDays, 'schedule');
          if (r.bookings || r.waitlistEntries) app.log.info({ retention: r }, 'retention: personal data pseudonymised');
        };
        await (opts.jobs ? opts.jobs.run('housekeeping', work) : work());
      } catch (err) {
        app.log.error({ err }, 'housekeeping failed');
      }
    };
    app.addHook('onReady', async () => {
      timer = setInterval(() => void housekeeping(), settings.retentionIntervalMinutes * 60_000);
      timer.unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  }

  app.addHook('onResponse', async (req, reply) => {
    if (req.auditDone || req.actor?.kind !== 'staff') return;
    const config = req.routeOptions.config;
    if (!config?.policy) return;
    const status = reply.statusCode;
    const write = !SAFE_METHODS.has(req.method);
    if (!write && config.audit !== 'personal-data' && status !== 403) return;
    const params = req.params as Record<string, unknown> | undefined;
    const id = params && typeof params.id === 'string' ? params.id : null;
    await req
      .audit({ action: config.policy, outcome: outcomeOf(status), status, resourceType: req.routeOptions.url ?? null, resourceId: id })
      .catch((err) => req.log.error({ err }, 'audit write failed'));
  });
}

export const identityPlugin = fp(identityLayer, { name: 'sportello-identity', fastify: '5.x' });
