import { randomUUID } from 'node:crypto';
import { getDeskSchedule } from '../catalog/catalog.repository.js';
import { generateSlots } from '../domain/schedule/plan.js';
import { addDays } from '../domain/schedule/time.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Db } from '../storage/db.js';

export interface DemoActivityOptions {
  /** Past days to fill, ending yesterday (Europe/Rome). Default 10. */
  days?: number;
  /** Share of each slot's places that get a booking, 0..1. Default 0.5. */
  fill?: number;
  /** Only these office codes (default: every office). */
  offices?: string[];
  /** Current time, epoch ms (tests). */
  now?: number;
  /** Seed of the pseudo-random sequence: the same seed gives the same activity. Default 9. */
  seed?: number;
}

export interface DemoActivitySummary {
  bookings: number;
  cancelled: number;
  resolved: number;
  noAnswer: number;
  calls: number;
  contacts: number;
}

/** mulberry32: a small deterministic generator, [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const REASONS = ['booked', 'moved', 'cancelled', 'short_answer', 'redirected', 'other'] as const;

/**
 * Demo activity so that the monitoring dashboard is not empty on `npm start`. **Past days
 * only** (every slot it fills ended before `now`): it never takes a place a citizen could
 * still book. For each active desk of the chosen offices and each slot of the last `days`
 * days that has no slot row yet (so running it again adds nothing), it creates, with a
 * deterministic sequence (`seed`):
 *  - bookings on about `fill` of the slot's places (source web, tax codes `DEMO…`), of which
 *    about 10 % cancelled;
 *  - for each booking not cancelled, a closed call assignment: about 82 % `resolved` with one
 *    answered call of 1.5–11.5 minutes (talk time, mean 6.5; about a quarter longer than 8 minutes),
 *    about 13 % `no_answer` with one unanswered call, the rest `needs_documents` (answered,
 *    counted as served);
 *  - reception contacts: 3 to 8 per province and working day, spread over every reason, by
 *    the first reception agent (none when there is no staff account yet).
 * Returns what it created.
 */
