/**
 * Data protection routes: one person's data (export, erasure) and the retention job for
 * regional admins; a citizen signed in through SPID/CIE sees all of their bookings.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BOOKING_COLUMNS, type BookingRow } from '../booking/index.js';
import { presentBooking } from '../booking/index.js';
import { bookingView } from '../booking/index.js';
import { checkTaxCode } from '../domain/person/tax-code.js';
import { problemResponses } from '../platform/openapi.js';
import type { Db } from '../storage/db.js';
import { maskTaxCodeText } from '../platform/masking.js';
import { erasePersonData, exportPersonData, runRetention } from './retention.js';
import type { IdentitySettings } from '../auth/index.js';

const taxCode = z.string().transform((v, ctx) => {
  const c = checkTaxCode(v);
  if (!c.ok) {
    ctx.addIssue({ code: 'custom', message: c.message.en, params: { it: c.message.it, code: `tax_code_${c.reason}` } });
    return z.NEVER;
  }
  return c.value;
});

export function privacyRoutes(db: Db, settings: IdentitySettings): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/staff/privacy/export', {
      config: { policy: 'staff.privacy.export' },
      schema: {
        tags: ['data protection'],
        summary: "Export everything held about one person (bookings, history, waiting list, staff accesses) — the export is audited",
        body: z.strictObject({ taxCode, reason: z.string().trim().min(3).max(300) }),
        response: { 200: z.record(z.string(), z.unknown()), ...problemResponses(400, 401, 403) },
      },
    }, async (req, reply) => {
      const data = await exportPersonData(db, req.body.taxCode);
      await req.audit({ action: 'staff.privacy.export', resourceType: 'person', resourceId: maskTaxCodeText(req.body.taxCode), details: { reason: req.body.reason, bookings: (data.bookings as unknown[]).length } });
      reply.header('cache-control', 'no-store');
      reply.header('content-disposition', `attachment; filename="sportello-dati-${maskTaxCodeText(req.body.taxCode).slice(0, 3)}.json"`);
      return reply.type('application/json; charset=utf-8').send(data);
    });

    app.post('/staff/privacy/erase', {
      config: { policy: 'staff.privacy.erase' },
      schema: {
        tags: ['data protection'],
        summary: "Erase one person's personal data on request: future bookings cancelled, all bookings and waiting-list entries pseudonymised",
        body: z.strictObject({ taxCode, reason: z.string().trim().min(3).max(300) }),
        response: { 200: z.object({ bookings: z.number().int(), cancelled: z.number().int(), waitlistEntries: z.number().int() }), ...problemResponses(400, 401, 403) },
      },
    }, async (req) => {
      const result = await erasePersonData(db, settings.secrets, req.body.taxCode);
      await req.audit({ action: 'staff.privacy.erase', resourceType: 'person', resourceId: maskTaxCodeText(req.body.taxCode), details: { reason: req.body.reason, ...result } });
      return result;
    });

    app.post('/staff/retention/run', {
      config: { policy: 'staff.retention.run' },
      schema: {
        tags: ['data protection'],
        summary: 'Run the retention job now (it also runs on its own, see RETENTION_INTERVAL_MINUTES)',
        response: { 200: z.object({ cutoff: z.string(), bookings: z.number().int(), waitlistEntries: z.number().int() }), ...problemResponses(401, 403) },
      },
    }, async (req) => {
      const result = await runRetention(db, settings.secrets, settings.retentionDays, 'manual');
      await req.audit({ action: 'staff.retention.run', resourceType: 'retention', details: { ...result } });
      return result;
    });

    app.get('/citizen/bookings', {
      config: { policy: 'citizen.self' },
      schema: {
        tags: ['booking'],
        summary: 'All the bookings of the citizen signed in through SPID/CIE (newest first)',
        response: { 200: z.object({ items: z.array(bookingView) }), ...problemResponses(401, 403) },
      },
    }, async (req, reply) => {
      const actor = req.actor;
      if (actor.kind !== 'citizen') return { items: [] };
      const rows = await db.query<BookingRow>(
        `SELECT ${BOOKING_COLUMNS} FROM booking b WHERE b.tax_key = tax_code_key($1) AND b.status IN ('booked', 'cancelled') ORDER BY b.starts_at DESC LIMIT 200`,
        [actor.taxCode],
      );
      reply.header('cache-control', 'no-store');
      return { items: await Promise.all(rows.rows.map((b) => presentBooking(db, b))) };
    });
  };
}
