import { createHmac, timingSafeEqual } from 'node:crypto';
import { verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { z } from 'zod';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { CHALLENGE_ALGORITHM } from './issue-challenge.js';

const payloadSchema = z.object({
  challenge: z.object({
    parameters: z.looseObject({
      algorithm: z.literal(CHALLENGE_ALGORITHM),
      nonce: z.string().regex(/^[0-9a-f]{16,64}$/),
      data: z.looseObject({ desk: z.string(), s: z.string().min(8).max(64), exp: z.number().int() }),
    }),
    signature: z.string().min(1).max(256),
  }),
  solution: z.object({ counter: z.number().int().nonnegative(), derivedKey: z.string().max(256) }),
});

export interface SolvedChallenge {
  /** The challenge's nonce: one hold per challenge (hold_challenge, migration 0015). */
  id: string;
  expiresMs: number;
  /** The browser session the challenge was issued to. */
  session: string;
}

/**
 * Checks the solved challenge sent with a hold (the `x-altcha` header: base64 of
 * `{ challenge, solution }`, as the altcha widget sends it): signed by us, for this desk, not
 * expired on the engine's clock, solved. Whether it was used before is the database's call,
 * when the hold is written. Missing → challenge_required (400); anything else wrong →
 * challenge_invalid (403).
 */
export async function checkChallenge(deps: BookingDeps, input: { deskId: string; payload: string | undefined }): Promise<SolvedChallenge> {
  if (!input.payload) throw bookingErrors.challengeRequired();
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(input.payload, 'base64').toString('utf8'));
  } catch {
    throw bookingErrors.challengeInvalid();
  }
  const parsed = payloadSchema.safeParse(raw);
  if (!parsed.success) throw bookingErrors.challengeInvalid();
  const { challenge, solution } = parsed.data;
  const data = challenge.parameters.data;
  const expiresMs = data.exp * 1000;
  if (data.desk !== input.deskId || expiresMs <= deps.now()) throw bookingErrors.challengeInvalid();
  // As received (every member counts in the signature), once its shape is known to be right.
  const received = (raw as { challenge: Challenge }).challenge;
  const verified = typeof received.parameters.keySignature === 'string'
    ? verifiedOrFalse(() => verifySigned(received, solution, deps.fairAccess.challengeSecret, deps.fairAccess.keySecret))
    : (await verifySolution({
        challenge: received,
        solution,
        deriveKey,
        hmacSignatureSecret: deps.fairAccess.challengeSecret,
        hmacKeySignatureSecret: deps.fairAccess.keySecret,
      }).catch(() => null))?.verified === true;
  if (!verified) throw bookingErrors.challengeInvalid();
  return { id: challenge.parameters.nonce, expiresMs, session: data.s };
}

/**
 * altcha-lib's verifySolution for a challenge that carries the signed expected key (every
 * challenge issueChallenge makes: deterministic mode), with node:crypto's HMAC: the same two
 * checks — the challenge's parameters signed by us (HMAC-SHA-256 of their canonical JSON), the
 * solution's key signed by us (HMAC-SHA-256 of its bytes with the key secret) — and the same
 * result. altcha-lib runs each HMAC through WebCrypto, importing the key every time and
 * crossing to libuv's thread pool and back: about 0.25 ms of the event loop and 1 ms of wall
 * time per hold on the benchmark machine, against a few microseconds here, on the busiest
 * request of a release morning. A challenge without a key signature still goes to
 * verifySolution (it re-derives the key).
 */
export function verifySigned(
  challenge: Challenge, solution: { counter: number; derivedKey: string }, signatureSecret: string, keySecret: string,
): boolean {
  const { parameters } = challenge;
  if (typeof parameters.expiresAt === 'number' && parameters.expiresAt < Date.now() / 1000) return false;
  if (typeof challenge.signature !== 'string' || typeof parameters.keySignature !== 'string') return false;
  const signature = createHmac('sha256', signatureSecret).update(JSON.stringify(sortKeys(parameters))).digest('hex');
  if (!sameText(challenge.signature, signature)) return false;
  if (!/^(?:[0-9a-f]{2})+$/.test(solution.derivedKey) || !Number.isInteger(solution.counter) || solution.counter < 0 || solution.counter > 0xffffffff) {
    return false;
  }
  const keySignature = createHmac('sha256', keySecret).update(Buffer.from(solution.derivedKey, 'hex')).digest('hex');
  return sameText(parameters.keySignature, keySignature);
}

/** Anything thrown while checking (e.g. a data member nested too deep to sort) is a failed check, as in verifySolution's promise. */
function verifiedOrFalse(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

/** altcha-lib's canonical form: object keys sorted at every depth, undefined members left out. */
function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.keys(value).sort().flatMap((k) => {
      const v = (value as Record<string, unknown>)[k];
      return v === undefined ? [] : [[k, sortKeys(v)]];
    }),
  );
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

