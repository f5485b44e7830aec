import type { Queryable } from '../storage/db.js';
import { patronatoErrors } from './errors.js';
import { loadPatronato, type Patronato } from './patronati.repository.js';

/** Renames an organisation or turns it off (an inactive patronato cannot book; its bookings stay). */
export async function changePatronato(db: Queryable, id: string, change: { name?: string | undefined; active?: boolean | undefined }): Promise<Patronato> {
  const r = await db.query(
    `UPDATE patronato SET name = COALESCE($2, name), active = COALESCE($3, active), updated_at = now() WHERE id = $1`,
    [id, change.name ?? null, change.active ?? null],
  );
  if (r.rowCount === 0) throw patronatoErrors.notFound();
  return (await loadPatronato(db, id))!;
}
