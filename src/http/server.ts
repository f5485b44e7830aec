import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../storage/db.js';
import { primaryOnly, type ReadRoute } from '../storage/replica.js';
import { JobRuns } from '../platform/job-runs.js';
import { catalogRoutes } from '../catalog/routes.js';
import { bookingRoutes } from '../booking/routes.js';
import { staffBookingRoutes } from '../booking/staff-routes.js';
import { patronatiRoutes } from '../patronati/index.js';
import { receptionRoutes } from '../reception/routes.js';
import { adminRoutes } from '../office-admin/routes.js';
import { bookingDeps, type BookingDeps } from '../booking/deps.js';
import { identityPlugin } from '../auth/http.js';
import { authRoutes } from '../auth/routes.js';
import { userRoutes } from '../users/routes.js';
import { auditRoutes } from '../audit/routes.js';
import { privacyRoutes } from '../privacy/routes.js';
import { defaultIdentitySettings, type IdentitySettings } from '../auth/settings.js';
import { callsPlugin, type CallsOptions } from '../calls/routes.js';
import { CallBus } from '../calls/index.js';
import { notificationRoutes } from '../notifications/routes.js';
import { monitoringRoutes } from '../monitoring/routes.js';
import { drawerRoutes } from '../drawer/index.js';
import { roomLinkForBooking, videoPlugin, type VideoOptions } from '../video/index.js';
import { stationRoutes, type StationVideo } from '../stations/index.js';
import { uploadRoutes } from '../uploads/index.js';
import type { DocumentSettings } from '../documents/index.js';
import { metricsPlugin } from '../monitoring/metrics.js';
import { healthRoutes, type Readiness } from './health.routes.js';
import { clientErrorHandler, errorHandler, frameworkErrors, problemOf, sendProblem } from '../platform/problem.js';
import { registerInputGuard } from '../platform/input-guard.js';
import { securityHeaders } from './security-headers.js';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';
import { traceRequests, type TracingSettings } from '../platform/tracing.js';

export interface ServerOptions {
  db: Db;
  /** Folder of the built web app (index.html); when absent the API is served alone. */
  webRoot?: string | undefined;
  logger?: FastifyServerOptions['logger'];
  /** The booking engine's dependencies; by default built on `db` with `secret` and `now`. */
  booking?: BookingDeps;
  /**
   * The server's clock, epoch ms (default: `booking.now`, else `Date.now`): booking, operator
   * console, reception and monitoring read "now" and "today" from it.
   */
  now?: () => number;
  /** Server secret (PIN hashes, idempotent responses); required unless `booking` is given. */
  secret?: Buffer;
  /** Staff access: sessions, sign-in, policy, audit (src/auth, src/users, src/audit, src/privacy); development defaults when absent. */
  identity?: IdentitySettings;
  /** Operator console and telephony (src/calls): LISTEN/NOTIFY URL, default adapter. */
  calls?: CallsOptions;
  /** Readiness state the process sets while stopping (see startApp's close). */
  readiness?: Readiness;
  /** URP monitoring (src/monitoring): seconds between live pushes (default 5), METRICS_TOKEN for /metrics. */
  monitoring?: { pushSeconds?: number; metricsToken?: string | undefined; eventsSettleSeconds?: number | undefined };
  /** Documents (src/documents): size limit (ATTACHMENT_MAX_BYTES, default 10 MB), the ClamAV daemon (CLAMD_URL), where the bytes go (DOCUMENTS_S3_*; default PostgreSQL). */
  documents?: Partial<DocumentSettings>;
  /** Video appointments (src/video): provider, ICE servers, room times; LISTEN/NOTIFY URL (default: the calls' one). */
  video?: VideoOptions;
  /**
   * Municipal stations (src/stations): the video port the kiosk joins rooms through. Absent
   * (null) until the video capability is wired: check-in then says the video cannot start.
   */
  stations?: { video?: StationVideo | null };
  /** OpenTelemetry traces (src/platform/tracing.ts); none when absent. */
  tracing?: TracingSettings | undefined;
  /** Where the reads that may be a little behind go (history, exports, catalogue): a replica's route; default the primary. */
  readRoute?: ReadRoute;
  /** The scheduled jobs' runs of this process, shown in /metrics (default: the server's own, fed by housekeeping). */
  jobs?: JobRuns;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: (options.identity?.trustProxy ?? 'loopback') as FastifyServerOptions['trustProxy'], // TRUST_PROXY
    // The request id (X-Request-Id when well formed, else a new one): in every log line, the answer's header, problems, audit rows.
    requestIdHeader: false,
    genReqId: requestIdOf,
    // Errors before any route runs (bad URL; Node's parser: 431, 400) as problem+json too.
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  // Traces to an OpenTelemetry collector (OTEL_EXPORTER_OTLP_ENDPOINT): a span per request.
  if (options.tracing) traceRequests(app, options.tracing);

  // On the raw response: live streams (SSE), which write their own head, carry it too.
  app.addHook('onRequest', (req, reply, done) => {
    reply.raw.setHeader(REQUEST_ID_HEADER, req.id);
    done();
  });

