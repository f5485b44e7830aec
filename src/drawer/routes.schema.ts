import { z } from 'zod';
import { localDateSchema, uuidSchema } from '../platform/openapi.js';
import { OUTCOMES, THREAD_STATES } from '../domain/drawer/thread.js';

const uuid = uuidSchema;
const text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const idParams = z.strictObject({ id: uuid });
export const matricola = z.string().regex(/^[0-9]{10}$/, { message: 'expected a matricola of 10 digits' });

export const newThreadFields = z.strictObject({
  companyId: uuid,
  subjectId: uuid,
  title: text(3, 200),
  body: text(1, 10_000),
});
export const consultantMessageFields = z.strictObject({ body: text(1, 10_000) });
export const staffMessageFields = z.strictObject({
  body: text(1, 10_000),
  internal: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(false)
    .describe('true: an internal note, never shown to the consultant'),
});
export const assignBody = z.strictObject({ assigneeId: uuid.optional().describe('default: yourself (take in charge)') });
export const closeBody = z.strictObject({ outcome: z.enum(OUTCOMES), note: text(1, 2000).optional().describe('read by the consultant') });

const states = z.union([z.enum(THREAD_STATES), z.string().regex(/^(open|in_charge|closed)(,(open|in_charge|closed))*$/)])
  .transform((v) => v.split(',') as (typeof THREAD_STATES)[number][]);
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const threadQuery = z.strictObject({
  matricola: matricola.optional(),
  companyId: uuid.optional(),
  subjectId: uuid.optional().describe('a subject or a whole area'),
  state: states.optional().describe('one or more, comma-separated: open, in_charge, closed'),
  from: localDateSchema.optional().describe('registered on or after this day (Europe/Rome)'),
  to: localDateSchema.optional().describe('registered on or before this day (Europe/Rome)'),
  assignee: z.union([z.enum(['me', 'none']), uuid]).optional(),
  officeId: uuid.optional(),
  overdue: bool.optional(),
  q: z.string().trim().min(1).max(100).optional().describe('protocol number, or words of the title or of the company name'),
  sort: z.enum(['due', 'recent']).optional().describe('due: the queue, nearest deadline first (default); recent: latest registered first'),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).optional(),
});
export const consultantThreadQuery = threadQuery.omit({ assignee: true, officeId: true });
export const exportQuery = threadQuery.omit({ limit: true, offset: true, assignee: true });
export const slaQuery = z.strictObject({ from: localDateSchema, to: localDateSchema });
export const delegationQuery = z.strictObject({ matricola: matricola.optional(), active: bool.optional() });
export const companyBody = z.strictObject({ matricola, name: text(1, 200), officeId: uuid });
export const delegationBody = z.strictObject({ companyId: uuid, consultantId: uuid });

const named = z.object({ it: z.string(), en: z.string() });
export const threadSummary = z.object({
  id: z.string(), protocol: z.string(), state: z.enum(THREAD_STATES), title: z.string(),
  company: z.object({ id: z.string(), matricola: z.string(), name: z.string() }),
  subject: z.object({ id: z.string(), key: z.string(), it: z.string(), en: z.string(), areaIt: z.string(), areaEn: z.string() }),
  office: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  desk: z.object({ id: z.string(), it: z.string(), en: z.string() }).nullable(),
  consultant: z.object({ id: z.string(), name: z.string() }).nullable(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  outcome: z.enum(OUTCOMES).nullable(), outcomeNote: z.string().nullable(),
  registeredAt: z.string(), dueAt: z.string(), overdue: z.boolean(), takenAt: z.string().nullable(), firstAnswerAt: z.string().nullable(),
  closedAt: z.string().nullable(), lastActivityAt: z.string(),
});
export const threadList = z.object({ items: z.array(threadSummary), total: z.number().int() });
export const threadView = threadSummary.extend({
  messages: z.array(z.object({
    id: z.string(), authorKind: z.enum(['consultant', 'staff']), authorName: z.string().nullable(), internal: z.boolean(), body: z.string(), createdAt: z.string(),
    attachments: z.array(z.object({ id: z.string(), name: z.string(), mediaType: z.string(), size: z.number().int(), sha256: z.string() })),
  })),
});
export const created = z.object({ id: z.string() });
export const registered = z.object({ id: z.string(), protocol: z.string() });
export const subjectTree = z.object({
  items: z.array(named.extend({ id: z.string(), key: z.string(), subjects: z.array(named.extend({ id: z.string(), key: z.string(), slaDays: z.number().int() })) })),
});
export const companyList = z.object({
  items: z.array(z.object({ id: z.string(), matricola: z.string(), name: z.string(), officeId: z.string(), officeName: z.string(), open: z.number().int(), inCharge: z.number().int() })),
});
const slaFigures = z.object({
  registered: z.number().int(), open: z.number().int(), overdue: z.number().int(), closed: z.number().int(),
  medianFirstAnswerHours: z.number().nullable(), medianCloseHours: z.number().nullable(),
});
export const slaView = z.object({
  from: z.string(), to: z.string(), total: slaFigures,
  offices: z.array(slaFigures.extend({ officeId: z.string(), officeCode: z.string(), officeName: z.string() })),
});
export const delegationList = z.object({
  items: z.array(z.object({
    id: z.string(), companyId: z.string(), matricola: z.string(), companyName: z.string(), officeName: z.string(), consultantId: z.string(),
    consultantName: z.string(), consultantUsername: z.string(), grantedAt: z.string(), revokedAt: z.string().nullable(),
  })),
});
export const officeCompanyList = z.object({
  items: z.array(z.object({ id: z.string(), matricola: z.string(), name: z.string(), officeId: z.string(), officeName: z.string(), activeDelegations: z.number().int() })),
});
export const consultantList = z.object({ items: z.array(z.object({ id: z.string(), username: z.string(), name: z.string() })) });
const subjectKey = z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'lower-case letters, digits and dashes (2–40)');
const subjectName = z.string().trim().min(1).max(120);
export const subjectBody = z.strictObject({
  parentId: uuid.optional().describe('the area (level 1) of a new subject; none: a new area'),
  regionCode: z.string().trim().regex(/^[A-Z]{2,10}$/).optional().describe("a new area's region; default: the administrator's"),
  key: subjectKey, it: subjectName, en: subjectName,
  slaDays: z.number().int().min(1).max(90).optional().describe('a subject: working days to answer within'),
  deskKey: subjectKey.nullable().optional().describe("a subject: the key of the office's desk that answers (none: the office's queue)"),
  position: z.number().int().min(0).max(10000).optional(),
});
export const subjectChange = z.strictObject({
  it: subjectName.optional(), en: subjectName.optional(),
  slaDays: z.number().int().min(1).max(90).optional(),
  deskKey: subjectKey.nullable().optional(),
  position: z.number().int().min(0).max(10000).optional(),
});
const subjectRow = z.object({
  id: z.string(), level: z.number().int(), parentId: z.string().nullable(), regionCode: z.string(), key: z.string(), it: z.string(), en: z.string(),
  deskKey: z.string().nullable(), slaDays: z.number().int().nullable(), position: z.number().int(), threads: z.number().int().describe('requests that name it'),
});
export const subjectView = subjectRow;
export const subjectAdminList = z.object({ regionCode: z.string(), items: z.array(subjectRow) });
export const assigned = z.object({ state: z.literal('in_charge'), assigneeId: z.string() });
export const assigneeList = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), me: z.boolean().describe('the caller') })) });
