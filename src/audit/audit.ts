import type { Queryable } from '../storage/db.js';
import { CSV_PLAIN, csvLines, type CsvCell } from '../platform/csv.js';
import { rolesOf, scopesFor, type Actor } from '../policy/index.js';
import { maskDeep, maskTaxCodeText } from '../platform/masking.js';
import type { z } from 'zod';
import type { auditRecord } from './routes.schema.js';

export type AuditOutcome = 'success' | 'denied' | 'failure';

/** Where an audited record lives (province alone, or office: its province is looked up). */
export interface AuditPlace {
  provinceCode?: string | null;
  officeId?: string | null;
}

/**
 * Where a staff member works, for an entry whose route named no place: the one office all
 * their grants lie in, else the one province, else none (a region-wide account).
 */
export function homePlaceOf(actor: Actor): AuditPlace | null {
  if (actor.kind !== 'staff' || actor.grants.length === 0) return null;
  const scopes = actor.grants.map((g) => g.scope);
  if (scopes.some((s) => s.kind === 'region')) return null;
  const provinces = new Set(scopes.map((s) => ('provinceCode' in s ? s.provinceCode : '')));
  if (provinces.size !== 1) return null;
  const provinceCode = [...provinces][0]!;
  const offices = new Set(scopes.map((s) => ('officeId' in s ? s.officeId : '')));
  return offices.size === 1 && !offices.has('') ? { provinceCode, officeId: [...offices][0]! } : { provinceCode };
}

export interface AuditEntry {
  actor: Actor | { kind: 'system' };
  /** What was done: a policy action (`staff.bookings.read`) or an identity event (`auth.login`). */
  action: string;
  outcome: AuditOutcome;
  resourceType?: string | null;
  resourceId?: string | null;
  /** Where the record lives: lets URP monitors of a province or office see the entry. */
  place?: AuditPlace | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  method?: string | null;
  path?: string | null;
  status?: number | null;
  /** Extra facts; strings are masked (no tax code, phone or e-mail in clear). */
  details?: Record<string, unknown>;
  /** For a sign-in attempt before there is an actor: the username tried. */
  actorName?: string | null;
  actorId?: string | null;
}

/** Appends one entry. The table refuses UPDATE and DELETE (see 0003_identity.sql). */
export async function recordAudit(db: Queryable, e: AuditEntry): Promise<void> {
  const a = e.actor;
  const actorId = a.kind === 'staff' ? a.userId : (e.actorId ?? null);
  const actorName = a.kind === 'staff' ? a.username : a.kind === 'citizen' ? maskTaxCodeText(a.taxCode) : (e.actorName ?? null);
  await db.query(
    `INSERT INTO audit_log (actor_kind, actor_id, actor_name, actor_roles, action, outcome, resource_type, resource_id,
                            province_code, office_id, ip, user_agent, request_id, method, path, status, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
             COALESCE($9, (SELECT province_code FROM office WHERE id = $10::uuid)), $10::uuid, $11, $12, $13, $14, $15, $16, $17)`,
    [
      a.kind, actorId, actorName, a.kind === 'system' ? [] : rolesOf(a), e.action, e.outcome, e.resourceType ?? null,
      e.resourceId ? e.resourceId.slice(0, 200) : null, e.place?.provinceCode ?? null, e.place?.officeId ?? null, e.ip ?? null,
      e.userAgent ? e.userAgent.slice(0, 400) : null, e.requestId ?? null, e.method ?? null,
      e.path ? e.path.slice(0, 500) : null, e.status ?? null, JSON.stringify(maskDeep(e.details ?? {})),
    ],
  );
}

export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  outcome?: AuditOutcome | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  officeId?: string | undefined;
  provinceCode?: string | undefined;
}

export type AuditRecord = z.output<typeof auditRecord>;

interface AuditRow {
  id: number;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_roles: string[];
  action: string;
  outcome: AuditOutcome;
  resource_type: string | null;
  resource_id: string | null;
  province_code: string | null;
  office_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  details: Record<string, unknown>;
}

