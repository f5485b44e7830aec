import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../domain/monitoring/alerts.js';
import type { Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import type { DeskRow } from './monitoring.repository.js';
import { resolveScope } from './resolve-scope.js';

interface Row { scope: string; leadTimeDays: number; noAnswerRate: number; overrunRate: number; emails: string[] }

const SELECT = `SELECT scope, lead_time_days AS "leadTimeDays", no_answer_rate AS "noAnswerRate", overrun_rate AS "overrunRate", emails
                  FROM monitoring_alert_setting`;

const view = (r: Row | undefined): AlertSettings =>
  r ? { leadTimeDays: r.leadTimeDays, noAnswerRate: Number(r.noAnswerRate), overrunRate: Number(r.overrunRate), emails: r.emails } : { ...DEFAULT_ALERT_SETTINGS };

/** The settings in force for each desk: the nearest node (desk, office, province, region) that has a row, else the defaults. */
export async function settingsForDesks(db: Queryable, desks: DeskRow[]): Promise<Map<string, AlertSettings>> {
  const rows = await db.query<Row>(SELECT);
  const byScope = new Map(rows.rows.map((r) => [r.scope, r]));
  return new Map(desks.map((d) => [d.deskId, view(
    byScope.get(`desk:${d.deskId}`) ?? byScope.get(`office:${d.officeId}`) ?? byScope.get(`province:${d.provinceCode}`) ?? byScope.get(`region:${d.regionCode}`),
  )]));
}

/** The settings in force at a node (its own row, else its nearest parent's, else the defaults). */
export async function getAlertSettings(db: Queryable, actor: Actor, scope: string | undefined) {
  const node = await resolveScope(db, actor, 'staff.monitoring.read', scope);
  const chain = [...node.parents, { level: node.level, id: node.id }].reverse().map((n) => `${n.level}:${n.id}`);
  const rows = await db.query<Row>(`${SELECT} WHERE scope = ANY($1::text[])`, [chain]);
  const byScope = new Map(rows.rows.map((r) => [r.scope, r]));
  const found = chain.find((c) => byScope.has(c));
  return { scope: `${node.level}:${node.id}`, inheritedFrom: found && found !== chain[0] ? found : null, ...view(found ? byScope.get(found) : undefined) };
}

/** Sets the thresholds and recipients of a node (staff.monitoring.manage over it). */
export async function putAlertSettings(db: Queryable, actor: Extract<Actor, { kind: 'staff' }>, scope: string | undefined, s: AlertSettings) {
  const node = await resolveScope(db, actor, 'staff.monitoring.manage', scope);
  const key = `${node.level}:${node.id}`;
  const emails = [...new Set(s.emails.map((e) => e.trim().toLowerCase()))];
  await db.query(
    `INSERT INTO monitoring_alert_setting (scope, lead_time_days, no_answer_rate, overrun_rate, emails, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (scope) DO UPDATE SET lead_time_days = EXCLUDED.lead_time_days, no_answer_rate = EXCLUDED.no_answer_rate,
       overrun_rate = EXCLUDED.overrun_rate, emails = EXCLUDED.emails, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [key, s.leadTimeDays, s.noAnswerRate, s.overrunRate, emails, actor.userId],
  );
  return { scope: key, inheritedFrom: null, leadTimeDays: s.leadTimeDays, noAnswerRate: s.noAnswerRate, overrunRate: s.overrunRate, emails };
}
