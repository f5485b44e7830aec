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
  const result = await verifySolution({
    // As received (every member counts in the signature), once its shape is known to be right.
    challenge: (raw as { challenge: Challenge }).challenge,
    solution,
    deriveKey,
    hmacSignatureSecret: deps.fairAccess.challengeSecret,
    hmacKeySignatureSecret: deps.fairAccess.keySecret,
  }).catch(() => null);
  if (!result?.verified) throw bookingErrors.challengeInvalid();
  return { id: challenge.parameters.nonce, expiresMs, session: data.s };
}
