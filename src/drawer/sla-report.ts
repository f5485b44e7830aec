/**
 * SLA figures for the URP, per office in the actor's scope: open (aperta + in carico),
 * overdue, closed in the period, median time to first answer and to close (hours) of the
 * threads registered in the period (Europe/Rome days).
 */
import { localTimeToUtcMs } from '../domain/schedule/zone.js';
import { dayNumberOf } from '../domain/schedule/time.js';
import type { Actor } from '../policy/index.js';
import type { DrawerDeps } from './deps.js';
import { scopeCondition } from './scope-filter.js';
import type { z } from 'zod';
import type { slaView } from './routes.schema.js';

export type SlaRow = z.output<typeof slaView>['offices'][number];

export async function slaReport(deps: DrawerDeps, actor: Extract<Actor, { kind: 'staff' }>, q: { from: string; to: string }): Promise<z.output<typeof slaView>> {
  const params: unknown[] = [new Date(localTimeToUtcMs(dayNumberOf(q.from), 0)), new Date(localTimeToUtcMs(dayNumberOf(q.to) + 1, 0)), new Date(deps.now())];
  const scope = scopeCondition(actor, 'staff.drawer.report', params);
  const figures = `
    count(*) FILTER (WHERE t.registered_at >= $1 AND t.registered_at < $2)::int AS registered,
    count(*) FILTER (WHERE t.state <> 'closed')::int AS open,
    count(*) FILTER (WHERE t.state <> 'closed' AND t.due_at < $3)::int AS overdue,
    count(*) FILTER (WHERE t.closed_at >= $1 AND t.closed_at < $2)::int AS closed,
    round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.first_answer_at - t.registered_at) / 3600)
      FILTER (WHERE t.first_answer_at IS NOT NULL AND t.registered_at >= $1 AND t.registered_at < $2))::numeric, 1)::float8 AS "medianFirstAnswerHours",
    round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.closed_at - t.registered_at) / 3600)
      FILTER (WHERE t.closed_at IS NOT NULL AND t.registered_at >= $1 AND t.registered_at < $2))::numeric, 1)::float8 AS "medianCloseHours"`;
  const from = `FROM drawer_thread t JOIN office o ON o.id = t.office_id WHERE ${scope} AND (t.state <> 'closed' OR t.closed_at >= $1 OR t.registered_at >= $1)`;
  const offices = await deps.db.query<SlaRow>(
    `SELECT o.id AS "officeId", o.code AS "officeCode", o.name AS "officeName", ${figures} ${from} GROUP BY o.id, o.code, o.name ORDER BY o.code`, params,
  );
  const total = await deps.db.query<SlaRow>(`SELECT ${figures} ${from}`, params);
  const { officeId: _i, officeCode: _c, officeName: _n, ...t } = total.rows[0]!;
  return { from: q.from, to: q.to, offices: offices.rows, total: t };
}
