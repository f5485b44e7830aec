import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { getDeskPlace, type DeskPlace } from '../catalog/index.js';
import { problemResponses } from '../platform/openapi.js';
import { idempotent } from '../platform/idempotency.js';
import { authorize, can, type Action, type Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { bookPlace, type BookingSource } from './book-place.js';
import { cancelBooking } from './cancel-booking.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { findBookings, staffView, type StaffBookingView } from './find-bookings.js';
import { findBookingByCode, type BookingRow } from './booking.repository.js';
import { moveBooking } from './move-booking.js';
import type { BookingView } from './present-booking.js';
import * as s from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

function staffOf(req: FastifyRequest): Staff {
  return req.actor as Staff; // the route's policy admits staff only
}

/** The place of a desk for the policy module; an unknown desk is a 404 for everyone. */
async function placeOf(q: Queryable, deskId: string): Promise<DeskPlace> {
  const place = await getDeskPlace(q, deskId);
  if (!place) throw bookingErrors.deskNotFound();
  return place;
}

/** Who the booking is made by: the reception line or other office staff (patronati book with a mandate, src/patronati). */
function sourceFor(actor: Staff, place: DeskPlace): BookingSource {
  const holds = (role: string) => actor.grants.some((g) => g.role === role) && can({ ...actor, grants: actor.grants.filter((g) => g.role === role) }, 'staff.bookings.create', place);
  if (holds('reception_agent')) return 'reception';
  return 'staff';
}

/** Staff view of a booking the use cases returned (they present the citizen view). */
async function staffViewOf(q: Queryable, code: string): Promise<StaffBookingView> {
  const row = (await findBookingByCode(q, code))!;
  const r = await q.query<{ number: number; nameIt: string; nameEn: string; officeId: string; officeCode: string; officeName: string }>(
    `SELECT d.number, d.name_it AS "nameIt", d.name_en AS "nameEn", o.id AS "officeId", o.code AS "officeCode", o.name AS "officeName"
       FROM desk d JOIN office o ON o.id = d.office_id WHERE d.id = $1`,
    [row.deskId],
  );
  const d = r.rows[0]!;
  return staffView(row, d, { id: d.officeId, code: d.officeCode, name: d.officeName }, await placeOf(q, row.deskId));
}

/** The office (or else the province) shared by every booking found: the entry's place; none when they differ. */
function commonPlace(places: { officeId: string; provinceCode: string }[]): { provinceCode: string; officeId?: string } | null {
  if (places.length === 0 || new Set(places.map((p) => p.provinceCode)).size !== 1) return null;
  const provinceCode = places[0]!.provinceCode;
  return new Set(places.map((p) => p.officeId)).size === 1 ? { provinceCode, officeId: places[0]!.officeId } : { provinceCode };
}

const publicView = ({ place: _place, patronatoId: _patronato, ...view }: StaffBookingView) => view;

/**
 * Staff acting on a caller's behalf: find a caller's bookings (tax code, phone or code),
 * book, cancel and move. Each access is checked against the desk's place (an agent of
 * Bergamo cannot book in Brescia) and audited.
 */
export function staffBookingRoutes(deps: BookingDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const checkRow = (req: FastifyRequest, action: Action) => async (row: BookingRow, q: Queryable) => {
      const place = await placeOf(q, row.deskId);
      authorize(req.actor, action, { ...place, organisationId: row.patronatoId });
      req.auditPlace = { provinceCode: place.provinceCode, officeId: place.officeId };
    };

    app.get('/staff/bookings', {
      config: { policy: 'staff.bookings.read' },
      schema: {
        tags: ['staff bookings'],
        summary: "A caller's bookings by tax code, phone or booking code (from 30 days ago), within the actor's places; audited",
        querystring: s.staffSearchQuery,
        response: { 200: s.staffBookingList, ...problemResponses(400, 401, 403, 422) },
      },
    }, async (req) => {
      const found = await findBookings(deps.db, req.query, deps.now());
      const visible = found.filter((b) => can(req.actor, 'staff.bookings.read', { ...b.place, ownerId: null, organisationId: b.patronatoId }));
      await req.audit({
        action: 'staff.bookings.read',
        resourceType: 'booking',
        // One booking: its code is the resource; several: every code in the details (a joined
        // list overflowed resource_id's 200 characters past 15 bookings).
        resourceId: visible.length === 1 ? visible[0]!.code : null,
        details: { criteria: Object.keys(req.query), results: visible.length, codes: visible.map((b) => b.code) },
        place: commonPlace(visible.map((b) => b.place)),
      });
      return { items: visible.map(publicView) };
    });

    app.post('/staff/bookings', {
      config: { policy: 'staff.bookings.create' },
      schema: {
        tags: ['staff bookings'],
        summary: "Book a slot on a caller's behalf (consent read out and given); returns the code and PIN to read out",
        headers: s.idempotencyHeaders,
        body: s.staffBookBody,
        response: { 201: s.staffNewBooking, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    }, async (req, reply) => {
      const actor = staffOf(req);
      const place = await placeOf(deps.db, req.body.deskId);
      authorize(actor, 'staff.bookings.create', place);
      const r = await idempotent(deps.db, deps.secret, `staff.bookings.create:${actor.userId}`, req.headers['idempotency-key'], req.body, async (tx) => {
        const made = await bookPlace(deps, {
          ...req.body,
          startMs: Date.parse(req.body.start),
          source: sourceFor(actor, place),
          actor: `staff:${actor.userId}`,
          staffId: actor.userId,
        }, tx);
        return { status: 201, body: { booking: publicView(await staffViewOf(tx, made.booking.code)), pin: made.pin } };
      });
      await req.audit({ action: 'staff.bookings.create', resourceType: 'booking', resourceId: r.body.booking.code, place: { provinceCode: place.provinceCode, officeId: place.officeId } });
      return reply.code(201).send(r.body);
    });

    app.post('/staff/bookings/:code/cancel', {
      config: { policy: 'staff.bookings.update' },
      schema: {
        tags: ['staff bookings'], summary: "Cancel a caller's booking, with a reason",
        params: s.codeParams, headers: s.idempotencyHeaders, body: s.staffCancelBody,
        response: { 200: s.staffBookingView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    }, async (req) => {
      const actor = staffOf(req);
      const r = await idempotent(deps.db, deps.secret, `staff.bookings.cancel:${actor.userId}`, req.headers['idempotency-key'], { ...req.body, code: req.params.code }, async (tx) => {
        const v: BookingView = await cancelBooking(deps, { code: req.params.code, who: { check: checkRow(req, 'staff.bookings.update') }, reason: req.body.reason, actor: `staff:${actor.userId}` }, tx);
        return { status: 200, body: publicView(await staffViewOf(tx, v.code)) };
      });
      return r.body;
    });

    app.post('/staff/bookings/:code/move', {
      config: { policy: 'staff.bookings.update' },
      schema: {
        tags: ['staff bookings'], summary: "Move a caller's booking to another slot of the same desk, atomically",
        params: s.codeParams, headers: s.idempotencyHeaders, body: s.staffMoveBody,
        response: { 200: s.staffBookingView, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    }, async (req) => {
      const actor = staffOf(req);
      const r = await idempotent(deps.db, deps.secret, `staff.bookings.move:${actor.userId}`, req.headers['idempotency-key'], { ...req.body, code: req.params.code }, async (tx) => {
        const v = await moveBooking(deps, { code: req.params.code, who: { check: checkRow(req, 'staff.bookings.update') }, startMs: Date.parse(req.body.start), actor: `staff:${actor.userId}` }, tx);
        return { status: 200, body: publicView(await staffViewOf(tx, v.code)) };
      });
      return r.body;
    });
  };
}
