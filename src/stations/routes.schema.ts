import { z } from 'zod';
import { instantSchema, localDateSchema, uuidSchema } from '../platform/openapi.js';
import { availabilityResponse, bookBody, newBookingResponse, personFields } from '../booking/index.js';

const uuid = uuidSchema;
const hhmm = z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM');
const interval = z.strictObject({
  weekday: z.number().int().min(1).max(7).describe('1 = Monday … 7 = Sunday'),
  from: hhmm, to: hhmm,
});
const hours = z.array(interval).max(21).describe('weekly opening hours, Europe/Rome');

export const idParams = z.strictObject({ id: uuid });
export const deviceParams = z.strictObject({ id: uuid, deviceId: uuid });
export const listQuery = z.strictObject({ officeId: uuid.optional() });
export const publicListQuery = z.strictObject({
  province: z.string().regex(/^[A-Z]{2}$/).optional(),
  office: z.string().regex(/^[A-Za-z0-9]{2,10}$/).optional().describe('office code, e.g. CO01'),
});
export const slotsQuery = z.strictObject({ from: localDateSchema.optional(), to: localDateSchema.optional() });

export const createBody = z.strictObject({
  deskId: uuid.describe('a desk of the office offering video'),
  comune: z.string().trim().min(1).max(80).describe('a Comune of the office’s province'),
  name: z.string().trim().min(2).max(120),
  address: z.string().trim().min(2).max(200),
  accessibility: z.string().trim().max(500).optional(),
  hours,
});
export const changeBody = z.strictObject({
  deskId: uuid.optional(),
  comune: z.string().trim().min(1).max(80).optional(),
  name: z.string().trim().min(2).max(120).optional(),
  address: z.string().trim().min(2).max(200).optional(),
  accessibility: z.string().trim().max(500).optional(),
  hours: hours.optional(),
  active: z.boolean().optional(),
});
export const enrolBody = z.strictObject({ code: z.string().trim().min(4).max(20).describe('the one-time code, e.g. K7M2-P9QX') });
export const checkInBody = z.strictObject({ code: z.string().trim().min(4).max(24).describe('the booking code, read however typed') });
/** The citizen's booking at a station: a held place of the station's desk, confirmed (as POST /bookings). */
export const stationBookBody = bookBody;
/** Reception's booking at a station: a slot of the station's desk claimed directly. */
export const staffStationBookBody = z.strictObject({ start: instantSchema, ...personFields });

const intervalView = z.object({ weekday: z.number().int(), from: z.string(), to: z.string() });
export const publicStation = z.object({
  id: z.string(), comune: z.string(), name: z.string(), address: z.string(), accessibility: z.string(), deskId: z.string(),
  hours: z.array(intervalView),
});
export const publicListResponse = z.object({
  items: z.array(publicStation.extend({ officeCode: z.string(), officeName: z.string(), provinceCode: z.string() })),
});
export const stationView = z.object({
  id: z.string(), officeId: z.string(), officeCode: z.string(), officeName: z.string(), deskId: z.string(),
  deskName: z.object({ it: z.string(), en: z.string() }), comune: z.string(), name: z.string(), address: z.string(),
  accessibility: z.string(), active: z.boolean(), hours: z.array(intervalView),
  connection: z.enum(['online', 'offline', 'not_enrolled']), lastSeenAt: z.string().nullable(),
  devices: z.array(z.object({ id: z.string(), enrolledAt: z.string(), lastSeenAt: z.string().nullable(), revokedAt: z.string().nullable() })),
  upcomingBookings: z.number().int(),
});
export const listResponse = z.object({ items: z.array(stationView) });
export const enrolmentCodeResponse = z.object({ code: z.string().describe('shown once; single use'), expiresAt: z.string() });
export const enrolResponse = z.object({
  token: z.string().describe('the device token: send it as Authorization: Bearer; shown once'),
  deviceId: z.string(), heartbeatSeconds: z.number().int(),
  station: publicStation.extend({ officeName: z.string() }),
});
export const appointmentsResponse = z.object({
  station: publicStation.extend({ officeName: z.string() }),
  now: z.string(),
  appointments: z.array(z.object({ firstName: z.string(), start: z.string(), end: z.string(), phoneInstead: z.boolean() })),
});
export const heartbeatResponse = z.object({ receivedAt: z.string(), nextInSeconds: z.number().int() });
export const checkInResponse = z.object({
  firstName: z.string(), start: z.string(), end: z.string(),
  room: z.object({ url: z.string(), opensAt: z.string(), closesAt: z.string() }),
});
export const stationSlotsResponse = availabilityResponse.extend({ stationId: z.string() });
export { newBookingResponse };
