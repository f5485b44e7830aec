import type { Day, Slot } from '../api/types';

/** Only `open` slots can be booked (servers before the booking engine: any place left). */
export function isBookable(slot: Slot): boolean {
  return slot.state ? slot.state === 'open' : slot.remaining > 0;
}

export type DayKind = 'open' | 'full' | 'closed' | 'not_yet_open' | 'unavailable';

export function dayKind(day: Day): DayKind {
  if (day.status) return day.status;
  if (!day.open || day.slots.length === 0) return 'closed';
  return day.slots.some(isBookable) ? 'open' : 'full';
}
