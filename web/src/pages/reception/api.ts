/** The reception line's API: bookings on a caller's behalf, short answers, the contact log. */
import { newIdempotencyKey, type ApiData, type ApiItem, type Fetched } from '../../api/client';
import type { Desk, OfficeSummary, Slot, SlotsResponse } from '../../api/types';
import { normalisePhone, normaliseTaxCode, taxCodeProblem } from '../../booking/validation';
import { AdminApiError, staff, staffApi } from '../../staff/api';
import { mayBeBookingCode } from '../../../../src/domain/booking/booking-code';

export type StaffBooking = ApiItem<'/api/staff/bookings'>;
export type ShortAnswer = ApiItem<'/api/staff/answers'>;
export type AnswerVersion = ApiItem<'/api/staff/answers/{id}/history'>;

export const CONTACT_REASONS = ['booked', 'moved', 'cancelled', 'short_answer', 'redirected', 'other'] as const;
export type ContactReason = (typeof CONTACT_REASONS)[number];

export type ContactSummary = ApiData<'/api/staff/contacts/summary'>;

export type { Desk, OfficeSummary, Slot };

export type SearchBy = 'taxCode' | 'phone' | 'code';

/** A booking code as typed or dictated ("bg01 1 7kq3x", "BG0117KQ3X"), or null; the server reads it (readBookingCode). */
export function normaliseBookingCode(input: string): string | null {
  const value = input.trim().toUpperCase();
  return mayBeBookingCode(value) ? value : null;
}

/** What a search box holds: a tax code, a booking code or a phone number (null: none yet). */
export function detectSearch(input: string): { by: SearchBy; value: string } | { by: SearchBy; value: null } | null {
  const raw = input.trim();
  if (raw === '') return null;
  // A valid tax code is never a booking code (a code without dashes can look like one).
  if (!taxCodeProblem(normaliseTaxCode(raw))) return { by: 'taxCode', value: normaliseTaxCode(raw) };
  const code = normaliseBookingCode(raw);
  if (code) return { by: 'code', value: code };
  if (/^[+\d][\d\s./-]*$/.test(raw)) return { by: 'phone', value: normalisePhone(raw) };
  if (/-/.test(raw)) return { by: 'code', value: null };
  const tax = normaliseTaxCode(raw);
  return { by: 'taxCode', value: taxCodeProblem(tax) ? null : tax };
}

export async function findBookings(by: SearchBy, value: string): Promise<StaffBooking[]> {
  return (await staff(staffApi.GET('/api/staff/bookings', { params: { query: { [by]: value } } }))).items;
}

/** Minutes left for the call: slots closing (minimum notice) sooner than this are not offered. */
export const CALL_MARGIN_MINUTES = 5;

/**
 * The open slots of a desk, soonest first: the next 14 days, or (when they are all taken)
 * the two weeks from the first available slot over the whole horizon.
 */
export async function openSlots(deskId: string): Promise<Slot[]> {
  const desk = await staff(staffApi.GET('/api/desks/{id}', { params: { path: { id: deskId } } }));
  // A slot that stops being bookable (minimum notice) within the next minutes is not offered:
  // the call would lose it while the caller's details are being taken.
  const earliest = Date.now() + (desk.minNoticeMinutes + CALL_MARGIN_MINUTES) * 60_000;
  const pick = (r: SlotsResponse) => r.days.flatMap((d) => d.slots).filter((s) => s.state === 'open' && s.remaining > 0 && Date.parse(s.start) >= earliest);
  const first = pick(await staff(staffApi.GET('/api/desks/{id}/slots', { params: { path: { id: deskId }, query: { channel: 'phone' } } })));
  if (first.length > 0) return first;
  const next = await staff(staffApi.GET('/api/desks/{id}/first-available', { params: { path: { id: deskId }, query: { channel: 'phone' } } }));
  if (!next.slot) return [];
  const from = next.slot.start.slice(0, 10);
  const to = new Date(Date.parse(`${from}T12:00:00Z`) + 13 * 86_400_000).toISOString().slice(0, 10);
  return pick(await staff(staffApi.GET('/api/desks/{id}/slots', { params: { path: { id: deskId }, query: { channel: 'phone', from, to } } })));
}

/**
 * Idempotency keys, one per attempt: the same request sent again (after no answer or a
 * server error) reuses its key, so a retry never books twice; a different request, or the
 * same one after a definite answer, gets a new key.
 */
export class Attempts {
  private last: { body: string; key: string } | null = null;

  keyFor(body: unknown): string {
    const text = JSON.stringify(body);
    if (this.last?.body !== text) this.last = { body: text, key: newIdempotencyKey() };
    return this.last.key;
  }

  /** After an answer that a retry would not change (success, or a 4xx refusal). */
  settle(error?: unknown): void {
    if (!error || (error instanceof AdminApiError && error.status >= 400 && error.status < 500)) this.last = null;
  }
}

/** A POST through `staffApi` with the attempt's Idempotency-Key for `body` (the request sends that body). */
export async function postWithKey<T>(attempts: Attempts, body: unknown, post: (headers: { 'Idempotency-Key': string }) => Promise<Fetched<T>>): Promise<T> {
  try {
    const r = await staff(post({ 'Idempotency-Key': attempts.keyFor(body) }));
    attempts.settle();
    return r;
  } catch (error) {
    attempts.settle(error);
    throw error;
  }
}

/** "lunedì" → "lunedi": town names compared ignoring case, accents and apostrophes. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’'`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The office for a caller's town: the office in that town, else the province's "direzione provinciale". */
export function defaultOffice(offices: readonly OfficeSummary[], town: string): OfficeSummary | null {
  const t = fold(town);
  if (t) {
    const here = offices.find((o) => fold(o.town) === t || fold(o.name) === t);
    if (here) return here;
  }
  return offices.find((o) => /direzione provinciale/i.test(o.kind)) ?? offices[0] ?? null;
}

/** Seconds as "1:05" (or "1:02:03"). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}
