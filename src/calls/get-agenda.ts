import { dutyFromRoster } from './roster-duty.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { can, type Actor } from '../policy/index.js';
import { DEFAULT_POLICY, officeTelephony, type OfficeTelephony } from '../adapters/telephony/registry.js';
import { callWindow, DEFAULT_EARLY_CALL_MINUTES } from '../domain/calls/call-rules.js';
import { callTiming, type CallTiming } from './call-truth.js';
import { deskDocumentLists } from './desk-documents.js';
import { allDeskPlaces, ASSIGNMENT_SELECT, type AssignmentRow } from './calls.repository.js';
import { romeDay, ZONE, type CallsDeps } from './deps.js';
import type { Queryable } from '../storage/db.js';
import { syncDeskAgenda } from './sync-agenda.js';
import type { z } from 'zod';
import type { agendaItem, callView, operatorAgenda } from './routes.schema.js';
import type { CallState } from '../adapters/telephony/port.js';

type Staff = Extract<Actor, { kind: 'staff' }>;
const iso = (d: Date | null | undefined) => (d ? toIsoWithOffset(new Date(d).getTime(), ZONE) : null);

/** A call as the console shows it: the routes' `callView`. */
export type CallView = z.output<typeof callView>;

export interface CallRow {
  id: string; booking_id: string; adapter: string; attempt: number; state: CallState; cause: string | null; cause_code: number | null;
  destination: string; requested_at: Date; ringing_at: Date | null; answered_at: Date | null; ended_at: Date | null;
  duration_seconds: number | null; talk_seconds: number | null; timing_source: string; operator_id: string | null;
  external_id: string | null; office_id: string; extension: string | null;
}

export function presentCall(c: CallRow): CallView {
  return {
    id: c.id, adapter: c.adapter, attempt: c.attempt, state: c.state, cause: c.cause, causeCode: c.cause_code, destination: c.destination,
    requestedAt: iso(c.requested_at), ringingAt: iso(c.ringing_at), answeredAt: iso(c.answered_at), endedAt: iso(c.ended_at),
    durationSeconds: c.duration_seconds, talkSeconds: c.talk_seconds, timingSource: c.timing_source,
  };
}

/** A booking of an agenda: the routes' `agendaItem`. */
export type AgendaItemView = z.output<typeof agendaItem>;

export function presentItem(a: AssignmentRow, lastCall: CallRow | undefined, calls: number): AgendaItemView {
  return {
    bookingId: a.bookingId,
    code: a.code,
    deskId: a.deskId,
    start: iso(a.startsAt)!,
    end: iso(a.endsAt)!,
    state: a.state,
    attempts: a.attempts,
    callsMade: calls,
    nextAttemptAt: iso(a.nextAttemptAt),
    outcome: a.outcome,
    notes: a.notes,
    instructions: a.instructions,
    identityVerified: !!a.identityVerifiedAt,
    identityFailures: a.identityFailures,
    identityWaiver: a.identityWaiver,
    flagged: !!a.flaggedAt,
    // The operator sees whom to call; the tax code is never shown (the operator asks for it).
    citizen: { fullName: a.fullName, phone: a.phone, language: a.language, topic: a.topic, notes: a.bookingNotes, priority: a.priority, channel: a.channel, station: a.stationComune ?? null, phoneInstead: a.phoneInstead ?? false },
    bookingActive: a.bookingStatus === 'booked',
    lastCall: lastCall ? presentCall(lastCall) : null,
  };
}

async function lastCalls(q: Queryable, bookingIds: string[]): Promise<Map<string, { last: CallRow; n: number }>> {
  const out = new Map<string, { last: CallRow; n: number }>();
  if (!bookingIds.length) return out;
  const r = await q.query<CallRow>('SELECT * FROM call WHERE booking_id = ANY($1::uuid[]) ORDER BY requested_at', [bookingIds]);
  for (const c of r.rows) out.set(c.booking_id, { last: c, n: (out.get(c.booking_id)?.n ?? 0) + 1 });
  return out;
}

export async function itemsWith(q: Queryable, rows: AssignmentRow[]): Promise<AgendaItemView[]> {
  const calls = await lastCalls(q, rows.map((r) => r.bookingId));
  return rows.map((r) => presentItem(r, calls.get(r.bookingId)?.last, calls.get(r.bookingId)?.n ?? 0));
}

/**
 * The operator's day: desks signed on to, the bookings assigned to them (in time order,
 * retries at their next attempt), the next call, the time left in the current slot and
 * the delay when calls run late. Each item says from when until when it may be called
 * (callFrom, callUntil); the time left is counted from the slot start.
 */
