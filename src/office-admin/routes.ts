import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { forgetDeskLabels } from '../booking/index.js';
import { z } from 'zod';
import { getDeskPlace } from '../catalog/index.js';
import { changesRegionOrProvinces, importOffices } from '../catalog/index.js';
import { parseOfficeFile } from '../catalog/index.js';
import type { BookingDeps } from '../booking/index.js';
import { bookingErrors } from '../booking/index.js';
import { AppError, notFound } from '../domain/errors.js';
import { problemResponses } from '../platform/openapi.js';
import { authorize } from '../policy/index.js';
import { changeDeskCalendar, type CalendarChange, type CalendarChangeResult } from './change-desk-calendar.js';
import { changeOfficeCalendar } from './change-office-calendar.js';
import { createDesk } from './create-desk.js';
import { exportOffice } from './export-office.js';
import { getAdminOffice } from './get-admin-office.js';
import { listAdminOffices } from './list-admin-offices.js';
import { toIsoWithOffset, type Weekday } from '../domain/schedule/index.js';
import * as s from './routes.schema.js';

/**
 * Office administration: offices and desks, calendar changes (with preview and
 * move-or-cancel), local holidays, duty rosters and absences, export and import.
 */
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

    const actorOf = (req: { actor: { kind: string; userId?: string } }) => (req.actor.kind === 'staff' ? `staff:${req.actor.userId}` : 'system');
    const counts = (r: CalendarChangeResult) => ({
      added: r.added.length, removed: r.removed.length,
      moved: r.affected.filter((a) => a.outcome === 'moved').length, cancelled: r.affected.filter((a) => a.outcome === 'cancelled').length,
    });
    const deskPlace = async (deskId: string) => {
      const place = await getDeskPlace(deps.db, deskId);
      if (!place) throw bookingErrors.deskNotFound();
      return place;
    };
    const today = () => toIsoWithOffset(deps.now(), 'Europe/Rome').slice(0, 10);
    const changeResponses = { 200: s.calendarChangeResult, ...problemResponses(400, 401, 403, 404, 409, 422) };

    app.get('/staff/admin/offices', {
      config: { policy: 'staff.catalog.write' },
      schema: { tags: ['administration'], summary: 'The offices the admin administers (office admin: theirs; regional admin: the region)', response: { 200: s.adminOfficeList, ...problemResponses(401, 403) } },
    }, async (req) => ({ items: await listAdminOffices(deps.db, req.actor) }));

    app.get('/staff/admin/offices/:id', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags: ['administration'], summary: 'An office as its admin edits it: holidays, desks with every setting, pattern, exceptions and roster; operators and absences',
        params: s.idParams, response: { 200: s.adminOffice, ...problemResponses(400, 401, 403, 404) },
      },
    }, async (req) => {
      authorize(req.actor, 'staff.catalog.write', await officePlace(req.params.id));
      return (await getAdminOffice(deps.db, req.params.id, today()))!;
    });

    app.post('/staff/admin/offices/:id/desks', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags: ['administration'], summary: 'Open a new desk in an office, with its settings and weekly pattern',
        params: s.idParams, body: s.createDeskBody, response: { 201: s.createdDesk, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    }, async (req, reply) => {
      const place = await officePlace(req.params.id);
      authorize(req.actor, 'staff.catalog.write', place);
      const { weekly, ...rest } = req.body;
      const created = await createDesk(deps, { ...rest, officeId: req.params.id, weekly: weekly as CalendarChange['weekly'] & object });
      await req.audit({ action: 'staff.catalog.write', resourceType: 'desk', resourceId: created.id, place: { provinceCode: place.provinceCode, officeId: place.officeId }, details: { created: { key: req.body.key, number: req.body.number } } });
      return reply.code(201).send(created);
    });

    app.patch('/staff/admin/desks/:id', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags: ['administration'],
        summary: "Change a desk's settings (names, topics, channels, slot length, horizon, notice, release, priority, hold, waiting list, active, places follow roster); a slot length that strands bookings needs a resolution (409 bookings_affected)",
        params: s.idParams, body: s.deskPatchBody, response: changeResponses,
      },
    }, async (req) => {
      const place = await deskPlace(req.params.id);
      authorize(req.actor, 'staff.catalog.write', place);
      const { slotMinutes, placesFollowRoster, resolution, preview, ...settings } = req.body;
      const result = await changeDeskCalendar(deps, { deskId: req.params.id, actor: actorOf(req), slotMinutes, placesFollowRoster, resolution, preview, settings });
      if (result.applied) {
        await req.audit({ action: 'staff.catalog.write', resourceType: 'desk', resourceId: req.params.id, place: { provinceCode: place.provinceCode, officeId: place.officeId }, details: { fields: Object.keys(req.body).filter((k) => k !== 'resolution'), ...counts(result) } });
      }
      return result;
    });

    app.put('/staff/admin/desks/:id/roster', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags: ['administration'],
        summary: "Replace a desk's duty roster (weekly or dated shifts of its office's operators, within opening hours); when places follow the roster, bookings it strands need a resolution",
        params: s.idParams, body: s.rosterBody, response: changeResponses,
      },
    }, async (req) => {
      const place = await deskPlace(req.params.id);
      authorize(req.actor, 'staff.catalog.write', place);
      const roster = req.body.shifts.map((x) => ({ ...x, weekday: x.weekday as Weekday | undefined }));
      const result = await changeDeskCalendar(deps, { deskId: req.params.id, actor: actorOf(req), roster, resolution: req.body.resolution, preview: req.body.preview });
      if (result.applied) {
        await req.audit({ action: 'staff.catalog.write', resourceType: 'desk_roster', resourceId: req.params.id, place: { provinceCode: place.provinceCode, officeId: place.officeId }, details: { shifts: roster.length, ...counts(result) } });
      }
      return result;
    });

    app.get('/staff/admin/offices/:id/holidays', {
      config: { policy: 'staff.catalog.write' },
      schema: { tags: ['administration'], summary: "An office's local holidays (MM-DD every year, or YYYY-MM-DD once)", params: s.idParams, response: { 200: s.holidayList, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => {
      authorize(req.actor, 'staff.catalog.write', await officePlace(req.params.id));
      const r = await deps.db.query<{ date: string; name: string }>('SELECT day AS date, name FROM office_holiday WHERE office_id = $1 ORDER BY day', [req.params.id]);
      return { items: r.rows };
    });

    app.post('/staff/admin/offices/:id/holidays', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags: ['administration'], summary: 'Add (or rename) a local holiday of the office: every desk closes that day; bookings it strands need a resolution',
        params: s.idParams, body: s.holidayBody, response: changeResponses,
      },
    }, async (req) => {
      const place = await officePlace(req.params.id);
      authorize(req.actor, 'staff.catalog.write', place);
      const { resolution, preview, ...holiday } = req.body;
      const result = await changeOfficeCalendar(deps, { officeId: req.params.id, addHoliday: holiday, resolution, preview, actor: actorOf(req) });
      if (result.applied) await req.audit({ action: 'staff.catalog.write', resourceType: 'office_holiday', resourceId: req.params.id, place, details: { holiday, ...counts(result) } });
      return result;
    });

    app.delete('/staff/admin/offices/:id/holidays/:date', {
      config: { policy: 'staff.catalog.write' },
      schema: { tags: ['administration'], summary: 'Remove a local holiday of the office (its desks open that day again)', params: s.holidayParams, response: changeResponses },
    }, async (req) => {
      const place = await officePlace(req.params.id);
      authorize(req.actor, 'staff.catalog.write', place);
      const result = await changeOfficeCalendar(deps, { officeId: req.params.id, removeHoliday: req.params.date, actor: actorOf(req) });
      await req.audit({ action: 'staff.catalog.write', resourceType: 'office_holiday', resourceId: req.params.id, place, details: { holiday: req.params.date, ...counts(result) } });
      return result;
    });

    app.post('/staff/admin/offices/:id/absences', {
      config: { policy: 'staff.catalog.write' },
      schema: {
        tags: ['administration'], summary: "Record an operator's absence (sick leave, training…); on desks whose places follow the roster, bookings it strands need a resolution",
        params: s.idParams, body: s.absenceBody, response: changeResponses,
      },
    }, async (req) => {
      const place = await officePlace(req.params.id);
      authorize(req.actor, 'staff.catalog.write', place);
      const { resolution, preview, ...absence } = req.body;
      const result = await changeOfficeCalendar(deps, {
        officeId: req.params.id, addAbsence: absence, resolution, preview, actor: actorOf(req), actorUserId: req.actor.kind === 'staff' ? req.actor.userId : null,
      });
      if (result.applied) await req.audit({ action: 'staff.catalog.write', resourceType: 'staff_absence', resourceId: absence.operatorId, place, details: { from: absence.from, to: absence.to, kind: absence.kind, ...counts(result) } });
      return result;
    });

    app.delete('/staff/admin/offices/:id/absences/:absenceId', {
      config: { policy: 'staff.catalog.write' },
      schema: { tags: ['administration'], summary: 'Remove an absence (the operator is on duty again)', params: s.absenceParams, response: changeResponses },
    }, async (req) => {
      const place = await officePlace(req.params.id);
      authorize(req.actor, 'staff.catalog.write', place);
      const result = await changeOfficeCalendar(deps, { officeId: req.params.id, removeAbsence: req.params.absenceId, actor: actorOf(req) });
      await req.audit({ action: 'staff.catalog.write', resourceType: 'staff_absence', resourceId: req.params.absenceId, place, details: { absenceRemoved: true, ...counts(result) } });
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
      // The region and provinces an exported file repeats unchanged need no region-wide right.
      if (await changesRegionOrProvinces(deps.db, parsed.content)) authorize(req.actor, 'staff.catalog.write', { regionCode: parsed.content.region?.code ?? null });
      if (req.body.dryRun) return { dryRun: true, offices: parsed.content.offices.length, summary: null };
      const summary = await importOffices(deps.db, parsed.content);
      deps.calendars.invalidate();
      forgetDeskLabels();
      return { dryRun: false, offices: parsed.content.offices.length, summary: summary as unknown as Record<string, unknown> };
    });
  };
}
