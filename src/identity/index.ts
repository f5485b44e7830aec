/** What the identity capability offers the others (the only way in: .dependency-cruiser.cjs). */
export { placeOfDesk, placeOfOffice } from './places.js';
export { loadGrants } from './staff.repository.js';
export { DEMO_PATRONATO_PROVINCES, demoPatronatoUsername } from './demo-users.js';
export { randomToken, sha256Hex } from './crypto.js';
