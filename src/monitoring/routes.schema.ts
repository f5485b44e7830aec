import { z } from 'zod';
import { localDateSchema } from '../platform/openapi.js';

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
  code: z.enum(['lead_time', 'no_answer_rate', 'overrun_rate', 'station_offline']), level: z.enum(['warning', 'danger']), scope: node,
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
    operatorId: z.string(), username: z.string(), displayName: z.string(),
    calls: z.number().int().describe('call attempts the operator started'),
    served: z.number().int().describe('bookings they closed with the citizen reached (resolved, second level, documents needed)'),
    identityFailed: z.number().int().describe('identity checks they made that failed (wrong tax code or PIN, PIN locked)'),
    identitySkipped: z.number().int().describe('bookings they served with no identity check passed'),
    identityNotVerified: z.number().int().describe('of those, served with an explicit "identity not verified" and its reason'),
    early: z.number().int().describe('calls started before the booked slot began'),
    late: z.number().int().describe('calls started after the booked slot had ended'),
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
    contactKind: z.enum(['phone', 'email']), contact: z.string().describe('masked: enough to recognise a number or an address seen before, not to use it'), refusals: z.number().int(),
    desks: z.number().int(), firstAt: z.string(), lastAt: z.string(),
  })),
});

// Service evidence and capacity planner (issue 23, docs/planning.md).
const num = z.number().nullable();
const interval = z.object({ low: z.number(), high: z.number(), coverage: z.number().nullable().describe('reached coverage; null: too few values for 95 %') }).nullable();
const quantileCi = z.object({ value: num, ci: interval });
const sample = z.object({ n: z.number().int(), meanSec: num, p50: quantileCi, p90: quantileCi, p95: quantileCi, tooSmall: z.boolean() });
const cover = z.object({ minutes: num, low: num, high: num });
const share = z.object({ count: z.number().int(), share: z.number(), low: z.number(), high: z.number() }).nullable();
const int = z.number().int();
const hidden = z.object({
  waitlistJoins: int, contactRefusals: int,
  fullRefusals: int.describe('requests told "no free place within the horizon" (desk full), docs/planning.md'),
  fullRefusalsBySource: z.object({ web: int, reception: int, patronato: int, staff: int }),
  noAnswers: int, secondLevel: int,
});
const handlingSummary = z.object({
  calls: z.number().int(), answeredCalls: z.number().int(), bookings: z.number().int(), attemptsPerBooking: num,
  attempts: z.object({ one: z.number().int(), two: z.number().int(), threeOrMore: z.number().int() }),
  byAdapter: z.record(z.string(), z.number().int()),
  phases: z.object({ reach: sample, identification: sample, talk: sample, afterCallWork: sample, total: sample }),
  overrun: share, overrunMeanSec: num, cover90: cover, cover95: cover,
  histogram: z.array(z.object({ fromMin: z.number().int(), count: z.number().int() })),
  missing: z.object({ identification: z.number().int(), afterCallWork: z.number().int() }),
  tooSmall: z.boolean(),
});
const handlingBrief = z.object({
  calls: z.number().int(), answeredCalls: z.number().int(), attemptsPerBooking: num, medianSec: num, p90Sec: num, p95Sec: num,
  identMedianSec: num, wrapMedianSec: num, overrunShare: num, cover90: num, cover95: num, tooSmall: z.boolean(),
});
const slotsOf = { slotMinutes: z.number().int().nullable(), slotMinutesRange: z.tuple([z.number().int(), z.number().int()]).nullable() };
export const handlingQuery = z.strictObject({ scope, from: day, to: day, granularity: granularity.optional().describe('periods: default week') });
export const handling = z.object({
  scope: scopeView, from: z.string(), to: z.string(), granularity, ...slotsOf,
  handling: handlingSummary, hidden,
  children: z.array(node.extend({ ...slotsOf, handling: handlingBrief, hidden })),
  periods: z.array(z.object({ period: z.string(), handling: handlingBrief, fullRefusals: int.describe('requests refused because the desk was full in the period') })),
});

