/**
 * Delegations: an office admin links a consultant (an account with the labour_consultant
 * role) to a company of their office, lists them, and revokes them. One active delegation
 * per consultant and company (a unique index); a revocation keeps the row and its time.
 */
import { AppError } from '../domain/errors.js';
import { loadGrants } from '../users/index.js';
import { authorize, type Actor } from '../policy/index.js';
import { pgErrorCode, type Queryable } from '../storage/db.js';
import { findCompany, placeOfCompany } from './drawer.repository.js';
import { companyNotFound, delegationNotFound } from './errors.js';
import { iso } from './present.js';
import { scopeCondition } from './scope-filter.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

export async function grantDelegation(db: Queryable, actor: Staff, d: { companyId: string; consultantId: string }, nowMs: number): Promise<{ id: string }> {
  const company = await findCompany(db, d.companyId);
  if (!company) throw companyNotFound();
  authorize(actor, 'staff.drawer.delegations', placeOfCompany(company));
  const grants = await loadGrants(db, d.consultantId);
  if (!grants.some((g) => g.role === 'labour_consultant')) {
    throw new AppError(422, 'not_a_consultant', { it: 'Questo account non è un consulente del lavoro.', en: 'This account is not a labour consultant.' },
      [{ path: 'consultantId', code: 'not_a_consultant', it: 'Non è un consulente.', en: 'Not a consultant.' }]);
  }
  try {
    const r = await db.query<{ id: string }>(
      'INSERT INTO drawer_delegation (company_id, consultant_id, granted_by, granted_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [d.companyId, d.consultantId, actor.userId, new Date(nowMs)],
    );
    return { id: r.rows[0]!.id };
  } catch (err) {
    if (pgErrorCode(err) === '23505') {
      throw new AppError(409, 'delegation_exists', { it: 'Questo consulente ha già una delega attiva per questa azienda.', en: 'This consultant already holds an active delegation for this company.' });
    }
    throw err;
  }
}

export async function revokeDelegation(db: Queryable, actor: Staff, id: string, nowMs: number): Promise<void> {
  const r = await db.query<{ companyId: string }>('SELECT company_id AS "companyId" FROM drawer_delegation WHERE id = $1', [id]);
  if (!r.rows[0]) throw delegationNotFound();
  const company = (await findCompany(db, r.rows[0].companyId))!;
  authorize(actor, 'staff.drawer.delegations', placeOfCompany(company));
  const u = await db.query('UPDATE drawer_delegation SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL', [id, new Date(nowMs), actor.userId]);
  if (u.rowCount === 0) {
    throw new AppError(409, 'delegation_revoked', { it: 'La delega è già stata revocata.', en: 'The delegation was already revoked.' });
  }
}

export async function listDelegations(db: Queryable, actor: Staff, q: { matricola?: string | undefined; active?: boolean | undefined }) {
  const params: unknown[] = [];
  const scope = scopeCondition(actor, 'staff.drawer.delegations', params);
  const where = [scope];
  if (q.matricola) {
    params.push(q.matricola);
    where.push(`c.matricola = $${params.length}`);
  }
  if (q.active !== undefined) where.push(q.active ? 'g.revoked_at IS NULL' : 'g.revoked_at IS NOT NULL');
  const r = await db.query<{
    id: string; companyId: string; matricola: string; companyName: string; officeName: string; consultantId: string; consultantName: string;
    consultantUsername: string; grantedAt: Date; revokedAt: Date | null;
  }>(
    `SELECT g.id, c.id AS "companyId", c.matricola, c.name AS "companyName", o.name AS "officeName", u.id AS "consultantId",
            u.display_name AS "consultantName", u.username AS "consultantUsername", g.granted_at AS "grantedAt", g.revoked_at AS "revokedAt"
       FROM drawer_delegation g JOIN drawer_company c ON c.id = g.company_id JOIN staff_user u ON u.id = g.consultant_id
       JOIN office o ON o.id = c.office_id
       -- A company has no desk: the scope condition reads its office as t.office_id.
       CROSS JOIN LATERAL (SELECT c.office_id AS office_id, NULL::uuid AS desk_id) t
      WHERE ${where.join(' AND ')}
      ORDER BY c.name, g.granted_at DESC LIMIT 500`,
    params,
  );
  return r.rows.map((x) => ({ ...x, grantedAt: iso(x.grantedAt)!, revokedAt: iso(x.revokedAt) }));
}