export async function seedDemoActivity(db: Db, options: DemoActivityOptions = {}): Promise<DemoActivitySummary> {
  const now = options.now ?? Date.now();
  const days = options.days ?? 10;
  const fill = options.fill ?? 0.5;
  const rand = prng(options.seed ?? 9);
  const today = toIsoWithOffset(now).slice(0, 10);
  const from = addDays(today, -days);
  const to = addDays(today, -1);
  const summary: DemoActivitySummary = { bookings: 0, cancelled: 0, resolved: 0, noAnswer: 0, calls: 0, contacts: 0 };
  if (days < 1) return summary;

  const desks = await db.query<{ id: string; officeId: string; officeCode: string; number: number }>(
    `SELECT d.id, d.office_id AS "officeId", o.code AS "officeCode", d.number
       FROM desk d JOIN office o ON o.id = d.office_id
      WHERE d.active AND ($1::text[] IS NULL OR o.code = ANY($1::text[]))
      ORDER BY o.code, d.number`,
    [options.offices ?? null],
  );
  let serial = Math.floor(rand() * 1_000_000);
  for (const desk of desks.rows) {
    const schedule = await getDeskSchedule(db, desk.id);
    if (!schedule) continue;
    const slots = generateSlots(schedule, from, to).filter((s) => s.endMs <= now);
    if (slots.length === 0) continue;
    await db.transaction(async (tx) => {
      const fresh = await tx.query<{ starts_at: Date }>(
        `INSERT INTO slot (desk_id, starts_at, ends_at, capacity)
         SELECT $1, s, e, c FROM unnest($2::timestamptz[], $3::timestamptz[], $4::int[]) AS t(s, e, c)
         ON CONFLICT DO NOTHING RETURNING starts_at`,
        [desk.id, slots.map((s) => new Date(s.startMs)), slots.map((s) => new Date(s.endMs)), slots.map((s) => s.places)],
      );
      const isFresh = new Set(fresh.rows.map((r) => new Date(r.starts_at).getTime()));
      const b = { id: [] as string[], start: [] as Date[], end: [] as Date[], status: [] as string[], code: [] as string[], tax: [] as string[], phone: [] as string[] };
      const c = { booking: [] as string[], day: [] as string[], start: [] as Date[], end: [] as Date[], outcome: [] as string[], answered: [] as boolean[], talk: [] as number[] };
      for (const slot of slots) {
        if (!isFresh.has(slot.startMs)) continue;
        for (let p = 0; p < slot.places; p++) {
          if (rand() >= fill) continue;
          const id = randomUUID();
          const cancelled = rand() < 0.1;
          serial += 1;
          let n = serial;
          let suffix = '';
          for (let i = 0; i < 5; i++) {
            suffix += CODE_ALPHABET[n % CODE_ALPHABET.length];
            n = Math.floor(n / CODE_ALPHABET.length);
          }
          b.id.push(id);
          b.start.push(new Date(slot.startMs));
          b.end.push(new Date(slot.endMs));
          b.status.push(cancelled ? 'cancelled' : 'booked');
          b.code.push(`${desk.officeCode}-${desk.number}-${suffix}`);
          b.tax.push(`DEMO${String(serial % 1e12).padStart(12, '0')}`);
          // one number per booking, as citizens have (the per-contact limit counts bookings per number)
          b.phone.push(`+3902${String(serial % 1e8).padStart(8, '0')}`);
          if (cancelled) {
            summary.cancelled += 1;
            continue;
          }
          const r = rand();
          const outcome = r < 0.82 ? 'resolved' : r < 0.95 ? 'no_answer' : 'needs_documents';
          // Talk time: 1.5..11.5 minutes, mean 6.5 (sum of two uniforms): about a quarter over 8 minutes.
          const talk = outcome === 'no_answer' ? 0 : 90 + Math.round((rand() + rand()) * 300);
          c.booking.push(id);
          c.day.push(slot.date);
          c.start.push(new Date(slot.startMs));
          c.end.push(new Date(slot.endMs));
          c.outcome.push(outcome);
          c.answered.push(outcome !== 'no_answer');
          c.talk.push(talk);
        }
      }
      if (b.id.length === 0) return;
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO booking (id, desk_id, starts_at, ends_at, status, code, tax_code, full_name, phone, pin_hash,
                              consent_at, created_at, booked_at, cancelled_at, cancel_reason)
         SELECT id, $1, s, e, st, code, tax, 'Cittadino dimostrativo', ph, 'demo',
                s - interval '3 days', s - interval '3 days', s - interval '3 days',
                CASE WHEN st = 'cancelled' THEN s - interval '1 day' END,
                CASE WHEN st = 'cancelled' THEN 'demo' END
           FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(id, s, e, st, code, tax, ph)
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [desk.id, b.id, b.start, b.end, b.status, b.code, b.tax, b.phone],
      );
      summary.bookings += inserted.rowCount;
      if (c.booking.length === 0) return;
      const assigned = await tx.query<{ outcome: string }>(
        `INSERT INTO call_assignment (booking_id, desk_id, day, starts_at, ends_at, state, attempts, outcome, closed_at)
         SELECT t.id, $1, t.day::date, t.s, t.e, 'done', 1, t.outcome, t.e
           FROM unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[]) AS t(id, day, s, e, outcome)
          WHERE EXISTS (SELECT 1 FROM booking WHERE booking.id = t.id)
         RETURNING outcome`,
        [desk.id, c.booking, c.day, c.start, c.end, c.outcome],
      );
      for (const a of assigned.rows) {
        if (a.outcome === 'no_answer') summary.noAnswer += 1;
        if (a.outcome === 'resolved') summary.resolved += 1;
      }
      const calls = await tx.query(
        `INSERT INTO call (booking_id, office_id, adapter, attempt, destination, state, cause, requested_at, ringing_at,
                           answered_at, ended_at, duration_seconds, talk_seconds, timing_source)
         SELECT t.id, $1, 'simulated', 1, '+390200000000', CASE WHEN t.answered THEN 'ended' ELSE 'failed' END,
                CASE WHEN t.answered THEN NULL ELSE 'no answer' END,
                t.s, t.s + interval '2 seconds',
                CASE WHEN t.answered THEN t.s + interval '10 seconds' END,
                t.s + make_interval(secs => CASE WHEN t.answered THEN 10 + t.talk ELSE 32 END),
                CASE WHEN t.answered THEN 10 + t.talk ELSE 32 END, t.talk, 'history'
           FROM unnest($2::uuid[], $3::timestamptz[], $4::boolean[], $5::int[]) AS t(id, s, answered, talk)
          WHERE EXISTS (SELECT 1 FROM booking WHERE booking.id = t.id)`,
        [desk.officeId, c.booking, c.start, c.answered, c.talk],
      );
      summary.calls += calls.rowCount;
    });
  }

  // Reception contacts per province and working day (Monday to Friday), by the first reception agent.
  const agent = await db.query<{ id: string }>(
    `SELECT u.id FROM staff_user u
      ORDER BY EXISTS (SELECT 1 FROM staff_grant g WHERE g.user_id = u.id AND g.role = 'reception_agent') DESC, u.created_at
      LIMIT 1`,
  ).catch(() => ({ rows: [] as { id: string }[] }));
  const agentId = agent.rows[0]?.id;
  const answer = await db.query<{ id: string }>('SELECT id FROM short_answer ORDER BY created_at LIMIT 1');
  const answerId = answer.rows[0]?.id;
  if (agentId) {
    const provinces = await db.query<{ code: string }>(
      `SELECT DISTINCT p.code FROM province p JOIN office o ON o.province_code = p.code
        WHERE ($1::text[] IS NULL OR o.code = ANY($1::text[])) ORDER BY p.code`,
      [options.offices ?? null],
    );
    const rows = { province: [] as string[], reason: [] as string[], at: [] as Date[], duration: [] as number[] };
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      for (const p of provinces.rows) {
        const count = 3 + Math.floor(rand() * 6);
        for (let i = 0; i < count; i++) {
          const reason = REASONS[Math.floor(rand() * REASONS.length)]!;
          if (reason === 'short_answer' && !answerId) continue;
          rows.province.push(p.code);
          rows.reason.push(reason);
          rows.at.push(new Date(`${d}T${String(8 + Math.floor(rand() * 5)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00Z`));
          rows.duration.push(30 + Math.floor(rand() * 400));
        }
      }
    }
    // Only contacts of days that have none yet in that province (running it again adds nothing).
    const r = await db.query(
      `INSERT INTO reception_contact (agent_id, province_code, reason, short_answer_id, duration_seconds, note, created_at)
       SELECT $1, t.p, t.r, CASE WHEN t.r = 'short_answer' THEN $2::uuid END, t.d, 'demo', t.at
         FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::int[]) AS t(p, r, at, d)
        WHERE NOT EXISTS (SELECT 1 FROM reception_contact c WHERE c.province_code = t.p AND c.note = 'demo'
                            AND c.created_at >= date_trunc('day', t.at) AND c.created_at < date_trunc('day', t.at) + interval '1 day')`,
      [agentId, answerId ?? null, rows.province, rows.reason, rows.at, rows.duration],
    );
    summary.contacts = r.rowCount;
  }
  return summary;
}
