import { z } from 'zod';

const bilingual = z.object({ it: z.string(), en: z.string() });
const phone = z.string().nullable().describe('E.164, e.g. +390285622000');

export const provinceSchema = z.object({
  code: z.string(),
  name: z.string(),
  capital: z.string(),
  receptionPhone: phone,
  officeCount: z.number().int(),
});

export const officeSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  town: z.string(),
  address: z.string().nullable(),
  provinceCode: z.string(),
  receptionPhone: phone,
  deskCount: z.number().int(),
});

export const deskSchema = z.object({
  id: z.string(),
  officeId: z.string(),
  key: z.string(),
  number: z.number().int(),
  name: bilingual,
  description: bilingual,
  channels: z.array(z.enum(['phone', 'video'])),
  slotMinutes: z.number().int(),
  horizonDays: z.number().int(),
  minNoticeMinutes: z.number().int(),
  active: z.boolean(),
  topics: z.array(z.object({ key: z.string(), it: z.string(), en: z.string() })),
});

export const openingSchema = z.object({
  weekday: z.number().int().min(1).max(7).describe('1 = Monday … 7 = Sunday'),
  from: z.string(),
  to: z.string(),
  places: z.number().int(),
});

export const slotSchema = z.object({
  start: z.string().describe('ISO 8601 with the Europe/Rome offset'),
  end: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  remaining: z.number().int(),
});

export const daySchema = z.object({
  date: z.string().describe('local date, YYYY-MM-DD'),
  open: z.boolean(),
  full: z.boolean().optional().describe('open, but no place left'),
  closedReason: z.enum(['weekend_or_no_opening', 'national_holiday', 'local_holiday', 'closure']).optional(),
  holidayName: z.string().optional(),
  slots: z.array(slotSchema),
});

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'expected an id' });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected YYYY-MM-DD' });

export const listOfficesQuery = z.strictObject({
  province: z.string().regex(/^[A-Za-z]{2}$/, { message: 'expected a 2-letter province code' }).transform((s) => s.toUpperCase()).optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const idParams = z.strictObject({ id: uuid });

export const slotsQuery = z.strictObject({
  from: localDate.optional(),
  to: localDate.optional(),
});

export const responses = {
  provinces: z.object({ items: z.array(provinceSchema) }),
  offices: z.object({ items: z.array(officeSchema) }),
  office: officeSchema.extend({
    desks: z.array(deskSchema),
    localHolidays: z.array(z.object({ date: z.string(), name: z.string() })),
  }),
  desk: deskSchema.extend({
    office: z.object({ id: z.string(), code: z.string(), name: z.string(), town: z.string(), provinceCode: z.string() }),
    weekly: z.array(openingSchema),
  }),
  slots: z.object({ deskId: z.string(), timeZone: z.string(), from: z.string(), to: z.string(), days: z.array(daySchema) }),
};
