/**
 * Shapes of the public read API and of the citizen's booking API: the server's own, from the
 * types generated from /api/openapi.json (schema.d.ts, `npm run api:types`); below them the
 * few shapes only the web app has (what a page sends, states it names).
 */
import type { ApiBody, ApiData } from './client';

export type { Bilingual as Localized, FieldProblem, Problem } from './client';

type Item<L> = L extends { items: (infer I)[] } ? I : never;

export type Province = Item<ApiData<'/api/provinces'>>;
/** A comune with the office competent for it (GET /api/towns). */
export type Town = Item<ApiData<'/api/towns'>>;
export type OfficeSummary = Item<ApiData<'/api/offices'>>;
export type Office = ApiData<'/api/offices/{id}'>;
export type Desk = Office['desks'][number];
export type Topic = Desk['topics'][number];
export type LocalHoliday = Office['localHolidays'][number];
export type DeskDetail = ApiData<'/api/desks/{id}'>;
export type WeeklyOpening = DeskDetail['weekly'][number];
/** The server documents a desk's channels as strings: the ones the web app knows, and any other. */
export type Channel = 'phone' | 'video' | (string & {});

export type SlotsResponse = ApiData<'/api/desks/{id}/slots'>;
export type Day = SlotsResponse['days'][number];
export type Slot = Day['slots'][number];
export type SlotState = NonNullable<Slot['state']>;
export type DayStatus = NonNullable<Day['status']>;
export type ClosedReason = NonNullable<Day['closedReason']>;

// ── Booking ──────────────────────────────────────────────────────────────

export type FirstAvailable = ApiData<'/api/desks/{id}/first-available'>;
export type Hold = ApiData<'/api/desks/{id}/holds', 'post'>;
export type BookingView = ApiData<'/api/bookings/lookup', 'post'>;
export type BookingStatus = BookingView['status'];
export type NewBooking = ApiData<'/api/bookings', 'post'>;
/** The personal data of a booking or of a waiting-list entry, as a page fills it in (ApiBody<'/api/desks/{id}/waitlist'> once its channel is known). */
export interface PersonInput extends Omit<ApiBody<'/api/desks/{id}/waitlist'>, 'channel' | 'consent'> {
  channel: Channel;
  consent: true;
}
export type WaitlistEntry = ApiData<'/api/desks/{id}/waitlist', 'post'>;
export type WaitlistState = ApiData<'/api/waitlist/{id}/status', 'post'>;
export type WaitlistStatus = WaitlistState['status'];
