import { AppError } from '../domain/errors.js';
import { addDurations, figuresOf, periodOf, periodsBetween, zeroCounters, type Durations, type Granularity } from '../domain/monitoring/figures.js';
import { dayNumberOf, isValidLocalDate } from '../domain/schedule/time.js';
import type { Actor } from '../policy/index.js';
import type { MonitoringDeps } from './deps.js';
import { CHILD_LEVEL, childrenOf, contactIn, contactNodeOf, deskIn, groupActivity, loadActivityFast, nodeIdOf, rolledDurationsBy, rolledRange } from './load-activity.js';
import { desksUnder } from './monitoring.repository.js';
import { resolveScope, scopeView } from './resolve-scope.js';

export const MAX_HISTORY_DAYS = 400;

/** Checks a range of Europe/Rome days: valid dates, from ≤ to, at most `max` days. */
export function checkRange(from: string, to: string, max = MAX_HISTORY_DAYS): void {
  const bad = { code: 'invalid_date', it: 'Data non valida (AAAA-MM-GG).', en: 'Invalid date (YYYY-MM-DD).' };
  const fields = [];
  if (!isValidLocalDate(from)) fields.push({ path: 'from', ...bad });
  if (!isValidLocalDate(to)) fields.push({ path: 'to', ...bad });
  if (fields.length) throw new AppError(400, 'invalid_request', { it: 'Date non valide.', en: 'Invalid dates.' }, fields);
  if (from > to) {
    throw new AppError(400, 'invalid_request', { it: '"from" non può essere dopo "to".', en: '"from" cannot be after "to".' },
      [{ path: 'from', code: 'after_to', it: 'Dopo "to".', en: 'After "to".' }]);
  }
  if (dayNumberOf(to) - dayNumberOf(from) + 1 > max) {
    throw new AppError(400, 'range_too_long', { it: `Al massimo ${max} giorni.`, en: `At most ${max} days.` });
  }
}

/**
 * The figures of a node per day, ISO week (Monday) or month over [from, to] (Europe/Rome
 * days; every period present, oldest first; a period is cut to the range), and each child's
 * totals over the range. Closed days come from the daily rollups, the others from the raw tables.
 */
export async function getHistory(deps: MonitoringDeps, actor: Actor, input: { scope?: string | undefined; from: string; to: string; granularity: Granularity }) {
  checkRange(input.from, input.to);
  const node = await resolveScope(deps.db, actor, 'staff.monitoring.read', input.scope);
  const desks = await desksUnder(deps.db, node.level, node.id);
  const childLevel = CHILD_LEVEL[node.level];
  const rolled = await rolledRange(deps, input.from, input.to);
  // The durations of rolled-up days are summed in the database (per period, per child), meanwhile the rest is read.
  const none = Promise.resolve(new Map<string, Durations>());
  const [activity, rolledPerPeriod, rolledPerChild] = await Promise.all([
    loadActivityFast(deps, desks, input.from, input.to, { rolledDurations: false, rolled }),
    rolled ? rolledDurationsBy(deps, rolled, rolled.state, { level: node.level, id: node.id, period: input.granularity }) : none,
    rolled && childLevel
      ? rolledDurationsBy(deps, rolled, rolled.state, { level: childLevel, ids: childrenOf(desks, node.level).map((c) => c.id) })
      : none,
  ]);
  const periodOfDay = new Map<string, string>();
  const period = (day: string) => {
    let p = periodOfDay.get(day);
    if (p === undefined) periodOfDay.set(day, (p = periodOf(day, input.granularity)));
    return p;
  };
  const byId = new Map(desks.map((d) => [d.deskId, d]));
  const perPeriod = groupActivity(
    activity,
    (d, day) => (deskIn(d, node.level, node.id) ? period(day) : null),
    (c) => (contactIn(c, node.level, node.id, byId) ? period(c.day) : null),
  );
  const rows = periodsBetween(input.from, input.to, input.granularity).map((p) => {
    const s = perPeriod.get(p) ?? { counters: zeroCounters(), durations: new Map() };
    return { period: p, ...figuresOf(s.counters, addDurations(s.durations, rolledPerPeriod.get(p) ?? new Map())) };
  });
  const perChild = childLevel
    ? groupActivity(activity, (d) => nodeIdOf(d, childLevel), (c, d) => (contactIn(c, node.level, node.id, byId) ? contactNodeOf(c, d, childLevel) : null))
    : new Map();
  const children = childrenOf(desks, node.level).map((c) => {
    const s = perChild.get(c.id) ?? { counters: zeroCounters(), durations: new Map() };
    return { ...c, ...figuresOf(s.counters, addDurations(s.durations, rolledPerChild.get(c.id) ?? new Map())) };
  });
  return { scope: scopeView(node), from: input.from, to: input.to, granularity: input.granularity, rows, children };
}
