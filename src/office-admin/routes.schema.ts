import { z } from 'zod';
import { holidayDateSchema, localDateSchema, uuidSchema } from '../platform/openapi.js';
import { exceptionSchema, openingSchema } from '../catalog/index.js';

const uuid = uuidSchema;
export const idParams = z.strictObject({ id: uuid });

export const calendarChangeBody = z.strictObject({
  weekly: z.array(openingSchema).max(50).optional(),
  addExceptions: z.array(exceptionSchema).max(100).optional(),
  removeExceptions: z.array(z.strictObject({ date: localDateSchema, kind: z.enum(['closed', 'extra', 'reduced']) })).max(100).optional(),
  slotMinutes: z.number().int().min(5).max(240).optional(),
  resolution: z.strictObject({ action: z.enum(['move', 'cancel']), reason: z.string().trim().min(3).max(300) }).optional(),
  preview: z.boolean().optional(),
});

export const slotDelta = z.object({ start: z.string(), end: z.string(), places: z.number().int(), deskId: z.string().optional() });
export const calendarChangeResult = z.object({
  applied: z.boolean(),
  added: z.array(slotDelta),
  removed: z.array(slotDelta),
  affected: z.array(z.object({
    code: z.string(), start: z.string(), fullName: z.string().nullable(), bookedAt: z.string().nullable(), deskId: z.string().optional(),
    movedTo: z.string().nullable().optional(), outcome: z.enum(['moved', 'cancelled']).optional(),
  })),
});

export const importBody = z.strictObject({
  format: z.enum(['json', 'yaml', 'csv']),
  content: z.string().min(2).max(5_000_000),
  dryRun: z.boolean().optional(),
});
export const importResult = z.object({
  dryRun: z.boolean(),
  offices: z.number().int(),
  summary: z.record(z.string(), z.unknown()).nullable(),
});

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/, { message: 'expected HH:MM' });
const isoDate = localDateSchema;
const resolution = z.strictObject({ action: z.enum(['move', 'cancel']), reason: z.string().trim().min(3).max(300) });
const text = (max: number) => z.string().trim().min(1).max(max);
export const topicsSchema = z.array(z.strictObject({ key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/), it: text(120), en: text(120) })).max(50);

/** The desk's own settings (none of them moves a slot). */
const deskSettingsShape = {
  number: z.number().int().min(1).max(999),
  nameIt: text(120),
  nameEn: text(120),
  descriptionIt: z.string().max(2000),
  descriptionEn: z.string().max(2000),
  topics: topicsSchema,
  channels: z.array(z.enum(['phone', 'video'])).min(1).max(2),
  horizonDays: z.number().int().min(1).max(365),
  minNoticeMinutes: z.number().int().min(0).max(43200),
  release: z.strictObject({ weekday: z.number().int().min(1).max(7), time: hhmm, weeksAhead: z.number().int().min(0).max(52) }).nullable(),
  priorityPercent: z.number().int().min(0).max(100),
  priorityReleaseHours: z.number().int().min(0).max(720),
  holdMinutes: z.number().int().min(1).max(120),
  waitlistOfferMinutes: z.number().int().min(5).max(10080),
  maxActivePerPerson: z.number().int().min(1).max(100).nullable(),
  active: z.boolean(),
};

export const shiftSchema = z.strictObject({
  operatorId: uuid,
  weekday: z.number().int().min(1).max(7).optional(),
  date: isoDate.optional(),
  from: hhmm,
  to: hhmm,
});

export const deskPatchBody = z.strictObject({
  ...Object.fromEntries(Object.entries(deskSettingsShape).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof deskSettingsShape]: z.ZodOptional<(typeof deskSettingsShape)[K]> },
  slotMinutes: z.number().int().min(5).max(240).optional(),
  placesFollowRoster: z.boolean().optional(),
  resolution: resolution.optional(),
  preview: z.boolean().optional(),
});

export const createDeskBody = z.strictObject({
  ...Object.fromEntries(Object.entries(deskSettingsShape).map(([k, v]) => [k, k === 'number' || k === 'nameIt' || k === 'nameEn' ? v : v.optional()])) as {
    [K in keyof typeof deskSettingsShape]: K extends 'number' | 'nameIt' | 'nameEn' ? (typeof deskSettingsShape)[K] : z.ZodOptional<(typeof deskSettingsShape)[K]>
  },
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: 'expected a lower-case key' }),
  slotMinutes: z.number().int().min(5).max(240),
  weekly: z.array(openingSchema).max(50),
  placesFollowRoster: z.boolean().optional(),
});
export const createdDesk = z.object({ id: z.string() });

export const rosterBody = z.strictObject({
  shifts: z.array(shiftSchema).max(500),
  resolution: resolution.optional(),
  preview: z.boolean().optional(),
});

export const holidayBody = z.strictObject({
  date: holidayDateSchema,
  name: text(120),
  resolution: resolution.optional(),
  preview: z.boolean().optional(),
});
export const holidayParams = z.strictObject({ id: uuid, date: holidayDateSchema });
export const holidayList = z.object({ items: z.array(z.object({ date: z.string(), name: z.string() })) });

export const absenceBody = z.strictObject({
  operatorId: uuid,
  from: isoDate,
  to: isoDate,
  kind: z.enum(['sick_leave', 'training', 'leave', 'other']),
  note: z.string().trim().max(300).optional(),
  resolution: resolution.optional(),
  preview: z.boolean().optional(),
});
export const absenceParams = z.strictObject({ id: uuid, absenceId: uuid });

export const adminOfficeList = z.object({
  items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), town: z.string(), provinceCode: z.string(), deskCount: z.number().int() })),
});

const exceptionOut = z.object({
  date: z.string(), kind: z.enum(['closed', 'extra', 'reduced']), from: z.string().optional(), to: z.string().optional(),
  places: z.number().int().optional(), reason: z.string().optional(),
});
export const adminOffice = z.object({
  id: z.string(), code: z.string(), name: z.string(), town: z.string(), kind: z.string(), provinceCode: z.string(),
  localHolidays: z.array(z.object({ date: z.string(), name: z.string() })),
  desks: z.array(z.object({
    id: z.string(), key: z.string(), number: z.number().int(), nameIt: z.string(), nameEn: z.string(), descriptionIt: z.string(), descriptionEn: z.string(),
    channels: z.array(z.enum(['phone', 'video'])), slotMinutes: z.number().int(), horizonDays: z.number().int(), minNoticeMinutes: z.number().int(),
    active: z.boolean(), topics: z.array(z.object({ key: z.string(), it: z.string(), en: z.string() })), holdMinutes: z.number().int(),
    maxActivePerPerson: z.number().int().nullable(), release: z.object({ weekday: z.number().int(), time: z.string(), weeksAhead: z.number().int() }).nullable(),
    priorityPercent: z.number().int(), priorityReleaseHours: z.number().int(), waitlistOfferMinutes: z.number().int(), placesFollowRoster: z.boolean(),
    patronatoPercent: z.number().int().describe('share kept for patronati (docs/patronati.md)'), patronatoReleaseHours: z.number().int(),
    weekly: z.array(z.object({ weekday: z.number().int(), from: z.string(), to: z.string(), places: z.number().int() })),
    exceptions: z.array(exceptionOut),
    roster: z.array(z.object({ operatorId: z.string(), weekday: z.number().int().optional(), date: z.string().optional(), from: z.string(), to: z.string() })),
  })),
  operators: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string() })),
  absences: z.array(z.object({ id: z.string(), operatorId: z.string(), from: z.string(), to: z.string(), kind: z.string(), note: z.string().nullable() })),
});
