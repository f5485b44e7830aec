import type { Channel } from '../domain/catalog/types.js';
import { AppError } from '../domain/errors.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { HoldGuard } from './claim-batches.js';
import { claimPlace } from './claim-place.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { bookableDesk, resolveSlot } from './resolve-slot.js';
import { hashToken, newToken } from './secrets.js';
import type { z } from 'zod';
import type { holdResponse } from './routes.schema.js';

export interface HoldInput {
  deskId: string;
  startMs: number;
  channel: Channel;
  priority?: boolean;
  actor?: string;
  /** An anonymous citizen's hold through the web: limits and challenge, decided by the database. */
  guard?: HoldGuard;
}

export type HoldView = z.output<typeof holdResponse>;

/**
 * Holds one place of a slot while the citizen fills in the form. The hold counts as taken
 * until it expires; an expired hold stops counting at once (availability ignores lapsed
 * holds) and is marked expired by the next claim on the slot or by the sweeper.
 */
export async function holdPlace(deps: BookingDeps, input: HoldInput): Promise<HoldView> {
  const calendar = await bookableDesk(deps, input.deskId, input.channel);
  // The desk's pressure (holds per minute) decides how hard its next challenges are.
  deps.fairAccess.pressure.record(calendar.deskId, deps.now());
  const resolved = resolveSlot(deps, calendar, input.startMs);
  // A citizen aiming at a slot the database has just found full is told so here (see
  // availability-cache.ts); staff always ask the database.
  const citizen = !input.actor?.startsWith('staff:');
  const priority = input.priority ?? false;
  if (citizen && deps.availability.knownFull(calendar.deskId, resolved.slot.startMs, priority)) throw bookingErrors.slotFull();
  const token = newToken();
  const expiresMs = Math.min(deps.now() + calendar.holdMinutes * 60_000, resolved.slot.startMs);
  // One statement, its own transaction (see claim-place.ts), committed without waiting for the
  // WAL flush: a crash can lose a hold of its last fraction of a second, never a booking.
  const claim = await claimPlace(deps.db, deps, resolved, {
    status: 'held',
    holdExpiresAtMs: expiresMs,
    holdTokenHash: hashToken(token),
    channel: input.channel,
    priority,
    source: 'web',
    asyncCommit: true,
    ...(input.guard ? { guard: input.guard } : {}),
  }, input.actor ?? 'citizen').catch((err: unknown) => {
    if (citizen && err instanceof AppError && err.code === 'slot_full') deps.availability.rememberFull(calendar.deskId, resolved.slot.startMs, priority);
    throw err;
  });
  const zone = calendar.timeZone;
  return {
    holdId: claim.id,
    holdToken: token,
    deskId: calendar.deskId,
    start: toIsoWithOffset(resolved.slot.startMs, zone),
    end: toIsoWithOffset(resolved.slot.endMs, zone),
    expiresAt: toIsoWithOffset(expiresMs, zone),
    holdMinutes: calendar.holdMinutes,
  };
}
