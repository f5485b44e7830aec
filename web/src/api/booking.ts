/** The citizen booking API: holds, bookings, management, waiting list. */
import { api, newIdempotencyKey, read, write, type Sent } from './client';
import { citizenCsrfHeaders } from './citizenSession';
import type {
  BookingView,
  Channel,
  FirstAvailable,
  Hold,
  NewBooking,
  PersonInput,
  WaitlistEntry,
  WaitlistState,
} from './types';

/** The channel a desk's reads are for, and priority only when asked (its keys in this order). */
function channelQuery(channel: Channel, priority: boolean) {
  return { channel: channel as 'phone' | 'video', ...(priority ? { priority: 'true' as const } : {}) };
}

/** The query of a desk's slots (GET /api/desks/{id}/slots). */
export function slotsQuery(from: string, to: string, channel: Channel, priority: boolean) {
  return { from, to, ...channelQuery(channel, priority) };
}

export function getFirstAvailable(deskId: string, channel: Channel, priority: boolean, signal?: AbortSignal): Promise<FirstAvailable> {
  return read((init) => api.GET('/api/desks/{id}/first-available', { params: { path: { id: deskId }, query: channelQuery(channel, priority) }, ...init }), signal);
}

/** The query of a desk's nearby alternatives (GET /api/desks/{id}/alternatives). */
export const alternativesQuery = channelQuery;

/** A hold; `altcha` is the solved anti-abuse check (see booking/challenge.ts). */
export function createHold(deskId: string, body: { start: string; channel: Channel; priority?: boolean }, altcha?: string): Promise<Sent<Hold>> {
  const header = altcha ? { 'x-altcha': altcha } : {};
  return write((init) => api.POST('/api/desks/{id}/holds', { params: { path: { id: deskId }, header }, body: { ...body, channel: body.channel as 'phone' | 'video' }, ...init }));
}

/** Gives a held place back; failures are ignored (the hold lapses by itself anyway). */
/** More time, once (WCAG 2.2.1): the hold's new expiry. */
export async function extendHold(holdId: string, holdToken: string): Promise<{ expiresAt: string }> {
  return (await write((init) => api.POST('/api/holds/{id}/extend', { params: { path: { id: holdId }, header: { 'x-hold-token': holdToken } }, ...init }))).data;
}

/**
 * Before the last step: does this person already have an active booking at the held desk?
 * Resolves when not (or when the hold's two checks are used); rejects with the confirmation's
 * own 409 already_booked when so (the place is then given back by the server).
 */
export async function checkHoldPerson(holdId: string, holdToken: string, taxCode: string): Promise<void> {
  await write((init) => api.POST('/api/holds/{id}/person-check', {
    params: { path: { id: holdId }, header: { 'x-hold-token': holdToken } }, body: { taxCode }, headers: citizenCsrfHeaders(), ...init,
  }));
}

export async function releaseHold(holdId: string, holdToken: string): Promise<void> {
  try {
    await write((init) => api.DELETE('/api/holds/{id}', { params: { path: { id: holdId }, header: { 'x-hold-token': holdToken } }, ...init }));
  } catch {
    // expired, already released or unreachable: nothing the citizen needs to know
  }
}

export interface BookingRequest extends PersonInput {
  hold: { id: string; token: string };
}

export async function createBooking(body: BookingRequest, idempotencyKey: string, stationId?: string | null): Promise<NewBooking> {
  // A citizen signed in with SPID/CIE confirms as themselves: the session's CSRF token goes along.
  const headers = { 'Idempotency-Key': idempotencyKey, ...citizenCsrfHeaders() };
  const sent = stationId
    ? await write((init) => api.POST('/api/stations/{id}/bookings', { params: { path: { id: stationId } }, body: { ...body, channel: body.channel as 'phone' | 'video' }, headers, ...init }))
    : await write((init) => api.POST('/api/bookings', { body: { ...body, channel: body.channel as 'phone' | 'video' }, headers, ...init }));
  return sent.data;
}

