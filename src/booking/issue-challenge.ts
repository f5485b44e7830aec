import { createChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { challengeCounter, drawCounter } from '../domain/booking/fair-access.js';
import type { BookingDeps } from './deps.js';
import { bookableDesk } from './resolve-slot.js';
import type { z } from 'zod';
import type { challengeResponse } from './routes.schema.js';

/** The PBKDF2 variant every challenge uses (the browser solves it with WebCrypto). */
export const CHALLENGE_ALGORITHM = 'PBKDF2/SHA-256';

export type ChallengeView = z.output<typeof challengeResponse>;

/**
 * A proof-of-work challenge for one hold on one desk (altcha v2, deterministic mode): the
 * server draws a secret counter, derives its key once and signs the expected key, so checking
 * a solution later is one HMAC; the solver tries counters from 0 until it finds the key. The
 * signed data binds the challenge to the desk, the browser session and an expiry measured on
 * the engine's clock. The harder bound applies while the desk is under pressure.
 */
export async function issueChallenge(deps: BookingDeps, input: { deskId: string; session: string }): Promise<ChallengeView> {
  const { settings, pressure, challengeSecret, keySecret } = deps.fairAccess;
  await bookableDesk(deps, input.deskId);
  const now = deps.now();
  const counter = challengeCounter(settings, pressure.perMinute(input.deskId, now));
  const expiresMs = now + settings.challengeMinutes * 60_000;
  const challenge = await createChallenge({
    algorithm: CHALLENGE_ALGORITHM,
    cost: settings.cost,
    counter: drawCounter(counter, deps.random),
    deriveKey,
    data: { desk: input.deskId, s: input.session, exp: Math.floor(expiresMs / 1000) },
    hmacSignatureSecret: challengeSecret,
    hmacKeySignatureSecret: keySecret,
  });
  return { challenge, counter, underPressure: counter > settings.counter, expiresAt: new Date(expiresMs).toISOString(), validSeconds: settings.challengeMinutes * 60 };
}
