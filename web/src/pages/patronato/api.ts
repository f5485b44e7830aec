/** The patronati's API (src/patronati/routes.ts): shapes and calls. */
import { newIdempotencyKey, type ApiBody, type ApiData, type ApiItem } from '../../api/client';
import { staff, staffApi } from '../../staff/api';

export type Me = ApiData<'/api/staff/patronato/me'>;
export type PatronatoOffice = Me['patronato']['offices'][number];
export type PatronatoDesk = ApiItem<'/api/staff/patronato/desks'>;
export type PatronatoBooking = ApiItem<'/api/staff/patronato/bookings'>;
export type Outcome = NonNullable<NonNullable<PatronatoBooking['call']>['outcome']>;
export type SlotView = ApiData<'/api/staff/patronato/desks/{deskId}/availability'>['days'][number]['slots'][number];
export type Caller = ApiData<'/api/staff/patronato/callers'>;
/** A booking made under a citizen's mandate, as sent. */
export type DelegatedBooking = ApiBody<'/api/staff/patronato/bookings'>;

const idempotent = () => ({ 'Idempotency-Key': newIdempotencyKey() });

export const patronatoApi = {
  me: () => staff(staffApi.GET('/api/staff/patronato/me')),
  desks: () => staff(staffApi.GET('/api/staff/patronato/desks')),
  slots: async (deskId: string, from: string, to: string): Promise<SlotView[]> => {
    const r = await staff(staffApi.GET('/api/staff/patronato/desks/{deskId}/availability', { params: { path: { deskId }, query: { from, to } } }));
    return r.days.flatMap((d) => d.slots).filter((s) => s.state === 'open');
  },
  bookings: (from: string, days: number) => staff(staffApi.GET('/api/staff/patronato/bookings', { params: { query: { from, days } } })),
  book: (body: DelegatedBooking) => staff(staffApi.POST('/api/staff/patronato/bookings', { body, headers: idempotent() })),
  move: (code: string, start: string) => staff(staffApi.POST('/api/staff/bookings/{code}/move', { params: { path: { code } }, body: { start }, headers: idempotent() })),
  cancel: (code: string, reason: string) => staff(staffApi.POST('/api/staff/bookings/{code}/cancel', { params: { path: { code } }, body: { reason }, headers: idempotent() })),
  caller: (phone: string) => staff(staffApi.GET('/api/staff/patronato/callers', { params: { query: { phone } } })),
};
