import { normalisePhone } from '../domain/contact/phone.js';
import type { Queryable } from '../storage/db.js';
import { pgConstraint, pgErrorCode } from '../storage/db.js';
import { patronatoErrors } from './errors.js';
import { loadPatronato, type Patronato } from './patronati.repository.js';

export interface NewPatronatoOffice {
  provinceCode: string;
  name: string;
  address?: string | undefined;
  /** The number the office calls from: the reception line recognises it. */
  phone?: string | undefined;
}

/** Adds a local office (sede zonale) in a province of the organisation's region. */
export async function addPatronatoOffice(db: Queryable, patronatoId: string, input: NewPatronatoOffice): Promise<Patronato> {
  const phone = input.phone ? normalisePhone(input.phone) : null;
  if (input.phone && !phone) throw patronatoErrors.invalidPhone('phone');
  try {
    const r = await db.query(
      `INSERT INTO patronato_office (patronato_id, province_code, name, address, phone)
       SELECT p.id, v.code, $3, $4, $5 FROM patronato p JOIN province v ON v.code = $2 AND v.region_code = p.region_code
        WHERE p.id = $1`,
      [patronatoId, input.provinceCode, input.name, input.address ?? null, phone],
    );
    if (r.rowCount === 0) {
      if (!(await loadPatronato(db, patronatoId))) throw patronatoErrors.notFound();
      throw patronatoErrors.unknownProvince();
    }
  } catch (err) {
    if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'patronato_office_phone_idx') throw patronatoErrors.phoneTaken();
    throw err;
  }
  return (await loadPatronato(db, patronatoId))!;
}

/** Removes a local office (its mandates keep their bookings; the office link becomes empty). */
export async function removePatronatoOffice(db: Queryable, patronatoId: string, officeId: string): Promise<Patronato> {
  const r = await db.query('DELETE FROM patronato_office WHERE id = $1 AND patronato_id = $2', [officeId, patronatoId]);
  if (r.rowCount === 0) throw patronatoErrors.officeNotFound();
  return (await loadPatronato(db, patronatoId))!;
}
