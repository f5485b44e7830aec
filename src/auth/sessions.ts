import type { Queryable } from '../storage/db.js';
import type { Actor } from '../policy/index.js';
import { randomToken, sha256Hex } from '../platform/crypto.js';
import type { IdentitySettings } from './settings.js';
import { loadGrants } from '../users/index.js';

/** A pending session (password given, second factor not yet) lives this long. */
export const PENDING_MINUTES = 5;
/** last_seen_at is written at most this often (seconds). */
const TOUCH_EVERY_SECONDS = 30;

export interface Session {
  tokenHash: string;
  kind: 'staff' | 'citizen';
  state: 'active' | 'pending';
  userId: string | null;
  taxCode: string | null;
  citizenName: string | null;
  method: 'password' | 'oidc';
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  idleExpiresAt: Date;
}

interface Row {
  token_hash: string;
  kind: 'staff' | 'citizen';
  state: 'active' | 'pending';
  user_id: string | null;
  tax_code: string | null;
  citizen_name: string | null;
  method: 'password' | 'oidc';
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
  idle_expires_at: Date;
  touch: boolean;
  username: string | null;
  user_active: boolean | null;
}

export interface NewSession {
  kind: 'staff' | 'citizen';
  state?: 'active' | 'pending';
  userId?: string | null;
  taxCode?: string | null;
  citizenName?: string | null;
  method: 'password' | 'oidc';
  ip?: string | null;
  userAgent?: string | null;
}

/** Creates a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(db: Queryable, settings: IdentitySettings, s: NewSession): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const pending = s.state === 'pending';
  await db.query(
    `INSERT INTO auth_session (token_hash, kind, state, user_id, tax_code, citizen_name, method, csrf_token, ip, user_agent, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + make_interval(mins => $11))`,
    [
      sha256Hex(token), s.kind, s.state ?? 'active', s.userId ?? null, s.taxCode ?? null, s.citizenName ?? null, s.method, csrfToken,
      s.ip ?? null, s.userAgent ? s.userAgent.slice(0, 400) : null,
      pending ? PENDING_MINUTES : settings.sessionAbsoluteHours * 60,
    ],
  );
  return { token, csrfToken };
}

/**
 * The live session of a cookie token, or null (unknown, revoked, past its absolute expiry,
 * or idle too long). Refreshes last_seen_at (at most every 30 s).
 */
export async function findSession(db: Queryable, settings: IdentitySettings, token: string): Promise<{ session: Session; username: string | null } | null> {
  if (!token || token.length > 100) return null;
  const hash = sha256Hex(token);
  const idle = settings.sessionIdleMinutes;
  const r = await db.query<Row>(
    `SELECT s.token_hash, s.kind, s.state, s.user_id, s.tax_code, s.citizen_name, s.method, s.csrf_token, s.created_at, s.expires_at,
            LEAST(s.expires_at, s.last_seen_at + make_interval(mins => $2)) AS idle_expires_at,
            s.last_seen_at < now() - make_interval(secs => $3) AS touch,
            u.username, u.active AS user_active
       FROM auth_session s LEFT JOIN staff_user u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)`,
    [hash, idle, TOUCH_EVERY_SECONDS],
  );
  const row = r.rows[0];
  if (!row) return null;
  if (row.kind === 'staff' && !row.user_active) return null;
  let idleExpiresAt = new Date(row.idle_expires_at);
  if (row.touch && row.state === 'active') {
    const t = await db.query<{ idle_expires_at: Date }>(
      `UPDATE auth_session SET last_seen_at = now() WHERE token_hash = $1
       RETURNING LEAST(expires_at, last_seen_at + make_interval(mins => $2)) AS idle_expires_at`,
      [hash, idle],
    );
    if (t.rows[0]) idleExpiresAt = new Date(t.rows[0].idle_expires_at);
  }
  return {
    session: {
      tokenHash: row.token_hash, kind: row.kind, state: row.state, userId: row.user_id, taxCode: row.tax_code, citizenName: row.citizen_name,
      method: row.method, csrfToken: row.csrf_token, createdAt: new Date(row.created_at), expiresAt: new Date(row.expires_at), idleExpiresAt,
    },
    username: row.username,
  };
}

/** The actor a live, active session speaks for (staff with their grants, or a citizen). */
export async function actorOf(db: Queryable, session: Session, username: string | null): Promise<Actor> {
  if (session.state !== 'active') return { kind: 'anonymous' };
  if (session.kind === 'citizen') return { kind: 'citizen', taxCode: session.taxCode!, name: session.citizenName };
  const grants = await loadGrants(db, session.userId!);
  const actor: Actor = { kind: 'staff', userId: session.userId!, username: username ?? '', grants };
  // A patronato operator acts for its organisation (migration 0020): the 'organisation' rules need it.
  if (grants.some((g) => g.role === 'patronato_operator')) {
    const r = await db.query<{ patronatoId: string | null }>('SELECT patronato_id AS "patronatoId" FROM staff_user WHERE id = $1', [session.userId]);
    return { ...actor, organisationId: r.rows[0]?.patronatoId ?? null };
  }
  return actor;
}

export async function revokeSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM auth_session WHERE token_hash = $1', [tokenHash]);
}

export async function deleteExpiredSessions(db: Queryable, settings: IdentitySettings): Promise<number> {
  const r = await db.query(
    `DELETE FROM auth_session WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(mins => $1)`,
    [settings.sessionIdleMinutes],
  );
  await db.query('DELETE FROM oidc_login WHERE expires_at <= now()');
  return r.rowCount;
}
