/**
 * The zod schemas of the console's responses (issue 18 §2): the use cases return these shapes
 * (their types are z.output of these), and the OpenAPI document describes them.
 */
import { z } from 'zod';
import { ADAPTER_KINDS, CALL_STATES } from '../adapters/telephony/port.js';
import { DUTY_STATUSES, OUTCOMES } from '../domain/calls/call-rules.js';

const nullableIso = z.string().nullable();

/** A call as the console shows it (times ISO 8601 in Europe/Rome). */
export const callView = z.object({
  id: z.string(),
  adapter: z.string(),
  attempt: z.number().int(),
  state: z.enum(CALL_STATES),
  cause: z.string().nullable(),
  causeCode: z.number().int().nullable(),
  destination: z.string(),
  requestedAt: nullableIso,
  ringingAt: nullableIso,
  answeredAt: nullableIso,
  endedAt: nullableIso,
  durationSeconds: z.number().nullable(),
  talkSeconds: z.number().nullable(),
  timingSource: z.string(),
});

/** A booking of an agenda: whom to call (never the tax code), where the call stands. */
export const agendaItem = z.object({
  bookingId: z.string(),
  code: z.string(),
  deskId: z.string(),
  start: z.string(),
  end: z.string(),
  state: z.enum(['waiting', 'calling', 'in_call', 'wrap_up', 'retry', 'done', 'withdrawn']),
  attempts: z.number().int(),
  callsMade: z.number().int(),
  nextAttemptAt: nullableIso,
  outcome: z.enum(OUTCOMES).nullable(),
  notes: z.string().nullable(),
  instructions: z.string().nullable(),
  identityVerified: z.boolean(),
  identityFailures: z.number().int(),
  identityWaiver: z.string().nullable(),
  flagged: z.boolean(),
  citizen: z.object({
    fullName: z.string().nullable(),
    phone: z.string().nullable(),
    language: z.enum(['it', 'en']),
    topic: z.string().nullable(),
    notes: z.string().nullable(),
    priority: z.boolean(),
    channel: z.string(),
    station: z.string().nullable().describe('the Comune of the municipal station the booking was made at'),
    phoneInstead: z.boolean().describe('the station was offline or the video could not start: the operator phones instead'),
  }),
  bookingActive: z.boolean(),
  lastCall: callView.nullable(),
});

const deskDocument = z.object({ key: z.string(), it: z.string(), en: z.string() });

export const operatorAgenda = z.object({
  day: z.string(),
  serverTime: z.string(),
  desks: z.array(z.object({
    deskId: z.string(), name: z.string(), nameEn: z.string(), number: z.number().int(), officeName: z.string(), officeCode: z.string(),
    onDuty: z.boolean(), extension: z.string().nullable(), adapter: z.string().nullable(), secondLevelDeskId: z.string().nullable(),
    documents: z.array(deskDocument),
  })),
  items: z.array(agendaItem.extend({
    callFrom: z.string().describe('calls may start from this instant'),
    callUntil: z.string().describe('and not after this one'),
  })),
  current: z.string().nullable().describe('the booking being called'),
  next: z.string().nullable().describe('the booking to call next'),
  slotStartsAt: nullableIso,
  slotEndsAt: nullableIso,
  timeLeftSeconds: z.number().int().nullable().describe('left in the current slot, counted from its start'),
  delayMinutes: z.number().int(),
  done: z.number().int(),
  total: z.number().int(),
});

export const deskAgenda = z.object({
  day: z.string(),
  desk: z.object({ id: z.string(), name: z.string(), nameEn: z.string(), number: z.number().int(), officeName: z.string(), officeCode: z.string() }),
  operators: z.array(z.object({
    id: z.string(), username: z.string(), displayName: z.string(), status: z.enum(DUTY_STATUSES), extension: z.string().nullable(), openBookings: z.number().int(),
  })),
  items: z.array(agendaItem.extend({ operatorId: z.string().nullable(), pinned: z.boolean() })),
  unassigned: z.number().int(),
});

export const signedOn = z.object({
  day: z.string(),
  changed: z.number().int().describe('bookings that moved between operators'),
  desks: z.array(z.object({
    deskId: z.string(),
    officeId: z.string(),
    extensionCheck: z.enum(['known', 'unknown', 'unchecked']).nullable()
      .describe("whether the office's PBX confirmed the extension (null: no extension given, or a PBX-less adapter)"),
  })),
});
export const signedOnDay = signedOn.extend({
  skipped: z.array(z.object({ deskId: z.string(), reason: z.literal('absent') })).describe('desks where you are marked absent, left as they are'),
});
export const signedOff = z.object({ day: z.string(), changed: z.number().int() });

