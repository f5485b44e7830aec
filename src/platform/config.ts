import { z } from 'zod';

/** Every setting comes from the environment; see docs/configuration.md. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // A streaming replica for the reads that may be a little behind (docs/operations.md "Read replica"); needs DATABASE_URL.
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'DATABASE_REPLICA_URL must start with postgres:// or postgresql://' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  REPLICA_CHECK_SECONDS: z.coerce.number().min(0.1).max(300).default(5),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  DB_POOL_MIN: z.coerce.number().int().min(0).max(500).default(0),
  // At most this long for a database connection (a new one, or a free one of the pool): then 503, never a hang.
  DB_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  // Citizens' holds and confirmations sent together (src/booking/claim-batches.ts); at most 60 (a subtransaction each).
  // Active web bookings one phone number or e-mail address may carry across all desks (reception, patronati, staff exempt).
  CONTACT_MAX_ACTIVE_BOOKINGS: z.coerce.number().int().min(1).max(100).default(3),
  // Anonymous confirmations (POST /api/bookings) per client address and minute; 0 = no limit (staff exempt).
  BOOKING_RATE_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(10),
  DB_BATCH_SIZE: z.coerce.number().int().min(1).max(60).default(32),
  DB_BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(2),
  // Fair access to holds (src/booking/fair-access.ts): see docs/abuse-and-fair-access.md.
  HOLD_CHALLENGE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  HOLD_CHALLENGE_COST: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  HOLD_CHALLENGE_COUNTER: z.coerce.number().int().min(1).max(10_000_000).default(3_000),
  HOLD_CHALLENGE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(10),
  HOLD_PRESSURE_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(120),
  HOLD_PRESSURE_FACTOR: z.coerce.number().min(1).max(100).default(3),
  HOLDS_PER_ADDRESS: z.coerce.number().int().min(0).max(10_000).default(2),
  HOLDS_PER_SESSION: z.coerce.number().int().min(0).max(10_000).default(2),
  HOLD_RATE_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(10),
  HOLD_CHALLENGES_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(30),
  REFUSAL_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(1_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_ROOT: z.string().optional(),
  NODE_ENV: z.string().default('development'),
  // Staff access and audit (src/auth, src/users, src/audit, src/privacy): see docs/identity.md.
  PUBLIC_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  AUTH_SECRET: z.string().min(32, { message: 'AUTH_SECRET must have at least 32 characters' }).optional().or(z.literal('').transform(() => undefined)),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  OIDC_STAFF_ISSUER: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  OIDC_STAFF_CLIENT_ID: z.string().optional(),
  OIDC_STAFF_CLIENT_SECRET: z.string().optional(),
  OIDC_STAFF_REDIRECT_URI: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  OIDC_STAFF_SCOPES: z.string().default('openid profile email'),
  OIDC_STAFF_ROLE_MAPPING: z.string().optional().describe('JSON rules, or @path/to/file.json'),
  OIDC_CITIZEN_ISSUER: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  OIDC_CITIZEN_CLIENT_ID: z.string().optional(),
  OIDC_CITIZEN_CLIENT_SECRET: z.string().optional(),
  OIDC_CITIZEN_REDIRECT_URI: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  OIDC_CITIZEN_SCOPES: z.string().default('openid profile'),
  OIDC_ALLOW_HTTP: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  // Operator console (src/calls): telephony of offices with none configured (default: simulated, manual in production).
  TELEPHONY_DEFAULT_ADAPTER: z.enum(['wildix', 'asterisk', 'manual', 'simulated']).optional().or(z.literal('').transform(() => undefined)),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  TRUST_PROXY: z.string().min(1).default('loopback').describe('proxies whose X-Forwarded-For is believed: loopback, true, false, a hop count, or addresses/CIDRs'),
  // Notifications (src/notifications): see docs/notifications.md.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, { message: 'SMTP_URL must start with smtp:// or smtps://' }).optional().or(z.literal('').transform(() => undefined)),
  SMTP_FROM: z.string().min(3).default('INPS Sportello <noreply@sportello.invalid>'),
  SMS_PROVIDER: z.enum(['http', 'skebby']).default('http'),
  SMS_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  SMS_SENDER: z.string().min(1).max(16).default('INPS'),
  SMS_USERNAME: z.string().optional(),
  SMS_PASSWORD: z.string().optional(),
  SMS_AUTH_HEADER: z.string().regex(/^[A-Za-z0-9-]+:\s*\S/, { message: 'SMS_AUTH_HEADER must look like "Name: value"' }).optional().or(z.literal('').transform(() => undefined)),
  SMS_BODY_TEMPLATE: z.string().optional(),
  SMS_ID_FIELD: z.string().optional(),
  APPIO_URL: z.string().url().default('https://api.io.pagopa.it/api/v1'),
  APPIO_API_KEY: z.string().optional().or(z.literal('').transform(() => undefined)),
  EMAIL_EVENTS: z.string().optional(),
  SMS_EVENTS: z.string().optional(),
  APPIO_EVENTS: z.string().optional(),
  NOTIFY_WORKER: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  // With no channel configured and outside production, e-mail and SMS go to the demo outbox (docs/citizen.md).
  DEMO_OUTBOX: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  // Past days of demo activity (bookings, calls, reception contacts) loaded into a fresh demo database.
  DEMO_ACTIVITY_DAYS: z.coerce.number().int().min(0).max(90).default(21),
  NOTIFY_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  NOTIFY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  NOTIFY_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  // Documents (src/documents): the largest attachment accepted, and the ClamAV daemon that scans them (tcp://host:3310); see docs/drawer.md.
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  CLAMD_URL: z.string().regex(/^tcp:\/\/[^/:]+:\d{1,5}\/?$/, { message: 'CLAMD_URL must look like tcp://host:3310' }).optional().or(z.literal('').transform(() => undefined)),
  // Documents in an S3-compatible object store instead of PostgreSQL when DOCUMENTS_S3_BUCKET is set (docs/drawer.md "Storage").
  DOCUMENTS_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'DOCUMENTS_S3_BUCKET must be an S3 bucket name' }).optional().or(z.literal('').transform(() => undefined)),
  DOCUMENTS_S3_ENDPOINT: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  DOCUMENTS_S3_REGION: z.string().min(1).max(40).default('eu-south-1'),
  DOCUMENTS_S3_ACCESS_KEY_ID: z.string().optional().or(z.literal('').transform(() => undefined)),
  DOCUMENTS_S3_SECRET_ACCESS_KEY: z.string().optional().or(z.literal('').transform(() => undefined)),
  DOCUMENTS_S3_PATH_STYLE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  DOCUMENTS_S3_PREFIX: z.string().regex(/^[A-Za-z0-9._/-]{0,100}$/).default('sportello'),
  // URP monitoring (src/monitoring): see docs/monitoring.md.
  METRICS_TOKEN: z.string().min(16, { message: 'METRICS_TOKEN must have at least 16 characters' }).optional().or(z.literal('').transform(() => undefined)),
  MONITORING_PUSH_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  MONITORING_ALERT_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(3),
  // Several instances (docs/operations.md "Several instances"): per-address request limits shared through Redis.
  REDIS_URL: z.string().regex(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' }).optional().or(z.literal('').transform(() => undefined)),
  // Where those limits are counted: auto = Redis when REDIS_URL is set, else PostgreSQL when DATABASE_URL is set, else this process's memory.
  SHARED_LIMITS: z.enum(['auto', 'memory', 'redis', 'postgres']).default('auto'),
  // Video appointments (docs/video.md): the built-in WebRTC rooms (default) or Jitsi Meet.
  VIDEO_PROVIDER: z.enum(['builtin', 'jitsi']).default('builtin'),
  VIDEO_ICE_SERVERS: z.string().optional().describe('JSON array of RTCIceServer ({"urls": "turn:host:3478"}, …)'),
  VIDEO_TURN_SECRET: z.string().min(16, { message: 'VIDEO_TURN_SECRET must have at least 16 characters' }).optional().or(z.literal('').transform(() => undefined)),
  VIDEO_ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
  VIDEO_OPEN_MINUTES: z.coerce.number().int().min(0).max(60).default(5),
  VIDEO_CLOSE_MARGIN_MINUTES: z.coerce.number().int().min(0).max(240).default(15),
  JITSI_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  JITSI_APP_ID: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
  JITSI_APP_SECRET: z.string().min(16, { message: 'JITSI_APP_SECRET must have at least 16 characters' }).optional().or(z.literal('').transform(() => undefined)),
  JITSI_AUDIENCE: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
  JITSI_SUB: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
  // Traces (docs/operations.md "Health, logs, metrics"): a span per request to this OpenTelemetry collector (OTLP/HTTP).
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().regex(/^https?:\/\//, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) address' }).optional().or(z.literal('').transform(() => undefined)),
  OTEL_SERVICE_NAME: z.string().min(1).max(100).default('sportello'),
  // Stopping (SIGTERM): see docs/operations.md "Several instances".
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().int().min(0).max(120).default(0),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
});

export type Config = z.infer<typeof envSchema>;

/** The names of every setting (the deployment files are checked against them). */
export const CONFIG_NAMES: readonly string[] = Object.keys(envSchema.shape);

/** The fair-access settings of holds, from the configuration. */
export function fairAccessSettings(config: Config) {
  return {
    challenge: config.HOLD_CHALLENGE,
    cost: config.HOLD_CHALLENGE_COST,
    counter: config.HOLD_CHALLENGE_COUNTER,
    challengeMinutes: config.HOLD_CHALLENGE_MINUTES,
    pressurePerMinute: config.HOLD_PRESSURE_PER_MINUTE,
    pressureFactor: config.HOLD_PRESSURE_FACTOR,
    perAddress: config.HOLDS_PER_ADDRESS,
    perSession: config.HOLDS_PER_SESSION,
    ratePerMinute: config.HOLD_RATE_PER_MINUTE,
    challengesPerMinute: config.HOLD_CHALLENGES_PER_MINUTE,
    refusalDelayMs: config.REFUSAL_DELAY_MS,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configurazione non valida / invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