export const planQuery = z.strictObject({
  scope,
  weeks: z.coerce.number().int().min(3).max(53).default(12).describe('weeks of history (default 12)'),
  weeksAhead: z.coerce.number().int().min(1).max(12).default(6).describe('weeks of lead time projected (default 6)'),
  leadDays: z.coerce.number().int().min(1).max(30).default(3).describe('lead time target, working days (default 3)'),
  fitShare: z.coerce.number().min(0.5).max(0.99).default(0.9).describe('share of calls that must fit the slot (default 0.9)'),
  fromHour: z.coerce.number().int().min(0).max(23).default(9),
  toHour: z.coerce.number().int().min(1).max(24).default(12),
});
const hourPlan = z.object({ hour: z.number().int(), today: z.number().int(), capacity: z.number().int(), queueing: z.number().int(), needed: z.number().int() });
const leadSeries = z.array(z.number());
export const plan = z.object({
  scope: scopeView, today: z.string(), historyWeeks: z.number().int(), weeksAhead: z.number().int(),
  targets: z.object({ leadDays: z.number(), fitShare: z.number(), startShare: z.number(), startWithinSec: z.number() }),
  method: z.object({ forecast: z.string(), forecastHoldoutWeeks: z.number().int(), capacity: z.string(), queueing: z.string() }),
  offices: z.array(z.object({
    officeId: z.string(), officeName: z.string(), calls: z.number().int(), cover90: cover,
    options: z.array(z.object({
      slotMinutes: z.number().int(), overrunShare: num, overrunLow: num, overrunHigh: num, fits: z.boolean(),
      hours: z.array(z.object({ hour: z.number().int(), today: z.number().int(), needed: z.number().int() })),
      leadToday: leadSeries, leadPlanned: leadSeries, meetsLead: z.boolean(),
    })),
    story: z.object({
      slotMinutes: z.number().int(), overrunShare: num, cover90Minutes: num, chosenSlotMinutes: num, operatorsMorning: num,
      fromHour: z.number().int(), toHour: z.number().int(), calls: z.number().int(),
    }),
    answer: message,
  })),
  desks: z.array(z.object({
    deskId: z.string(), deskName: z.string(), officeId: z.string(), officeName: z.string(), slotMinutes: z.number().int(),
    calls: z.number().int(), attemptsPerBooking: z.number(), backlog: z.number().int(),
    forecast: z.array(num).describe('Monday … Sunday, bookings a day; null: closed'),
    forecastError: z.object({ heldOutDays: z.number().int(), mae: num, mape: num }),
    meanHandlingSec: num,
    options: z.array(z.object({
      slotMinutes: z.number().int(), current: z.boolean(), overrunShare: num, fits: z.boolean(), hours: z.array(hourPlan),
      dailyCapacityToday: z.number().int(), leadToday: leadSeries, leadPlanned: leadSeries, meetsLead: z.boolean(),
    })),
  })),
});

export const whatIfQuery = z.strictObject({
  scope, from: day, to: day,
  slotMinutes: z.coerce.number().int().min(5).max(60).optional().describe('what if the slots lasted this long'),
  operators: z.coerce.number().int().min(1).max(50).optional().describe('what if each slot had this many operators (places)'),
  seed: z.coerce.number().int().min(0).max(2_147_483_647).default(1),
});
const simStates = z.object({ served: z.number().int(), no_answer: z.number().int(), cancelled: z.number().int(), refused: z.number().int() });
const leadMean = num.describe('mean lead time, working days from the request to the slot');
const overrunShare = num.describe('share (0–1) of answered calls longer than the slot');
const sim = z.object({
  arrivals: z.number().int(), states: simStates, calls: z.number().int(), leadMean, leadP90: num.describe('working days'), overrunShare,
  startDelayMeanSec: num.describe('seconds a first call starts after its slot'),
});
const actual = z.object({ bookings: z.number().int(), leadMean, overrunShare, noAnswerShare: num.describe('share (0–1) of calls not answered') });
const intRange = z.tuple([z.number().int(), z.number().int()]).nullable();
export const whatIf = z.object({
  scope: scopeView, from: z.string(), to: z.string(), seed: z.number().int(),
  change: z.object({ slotMinutes: num, operators: num }).describe('null: as it was'),
  current: z.object({
    slotMinutes: intRange.describe('shortest and longest slot (minutes) of the desks replayed'),
    operators: intRange.describe('fewest and most operators (places) of a slot in the calendars over the period'),
  }).describe('the calendars as they were: what the baseline replays'),
  actual, baseline: sim, whatIf: sim,
  error: z.object({ leadMeanDays: num.describe('working days'), overrunShare: num.describe('share (0–1)') }).describe('baseline prediction minus what happened'),
  desks: z.array(z.object({ deskId: z.string(), deskName: z.string(), slotMinutes: z.number().int(), operators: intRange, actual: actual.extend({ calls: z.number().int() }), baseline: sim, whatIf: sim })),
  elapsedMs: z.number(),
});
