import { z } from 'zod';
import { uuidSchema } from '../platform/openapi.js';

const bilingual = z.object({ it: z.string(), en: z.string() });
const phone = z.string().nullable().describe('E.164, e.g. +390285622000');

export const provinceSchema = z.object({
  code: z.string(),
  name: z.string(),
  capital: z.string(),
  receptionPhone: phone,
  officeCount: z.number().int(),
  exampleTown: z.string().describe('A comune of the province for search hints: one a branch office serves, else one without an office'),
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



const uuid = uuidSchema;

export const listOfficesQuery = z.strictObject({
  province: z.string().regex(/^[A-Za-z]{2}$/, { message: 'expected a 2-letter province code' }).transform((s) => s.toUpperCase()).optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const idParams = z.strictObject({ id: uuid });

export const findTownsQuery = z.strictObject({
  q: z.string().trim().min(2).max(100),
  province: listOfficesQuery.shape.province,
});

export const townSchema = z.object({
  name: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  office: officeSchema.nullable().describe('The competent office; null for a province without offices'),
});


export const responses = {
  provinces: z.object({ items: z.array(provinceSchema) }),
  offices: z.object({ items: z.array(officeSchema) }),
  towns: z.object({ items: z.array(townSchema) }),
  office: officeSchema.extend({
    desks: z.array(deskSchema),
    localHolidays: z.array(z.object({ date: z.string(), name: z.string() })),
  }),
  desk: deskSchema.extend({
    office: z.object({ id: z.string(), code: z.string(), name: z.string(), town: z.string(), provinceCode: z.string() }),
    weekly: z.array(openingSchema),
  }),
};
