import { readFileSync } from 'node:fs';
import type { Config } from '../platform/config.js';
import { Secrets } from '../platform/crypto.js';
import { parseRoleMapping, type RoleMappingRule } from '../users/index.js';

export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  redirectUri: string;
  scopes: string;
}

export interface RateLimitSetting {
  max: number;
  timeWindow: number; // ms
}

/** Everything staff and citizen access needs (sign-in, sessions, rate limits, retention), resolved from the configuration once. */
export interface IdentitySettings {
  /** https:// public address → Secure cookies (with the __Host- prefix) and HSTS. */
  secure: boolean;
  secrets: Secrets;
  /** True while AUTH_SECRET is the built-in development value. */
  devSecret: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  staffOidc?: (OidcClientSettings & { roleMapping: RoleMappingRule[] }) | undefined;
  citizenOidc?: OidcClientSettings | undefined;
  /** Tests only: accept an http:// issuer. */
  oidcAllowHttp: boolean;
  rateLimits: {
    login: RateLimitSetting;
    /** Per address, on booking look-up and booking creation routes. */
    lookup: RateLimitSetting;
    /** Per tax code, on the same routes. */
    lookupPerTaxCode: RateLimitSetting;
    /** Per address, anonymous confirmations (POST /api/bookings); max 0 = no limit (BOOKING_RATE_PER_MINUTE). */
    booking: RateLimitSetting;
  };
  /**
   * Per-address request limits counted in Redis (REDIS_URL) or in the database (`postgres`:
   * the PostgreSQL store, SHARED_LIMITS), so that several instances share them; absent = in
   * this process's memory. `prefix` separates deployments (and tests); `now`, the clock of the
   * database's windows (tests).
   */
  sharedLimits?: { redisUrl: string; prefix?: string } | { postgres: true; prefix?: string; now?: () => number } | undefined;
  retentionDays: number;
  retentionIntervalMinutes: number;
  /**
   * Which proxies' X-Forwarded-For to believe (client address for the audit log and the
   * rate limits): Fastify's trustProxy. Never `true` on a server reachable directly.
   */
  trustProxy: boolean | number | string;
}

/** Development value of AUTH_SECRET; the server refuses it in production. */
export const DEV_AUTH_SECRET = 'sportello-development-secret-do-not-use-in-production';

export function defaultIdentitySettings(overrides: Partial<IdentitySettings> = {}): IdentitySettings {
  return {
    secure: false,
    secrets: new Secrets(DEV_AUTH_SECRET),
    devSecret: true,
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 12,
    loginMaxFailures: 5,
    loginLockMinutes: 15,
    oidcAllowHttp: false,
    rateLimits: {
      login: { max: 20, timeWindow: 60_000 },
      lookup: { max: 60, timeWindow: 60_000 },
      lookupPerTaxCode: { max: 30, timeWindow: 15 * 60_000 },
      booking: { max: 10, timeWindow: 60_000 },
    },
    retentionDays: 90,
    retentionIntervalMinutes: 60,
    trustProxy: 'loopback',
    ...overrides,
  };
}

function readMapping(value: string | undefined): RoleMappingRule[] {
  if (!value) return [];
  const text = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
  return parseRoleMapping(text);
}

export function identitySettingsFromConfig(config: Config): IdentitySettings {
  const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  const base = publicUrl.replace(/\/+$/, '');
  const oidc = (issuer: string | undefined, clientId: string | undefined, name: string) => {
    if (!issuer) return undefined;
    if (!clientId) throw new Error(`Configurazione non valida / invalid configuration: ${name}_CLIENT_ID is required with ${name}_ISSUER`);
    return { issuer, clientId };
  };
  const staff = oidc(config.OIDC_STAFF_ISSUER, config.OIDC_STAFF_CLIENT_ID, 'OIDC_STAFF');
  const citizen = oidc(config.OIDC_CITIZEN_ISSUER, config.OIDC_CITIZEN_CLIENT_ID, 'OIDC_CITIZEN');
  const defaults = defaultIdentitySettings();
  return defaultIdentitySettings({
    secure: publicUrl.startsWith('https://'),
    secrets: new Secrets(config.AUTH_SECRET ?? DEV_AUTH_SECRET),
    devSecret: !config.AUTH_SECRET || config.AUTH_SECRET === DEV_AUTH_SECRET,
    sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: config.SESSION_ABSOLUTE_HOURS,
    loginMaxFailures: config.LOGIN_MAX_FAILURES,
    loginLockMinutes: config.LOGIN_LOCK_MINUTES,
    oidcAllowHttp: config.OIDC_ALLOW_HTTP,
    staffOidc: staff && {
      ...staff,
      clientSecret: config.OIDC_STAFF_CLIENT_SECRET,
      redirectUri: config.OIDC_STAFF_REDIRECT_URI ?? `${base}/api/auth/staff/callback`,
      scopes: config.OIDC_STAFF_SCOPES,
      roleMapping: readMapping(config.OIDC_STAFF_ROLE_MAPPING),
    },
    citizenOidc: citizen && {
      ...citizen,
      clientSecret: config.OIDC_CITIZEN_CLIENT_SECRET,
      redirectUri: config.OIDC_CITIZEN_REDIRECT_URI ?? `${base}/api/auth/citizen/callback`,
      scopes: config.OIDC_CITIZEN_SCOPES,
    },
    rateLimits: { ...defaults.rateLimits, booking: { max: config.BOOKING_RATE_PER_MINUTE, timeWindow: 60_000 } },
    sharedLimits: sharedLimitsOf(config),
    retentionDays: config.RETENTION_DAYS,
    retentionIntervalMinutes: config.RETENTION_INTERVAL_MINUTES,
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
  });
}

/** SHARED_LIMITS: auto = Redis when REDIS_URL is set, else PostgreSQL when DATABASE_URL is set (several instances may share it), else memory (PGlite: one process). */
export function sharedLimitsOf(config: Pick<Config, 'SHARED_LIMITS' | 'REDIS_URL' | 'DATABASE_URL'>): IdentitySettings['sharedLimits'] {
  const choice = config.SHARED_LIMITS === 'auto' ? (config.REDIS_URL ? 'redis' : config.DATABASE_URL ? 'postgres' : 'memory') : config.SHARED_LIMITS;
  if (choice === 'redis') {
    if (!config.REDIS_URL) throw new Error('Configurazione non valida / invalid configuration: SHARED_LIMITS=redis needs REDIS_URL');
    return { redisUrl: config.REDIS_URL };
  }
  return choice === 'postgres' ? { postgres: true } : undefined;
}

export function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // 'loopback', or addresses / CIDRs separated by commas
}
