/**
 * Password sign-in with lockout and a TOTP second factor (required for admins).
 * Each outcome is written to the audit log.
 */
import { AppError } from '../domain/errors.js';
import { isAdmin, type Role } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { recordAudit } from '../audit/index.js';
import type { IdentitySettings } from './settings.js';
import {
  burnPasswordCheck, findUserById, findUserByUsername, isLocked, loadGrants, recordLoginFailure, recordLoginSuccess, verifyPassword, type StaffUserRow,
} from '../users/index.js';
import { checkTotp, newTotpSecret, totpUri } from './totp.js';

export interface RequestContext {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export const invalidCredentials = (): AppError =>
  new AppError(401, 'invalid_credentials', { it: 'Nome utente o password non corretti.', en: 'Wrong username or password.' });

export const accountLocked = (minutes: number): AppError =>
  new AppError(423, 'account_locked', {
    it: `Troppi tentativi non riusciti: l'account è bloccato per ${minutes} minuti. Riprova più tardi o rivolgiti a un amministratore.`,
    en: `Too many failed attempts: the account is locked for ${minutes} minutes. Try again later or ask an administrator.`,
  });

export const invalidTotp = (): AppError =>
  new AppError(401, 'invalid_totp', { it: 'Codice di verifica non valido o scaduto.', en: 'Invalid or expired verification code.' });

export type PasswordStep =
  | { next: 'signed_in'; user: StaffUserRow }
  | { next: 'totp'; user: StaffUserRow }
  | { next: 'totp_enrolment'; user: StaffUserRow; secret: string; uri: string };

async function rolesOfUser(db: Queryable, userId: string): Promise<Role[]> {
  return [...new Set((await loadGrants(db, userId)).map((g) => g.role))];
}

function audit(db: Queryable, ctx: RequestContext, e: { action: string; outcome: 'success' | 'denied' | 'failure'; user?: StaffUserRow | null; username?: string; details?: Record<string, unknown> }) {
  return recordAudit(db, {
    actor: { kind: 'anonymous' },
    actorId: e.user?.id ?? null,
    actorName: e.user?.username ?? e.username?.slice(0, 64) ?? null,
    action: e.action,
    outcome: e.outcome,
    resourceType: 'staff_user',
    resourceId: e.user?.id ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    details: e.details ?? {},
  });
}

/** Checks username + password. Unknown users take as long as known ones. */
export async function checkPasswordStep(
  db: Queryable,
  settings: IdentitySettings,
  input: { username: string; password: string },
  ctx: RequestContext,
): Promise<PasswordStep> {
  const user = await findUserByUsername(db, input.username);
  if (!user || !user.active || !user.password_hash) {
    await burnPasswordCheck(input.password);
    await audit(db, ctx, { action: 'auth.login', outcome: 'failure', user: null, username: input.username, details: { reason: user ? 'inactive_or_no_password' : 'unknown_user' } });
    throw invalidCredentials();
  }
  if (isLocked(user)) {
    await audit(db, ctx, { action: 'auth.login', outcome: 'denied', user, details: { reason: 'locked' } });
    throw accountLocked(settings.loginLockMinutes);
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const { locked } = await recordLoginFailure(db, user.id, settings.loginMaxFailures, settings.loginLockMinutes);
    await audit(db, ctx, { action: locked ? 'auth.lockout' : 'auth.login', outcome: 'failure', user, details: { reason: 'wrong_password' } });
    throw locked ? accountLocked(settings.loginLockMinutes) : invalidCredentials();
  }
  if (user.totp_secret) return { next: 'totp', user };
  if (isAdmin(await rolesOfUser(db, user.id))) {
    const secret = newTotpSecret();
    await db.query('UPDATE staff_user SET totp_pending_secret = $2 WHERE id = $1', [user.id, settings.secrets.encrypt(secret)]);
    return { next: 'totp_enrolment', user, secret, uri: totpUri(secret, user.username) };
  }
  await recordLoginSuccess(db, user.id);
  await audit(db, ctx, { action: 'auth.login', outcome: 'success', user, details: { method: 'password' } });
  return { next: 'signed_in', user };
}

/**
 * The second step: a TOTP code for an enrolled user, or the first code of a new
 * enrolment (which confirms it). Wrong codes count towards the lockout like wrong passwords.
 */
export async function checkTotpStep(db: Queryable, settings: IdentitySettings, userId: string, code: string, ctx: RequestContext): Promise<StaffUserRow> {
  const user = await findUserById(db, userId);
  if (!user || !user.active) throw invalidCredentials();
  if (isLocked(user)) {
    await audit(db, ctx, { action: 'auth.totp', outcome: 'denied', user, details: { reason: 'locked' } });
    throw accountLocked(settings.loginLockMinutes);
  }
  const sealed = user.totp_secret ?? user.totp_pending_secret;
  if (!sealed) throw invalidTotp();
  const step = checkTotp(settings.secrets.decrypt(sealed), code, user.totp_last_step === null ? null : Number(user.totp_last_step));
  if (step === null) {
    const { locked } = await recordLoginFailure(db, user.id, settings.loginMaxFailures, settings.loginLockMinutes);
    await audit(db, ctx, { action: locked ? 'auth.lockout' : 'auth.totp', outcome: 'failure', user, details: { reason: 'wrong_code' } });
    throw locked ? accountLocked(settings.loginLockMinutes) : invalidTotp();
  }
  const enrolling = !user.totp_secret;
  // The step guard in SQL too: two concurrent requests with the same code cannot both pass.
  const r = await db.query(
    `UPDATE staff_user SET totp_last_step = $2,
            totp_secret = COALESCE(totp_secret, totp_pending_secret), totp_pending_secret = NULL, updated_at = now()
      WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
    [user.id, step],
  );
  if (r.rowCount === 0) throw invalidTotp();
  await recordLoginSuccess(db, user.id);
  await audit(db, ctx, { action: 'auth.login', outcome: 'success', user, details: { method: 'password+totp', totpEnrolled: enrolling } });
  return user;
}
