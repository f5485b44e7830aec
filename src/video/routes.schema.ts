import { z } from 'zod';

export const tokenParams = z.object({ token: z.string().min(1).max(64) });
export const bookingParams = z.object({ id: z.string().min(1).max(64) });
export const entryBody = z.strictObject({ code: z.string().trim().min(1).max(20).describe('the entry code from the confirmation (ABCD-2345)') });

export const signalBody = z.strictObject({
  type: z.enum(['hello', 'here', 'offer', 'answer', 'candidate', 'bye', 'phone']).describe("'phone' (the operator only): the video failed, the operator is calling the citizen's phone"),
  sdp: z.string().max(30_000).optional(),
  n: z.number().int().min(0).max(1_000_000).optional().describe('the negotiation a description or candidate belongs to (the operator counts its offers)'),
  candidate: z.strictObject({
    candidate: z.string().max(1000),
    sdpMid: z.string().max(100).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(100).nullable().optional(),
    usernameFragment: z.string().max(256).nullable().optional(),
  }).nullable().optional(),
}).refine((b) => (b.type === 'offer' || b.type === 'answer' ? !!b.sdp : true), { message: 'offer and answer carry an sdp', path: ['sdp'] });
/** The citizen's side never announces the operator's phone call. */
export const citizenSignalBody = signalBody.refine((b) => b.type !== 'phone', { message: "only the operator sends 'phone'", path: ['type'] });

const bilingual = z.object({ it: z.string(), en: z.string() });
const iceServer = z.object({ urls: z.union([z.string(), z.array(z.string())]), username: z.string().optional(), credential: z.string().optional() });
const entry = z.union([
  z.object({ provider: z.literal('builtin'), iceServers: z.array(iceServer), iceTransportPolicy: z.enum(['all', 'relay']) }),
  z.object({ provider: z.literal('jitsi'), url: z.string(), roomName: z.string(), jwt: z.string().nullable() }),
]).nullable();

export const roomView = z.object({
  state: z.enum(['waiting', 'open', 'closed']),
  provider: z.enum(['builtin', 'jitsi']),
  serverTime: z.string(), opensAt: z.string(), closesAt: z.string(), start: z.string(), end: z.string(),
  desk: bilingual, office: z.string(), entryCode: z.string(),
  entry,
});

export const staffRoomView = roomView.extend({
  bookingId: z.string(), code: z.string(),
  citizen: z.object({ fullName: z.string().nullable(), phone: z.string().nullable(), language: z.string() }),
});
