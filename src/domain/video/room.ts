/**
 * A video appointment's room, in pure terms: when it opens and closes, and the shape of the
 * citizen's entry code. No I/O.
 */
export const DEFAULT_OPEN_MINUTES = 5;
export const DEFAULT_CLOSE_MARGIN_MINUTES = 15;

/** Letters and digits that cannot be confused when read aloud or typed (no 0/O, 1/I/L). */
export const ENTRY_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ENTRY_CODE_LENGTH = 8;

export interface RoomWindow {
  opensAtMs: number;
  closesAtMs: number;
}

/** The room opens `openMinutes` before the slot and closes `closeMarginMinutes` after its end. */
export function roomWindow(slot: { startsAtMs: number; endsAtMs: number }, openMinutes: number, closeMarginMinutes: number): RoomWindow {
  return { opensAtMs: slot.startsAtMs - openMinutes * 60_000, closesAtMs: slot.endsAtMs + closeMarginMinutes * 60_000 };
}

export type RoomState = 'waiting' | 'open' | 'closed';

export function roomState(w: RoomWindow, nowMs: number): RoomState {
  if (nowMs < w.opensAtMs) return 'waiting';
  return nowMs < w.closesAtMs ? 'open' : 'closed';
}

/**
 * What the citizen typed, as the stored code: upper case, spaces and dashes dropped, the
 * letters people mistake for digits mapped back (O→0 is not in the alphabet, so O, I, L are
 * refused rather than guessed). Null when it cannot be a code.
 */
export function normaliseEntryCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== ENTRY_CODE_LENGTH) return null;
  for (const ch of s) if (!ENTRY_ALPHABET.includes(ch)) return null;
  return s;
}

/** The code as shown to people: two groups of four (ABCD-2345). */
export function formatEntryCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
