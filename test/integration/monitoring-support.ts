import type { FastifyInstance } from 'fastify';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { importOffices } from '../../src/catalog/import-offices.js';
import { parseOfficeFile } from '../../src/catalog/parse-office-file.js';
import { toIsoWithOffset } from '../../src/domain/schedule/zone.js';
import { buildServer } from '../../src/http/server.js';
import { fairAccess } from '../../src/booking/fair-access.js';
import { TEST_FAIR_ACCESS } from '../support/server.js';
import { DEV_AUTH_SECRET } from '../../src/auth/settings.js';
import type { MonitoringDeps } from '../../src/monitoring/deps.js';
import type { Db } from '../../src/storage/db.js';
import type { TestDatabase } from '../support/databases.js';
import { createStaff, sessionCookie, testSettings } from './identity-support.js';

/**
 * A small known tree for the monitoring tests: region LOM; province TT with office TT01
 * (desk A: 8-minute slots 09:00–09:40 × 2 places = 10 places a day, plus an extra opening
 * 00:00–00:40 × 2 on Sunday 29 March 2026, the day of the DST change; desk B: 10-minute
 * slots 09:00–10:00 × 1 = 6 a day); province UU with office UU01 (desk C: 8-minute slots
 * 09:00–09:40 × 1 = 5 a day, closed 2–10 April 2026). Every desk is open every day, no notice.
 */
export const TREE = {
  region: { code: 'LOM', name: 'Lombardia' },
  provinces: [
    { code: 'TT', name: 'Prova', capital: 'Provalandia' },
    { code: 'UU', name: 'Altra', capital: 'Altrove' },
  ],
  offices: [
    {
      province: 'TT', code: 'TT01', kind: 'agenzia', name: 'Sede TT01', town: 'Provalandia',
      desks: [
        {
          key: 'alfa', number: 1, name: 'Sportello A', nameEn: 'Desk A', slotMinutes: 8, horizonDays: 30, minNoticeMinutes: 0,
          weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '09:00', to: '09:40', places: 2 })),
          exceptions: [{ date: '2026-03-29', kind: 'extra', from: '00:00', to: '00:40', places: 2 }],
        },
        {
          key: 'beta', number: 2, name: 'Sportello B', nameEn: 'Desk B', slotMinutes: 10, horizonDays: 30, minNoticeMinutes: 0,
          weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '09:00', to: '10:00', places: 1 })),
        },
      ],
    },
    {
      province: 'UU', code: 'UU01', kind: 'agenzia', name: 'Sede UU01', town: 'Altrove',
      desks: [
        {
          key: 'gamma', number: 1, name: 'Sportello C', nameEn: 'Desk C', slotMinutes: 8, horizonDays: 30, minNoticeMinutes: 0,
          weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '09:00', to: '09:40', places: 1 })),
          exceptions: ['02', '03', '04', '05', '06', '07', '08', '09', '10'].map((d) => ({ date: `2026-04-${d}`, kind: 'closed' })),
        },
      ],
    },
  ],
};

export async function loadTree(db: Db): Promise<Record<'A' | 'B' | 'C', { deskId: string; officeId: string; officeCode: string }>> {
  const parsed = parseOfficeFile(JSON.stringify(TREE), 'json');
  if (!parsed.content) throw new Error(JSON.stringify(parsed.problems));
  await importOffices(db, parsed.content);
  const r = await db.query<{ key: string; deskId: string; officeId: string; officeCode: string }>(
    `SELECT d.key, d.id AS "deskId", o.id AS "officeId", o.code AS "officeCode" FROM desk d JOIN office o ON o.id = d.office_id
      WHERE o.code IN ('TT01', 'UU01')`,
  );
  const by = (k: string) => r.rows.find((x) => x.key === k)!;
  return { A: by('alfa'), B: by('beta'), C: by('gamma') };
}

let serial = 0;
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export interface ActivityOptions {
  status?: 'booked' | 'cancelled';
  /** Closed call assignment with this outcome. */
  outcome?: 'resolved' | 'no_answer' | 'wrong_number' | 'cancelled_by_citizen' | 'second_level' | 'needs_documents';
  /** One answered call of this talk time (seconds), ended. */
  talk?: number;
  /** One call not answered (failed). */
  unanswered?: boolean;
  /** A call under way now (answered, not ended), by this operator; the assignment in_call. */
  inCallBy?: string;
  flagged?: boolean;
}

