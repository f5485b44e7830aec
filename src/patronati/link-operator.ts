import type { Queryable } from '../storage/db.js';
import { patronatoErrors } from './errors.js';
import { loadPatronato, type Patronato } from './patronati.repository.js';

/**
 * Links a staff account holding the patronato operator role to the organisation it works
 * for (one organisation per account; linking again moves it). Its grants say where it books.
 */
export async function linkOperator(db: Queryable, patronatoId: string, userId: string): Promise<Patronato> {
  if (!(await loadPatronato(db, patronatoId))) throw patronatoErrors.notFound();
  const u = await db.query<{ operator: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM staff_grant g WHERE g.user_id = u.id AND g.role = 'patronato_operator') AS operator
       FROM staff_user u WHERE u.id = $1`,
    [userId],
  );
  if (!u.rows[0]) throw patronatoErrors.userNotFound();
  if (!u.rows[0].operator) throw patronatoErrors.notAnOperator();
  await db.query('UPDATE staff_user SET patronato_id = $2 WHERE id = $1', [userId, patronatoId]);
  return (await loadPatronato(db, patronatoId))!;
}

/** Unlinks an operator: it sees no patronato's bookings any more. */
export async function unlinkOperator(db: Queryable, patronatoId: string, userId: string): Promise<Patronato> {
  const r = await db.query('UPDATE staff_user SET patronato_id = NULL WHERE id = $1 AND patronato_id = $2', [userId, patronatoId]);
  if (r.rowCount === 0) throw patronatoErrors.userNotFound();
  return (await loadPatronato(db, patronatoId))!;
}
