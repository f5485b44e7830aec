import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../platform/crypto.js';

/** Integers in [0, n) from the operating system's random source. */
export const secureRandom = (n: number): number => randomInt(n);

/** A secret for a link or a hold, and the hash that the database keeps of it. */
export function newToken(): string {
  return randomToken(24);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenMatches(token: string, hash: string | null): boolean {
  if (!hash) return false;
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * PINs have a million values, so a slow hash alone would not stop an offline search:
 * the hash is an HMAC keyed with the server secret (kept outside the database), salted
 * per booking. Format: `h1$<salt>$<hex>`.
 */
export function hashPin(secret: Buffer, pin: string): string {
  const salt = randomToken(12);
  return `h1$${salt}$${createHmac('sha256', secret).update(`${salt}:${pin}`).digest('hex')}`;
}

export function pinMatches(secret: Buffer, pin: string, stored: string | null): boolean {
  const [version, salt, hex] = (stored ?? '').split('$');
  if (version !== 'h1' || !salt || !hex) return false;
  const expected = Buffer.from(hex, 'hex');
  const actual = createHmac('sha256', secret).update(`${salt}:${pin}`).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The token of a waiting-list entry's page: derived from the server secret and the entry's
 * id, so that the message worker can put the page's link in its messages without the token
 * ever being kept (the database keeps only its hash, like every other token).
 */
export function waitlistToken(secret: Buffer, entryId: string): string {
  return createHmac('sha256', secret).update(`waitlist-entry:${entryId}`).digest('base64url');
}
