import { addCounters, addDurations, addPackedDurations, periodOf, zeroCounters, type Counters, type Durations } from '../domain/monitoring/figures.js';
import { generateSlots } from '../domain/schedule/plan.js';
import { addDays, dayNumberOf } from '../domain/schedule/time.js';
import { localTimeToUtcMs } from '../domain/schedule/zone.js';
import type { MonitoringDeps } from './deps.js';
import { ZONE } from './deps.js';
import { bookingCounts, callDurations, contactCounts, outcomeCounts, type DeskRow, type Level } from './monitoring.repository.js';

/** Start of a Europe/Rome day, UTC epoch ms. */
export const dayStartMs = (day: string): number => localTimeToUtcMs(dayNumberOf(day), 0, ZONE);

export interface ContactRow {
  provinceCode: string;
  deskId: string | null;
  day: string;
  reason: string;
  n: number;
}

/** The activity of some desks over the days [from, to]: counters and call durations per desk and day, contacts. */
export interface Activity {
  desks: DeskRow[];
  from: string;
  to: string;
  /** key `${deskId}|${day}` */
  counters: Map<string, Counters>;
  durations: Map<string, Durations>;
  contacts: ContactRow[];
}

/** `durationsOnly`: only the call durations (and the counters they make: calls, call seconds, overrun). */
export interface LoadOptions {
  durationsOnly?: boolean;
}

const key = (deskId: string, day: string) => `${deskId}|${day}`;

/**
 * Reads the activity from the raw tables. "Offered" comes from each active desk's calendar
 * (the booking engine's own, `generateSlots`): the places of the slots of those days.
 */
export async function loadActivity(deps: MonitoringDeps, desks: DeskRow[], from: string, to: string, o: LoadOptions = {}): Promise<Activity> {
  const db = deps.db;
  const ids = desks.map((d) => d.deskId);
  const fromMs = dayStartMs(from);
  const toMs = dayStartMs(addDays(to, 1));
  const provinces = [...new Set(desks.map((d) => d.provinceCode))];
  const all = !o.durationsOnly;
  const [bookings, outcomes, durations, contacts] = await Promise.all([
    all ? bookingCounts(db, ids, fromMs, toMs) : [],
    all ? outcomeCounts(db, ids, from, to) : [],
    callDurations(db, ids, fromMs, toMs),
    all ? contactCounts(db, provinces, fromMs, toMs) : [],
  ]);
  const counters = new Map<string, Counters>();
  const at = (deskId: string, day: string) => {
    let c = counters.get(key(deskId, day));
    if (!c) counters.set(key(deskId, day), (c = zeroCounters()));
    return c;
  };
  // "Offered" (a counter, not a duration): from the calendars, unless only durations are asked.
  for (const d of desks) {
    if (!all || !d.active) continue;
    const calendar = await deps.booking.calendars.get(db, d.deskId);
    if (!calendar) continue;
    for (const s of generateSlots(calendar.schedule, from, to)) at(d.deskId, s.date).offered += s.places;
  }
  for (const b of bookings) addCounters(at(b.deskId, b.day), { booked: b.booked, cancelled: b.cancelled });
  for (const o of outcomes) addCounters(at(o.deskId, o.day), { served: o.served, noAnswer: o.noAnswer });
  const slotSec = new Map(desks.map((d) => [d.deskId, d.slotMinutes * 60]));
  const dur = new Map<string, Durations>();
  for (const row of durations) {
    const c = at(row.deskId, row.day);
    const limit = slotSec.get(row.deskId)!;
    let m = dur.get(key(row.deskId, row.day));
    if (!m) dur.set(key(row.deskId, row.day), (m = new Map()));
    addPackedDurations(m, row.durations, (sec, n) => {
      c.calls += n;
      c.callSeconds += sec * n;
      if (sec > limit) c.overrun += n;
    });
  }
  return { desks, from, to, counters, durations: dur, contacts };
}

/** Does a desk lie under the node? */
export function deskIn(d: DeskRow, level: Level, id: string): boolean {
  switch (level) {
    case 'region': return d.regionCode === id;
    case 'province': return d.provinceCode === id;
    case 'office': return d.officeId === id;
    case 'desk': return d.deskId === id;
  }
}

/**
 * Reception contacts count for a province (and the region) by the province they were logged
 * in; for an office or a desk, by the booking they name.
 */
