import { DEFAULT_OPTIONS, minutesCovering, planCapacity, slotFit, type Plan, type PlanTargets } from '../domain/planning/index.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Actor } from '../policy/index.js';
import type { MonitoringDeps } from './deps.js';
import { ZONE } from './deps.js';
import { desksUnder } from './monitoring.repository.js';
import { loadDeskInputs, type DeskInputs } from './planning-inputs.js';
import { resolveScope, scopeView } from './resolve-scope.js';

export interface PlanQuery {
  scope?: string | undefined;
  weeks: number;
  weeksAhead: number;
  leadDays: number;
  fitShare: number;
  /** The story's morning: operators needed between these hours (default 9–12). */
  fromHour: number;
  toHour: number;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/**
 * The capacity plan of the desks under a node (docs/planning.md): for each desk, its forecast
 * and the forecast's error on held-out weeks, and for each slot length (the current one and 8,
 * 10, 12, 15 minutes) the overrun, the operators per hour and the lead time ahead; for each
 * office, the sums per hour and the answer in words, computed from those figures.
 */
export async function getCapacityPlan(deps: MonitoringDeps, actor: Actor, q: PlanQuery) {
  const node = await resolveScope(deps.db, actor, 'staff.monitoring.read', q.scope);
  const desks = (await desksUnder(deps.db, node.level, node.id)).filter((d) => d.active);
  const today = toIsoWithOffset(deps.now(), ZONE).slice(0, 10);
  const inputs = await loadDeskInputs(deps, desks, today, q.weeks, q.weeksAhead);
  const targets: Partial<PlanTargets> = { leadDays: q.leadDays, fitShare: q.fitShare };
  const plans = inputs.map((i) => ({ i, plan: planDesk(i, targets) }));
  const offices = [...new Set(desks.map((d) => d.officeId))].map((officeId) => officeView(officeId, plans, q));
  return {
    scope: scopeView(node),
    today,
    historyWeeks: q.weeks,
    weeksAhead: q.weeksAhead,
    targets: { leadDays: q.leadDays, fitShare: q.fitShare, startShare: 0.9, startWithinSec: 120 },
    method: {
      forecast: 'weekday_mean_8_weeks',
      forecastHoldoutWeeks: 2,
      capacity: 'ceil((hourly demand + backlog drain) * slot / open minutes)',
      queueing: 'erlang_c',
    },
    offices,
    desks: plans.map(({ i, plan }) => ({
      deskId: i.desk.deskId, deskName: i.desk.deskName, officeId: i.desk.officeId, officeName: i.desk.officeName, slotMinutes: i.desk.slotMinutes,
      calls: i.handlingSec.length, attemptsPerBooking: i.attemptsPerBooking, backlog: i.backlog,
      forecast: i.forecast.slice(1, 8), forecastError: i.forecastError,
      meanHandlingSec: plan.meanHandlingSec,
      options: plan.options,
    })),
  };
}

function planDesk(i: DeskInputs, targets: Partial<PlanTargets>): Plan {
  return planCapacity({
    slotMinutes: i.desk.slotMinutes, options: DEFAULT_OPTIONS, handlingSec: i.handlingSec, attemptsPerBooking: i.attemptsPerBooking,
    demandPerWeekday: i.forecast, hoursPerWeekday: i.hours, backlog: i.backlog,
    daysAhead: i.daysAhead.length ? i.daysAhead : [1, 2, 3, 4, 5], targets,
  });
}

/** An office: its desks' handling pooled, operators per hour summed per option, the answer in words. */
function officeView(officeId: string, plans: { i: DeskInputs; plan: Plan }[], q: PlanQuery) {
  const mine = plans.filter((p) => p.i.desk.officeId === officeId);
  const name = mine[0]!.i.desk.officeName;
  const handling = mine.flatMap((p) => p.i.handlingSec);
  const lengths = [...new Set(mine.flatMap((p) => p.plan.options.map((o) => o.slotMinutes)))].sort((a, b) => a - b);
  const currentSlot = Math.min(...mine.map((p) => p.i.desk.slotMinutes));
  const options = lengths.map((L) => {
    const perHour = new Map<number, { today: number; needed: number }>();
    let meetsLead = true;
    let leadToday: number[] = [];
    let leadPlanned: number[] = [];
    for (const p of mine) {
      const o = p.plan.options.find((x) => x.slotMinutes === L);
      if (!o) continue;
      meetsLead &&= o.meetsLead;
      // The office's lead: the worst of its desks, day by day.
      leadToday = merge(leadToday, o.leadToday);
      leadPlanned = merge(leadPlanned, o.leadPlanned);
      for (const h of o.hours) {
        const cur = perHour.get(h.hour) ?? { today: 0, needed: 0 };
        perHour.set(h.hour, { today: cur.today + h.today, needed: cur.needed + h.needed });
      }
    }
    const fit = slotFit(handling, L * 60);
    return {
      slotMinutes: L,
      overrunShare: fit.overrun?.share ?? null,
      overrunLow: fit.overrun?.low ?? null,
      overrunHigh: fit.overrun?.high ?? null,
      fits: fit.overrun ? 1 - fit.overrun.share >= q.fitShare : false,
      hours: [...perHour].sort((a, b) => a[0] - b[0]).map(([hour, v]) => ({ hour, ...v })),
      leadToday, leadPlanned, meetsLead,
    };
  });
  const cover90 = minutesCovering(handling, 0.9);
  const current = options.find((o) => o.slotMinutes === currentSlot) ?? null;
  const chosen = options.find((o) => o.fits) ?? null;
  const morning = (o: typeof options[number] | null) =>
    o ? Math.max(0, ...o.hours.filter((h) => h.hour >= q.fromHour && h.hour < q.toHour).map((h) => h.needed)) : null;
  const operators = morning(chosen);
  const story = {
    slotMinutes: currentSlot,
    overrunShare: current?.overrunShare ?? null,
    cover90Minutes: cover90.minutes,
    chosenSlotMinutes: chosen?.slotMinutes ?? null,
    operatorsMorning: operators,
    fromHour: q.fromHour,
    toHour: q.toHour,
    calls: handling.length,
  };
  const it: string[] = [];
  const en: string[] = [];
  if (story.overrunShare !== null && story.cover90Minutes !== null) {
    it.push(`Con ${currentSlot} minuti, il ${pct(story.overrunShare)} delle chiamate sfora la fascia; ${story.cover90Minutes} minuti coprirebbero il 90 % delle chiamate.`);
    en.push(`With ${currentSlot} minutes, ${pct(story.overrunShare)} of calls overrun the slot; ${story.cover90Minutes} minutes would cover 90 % of calls.`);
  }
  if (chosen && operators !== null) {
    it.push(`Per tenere l’attesa entro ${q.leadDays} giorni lavorativi a ${name} con fasce di ${chosen.slotMinutes} minuti servono ${operators} operatori tra le ${q.fromHour} e le ${q.toHour}.`);
    en.push(`To keep waits within ${q.leadDays} working days at ${name} with ${chosen.slotMinutes}-minute slots you need ${operators} operators between ${q.fromHour}:00 and ${q.toHour}:00.`);
  }
  if (handling.length < 30) {
    it.push(`Attenzione: solo ${handling.length} chiamate misurate, troppo poche per concludere.`);
    en.push(`Warning: only ${handling.length} calls measured, too few to conclude.`);
  }
  return { officeId, officeName: name, calls: handling.length, cover90, options, story, answer: { it: it.join(' '), en: en.join(' ') } };
}

const merge = (a: number[], b: number[]) => (a.length === 0 ? [...b] : a.map((x, k) => Math.max(x, b[k] ?? 0)));
