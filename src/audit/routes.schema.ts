/** The audit log's entry as the API answers with it (AuditRecord is inferred from it). */
import { z } from 'zod';

export const auditRecord = z.object({
  id: z.string(), at: z.string(), actorKind: z.string(), actorId: z.string().nullable(), actorName: z.string().nullable(),
  actorRoles: z.array(z.string()), action: z.string(), outcome: z.enum(['success', 'denied', 'failure']),
  resourceType: z.string().nullable(), resourceId: z.string().nullable(), provinceCode: z.string().nullable(), officeId: z.string().nullable(),
  ip: z.string().nullable(), userAgent: z.string().nullable(), requestId: z.string().nullable(), method: z.string().nullable(),
  path: z.string().nullable(), status: z.number().int().nullable(), details: z.record(z.string(), z.unknown()),
});
