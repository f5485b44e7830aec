/**
 * Booking codes a person can read out on the phone: the office code, the desk number in the
 * office's own numbering, and five characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L): `MI01-2-7KQ3X`. 31^5 ≈ 28.6 million codes per desk.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_RANDOM_LENGTH = 5;

/** `random` returns integers in [0, n): crypto-backed in production, seeded in tests. */
export function makeBookingCode(officeCode: string, deskNumber: number, random: (n: number) => number): string {
  let tail = '';
  for (let i = 0; i < CODE_RANDOM_LENGTH; i++) tail += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return `${officeCode}-${deskNumber}-${tail}`;
}

const TAIL = /^[2-9A-HJKMNP-Z]{5}$/;
const SEPARATORS = /[\s._\-–—/\\]+/;

/**
 * The office and desk part of a code with look-alikes made one: O → 0, I and L → 1. Two office
 * codes that fold alike cannot be told apart when read aloud (the office import refuses them).
 */
export function foldLookAlikes(text: string): string {
  return text.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

/**
 * What a typed or dictated code says before the office codes are known: the five-character
 * tail and the office-and-desk part (split when the citizen separated them). Null when it
 * cannot be a code at all. Accepts lower case, spaces, dots or no separators.
 */
export interface CodeShape {
  /** Office and desk, look-alikes folded: `C0011` for "c o o 1 1". */
  head: string;
  /** Where the office part ends in `head`, when the citizen separated office and desk. */
  officeLength: number | null;
  tail: string;
}

export function bookingCodeShape(input: string): CodeShape | null {
  if (input.length > 40) return null;
  const parts = input.trim().toUpperCase().split(SEPARATORS).filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !/^[A-Z0-9]+$/.test(p))) return null;
  const joined = parts.join('');
  const tail = joined.slice(-CODE_RANDOM_LENGTH);
  const headRaw = joined.slice(0, -CODE_RANDOM_LENGTH);
  // Office codes hold a letter (the province): a phone number is never read as a code.
  if (!TAIL.test(tail) || headRaw.length < 3 || headRaw.length > 13 || !/[A-Z]/.test(headRaw)) return null;
  const head = foldLookAlikes(headRaw);
  if (!/^[A-Z0-9]+\d$/.test(head)) return null;
  // "MI01 2 7KQ3X": office, desk and tail separated, so the office part's length is known.
  const officeLength = parts.length === 3 && parts[2]!.length === CODE_RANDOM_LENGTH && /^\d{1,3}$/.test(foldLookAlikes(parts[1]!)) ? parts[0]!.length : null;
  return { head, officeLength, tail };
}

/**
 * The canonical codes (`CO01-1-EFEF5`) an input can be, given the office codes that exist:
 * lower case, spaces, no dashes and 0/O, 1/I/L confused in the office and desk part are all
 * read. Usually one; none when it matches no office; several only if office codes fold alike.
 * The one way every use case reads a booking code.
 */
export function readBookingCode(input: string, officeCodes: Iterable<string>): string[] {
  const shape = bookingCodeShape(input);
  if (!shape) return [];
  const found = new Set<string>();
  for (const office of officeCodes) {
    const folded = foldLookAlikes(office);
    if (!shape.head.startsWith(folded)) continue;
    if (shape.officeLength !== null && shape.officeLength !== folded.length) continue;
    const desk = shape.head.slice(folded.length);
    if (!/^[1-9]\d{0,2}$/.test(desk)) continue;
    found.add(`${office}-${desk}-${shape.tail}`);
  }
  return [...found];
}

/** Whether an input may be a booking code (forms check this before asking the server). */
export const mayBeBookingCode = (input: string): boolean => bookingCodeShape(input) !== null;

/** Six digits, each from `random(10)`. */
export function makePin(random: (n: number) => number): string {
  let pin = '';
  for (let i = 0; i < 6; i++) pin += String(random(10));
  return pin;
}

export const isPin = (s: string): boolean => /^\d{6}$/.test(s);

/**
 * A waiting-list entry's code, `LA-7KQ3XM` ("lista d'attesa"): six characters of the same
 * alphabet (31^6 ≈ 887 million). With the tax code it finds the place again.
 */
export function makeWaitlistCode(random: (n: number) => number): string {
  let tail = '';
  for (let i = 0; i < 6; i++) tail += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return `LA-${tail}`;
}

/** The canonical waiting-list code an input is (case, spaces and dashes do not matter), or null. */
export function readWaitlistCode(input: string): string | null {
  if (input.length > 40) return null;
  const joined = input.toUpperCase().replace(/[\s._\-–—/\\]+/g, '');
  const m = /^LA([2-9A-HJKMNP-Z]{6})$/.exec(joined);
  return m ? `LA-${m[1]}` : null;
}
