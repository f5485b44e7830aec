/**
 * Pure helpers of the URP dashboard: scopes in the URL, numbers and durations in the
 * reader's language, date ranges, the slot-length sentence and which live changes are
 * worth announcing. No React, no network: unit-tested in format.test.ts.
 */
import { addDays, TIME_ZONE, type UiLang } from '../../lib/time';
import type { Alert, DeskSlotLength, Granularity, Level, Live, ScopeRef } from './api';

/** A translation function (i18next's `t`, or a test's). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

const LOCALES: Record<UiLang, string> = { it: 'it-IT', en: 'en-GB' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `region:LOM`, `province:CO`, `office:<uuid>`, `desk:<uuid>` → its parts; anything else → null. */
export function parseScope(raw: string | null | undefined): { level: Level; id: string } | null {
  if (!raw) return null;
  const m = /^(region|province|office|desk):(.+)$/.exec(raw.trim());
  if (!m) return null;
  const level = m[1] as Level;
  const id = m[2]!;
  if ((level === 'region' || level === 'province') && !/^[A-Z]{2,3}$/.test(id)) return null;
  if ((level === 'office' || level === 'desk') && !UUID.test(id)) return null;
  return { level, id };
}

/** The `scope` parameter of a node. */
export function scopeParam(ref: Pick<ScopeRef, 'level' | 'id'>): string {
  return `${ref.level}:${ref.id}`;
}

/** The level below (region → province → office → desk); a desk has none. */
export function childLevel(level: Level): Level | null {
  return level === 'region' ? 'province' : level === 'province' ? 'office' : level === 'office' ? 'desk' : null;
}

/** "12,5%" / "12.5%": a 0..1 share as a percentage with at most one decimal. */
export function formatPercent(share: number, lang: UiLang): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** "1.234" / "1,234" */
export function formatInt(n: number, lang: UiLang): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 }).format(n);
}

/** "6 min 05 s", "45 s", "—" (no figure): a duration in seconds, rounded to the second. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const total = Math.round(seconds);
  const min = Math.floor(total / 60);
  const sec = total % 60;
  if (min === 0) return `${sec} s`;
  return `${min} min ${String(sec).padStart(2, '0')} s`;
}

/** "14:05:09": wall-clock time in Rome of an ISO instant, with seconds. */
export function formatClock(iso: string, lang: UiLang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** "27/11, 08:30" / "27/11, 08:30": a short date and time in Rome. */
export function formatShortDateTime(iso: string, lang: UiLang): string {
  const d = new Date(iso);
  const day = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit' }).format(d);
  const time = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return `${day}, ${time}`;
}

const noon = (date: string) => new Date(`${date}T12:00:00Z`);

/** Label of a history period (its first day): "26/11", "23/11" (week of), "nov 2026" / "Nov 2026". */
export function formatPeriod(period: string, granularity: Granularity, lang: UiLang): string {
  if (granularity === 'month') {
    return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: TIME_ZONE, month: 'short', year: 'numeric' }).format(noon(period));
  }
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', ...(granularity === 'week' ? { year: '2-digit' } : {}) }).format(noon(period));
}

/** "26 novembre 2026": a calendar day. */
export function formatDate(day: string, lang: UiLang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' }).format(noon(day));
}

export type Preset = '7d' | '30d' | '12m';
export const PRESETS: readonly Preset[] = ['7d', '30d', '12m'];
export const MAX_RANGE_DAYS = 400;

/** The range of a preset, ending on `today` (included), with its natural granularity. */
export function presetRange(preset: Preset, today: string): { from: string; to: string; granularity: Granularity } {
  if (preset === '7d') return { from: addDays(today, -6), to: today, granularity: 'day' };
  if (preset === '30d') return { from: addDays(today, -29), to: today, granularity: 'day' };
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const from = new Date(Date.UTC(y - 1, m - 1, d + 1)).toISOString().slice(0, 10);
  return { from, to: today, granularity: 'month' };
}

/** Days from `from` to `to`, both included. */
export function daysInRange(from: string, to: string): number {
  return Math.round((noon(to).getTime() - noon(from).getTime()) / 86_400_000) + 1;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with a range, as a key under `monitoring.range.` — or null when it can be asked for. */
export function rangeProblem(from: string, to: string): 'missing' | 'order' | 'tooLong' | null {
  if (!DAY.test(from) || !DAY.test(to) || Number.isNaN(noon(from).getTime()) || Number.isNaN(noon(to).getTime())) return 'missing';
  if (from > to) return 'order';
  if (daysInRange(from, to) > MAX_RANGE_DAYS) return 'tooLong';
  return null;
}

export function isGranularity(v: string | null): v is Granularity {
  return v === 'day' || v === 'week' || v === 'month';
}

/**
 * The plain-language verdict of a desk's slot length:
 * "Il 90% delle chiamate dura al massimo 9 minuti: lo slot è di 8." plus how many overran.
 */
export function slotSentence(desk: Pick<DeskSlotLength, 'calls' | 'slotMinutes' | 'minutesCovering90' | 'overrunShare'>, t: Translate, lang: UiLang): string {
  if (desk.calls === 0 || desk.minutesCovering90 === null) return t('monitoring.slot.sentence.noCalls', { slot: desk.slotMinutes });
  const base = t('monitoring.slot.sentence.covering', { count: desk.minutesCovering90, minutes: desk.minutesCovering90, slot: desk.slotMinutes });
  const verdict =
    desk.minutesCovering90 <= desk.slotMinutes
      ? t('monitoring.slot.sentence.enough')
      : t('monitoring.slot.sentence.short', { share: formatPercent(desk.overrunShare, lang) });
  return `${base} ${verdict}`;
}

/** A change worth telling a screen-reader user about, as a translation key and its values. */
export interface Announcement {
  key: string;
  values: Record<string, string | number>;
}

const alertKey = (a: Alert) => `${a.code}|${a.scope.level}:${a.scope.id}`;

/**
 * What changed between two live answers that deserves a spoken announcement: alerts that
 * started or ended, operators coming on or going off duty, the stream lost or back. Routine
 * counters (a booking more, a call ended) are left to the visible figures — announcing every
 * tick would drown the page. The first answer and a change of scope announce nothing.
 */
export function significantChanges(prev: Live | null, next: Live, lang: UiLang): Announcement[] {
  if (!prev || scopeParam(prev.scope) !== scopeParam(next.scope) || prev.day !== next.day) return [];
  const out: Announcement[] = [];
  const before = new Map(prev.alerts.map((a) => [alertKey(a), a]));
  const after = new Map(next.alerts.map((a) => [alertKey(a), a]));
  for (const [k, a] of after) if (!before.has(k)) out.push({ key: 'monitoring.announce.alertStarted', values: { message: a.message[lang] } });
  for (const [k, a] of before) if (!after.has(k)) out.push({ key: 'monitoring.announce.alertEnded', values: { message: a.message[lang] } });
  if (prev.now.operatorsOnDuty !== next.now.operatorsOnDuty) {
    out.push({ key: 'monitoring.announce.onDuty', values: { count: next.now.operatorsOnDuty } });
  }
  return out;
}
