import { z } from 'zod';
import { localDateSchema } from '../http/openapi.js';

const day = localDateSchema;
const scope = z.string().max(80).optional().describe('region:LOM · province:CO · office:<id> · desk:<id>; default: the widest node of your grants');
const level = z.enum(['region', 'province', 'office', 'desk']);
const node = z.object({ level, id: z.string(), name: z.string() });
const scopeView = node.extend({ parents: z.array(node.extend({ open: z.boolean().describe('whether you may open this level') })) });

export const figures = z.object({
  offered: z.number().int(), booked: z.number().int(), served: z.number().int(), noAnswer: z.number().int(), cancelled: z.number().int(),
  fillRate: z.number(), noAnswerRate: z.number(), calls: z.number().int(), meanCallSec: z.number().nullable(), p90CallSec: z.number().nullable(),
  overrunRate: z.number(), contacts: z.number().int(),
});
const message = z.object({ it: z.string(), en: z.string() });
export const alert = z.object({
  code: z.enum(['lead_time', 'no_answer_rate', 'overrun_rate']), level: z.enum(['warning', 'danger']), scope: node,
  value: z.number(), threshold: z.number(), message,
});

export const liveQuery = z.strictObject({ scope, day: day.optional().describe('default: today (Europe/Rome)') });
export const streamQuery = z.strictObject({ scope });
export const live = z.object({
  scope: scopeView, day: z.string(), generatedAt: z.string(), figures,
  now: z.object({
    callsInProgress: z.number().int(), operatorsOnDuty: z.number().int(), operatorsOnCall: z.number().int(), operatorsIdle: z.number().int(),
    flaggedIdentityChecks: z.number().int(), slotMinutes: z.number().int().nullable(),
  }),
  contactsByReason: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  children: z.array(node.merge(figures).extend({ firstFreeSlot: z.string().nullable(), leadTimeWorkingDays: z.number().int().nullable() })),
  alerts: z.array(alert),
});

export const granularity = z.enum(['day', 'week', 'month']);
export const historyQuery = z.strictObject({ scope, from: day, to: day, granularity: granularity.default('day') });
export const history = z.object({
  scope: scopeView, from: z.string(), to: z.string(), granularity,
  rows: z.array(figures.extend({ period: z.string() })),
  children: z.array(node.merge(figures)),
});

export const slotLengthQuery = z.strictObject({ scope, from: day, to: day });
export const slotLength = z.object({
  scope: scopeView, from: z.string(), to: z.string(),
  desks: z.array(z.object({
    deskId: z.string(), deskName: z.string(), officeName: z.string(), slotMinutes: z.number().int(), calls: z.number().int(),
    meanSec: z.number().nullable(), p50Sec: z.number().nullable(), p90Sec: z.number().nullable(), overrunShare: z.number(),
    minutesCovering90: z.number().int().nullable(),
    histogram: z.array(z.object({ fromMin: z.number().int(), toMin: z.number().int(), count: z.number().int() })),
  })),
});

export const operatorsQuery = z.strictObject({ scope, from: day, to: day });
export const operators = z.object({
  scope: scopeView, from: z.string(), to: z.string(),
  operators: z.array(z.object({
    operatorId: z.string(), username: z.string(), displayName: z.string(), calls: z.number().int(), served: z.number().int(),
    identityFailed: z.number().int(), identitySkipped: z.number().int(), identityNotVerified: z.number().int(), early: z.number().int(), late: z.number().int(),
  })),
  desks: z.array(z.object({
    deskId: z.string(), desk: z.string(), officeCode: z.string(), served: z.number().int(), identityNotVerified: z.number().int(),
    reasons: z.record(z.string(), z.number().int()).describe('served with "identity not verified", by reason'),
  })),
});

export const settingsQuery = z.strictObject({ scope });
export const settingsBody = z.strictObject({
  leadTimeDays: z.number().int().min(1).max(365),
  noAnswerRate: z.number().gt(0).max(1),
  overrunRate: z.number().gt(0).max(1),
  emails: z.array(z.string().trim().email().max(254)).max(20),
});
export const settings = settingsBody.extend({ scope: z.string(), inheritedFrom: z.string().nullable().describe('the node whose settings are in force, when not this one') });

export const alertsQuery = z.strictObject({ scope });
export const alerts = z.object({ scope: scopeView, alerts: z.array(alert.extend({ since: z.string() })) });

export const exportQuery = z.strictObject({
  table: z.enum(['live', 'history', 'history-children', 'slot-length', 'slot-length-histogram', 'alerts', 'contacts']),
  format: z.enum(['csv', 'xlsx']).default('csv'),
  scope,
  day: day.optional(),
  from: day.optional().describe('history, history-children, slot-length, slot-length-histogram, contacts: default 29 days before `to`'),
  to: day.optional().describe('default: today'),
  granularity: granularity.optional(),
});
export const exportFile = z.any().describe('the file (text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)');

export const contactRefusalsQuery = z.strictObject({
  scope, days: z.coerce.number().int().min(1).max(90).default(30).describe('look back this many days (default 30)'),
});
export const contactRefusals = z.object({
  scope: scopeView,
  days: z.number().int(),
  items: z.array(z.object({
    contactKind: z.enum(['phone', 'email']), contact: z.string().describe('masked'), refusals: z.number().int(),
    desks: z.number().int(), firstAt: z.string(), lastAt: z.string(),
  })),
});
