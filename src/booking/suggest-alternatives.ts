import { rankByDistance, type RankedOffice } from '../domain/catalog/nearby.js';
import type { Channel } from '../domain/catalog/types.js';
import { AppError } from '../domain/errors.js';
import type { BookingDeps } from './deps.js';
import type { DeskCalendar } from './desk-calendar.js';
import { firstAvailable } from './get-availability.js';
import { bookableDesk } from './resolve-slot.js';
import type { z } from 'zod';
import type { alternativesResponse } from './routes.schema.js';

/** At most this many desks are suggested. */
export const MAX_ALTERNATIVES = 3;
/**
 * At most this many of the nearest desks are looked at: when all of them are full too, so is
 * the region, most likely, and a farther desk would be of little use. Bounds the work of one
 * request (a public, anonymous route) to this many first-available searches, each kept by the
 * availability cache for a second.
 */
export const MAX_EXAMINED = 8;

export type Alternative = z.output<typeof alternativesResponse>['alternatives'][number];

interface Candidate {
  deskId: string;
  officeId: string;
  officeCode: string;
  name: string;
  town: string;
  provinceCode: string;
  location: { latitude: number; longitude: number } | null;
}

/**
 * The desks of the same kind (same key: "prestazioni", "invalidita-civile"…) at the nearest
 * other offices that have a free place now, nearest first, each with its first free slot: what
 * a desk with nothing free suggests beside its waiting list (issue 21). Only active desks that
 * offer the channel; the first-available searches are not refusals (nobody was refused there).
 */
export async function suggestAlternatives(
  deps: BookingDeps,
  input: { deskId: string; channel?: Channel | undefined; priority?: boolean | undefined },
): Promise<Alternative[]> {
  const calendar = await bookableDesk(deps, input.deskId, input.channel);
  const ranked = await rankedCandidates(deps, calendar, input.channel);
  const found: Alternative[] = [];
  let next = 0;
  // In small batches, nearest first: never more searches than places still to fill.
  while (found.length < MAX_ALTERNATIVES && next < Math.min(ranked.length, MAX_EXAMINED)) {
    const batch = ranked.slice(next, Math.min(next + MAX_ALTERNATIVES - found.length, MAX_EXAMINED));
    next += batch.length;
    const slots = await Promise.all(batch.map((c) => firstFree(deps, c.office.deskId, input.channel, input.priority)));
    batch.forEach((c, i) => {
      const slot = slots[i];
      if (slot) found.push(alternativeOf(c, slot));
    });
  }
  return found;
}

function alternativeOf({ office: c, km }: RankedOffice<Candidate>, slot: { start: string; end: string }): Alternative {
  return {
    deskId: c.deskId,
    officeId: c.officeId,
    officeCode: c.officeCode,
    officeName: c.name,
    town: c.town,
    provinceCode: c.provinceCode,
    distanceKm: km === null ? null : Math.round(km),
    firstSlot: { start: slot.start, end: slot.end },
  };
}

/**
 * The other offices' desks of this desk's kind, ranked. Kept with the desk's calendar (a
 * calendar is immutable and read again after a few seconds or after an import): a bot asking
 * again and again costs no query for it.
 */
const rankings = new WeakMap<DeskCalendar, Map<string, Promise<RankedOffice<Candidate>[]>>>();

function rankedCandidates(deps: BookingDeps, calendar: DeskCalendar, channel: Channel | undefined): Promise<RankedOffice<Candidate>[]> {
  let byChannel = rankings.get(calendar);
  if (!byChannel) rankings.set(calendar, (byChannel = new Map()));
  const key = channel ?? '';
  let ranked = byChannel.get(key);
  if (!ranked) {
    ranked = loadRanking(deps, calendar.deskId, channel);
    byChannel.set(key, ranked);
    ranked.catch(() => byChannel.delete(key));
  }
  return ranked;
}

async function loadRanking(deps: BookingDeps, deskId: string, channel: Channel | undefined): Promise<RankedOffice<Candidate>[]> {
  const origin = await deps.db.query<{ name: string; provinceCode: string; latitude: number | null; longitude: number | null }>(
    `SELECT o.name, o.province_code AS "provinceCode", o.latitude, o.longitude
       FROM desk d JOIN office o ON o.id = d.office_id WHERE d.id = $1`,
    [deskId],
  );
  const here = origin.rows[0];
  if (!here) return [];
  const rows = await deps.db.query<{
    deskId: string; officeId: string; officeCode: string; name: string; town: string; provinceCode: string; latitude: number | null; longitude: number | null;
  }>(
    `SELECT d.id AS "deskId", o.id AS "officeId", o.code AS "officeCode", o.name, o.town, o.province_code AS "provinceCode",
            o.latitude, o.longitude
       FROM desk d JOIN office o ON o.id = d.office_id
       JOIN desk origin ON origin.id = $1
      WHERE d.key = origin.key AND d.office_id <> origin.office_id AND d.active
        AND ($2::text IS NULL OR $2 = ANY(d.channels))`,
    [deskId, channel ?? null],
  );
  const located = <T extends { latitude: number | null; longitude: number | null }>(r: T) =>
    r.latitude !== null && r.longitude !== null ? { latitude: Number(r.latitude), longitude: Number(r.longitude) } : null;
  return rankByDistance(
    { name: here.name, provinceCode: here.provinceCode, location: located(here) },
    rows.rows.map((r) => ({ ...r, location: located(r) })),
  );
}

/**
 * A desk's first free slot, from the availability cache when a fresh answer is there (the
 * desk's own writes make it stale at once); null when it has none or cannot be booked now.
 */
async function firstFree(
  deps: BookingDeps,
  deskId: string,
  channel: Channel | undefined,
  priority: boolean | undefined,
): Promise<{ start: string; end: string } | null> {
  const basis = deps.calendars.get(deps.db, deskId);
  const key = `first|${channel ?? ''}|${priority ? 'priority' : 'ordinary'}`;
  try {
    const json = await deps.availability.get(deskId, key, basis, async () =>
      JSON.stringify(await firstAvailable(deps, { deskId, channel, priority })));
    return JSON.parse(json) as { start: string; end: string } | null;
  } catch (err) {
    // Deactivated, or its channels changed, since the list was read: not a suggestion.
    if (err instanceof AppError && err.status < 500) return null;
    throw err;
  }
}
