import { AppError } from '../domain/errors.js';
import { simulate, workingDayIndex, type SimResult, type SimSlot } from '../domain/planning/index.js';
import { generateSlots } from '../domain/schedule/plan.js';
import { addDays, dayNumberOf } from '../domain/schedule/time.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Actor } from '../policy/index.js';
import type { MonitoringDeps } from './deps.js';
import { ZONE } from './deps.js';
import { checkRange } from './get-history.js';
import { dayStartMs } from './load-activity.js';
import { desksUnder, type DeskRow } from './monitoring.repository.js';
import { bookingsMade, handlingRows } from './planning.repository.js';
import { resolveScope, scopeView } from './resolve-scope.js';

export const MAX_REPLAY_DAYS = 62;
export const MAX_REPLAY_DESKS = 60;

export interface ReplayQuery {
  scope?: string | undefined;
  from: string;
  to: string;
  slotMinutes?: number | undefined;
  operators?: number | undefined;
  seed: number;
}

interface DeskReplay {
  desk: DeskRow;
  /** Fewest and most operators (places) of a slot in the desk's calendar over the period; null: no slot. */
  operators: [number, number] | null;
  actual: { bookings: number; leadMean: number | null; overrunShare: number | null; noAnswerShare: number | null; calls: number };
  baseline: SimResult;
  whatIf: SimResult;
}

/**
 * Replays a past period at the desks under a node (an office or a desk; ≤ 62 days): the
 * bookings made in it arrive again, at their times, into the desks' calendars; the calls are
 * drawn from what was measured in that period (handling times, no-answer share, cancellations).
 * The baseline keeps the calendar as it was and is compared with what happened (the prediction
 * error); the what-if changes the slot length and/or the operators per slot.
 */
export async function replayPeriod(deps: MonitoringDeps, actor: Actor, q: ReplayQuery) {
  checkRange(q.from, q.to, MAX_REPLAY_DAYS);
  const node = await resolveScope(deps.db, actor, 'staff.monitoring.read', q.scope);
  const desks = (await desksUnder(deps.db, node.level, node.id)).filter((d) => d.active);
  if (desks.length > MAX_REPLAY_DESKS) {
    throw new AppError(400, 'scope_too_wide', { it: `Simulazione per al più ${MAX_REPLAY_DESKS} sportelli: scegli una sede.`, en: `Replay at most ${MAX_REPLAY_DESKS} desks: choose an office.` });
  }
  const t0 = Date.now();
  const per: DeskReplay[] = [];
  for (const desk of desks) {
    const r = await replayDesk(deps, desk, q);
    if (r) per.push(r);
  }
  const sum = (f: (d: DeskReplay) => SimResult) => combine(per.map(f));
  const actual = combineActual(per);
  const baseline = sum((d) => d.baseline);
  const whatIf = sum((d) => d.whatIf);
  const range = (xs: ([number, number] | null)[]): [number, number] | null => {
    const ok = xs.filter((x): x is [number, number] => x !== null);
    return ok.length ? [Math.min(...ok.map((x) => x[0])), Math.max(...ok.map((x) => x[1]))] : null;
  };
  return {
    scope: scopeView(node),
    from: q.from,
    to: q.to,
    seed: q.seed,
    change: { slotMinutes: q.slotMinutes ?? null, operators: q.operators ?? null },
    current: { slotMinutes: range(per.map((d): [number, number] => [d.desk.slotMinutes, d.desk.slotMinutes])), operators: range(per.map((d) => d.operators)) },
    actual,
    baseline: strip(baseline),
    whatIf: strip(whatIf),
    error: {
      leadMeanDays: baseline.leadMean !== null && actual.leadMean !== null ? baseline.leadMean - actual.leadMean : null,
      overrunShare: baseline.overrunShare !== null && actual.overrunShare !== null ? baseline.overrunShare - actual.overrunShare : null,
    },
    desks: per.map((d) => ({ deskId: d.desk.deskId, deskName: d.desk.deskName, slotMinutes: d.desk.slotMinutes, operators: d.operators, actual: d.actual, baseline: strip(d.baseline), whatIf: strip(d.whatIf) })),
    elapsedMs: Date.now() - t0,
  };
}

const strip = (r: SimResult) => ({ arrivals: r.arrivals, states: r.states, calls: r.calls, leadMean: r.leadMean, leadP90: r.leadP90, overrunShare: r.overrunShare, startDelayMeanSec: r.startDelayMeanSec });

