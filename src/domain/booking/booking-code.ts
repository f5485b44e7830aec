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

const CODE_PATTERN = /^([A-Z0-9]{2,10})-(\d{1,3})-([2-9A-HJKMNP-Z]{5})$/;

/** Reads a code as typed or dictated (lower case, spaces or dots for dashes); null if it cannot be one. */
export function normaliseBookingCode(input: string): string | null {
  const value = input.trim().toUpperCase().replace(/[\s._–—]+/g, '-').replace(/-+/g, '-');
  return CODE_PATTERN.test(value) ? value : null;
}

/** Six digits, each from `random(10)`. */
export function makePin(random: (n: number) => number): string {
  let pin = '';
  for (let i = 0; i < 6; i++) pin += String(random(10));
  return pin;
}

export const isPin = (s: string): boolean => /^\d{6}$/.test(s);
