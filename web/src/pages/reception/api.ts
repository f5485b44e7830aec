/** The reception line's API: bookings on a caller's behalf, short answers, the contact log. */
import { newIdempotencyKey } from '../../api/client';
import type { Desk, OfficeSummary, Slot, SlotsResponse } from '../../api/types';
import { normalisePhone, normaliseTaxCode, taxCodeProblem } from '../../booking/validation';
import { AdminApiError, call } from '../../staff/api';
import { mayBeBookingCode } from '../../../../src/domain/booking/booking-code';

export interface StaffBooking {
  code: string;
  status: 'held' | 'booked' | 'cancelled' | 'expired';
  start: string;
  end: string;
  channel: string;
  language: 'it' | 'en';
  topic: string | null;
  notes: string | null;
  fullName: string | null;
  /** masked */
  taxCode: string | null;
  phone: string | null;
  email: string | null;
  priority: boolean;
  source: string;
  desk: { id: string; number: number; name: { it: string; en: string } };
  office: { id: string; code: string; name: string };
  bookedAt: string | null;
  cancelledAt: string | null;
}

export interface ShortAnswer {
  id: string;
  title: string;
  body: string;
  tags: string[];
  provinceCode: string | null;
  status: 'active' | 'retired';
  version: number;
  updatedAt: string;
  rank?: number;
  /** 'office': built from an office's data, logged as reason 'other' with its title (it has no short-answer id). */
  source?: 'answer' | 'office';
}

export interface AnswerVersion {
  version: number;
  title: string;
  body: string;
  tags: string[];
  provinceCode: string | null;
  status: string;
  changedBy: string | null;
  changedAt: string;
}

export const CONTACT_REASONS = ['booked', 'moved', 'cancelled', 'short_answer', 'redirected', 'other'] as const;
export type ContactReason = (typeof CONTACT_REASONS)[number];

export interface ContactSummary {
  date: string;
  total: number;
  totalSeconds: number;
  averageSeconds: number;
  byReason: Record<string, number>;
  answers: { id: string; title: string; uses: number }[];
}

export type { Desk, OfficeSummary, Slot };

const enc = encodeURIComponent;

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
  return (await call<{ items: StaffBooking[] }>('GET', `/api/staff/bookings?${by}=${enc(value)}`)).items;
}

/** Minutes left for the call: slots closing (minimum notice) sooner than this are not offered. */
export const CALL_MARGIN_MINUTES = 5;

/**
 * The open slots of a desk, soonest first: the next 14 days, or (when they are all taken)
 * the two weeks from the first available slot over the whole horizon.
 */
export async function openSlots(deskId: string): Promise<Slot[]> {
  const desk = await call<{ minNoticeMinutes: number }>('GET', `/api/desks/${enc(deskId)}`);
  // A slot that stops being bookable (minimum notice) within the next minutes is not offered:
  // the call would lose it while the caller's details are being taken.
  const earliest = Date.now() + (desk.minNoticeMinutes + CALL_MARGIN_MINUTES) * 60_000;
  const pick = (r: SlotsResponse) => r.days.flatMap((d) => d.slots).filter((s) => s.state === 'open' && s.remaining > 0 && Date.parse(s.start) >= earliest);
  const first = pick(await call<SlotsResponse>('GET', `/api/desks/${enc(deskId)}/slots?channel=phone`));
  if (first.length > 0) return first;
  const next = await call<{ slot: { start: string } | null }>('GET', `/api/desks/${enc(deskId)}/first-available?channel=phone`);
  if (!next.slot) return [];
  const from = next.slot.start.slice(0, 10);
  const to = new Date(Date.parse(`${from}T12:00:00Z`) + 13 * 86_400_000).toISOString().slice(0, 10);
  return pick(await call<SlotsResponse>('GET', `/api/desks/${enc(deskId)}/slots?channel=phone&from=${from}&to=${to}`));
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

export async function postWithKey<T>(attempts: Attempts, path: string, body: unknown): Promise<T> {
  try {
    const r = await call<T>('POST', path, body, { 'Idempotency-Key': attempts.keyFor(body) });
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
