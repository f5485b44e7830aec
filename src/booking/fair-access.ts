import { createHmac, hkdfSync } from 'node:crypto';
import { addressGroup, DEFAULT_FAIR_ACCESS, PressureMeter, type FairAccessSettings } from '../domain/booking/fair-access.js';

export { DEFAULT_FAIR_ACCESS, type FairAccessSettings } from '../domain/booking/fair-access.js';

/**
 * Fair access to holds at run time (issue 16): the settings, this instance's pressure meter and
 * the keys — all derived from the booking secret — that sign challenges and hash client
 * addresses and browser sessions before they reach the database.
 */
export interface FairAccess {
  readonly settings: FairAccessSettings;
  readonly pressure: PressureMeter;
  /** HMAC secret signing the challenges' parameters (altcha `hmacSignatureSecret`). */
  readonly challengeSecret: string;
  /** HMAC secret signing the expected derived keys (altcha `hmacKeySignatureSecret`): verifying is one HMAC. */
  readonly keySecret: string;
  /** The client address as stored (booking.client_key): a keyed hash of its group (IPv6: the /64). */
  addressKey(ip: string): string;
  /** A browser session as stored (booking.client_session): a keyed hash. */
  sessionKey(session: string): string;
}

function derive(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'sportello', purpose, 32));
}

export function fairAccess(bookingSecret: Buffer, settings: Partial<FairAccessSettings> = {}): FairAccess {
  const hashKey = derive(bookingSecret, 'hold client keys v1');
  const keyed = (kind: string, value: string) => createHmac('sha256', hashKey).update(`${kind}:${value}`).digest('base64url').slice(0, 32);
  return {
    settings: { ...DEFAULT_FAIR_ACCESS, ...settings },
    pressure: new PressureMeter(),
    challengeSecret: derive(bookingSecret, 'hold challenges v1').toString('hex'),
    keySecret: derive(bookingSecret, 'hold challenge keys v1').toString('hex'),
    addressKey: (ip) => keyed('a', addressGroup(ip)),
    sessionKey: (session) => keyed('s', session),
  };
}
