/**
 * Time-zone arithmetic with caches, so that slot generation does not call luxon per slot.
 *
 * Local date -> UTC: the zone offset is computed once per (zone, local date) with luxon and cached.
 * On a day whose offset is the same at local 00:00 and 23:59 (all days but the daylight-saving
 * change days) a local time converts with plain arithmetic; on change days every conversion goes
 * through luxon, which resolves a non-existent local time forward and an ambiguous one to the
 * later offset.
 *
 * UTC -> local (toIsoWithOffset): the offset is cached per (zone, UTC day) when it is constant
 * over that UTC day; otherwise luxon is asked for that instant.
 */
import { DateTime, IANAZone } from 'luxon';
import { dateOfDayNumber } from './time.js';

export const DEFAULT_ZONE = 'Europe/Rome';

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;
const CACHE_LIMIT = 200_000;

interface LocalDayInfo {
  /** Offset is the same at local 00:00 and 23:59 and 00:00 exists. */
  uniform: boolean;
  /** Offset in minutes at local 00:00 (meaningful when uniform). */
  offsetMin: number;
}

const localDayCache = new Map<string, Map<number, LocalDayInfo>>();
const utcDayCache = new Map<string, Map<number, number | null>>();
const zoneCache = new Map<string, IANAZone>();

function ianaZone(zone: string): IANAZone {
  let z = zoneCache.get(zone);
  if (!z) {
    if (!IANAZone.isValidZone(zone)) throw new RangeError(`invalid time zone: ${zone}`);
    z = IANAZone.create(zone);
    zoneCache.set(zone, z);
  }
  return z;
}

function subCache<V>(root: Map<string, Map<number, V>>, zone: string): Map<number, V> {
  let m = root.get(zone);
  if (!m) {
    m = new Map();
    root.set(zone, m);
  } else if (m.size > CACHE_LIMIT) {
    m.clear();
  }
  return m;
}

function luxonLocal(dayNumber: number, minutes: number, zone: string): DateTime {
  const date = dateOfDayNumber(dayNumber);
  return DateTime.fromObject(
    {
      year: Number(date.slice(0, 4)),
      month: Number(date.slice(5, 7)),
      day: Number(date.slice(8, 10)),
      hour: Math.floor(minutes / 60),
      minute: minutes % 60,
    },
    { zone: ianaZone(zone) },
  );
}

function localDayInfo(dayNumber: number, zone: string): LocalDayInfo {
  const cache = subCache(localDayCache, zone);
  let info = cache.get(dayNumber);
  if (!info) {
    const start = luxonLocal(dayNumber, 0, zone);
    const end = luxonLocal(dayNumber, 23 * 60 + 59, zone);
    const uniform =
      start.offset === end.offset && start.hour === 0 && start.minute === 0 && end.hour === 23 && end.minute === 59;
    info = { uniform, offsetMin: start.offset };
    cache.set(dayNumber, info);
  }
  return info;
}

/** True if the zone's UTC offset changes during this local day (daylight-saving change day). */
export function isOffsetChangeDay(dayNumber: number, zone: string = DEFAULT_ZONE): boolean {
  return !localDayInfo(dayNumber, zone).uniform;
}

/**
 * UTC epoch ms of local wall-clock `minutes` (0..1440, 1440 = next day's 00:00) on the local date
 * with this day number (days since 1970-01-01), in `zone`.
 */
export function localTimeToUtcMs(dayNumber: number, minutes: number, zone: string = DEFAULT_ZONE): number {
  if (minutes >= 1440) return localTimeToUtcMs(dayNumber + 1, minutes - 1440, zone);
  const info = localDayInfo(dayNumber, zone);
  if (info.uniform) return dayNumber * DAY_MS + (minutes - info.offsetMin) * MIN_MS;
  return luxonLocal(dayNumber, minutes, zone).toMillis();
}

/** The zone's UTC offset in minutes at instant `ms`. */
export function offsetMinutesAt(ms: number, zone: string = DEFAULT_ZONE): number {
  const utcDay = Math.floor(ms / DAY_MS);
  const cache = subCache(utcDayCache, zone);
  let off = cache.get(utcDay);
  if (off === undefined) {
    const z = ianaZone(zone);
    const a = z.offset(utcDay * DAY_MS);
    const b = z.offset((utcDay + 1) * DAY_MS - 1);
    off = a === b ? a : null;
    cache.set(utcDay, off);
  }
  return off ?? ianaZone(zone).offset(ms);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * ISO 8601 local time with offset, e.g. `2026-03-30T09:00:00+02:00`.
 * Milliseconds are written only when not zero.
 */
export function toIsoWithOffset(ms: number, zone: string = DEFAULT_ZONE): string {
  if (!Number.isFinite(ms)) throw new RangeError(`invalid instant: ${ms}`);
  // Slot boundaries repeat on every availability request: remember the last ones written.
  let cache = isoCache.get(zone);
  if (!cache) isoCache.set(zone, (cache = new Map()));
  const hit = cache.get(ms);
  if (hit !== undefined) return hit;
  if (cache.size >= ISO_CACHE_MAX) cache.clear();
  const iso = formatIsoWithOffset(ms, zone);
  cache.set(ms, iso);
  return iso;
}

const ISO_CACHE_MAX = 200_000;
const isoCache = new Map<string, Map<number, string>>();

function formatIsoWithOffset(ms: number, zone: string): string {
  const off = offsetMinutesAt(ms, zone);
  const iso = new Date(ms + off * MIN_MS).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const millis = iso.slice(19, 23);
  const abs = Math.abs(off);
  const sign = off < 0 ? '-' : '+';
  return `${iso.slice(0, 19)}${millis === '.000' ? '' : millis}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
