import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { BookingDeps } from '../booking/index.js';
import { checkConfirmer } from '../booking/index.js';
import { getDeskPlace } from '../catalog/index.js';
import { problemResponses } from '../platform/openapi.js';
import { idempotencyHeaders } from '../booking/index.js';
import { authorize, type Actor } from '../policy/index.js';
import { bookAtStation } from './book-at-station.js';
import { changeStation } from './change-station.js';
import { checkIn } from './check-in.js';
import type { StationDeps } from './deps.js';
import { enrolDevice } from './enrol-device.js';
import { stationErrors } from './errors.js';
import { getStationSlots } from './get-station-slots.js';
import { issueEnrolmentCode } from './issue-enrolment-code.js';
import { listAppointments } from './list-appointments.js';
import { listStations, presentStations } from './list-stations.js';
import { recordHeartbeat } from './record-heartbeat.js';
import { registerStation } from './register-station.js';
import { revokeDevice } from './revoke-device.js';
import { loadStation, loadStations, publicView } from './stations.repository.js';
import * as s from './routes.schema.js';

type StationActor = Extract<Actor, { kind: 'station' }>;
const stationOf = (req: FastifyRequest) => req.actor as StationActor; // 'station.kiosk' admits station devices only
const STAFF_WRITE = { policy: 'staff.stations.write' as const };
const KIOSK = { policy: 'station.kiosk' as const };

/**
 * Municipal stations (docs/stations.md): the office admin's registry and device enrolment, the
 * public list and slots, bookings at a station (citizens and reception), and the kiosk's own
 * routes (a device token: appointments, check-in, heartbeat).
 */
