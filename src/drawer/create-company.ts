/** An office admin records a company (matricola) and the office competent for it. */
import { AppError } from '../domain/errors.js';
import { placeOfOffice } from '../users/index.js';
import { authorize, type Actor } from '../policy/index.js';
import { pgConstraint, pgErrorCode, type Queryable } from '../storage/db.js';
import { notFound } from '../domain/errors.js';

export async function createCompany(db: Queryable, actor: Actor, c: { matricola: string; name: string; officeId: string }): Promise<{ id: string }> {
  const place = await placeOfOffice(db, c.officeId);
  if (!place) throw notFound({ it: 'Sede non trovata.', en: 'Office not found.' });
  authorize(actor, 'staff.drawer.delegations', place);
  try {
    const r = await db.query<{ id: string }>('INSERT INTO drawer_company (matricola, name, office_id) VALUES ($1, $2, $3) RETURNING id', [c.matricola, c.name, c.officeId]);
    return { id: r.rows[0]!.id };
  } catch (err) {
    if (pgErrorCode(err) === '23505' || pgConstraint(err) === 'drawer_company_matricola_key') {
      throw new AppError(409, 'company_exists', { it: 'Esiste già un’azienda con questa matricola.', en: 'A company with this matricola already exists.' },
        [{ path: 'matricola', code: 'duplicate', it: 'Già presente.', en: 'Already present.' }]);
    }
    throw err;
  }
}