export const rosteredDesks = z.object({
  day: z.string(),
  desks: z.array(z.object({
    deskId: z.string(), officeId: z.string(), name: z.string(), nameEn: z.string(), number: z.number().int(), officeName: z.string(), officeCode: z.string(),
    status: z.enum(DUTY_STATUSES), extension: z.string().nullable(), extensionVerified: z.boolean(),
  })),
});

export const startedCall = z.object({
  call: callView,
  dial: z.string().nullable().describe('manual call: what to dial'),
  manual: z.object({
    dial: z.string().describe("the citizen's number, after the office's prefix when there is one"),
    callerIdMode: z.enum(['prefix', 'office_line', 'own_number']).describe('whose number the citizen sees'),
    prefix: z.string().nullable(),
    officeLine: z.string().nullable(),
  }).nullable(),
});

export const identityChecked = z.object({
  verified: z.boolean(),
  result: z.enum(['ok', 'bad_tax_code', 'bad_pin', 'pin_locked']),
  attemptsLeft: z.number().int().nullable(),
  flagged: z.boolean(),
});

export const outcomeRecorded = z.object({
  state: z.enum(['retry', 'done']),
  outcome: z.enum(OUTCOMES).nullable(),
  nextAttemptAt: nullableIso,
  followUp: z.object({ code: z.string(), start: z.string() }).nullable().describe('the second-level booking made'),
});

export const bookingHistory = z.object({
  code: z.string(),
  steps: z.array(z.object({ at: z.string(), kind: z.string(), actor: z.string(), detail: z.string().nullable() })),
  calls: z.array(z.object({
    id: z.string(), attempt: z.number().int(), adapter: z.string(), state: z.enum(CALL_STATES), cause: z.string().nullable(),
    start: nullableIso, answeredAt: nullableIso, endedAt: nullableIso,
    durationSeconds: z.number().nullable(), talkSeconds: z.number().nullable(), timingSource: z.string(),
  })),
  identityFailures: z.number().int(),
  identityWaiver: z.string().nullable(),
  flagged: z.boolean(),
  outcome: z.enum(OUTCOMES).nullable(),
});

export const flagList = z.object({
  items: z.array(z.object({
    bookingId: z.string(), code: z.string(), desk: z.string(), office: z.string(), provinceCode: z.string(),
    flaggedAt: nullableIso, reason: z.string(), identityFailures: z.number().int(), start: nullableIso,
    citizen: z.string().nullable(), phone: z.string().nullable().describe('masked'), operator: z.string().nullable(), outcome: z.enum(OUTCOMES).nullable(),
  })),
});

export const deskDocuments = z.object({
  deskId: z.string(),
  documents: z.array(deskDocument).describe('what the operator may tick for "documents needed"'),
  sendIt: z.string().describe('how citizens send them (Italian)'),
  sendEn: z.string().describe('how citizens send them (English)'),
});

export const officeTelephony = z.object({
  officeId: z.string(),
  adapter: z.enum(ADAPTER_KINDS),
  settings: z.record(z.string(), z.unknown()).describe('what the adapter reads; secrets by the name of their environment variable (…Env)'),
  maxAttempts: z.number().int(),
  retryDelayMinutes: z.number().int(),
  retryWindowMinutes: z.number().int(),
  identityFlagFailures: z.number().int(),
  secondLevelDeskId: z.string().nullable(),
  manualDialPrefix: z.string().nullable().describe("manual mode: dialled before the citizen's number to withhold the operator's own (e.g. #31#)"),
  manualCallerLine: z.string().nullable().describe("manual mode: the office's line to call from, in international form"),
  earlyCallMinutes: z.number().int().describe('calls may start this many minutes before the slot'),
  configured: z.boolean().describe('false: the defaults, nothing saved for the office'),
  updatedAt: nullableIso,
});

export const connectionReport = z.object({
  adapter: z.string(),
  status: z.enum(['ok', 'unreachable', 'refused', 'not_configured', 'unexpected', 'nothing_to_reach', 'invalid_settings']),
  version: z.string().nullable(),
  users: z.number().int().nullable(),
  extension: z.object({ value: z.string(), status: z.enum(['known', 'unknown', 'unchecked']) }).nullable(),
  message: z.object({ it: z.string(), en: z.string() }).describe('what was found, in plain words'),
  detail: z.string().nullable(),
});

export const historyImported = z.object({
  records: z.number().int(), applied: z.number().int(), duplicate: z.number().int(), unknown: z.number().int(),
});

export const webhookReceived = z.object({
  status: z.enum(['applied', 'duplicate', 'unknown_call', 'stale', 'ignored']),
  type: z.string(),
});

export const eventsInfo = z.object({
  stream: z.literal('text/event-stream').describe('ask with Accept: text/event-stream for the live updates'),
  crossInstance: z.boolean(),
});