export function stationRoutes(deps: StationDeps, booking: BookingDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const loginLimit = { max: app.identity.settings.rateLimits.login.max, timeWindow: app.identity.settings.rateLimits.login.timeWindow };

    // — the office administrator —
    app.get('/staff/stations', {
      config: { policy: 'staff.stations.read' },
      schema: { tags: ['stations'], summary: 'The stations of the offices the actor may see, with devices and connection', querystring: s.listQuery, response: { 200: s.listResponse, ...problemResponses(400, 401, 403) } },
    }, async (req) => ({ items: await listStations(deps, req.actor, req.query.officeId) }));

    app.post('/staff/offices/:id/stations', {
      config: STAFF_WRITE,
      schema: { tags: ['stations'], summary: 'Register a station for a Comune of the office’s province, on a desk offering video', params: s.idParams, body: s.createBody, response: { 201: s.stationView, ...problemResponses(400, 401, 403, 404, 409, 422) } },
    }, async (req, reply) => {
      const station = await registerStation(deps, req.actor, req.params.id, req.body);
      req.auditPlace = { officeId: station.officeId, provinceCode: station.provinceCode };
      return reply.code(201).send((await presentStations(deps, [station]))[0]!);
    });

    app.patch('/staff/stations/:id', {
      config: STAFF_WRITE,
      schema: { tags: ['stations'], summary: 'Change a station: details, desk, hours, active', params: s.idParams, body: s.changeBody, response: { 200: s.stationView, ...problemResponses(400, 401, 403, 404, 409, 422) } },
    }, async (req) => {
      const station = await changeStation(deps, req.actor, req.params.id, req.body);
      req.auditPlace = { officeId: station.officeId, provinceCode: station.provinceCode };
      return (await presentStations(deps, [station]))[0]!;
    });

    app.post('/staff/stations/:id/enrolment-codes', {
      config: STAFF_WRITE,
      schema: { tags: ['stations'], summary: 'A one-time enrolment code for a device of the station (15 minutes, single use; shown once)', params: s.idParams, response: { 201: s.enrolmentCodeResponse, ...problemResponses(400, 401, 403, 404, 409) } },
    }, async (req, reply) => reply.code(201).send(await issueEnrolmentCode(deps, req.actor, req.params.id)));

    app.post('/staff/stations/:id/devices/:deviceId/revoke', {
      config: STAFF_WRITE,
      schema: { tags: ['stations'], summary: 'Revoke a device’s token at once', params: s.deviceParams, response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) } },
    }, async (req, reply) => {
      await revokeDevice(deps, req.actor, req.params.id, req.params.deviceId);
      return reply.code(204).send(null);
    });

    app.post('/staff/stations/:id/bookings', {
      config: { policy: 'staff.bookings.create' },
      schema: { tags: ['stations'], summary: "Book at the station on a caller's behalf (reception): a video slot of the station's desk inside its hours", params: s.idParams, headers: idempotencyHeaders, body: s.staffStationBookBody, response: { 201: s.newBookingResponse, ...problemResponses(400, 401, 403, 404, 409, 422) } },
    }, async (req, reply) => {
      const actor = req.actor as Extract<Actor, { kind: 'staff' }>;
      const station = await loadStation(deps.db, req.params.id);
      if (!station) throw stationErrors.notFound();
      const place = (await getDeskPlace(deps.db, station.deskId))!;
      authorize(actor, 'staff.bookings.create', place);
      const isReception = actor.grants.some((g) => g.role === 'reception_agent');
      const { start, ...person } = req.body;
      const made = await bookAtStation(booking, station.id, {
        ...person, deskId: station.deskId, startMs: Date.parse(start), source: isReception ? 'reception' : 'staff', actor: `staff:${actor.userId}`, staffId: actor.userId,
      }, { key: req.headers['idempotency-key'], scope: `stations.bookings.staff:${actor.userId}`, request: req.body });
      await req.audit({ action: 'staff.bookings.create', resourceType: 'booking', resourceId: made.booking.code, place: { provinceCode: place.provinceCode, officeId: place.officeId } });
      return reply.code(201).header('idempotent-replayed', String(made.replayed)).send({ booking: made.booking, pin: made.pin });
    });

    // — public: where the stations are, their slots, booking at one —
    app.get('/stations', {
      config: { policy: 'public' },
      schema: { tags: ['stations'], summary: 'Active municipal stations (of a province or an office): address, hours, accessibility', querystring: s.publicListQuery, response: { 200: s.publicListResponse, ...problemResponses(400) } },
    }, async (req) => {
      const list = await loadStations(deps.db, { activeOnly: true, ...(req.query.province ? { provinceCode: req.query.province } : {}), ...(req.query.office ? { officeCode: req.query.office.toUpperCase() } : {}) });
      return { items: list.map((st) => ({ ...publicView(st), officeCode: st.officeCode, officeName: st.officeName, provinceCode: st.provinceCode })) };
    });

    app.get('/stations/:id/slots', {
      config: { policy: 'public' },
      schema: { tags: ['stations'], summary: "The station's slots: its desk's video slots inside the station's opening hours", params: s.idParams, querystring: s.slotsQuery, response: { 200: s.stationSlotsResponse, ...problemResponses(400, 404, 409, 422) } },
    }, async (req) => getStationSlots(booking, req.params.id, req.query));

    app.post('/stations/:id/bookings', {
      config: { policy: 'public', rateLimit: app.identity.rateLimits.lookup },
      schema: { tags: ['stations'], summary: 'Book the held place (a video slot of the station’s desk) at the station; as POST /bookings', params: s.idParams, headers: idempotencyHeaders, body: s.stationBookBody, response: { 201: s.newBookingResponse, ...problemResponses(400, 403, 404, 409, 422, 429) } },
    }, async (req, reply) => {
      const taxCode = await checkConfirmer(booking, req.actor, req.body);
      const made = await bookAtStation(booking, req.params.id, { ...req.body, taxCode, source: 'web', actor: 'citizen' }, { key: req.headers['idempotency-key'], scope: 'stations.bookings.create', request: req.body });
      return reply.code(201).header('idempotent-replayed', String(made.replayed)).send({ booking: made.booking, pin: made.pin });
    });

    // — the kiosk —
    app.post('/station/enrol', {
      config: { policy: 'public', rateLimit: loginLimit },
      schema: { tags: ['stations'], summary: 'Enrol this device with a one-time code: returns its long-lived token (shown once)', body: s.enrolBody, response: { 201: s.enrolResponse, ...problemResponses(400, 429) } },
    }, async (req, reply) => reply.code(201).send(await enrolDevice(deps, req.body.code, req.headers['user-agent'])));

    app.get('/station/appointments', {
      config: KIOSK,
      schema: { tags: ['stations'], summary: "The station and today's next appointments (first names and times only)", response: { 200: s.appointmentsResponse, ...problemResponses(401, 403, 404) } },
    }, async (req) => listAppointments(deps, stationOf(req)));

    app.post('/station/heartbeat', {
      config: KIOSK,
      schema: { tags: ['stations'], summary: 'The kiosk is alive (every minute)', response: { 200: s.heartbeatResponse, ...problemResponses(401, 403) } },
    }, async (req) => recordHeartbeat(deps, stationOf(req)));

    app.post('/station/check-in', {
      config: KIOSK,
      schema: { tags: ['stations'], summary: 'Check in with the booking code: the room the kiosk joins at the slot time (409 video_unavailable: the operator phones)', body: s.checkInBody, response: { 200: s.checkInResponse, ...problemResponses(400, 401, 403, 404, 409) } },
    }, async (req) => checkIn(deps, stationOf(req), req.body.code));
  };
}
