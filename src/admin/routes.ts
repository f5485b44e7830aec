import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getDeskPlace } from '../catalog/catalog.repository.js';
import { importOffices } from '../catalog/import-offices.js';
import { parseOfficeFile } from '../catalog/parse-office-file.js';
import type { BookingDeps } from '../booking/deps.js';
import { bookingErrors } from '../booking/errors.js';
import { AppError, notFound } from '../domain/errors.js';
import { problemResponses } from '../http/openapi.js';
import { authorize } from '../policy/index.js';
import { changeDeskCalendar, type CalendarChange } from './change-desk-calendar.js';
import { exportOffice } from './export-office.js';
import * as s from './routes.schema.js';

/** Office administration: calendar changes (with preview and move-or-cancel), export and import. */
export function adminRoutes(deps: BookingDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const officePlace = async (officeId: string) => {
      const r = await deps.db.query<{ officeId: string; provinceCode: string; regionCode: string }>(
        `SELECT o.id AS "officeId", o.province_code AS "provinceCode", p.region_code AS "regionCode"
           FROM office o JOIN province p ON p.code = o.province_code WHERE o.id = $1`,
        [officeId],
      );
      if (!r.rows[0]) throw notFound({ it: 'Sede non trovata.', en: 'Office not found.' });
      return r.rows[0];
    };

    app.post('/staff/admin/desks/:id/calendar', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags: ['administration'],
        summary: "Change a desk's weekly pattern, exceptions or slot length: preview, then apply moving or cancelling the bookings it touches",
        params: s.idParams, body: s.calendarChangeBody,
        response: { 200: s.calendarChangeResult, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    }, async (req) => {
      const place = await getDeskPlace(deps.db, req.params.id);
      if (!place) throw bookingErrors.deskNotFound();
      authorize(req.actor, 'staff.catalog.write', place);
      const actor = req.actor.kind === 'staff' ? `staff:${req.actor.userId}` : 'system';
      const { weekly, addExceptions, ...rest } = req.body;
      const result = await changeDeskCalendar(deps, {
        ...rest,
        deskId: req.params.id,
        actor,
        // Shapes checked by the schema; their meaning (overlaps, slot length…) by the use case.
        weekly: weekly as CalendarChange['weekly'],
        addExceptions: addExceptions as CalendarChange['addExceptions'],
      });
      if (result.applied) {
        await req.audit({
          action: 'staff.catalog.write', resourceType: 'desk_calendar', resourceId: req.params.id,
          place: { provinceCode: place.provinceCode, officeId: place.officeId },
          details: { added: result.added.length, removed: result.removed.length, moved: result.affected.filter((a) => a.outcome === 'moved').length, cancelled: result.affected.filter((a) => a.outcome === 'cancelled').length },
        });
      }
      return result;
    });

    app.get('/staff/admin/offices/:id/export', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags: ['administration'], summary: "An office's whole configuration as an office file (the import-offices format)",
        params: s.idParams, response: { 200: z.record(z.string(), z.unknown()), ...problemResponses(401, 403, 404) },
      },
    }, async (req, reply) => {
      authorize(req.actor, 'staff.catalog.write', await officePlace(req.params.id));
      const file = (await exportOffice(deps.db, req.params.id))!;
      const code = (file.offices as { code: string }[])[0]!.code;
      return reply.header('content-disposition', `attachment; filename="sede-${code}.json"`).send(file);
    });

    app.post('/staff/admin/offices/import', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags: ['administration'], summary: 'Import an office file (JSON, YAML or CSV): every problem listed, nothing changed unless all is right',
        body: s.importBody, response: { 200: s.importResult, ...problemResponses(400, 401, 403, 422) },
      },
    }, async (req) => {
      const parsed = parseOfficeFile(req.body.content, req.body.format);
      if (!parsed.content) {
        throw new AppError(422, 'invalid_office_file', { it: 'Il file delle sedi contiene errori: non è stato importato nulla.', en: 'The office file has errors: nothing was imported.' }, parsed.problems);
      }
      // Every office of the file must lie within the actor's places (existing ones where they are now).
      for (const o of parsed.content.offices) {
        const existing = await deps.db.query<{ id: string }>('SELECT id FROM office WHERE code = $1', [o.code]);
        const region = await deps.db.query<{ regionCode: string }>('SELECT region_code AS "regionCode" FROM province WHERE code = $1', [o.provinceCode]);
        if (existing.rows[0]) authorize(req.actor, 'staff.catalog.write', await officePlace(existing.rows[0].id));
        else if (region.rows[0]) authorize(req.actor, 'staff.catalog.write', { provinceCode: o.provinceCode, regionCode: region.rows[0].regionCode });
        // A province the file brings with it: a decision for the whole region.
        else authorize(req.actor, 'staff.catalog.write', { regionCode: parsed.content.region?.code ?? null });
      }
      if (parsed.content.provinces.length) authorize(req.actor, 'staff.catalog.write', { regionCode: parsed.content.region?.code ?? null });
      if (req.body.dryRun) return { dryRun: true, offices: parsed.content.offices.length, summary: null };
      const summary = await importOffices(deps.db, parsed.content);
      deps.calendars.invalidate();
      return { dryRun: false, offices: parsed.content.offices.length, summary: summary as unknown as Record<string, unknown> };
    });
  };
}
