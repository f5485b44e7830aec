/** Shapes of the monitoring API (docs/monitoring-api.md) and the addresses the dashboard calls. */

export type Level = 'region' | 'province' | 'office' | 'desk';

export interface ScopeRef {
  level: Level;
  id: string;
  name: string;
}

export interface ScopeView extends ScopeRef {
  /** Breadcrumb, widest first; `open`: whether this user may open that level. */
  parents: (ScopeRef & { open: boolean })[];
}

export interface Figures {
  offered: number;
  booked: number;
  served: number;
  noAnswer: number;
  cancelled: number;
  fillRate: number;
  noAnswerRate: number;
  calls: number;
  meanCallSec: number | null;
  p90CallSec: number | null;
  overrunRate: number;
  contacts: number;
}

export type AlertCode = 'lead_time' | 'no_answer_rate' | 'overrun_rate' | 'station_offline';

export interface Alert {
  code: AlertCode;
  level: 'warning' | 'danger';
  scope: ScopeRef;
  value: number;
  threshold: number;
  message: { it: string; en: string };
  since?: string;
}

export interface LiveChild extends ScopeRef, Figures {
  firstFreeSlot: string | null;
  leadTimeWorkingDays: number | null;
}

export interface Live {
  scope: ScopeView;
  day: string;
  generatedAt: string;
  figures: Figures;
  now: {
    callsInProgress: number;
    operatorsOnDuty: number;
    operatorsOnCall: number;
    operatorsIdle: number;
    flaggedIdentityChecks: number;
    slotMinutes: number | null;
  };
  contactsByReason: { reason: string; count: number }[];
  children: LiveChild[];
  alerts: Alert[];
}

export type Granularity = 'day' | 'week' | 'month';

export interface History {
  scope: ScopeView;
  from: string;
  to: string;
  granularity: Granularity;
  rows: ({ period: string } & Figures)[];
  children: (ScopeRef & Figures)[];
}

export interface DeskSlotLength {
  deskId: string;
  deskName: string;
  officeName: string;
  slotMinutes: number;
  calls: number;
  meanSec: number | null;
  p50Sec: number | null;
  p90Sec: number | null;
  overrunShare: number;
  minutesCovering90: number | null;
  histogram: { fromMin: number; toMin: number; count: number }[];
}

export interface SlotLength {
  scope: ScopeView;
  from: string;
  to: string;
  desks: DeskSlotLength[];
}

export interface AlertSettings {
  leadTimeDays: number;
  noAnswerRate: number;
  overrunRate: number;
  emails: string[];
}

/** The answer of GET/PUT alert-settings: the settings in force and, when they are a wider node's, which (`province:CO`). */
export interface AlertSettingsView extends AlertSettings {
  scope?: string;
  inheritedFrom?: string | null;
}

/** GET contact-limits: contacts refused for too many active web bookings, masked. */
export interface ContactRefusals {
  scope: ScopeView;
  days: number;
  items: { contactKind: 'phone' | 'email'; contact: string; refusals: number; desks: number; firstAt: string; lastAt: string }[];
}

export const BASE = '/api/monitoring';

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

export interface OperatorFigures {
  operatorId: string;
  username: string;
  displayName: string;
  calls: number;
  served: number;
  identityFailed: number;
  identitySkipped: number;
  /** Served with an explicit "identity not verified" and its reason. */
  identityNotVerified: number;
  early: number;
  late: number;
}

export interface DeskIdentityFigures {
  deskId: string;
  desk: string;
  officeCode: string;
  served: number;
  identityNotVerified: number;
  /** reason → count */
  reasons: Record<string, number>;
}

export interface OperatorReport {
  scope: ScopeView;
  from: string;
  to: string;
  operators: OperatorFigures[];
  desks?: DeskIdentityFigures[];
}
