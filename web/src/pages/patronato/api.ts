/** The patronati's API (src/patronati/routes.ts): shapes and calls. */
import { newIdempotencyKey } from '../../api/client';
import { call } from '../../staff/api';

export interface PatronatoOffice {
  id: string;
  provinceCode: string;
  name: string;
  address: string | null;
  phone: string | null;
}

export interface Me {
  patronato: { id: string; name: string; accreditationCode: string; offices: PatronatoOffice[] };
  lines: { provinceCode: string; phone: string }[];
}

export interface PatronatoDesk {
  id: string;
  number: number;
  name: { it: string; en: string };
  channels: ('phone' | 'video')[];
  office: { id: string; code: string; name: string; provinceCode: string };
  patronatoPercent: number;
  patronatoReleaseHours: number;
}

export type Outcome = 'resolved' | 'no_answer' | 'wrong_number' | 'cancelled_by_citizen' | 'second_level' | 'needs_documents';

export interface PatronatoBooking {
  code: string;
  status: 'booked' | 'cancelled';
  start: string;
  end: string;
  channel: 'phone' | 'video';
  fullName: string | null;
  taxCode: string | null;
  phone: string | null;
  email: string | null;
  topic: string | null;
  desk: { id: string; number: number; name: { it: string; en: string } };
  office: { id: string; code: string; name: string };
  mandate: { date: string; subject: string; officeName: string | null };
  call: { state: string; outcome: Outcome | null; followUpCode: string | null } | null;
}

export interface SlotView {
  start: string;
  end: string;
  remaining: number;
  state: string;
}

export interface Caller {
  patronato: { id: string; name: string; accreditationCode: string };
  office: { id: string; name: string; provinceCode: string };
}

export interface DelegatedBooking {
  deskId: string;
  start: string;
  taxCode: string;
  fullName: string;
  phone: string;
  email?: string;
  channel: 'phone' | 'video';
  language: 'it' | 'en';
  consent: boolean;
  mandate: { date: string; subject: string };
  patronatoOfficeId?: string;
  patronatoId?: string;
}

const enc = encodeURIComponent;

export const patronatoApi = {
  me: () => call<Me>('GET', '/api/staff/patronato/me'),
  desks: () => call<{ items: PatronatoDesk[] }>('GET', '/api/staff/patronato/desks'),
  slots: async (deskId: string, from: string, to: string): Promise<SlotView[]> => {
    const r = await call<{ days: { slots: SlotView[] }[] }>('GET', `/api/staff/patronato/desks/${enc(deskId)}/availability?from=${from}&to=${to}`);
    return r.days.flatMap((d) => d.slots).filter((s) => s.state === 'open');
  },
  bookings: (from: string, days: number) => call<{ items: PatronatoBooking[] }>('GET', `/api/staff/patronato/bookings?from=${from}&days=${days}`),
  book: (body: DelegatedBooking) =>
    call<{ booking: PatronatoBooking; pin: string }>('POST', '/api/staff/patronato/bookings', body, { 'Idempotency-Key': newIdempotencyKey() }),
  move: (code: string, start: string) => call('POST', `/api/staff/bookings/${enc(code)}/move`, { start }, { 'Idempotency-Key': newIdempotencyKey() }),
  cancel: (code: string, reason: string) => call('POST', `/api/staff/bookings/${enc(code)}/cancel`, { reason }, { 'Idempotency-Key': newIdempotencyKey() }),
  caller: (phone: string) => call<Caller>('GET', `/api/staff/patronato/callers?phone=${enc(phone)}`),
};
