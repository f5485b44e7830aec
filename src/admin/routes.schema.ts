import { z } from 'zod';
import { uuidSchema } from '../http/openapi.js';
import { exceptionSchema, openingSchema } from '../catalog/office-file.schema.js';

const uuid = uuidSchema;
export const idParams = z.strictObject({ id: uuid });

export const calendarChangeBody = z.strictObject({
  weekly: z.array(openingSchema).max(50).optional(),
  addExceptions: z.array(exceptionSchema).max(100).optional(),
  removeExceptions: z.array(z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), kind: z.enum(['closed', 'extra', 'reduced']) })).max(100).optional(),
  slotMinutes: z.number().int().min(5).max(240).optional(),
  resolution: z.strictObject({ action: z.enum(['move', 'cancel']), reason: z.string().trim().min(3).max(300) }).optional(),
  preview: z.boolean().optional(),
});

const delta = z.object({ start: z.string(), end: z.string(), places: z.number().int() });
export const calendarChangeResult = z.object({
  applied: z.boolean(),
  added: z.array(delta),
  removed: z.array(delta),
  affected: z.array(z.object({
    code: z.string(), start: z.string(), fullName: z.string().nullable(), bookedAt: z.string().nullable(),
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
