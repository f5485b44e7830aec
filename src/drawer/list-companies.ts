/** A consultant's companies: those with an active delegation, with their open threads. */
import { scopesFor, covers, type Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';

export async function listMyCompanies(db: Queryable, actor: Extract<Actor, { kind: 'staff' }>) {
  const r = await db.query<{
    id: string; matricola: string; name: string; officeId: string; officeName: string; provinceCode: string; regionCode: string; open: number; inCharge: number;
  }>(
    `SELECT c.id, c.matricola, c.name, o.id AS "officeId", o.name AS "officeName", o.province_code AS "provinceCode", p.region_code AS "regionCode",
            (SELECT count(*)::int FROM drawer_thread t WHERE t.company_id = c.id AND t.state = 'open') AS open,
            (SELECT count(*)::int FROM drawer_thread t WHERE t.company_id = c.id AND t.state = 'in_charge') AS "inCharge"
       FROM drawer_delegation g JOIN drawer_company c ON c.id = g.company_id
       JOIN office o ON o.id = c.office_id JOIN province p ON p.code = o.province_code
      WHERE g.consultant_id = $1 AND g.revoked_at IS NULL
      ORDER BY c.name`,
    [actor.userId],
  );
  // Only where the consultant's own grants reach (the policy's rule for every one of their requests).
  const grants = scopesFor(actor, 'drawer.consultant').grants;
  return r.rows
    .filter((c) => grants.some((g) => covers(g.scope, { regionCode: c.regionCode, provinceCode: c.provinceCode, officeId: c.officeId })))
    .map(({ regionCode: _r, provinceCode: _p, ...c }) => c);
}
