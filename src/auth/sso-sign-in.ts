/**
 * Staff single sign-on: the provider's subject names one account (created on first
 * sign-in, never linked to a local account by username); the mapped grants replace the
 * account's previous SSO grants on every sign-in (the provider stays the source of truth),
 * locally granted roles are kept. No role at all: refused.
 */
import { AppError } from '../domain/errors.js';
import type { Db } from '../storage/db.js';
import { createUser, findUserById, mapClaimsToGrants, replaceGrants, resolveGrantRefs, type RoleMappingRule } from '../users/index.js';

export const noRole = (): AppError =>
  new AppError(403, 'sso_no_role', {
    it: 'Il tuo account non ha un ruolo in Sportello: chiedi a un amministratore di assegnartelo.',
    en: 'Your account has no role in Sportello: ask an administrator to give you one.',
  });

function usernameBase(claims: Record<string, unknown>): string {
  const pick = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string) : '');
  const raw = pick('preferred_username') || pick('email').split('@')[0] || `sso-${pick('sub')}`;
  const clean = raw.toLowerCase().normalize('NFKD').replace(/[^a-z0-9._-]+/g, '.').replace(/^[^a-z0-9]+/, '').slice(0, 50);
  return clean.length >= 3 ? clean : `sso-${clean || 'user'}`.slice(0, 50);
}

export async function signInStaffWithClaims(
  db: Db,
  issuer: string,
  claims: Record<string, unknown>,
  rules: readonly RoleMappingRule[],
): Promise<{ userId: string; username: string; created: boolean; grants: number; unknownPlaces: number }> {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (!subject) throw new AppError(401, 'sso_failed', { it: 'Identità senza soggetto.', en: 'Identity without a subject.' });
  const mapped = mapClaimsToGrants(claims, rules);
  return db.transaction(async (tx) => {
    const { grants, unknown } = await resolveGrantRefs(tx, mapped);
    const link = await tx.query<{ user_id: string }>('SELECT user_id FROM staff_identity WHERE issuer = $1 AND subject = $2', [issuer, subject]);
    let userId = link.rows[0]?.user_id;
    let created = false;
    const displayName = (typeof claims.name === 'string' && claims.name.trim()) || [claims.given_name, claims.family_name].filter((v) => typeof v === 'string').join(' ') || usernameBase(claims);
    const email = typeof claims.email === 'string' && /^[^@\s]+@[^@\s]+$/.test(claims.email) ? claims.email : null;
    if (!userId) {
      const base = usernameBase(claims);
      let username = base;
      for (let i = 2; ; i++) {
        const taken = await tx.query('SELECT 1 FROM staff_user WHERE lower(username) = lower($1)', [username]);
        if (taken.rows.length === 0) break;
        username = `${base.slice(0, 45)}-${i}`;
      }
      if (grants.length === 0) throw noRole();
      userId = await createUser(tx, { username, displayName: String(displayName).slice(0, 120), email });
      await tx.query('INSERT INTO staff_identity (issuer, subject, user_id) VALUES ($1, $2, $3)', [issuer, subject, userId]);
      created = true;
    } else {
      await tx.query('UPDATE staff_identity SET last_login_at = now() WHERE issuer = $1 AND subject = $2', [issuer, subject]);
      await tx.query('UPDATE staff_user SET display_name = $2, email = COALESCE($3, email), last_login_at = now(), updated_at = now() WHERE id = $1', [
        userId, String(displayName).slice(0, 120), email,
      ]);
    }
    const user = (await findUserById(tx, userId))!;
    if (!user.active) throw new AppError(403, 'account_disabled', { it: 'Il tuo account è disattivato.', en: 'Your account is disabled.' });
    await replaceGrants(tx, userId, grants, 'oidc');
    const total = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_grant WHERE user_id = $1', [userId]);
    if (total.rows[0]!.n === 0) throw noRole();
    return { userId, username: user.username, created, grants: grants.length, unknownPlaces: unknown.length };
  });
}
