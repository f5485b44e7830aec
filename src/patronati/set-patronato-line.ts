import { normalisePhone } from '../domain/contact/phone.js';
import type { Queryable } from '../storage/db.js';
import { patronatoErrors } from './errors.js';
import type { z } from 'zod';
import type { lineView } from './routes.schema.js';

export type PatronatoLine = z.output<typeof lineView>;

/** The dedicated number patronati call in a province (answered by the reception line). */
export async function setPatronatoLine(db: Queryable, provinceCode: string, phoneInput: string): Promise<PatronatoLine> {
  const phone = normalisePhone(phoneInput);
  if (!phone) throw patronatoErrors.invalidPhone('phone');
  const r = await db.query(
    `INSERT INTO patronato_line (province_code, phone) SELECT code, $2 FROM province WHERE code = $1
     ON CONFLICT (province_code) DO UPDATE SET phone = EXCLUDED.phone, updated_at = now()`,
    [provinceCode, phone],
  );
  if (r.rowCount === 0) throw patronatoErrors.unknownProvince();
  return { provinceCode, phone };
}

export async function listPatronatoLines(db: Queryable, provinces: readonly string[] | 'all'): Promise<PatronatoLine[]> {
  const r = await db.query<PatronatoLine>(
    `SELECT province_code AS "provinceCode", phone FROM patronato_line WHERE $1::text[] IS NULL OR province_code = ANY ($1) ORDER BY province_code`,
    [provinces === 'all' ? null : [...provinces]],
  );
  return r.rows;
}
