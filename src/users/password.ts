import argon2 from 'argon2';
import type { FieldProblem } from '../domain/errors.js';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the time of a real check when the account does not exist (no user enumeration by timing). */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('sportello-dummy-password');
  await verifyPassword(await dummy, password);
}

// The most common passwords and obvious choices for this service (lower case).
const COMMON = new Set([
  'password', 'password1', 'password123', 'passw0rd', 'qwerty', 'qwertyuiop', '123456789012', '1234567890',
  'iloveyou', 'admin', 'administrator', 'welcome', 'letmein', 'changeme', 'sportello', 'inps', 'lombardia',
  'passwordpassword', 'qwerty123456', 'abc123456789', 'aaaaaaaaaaaa', 'benvenuto', 'ciaociao', 'amministratore',
]);

/**
 * Minimum password rules (NIST SP 800-63B): 12 to 128 characters, not a common or
 * service-related password, not the username, not one repeated character. No composition
 * rules: a long passphrase is better than a short jumble.
 */
export function passwordProblems(password: string, username?: string, path = 'password'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const lower = password.toLowerCase();
  if ([...password].length < PASSWORD_MIN) {
    problems.push({ path, code: 'password_too_short', it: `La password deve avere almeno ${PASSWORD_MIN} caratteri.`, en: `The password must have at least ${PASSWORD_MIN} characters.` });
  }
  if ([...password].length > PASSWORD_MAX) {
    problems.push({ path, code: 'password_too_long', it: `La password può avere al massimo ${PASSWORD_MAX} caratteri.`, en: `The password can have at most ${PASSWORD_MAX} characters.` });
  }
  const stripped = lower.replace(/[^a-z0-9]/g, '');
  if (COMMON.has(lower) || COMMON.has(stripped) || [...COMMON].some((c) => c.length >= 5 && stripped.replace(/\d+$/, '') === c)) {
    problems.push({ path, code: 'password_common', it: 'Questa password è troppo comune: scegline una meno prevedibile.', en: 'This password is too common: choose a less predictable one.' });
  }
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) {
    problems.push({ path, code: 'password_contains_username', it: 'La password non può contenere il nome utente.', en: 'The password cannot contain the username.' });
  }
  if (password.length > 0 && new Set(password).size <= 2) {
    problems.push({ path, code: 'password_repetitive', it: 'La password è troppo ripetitiva.', en: 'The password is too repetitive.' });
  }
  return problems;
}
