import { addDurations, slotLengthStats, type Durations } from '../domain/monitoring/figures.js';
import type { Actor } from '../policy/index.js';
import type { MonitoringDeps } from './deps.js';
import { checkRange } from './get-history.js';
import { loadActivityFast, rolledDurationsBy } from './load-activity.js';
import { desksUnder } from './monitoring.repository.js';
import { resolveScope, scopeView } from './resolve-scope.js';

/**
 * Per desk of the node: the real call durations of [from, to] against the slot length — mean,
 * median, 90th percentile, share of calls longer than the slot, the whole number of minutes
 * that would have covered 90 % of calls, and a histogram in 1-minute bins.
 */
export async function getSlotLengthReport(deps: MonitoringDeps, actor: Actor, input: { scope?: string | undefined; from: string; to: string }) {
  checkRange(input.from, input.to);
  const node = await resolveScope(deps.db, actor, 'staff.monitoring.read', input.scope);
  const desks = await desksUnder(deps.db, node.level, node.id);
  const activity = await loadActivityFast(deps, desks, input.from, input.to, { rolledDurations: false, durationsOnly: true });
  // Rolled-up days: summed per desk in the database; the other days from the raw rows.
  const perDesk = activity.rolled
    ? await rolledDurationsBy(deps, activity.rolled, activity.rolled.state, { level: 'desk', ids: desks.map((d) => d.deskId) })
    : new Map<string, Durations>();
  for (const [k, m] of activity.durations) {
    const deskId = k.split('|')[0]!;
    perDesk.set(deskId, addDurations(perDesk.get(deskId) ?? new Map(), m));
  }
  return {
    scope: scopeView(node),
    from: input.from,
    to: input.to,
    desks: desks.map((d) => ({
      deskId: d.deskId,
      deskName: d.deskName,
      officeName: d.officeName,
      slotMinutes: d.slotMinutes,
      ...slotLengthStats(perDesk.get(d.deskId) ?? new Map(), d.slotMinutes),
    })),
  };
}
