/** The hold countdown: what to show every second, what to announce now and then. */

/** Seconds left at which screen readers hear how much time is left (aria-live polite). */
export const ANNOUNCE_AT_SECONDS = [5 * 60, 2 * 60, 60, 30] as const;

/** Whole seconds left before `deadline` (never negative). */
export function secondsLeft(deadlineMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000));
}

/** "9:05" — minutes and seconds, for the visible timer. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The announcement threshold crossed between two readings of the seconds left
 * (`before` > t ≥ `now`), or null. When several were crossed at once (a tab in the
 * background), only the lowest is announced.
 */
export function crossedThreshold(before: number, now: number): number | null {
  let crossed: number | null = null;
  for (const t of ANNOUNCE_AT_SECONDS) if (before > t && now <= t) crossed = t;
  return crossed;
}

/** What to say: minutes (rounded) down to 45 seconds, then seconds. */
export function announcement(seconds: number): { key: 'countdown.minutesLeft' | 'countdown.secondsLeft'; count: number } {
  // 59 s left when the page first reads the clock is still "1 minute" to a listener.
  return seconds >= 45
    ? { key: 'countdown.minutesLeft', count: Math.max(1, Math.round(seconds / 60)) }
    : { key: 'countdown.secondsLeft', count: seconds };
}
