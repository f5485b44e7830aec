import { z } from 'zod';
import { localDateSchema, uuidSchema } from '../platform/openapi.js';
import { CONTACT_REASONS } from './contacts.js';

const uuid = uuidSchema;
const province = z.string().regex(/^[A-Z]{2}$/, { message: 'expected a 2-letter province code' });

export const idParams = z.strictObject({ id: uuid });
export const answerSearchQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
  status: z.enum(['active', 'retired']).optional().describe('retired: for supervisors bringing one back'),
});
export const answerBody = z.strictObject({
  title: z.string().trim().min(3).max(120),
  body: z.string().trim().min(1).max(1000),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  provinceCode: province.nullable().describe('null: every province'),
});
export const answerPatch = z.strictObject({
  version: z.number().int().min(1).describe('the version being edited'),
  title: z.string().trim().min(3).max(120).optional(),
  body: z.string().trim().min(1).max(1000).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  provinceCode: province.nullable().optional(),
  status: z.enum(['active', 'retired']).optional(),
});
export const answerView = z.object({
  id: z.string(), title: z.string(), body: z.string(), tags: z.array(z.string()), provinceCode: z.string().nullable(),
  status: z.enum(['active', 'retired']), version: z.number().int(), updatedAt: z.string(), rank: z.number().optional(),
  source: z.enum(['answer', 'office']).optional().describe("office: built from an office's data (hours from its calendar, address), not a written answer; not for the contact log's shortAnswerId"),
});
export const answerList = z.object({ items: z.array(answerView) });
export const answerHistoryList = z.object({
  items: z.array(z.object({
    version: z.number().int(), title: z.string(), body: z.string(), tags: z.array(z.string()), provinceCode: z.string().nullable(),
    status: z.string(), changedBy: z.string().nullable(), changedAt: z.string(),
  })),
});
export const contactBody = z.strictObject({
  reason: z.enum(CONTACT_REASONS),
  shortAnswerId: uuid.optional(),
  bookingCode: z.string().trim().max(24).optional(),
  durationSeconds: z.number().int().min(0).max(14_400),
  note: z.string().max(500).optional(),
  provinceCode: province.optional(),
  inboundCallId: uuid.optional().describe('the incoming call this contact was (taken on the console): its duration then comes from the call events, not durationSeconds'),
});
export const incomingQuery = z.strictObject({ extension: z.string().trim().regex(/^\+?[0-9A-Za-z*#._-]{1,40}$/, { message: 'expected an extension' }) });
const incomingCall = z.object({
  id: z.string(), extension: z.string(), state: z.enum(['ringing', 'answered', 'ended', 'missed']), startedAt: z.string(), answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(), talkSeconds: z.number().int().nullable(), durationSeconds: z.number().int().nullable(), provinceCode: z.string(),
  taken: z.enum(['me', 'other']).nullable(), logged: z.boolean(),
});
export const incomingList = z.object({ items: z.array(incomingCall) });
export const takenCall = incomingCall.extend({ caller: z.string().nullable() });
export const dayQuery = z.strictObject({ date: localDateSchema.optional() });
export const summary = z.object({
  date: z.string(), total: z.number().int(), totalSeconds: z.number().int(), averageSeconds: z.number().int(),
  byReason: z.record(z.string(), z.number().int()),
  answers: z.array(z.object({ id: z.string(), title: z.string(), uses: z.number().int() })),
  agents: z.array(z.object({ agentId: z.string(), username: z.string(), total: z.number().int(), totalSeconds: z.number().int() })).optional(),
});
export const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(8).max(200).optional() });
