import { normalisePhone } from '../domain/contact/phone.js';
import type { Queryable } from '../storage/db.js';
import { patronatoErrors } from './errors.js';
import type { z } from 'zod';
import type { callerView } from './routes.schema.js';

export type PatronatoCaller = z.output<typeof callerView>;

/** Who is calling on the patronati's line: the active organisation whose local office has this number. */
export async function identifyCaller(db: Queryable, phoneInput: string): Promise<PatronatoCaller> {
  const phone = normalisePhone(phoneInput);
  if (!phone) throw patronatoErrors.invalidPhone('phone');
  const r = await db.query<{ pId: string; pName: string; code: string; oId: string; oName: string; provinceCode: string }>(
    `SELECT p.id AS "pId", p.name AS "pName", p.accreditation_code AS code, o.id AS "oId", o.name AS "oName", o.province_code AS "provinceCode"
       FROM patronato_office o JOIN patronato p ON p.id = o.patronato_id WHERE o.phone = $1 AND p.active`,
    [phone],
  );
  const row = r.rows[0];
  if (!row) throw patronatoErrors.callerUnknown();
  return {
    patronato: { id: row.pId, name: row.pName, accreditationCode: row.code },
    office: { id: row.oId, name: row.oName, provinceCode: row.provinceCode },
  };
}