function toRecord(r: AuditRow): AuditRecord {
  return {
    id: String(r.id), at: new Date(r.at).toISOString(), actorKind: r.actor_kind, actorId: r.actor_id, actorName: r.actor_name,
    actorRoles: r.actor_roles ?? [], action: r.action, outcome: r.outcome, resourceType: r.resource_type, resourceId: r.resource_id,
    provinceCode: r.province_code, officeId: r.office_id, ip: r.ip, userAgent: r.user_agent, requestId: r.request_id,
    method: r.method, path: r.path, status: r.status, details: r.details ?? {},
  };
}

/**
 * SQL condition limiting the log to what the actor may see: a region grant sees its
 * provinces and the entries with no place (sign-ins, accounts); a province or office grant
 * only entries placed there. No grant: nothing.
 */
function visibility(actor: Actor, params: unknown[]): string {
  const { grants } = scopesFor(actor, 'staff.audit.read');
  const parts: string[] = [];
  for (const g of grants) {
    const s = g.scope;
    if (s.kind === 'region') {
      params.push(s.provinceCodes);
      parts.push(`(province_code = ANY($${params.length}::text[]) OR (province_code IS NULL AND office_id IS NULL))`);
    } else if (s.kind === 'province') {
      params.push(s.provinceCode);
      parts.push(`province_code = $${params.length}`);
    } else if (s.kind === 'office' || s.kind === 'desk') {
      params.push(s.officeId);
      parts.push(`office_id = $${params.length}::uuid`);
    }
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

function where(actor: Actor, f: AuditFilter, params: unknown[]): string {
  const conds = [visibility(actor, params)];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    conds.push(sql(params.length));
  };
  if (f.from) add((n) => `at >= $${n}::timestamptz`, f.from);
  if (f.to) add((n) => `at < $${n}::timestamptz`, f.to);
  if (f.actor) add((n) => `(lower(actor_name) = lower($${n}) OR actor_id::text = $${n})`, f.actor);
  if (f.action) add((n) => (f.action!.endsWith('*') ? `action LIKE $${n}` : `action = $${n}`), f.action.endsWith('*') ? f.action.slice(0, -1).replace(/[\\%_]/g, '\\$&') + '%' : f.action);
  if (f.outcome) add((n) => `outcome = $${n}`, f.outcome);
  if (f.resourceType) add((n) => `resource_type = $${n}`, f.resourceType);
  if (f.resourceId) add((n) => `resource_id = $${n}`, f.resourceId);
  if (f.officeId) add((n) => `office_id = $${n}::uuid`, f.officeId);
  if (f.provinceCode) add((n) => `province_code = $${n}`, f.provinceCode);
  return conds.join(' AND ');
}

/** Newest first, cursor = the id of the last entry seen. */
export async function searchAudit(
  db: Queryable,
  actor: Actor,
  filter: AuditFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  const params: unknown[] = [];
  let sql = `SELECT * FROM audit_log WHERE ${where(actor, filter, params)}`;
  if (page.cursor) {
    params.push(page.cursor);
    sql += ` AND id < $${params.length}::bigint`;
  }
  params.push(page.limit + 1);
  sql += ` ORDER BY id DESC LIMIT $${params.length}`;
  const rows = (await db.query<AuditRow>(sql, params)).rows;
  const items = rows.slice(0, page.limit).map(toRecord);
  return { items, nextCursor: rows.length > page.limit ? items[items.length - 1]!.id : null };
}

/** Every matching entry, newest first, in batches (for exports). */
export async function* iterateAudit(db: Queryable, actor: Actor, filter: AuditFilter, batch = 1000): AsyncGenerator<AuditRecord> {
  let cursor: string | undefined;
  for (;;) {
    const page = await searchAudit(db, actor, filter, { limit: batch, cursor });
    for (const item of page.items) yield item;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

export const AUDIT_CSV_COLUMNS = [
  'id', 'at', 'actorKind', 'actorId', 'actorName', 'actorRoles', 'action', 'outcome', 'resourceType', 'resourceId',
  'provinceCode', 'officeId', 'ip', 'userAgent', 'requestId', 'method', 'path', 'status', 'details',
] as const;

export function auditCsvLine(r: AuditRecord): string {
  return csvLines([AUDIT_CSV_COLUMNS.map((c) => r[c] as CsvCell)], CSV_PLAIN);
}

export function auditCsvHeader(): string {
  return csvLines([AUDIT_CSV_COLUMNS], CSV_PLAIN);
}
