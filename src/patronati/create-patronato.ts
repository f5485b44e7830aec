import type { Queryable } from '../storage/db.js';
import { pgConstraint, pgErrorCode } from '../storage/db.js';
import { patronatoErrors } from './errors.js';
import { loadPatronato, type Patronato } from './patronati.repository.js';

export interface NewPatronato {
  name: string;
  accreditationCode: string;
  regionCode: string;
}

/** Registers an organisation of a region; its accreditation code is unique (409 otherwise). */
export async function createPatronato(db: Queryable, input: NewPatronato): Promise<Patronato> {
  try {
    const r = await db.query<{ id: string }>(
      'INSERT INTO patronato (name, accreditation_code, region_code) VALUES ($1, $2, $3) RETURNING id',
      [input.name, input.accreditationCode.toUpperCase(), input.regionCode],
    );
    return (await loadPatronato(db, r.rows[0]!.id))!;
  } catch (err) {
    if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'patronato_accreditation_code_key') throw patronatoErrors.duplicateCode();
    throw err;
  }
}