export interface BookingKey {
  code: string;
  taxCode: string;
}

export async function lookupBooking(key: BookingKey): Promise<BookingView> {
  return (await write((init) => api.POST('/api/bookings/lookup', { body: key, ...init }))).data;
}

/** Code + tax code + the PIN shown when booking: what a cancel or a move needs. */
export type ProtectedKey = BookingKey & { pin: string };

export async function cancelBooking(key: ProtectedKey, idempotencyKey: string, reason?: string): Promise<BookingView> {
  const body = reason ? { ...key, reason } : key;
  return (await write((init) => api.POST('/api/bookings/cancel', { body, headers: { 'Idempotency-Key': idempotencyKey }, ...init }))).data;
}

export async function moveBooking(key: ProtectedKey & { start: string }, idempotencyKey: string): Promise<BookingView> {
  return (await write((init) => api.POST('/api/bookings/move', { body: key, headers: { 'Idempotency-Key': idempotencyKey }, ...init }))).data;
}

/** A booking's messages as the queue records them (GET-like, by code + tax code). */
export interface BookingMessages {
  live: boolean;
  demoOutbox: boolean;
  items: {
    id: string;
    channel: 'email' | 'sms' | 'appio';
    kind: string;
    state: 'pending' | 'claimed' | 'sending' | 'sent' | 'undeliverable' | 'dead' | 'obsolete' | 'expired';
    to: string | null;
    demoOutbox: boolean;
    createdAt: string;
    sentAt: string | null;
    message: { subject: string | null; body: string; html: string | null; ics: string | null } | null;
  }[];
}

export async function bookingMessages(key: BookingKey): Promise<BookingMessages> {
  return (await write((init) => api.POST('/api/bookings/messages', { body: key, ...init }))).data;
}

/** The booking's calendar file (.ics text). */
export async function bookingCalendar(key: BookingKey): Promise<string> {
  return (await write((init) => api.POST('/api/bookings/calendar', { body: key, headers: { Accept: 'text/calendar' }, parseAs: 'text', ...init }))).data;
}

export async function joinWaitlist(deskId: string, body: PersonInput, idempotencyKey: string): Promise<WaitlistEntry> {
  return (await write((init) => api.POST('/api/desks/{id}/waitlist', { params: { path: { id: deskId } }, body: { ...body, channel: body.channel as 'phone' | 'video' }, headers: { 'Idempotency-Key': idempotencyKey }, ...init }))).data;
}

export async function waitlistStatus(entryId: string, token: string): Promise<WaitlistState> {
  return (await write((init) => api.POST('/api/waitlist/{id}/status', { params: { path: { id: entryId } }, body: { token }, ...init }))).data;
}

/** A waiting-list place found again with its code (LA-…) and the tax code. */
export async function findWaitlistEntry(code: string, taxCode: string): Promise<WaitlistState & { entryId: string; token: string; code: string }> {
  return (await write((init) => api.POST('/api/waitlist/find', { body: { code, taxCode }, ...init }))).data;
}

export async function acceptWaitlistOffer(entryId: string, token: string): Promise<NewBooking> {
  return (await write((init) => api.POST('/api/waitlist/{id}/accept', { params: { path: { id: entryId } }, body: { token }, ...init }))).data;
}

export async function leaveWaitlist(entryId: string, token: string): Promise<void> {
  await write((init) => api.POST('/api/waitlist/{id}/leave', { params: { path: { id: entryId } }, body: { token }, ...init }));
}

/**
 * The Idempotency-Key of a write: the same key while the same request is retried,
 * a new one as soon as what is sent changes (or after a success).
 */
export function keyFor(previous: { key: string; body: string } | null, body: unknown): { key: string; body: string } {
  const text = JSON.stringify(body);
  return previous && previous.body === text ? previous : { key: newIdempotencyKey(), body: text };
}
