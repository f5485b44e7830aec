// Helpers for the identity tests: a server with chosen identity settings, staff accounts
// created directly, and a tiny cookie-keeping HTTP client.
import { seedDemo } from '../../src/app.js';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { fairAccess, type FairAccessSettings } from '../../src/booking/fair-access.js';
import { buildServer } from '../../src/http/server.js';
import { hashPassword } from '../../src/users/password.js';
import { createSession } from '../../src/auth/sessions.js';
import { defaultIdentitySettings, DEV_AUTH_SECRET, type IdentitySettings } from '../../src/auth/settings.js';
import { createUser, replaceGrants, resolveGrantRefs } from '../../src/users/staff.repository.js';
import type { GrantRef } from '../../src/users/role-mapping.js';
import type { Db } from '../../src/storage/db.js';
import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from '../support/databases.js';
import { TEST_FAIR_ACCESS } from '../support/server.js';

export interface IdentityTestServer {
  url: string;
  db: Db;
  app: FastifyInstance;
  settings: IdentitySettings;
  close(): Promise<void>;
}

/** Generous rate limits unless a test is about them. */
export function testSettings(overrides: Partial<IdentitySettings> = {}): IdentitySettings {
  return defaultIdentitySettings({
    rateLimits: {
      login: { max: 10_000, timeWindow: 60_000 },
      lookup: { max: 10_000, timeWindow: 60_000 },
      lookupPerTaxCode: { max: 10_000, timeWindow: 60_000 },
      booking: { max: 0, timeWindow: 60_000 },
    },
    ...overrides,
  });
}

export async function startIdentityServer(
  database: TestDatabase,
  settings: IdentitySettings = testSettings(),
  options: { db?: Db; logger?: any; fairAccess?: Partial<FairAccessSettings> } = {},
): Promise<IdentityTestServer> {
  const db = options.db ?? (await database.open());
  if (!options.db) await seedDemo(db);
  const secret = deriveBookingSecret(DEV_AUTH_SECRET);
  const booking = bookingDeps(db, secret, { fairAccess: fairAccess(secret, { ...TEST_FAIR_ACCESS, ...options.fairAccess }) });
  const app = await buildServer({ db, booking, identity: settings, logger: options.logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    app,
    settings,
    async close() {
      await app.close();
      if (!options.db) await db.close();
    },
  };
}

let hashCache: Map<string, Promise<string>> | undefined;
function cachedHash(password: string): Promise<string> {
  hashCache ??= new Map();
  let h = hashCache.get(password);
  if (!h) {
    h = hashPassword(password);
    hashCache.set(password, h);
  }
  return h;
}

export async function createStaff(
  db: Db,
  u: { username: string; password?: string; grants?: GrantRef[]; totpSecret?: string | null; settings?: IdentitySettings },
): Promise<string> {
  const settings = u.settings ?? defaultIdentitySettings();
  return db.transaction(async (tx) => {
    const id = await createUser(tx, {
      username: u.username,
      displayName: u.username,
      passwordHash: u.password ? await cachedHash(u.password) : null,
      totpSecret: u.totpSecret ? settings.secrets.encrypt(u.totpSecret) : null,
    });
    const { grants, unknown } = await resolveGrantRefs(tx, u.grants ?? []);
    if (unknown.length) throw new Error(`unknown places: ${JSON.stringify(unknown)}`);
    await replaceGrants(tx, id, grants, 'local');
    return id;
  });
}

/** A signed-in session made directly in the database (skips password and TOTP). */
export async function sessionCookie(db: Db, settings: IdentitySettings, s: { userId?: string; taxCode?: string }): Promise<{ cookie: string; csrf: string }> {
  const { token, csrfToken } = await createSession(db, settings, s.userId
    ? { kind: 'staff', userId: s.userId, method: 'password' }
    : { kind: 'citizen', taxCode: s.taxCode!, citizenName: 'Mario Rossi', method: 'oidc' });
  return { cookie: `sportello_session=${token}`, csrf: csrfToken };
}

export interface Res {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** Keeps cookies like a browser (one origin), sends the CSRF token once it knows it. */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrf: string | null = null;

  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    if (body !== undefined) h['content-type'] = 'application/json';
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    const url = path.startsWith('http') ? path : this.base + path;
    const res = await fetch(url, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    if (url.startsWith(this.base)) this.keep(res.headers);
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    if (parsed && typeof parsed === 'object' && typeof parsed.csrfToken === 'string') this.csrf = parsed.csrfToken;
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  /** An HTML form post (application/x-www-form-urlencoded), like a browser's. */
  async form(path: string, data: Record<string, string>): Promise<Res> {
    const url = path.startsWith('http') ? path : this.base + path;
    const h: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    const res = await fetch(url, { method: 'POST', headers: h, body: new URLSearchParams(data).toString(), redirect: 'manual' });
    this.keep(res.headers);
    return { status: res.status, headers: res.headers, body: null, text: await res.text() };
  }

  /** Follows redirects while they stay on this origin; returns the first answer that leaves it (or is final). */
  async follow(first: Res): Promise<Res> {
    let res = first;
    for (let i = 0; i < 20 && res.status >= 300 && res.status < 400; i++) {
      const next = new URL(res.headers.get('location')!, this.base).href;
      if (!next.startsWith(this.base)) return res;
      res = await this.get(next);
    }
    return res;
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body ?? {}, headers);
  }
}
