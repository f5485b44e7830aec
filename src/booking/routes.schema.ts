import { z } from 'zod';
import { instantSchema, localDateSchema, uuidSchema } from '../platform/openapi.js';
import { bookingMessage } from '../notifications/index.js';

const uuid = uuidSchema;
const localDate = localDateSchema;
const instant = instantSchema;
const channel = z.enum(['phone', 'video']);
const boolish = z.enum(['true', 'false']).transform((v) => v === 'true');
const taxCode = z.string().trim().min(1).max(32).describe('codice fiscale, checked (check letter, omocodia)');
const bookingCode = z.string().trim().min(6).max(24).describe('e.g. MI01-2-7KQ3X');

export const deskParams = z.strictObject({ id: uuid });
export const entryParams = z.strictObject({ id: uuid });

export const availabilityQuery = z.strictObject({
  from: localDate.optional(),
  to: localDate.optional(),
  channel: channel.optional(),
  priority: boolish.optional(),
});

export const firstAvailableQuery = z.strictObject({ channel: channel.optional(), priority: boolish.optional() });

export const alternativesQuery = z.strictObject({ channel: channel.optional(), priority: boolish.optional() });

export const alternativesResponse = z.object({
  alternatives: z.array(z.object({
    deskId: z.string(),
    officeId: z.string(),
    officeCode: z.string(),
    officeName: z.string(),
    town: z.string(),
    provinceCode: z.string(),
    distanceKm: z.number().int().nullable().describe('great-circle distance from the desk\'s office, rounded; null when an office has no location'),
    firstSlot: z.object({ start: z.string(), end: z.string() }),
  })).max(3),
});

export const holdBody = z.strictObject({ start: instant, channel, priority: z.boolean().optional() });

export const holdRequestHeaders = z.object({
  'x-altcha': z.string().max(4000).optional().describe('the solved challenge of GET /desks/{id}/challenge: base64 of { challenge, solution } (anonymous citizens)'),
});

export const challengeResponse = z.object({
  challenge: z.object({
    parameters: z.object({
      algorithm: z.string(), nonce: z.string(), salt: z.string(), cost: z.number().int(), keyLength: z.number().int(),
      keyPrefix: z.string(), keySignature: z.string().optional(), expiresAt: z.number().optional(),
      data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    }),
    signature: z.string().optional(),
  }).describe('altcha v2 challenge (deterministic mode): find the counter whose PBKDF2 key starts with keyPrefix'),
  counter: z.number().int().describe('at most this many attempts; higher while the desk is under pressure'),
  underPressure: z.boolean(),
  expiresAt: z.string(),
  validSeconds: z.number().int().describe('seconds the challenge stays valid from now (for a device whose clock is off)'),
});

export const holdHeaders = z.object({ 'x-hold-token': z.string().min(10).max(100) });

export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().min(8).max(200).optional().describe('a retry with the same key returns the first result'),
});

export const personFields = {
  taxCode,
  fullName: z.string().trim().min(2).max(120),
  phone: z.string().trim().min(5).max(30),
  email: z.email().max(254).optional(),
  topic: z.string().max(40).optional(),
  notes: z.string().max(500).optional(),
  channel,
  language: z.enum(['it', 'en']),
  consent: z.boolean(),
  priority: z.boolean().optional(),
};

export const bookBody = z.strictObject({
  hold: z.strictObject({ id: uuid, token: z.string().min(10).max(100) }),
  ...personFields,
});

export const personCheckBody = z.strictObject({ taxCode });
export const personCheckResponse = z.object({
  outcome: z.enum(['clear', 'not_checked']).describe("clear: no active booking of this person at the hold's desk; not_checked: this hold's two checks are used (the confirmation decides)"),
});

export const waitlistBody = z.strictObject(personFields);

export const lookupBody = z.strictObject({ code: bookingCode, taxCode });
export const resendBody = z.strictObject({
  taxCode,
  phone: z.string().trim().max(30).optional().describe('the phone booked with'),
  email: z.string().trim().max(254).optional().describe('or the e-mail booked with'),
});
export const resendResponse = z.object({ message: z.object({ it: z.string(), en: z.string() }).describe('the same answer whether or not a booking exists') });
const pin = z.string().trim().min(1).max(12).describe('the 6-digit PIN shown once when booking (never sent in messages)');
export const cancelBody = z.strictObject({ code: bookingCode, taxCode, pin, reason: z.string().max(300).optional() });
export const moveBody = z.strictObject({ code: bookingCode, taxCode, pin, start: instant });

