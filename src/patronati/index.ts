/** Patronati (issue 19 §1): organisations, their share of the desks' places, bookings under a mandate. */
export { patronatiRoutes } from './routes.js';
export { checkMandateDate, bookForClient, type DelegatedBookingInput, type Mandate } from './book-for-client.js';
export { identifyCaller, type PatronatoCaller } from './identify-caller.js';
export { seedDemoPatronati } from './seed-demo-patronati.js';
