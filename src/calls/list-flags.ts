import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { maskPhone } from '../booking/index.js';
import { authorize, can, type Actor } from '../policy/index.js';
import { loadAssignment, placeOf } from './calls.repository.js';
import { callErrors, ZONE, type CallsDeps } from './deps.js';
import type { z } from 'zod';
import type { bookingHistory as historyView, flagList } from './routes.schema.js';
import type { CallState } from '../adapters/telephony/port.js';
import type { Outcome } from '../domain/calls/call-rules.js';

type Staff = Extract<Actor, { kind: 'staff' }>;
const iso = (d: Date | null) => (d ? toIsoWithOffset(new Date(d).getTime(), ZONE) : null);

/** Bookings flagged for the URP (repeated failed identity checks, locked PIN), in the actor's places, newest first. */
export async function listFlags(deps: CallsDeps, actor: Staff, input: { days?: number | undefined } = {}): Promise<z.output<typeof flagList>> {
  const days = input.days ?? 30;
  const r = await deps.db.query<{
    booking_id: string; code: string; desk_id: string; office_id: string; province_code: string; region_code: string;
    desk_name: string; office_name: string; flagged_at: Date; flag_reason: string; identity_failures: number;
    starts_at: Date; full_name: string | null; phone: string | null; operator: string | null; outcome: Outcome | null;
  }>(
    `SELECT a.booking_id, b.code, a.desk_id, o.id AS office_id, o.province_code, p.region_code, d.name_it AS desk_name, o.name AS office_name,
            a.flagged_at, a.flag_reason, a.identity_failures, a.starts_at, b.full_name, b.phone, u.username AS operator, a.outcome
       FROM call_assignment a JOIN booking b ON b.id = a.booking_id JOIN desk d ON d.id = a.desk_id
       JOIN office o ON o.id = d.office_id JOIN province p ON p.code = o.province_code
       LEFT JOIN staff_user u ON u.id = a.operator_id
      WHERE a.flagged_at IS NOT NULL AND a.flagged_at > now() - make_interval(days => $1)
      ORDER BY a.flagged_at DESC LIMIT 500`,
    [days],
  );
  const items = r.rows
    .filter((x) => can(actor, 'staff.monitoring.read', { deskId: x.desk_id, officeId: x.office_id, provinceCode: x.province_code, regionCode: x.region_code }))
    .map((x) => ({
      bookingId: x.booking_id, code: x.code, desk: x.desk_name, office: x.office_name, provinceCode: x.province_code,
      flaggedAt: iso(x.flagged_at), reason: x.flag_reason, identityFailures: x.identity_failures, start: iso(x.starts_at),
      citizen: x.full_name, phone: x.phone ? maskPhone(x.phone) : null, operator: x.operator, outcome: x.outcome,
    }));
  return { items };
}

/** Every step of a booking's history (booking engine and console), for the operator and the URP. */
export async function bookingHistory(deps: CallsDeps, actor: Staff, bookingId: string): Promise<z.output<typeof historyView>> {
  const a = await loadAssignment(deps.db, bookingId);
  if (!a) throw callErrors.bookingNotFound();
  const place = placeOf(a);
  if (!can(actor, 'staff.agenda.read', place)) authorize(actor, 'staff.monitoring.read', place);
  const ev = await deps.db.query<{ at: Date; kind: string; actor: string; detail: string | null; username: string | null }>(
    `SELECT e.at, e.kind, e.actor, e.detail, u.username
       FROM booking_event e
       LEFT JOIN staff_user u ON e.actor LIKE 'staff:%' AND u.id::text = substr(e.actor, 7)
      WHERE e.booking_id = $1 ORDER BY e.id`, [bookingId],
  );
  const calls = await deps.db.query<{ id: string; attempt: number; adapter: string; state: CallState; cause: string | null; requested_at: Date; answered_at: Date | null; ended_at: Date | null; duration_seconds: number | null; talk_seconds: number | null; timing_source: string }>(
    'SELECT id, attempt, adapter, state, cause, requested_at, answered_at, ended_at, duration_seconds, talk_seconds, timing_source FROM call WHERE booking_id = $1 ORDER BY requested_at', [bookingId],
  );
  return {
    code: a.code,
    steps: ev.rows.map((e) => ({ at: iso(e.at)!, kind: e.kind, actor: e.username ? `staff:${e.username}` : e.actor, detail: e.detail })),
    calls: calls.rows.map((c) => ({
      id: c.id, attempt: c.attempt, adapter: c.adapter, state: c.state, cause: c.cause, start: iso(c.requested_at), answeredAt: iso(c.answered_at), endedAt: iso(c.ended_at),
      durationSeconds: c.duration_seconds, talkSeconds: c.talk_seconds, timingSource: c.timing_source,
    })),
    identityFailures: a.identityFailures,
    identityWaiver: a.identityWaiver,
    flagged: !!a.flaggedAt,
    outcome: a.outcome,
  };
}