export const holdParams = z.strictObject({ id: uuid });
export const codeRequestBody = z.strictObject({
  phone: z.string().trim().min(5).max(30).optional(),
  email: z.email().max(254).optional(),
  language: z.enum(['it', 'en']),
});
export const codeSentResponse = z.object({
  verificationId: z.string(), channel: z.enum(['sms', 'email']), sentTo: z.string().describe('masked'), expiresAt: z.string(),
});
export const codeCheckBody = z.strictObject({ verificationId: uuid, code: z.string().trim().min(1).max(12) });
export const verificationResponse = z.object({
  channel: z.enum(['sms', 'email']).nullable().describe('where the one-time code is sent before confirming; null: no code is asked for'),
});
export const tokenBody = z.strictObject({ token: z.string().min(10).max(100) });
export const waitlistFindBody = z.strictObject({ code: z.string().trim().min(3).max(40), taxCode });

export const slotView = z.object({
  start: z.string(), end: z.string(), capacity: z.number().int(), booked: z.number().int(), remaining: z.number().int(),
  state: z.enum(['open', 'full', 'past', 'too_soon', 'beyond_horizon', 'not_yet_open']),
  opensAt: z.string().optional(),
});

export const availabilityResponse = z.object({
  deskId: z.string(),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.array(z.object({
    date: z.string(),
    status: z.enum(['open', 'full', 'closed', 'not_yet_open', 'unavailable']),
    open: z.boolean(),
    full: z.boolean().optional(),
    closedReason: z.enum(['weekend_or_no_opening', 'national_holiday', 'local_holiday', 'closure']).optional(),
    holidayName: z.string().optional(),
    opensAt: z.string().optional(),
    slots: z.array(slotView),
  })),
});

export const firstAvailableResponse = z.object({
  slot: z.object({ start: z.string(), end: z.string(), remaining: z.number().int() }).nullable(),
});

export const holdResponse = z.object({
  holdId: z.string(), holdToken: z.string(), deskId: z.string(), start: z.string(), end: z.string(),
  expiresAt: z.string(), holdMinutes: z.number().int(),
});

export const bookingView = z.object({
  code: z.string(),
  status: z.enum(['held', 'booked', 'cancelled', 'expired']),
  start: z.string(),
  end: z.string(),
  channel,
  language: z.enum(['it', 'en']),
  topic: z.string().nullable(),
  fullName: z.string().nullable(),
  phone: z.string().nullable().describe('masked'),
  email: z.string().nullable().describe('masked'),
  priority: z.boolean(),
  source: z.enum(['web', 'reception', 'patronato', 'staff']),
  desk: z.object({ id: z.string(), number: z.number().int(), name: z.object({ it: z.string(), en: z.string() }) }),
  office: z.object({ id: z.string(), code: z.string(), name: z.string(), receptionPhone: z.string().nullable() }),
  station: z.object({ id: z.string(), name: z.string(), address: z.string(), comune: z.string() }).nullable()
    .describe('the municipal station the citizen comes to (a video booking made there), else null'),
  bookedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});

export const newBookingResponse = z.object({ booking: bookingView, pin: z.string().describe('6 digits, shown once') });

export const bookingMessagesResponse = z.object({
  live: z.boolean().describe('a real channel carries messages to citizens'),
  demoOutbox: z.boolean().describe('e-mail and SMS go to the demo outbox: nothing reaches anyone'),
  items: z.array(bookingMessage),
});

export const waitlistJoinResponse = z.object({
  entryId: z.string(), token: z.string(), code: z.string().describe("the entry's code (LA-…): with the tax code it finds the place again"),
  position: z.number().int(),
  confirmation: z.array(z.enum(['email', 'sms', 'appio'])).describe('channels a confirmation with the link was queued on (empty: no message is sent)'),
});
export const waitlistStatusResponse = z.object({
  status: z.enum(['waiting', 'offered', 'booked', 'expired', 'left']),
  code: z.string().nullable(),
  position: z.number().int().nullable(),
  offer: z.object({ start: z.string(), end: z.string(), expiresAt: z.string() }).optional(),
});

// Staff (reception, patronato, office staff) acting on a caller's behalf.
export const staffBookBody = z.strictObject({ deskId: uuid, start: instant, ...personFields });
export const staffSearchQuery = z.strictObject({
  taxCode: z.string().trim().min(1).max(32).optional(),
  phone: z.string().trim().min(3).max(30).optional(),
  code: z.string().trim().min(3).max(24).optional(),
});
export const codeParams = z.strictObject({ code: z.string().trim().min(6).max(24) });
export const staffCancelBody = z.strictObject({ reason: z.string().trim().min(1).max(300) });
export const staffMoveBody = z.strictObject({ start: instant });

export const staffBookingView = bookingView.omit({ office: true, station: true }).extend({
  notes: z.string().nullable(),
  taxCode: z.string().nullable().describe('masked'),
  phone: z.string().nullable().describe('in clear: staff call the citizen'),
  email: z.string().nullable(),
  office: z.object({ id: z.string(), code: z.string(), name: z.string() }),
});
export const staffBookingList = z.object({ items: z.array(staffBookingView) });
export const staffNewBooking = z.object({ booking: staffBookingView, pin: z.string() });

export const waitlistFindResponse = waitlistStatusResponse.extend({ entryId: z.string(), token: z.string(), code: z.string() });