async function replayDesk(deps: MonitoringDeps, desk: DeskRow, q: ReplayQuery): Promise<DeskReplay | null> {
  const calendar = await deps.booking.calendars.get(deps.db, desk.deskId);
  if (!calendar) return null;
  const rules = await deps.db.query<{ horizon: number; notice: number; attempts: number; gap: number }>(
    `SELECT d.horizon_days AS horizon, d.min_notice_minutes AS notice, COALESCE(t.max_attempts, 3) AS attempts, COALESCE(t.retry_delay_minutes, 3) AS gap
       FROM desk d LEFT JOIN office_telephony t ON t.office_id = d.office_id WHERE d.id = $1`, [desk.deskId]);
  const rule = rules.rows[0]!;
  const startMs = dayStartMs(q.from);
  const endMs = dayStartMs(addDays(q.to, 1));
  const first = dayNumberOf(q.from);
  const dayIdx = (ms: number) => workingDayIndex(first, dayNumberOf(toIsoWithOffset(ms, ZONE).slice(0, 10)));
  const [made, calls] = await Promise.all([bookingsMade(deps.db, [desk.deskId], startMs, endMs), handlingRows(deps.db, [desk.deskId], startMs, endMs)]);
  const slotsFor = (minutes: number, operators?: number): SimSlot[] =>
    generateSlots({ ...calendar.schedule, slotMinutes: minutes }, q.from, addDays(q.to, rule.horizon)).map((s) => ({
      deskId: desk.deskId, start: (s.startMs - startMs) / 60_000, day: dayIdx(s.startMs), places: operators ?? s.places,
    }));
  const arrivals = made.map((b) => ({ deskId: desk.deskId, at: (new Date(b.createdAt).getTime() - startMs) / 60_000, day: dayIdx(new Date(b.createdAt).getTime()) }));
  const answered = calls.filter((c) => c.answered && c.totalSec !== null);
  const handlingSec = answered.map((c) => c.totalSec!);
  const slotSec = desk.slotMinutes * 60;
  const leads = made.map((b) => dayIdx(new Date(b.startsAt).getTime()) - dayIdx(new Date(b.createdAt).getTime()));
  const actual = {
    bookings: made.length,
    leadMean: leads.length ? leads.reduce((a, b) => a + b, 0) / leads.length : null,
    overrunShare: answered.length ? answered.filter((c) => c.totalSec! > slotSec).length / answered.length : null,
    noAnswerShare: calls.length ? calls.filter((c) => !c.answered).length / calls.length : null,
    calls: calls.length,
  };
  const params = {
    slotMinutes: desk.slotMinutes, handlingSec, noAnswer: actual.noAnswerShare ?? 0,
    cancel: made.length ? made.filter((b) => b.status === 'cancelled').length / made.length : 0,
    maxAttempts: rule.attempts, retryGapMin: rule.gap, dialSec: 40, minNoticeMin: rule.notice,
    horizonDays: Math.floor((rule.horizon * 5) / 7), seed: q.seed,
  };
  const asWas = slotsFor(desk.slotMinutes);
  const inPeriod = asWas.filter((s) => s.start < (endMs - startMs) / 60_000).map((s) => s.places);
  const operators: [number, number] | null = inPeriod.length ? [Math.min(...inPeriod), Math.max(...inPeriod)] : null;
  const baseline = simulate(asWas, arrivals, params);
  const L = q.slotMinutes ?? desk.slotMinutes;
  const whatIf = simulate(slotsFor(L, q.operators), arrivals, { ...params, slotMinutes: L });
  return { desk, operators, actual, baseline, whatIf };
}

function combine(rs: SimResult[]) {
  const states = { served: 0, no_answer: 0, cancelled: 0, refused: 0 };
  let arrivals = 0, calls = 0, leadSum = 0, leadN = 0, over = 0, answered = 0, delay = 0, delayN = 0;
  for (const r of rs) {
    arrivals += r.arrivals;
    calls += r.calls;
    for (const k of Object.keys(states) as (keyof typeof states)[]) states[k] += r.states[k];
    const booked = r.arrivals - r.states.refused;
    if (r.leadMean !== null) { leadSum += r.leadMean * booked; leadN += booked; }
    const served = r.states.served;
    if (r.overrunShare !== null) { over += r.overrunShare * served; answered += served; }
    if (r.startDelayMeanSec !== null) { delay += r.startDelayMeanSec * served; delayN += served; }
  }
  return {
    arrivals, states, calls,
    leadMean: leadN ? leadSum / leadN : null,
    leadP90: rs.length === 1 ? rs[0]!.leadP90 : null,
    overrunShare: answered ? over / answered : null,
    startDelayMeanSec: delayN ? delay / delayN : null,
    leadByDay: rs.length === 1 ? rs[0]!.leadByDay : [],
    finals: [],
  } satisfies SimResult;
}

function combineActual(per: DeskReplay[]) {
  let bookings = 0, leadSum = 0, leadN = 0, over = 0, answered = 0, noAns = 0, calls = 0;
  for (const d of per) {
    bookings += d.actual.bookings;
    if (d.actual.leadMean !== null) { leadSum += d.actual.leadMean * d.actual.bookings; leadN += d.actual.bookings; }
    const served = d.baseline.states.served;
    if (d.actual.overrunShare !== null) { over += d.actual.overrunShare * served; answered += served; }
    if (d.actual.noAnswerShare !== null) { noAns += d.actual.noAnswerShare * d.actual.calls; calls += d.actual.calls; }
  }
  return { bookings, leadMean: leadN ? leadSum / leadN : null, overrunShare: answered ? over / answered : null, noAnswerShare: calls ? noAns / calls : null };
}
