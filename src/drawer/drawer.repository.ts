/**
 * The drawer's shared SQL: a thread's summary row and place, and whether a consultant holds
 * an active delegation for a company. Use cases write their own statements.
 */
import type { Resource } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import type { Outcome, ThreadState } from '../domain/drawer/thread.js';

export interface ThreadRow {
  id: string;
  protocol: string;
  state: ThreadState;
  title: string;
  companyId: string;
  matricola: string;
  companyName: string;
  subjectId: string;
  subjectKey: string;
  subjectIt: string;
  subjectEn: string;
  areaIt: string;
  areaEn: string;
  officeId: string;
  officeCode: string;
  officeName: string;
  provinceCode: string;
  regionCode: string;
  deskId: string | null;
  deskNameIt: string | null;
  deskNameEn: string | null;
  consultantId: string | null;
  consultantName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  outcome: Outcome | null;
  outcomeNote: string | null;
  registeredAt: Date;
  dueAt: Date;
  takenAt: Date | null;
  firstAnswerAt: Date | null;
  closedAt: Date | null;
  lastActivityAt: Date;
}

const THREAD_COLUMNS = `t.id, t.protocol, t.state, t.title, c.id AS "companyId", c.matricola, c.name AS "companyName",
         s.id AS "subjectId", s.key AS "subjectKey", s.name_it AS "subjectIt", s.name_en AS "subjectEn",
         a.name_it AS "areaIt", a.name_en AS "areaEn",
         o.id AS "officeId", o.code AS "officeCode", o.name AS "officeName", o.province_code AS "provinceCode", p.region_code AS "regionCode",
         t.desk_id AS "deskId", d.name_it AS "deskNameIt", d.name_en AS "deskNameEn",
         t.consultant_id AS "consultantId", cu.display_name AS "consultantName",
         t.assignee_id AS "assigneeId", au.display_name AS "assigneeName",
         t.outcome, t.outcome_note AS "outcomeNote", t.registered_at AS "registeredAt", t.due_at AS "dueAt",
         t.taken_at AS "takenAt", t.first_answer_at AS "firstAnswerAt", t.closed_at AS "closedAt", t.last_activity_at AS "lastActivityAt"`;

const THREAD_JOINS = `
    JOIN drawer_company c ON c.id = t.company_id
    JOIN drawer_subject s ON s.id = t.subject_id
    JOIN drawer_subject a ON a.id = s.parent_id
    JOIN office o ON o.id = t.office_id
    JOIN province p ON p.code = o.province_code
    LEFT JOIN desk d ON d.id = t.desk_id
    LEFT JOIN staff_user cu ON cu.id = t.consultant_id
    LEFT JOIN staff_user au ON au.id = t.assignee_id`;

export const THREAD_SELECT = `SELECT ${THREAD_COLUMNS} FROM drawer_thread t ${THREAD_JOINS}`;

/**
 * The summary rows of a page of thread ids chosen by `pageSql` (a SELECT of `t.id` over
 * `drawer_thread t`, ordered and limited): the page is materialised first, so only its rows
 * are joined for display, whatever the table's size.
 */
export function threadPageSql(pageSql: string, order: string): string {
  return `WITH page AS MATERIALIZED (${pageSql})
    SELECT ${THREAD_COLUMNS} FROM page JOIN drawer_thread t ON t.id = page.id ${THREAD_JOINS}
    ORDER BY ${order}`;
}

export async function findThread(db: Queryable, id: string, lock = false): Promise<ThreadRow | null> {
  const r = await db.query<ThreadRow>(`${THREAD_SELECT} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`, [id]);
  return r.rows[0] ?? null;
}

/** Where a thread lives, for the policy (ownerId: set by the caller for a consultant's 'own' rule). */
export function placeOfThread(t: Pick<ThreadRow, 'regionCode' | 'provinceCode' | 'officeId' | 'deskId'>, ownerId?: string | null): Resource {
  return { regionCode: t.regionCode, provinceCode: t.provinceCode, officeId: t.officeId, deskId: t.deskId, ownerId: ownerId ?? null };
}

export interface CompanyRow {
  id: string;
  matricola: string;
  name: string;
  officeId: string;
  officeCode: string;
  officeName: string;
  provinceCode: string;
  regionCode: string;
}

export async function findCompany(db: Queryable, id: string): Promise<CompanyRow | null> {
  const r = await db.query<CompanyRow>(
    `SELECT c.id, c.matricola, c.name, o.id AS "officeId", o.code AS "officeCode", o.name AS "officeName",
            o.province_code AS "provinceCode", p.region_code AS "regionCode"
       FROM drawer_company c JOIN office o ON o.id = c.office_id JOIN province p ON p.code = o.province_code
      WHERE c.id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export function placeOfCompany(c: CompanyRow, ownerId?: string | null): Resource {
  return { regionCode: c.regionCode, provinceCode: c.provinceCode, officeId: c.officeId, ownerId: ownerId ?? null };
}

/**
 * The consultant, when they hold an active delegation for the company (the 'own' of the
 * policy's consultant rule), else null. `share`: the delegation row is locked against a
 * revocation for the rest of the transaction.
 */
export async function delegatedConsultant(db: Queryable, companyId: string, consultantId: string, share = false): Promise<string | null> {
  const r = await db.query<{ id: string }>(
    `SELECT consultant_id AS id FROM drawer_delegation WHERE company_id = $1 AND consultant_id = $2 AND revoked_at IS NULL${share ? ' FOR SHARE' : ''}`,
    [companyId, consultantId],
  );
  return r.rows[0]?.id ?? null;
}

/** Queues an e-mail notice to the thread's consultant (no-op when the e-mail channel is off or they have no address). */
export async function notifyConsultant(
  tx: Queryable, threadId: string, kind: 'drawer_registered' | 'drawer_in_charge' | 'drawer_answered' | 'drawer_closed', key: string, nowMs: number,
): Promise<number> {
  const r = await tx.query<{ n: number }>('SELECT drawer_notify($1, $2, $3, $4) AS n', [threadId, kind, `${kind}:${key}`, new Date(nowMs)]);
  return r.rows[0]?.n ?? 0;
}
