import { randomUUID } from 'node:crypto';
import { getDeskSchedule } from '../catalog/index.js';
import { makeBookingCode } from '../domain/booking/booking-code.js';
import { generateSlots } from '../domain/schedule/plan.js';
import { addDays } from '../domain/schedule/time.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Db } from '../storage/db.js';
import { seedDemoRefusals, type DeskDays } from './seed-demo-refusals.js';

export interface DemoActivityOptions {
  /** Past days to fill, ending yesterday (Europe/Rome). Default 10 (`npm start` asks for DEMO_ACTIVITY_DAYS, 21: the planner's forecast and its held-out weeks). */
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
  /** Requests refused because the desk was full (seed-demo-refusals.ts). */
  refusals: number;
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
 *    answered call, about 13 % `no_answer` with one unanswered call, the rest `needs_documents`
 *    (answered, counted as served); each booked 1 to 3 days before its slot. An answered call has every phase of its handling time
 *    (issue 23, docs/planning.md): reaching the citizen 5–35 s; identification 30–90 s, but
 *    120–300 s for about one citizen in five (elderly callers, representatives: a slower group);
 *    the conversation after it 2–9 minutes (mean 4.5), 3–10 minutes at civil-invalidity desks
 *    (mean 6.5); after-call work 20–120 s; with its passed identity check in the call. The
 *    total is about 7.5 minutes on average, so a good share overruns 8-minute slots;
 *  - requests refused because the desk was full, on the days each desk was open (seed-demo-refusals.ts);
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
  const summary: DemoActivitySummary = { bookings: 0, cancelled: 0, resolved: 0, noAnswer: 0, calls: 0, contacts: 0, refusals: 0 };
  if (days < 1) return summary;

