import { firstAvailable } from '../booking/index.js';
import { deskAlerts, type AlertSettings } from '../domain/monitoring/alerts.js';
import { figuresOf, workingDaysUntil, type Figures } from '../domain/monitoring/figures.js';
import { addDays } from '../domain/schedule/time.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Actor } from '../policy/index.js';
import { ZONE, type MonitoringDeps } from './deps.js';
import { findOfflineStations, offlineAlertMessage, type OfflineStation } from '../stations/index.js';
import { childrenOf, loadActivity, reasonsOf, sumActivity, type Activity } from './load-activity.js';
import { desksUnder, liveNow, type DeskRow } from './monitoring.repository.js';
import { resolveScope, scopeView } from './resolve-scope.js';
import { settingsForDesks } from './alert-settings.js';
import type { z } from 'zod';
import type { alert } from './routes.schema.js';

export type Alert = z.output<typeof alert>;

export const todayOf = (ms: number): string => toIsoWithOffset(ms, ZONE).slice(0, 10);

interface FirstFree { start: string | null; lead: number | null; full: boolean; horizonWorkingDays: number }

/** First free slot of each desk, as the booking engine offers it now (null: none in the horizon). */
export async function firstFreeSlots(deps: MonitoringDeps, desks: DeskRow[]): Promise<Map<string, FirstFree>> {
  const today = todayOf(deps.now());
  const out = new Map<string, FirstFree>();
  const one = async (d: DeskRow) => {
    if (!d.active) return;
    const calendar = await deps.booking.calendars.get(deps.db, d.deskId);
    if (!calendar) return;
    const horizonWorkingDays = workingDaysUntil(today, addDays(today, calendar.rules.horizonDays));
    const slot = await firstAvailable({ ...deps.booking, now: deps.now }, { deskId: d.deskId }).catch(() => null);
    out.set(d.deskId, slot
      ? { start: new Date(slot.start).toISOString(), lead: workingDaysUntil(today, toIsoWithOffset(Date.parse(slot.start), ZONE).slice(0, 10)), full: false, horizonWorkingDays }
      : { start: null, lead: null, full: true, horizonWorkingDays });
  };
  // A few desks at a time: the pool serves them in parallel (PGlite queues them).
  for (let i = 0; i < desks.length; i += 8) await Promise.all(desks.slice(i, i + 8).map(one));
  return out;
}

/** The alerts of the desks on a day (today's figures and first free slots). */
export async function alertsOfDesks(
  deps: MonitoringDeps, desks: DeskRow[], activity: Activity, free: Map<string, FirstFree>, settings?: Map<string, AlertSettings>, offlineStations?: OfflineStation[],
): Promise<Alert[]> {
  const s = settings ?? await settingsForDesks(deps.db, desks);
  const out: Alert[] = [];
  // Municipal stations offline during their opening hours: one alert per desk, naming them.
  const offline = offlineStations ?? await findOfflineStations(deps.db, deps.now(), desks.map((d) => d.deskId));
  for (const d of desks) {
    const mine = offline.filter((o) => o.deskId === d.deskId);
    if (mine.length) out.push({ code: 'station_offline', level: 'danger', scope: { level: 'desk', id: d.deskId, name: d.deskName }, value: mine.length, threshold: 0, message: offlineAlertMessage(mine) });
  }
  for (const d of desks) {
    const f = free.get(d.deskId);
    if (!f) continue;
    const { counters } = sumActivity(activity, 'desk', d.deskId);
    for (const a of deskAlerts({
      deskName: `${d.officeName} — ${d.deskName}`, leadTimeWorkingDays: f.lead, full: f.full, horizonWorkingDays: f.horizonWorkingDays,
      served: counters.served, noAnswer: counters.noAnswer, calls: counters.calls, overrun: counters.overrun,
    }, s.get(d.deskId)!)) {
      out.push({ code: a.code, level: a.level, scope: { level: 'desk', id: d.deskId, name: d.deskName }, value: a.value, threshold: a.threshold, message: a.message });
    }
  }
  return out;
}

/**
 * Today's figures of a node (or of another day: `day`): the counters, what happens right now,
 * contacts by reason, each child with its first free slot, and the alerts of its desks.
 */
export async function getLiveFigures(deps: MonitoringDeps, actor: Actor, input: { scope?: string | undefined; day?: string | undefined }) {
  const node = await resolveScope(deps.db, actor, 'staff.monitoring.read', input.scope);
  const desks = await desksUnder(deps.db, node.level, node.id);
  const today = todayOf(deps.now());
  const day = input.day ?? today;
  const activity = await loadActivity(deps, desks, day, day);
  const ids = desks.map((d) => d.deskId);
  const [now, free] = await Promise.all([liveNow(deps.db, ids, today), firstFreeSlots(deps, desks)]);
  const total = sumActivity(activity, node.level, node.id);
  const children = childrenOf(desks, node.level).map((child) => {
    const sum = sumActivity(activity, child.level, child.id);
    const under = desks.filter((d) => (child.level === 'province' ? d.provinceCode : child.level === 'office' ? d.officeId : d.deskId) === child.id);
    let first: FirstFree | null = null;
    for (const d of under) {
      const f = free.get(d.deskId);
      if (f?.start && (!first?.start || f.start < first.start)) first = f;
    }
    return { ...child, ...figuresOf(sum.counters, sum.durations), firstFreeSlot: first?.start ?? null, leadTimeWorkingDays: first?.lead ?? null };
  });
  const figures: Figures = figuresOf(total.counters, total.durations);
  const todayActivity = day === today ? activity : await loadActivity(deps, desks, today, today);
  return {
    scope: scopeView(node),
    day,
    generatedAt: new Date(deps.now()).toISOString(),
    figures,
    now: {
      callsInProgress: now.callsInProgress,
      operatorsOnDuty: now.onDuty,
      operatorsOnCall: now.onCall,
      operatorsIdle: Math.max(0, now.onDuty - now.onCall),
      flaggedIdentityChecks: now.flagged,
      slotMinutes: node.level === 'desk' ? desks[0]?.slotMinutes ?? null : null,
    },
    contactsByReason: reasonsOf(activity.contacts, node.level, node.id, new Map(desks.map((d) => [d.deskId, d]))),
    children,
    alerts: await alertsOfDesks(deps, desks, todayActivity, free),
  };
}

export type LiveFigures = Awaited<ReturnType<typeof getLiveFigures>>;