export function contactIn(c: ContactRow, level: Level, id: string, desks: Map<string, DeskRow>): boolean {
  if (level === 'region') return true;
  if (level === 'province') return c.provinceCode === id;
  const d = c.deskId ? desks.get(c.deskId) : undefined;
  return !!d && deskIn(d, level, id);
}

/** The contacts a node counts (see contactIn) by reason: most first, then by reason code. */
export function reasonsOf(contacts: ContactRow[], level: Level, id: string, desks: Map<string, DeskRow>): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const c of contacts) if (contactIn(c, level, id, desks)) counts.set(c.reason, (counts.get(c.reason) ?? 0) + c.n);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** Sums the activity of a node over the days accepted by `dayOk`. */
export function sumActivity(a: Activity, level: Level, id: string, dayOk: (day: string) => boolean = () => true): { counters: Counters; durations: Durations } {
  const counters = zeroCounters();
  const durations: Durations = new Map();
  const inside = new Set(a.desks.filter((d) => deskIn(d, level, id)).map((d) => d.deskId));
  for (const [k, c] of a.counters) {
    const [deskId, day] = k.split('|') as [string, string];
    if (inside.has(deskId) && dayOk(day)) addCounters(counters, { ...c, contacts: 0 });
  }
  for (const [k, m] of a.durations) {
    const [deskId, day] = k.split('|') as [string, string];
    if (inside.has(deskId) && dayOk(day)) addDurations(durations, m);
  }
  const byId = new Map(a.desks.map((d) => [d.deskId, d]));
  for (const c of a.contacts) if (dayOk(c.day) && contactIn(c, level, id, byId)) counters.contacts += c.n;
  return { counters, durations };
}

export const CHILD_LEVEL: Record<Level, Level | null> = { region: 'province', province: 'office', office: 'desk', desk: null };

/** The children of a node, from its desks, in the desks' order: { level, id, name }. */
export function childrenOf(desks: DeskRow[], level: Level): { level: Level; id: string; name: string }[] {
  const child = CHILD_LEVEL[level];
  if (!child) return [];
  const seen = new Map<string, { level: Level; id: string; name: string }>();
  for (const d of desks) {
    const node = child === 'province' ? { id: d.provinceCode, name: d.provinceName }
      : child === 'office' ? { id: d.officeId, name: d.officeName }
        : { id: d.deskId, name: d.deskName };
    if (!seen.has(node.id)) seen.set(node.id, { level: child, ...node });
  }
  return [...seen.values()];
}

/** The same activity read from the daily rollups (closed days already rolled up). */
export async function loadRolledActivity(deps: MonitoringDeps, desks: DeskRow[], from: string, to: string, withDurations = true, o: LoadOptions = {}): Promise<Activity> {
  const ids = desks.map((d) => d.deskId);
  const provinces = [...new Set(desks.map((d) => d.provinceCode))];
  const none = <T>() => Promise.resolve({ rows: [] as T[] });
  const [days, durations, contacts] = await Promise.all([
    o.durationsOnly ? none<{ deskId: string; day: string } & Counters>() : deps.db.query<{ deskId: string; day: string } & Counters>(
      `SELECT desk_id AS "deskId", to_char(day, 'YYYY-MM-DD') AS day, offered, booked, cancelled, served, no_answer AS "noAnswer",
              calls, call_seconds::float8 AS "callSeconds", overrun, 0 AS contacts
         FROM monitoring_day WHERE desk_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date`,
      [ids, from, to],
    ),
    withDurations
      ? deps.db.query<{ deskId: string; day: string; sec: number; n: number }>(
        `SELECT desk_id AS "deskId", to_char(day, 'YYYY-MM-DD') AS day, sec, n
           FROM monitoring_day_duration WHERE desk_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date`,
        [ids, from, to],
      )
      : none<{ deskId: string; day: string; sec: number; n: number }>(),
    o.durationsOnly ? none<ContactRow>() : deps.db.query<ContactRow>(
      `SELECT province_code AS "provinceCode", desk_id AS "deskId", to_char(day, 'YYYY-MM-DD') AS day, reason, n
         FROM monitoring_day_contact WHERE province_code = ANY($1::text[]) AND day BETWEEN $2::date AND $3::date`,
      [provinces, from, to],
    ),
  ]);
  const counters = new Map<string, Counters>();
  for (const r of days.rows) {
    const { deskId, day, ...c } = r;
    counters.set(key(deskId, day), addCounters(zeroCounters(), c));
  }
  const dur = new Map<string, Durations>();
  for (const r of durations.rows) {
    let m = dur.get(key(r.deskId, r.day));
    if (!m) dur.set(key(r.deskId, r.day), (m = new Map()));
    m.set(r.sec, r.n);
  }
  return { desks, from, to, counters, durations: dur, contacts: contacts.rows };
}

