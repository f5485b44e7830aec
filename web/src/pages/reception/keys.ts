/** Keyboard helpers of the console: shortcuts are matched on the physical key (event.code), so they work on every layout. */
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

type AnyKeyEvent = KeyboardEvent | ReactKeyboardEvent;

/** A field where typing a digit or a letter means text (not a shortcut). */
export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['radio', 'checkbox', 'button', 'submit', 'reset'].includes(target.type);
  return false;
}

/** 1–9 pressed alone (top row or keypad), else null. */
export function digitOf(e: AnyKeyEvent, max = 9): number | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code) ?? /^([1-9])$/.exec(e.key);
  const n = m ? Number(m[1]) : null;
  return n !== null && n <= max ? n : null;
}

/** The letter of an Alt+letter shortcut ("N" for Alt+N), else null. */
export function altLetter(e: AnyKeyEvent): string | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  const m = /^Key([A-Z])$/.exec(e.code);
  return m ? m[1]! : null;
}
