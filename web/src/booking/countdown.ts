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

/**
 * What to say: the same minutes and seconds as the visible clock (`clock(seconds)`), in words —
 * 9:59 is "9 minutes and 59 seconds", never "10 minutes". Zero parts are left out.
 */
export function announcement(seconds: number): { minutes: number; seconds: number } {
  const s = Math.max(0, Math.floor(seconds));
  return { minutes: Math.floor(s / 60), seconds: s % 60 };
}

/** The announcement as words, with the page's translations. */
export function spokenTime(t: (key: string, o?: Record<string, unknown>) => string, seconds: number): string {
  const a = announcement(seconds);
  const parts = [
    ...(a.minutes > 0 ? [t('countdown.minutes', { count: a.minutes })] : []),
    ...(a.seconds > 0 || a.minutes === 0 ? [t('countdown.seconds', { count: a.seconds })] : []),
  ];
  return parts.join(t('countdown.and'));
}