/**
 * The activity of [from, to]: days inside the rolled-up range from the rollups, the others
 * (today, recent days not rolled yet, days before the range) from the raw tables. With
 * `rolledDurations: false` the call durations of the rolled days are left out (the caller
 * sums them in SQL with `rolledDurationsBy`), and `rolled` says which days those are.
 */
export interface RolledRange {
  /** The days of the asked range inside the rolled-up range. */
  from: string;
  to: string;
  /** The whole rolled-up range. */
  state: { from: string; to: string };
}

/** The part of [from, to] that the rollups hold (null: none). */
export async function rolledRange(deps: MonitoringDeps, from: string, to: string): Promise<RolledRange | null> {
  const st = await deps.db.query<{ a: string | null; b: string | null }>(
    `SELECT to_char(rolled_from, 'YYYY-MM-DD') AS a, to_char(rolled_through, 'YYYY-MM-DD') AS b FROM monitoring_rollup_state`,
  );
  const a = st.rows[0]?.a ?? null;
  const b = st.rows[0]?.b ?? null;
  if (!a || !b || b < from || a > to) return null;
  return { from: a > from ? a : from, to: b < to ? b : to, state: { from: a, to: b } };
}

export async function loadActivityFast(
  deps: MonitoringDeps, desks: DeskRow[], from: string, to: string, o: { rolledDurations?: boolean; rolled?: RolledRange | null } & LoadOptions = {},
): Promise<Activity & { rolled: RolledRange | null }> {
  const rolled = o.rolled !== undefined ? o.rolled : await rolledRange(deps, from, to);
  if (!rolled) return { ...(await loadActivity(deps, desks, from, to, o)), rolled: null };
  const rolledFrom = rolled.from;
  const rolledTo = rolled.to;
  const parts = await Promise.all([
    loadRolledActivity(deps, desks, rolledFrom, rolledTo, o.rolledDurations !== false, o),
    ...(from < rolledFrom ? [loadActivity(deps, desks, from, addDays(rolledFrom, -1), o)] : []),
    ...(rolledTo < to ? [loadActivity(deps, desks, addDays(rolledTo, 1), to, o)] : []),
  ]);
  const out: Activity = { desks, from, to, counters: new Map(), durations: new Map(), contacts: [] };
  for (const p of parts) {
    for (const [k, c] of p.counters) out.counters.set(k, addCounters(out.counters.get(k) ?? zeroCounters(), c));
    for (const [k, m] of p.durations) out.durations.set(k, addDurations(out.durations.get(k) ?? new Map(), m));
    out.contacts.push(...p.contacts);
  }
  return { ...out, rolled };
}

/**
 * Which rolled-up durations to read for the days `range` (inside the rolled range `state`): the
 * month rows of the months whose rolled days all lie in `range`, the day rows of the others.
 */
export function monthPlan(range: { from: string; to: string }, state: { from: string; to: string }): { months: string[]; days: string[] } {
  const months: string[] = [];
  const days: string[] = [];
  let m = `${range.from.slice(0, 7)}-01`;
  while (m <= range.to) {
    const next = m.slice(5, 7) === '12' ? `${Number(m.slice(0, 4)) + 1}-01-01` : `${m.slice(0, 5)}${String(Number(m.slice(5, 7)) + 1).padStart(2, '0')}-01`;
    const monthEnd = addDays(next, -1);
    const rolledFrom = state.from > m ? state.from : m;
    const rolledTo = state.to < monthEnd ? state.to : monthEnd;
    const wantFrom = range.from > m ? range.from : m;
    const wantTo = range.to < monthEnd ? range.to : monthEnd;
    if (wantFrom === rolledFrom && wantTo === rolledTo) months.push(m);
    else for (let d = wantFrom; d <= wantTo; d = addDays(d, 1)) days.push(d);
    m = next;
  }
  return { months, days };
}

