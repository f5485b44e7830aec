import type { Queryable } from '../storage/db.js';

/** Ends every session of a user (password change, deactivation, role change), but one. */
export async function revokeUserSessions(db: Queryable, userId: string, keepTokenHash?: string): Promise<number> {
  const r = await db.query('DELETE FROM auth_session WHERE user_id = $1 AND token_hash <> $2', [userId, keepTokenHash ?? '']);
  return r.rowCount;
}
