import { createChallenge, solveChallenge, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { describe, expect, it } from 'vitest';
import { verifySigned } from './check-challenge.js';
import { CHALLENGE_ALGORITHM } from './issue-challenge.js';

const SIGN = 's'.repeat(32);
const KEY = 'k'.repeat(32);

async function solved(): Promise<{ challenge: Challenge; solution: { counter: number; derivedKey: string } }> {
  const challenge = await createChallenge({
    algorithm: CHALLENGE_ALGORITHM, cost: 1, counter: 20, deriveKey,
    data: { desk: 'd1', s: 'session-1', exp: 4_102_444_800 },
    hmacSignatureSecret: SIGN, hmacKeySignatureSecret: KEY,
  });
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('not solved');
  return { challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } };
}

/** altcha-lib's own answer, the reference. */
async function reference(challenge: Challenge, solution: { counter: number; derivedKey: string }, sign = SIGN, key = KEY): Promise<boolean> {
  const r = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: sign, hmacKeySignatureSecret: key }).catch(() => null);
  return r?.verified === true;
}

describe('verifySigned (altcha-lib verifySolution with node:crypto)', () => {
  it('agrees with altcha-lib on a solved challenge and on every tampering', async () => {
    const { challenge, solution } = await solved();
    const cases: { name: string; c: Challenge; s: { counter: number; derivedKey: string }; sign?: string; key?: string }[] = [
      { name: 'solved', c: challenge, s: solution },
      { name: 'other desk in the data', c: { ...challenge, parameters: { ...challenge.parameters, data: { ...challenge.parameters.data, desk: 'd2' } } }, s: solution },
      { name: 'other nonce', c: { ...challenge, parameters: { ...challenge.parameters, nonce: '0'.repeat(32) } }, s: solution },
      { name: 'forged signature', c: { ...challenge, signature: '0'.repeat(64) }, s: solution },
      { name: 'forged key signature', c: { ...challenge, parameters: { ...challenge.parameters, keySignature: '0'.repeat(64) } }, s: solution },
      { name: 'wrong key', c: challenge, s: { ...solution, derivedKey: '00'.repeat(32) } },
      { name: 'upper-case key', c: challenge, s: { ...solution, derivedKey: solution.derivedKey.toUpperCase() } },
      { name: 'odd-length key', c: challenge, s: { ...solution, derivedKey: solution.derivedKey.slice(1) } },
      { name: 'negative counter', c: challenge, s: { ...solution, counter: -1 } },
      { name: 'other signing secret', c: challenge, s: solution, sign: 'x'.repeat(32) },
      { name: 'other key secret', c: challenge, s: solution, key: 'x'.repeat(32) },
    ];
    for (const k of cases) {
      const expected = await reference(k.c, k.s, k.sign, k.key);
      expect({ name: k.name, verified: verifySigned(k.c, k.s, k.sign ?? SIGN, k.key ?? KEY) }).toEqual({ name: k.name, verified: expected });
    }
    expect(verifySigned(challenge, solution, SIGN, KEY)).toBe(true);
  });

  it('refuses a challenge past its expiresAt, as altcha-lib does', async () => {
    const { challenge, solution } = await solved();
    const expired = { ...challenge, parameters: { ...challenge.parameters, expiresAt: 1 } };
    expect(verifySigned(expired, solution, SIGN, KEY)).toBe(false);
    expect(await reference(expired, solution)).toBe(false);
  });
});
