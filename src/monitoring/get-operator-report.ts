import type { Actor } from '../policy/index.js';
import type { MonitoringDeps } from './deps.js';
import { checkRange } from './get-history.js';
import { desksUnder } from './monitoring.repository.js';
import { resolveScope, scopeView } from './resolve-scope.js';
import type { z } from 'zod';
import type { operators } from './routes.schema.js';

/** Outcomes where the citizen was reached and the matter handled (or passed on). */
const SERVED = ['resolved', 'second_level', 'needs_documents'];

export type OperatorFigures = z.output<typeof operators>['operators'][number];

/**
 * Per operator, over the bookings of days [from, to] (Europe/Rome) at the desks under the
 * node: calls, served, identity checks failed or skipped, calls started before or after
 * their slot. Every figure counts rows of the call tables (nothing estimated).
 */
export async function getOperatorReport(deps: MonitoringDeps, actor: Actor, input: { scope?: string | undefined; from: string; to: string }) {
  checkRange(input.from, input.to);
  const node = await resolveScope(deps.db, actor, 'staff.monitoring.read', input.scope);
  const desks = (await desksUnder(deps.db, node.level, node.id)).map((d) => d.deskId);
  const r = await deps.db.query<OperatorFigures>(
    `WITH a AS (
       SELECT booking_id, desk_id, operator_id, outcome, identity_verified_at, identity_waiver FROM call_assignment
        WHERE desk_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date
     ), calls AS (
       SELECT c.operator_id, count(*)::int AS calls,
              count(*) FILTER (WHERE c.requested_at < b.starts_at)::int AS early,
              count(*) FILTER (WHERE c.requested_at >= b.ends_at)::int AS late
         FROM call c JOIN a ON a.booking_id = c.booking_id JOIN booking b ON b.id = c.booking_id
        WHERE c.operator_id IS NOT NULL GROUP BY c.operator_id
     ), served AS (
       SELECT operator_id, count(*)::int AS served, count(*) FILTER (WHERE identity_verified_at IS NULL OR identity_waiver IS NOT NULL)::int AS skipped,
              count(*) FILTER (WHERE identity_waiver IS NOT NULL)::int AS waived
         FROM a WHERE operator_id IS NOT NULL AND outcome = ANY($4::text[]) GROUP BY operator_id
     ), checks AS (
       SELECT i.operator_id, count(*)::int AS failed
         FROM identity_check i JOIN a ON a.booking_id = i.booking_id
        WHERE i.operator_id IS NOT NULL AND i.result <> 'ok' GROUP BY i.operator_id
     ), ops AS (
       SELECT operator_id FROM calls UNION SELECT operator_id FROM served UNION SELECT operator_id FROM checks
     )
     SELECT u.id AS "operatorId", u.username, u.display_name AS "displayName",
            COALESCE(calls.calls, 0) AS calls, COALESCE(served.served, 0) AS served,
            COALESCE(checks.failed, 0) AS "identityFailed", COALESCE(served.skipped, 0) AS "identitySkipped",
            COALESCE(served.waived, 0) AS "identityNotVerified",
            COALESCE(calls.early, 0) AS early, COALESCE(calls.late, 0) AS late
       FROM ops JOIN staff_user u ON u.id = ops.operator_id
       LEFT JOIN calls ON calls.operator_id = ops.operator_id
       LEFT JOIN served ON served.operator_id = ops.operator_id
       LEFT JOIN checks ON checks.operator_id = ops.operator_id
      ORDER BY u.display_name, u.username`,
    [desks, input.from, input.to, SERVED],
  );
  // Per desk: served, and served with "identity not verified" by reason.
  const d = await deps.db.query<{ deskId: string; desk: string; officeCode: string; served: number; identityNotVerified: number; reasons: Record<string, number> | null }>(
    `SELECT a.desk_id AS "deskId", d.name_it AS desk, o.code AS "officeCode",
            count(*) FILTER (WHERE a.outcome = ANY($4::text[]))::int AS served,
            count(*) FILTER (WHERE a.identity_waiver IS NOT NULL)::int AS "identityNotVerified",
            (SELECT jsonb_object_agg(w.identity_waiver, w.n) FROM (
               SELECT identity_waiver, count(*)::int AS n FROM call_assignment
                WHERE desk_id = a.desk_id AND day BETWEEN $2::date AND $3::date AND identity_waiver IS NOT NULL GROUP BY identity_waiver) w) AS reasons
       FROM call_assignment a JOIN desk d ON d.id = a.desk_id JOIN office o ON o.id = d.office_id
      WHERE a.desk_id = ANY($1::uuid[]) AND a.day BETWEEN $2::date AND $3::date
      GROUP BY a.desk_id, d.name_it, o.code, d.number
     HAVING count(*) FILTER (WHERE a.outcome IS NOT NULL) > 0
      ORDER BY o.code, d.number`,
    [desks, input.from, input.to, SERVED],
  );
  return { scope: scopeView(node), from: input.from, to: input.to, operators: r.rows, desks: d.rows.map((x) => ({ ...x, reasons: x.reasons ?? {} })) };
}
