import { z } from 'zod';
import { localDateSchema, uuidSchema } from '../platform/openapi.js';
import { personFields } from '../booking/index.js';
import { instantSchema } from '../platform/openapi.js';

const uuid = uuidSchema;
const bilingual = z.object({ it: z.string(), en: z.string() });
const phone = z.string().trim().min(5).max(30);
const provinceCode = z.string().trim().regex(/^[A-Z]{2}$/, 'a province code, e.g. MI');

export const idParams = z.strictObject({ id: uuid });
export const officeParams = z.strictObject({ id: uuid, officeId: uuid });
export const operatorParams = z.strictObject({ id: uuid, userId: uuid });
export const deskParams = z.strictObject({ deskId: uuid });
export const provinceParams = z.strictObject({ provinceCode });

export const createBody = z.strictObject({
  name: z.string().trim().min(2).max(120),
  accreditationCode: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,19}$/, '2–20 letters, digits or dashes'),
  regionCode: z.string().trim().min(2).max(10).optional().describe("default: the administrator's region"),
});
export const changeBody = z.strictObject({
  name: z.string().trim().min(2).max(120).optional(),
  active: z.boolean().optional(),
});
export const officeBody = z.strictObject({
  provinceCode,
  name: z.string().trim().min(2).max(120),
  address: z.string().trim().max(200).optional(),
  phone: phone.optional().describe('the number the office calls from: the reception line recognises it'),
});
export const lineBody = z.strictObject({ phone });
export const shareBody = z.strictObject({
  percent: z.number().int().min(0).max(100).describe('share of each slot kept for patronati; 100 = a dedicated patronato desk'),
  releaseHours: z.number().int().min(0).max(720).describe('hours before the slot when what is left of the share goes to everyone'),
});

const officeView = z.object({ id: z.string(), provinceCode: z.string(), name: z.string(), address: z.string().nullable(), phone: z.string().nullable() });
export const patronatoView = z.object({
  id: z.string(),
  name: z.string(),
  accreditationCode: z.string(),
  regionCode: z.string(),
  active: z.boolean(),
  offices: z.array(officeView),
  operators: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string() })),
});
export const patronatoList = z.object({ items: z.array(patronatoView) });
export const lineView = z.object({ provinceCode: z.string(), phone: z.string() });
export const lineList = z.object({ items: z.array(lineView) });
export const shareView = z.object({ deskId: z.string(), percent: z.number().int(), releaseHours: z.number().int() });

export const meView = z.object({ patronato: patronatoView, lines: z.array(lineView) });

export const deskList = z.object({
  items: z.array(z.object({
    id: z.string(), number: z.number().int(), name: bilingual, channels: z.array(z.enum(['phone', 'video'])),
    office: z.object({ id: z.string(), code: z.string(), name: z.string(), provinceCode: z.string() }),
    patronatoPercent: z.number().int(), patronatoReleaseHours: z.number().int(),
  })),
});

export const availabilityQuery = z.strictObject({ from: localDateSchema.optional(), to: localDateSchema.optional() });

export const bookBody = z.strictObject({
  deskId: uuid,
  start: instantSchema,
  ...personFields,
  mandate: z.strictObject({
    date: localDateSchema.describe('the day the client signed the mandate'),
    subject: z.string().trim().min(3).max(200).describe('what the mandate is for'),
  }),
  patronatoOfficeId: uuid.optional().describe('the local office acting'),
  patronatoId: uuid.optional().describe('reception line only: the patronato calling (a patronato operator books for its own)'),
});

export const listQuery = z.strictObject({
  from: localDateSchema.optional().describe('first day (Europe/Rome); default today'),
  days: z.coerce.number().int().min(1).max(62).optional().describe('default 1: the day\'s list of calls'),
});

export const bookingView = z.object({
  code: z.string(),
  status: z.enum(['booked', 'cancelled']),
  start: z.string(),
  end: z.string(),
  channel: z.enum(['phone', 'video']),
  fullName: z.string().nullable(),
  taxCode: z.string().nullable().describe('masked'),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  topic: z.string().nullable(),
  desk: z.object({ id: z.string(), number: z.number().int(), name: bilingual }),
  office: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  mandate: z.object({ date: z.string(), subject: z.string(), officeName: z.string().nullable() }),
  call: z.object({
    state: z.string(),
    outcome: z.enum(['resolved', 'no_answer', 'wrong_number', 'cancelled_by_citizen', 'second_level', 'needs_documents']).nullable(),
    followUpCode: z.string().nullable(),
  }).nullable().describe('the call, once the desk has planned it; its outcome once recorded'),
});
export const bookingList = z.object({ items: z.array(bookingView) });
export const newBooking = z.object({ booking: bookingView, pin: z.string().describe('6 digits, shown once: give it to the client') });

export { idempotencyHeaders } from '../booking/index.js';

export const callerQuery = z.strictObject({ phone });
export const callerView = z.object({
  patronato: z.object({ id: z.string(), name: z.string(), accreditationCode: z.string() }),
  office: z.object({ id: z.string(), name: z.string(), provinceCode: z.string() }),
});