  const desks = await db.query<{ id: string; officeId: string; officeCode: string; number: number; key: string }>(
    `SELECT d.id, d.office_id AS "officeId", o.code AS "officeCode", d.number, d.key
       FROM desk d JOIN office o ON o.id = d.office_id
      WHERE d.active AND ($1::text[] IS NULL OR o.code = ANY($1::text[]))
      ORDER BY o.code, d.number`,
    [options.offices ?? null],
  );
  let serial = Math.floor(rand() * 1_000_000);
  const openDays: DeskDays[] = [];
  for (const desk of desks.rows) {
    const schedule = await getDeskSchedule(db, desk.id);
    if (!schedule) continue;
    const slots = generateSlots(schedule, from, to).filter((s) => s.endMs <= now);
    if (slots.length === 0) continue;
    openDays.push({ deskId: desk.id, dates: [...new Set(slots.map((s) => s.date))] });
    await db.transaction(async (tx) => {
      const fresh = await tx.query<{ starts_at: Date }>(
        `INSERT INTO slot (desk_id, starts_at, ends_at, capacity)
         SELECT $1, s, e, c FROM unnest($2::timestamptz[], $3::timestamptz[], $4::int[]) AS t(s, e, c)
         ON CONFLICT DO NOTHING RETURNING starts_at`,
        [desk.id, slots.map((s) => new Date(s.startMs)), slots.map((s) => new Date(s.endMs)), slots.map((s) => s.places)],
      );
      const isFresh = new Set(fresh.rows.map((r) => new Date(r.starts_at).getTime()));
      const b = { id: [] as string[], start: [] as Date[], end: [] as Date[], status: [] as string[], code: [] as string[], tax: [] as string[], phone: [] as string[], lead: [] as number[] };
      const c = {
        booking: [] as string[], day: [] as string[], start: [] as Date[], end: [] as Date[], outcome: [] as string[], answered: [] as boolean[], talk: [] as number[],
        call: [] as string[], reach: [] as number[], ident: [] as number[], wrap: [] as number[],
      };
      const longer = desk.key.includes('invalidita');
      for (const slot of slots) {
        if (!isFresh.has(slot.startMs)) continue;
        for (let p = 0; p < slot.places; p++) {
          if (rand() >= fill) continue;
          const id = randomUUID();
          const cancelled = rand() < 0.1;
          serial += 1;
          // The booking-code format of every booking, with the serial's digits as the "random" draws (unique codes).
          let n = serial;
          const code = makeBookingCode(desk.officeCode, desk.number, (base) => {
            const digit = n % base;
            n = Math.floor(n / base);
            return digit;
          });
          b.id.push(id);
          b.start.push(new Date(slot.startMs));
          b.end.push(new Date(slot.endMs));
          b.status.push(cancelled ? 'cancelled' : 'booked');
          b.code.push(code);
          b.tax.push(`DEMO${String(serial % 1e12).padStart(12, '0')}`);
          // one number per booking, as citizens have (the per-contact limit counts bookings per number)
          b.phone.push(`+3902${String(serial % 1e8).padStart(8, '0')}`);
          b.lead.push(1 + Math.floor(rand() * 3));
          if (cancelled) {
            summary.cancelled += 1;
            continue;
          }
          const r = rand();
          const outcome = r < 0.82 ? 'resolved' : r < 0.95 ? 'no_answer' : 'needs_documents';
          const answered = outcome !== 'no_answer';
          // The phases of the handling time (seconds), see above.
          const reach = answered ? 5 + Math.round(rand() * 30) : 32;
          const ident = rand() < 0.2 ? 120 + Math.round(rand() * 180) : 30 + Math.round(rand() * 60);
          const conversation = longer ? 180 + Math.round((rand() + rand()) * 210) : 120 + Math.round((rand() + rand()) * 150);
          const talk = answered ? ident + conversation : 0;
          c.call.push(randomUUID());
          c.reach.push(reach);
          c.ident.push(answered ? ident : 0);
          c.wrap.push(answered ? 20 + Math.round(rand() * 100) : 15);
          // Booked 1 to 6 days before the slot.
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
                s - make_interval(days => lead), s - make_interval(days => lead), s - make_interval(days => lead),
                CASE WHEN st = 'cancelled' THEN s - interval '12 hours' END,
                CASE WHEN st = 'cancelled' THEN 'demo' END
           FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[]) AS t(id, s, e, st, code, tax, ph, lead)
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [desk.id, b.id, b.start, b.end, b.status, b.code, b.tax, b.phone, b.lead],
      );
      summary.bookings += inserted.rowCount;
      if (c.booking.length === 0) return;
      const assigned = await tx.query<{ outcome: string }>(
        `INSERT INTO call_assignment (booking_id, desk_id, day, starts_at, ends_at, state, attempts, outcome, closed_at)
         SELECT t.id, $1, t.day::date, t.s, t.e, 'done', 1, t.outcome,
                t.s + make_interval(secs => t.reach + t.talk + t.wrap)
           FROM unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::int[], $8::int[], $9::int[]) AS t(id, day, s, e, outcome, reach, talk, wrap)
          WHERE EXISTS (SELECT 1 FROM booking WHERE booking.id = t.id)
         RETURNING outcome`,
        [desk.id, c.booking, c.day, c.start, c.end, c.outcome, c.reach, c.talk, c.wrap],
      );
      for (const a of assigned.rows) {
        if (a.outcome === 'no_answer') summary.noAnswer += 1;
        if (a.outcome === 'resolved') summary.resolved += 1;
      }
      const calls = await tx.query(
        `INSERT INTO call (id, booking_id, office_id, adapter, attempt, destination, state, cause, requested_at, ringing_at,
                           answered_at, identified_at, ended_at, wrapped_at, duration_seconds, talk_seconds, timing_source)
         SELECT t.cid, t.id, $1, 'simulated', 1, '+390200000000', CASE WHEN t.answered THEN 'ended' ELSE 'failed' END,
                CASE WHEN t.answered THEN NULL ELSE 'no answer' END,
                t.s, t.s + interval '2 seconds',
                CASE WHEN t.answered THEN t.s + make_interval(secs => t.reach) END,
                CASE WHEN t.answered THEN t.s + make_interval(secs => t.reach + t.ident) END,
                t.s + make_interval(secs => t.reach + t.talk),
                t.s + make_interval(secs => t.reach + t.talk + t.wrap),
                t.reach + t.talk, t.talk, 'history'
           FROM unnest($2::uuid[], $3::timestamptz[], $4::boolean[], $5::int[], $6::uuid[], $7::int[], $8::int[], $9::int[])
                AS t(id, s, answered, talk, cid, reach, ident, wrap)
          WHERE EXISTS (SELECT 1 FROM booking WHERE booking.id = t.id)`,
        [desk.officeId, c.booking, c.start, c.answered, c.talk, c.call, c.reach, c.ident, c.wrap],
      );
      summary.calls += calls.rowCount;
      // The identity check passed in each answered call, when the identification ended.
      await tx.query(
        `INSERT INTO identity_check (booking_id, call_id, at, tax_code_ok, result)
         SELECT c.booking_id, c.id, c.identified_at, true, 'ok' FROM call c
          WHERE c.id = ANY($1::uuid[]) AND c.identified_at IS NOT NULL`,
        [c.call],
      );
    });
  }

  // Its own sequence, so that the bookings and calls above stay those of the seed.
  summary.refusals = await seedDemoRefusals(db, openDays, prng((options.seed ?? 9) + 7));

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
