/**
 * The office queue and the search: by company (matricola), subject (a leaf or a whole area),
 * state, registration dates (Europe/Rome days), assignee, overdue. Staff see what their grants
 * cover; a consultant sees the threads of the companies they hold an active delegation for.
 */
import { localTimeToUtcMs } from '../domain/schedule/zone.js';
import { dayNumberOf } from '../domain/schedule/time.js';
import type { ThreadState } from '../domain/drawer/thread.js';
import type { Action, Actor } from '../policy/index.js';
import type { DrawerDeps } from './deps.js';
import { threadPageSql, type ThreadRow } from './drawer.repository.js';
import { threadSummary, type ThreadSummary } from './present.js';
import { scopeCondition } from './scope-filter.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

export interface ThreadQuery {
  matricola?: string | undefined;
  companyId?: string | undefined;
  subjectId?: string | undefined;
  state?: ThreadState[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  assignee?: string | undefined; // a user id, 'me' or 'none'
  officeId?: string | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
  sort?: 'due' | 'recent' | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export async function searchThreads(
  deps: DrawerDeps, actor: Staff, audience: 'staff' | 'consultant', q: ThreadQuery,
  /** The URP's export: its own action (staff.drawer.report) and a larger page. */
  o: { action?: Action; maxRows?: number } = {},
): Promise<{ items: ThreadSummary[]; total: number }> {
  const nowMs = deps.now();
  const params: unknown[] = [];
  // Every condition reads the thread table alone (subqueries for the company, subject and
  // office): the page is chosen on its indexes, then only its rows are joined for display.
  const where: string[] = [scopeCondition(actor, o.action ?? (audience === 'staff' ? 'staff.drawer.read' : 'drawer.consultant'), params)];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (audience === 'consultant') {
    add((n) => `t.company_id IN (SELECT company_id FROM drawer_delegation WHERE consultant_id = ${n} AND revoked_at IS NULL)`, actor.userId);
  }
  if (q.matricola) add((n) => `t.company_id = (SELECT id FROM drawer_company WHERE matricola = ${n})`, q.matricola);
  if (q.companyId) add((n) => `t.company_id = ${n}`, q.companyId);
  if (q.subjectId) add((n) => `t.subject_id IN (SELECT id FROM drawer_subject WHERE id = ${n} OR parent_id = ${n})`, q.subjectId);
  if (q.state?.length) add((n) => `t.state = ANY(${n}::text[])`, q.state);
  if (q.from) add((n) => `t.registered_at >= ${n}`, new Date(localTimeToUtcMs(dayNumberOf(q.from!), 0)));
  if (q.to) add((n) => `t.registered_at < ${n}`, new Date(localTimeToUtcMs(dayNumberOf(q.to!) + 1, 0)));
  if (q.officeId) add((n) => `t.office_id = ${n}`, q.officeId);
  if (audience === 'staff' && q.assignee === 'none') where.push('t.assignee_id IS NULL');
  else if (audience === 'staff' && q.assignee) add((n) => `t.assignee_id = ${n}`, q.assignee === 'me' ? actor.userId : q.assignee);
  if (q.overdue !== undefined) add((n) => (q.overdue ? `(t.state <> 'closed' AND t.due_at < ${n})` : `NOT (t.state <> 'closed' AND t.due_at < ${n})`), new Date(nowMs));
  if (q.q) {
    add((n) => `(t.protocol = upper(${n}) OR t.title ILIKE '%' || ${n} || '%' OR t.company_id IN (SELECT id FROM drawer_company WHERE name ILIKE '%' || ${n} || '%'))`,
      q.q.replace(/[%_\\]/g, '\\$&'));
  }
  const order = q.sort === 'recent' ? 't.registered_at DESC, t.id' : 't.due_at ASC, t.id';
  const filter = where.join(' AND ');
  const count = await deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM drawer_thread t WHERE ${filter}`, params);
  const total = count.rows[0]?.n ?? 0;
  const limit = o.maxRows ?? q.limit ?? 50;
  const offset = q.offset ?? 0;
  if (total <= offset) return { items: [], total };
  const pageParams = [...params, limit, offset];
  const r = await deps.db.query<ThreadRow>(
    threadPageSql(`SELECT t.id FROM drawer_thread t WHERE ${filter} ORDER BY ${order} LIMIT $${pageParams.length - 1} OFFSET $${pageParams.length}`, order),
    pageParams,
  );
  return { items: r.rows.map((t) => threadSummary(t, nowMs, audience)), total };
}
