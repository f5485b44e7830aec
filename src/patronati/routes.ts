import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { getDeskPlace, type DeskPlace } from '../catalog/index.js';
import type { BookingDeps } from '../booking/index.js';
import { bookingErrors } from '../booking/index.js';
import { firstAvailable, getAvailability } from '../booking/index.js';
import { recordRefusal } from '../booking/index.js';
import { availabilityResponse } from '../booking/index.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { problemResponses } from '../platform/openapi.js';
import { idempotent } from '../platform/idempotency.js';
import { authorize, can, forbidden, scopesFor, type Action, type Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { addPatronatoOffice, removePatronatoOffice } from './add-patronato-office.js';
import { bookForClient } from './book-for-client.js';
import { changePatronato } from './change-patronato.js';
import { createPatronato } from './create-patronato.js';
import { patronatoErrors } from './errors.js';
import { identifyCaller } from './identify-caller.js';
import { linkOperator, unlinkOperator } from './link-operator.js';
import { findPatronatoBooking, listPatronatoBookings, type PatronatoBooking } from './list-bookings.js';
import { listPatronatoDesks } from './list-desks.js';
import { loadPatronati, loadPatronato, type Patronato } from './patronati.repository.js';
import { listPatronatoLines, setPatronatoLine } from './set-patronato-line.js';
import { setDeskShare } from './set-desk-share.js';
import * as s from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;
const staffOf = (req: FastifyRequest) => req.actor as Staff; // the routes' policies admit staff only

/** Regions where the actor may perform an action. */
function regionsFor(actor: Actor, action: Action): string[] {
  return [...new Set(scopesFor(actor, action).grants.map((g) => g.scope.regionCode))];
}

/** Provinces where the actor may perform an action; 'all' with a region-wide grant (one region per deployment). */
function provincesFor(actor: Actor, action: Action): string[] | 'all' {
  const { grants } = scopesFor(actor, action);
  if (grants.some((g) => g.scope.kind === 'region')) return 'all';
  return [...new Set(grants.map((g) => ('provinceCode' in g.scope ? g.scope.provinceCode : '')).filter(Boolean))];
}

async function placeOf(q: Queryable, deskId: string): Promise<DeskPlace> {
  const place = await getDeskPlace(q, deskId);
  if (!place) throw bookingErrors.deskNotFound();
  return place;
}

/** An organisation the actor may manage (404 when there is none, 403 outside its region). */
async function managed(q: Queryable, actor: Actor, id: string): Promise<Patronato> {
  const p = await loadPatronato(q, id);
  if (!p) throw patronatoErrors.notFound();
  authorize(actor, 'patronati.manage', { regionCode: p.regionCode });
  return p;
}

const bookingOut = ({ place: _place, ...b }: PatronatoBooking) => b;

/**
 * Patronati: the regional administrator manages the organisations (local offices, operators,
 * the province lines); office administrators set a desk's patronato share; a patronato's
 * operator books for its clients under a mandate, sees its organisation's bookings and their
 * call outcomes; the reception line recognises a patronato caller and books for it.
 */
export function patronatiRoutes(deps: BookingDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const db = deps.db;

    // ---- Organisations (regional administrator) ----
    app.get('/staff/patronati', {
      config: { policy: 'patronati.manage' },
      schema: { tags: ['patronati'], summary: 'Patronati of the administrator\'s region, with local offices and operators', response: { 200: s.patronatoList, ...problemResponses(401, 403) } },
    }, async (req) => ({ items: await loadPatronati(db, { regions: regionsFor(req.actor, 'patronati.manage') }) }));

    app.post('/staff/patronati', {
      config: { policy: 'patronati.manage' },
      schema: { tags: ['patronati'], summary: 'Register a patronato (name, accreditation code)', body: s.createBody, response: { 201: s.patronatoView, ...problemResponses(400, 401, 403, 409, 422) } },
    }, async (req, reply) => {
      const regionCode = req.body.regionCode ?? regionsFor(req.actor, 'patronati.manage')[0];
      if (!regionCode) throw forbidden();
      authorize(req.actor, 'patronati.manage', { regionCode });
      const p = await createPatronato(db, { name: req.body.name, accreditationCode: req.body.accreditationCode, regionCode });
      await req.audit({ action: 'patronati.manage', resourceType: 'patronato', resourceId: p.id, details: { created: p.accreditationCode } });
      return reply.code(201).send(p);
    });

    app.get('/staff/patronati/:id', {
      config: { policy: 'patronati.manage' },
      schema: { tags: ['patronati'], summary: 'One patronato', params: s.idParams, response: { 200: s.patronatoView, ...problemResponses(401, 403, 404) } },
    }, async (req) => managed(db, req.actor, req.params.id));

    app.patch('/staff/patronati/:id', {
      config: { policy: 'patronati.manage' },
      schema: { tags: ['patronati'], summary: 'Rename a patronato or turn it on/off', params: s.idParams, body: s.changeBody, response: { 200: s.patronatoView, ...problemResponses(400, 401, 403, 404) } },
    }, async (req) => {
      await managed(db, req.actor, req.params.id);
      const p = await changePatronato(db, req.params.id, req.body);
      await req.audit({ action: 'patronati.manage', resourceType: 'patronato', resourceId: p.id, details: { changed: Object.keys(req.body) } });
      return p;
    });

    app.post('/staff/patronati/:id/offices', {
      config: { policy: 'patronati.manage' },
      schema: { tags: ['patronati'], summary: 'Add a local office (sede zonale) with the number it calls from', params: s.idParams, body: s.officeBody, response: { 201: s.patronatoView, ...problemResponses(400, 401, 403, 404, 409, 422) } },
    }, async (req, reply) => {
      await managed(db, req.actor, req.params.id);
      const p = await addPatronatoOffice(db, req.params.id, req.body);
      await req.audit({ action: 'patronati.manage', resourceType: 'patronato', resourceId: p.id, details: { officeAdded: req.body.provinceCode }, place: { provinceCode: req.body.provinceCode } });
      return reply.code(201).send(p);
    });

    app.delete('/staff/patronati/:id/offices/:officeId', {
      config: { policy: 'patronati.manage' },
      schema: { tags: ['patronati'], summary: 'Remove a local office', params: s.officeParams, response: { 200: s.patronatoView, ...problemResponses(401, 403, 404) } },
    }, async (req) => {
      await managed(db, req.actor, req.params.id);
      const p = await removePatronatoOffice(db, req.params.id, req.params.officeId);
      await req.audit({ action: 'patronati.manage', resourceType: 'patronato', resourceId: p.id, details: { officeRemoved: req.params.officeId } });
      return p;
    });

    app.put('/staff/patronati/:id/operators/:userId', {
      config: { policy: 'patronati.manage' },
      schema: { tags: ['patronati'], summary: 'Link a staff account (role patronato_operator) to the patronato it works for', params: s.operatorParams, response: { 200: s.patronatoView, ...problemResponses(401, 403, 404, 422) } },
    }, async (req) => {
      await managed(db, req.actor, req.params.id);
      const p = await linkOperator(db, req.params.id, req.params.userId);
      await req.audit({ action: 'patronati.manage', resourceType: 'staff_user', resourceId: req.params.userId, details: { patronato: p.id, linked: true } });
      return p;
    });

    app.delete('/staff/patronati/:id/operators/:userId', {
      config: { policy: 'patronati.manage' },
      schema: { tags: ['patronati'], summary: 'Unlink an operator from its patronato', params: s.operatorParams, response: { 200: s.patronatoView, ...problemResponses(401, 403, 404) } },
    }, async (req) => {
      await managed(db, req.actor, req.params.id);
      const p = await unlinkOperator(db, req.params.id, req.params.userId);
      await req.audit({ action: 'patronati.manage', resourceType: 'staff_user', resourceId: req.params.userId, details: { patronato: p.id, linked: false } });
      return p;
    });

    app.get('/staff/patronato-lines', {
      config: { policy: 'patronati.manage' },
      schema: { tags: ['patronati'], summary: 'The patronati\'s dedicated number of each province', response: { 200: s.lineList, ...problemResponses(401, 403) } },
    }, async (req) => ({ items: await listPatronatoLines(db, provincesFor(req.actor, 'patronati.manage')) }));

    app.put('/staff/patronato-lines/:provinceCode', {
      config: { policy: 'patronati.manage' },
      schema: { tags: ['patronati'], summary: 'Set the patronati\'s dedicated number of a province', params: s.provinceParams, body: s.lineBody, response: { 200: s.lineView, ...problemResponses(400, 401, 403, 422) } },
    }, async (req) => {
      const v = await db.query<{ regionCode: string }>('SELECT region_code AS "regionCode" FROM province WHERE code = $1', [req.params.provinceCode]);
      if (!v.rows[0]) throw patronatoErrors.unknownProvince();
      authorize(req.actor, 'patronati.manage', { provinceCode: req.params.provinceCode, regionCode: v.rows[0].regionCode });
      const line = await setPatronatoLine(db, req.params.provinceCode, req.body.phone);
      await req.audit({ action: 'patronati.manage', resourceType: 'patronato_line', resourceId: line.provinceCode, place: { provinceCode: line.provinceCode } });
      return line;
    });

    // ---- A desk's patronato share (office or regional administrator) ----
    app.put('/staff/desks/:deskId/patronato-share', {
      config: { policy: 'patronati.capacity.write' },
      schema: { tags: ['patronati'], summary: 'Share of a desk\'s places kept for patronati, released to everyone N hours before', params: s.deskParams, body: s.shareBody, response: { 200: s.shareView, ...problemResponses(400, 401, 403, 404, 422) } },
    }, async (req) => {
      const place = await placeOf(db, req.params.deskId);
      authorize(req.actor, 'patronati.capacity.write', place);
      const share = await setDeskShare(db, { deskId: req.params.deskId, percent: req.body.percent, releaseHours: req.body.releaseHours });
      deps.calendars.invalidate(req.params.deskId);
      deps.availability.touch(req.params.deskId);
      await req.audit({ action: 'patronati.capacity.write', resourceType: 'desk', resourceId: req.params.deskId, details: { ...req.body }, place: { provinceCode: place.provinceCode, officeId: place.officeId } });
      return share;
    });

    // ---- The patronato's operator ----
    app.get('/staff/patronato/me', {
      config: { policy: 'patronato.bookings.read' },
      schema: { tags: ['patronati'], summary: 'The operator\'s patronato and the patronati\'s numbers of its provinces', response: { 200: s.meView, ...problemResponses(401, 403) } },
    }, async (req) => {
      const actor = staffOf(req);
      const p = actor.organisationId ? await loadPatronato(db, actor.organisationId) : null;
      if (!p) throw patronatoErrors.noOrganisation();
      return { patronato: p, lines: await listPatronatoLines(db, provincesFor(actor, 'patronato.bookings.create')) };
    });

    app.get('/staff/patronato/desks', {
      config: { policy: 'patronato.availability.read' },
      schema: { tags: ['patronati'], summary: 'Desks the actor may book for a patronato, with their patronato share', response: { 200: s.deskList, ...problemResponses(401, 403) } },
    }, async (req) => ({ items: await listPatronatoDesks(db, provincesFor(req.actor, 'patronato.availability.read')) }));

    app.get('/staff/patronato/desks/:deskId/availability', {
      config: { policy: 'patronato.availability.read' },
      schema: { tags: ['patronati'], summary: 'A desk\'s slots as a patronato can book them (its share and the ordinary places)', params: s.deskParams, querystring: s.availabilityQuery, response: { 200: availabilityResponse, ...problemResponses(400, 401, 403, 404, 409) } },
    }, async (req) => {
      authorize(req.actor, 'patronato.availability.read', await placeOf(db, req.params.deskId));
      const view = await getAvailability(deps, { deskId: req.params.deskId, from: req.query.from, to: req.query.to, patronato: true });
      // Nothing free in the days asked nor anywhere in the horizon: a refusal for the capacity planner.
      if (!view.days.some((d) => d.slots.some((x) => x.state === 'open'))
        && !(await firstAvailable(deps, { deskId: req.params.deskId, patronato: true }))) {
        await recordRefusal(deps, { deskId: req.params.deskId, source: 'patronato' }).catch((err: unknown) => req.log.warn({ err }, 'refusal not counted'));
      }
      return view;
    });

    app.post('/staff/patronato/bookings', {
      config: { policy: 'patronato.bookings.create' },
      schema: {
        tags: ['patronati'],
        summary: 'Book for a patronato\'s client under a mandate (from the patronato share); returns the code and the PIN for the client',
        headers: s.idempotencyHeaders, body: s.bookBody,
        response: { 201: s.newBooking, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    }, async (req, reply) => {
      const actor = staffOf(req);
      const place = await placeOf(db, req.body.deskId);
      const { patronatoId: asked, patronatoOfficeId, mandate, deskId, start, ...person } = req.body;
      const operator = { ...actor, grants: actor.grants.filter((g) => g.role === 'patronato_operator') };
      let patronatoId: string;
      if (actor.organisationId && can(operator, 'patronato.bookings.create', place)) {
        // A patronato books for its own clients only.
        if (asked && asked !== actor.organisationId) throw forbidden();
        patronatoId = actor.organisationId;
      } else {
        const others = actor.grants.filter((g) => g.role !== 'patronato_operator');
        if (others.length === 0 && !actor.organisationId) throw patronatoErrors.noOrganisation();
        authorize({ ...actor, grants: others }, 'patronato.bookings.create', place);
        if (!asked) throw patronatoErrors.patronatoRequired();
        patronatoId = asked;
      }
      const r = await idempotent(db, deps.secret, `patronato.bookings.create:${actor.userId}`, req.headers['idempotency-key'], req.body, async (tx) => {
        const made = await bookForClient(deps, tx, {
          ...person, deskId, startMs: Date.parse(start), patronatoId, patronatoOfficeId, mandate, staffId: actor.userId,
        });
        return { status: 201, body: { booking: bookingOut((await findPatronatoBooking(tx, made.booking.code))!), pin: made.pin } };
      });
      await req.audit({ action: 'patronato.bookings.create', resourceType: 'booking', resourceId: r.body.booking.code, details: { patronato: patronatoId }, place: { provinceCode: place.provinceCode, officeId: place.officeId } });
      return reply.code(201).send(r.body);
    });

    app.get('/staff/patronato/bookings', {
      config: { policy: 'patronato.bookings.read' },
      schema: {
        tags: ['patronati'],
        summary: 'The patronato\'s bookings of a range of days (default: today\'s list of calls), with mandate and call outcome; audited',
        querystring: s.listQuery, response: { 200: s.bookingList, ...problemResponses(400, 401, 403) },
      },
    }, async (req) => {
      const actor = staffOf(req);
      if (!actor.organisationId) throw patronatoErrors.noOrganisation();
      const from = req.query.from ?? toIsoWithOffset(deps.now()).slice(0, 10);
      const found = await listPatronatoBookings(db, actor.organisationId, from, req.query.days ?? 1);
      const visible = found.filter((b) => can(actor, 'patronato.bookings.read', { ...b.place, organisationId: actor.organisationId }));
      await req.audit({
        action: 'patronato.bookings.read', resourceType: 'booking', resourceId: null,
        details: { from, days: req.query.days ?? 1, results: visible.length, codes: visible.map((b) => b.code) },
      });
      return { items: visible.map(bookingOut) };
    });

    // ---- The reception line answering the patronati's number ----
    app.get('/staff/patronato/callers', {
      config: { policy: 'patronato.callers.read' },
      schema: { tags: ['patronati'], summary: 'Which patronato is calling, from the number it calls from', querystring: s.callerQuery, response: { 200: s.callerView, ...problemResponses(400, 401, 403, 404, 422) } },
    }, async (req) => identifyCaller(db, req.query.phone));
  };
}
