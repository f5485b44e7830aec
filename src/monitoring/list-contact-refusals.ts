import type { Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { resolveScope, scopeView } from './resolve-scope.js';
import type { z } from 'zod';
import type { contactRefusals } from './routes.schema.js';

export type ContactRefusalRow = z.output<typeof contactRefusals>['items'][number];

/** `+393471234567` → `+39•••••••567`; `mario.rossi@example.it` → `m•••@example.it`. */
export function maskContactValue(kind: 'phone' | 'email', value: string): string {
  if (kind === 'phone') return `${value.slice(0, 3)}${'•'.repeat(Math.max(0, value.length - 6))}${value.slice(-3)}`;
  const at = value.lastIndexOf('@');
  return at > 0 ? `${value.slice(0, 1)}•••${value.slice(at)}` : '•••';
}

/**
 * The phone numbers and e-mail addresses refused because they had reached the limit of active
 * web bookings (contact_limit_refusal, migration 0016), within the node the actor looks at,
 * over the last `days` days: masked, with counts, most refused first.
 */
export async function listContactRefusals(
  db: Queryable, actor: Actor, query: { scope?: string | undefined; days: number; nowMs: number },
) {
  const node = await resolveScope(db, actor, 'staff.monitoring.read', query.scope);
  const level = node.level;
  const r = await db.query<{ contactKind: 'phone' | 'email'; contact: string; refusals: number; desks: number; firstAt: Date; lastAt: Date }>(
    `SELECT f.contact_kind AS "contactKind", f.contact, count(*)::int AS refusals, count(DISTINCT f.desk_id)::int AS desks,
            min(f.at) AS "firstAt", max(f.at) AS "lastAt"
       FROM contact_limit_refusal f
       JOIN desk d ON d.id = f.desk_id
       JOIN office o ON o.id = d.office_id
       JOIN province p ON p.code = o.province_code
      WHERE f.at > $2
        AND CASE $3 WHEN 'region' THEN p.region_code = $1 WHEN 'province' THEN p.code = $1
                    WHEN 'office' THEN o.id::text = $1 ELSE d.id::text = $1 END
      GROUP BY f.contact_kind, f.contact
      ORDER BY refusals DESC, "lastAt" DESC
      LIMIT 200`,
    [node.id, new Date(query.nowMs - query.days * 86_400_000), level],
  );
  const items: ContactRefusalRow[] = r.rows.map((x) => ({
    contactKind: x.contactKind, contact: maskContactValue(x.contactKind, x.contact), refusals: x.refusals, desks: x.desks,
    firstAt: new Date(x.firstAt).toISOString(), lastAt: new Date(x.lastAt).toISOString(),
  }));
  return { scope: scopeView(node), days: query.days, items };
}
