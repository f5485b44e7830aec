import { Secret, TOTP } from 'otpauth';

/** RFC 6238 TOTP as authenticator apps expect it: SHA-1, 6 digits, 30 s. */
const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = 'staff'): TOTP {
  return new TOTP({ issuer: 'Sportello', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** otpauth:// URI for a QR code or manual entry in an authenticator app. */
export function totpUri(secret: string, username: string): string {
  return totp(secret, username).toString();
}

export function totpCode(secret: string, at = Date.now()): string {
  return totp(secret).generate({ timestamp: at });
}

/**
 * Checks a code (±1 step of clock drift). Returns the accepted time step, or null.
 * A step at or before `lastStep` is refused: a code is never accepted twice.
 */
export function checkTotp(secret: string, code: string, lastStep: number | null, at = Date.now()): number | null {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const delta = totp(secret).validate({ token: clean, timestamp: at, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(at / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