/**
 * Call durations of rolled-up days, summed in the database from the per-node rollups: for the
 * node itself by `period` (first day of the day / ISO week / month), or for the nodes `ids` of
 * a level (the children; the desks for the slot-length report) over the whole range.
 */
export async function rolledDurationsBy(
  deps: MonitoringDeps, range: { from: string; to: string }, state: { from: string; to: string },
  by: { level: Level; id: string; period: 'day' | 'week' | 'month' } | { level: Level; ids: string[] },
): Promise<Map<string, Durations>> {
  const ids = 'ids' in by ? by.ids : [by.id];
  // Packed rows, one per node and day (or month): "sec:n,sec:n…", summed here per group.
  let rows: { node: string; at: string; durations: string }[];
  if ('period' in by && by.period !== 'month') {
    rows = (await deps.db.query<{ node: string; at: string; durations: string }>(
      `SELECT node, to_char(day, 'YYYY-MM-DD') AS at, durations FROM monitoring_node_day_packed
        WHERE level = $1 AND node = ANY($2::text[]) AND day BETWEEN $3::date AND $4::date`,
      [by.level, ids, range.from, range.to],
    )).rows;
  } else {
    const plan = monthPlan(range, state);
    rows = (await deps.db.query<{ node: string; at: string; durations: string }>(
      `SELECT node, to_char(month, 'YYYY-MM-DD') AS at, durations FROM monitoring_node_month_packed
        WHERE level = $1 AND node = ANY($2::text[]) AND month = ANY($3::date[])
       UNION ALL
       SELECT node, to_char(day, 'YYYY-MM-DD'), durations FROM monitoring_node_day_packed
        WHERE level = $1 AND node = ANY($2::text[]) AND day = ANY($4::date[])`,
      [by.level, ids, plan.months, plan.days],
    )).rows;
  }
  const out = new Map<string, Durations>();
  for (const row of rows) {
    const g = 'period' in by ? periodOf(row.at, by.period) : row.node;
    let m = out.get(g);
    if (!m) out.set(g, (m = new Map()));
    addPackedDurations(m, row.durations);
  }
  return out;
}

/**
 * One pass over the activity: sums the counters and durations into groups. `groupOf` names the
 * group of a desk's day (null: left out); `contactGroupOf` the group of a contact row.
 */
export function groupActivity(
  a: Activity,
  groupOf: (desk: DeskRow, day: string) => string | null,
  contactGroupOf: (c: ContactRow, desk: DeskRow | undefined) => string | null,
): Map<string, { counters: Counters; durations: Durations }> {
  const out = new Map<string, { counters: Counters; durations: Durations }>();
  const group = (g: string) => {
    let x = out.get(g);
    if (!x) out.set(g, (x = { counters: zeroCounters(), durations: new Map() }));
    return x;
  };
  const byId = new Map(a.desks.map((d) => [d.deskId, d]));
  for (const [k, c] of a.counters) {
    const sep = k.indexOf('|');
    const desk = byId.get(k.slice(0, sep));
    const g = desk ? groupOf(desk, k.slice(sep + 1)) : null;
    if (g !== null) addCounters(group(g).counters, { ...c, contacts: 0 });
  }
  for (const [k, m] of a.durations) {
    const sep = k.indexOf('|');
    const desk = byId.get(k.slice(0, sep));
    const g = desk ? groupOf(desk, k.slice(sep + 1)) : null;
    if (g !== null) addDurations(group(g).durations, m);
  }
  for (const c of a.contacts) {
    const g = contactGroupOf(c, c.deskId ? byId.get(c.deskId) : undefined);
    if (g !== null) group(g).counters.contacts += c.n;
  }
  return out;
}

/** The id of the node of `level` holding a desk. */
export function nodeIdOf(d: DeskRow, level: Level): string {
  return level === 'region' ? d.regionCode : level === 'province' ? d.provinceCode : level === 'office' ? d.officeId : d.deskId;
}

/** The contacts a node counts (see contactIn), grouped by the node of `level` they fall in. */
export function contactNodeOf(c: ContactRow, desk: DeskRow | undefined, level: Level): string | null {
  if (level === 'province') return c.provinceCode;
  if (level === 'region') return desk?.regionCode ?? null;
  return desk ? nodeIdOf(desk, level) : null;
}
