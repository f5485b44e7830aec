// Helpers of the operator-console tests: a server on a movable clock, a test office with
// bookings today, staff sessions, and a small JSON client.
import { romeTime, workingDay } from '../support/clock.js';
import { seedDemo } from '../../src/app.js';
import { bookPlace } from '../../src/booking/book-place.js';
import { bookingDeps, deriveBookingSecret, type BookingDeps } from '../../src/booking/deps.js';
import { buildServer, type ServerOptions } from '../../src/http/server.js';
import { DEV_AUTH_SECRET } from '../../src/auth/settings.js';
import type { GrantRef } from '../../src/users/role-mapping.js';
import type { Db } from '../../src/storage/db.js';
import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { createStaff, sessionCookie, testSettings } from './identity-support.js';
import type { CallsOptions } from '../../src/calls/routes.js';
import type { VideoOptions } from '../../src/video/index.js';
import type { DocumentSettings } from '../../src/documents/index.js';

export interface Clock {
  now: number;
}

export interface CallsServer {
  url: string;
  db: Db;
  app: FastifyInstance;
  clock: Clock;
  booking: BookingDeps;
  deskId: string;
  officeId: string;
  close(): Promise<void>;
}

/** The tests' "today": a working day chosen once per run (test/support/clock.ts), never the day they run. */
export const TODAY = workingDay();

/** The tests' today (Europe/Rome) at hh:mm, as epoch ms. */
export function todayAt(hh: number, mm = 0): number {
  return romeTime(TODAY, hh, mm);
}

export async function startCallsServer(database: TestDatabase, o: { db?: Db; calls?: CallsOptions; officeCode?: string; webRoot?: string; video?: VideoOptions; documents?: Partial<DocumentSettings>; monitoring?: ServerOptions['monitoring'] } = {}): Promise<CallsServer> {
  const db = o.db ?? (await database.open());
  const clock: Clock = { now: todayAt(9) };
  const code = o.officeCode ?? 'TT01';
  let deskId: string;
  if (!o.db) {
    await seedDemo(db);
    deskId = (await createTestDesk(db, { code, slotMinutes: 10, places: 2, minNoticeMinutes: 0 })).deskId;
  } else {
    deskId = (await db.query<{ id: string }>("SELECT d.id FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = $1 AND d.key = 'prova'", [code])).rows[0]!.id;
  }
  const officeId = (await db.query<{ office_id: string }>('SELECT office_id FROM desk WHERE id = $1', [deskId])).rows[0]!.office_id;
  const booking = bookingDeps(db, deriveBookingSecret(DEV_AUTH_SECRET), { now: () => clock.now });
  const app = await buildServer({ db, booking, identity: testSettings(), webRoot: o.webRoot, calls: { now: () => clock.now, ...o.calls }, now: () => clock.now, ...(o.video ? { video: o.video } : {}), ...(o.documents ? { documents: o.documents } : {}), ...(o.monitoring ? { monitoring: o.monitoring } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`, db, app, clock, booking, deskId, officeId,
    async close() {
      await app.close();
      if (!o.db) await db.close();
    },
  };
}

let seq = 0;
/** Books `n` places today from hh:mm on (two per 10-minute slot), returns code, PIN and tax code of each. */
export async function bookToday(s: CallsServer, n: number, from = { hh: 10, mm: 0 }): Promise<{ id: string; code: string; pin: string; taxCode: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const k = seq++;
    const taxCode = taxCodeFor(5000 + k);
    const startMs = todayAt(from.hh, from.mm) + Math.floor(i / 2) * 10 * 60_000;
    const made = await bookPlace(s.booking, {
      deskId: s.deskId, startMs, channel: 'phone', source: 'staff', actor: 'system',
      taxCode, fullName: `Cittadino ${k}`, phone: `+39333${String(1000000 + k).slice(-7)}`, language: 'it', consent: true,
    });
    const id = (await s.db.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [made.booking.code])).rows[0]!.id;
    out.push({ id, code: made.booking.code, pin: made.pin, taxCode });
  }
  return out;
}

export interface Client {
  userId: string;
  get(path: string): Promise<{ status: number; body: any }>;
  send(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: any }>;
  cookie: string;
}

export async function staffClient(s: CallsServer, username: string, grants: GrantRef[], password?: string): Promise<Client> {
  const userId = await createStaff(s.db, { username, grants, ...(password ? { password } : {}) });
  const { cookie, csrf } = await sessionCookie(s.db, testSettings(), { userId });
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { cookie, accept: 'application/json' };
    if (method !== 'GET') headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(s.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return { userId, cookie, get: (p) => call('GET', p), send: (m, p, b) => call(m, p, b ?? {}) };
}

export const operatorOf = (code = 'TT01'): GrantRef[] => [{ role: 'desk_operator', scope: { kind: 'office', code } }];

/** Moves the server's clock to a booking's slot start (plus `afterMs`): calls are refused outside their window. */
export function atSlot(s: CallsServer, item: { start: string }, afterMs = 0): void {
  s.clock.now = Date.parse(item.start) + afterMs;
}

/** Polls until `check` returns a value (or fails after `ms`). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function setTelephony(s: CallsServer, adapter: string, settings: Record<string, unknown> = {}, policy: Record<string, unknown> = {}): Promise<void> {
  await s.db.query(
    `INSERT INTO office_telephony (office_id, adapter, settings, max_attempts, retry_delay_minutes, retry_window_minutes, identity_flag_failures)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)
     ON CONFLICT (office_id) DO UPDATE SET adapter = EXCLUDED.adapter, settings = EXCLUDED.settings, max_attempts = EXCLUDED.max_attempts,
       retry_delay_minutes = EXCLUDED.retry_delay_minutes, retry_window_minutes = EXCLUDED.retry_window_minutes,
       identity_flag_failures = EXCLUDED.identity_flag_failures, updated_at = clock_timestamp()`,
    [s.officeId, adapter, JSON.stringify(settings), policy.maxAttempts ?? 3, policy.retryDelayMinutes ?? 3, policy.retryWindowMinutes ?? 30, policy.identityFlagFailures ?? 3],
  );
}