  const now = options.now ?? options.booking?.now ?? Date.now;
  if (now !== Date.now) {
    // A clock of its own: the Date header says that time too (the web app measures the device's skew from it).
    app.addHook('onSend', async (_req, reply) => {
      reply.header('date', new Date(now()).toUTCString());
    });
  }

  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API (OpenAPI) and are checked by the contract tests;
  // at run time responses are plain JSON.stringify, which is faster than re-validating.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  // Every string of every input checked (no NUL, lone surrogate, control) and put in NFC.
  registerInputGuard(app);
  const identity = options.identity ?? defaultIdentitySettings();
  // Security headers (and Cache-Control: no-store) on every answer, refusals of the hooks below included.
  await app.register(securityHeaders, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // The kiosk frames the video room: ours, or the Jitsi deployment's.
        frameSrc: ["'self'", ...(options.video?.settings?.provider === 'jitsi' && options.video.settings.jitsi ? [new URL(options.video.settings.jitsi.url).origin] : [])],
        upgradeInsecureRequests: null,
      },
    },
    framedBySelf: ['/video/r/'],
    hsts: identity.secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  // Then: every route registered after this must declare a policy (src/policy).
  const jobs = options.jobs ?? new JobRuns();
  const readRoute = options.readRoute ?? primaryOnly(options.db);
  await app.register(identityPlugin, { db: options.db, settings: identity, jobs });
  const booking = options.booking ?? bookingDeps(options.db, requireSecret(options.secret), { now });
  // Prometheus /metrics and the request hooks feeding it (root-level hooks).
  await app.register(metricsPlugin, {
    db: options.db, token: options.monitoring?.metricsToken, eventsSettleSeconds: options.monitoring?.eventsSettleSeconds,
    operations: { claims: booking.claims, readRoute, jobs },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sportello API',
        version: '0.1.0',
        description:
          'Remote front office of the local offices. JSON, camelCase; times ISO 8601 with offset (Europe/Rome); ' +
          'errors application/problem+json with a stable `code` and messages in Italian and English.',
      },
      tags: [{ name: 'catalog', description: 'Provinces, offices, desks, slots' }, { name: 'operations' }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes(options.db, options.readiness));
  // Staff access: sign-in and sessions, staff users, the audit log, citizens' data (privacy).
  await app.register(authRoutes(options.db, identity), { prefix: '/api' });
  await app.register(userRoutes(options.db), { prefix: '/api' });
  await app.register(auditRoutes(options.db), { prefix: '/api' });
  await app.register(privacyRoutes(options.db, identity), { prefix: '/api' });
  // The public catalogue may be read on the replica (DATABASE_REPLICA_URL).
  await app.register(catalogRoutes(readRoute.reads), { prefix: '/api' });
  await app.register(bookingRoutes(booking), { prefix: '/api' });
  // Live events (the operator console's, and bookings from the database's trigger): one bus per server.
  const bus = await CallBus.open(options.calls?.listenUrl, (msg, err) => app.log.warn({ err }, msg), options.db);
  app.addHook('onClose', async () => bus.close());
  await app.register(callsPlugin({ ...options.calls, now: options.calls?.now ?? now, db: options.db, booking, bus }), { prefix: '/api' });
  await app.register(videoPlugin({ listenUrl: options.calls?.listenUrl, ...options.video, now: options.video?.now ?? now, db: options.db }), { prefix: '/api' });
  await app.register(staffBookingRoutes(booking), { prefix: '/api' });
  await app.register(patronatiRoutes(booking), { prefix: '/api' });
  await app.register(receptionRoutes(options.db, booking.secret, now), { prefix: '/api' });
  await app.register(adminRoutes(booking), { prefix: '/api' });
  await app.register(notificationRoutes(options.db), { prefix: '/api' });
  const documents: DocumentSettings = { maxBytes: options.documents?.maxBytes ?? 10 * 1024 * 1024, clamdUrl: options.documents?.clamdUrl, store: options.documents?.store };
  await app.register(drawerRoutes({ db: options.db, now, documents }), { prefix: '/api' });
  await app.register(stationRoutes({ db: options.db, now, video: options.stations?.video === undefined ? { roomLinkForBooking: (bookingId, at) => roomLinkForBooking(options.db, bookingId, at.getTime()) } : options.stations.video }, booking), { prefix: '/api' });
  await app.register(uploadRoutes({ db: options.db, now, documents }), { prefix: '/api' });
  await app.register(monitoringRoutes({ db: options.db, reads: readRoute.reads, booking, now, pushSeconds: options.monitoring?.pushSeconds ?? 5, changes: (fn) => bus.subscribe(fn) }), { prefix: '/api' });

  const webRoot = options.webRoot;
  const hasWeb = webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: true, index: ['index.html'] });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (hasWeb && (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) {
      // Client-side routes of the web app.
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendProblem(reply, problemOf(404, 'not_found', { it: 'Risorsa non trovata.', en: 'Resource not found.' }));
  });
  return app;
}

function requireSecret(secret: Buffer | undefined): Buffer {
  if (!secret || secret.length < 32) throw new Error('buildServer: a server secret of at least 32 bytes is required');
  return secret;
}
