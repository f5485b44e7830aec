/** What the reception capability offers the others (the only way in: .dependency-cruiser.cjs). */
export { CONTACT_REASON_LABELS } from './contacts.js';
