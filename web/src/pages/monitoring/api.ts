/** Shapes of the monitoring API (docs/monitoring-api.md; the server's own, generated) and the addresses the dashboard calls. */
import type { ApiData } from '../../api/client';


export type Live = ApiData<'/api/monitoring/live'>;
export type ScopeView = Live['scope'];
export type ScopeRef = Omit<ScopeView, 'parents'>;
export type Level = ScopeRef['level'];
export type Figures = Live['figures'];
/** An alert of the live view; the list of open alerts (GET alerts) adds since when. */
export type Alert = Live['alerts'][number] & { since?: string };
export type AlertCode = Alert['code'];
export type LiveChild = Live['children'][number];

export type History = ApiData<'/api/monitoring/history'>;
export type Granularity = History['granularity'];

export type SlotLength = ApiData<'/api/monitoring/slot-length'>;
export type DeskSlotLength = SlotLength['desks'][number];

/** The answer of GET/PUT alert-settings: the settings in force and, when they are a wider node's, which (`province:CO`). */
export type AlertSettingsView = ApiData<'/api/monitoring/alert-settings'>;
export type AlertSettings = Pick<AlertSettingsView, 'leadTimeDays' | 'noAnswerRate' | 'overrunRate' | 'emails'>;

/** GET contact-limits: contacts refused for too many active web bookings, masked. */
export type ContactRefusals = ApiData<'/api/monitoring/contact-limits'>;

export const BASE = '/api/monitoring';

/** `{ scope }` when a scope is chosen (a typed request's query; `query` leaves it out too). */
export function scoped(scope: string | null | undefined): { scope?: string } {
  return scope ? { scope } : {};
}

/** Query string of the defined parameters, in the given order. */
export function query(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export type ExportTable = 'live' | 'history' | 'history-children' | 'slot-length' | 'slot-length-histogram' | 'alerts' | 'contacts';
export type ExportFormat = 'csv' | 'xlsx';

/** The download address of a table, with the scope and range being looked at. */
export function exportUrl(
  table: ExportTable,
  format: ExportFormat,
  params: { scope: string | null; from?: string | null; to?: string | null; granularity?: Granularity | null },
): string {
  return `${BASE}/export${query({ table, format, scope: params.scope, from: params.from, to: params.to, granularity: params.granularity })}`;
}

/** Roles holding `staff.monitoring.read` and `staff.monitoring.manage` (src/policy/actions.ts). */
export const READ_ROLES: readonly string[] = ['regional_admin', 'office_admin', 'urp_monitor'];
export const MANAGE_ROLES: readonly string[] = ['regional_admin', 'urp_monitor'];

export type OperatorReport = ApiData<'/api/monitoring/operators'>;
export type OperatorFigures = OperatorReport['operators'][number];
export type DeskIdentityFigures = NonNullable<OperatorReport['desks']>[number];
