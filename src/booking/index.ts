/** What the booking capability offers the others (the only way in: .dependency-cruiser.cjs). */
export { BOOKING_COLUMNS, claiming, lockCalendarExclusive, movePlace, setActor } from './booking.repository.js';
export type { BookingRow } from './booking.repository.js';
export { loadDeskCalendar } from './desk-calendar.js';
export type { DeskCalendar } from './desk-calendar.js';
export type { BookingDeps } from './deps.js';
export { bookingErrors } from './errors.js';
export { forgetDeskLabels, maskPhone, presentBooking } from './present-booking.js';
export { verifyPin } from './verify-pin.js';
export { bookPlace } from './book-place.js';
export type { BookInput, NewBooking } from './book-place.js';
export { availabilityResponse, bookBody, bookingView, idempotencyHeaders, newBookingResponse, personFields } from './routes.schema.js';
export { firstAvailable, getAvailability } from './get-availability.js';
export type { AvailabilityView, DayView } from './get-availability.js';
export type { ClaimBatches } from './claim-batches.js';
export type { PersonInput } from './check-person.js';
export { recordRefusal } from './record-refusal.js';
export { checkConfirmer } from './verify-contact.js';
