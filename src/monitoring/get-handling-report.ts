import { periodOf, type Granularity } from '../domain/monitoring/figures.js';
import { summarizeHandling, type CallPhases, type HandlingSummary } from '../domain/planning/index.js';
import { addDays } from '../domain/schedule/time.js';
import type { Actor } from '../policy/index.js';
import type { MonitoringDeps } from './deps.js';
import { checkRange } from './get-history.js';
import { CHILD_LEVEL, childrenOf, dayStartMs, nodeIdOf } from './load-activity.js';
import { desksUnder, type DeskRow } from './monitoring.repository.js';
import { handlingRows, hiddenDemand, refusalsByDay, type HandlingRow, type HiddenDemandRow } from './planning.repository.js';
import { resolveScope, scopeView } from './resolve-scope.js';

export const MAX_HANDLING_DAYS = 400;

const toPhases = (r: HandlingRow, slotSec: number): CallPhases => ({
  bookingId: r.bookingId, adapter: r.adapter, answered: r.answered, reachSec: r.reachSec, identSec: r.identSec,
  talkSec: r.talkSec, wrapSec: r.wrapSec, totalSec: r.totalSec, slotSec,
});

/**
 * The hidden demand of some desks, summed: waiting-list joins, confirmations refused for the
 * per-contact limit, requests refused because the desk was full (in all and per source),
 * bookings closed with no answer, second-level follow-ups.
 */
const sumHidden = (rows: HiddenDemandRow[]) => {
  const s = { waitlistJoins: 0, contactRefusals: 0, fullRefusals: 0, noAnswers: 0, secondLevel: 0, fullRefusalsBySource: { web: 0, reception: 0, patronato: 0, staff: 0 } };
  for (const r of rows) {
    s.waitlistJoins += r.waitlistJoins;
    s.contactRefusals += r.contactRefusals;
    s.noAnswers += r.noAnswers;
    s.secondLevel += r.secondLevel;
    s.fullRefusalsBySource.web += r.refusedWeb;
    s.fullRefusalsBySource.reception += r.refusedReception;
    s.fullRefusalsBySource.patronato += r.refusedPatronato;
    s.fullRefusalsBySource.staff += r.refusedStaff;
    s.fullRefusals += r.refusedWeb + r.refusedReception + r.refusedPatronato + r.refusedStaff;
  }
  return s;
};

/** The slot lengths of a group of desks: one when they agree, else the range. */
const slotsOf = (desks: DeskRow[]) => {
  const ls = [...new Set(desks.map((d) => d.slotMinutes))].sort((a, b) => a - b);
  return { slotMinutes: ls.length === 1 ? ls[0]! : null, slotMinutesRange: ls.length ? [ls[0]!, ls[ls.length - 1]!] as [number, number] : null };
};

/**
 * The whole handling time of the calls of bookings whose slot falls in [from, to], at a node
 * (its scope, by the URP's scope rules) and at each of its children, and per period; with the
 * demand the calendar hides (waiting-list joins, contacts refused for the per-contact limit,
 * requests refused because the desk was full, bookings closed as no answer, second-level follow-ups).
 */
export async function getHandlingReport(deps: MonitoringDeps, actor: Actor, input: { scope?: string | undefined; from: string; to: string; granularity?: Granularity | undefined }) {
  checkRange(input.from, input.to, MAX_HANDLING_DAYS);
  const node = await resolveScope(deps.db, actor, 'staff.monitoring.read', input.scope);
  const desks = await desksUnder(deps.db, node.level, node.id);
  const ids = desks.map((d) => d.deskId);
  const fromMs = dayStartMs(input.from);
  const toMs = dayStartMs(addDays(input.to, 1));
  const [rows, hidden, refusedDays] = await Promise.all([
    handlingRows(deps.db, ids, fromMs, toMs), hiddenDemand(deps.db, ids, fromMs, toMs), refusalsByDay(deps.db, ids, fromMs, toMs),
  ]);
  const deskById = new Map(desks.map((d) => [d.deskId, d]));
  const phases = rows.map((r) => toPhases(r, deskById.get(r.deskId)!.slotMinutes * 60));
  const granularity = input.granularity ?? 'week';
  const childLevel = CHILD_LEVEL[node.level];
  const children = childrenOf(desks, node.level).map((c) => {
    const inside = desks.filter((d) => nodeIdOf(d, childLevel!) === c.id);
    const set = new Set(inside.map((d) => d.deskId));
    return {
      ...c,
      ...slotsOf(inside),
      handling: brief(summarizeHandling(phases.filter((_, i) => set.has(rows[i]!.deskId)))),
      hidden: sumHidden(hidden.filter((h) => set.has(h.deskId))),
    };
  });
  const periods = new Map<string, CallPhases[]>();
  rows.forEach((r, i) => {
    const p = periodOf(r.day, granularity);
    let l = periods.get(p);
    if (!l) periods.set(p, (l = []));
    l.push(phases[i]!);
  });
  // Refusals because the desk was full per period (a period with refusals and no call is shown too).
  const refusedIn = new Map<string, number>();
  for (const d of refusedDays) {
    const p = periodOf(d.day, granularity);
    refusedIn.set(p, (refusedIn.get(p) ?? 0) + d.n);
    if (!periods.has(p)) periods.set(p, []);
  }
  return {
    scope: scopeView(node),
    from: input.from,
    to: input.to,
    granularity,
    ...slotsOf(desks),
    handling: summarizeHandling(phases),
    hidden: sumHidden(hidden),
    children,
    periods: [...periods].sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([period, list]) => ({ period, handling: brief(summarizeHandling(list)), fullRefusals: refusedIn.get(period) ?? 0 })),
  };
}

/** The headline figures of a summary (for children and periods). */
function brief(h: HandlingSummary) {
  return {
    calls: h.calls, answeredCalls: h.answeredCalls, attemptsPerBooking: h.attemptsPerBooking,
    medianSec: h.phases.total.p50.value, p90Sec: h.phases.total.p90.value, p95Sec: h.phases.total.p95.value,
    identMedianSec: h.phases.identification.p50.value, wrapMedianSec: h.phases.afterCallWork.p50.value,
    overrunShare: h.overrun?.share ?? null, cover90: h.cover90.minutes, cover95: h.cover95.minutes, tooSmall: h.tooSmall,
  };
}