export async function getOperatorAgenda(deps: CallsDeps, actor: Staff): Promise<z.output<typeof operatorAgenda>> {
  const now = deps.now();
  const day = romeDay(now);
  const places = (await allDeskPlaces(deps.db)).filter((p) => can(actor, 'staff.calls.write', p));
  await dutyFromRoster(deps.db, day, { userId: actor.userId });
  const duties = await deps.db.query<{ desk_id: string; status: string; extension: string | null }>(
    'SELECT desk_id, status, extension FROM duty WHERE user_id = $1 AND day = $2', [actor.userId, day],
  );
  const dutyOf = new Map(duties.rows.map((d) => [d.desk_id, d]));
  const onDesks = duties.rows.filter((d) => d.status === 'on').map((d) => d.desk_id);
  for (const deskId of onDesks) await syncDeskAgenda(deps, deskId, day);
  // One snapshot: an item's state and its last call agree.
  const snapshot = await deps.db.transaction(async (q) => {
    const rows = (await q.query<AssignmentRow>(
      `${ASSIGNMENT_SELECT} WHERE a.operator_id = $1 AND a.day = $2 AND a.state <> 'withdrawn' ORDER BY a.starts_at, b.code`, [actor.userId, day],
    )).rows;
    return itemsWith(q, rows);
  }, { isolation: 'repeatable read' });
  // When each booking may be called (the office's margin and retry window).
  const timings = new Map<string, CallTiming>();
  for (const p of places) if (dutyOf.has(p.deskId) && !timings.has(p.officeId)) timings.set(p.officeId, await callTiming(deps.db, p.officeId));
  const officeOf = new Map(places.map((p) => [p.deskId, p.officeId]));
  const items = snapshot.map((i) => {
    const t = timings.get(officeOf.get(i.deskId) ?? '') ?? { earlyMinutes: DEFAULT_EARLY_CALL_MINUTES, retryWindowMinutes: DEFAULT_POLICY.retryWindowMinutes };
    const w = callWindow({ startsAtMs: Date.parse(i.start), endsAtMs: Date.parse(i.end), ...t, nextAttemptAtMs: i.state === 'retry' && i.nextAttemptAt ? Date.parse(i.nextAttemptAt) : null });
    return { ...i, callFrom: toIsoWithOffset(w.fromMs, ZONE), callUntil: toIsoWithOffset(w.untilMs, ZONE) };
  });
  const open = items.filter((i) => i.state !== 'done');
  const current = open.find((i) => ['calling', 'in_call', 'wrap_up'].includes(i.state)) ?? null;
  const queue = open
    .filter((i) => i !== current)
    .sort((a, b) => Date.parse(a.nextAttemptAt ?? a.start) - Date.parse(b.nextAttemptAt ?? b.start));
  const next = queue[0] ?? null;
  const slotOf = current ?? open.find((i) => Date.parse(i.start) <= now && now < Date.parse(i.end)) ?? null;
  const offices = new Map<string, OfficeTelephony>();
  for (const p of places) if (dutyOf.has(p.deskId) && !offices.has(p.officeId)) offices.set(p.officeId, await officeTelephony(deps.db, p.officeId, deps.defaultAdapter));
  const docs = await deskDocumentLists(deps.db, places.filter((p) => dutyOf.get(p.deskId)?.status === 'on').map((p) => p.deskId));
  return {
    day,
    serverTime: toIsoWithOffset(now, ZONE),
    desks: places.map((p) => ({
      deskId: p.deskId, name: p.deskName, nameEn: p.deskNameEn, number: p.deskNumber, officeName: p.officeName, officeCode: p.officeCode,
      onDuty: dutyOf.get(p.deskId)?.status === 'on', extension: dutyOf.get(p.deskId)?.extension ?? null,
      adapter: offices.get(p.officeId)?.adapter ?? null,
      secondLevelDeskId: offices.get(p.officeId)?.secondLevelDeskId ?? null,
      documents: docs.get(p.deskId)?.documents ?? [],
    })),
    items,
    current: current?.bookingId ?? null,
    next: next?.bookingId ?? null,
    slotStartsAt: slotOf?.start ?? null,
    slotEndsAt: slotOf?.end ?? null,
    // Counted from the slot start: before it, the whole slot is left.
    timeLeftSeconds: slotOf ? Math.max(0, Math.round((Date.parse(slotOf.end) - Math.max(now, Date.parse(slotOf.start))) / 1000)) : null,
    delayMinutes: next && !current ? Math.max(0, Math.floor((now - Date.parse(next.nextAttemptAt ?? next.start)) / 60_000)) : current ? Math.max(0, Math.floor((now - Date.parse(current.end)) / 60_000)) : 0,
    done: items.length - open.length,
    total: items.length,
  };
}
