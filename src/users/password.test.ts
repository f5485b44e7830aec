import { describe, expect, it } from 'vitest';
import { Secrets } from '../platform/crypto.js';
import { hashPassword, passwordProblems, verifyPassword } from './password.js';
import { checkTotp, newTotpSecret, totpCode, totpUri } from '../auth/totp.js';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('applies the minimum rules', () => {
    const codes = (p: string, u?: string) => passwordProblems(p, u).map((x) => x.code);
    expect(codes('a good long passphrase')).toEqual([]);
    expect(codes('short')).toContain('password_too_short');
    expect(codes('x'.repeat(129))).toContain('password_too_long');
    expect(codes('Password1234')).toContain('password_common');
    expect(codes('sportello2026')).toContain('password_common');
    expect(codes('mario.rossi-secret', 'mario.rossi')).toContain('password_contains_username');
    expect(codes('abababababababab')).toContain('password_repetitive');
  });
});

describe('TOTP', () => {
  it('accepts the current code once, with one step of drift, and refuses replays', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const step = checkTotp(secret, totpCode(secret, now), null, now)!;
    expect(step).toBe(Math.floor(now / 30_000));
    expect(checkTotp(secret, totpCode(secret, now), step, now)).toBeNull();
    expect(checkTotp(secret, totpCode(secret, now + 30_000), step, now)).toBe(step + 1);
    expect(checkTotp(secret, totpCode(secret, now + 90_000), null, now)).toBeNull();
    expect(checkTotp(secret, 'abcdef', null, now)).toBeNull();
    expect(totpUri(secret, 'mario')).toMatch(/^otpauth:\/\/totp\/Sportello:mario\?issuer=Sportello&secret=[A-Z2-7]+&algorithm=SHA1&digits=6&period=30$/);
  });

  it('keeps secrets encrypted at rest', () => {
    const s = new Secrets('a secret of at least thirty-two characters!!');
    const sealed = s.encrypt('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(s.decrypt(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => new Secrets('another secret of at least thirty-two chars').decrypt(sealed)).toThrow();
  });
});