/** One booking (and its slot row, call assignment and calls) written straight to the tables. */
export async function addBooking(db: Db, desk: { deskId: string; officeId: string; officeCode: string }, startUtc: string, minutes: number, o: ActivityOptions = {}): Promise<{ id: string; code: string }> {
  serial += 1;
  let n = serial * 7919;
  let suffix = '';
  for (let i = 0; i < 5; i++) {
    suffix += ALPHABET[n % ALPHABET.length];
    n = Math.floor(n / ALPHABET.length);
  }
  const code = `${desk.officeCode}-1-${suffix}`;
  const start = new Date(startUtc);
  const end = new Date(start.getTime() + minutes * 60_000);
  await db.query('INSERT INTO slot (desk_id, starts_at, ends_at, capacity) VALUES ($1, $2, $3, 10) ON CONFLICT DO NOTHING', [desk.deskId, start, end]);
  const b = await db.query<{ id: string }>(
    `INSERT INTO booking (desk_id, starts_at, ends_at, status, code, tax_code, full_name, phone, pin_hash, consent_at, booked_at, cancelled_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'Persona di prova', '+390200000001', 'x', now(), now(), CASE WHEN $4 = 'cancelled' THEN now() END)
     RETURNING id`,
    [desk.deskId, start, end, o.status ?? 'booked', code, `TEST${String(serial).padStart(12, '0')}`],
  );
  const id = b.rows[0]!.id;
  const day = toIsoWithOffset(start.getTime()).slice(0, 10);
  if (o.outcome || o.inCallBy || o.talk !== undefined || o.unanswered) {
    const state = o.outcome ? 'done' : o.inCallBy ? 'in_call' : 'waiting';
    await db.query(
      `INSERT INTO call_assignment (booking_id, desk_id, day, starts_at, ends_at, operator_id, state, attempts, outcome, flagged_at, flag_reason, closed_at)
       VALUES ($1, $2, $3::date, $4, $5::timestamptz, $6, $7, 1, $8::text, CASE WHEN $9::boolean THEN now() END, CASE WHEN $9::boolean THEN 'identity_failures' END, CASE WHEN $8::text IS NOT NULL THEN $5::timestamptz END)`,
      [id, desk.deskId, day, start, end, o.inCallBy ?? null, state, o.outcome ?? null, !!o.flagged],
    );
  }
  if (o.talk !== undefined) {
    await db.query(
      `INSERT INTO call (booking_id, office_id, adapter, attempt, destination, state, requested_at, answered_at, ended_at, duration_seconds, talk_seconds)
       VALUES ($1, $2, 'simulated', 1, '+390200000001', 'ended', $3::timestamptz, $3::timestamptz + interval '5 seconds', $3::timestamptz + make_interval(secs => 5 + $4::int), 5 + $4::int, $4::int)`,
      [id, desk.officeId, start, o.talk],
    );
  }
  if (o.unanswered) {
    await db.query(
      `INSERT INTO call (booking_id, office_id, adapter, attempt, destination, state, requested_at, ended_at, duration_seconds, talk_seconds)
       VALUES ($1, $2, 'simulated', 1, '+390200000001', 'failed', $3::timestamptz, $3::timestamptz + interval '30 seconds', 30, 0)`,
      [id, desk.officeId, start],
    );
  }
  if (o.inCallBy) {
    await db.query(
      `INSERT INTO call (booking_id, office_id, operator_id, adapter, attempt, destination, state, requested_at, answered_at)
       VALUES ($1, $2, $3, 'simulated', 1, '+390200000001', 'answered', $4::timestamptz, $4::timestamptz + interval '5 seconds')`,
      [id, desk.officeId, o.inCallBy, start],
    );
  }
  return { id, code };
}

export async function addContact(db: Db, agentId: string, province: string, reason: string, atUtc: string, bookingCode?: string): Promise<void> {
  await db.query(
    'INSERT INTO reception_contact (agent_id, province_code, reason, booking_code, duration_seconds, created_at) VALUES ($1, $2, $3, $4, 60, $5)',
    [agentId, province, reason, bookingCode ?? null, new Date(atUtc)],
  );
}

export interface MonitoringServer {
  app: FastifyInstance;
  url: string;
  deps: MonitoringDeps;
  /** Cookie and CSRF headers of a staff member with these grants. */
  as(username: string, grants: Parameters<typeof createStaff>[1]['grants']): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function startMonitoringServer(db: Db, now: number, options: { pushSeconds?: number; metricsToken?: string; eventsSettleSeconds?: number } = {}): Promise<MonitoringServer> {
  const settings = testSettings();
  const secret = deriveBookingSecret(DEV_AUTH_SECRET);
  const booking = bookingDeps(db, secret, { now: () => now, fairAccess: fairAccess(secret, TEST_FAIR_ACCESS) });
  const app = await buildServer({ db, booking, identity: settings, monitoring: { pushSeconds: options.pushSeconds ?? 1, metricsToken: options.metricsToken, eventsSettleSeconds: options.eventsSettleSeconds ?? 0 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    deps: { db, booking, now: () => now, pushSeconds: 1 },
    async as(username, grants) {
      const id = await createStaff(db, { username, grants });
      const s = await sessionCookie(db, settings, { userId: id });
      return { cookie: s.cookie, 'x-csrf-token': s.csrf };
    },
    async close() {
      await app.close();
    },
  };
}

export type { TestDatabase };
