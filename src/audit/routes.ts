/** /api/staff/audit: search and export of the audit log (URP monitors and admins, within their scope). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateOrInstantSchema, problemResponses } from '../platform/openapi.js';
import type { Db } from '../storage/db.js';
import { auditCsvHeader, auditCsvLine, iterateAudit, searchAudit } from './audit.js';
import { auditRecord as record } from './routes.schema.js';

const instant = dateOrInstantSchema;
const filters = {
  from: instant.optional().describe('inclusive, ISO 8601'),
  to: instant.optional().describe('exclusive, ISO 8601'),
  actor: z.string().trim().min(1).max(100).optional().describe('username or user id'),
  action: z.string().trim().min(1).max(100).optional().describe('exact, or a prefix ending with * (e.g. auth.*)'),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  resourceType: z.string().max(100).optional(),
  resourceId: z.string().max(200).optional(),
  officeId: z.string().uuid().optional(),
  provinceCode: z.string().regex(/^[A-Z]{2}$/).optional(),
};

export function auditRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/staff/audit', {
      config: { policy: 'staff.audit.read' },
      schema: {
        tags: ['staff access'],
        summary: 'Search the audit log (newest first; only entries within your scope)',
        querystring: z.strictObject({ ...filters, cursor: z.string().regex(/^\d+$/).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: z.object({ items: z.array(record), nextCursor: z.string().nullable() }), ...problemResponses(400, 401, 403) },
      },
    }, async (req) => {
      const { cursor, limit, ...filter } = req.query;
      return searchAudit(db, req.actor, filter, { cursor, limit });
    });

    app.get('/staff/audit/export', {
      config: { policy: 'staff.audit.read' },
      schema: {
        tags: ['staff access'],
        summary: 'Export the matching audit entries as CSV or JSON lines (the export itself is audited)',
        querystring: z.strictObject({ ...filters, format: z.enum(['csv', 'jsonl']).default('csv') }),
        produces: ['text/csv', 'application/x-ndjson'],
      },
    }, async (req, reply) => {
      const { format, ...filter } = req.query;
      await req.audit({ action: 'staff.audit.export', resourceType: 'audit_log', details: { filter, format } });
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      reply.header('content-disposition', `attachment; filename="sportello-audit-${stamp}.${format}"`);
      reply.header('cache-control', 'no-store');
      reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      const actor = req.actor;
      async function* lines() {
        if (format === 'csv') yield '\uFEFF' + auditCsvHeader();
        for await (const r of iterateAudit(db, actor, filter)) yield format === 'csv' ? auditCsvLine(r) : JSON.stringify(r) + '\n';
      }
      const { Readable } = await import('node:stream');
      return reply.send(Readable.from(lines()));
    });
  };
}
